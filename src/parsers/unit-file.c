/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cursor.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

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

/*
 * One word of a unit setting as systemd's extract_first_word() with
 * EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE takes it: quotes may start anywhere in
 * the word, backslash escapes the next character (\n, \t as C escapes).
 */
static int unit_word(const char **p, char **ret)
{
        const char *s = *p;
        char *out, *o, quote = 0;

        while (*s == ' ' || *s == '\t' || *s == '\n')
                s++;
        if (!*s)
                return 0;
        out = o = xmalloc0(strlen(s) + 1);
        for (; *s; s++) {
                if (!quote && (*s == ' ' || *s == '\t' || *s == '\n'))
                        break;
                if (*s == '\\') {
                        s++;
                        if (!*s)
                                break;
                        *o++ = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
                } else if (quote && *s == quote)
                        quote = 0;
                else if (!quote && (*s == '"' || *s == '\''))
                        quote = *s;
                else
                        *o++ = *s;
        }
        if (quote) {
                free(out);
                return -EBADMSG;
        }
        *o = 0;
        *p = s;
        *ret = out;
        return 1;
}

int unit_words(const char *value, char ***ret)
{
        char **l = NULL;
        size_t n = 0;
        int k;

        for (;;) {
                char *w = NULL;

                k = unit_word(&value, &w);
                if (k < 0) {
                        strv_free(l);
                        return k;
                }
                if (k == 0)
                        break;
                if (++n > PARSE_MAX_ITEMS) {
                        free(w);
                        strv_free(l);
                        return -E2BIG;
                }
                strv_consume(&l, w);
        }
        *ret = l;
        return 0;
}

/*
 * An EnvironmentFile= as systemd's load_env_file() reads it: KEY=VALUE lines,
 * '#'/';' comments at the start of a line, blanks around the key and value
 * dropped, single quotes literal, double quotes with backslash escapes, an
 * unquoted backslash escaping the next character (a newline: continuation).
 * Unlike a shell, blanks inside an unquoted value are kept.
 */
int unit_env_file_parse(const char *buf, size_t len, char ***ret)
{
        char **l = NULL;
        size_t i = 0, n = 0;

        while (i < len) {
                size_t ks, ke;
                char *val, *o, quote = 0;
                size_t last_nonblank;

                while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r'))
                        i++;
                if (i >= len)
                        break;
                if (buf[i] == '#' || buf[i] == ';') {
                        while (i < len && buf[i] != '\n')
                                i++;
                        continue;
                }
                ks = i;
                while (i < len && buf[i] != '=' && buf[i] != '\n')
                        i++;
                if (i >= len || buf[i] != '=') {
                        /* Not an assignment: systemd ignores the line. */
                        continue;
                }
                ke = i++;
                while (ke > ks && (buf[ke - 1] == ' ' || buf[ke - 1] == '\t'))
                        ke--;
                while (i < len && (buf[i] == ' ' || buf[i] == '\t'))
                        i++;
                val = o = xmalloc0(len - i + 1);
                last_nonblank = 0;
                for (; i < len; i++) {
                        char ch = buf[i];

                        if (!quote && (ch == '\n' || ch == '\r'))
                                break;
                        if (ch == '\\' && quote != '\'') {
                                if (++i >= len)
                                        break;
                                if (buf[i] == '\n')
                                        continue;
                                *o++ = buf[i];
                                last_nonblank = (size_t) (o - val);
                        } else if (quote && ch == quote)
                                quote = 0;
                        else if (!quote && (ch == '"' || ch == '\''))
                                quote = ch;
                        else {
                                *o++ = ch;
                                if (quote || (ch != ' ' && ch != '\t'))
                                        last_nonblank = (size_t) (o - val);
                        }
                }
                val[last_nonblank] = 0;
                if (ke > ks) {
                        if (++n > PARSE_MAX_ITEMS) {
                                free(val);
                                strv_free(l);
                                return -E2BIG;
                        }
                        strv_consume(&l, xasprintf("%.*s=%s", (int) (ke - ks), buf + ks, val));
                }
                free(val);
        }
        *ret = l;
        return 0;
}
