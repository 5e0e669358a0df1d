/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>

#include "cursor.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

static bool valid_key(struct slice k)
{
        if (k.len == 0 || k.len > 256 || isdigit((unsigned char) k.p[0]))
                return false;
        for (size_t i = 0; i < k.len; i++)
                if (!isalnum((unsigned char) k.p[i]) && k.p[i] != '_')
                        return false;
        return true;
}

/* Unquotes a shell value: '...' literal, "..." with \-escapes, bare words up to a comment. */
static int unquote(struct slice v, char **ret)
{
        char *out = xmalloc0(v.len + 1), *o = out;
        size_t i = 0;

        while (i < v.len) {
                char ch = v.p[i];

                if (ch == '\'') {
                        const char *end = memchr(v.p + i + 1, '\'', v.len - i - 1);
                        if (!end)
                                goto bad;
                        memcpy(o, v.p + i + 1, (size_t) (end - v.p - i - 1));
                        o += end - v.p - i - 1;
                        i = (size_t) (end - v.p) + 1;
                } else if (ch == '"') {
                        i++;
                        while (i < v.len && v.p[i] != '"') {
                                if (v.p[i] == '\\' && i + 1 < v.len)
                                        i++;
                                *o++ = v.p[i++];
                        }
                        if (i >= v.len)
                                goto bad;
                        i++;
                } else if (ch == '#' && (i == 0 || v.p[i - 1] == ' ' || v.p[i - 1] == '\t')) {
                        break;
                } else if (ch == ' ' || ch == '\t') {
                        /* Unquoted blank ends the value (the rest would be a command). */
                        break;
                } else {
                        if (ch == '\\' && i + 1 < v.len)
                                i++;
                        *o++ = v.p[i++];
                }
        }
        *o = 0;
        *ret = out;
        return 0;
bad:
        free(out);
        return -EBADMSG;
}

/* KEY=VALUE, also after "export "; a line that is not an assignment is passed over, like the shell would run it. */
static int env_item(struct slice line, char **ret)
{
        struct slice key, value;
        char *v;

        if (slice_startswith(line, "export ")) {
                line.p += 7;
                line.len -= 7;
                line = slice_strip(line);
        }
        value = line;
        if (!slice_split(&value, '=', &key) || !valid_key(slice_strip(key)))
                return 0;
        key = slice_strip(key);
        if (unquote(value, &v) < 0)
                return -EBADMSG;
        *ret = xasprintf("%.*s=%s", (int) key.len, key.p, v);
        free(v);
        return 1;
}

int env_file_parse(const char *buf, size_t len, char ***ret)
{
        return parse_line_list(buf, len, "#", env_item, ret);
}

const char *env_get(char *const *env, const char *key)
{
        const char *found = NULL;

        for (size_t i = 0; env && env[i]; i++) {
                const char *v = startswith(env[i], key);
                if (v && *v == '=')
                        found = v + 1;
        }
        return found;
}
