/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /etc/crypttab: "name device [keyfile [options]]" per line, '#' comments. */
#include "cursor.h"
#include "macro.h"
#include "parsers.h"

void crypttab_free(struct crypttab_entry *v, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                free(v[i].name);
                free(v[i].device);
                free(v[i].keyfile);
                free(v[i].options);
        }
        free(v);
}

int crypttab_parse(const char *buf, size_t len, struct crypttab_entry **ret, size_t *ret_n)
{
        struct cursor c = cursor_make(buf, len);
        struct crypttab_entry *v = NULL;
        struct slice line;
        size_t n = 0;

        while (cursor_line(&c, &line)) {
                struct slice rest = slice_strip(line), name, device, keyfile = {}, options = {};

                if (rest.len == 0 || rest.p[0] == '#')
                        continue;
                if (!slice_word(&rest, &name) || !slice_word(&rest, &device)) {
                        crypttab_free(v, n);
                        return -EBADMSG;
                }
                (void) slice_word(&rest, &keyfile);
                (void) slice_word(&rest, &options);
                if (!slice_empty(slice_strip(rest))) {
                        /* A fifth field: not crypttab, and guessing its meaning would be worse. */
                        crypttab_free(v, n);
                        return -EBADMSG;
                }
                if (n >= PARSE_MAX_ITEMS) {
                        crypttab_free(v, n);
                        return -E2BIG;
                }
                v = xreallocarray(v, n + 1, sizeof(*v));
                v[n++] = (struct crypttab_entry){
                        .name = slice_dup(name),
                        .device = slice_dup(device),
                        .keyfile = keyfile.len ? slice_dup(keyfile) : NULL,
                        .options = options.len ? slice_dup(options) : NULL,
                };
        }
        *ret = v;
        *ret_n = n;
        return 0;
}
