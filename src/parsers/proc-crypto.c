/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/crypto: blocks of "key : value" lines separated by blank lines. */
#include "cursor.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

int proc_crypto_parse(const char *buf, size_t len, char ***ret)
{
        struct cursor c = cursor_make(buf, len);
        _cleanup_strv_free_ char **names = NULL;
        struct slice line;
        size_t n = 0;

        names = xmalloc0(sizeof(char *));
        while (cursor_line(&c, &line)) {
                struct slice key, value = line;
                char *v;

                if (slice_empty(slice_strip(line)))
                        continue;
                if (!slice_split(&value, ':', &key))
                        return -EBADMSG;
                key = slice_strip(key);
                value = slice_strip(value);
                if (key.len == 0)
                        return -EBADMSG;
                if (!slice_eq(key, "name"))
                        continue;
                if (value.len == 0 || value.len > 128)
                        return -EBADMSG;
                v = slice_dup(value);
                if (strv_contains(names, v)) {
                        free(v);
                        continue;
                }
                if (++n > PARSE_MAX_ITEMS) {
                        free(v);
                        return -E2BIG;
                }
                strv_consume(&names, v);
        }
        strv_sort(names);
        *ret = TAKE_PTR(names);
        return 0;
}
