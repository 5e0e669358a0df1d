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
                if (n >= PARSE_MAX_ITEMS)
                        return -E2BIG;
                v = slice_dup(value);
                strv_consume_n(&names, &n, v);
        }
        /* Sort, then drop repeats in one pass (a membership test per name would be quadratic). */
        strv_sort(names);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
                if (k > 0 && streq(names[k - 1], names[i]))
                        free(names[i]);
                else
                        names[k++] = names[i];
        }
        names[k] = NULL;
        *ret = TAKE_PTR(names);
        return 0;
}
