/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cursor.h"
#include "macro.h"
#include "parsers.h"

#define UNIT_LINE_MAX (64u * 1024)

void unit_settings_free(struct unit_setting *v, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                free(v[i].section);
                free(v[i].key);
                free(v[i].value);
                free(v[i].source);
        }
        free(v);
}

int unit_file_parse(const char *buf, size_t len, const char *source, struct unit_setting **settings, size_t *n)
{
        struct cursor c = cursor_make(buf, len);
        struct unit_setting *v = *settings;
        size_t count = *n, start = *n;
        _cleanup_free_ char *section = NULL;
        struct slice line;
        int k = 0;

        while (cursor_line(&c, &line)) {
                _cleanup_free_ char *joined = NULL;
                struct slice key, value;

                line = slice_strip(line);
                if (line.len == 0 || line.p[0] == '#' || line.p[0] == ';')
                        continue;
                /* Continuation lines: join while the line ends in a backslash. */
                if (line.p[line.len - 1] == '\\') {
                        size_t total = 0;

                        joined = xmalloc0(1);
                        for (;;) {
                                bool more = line.len > 0 && line.p[line.len - 1] == '\\';
                                size_t take = more ? line.len - 1 : line.len;

                                if (total + take + 1 > UNIT_LINE_MAX) {
                                        k = -E2BIG;
                                        goto fail;
                                }
                                joined = xreallocarray(joined, total + take + 2, 1);
                                memcpy(joined + total, line.p, take);
                                total += take;
                                joined[total++] = ' ';
                                joined[total] = 0;
                                if (!more || !cursor_line(&c, &line))
                                        break;
                                line = slice_strip(line);
                                /* Comment lines inside a continuation are skipped, like systemd. */
                                while (line.len > 0 && (line.p[0] == '#' || line.p[0] == ';'))
                                        if (!cursor_line(&c, &line))
                                                break;
                        }
                        line = slice_strip((struct slice){ joined, total });
                }
                if (line.p[0] == '[') {
                        if (line.p[line.len - 1] != ']' || line.len < 3) {
                                k = -EBADMSG;
                                goto fail;
                        }
                        free(section);
                        section = xstrndup(line.p + 1, line.len - 2);
                        continue;
                }
                value = line;
                if (!slice_split(&value, '=', &key) || !section) {
                        k = -EBADMSG;
                        goto fail;
                }
                key = slice_strip(key);
                if (key.len == 0) {
                        k = -EBADMSG;
                        goto fail;
                }
                if (count >= PARSE_MAX_ITEMS) {
                        k = -E2BIG;
                        goto fail;
                }
                v = xreallocarray(v, count + 1, sizeof(*v));
                v[count++] = (struct unit_setting){
                        .section = xstrdup(section),
                        .key = slice_dup(key),
                        .value = slice_dup(slice_strip(value)),
                        .source = xstrdup(source),
                };
        }
        *settings = v;
        *n = count;
        return 0;
fail:
        /* Leave the caller's earlier settings as they were. */
        for (size_t i = start; i < count; i++) {
                free(v[i].section);
                free(v[i].key);
                free(v[i].value);
                free(v[i].source);
        }
        *settings = v;
        *n = start;
        return k;
}
