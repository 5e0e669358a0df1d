/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small line formats: sysctl.conf, inetd.conf, crypttab, the kernel command line. */
#include "cursor.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

int sysctl_conf_parse(const char *buf, size_t len, char ***ret)
{
        struct cursor c = cursor_make(buf, len);
        char **l = xmalloc0(sizeof(char *));
        struct slice line;
        size_t n = 0, stored = 0;

        while (cursor_line(&c, &line)) {
                struct slice key, value;
                char *k;

                line = slice_strip(line);
                if (line.len == 0 || line.p[0] == '#' || line.p[0] == ';')
                        continue;
                if (line.p[0] == '-') {
                        line.p++;
                        line.len--;
                }
                value = line;
                if (!slice_split(&value, '=', &key) || slice_strip(key).len == 0) {
                        strv_free(l);
                        return -EBADMSG;
                }
                if (++n > PARSE_MAX_ITEMS) {
                        strv_free(l);
                        return -E2BIG;
                }
                key = slice_strip(key);
                value = slice_strip(value);
                k = slice_dup(key);
                for (char *p = k; *p; p++)
                        if (*p == '/')
                                *p = '.';
                strv_consume_n(&l, &stored, xasprintf("%s=%.*s", k, (int) value.len, value.p));
                free(k);
        }
        *ret = l;
        return 0;
}

int inetd_conf_parse(const char *buf, size_t len, char ***ret)
{
        struct cursor c = cursor_make(buf, len);
        char **l = xmalloc0(sizeof(char *));
        struct slice line;
        size_t n = 0, stored = 0;

        while (cursor_line(&c, &line)) {
                struct slice name, rest;

                line = slice_strip(line);
                if (line.len == 0 || line.p[0] == '#')
                        continue;
                rest = line;
                if (!slice_word(&rest, &name))
                        continue;
                /* service socket-type protocol wait user server [args]: at least six fields. */
                for (unsigned i = 0; i < 5; i++) {
                        struct slice w;
                        if (!slice_word(&rest, &w)) {
                                strv_free(l);
                                return -EBADMSG;
                        }
                }
                if (++n > PARSE_MAX_ITEMS) {
                        strv_free(l);
                        return -E2BIG;
                }
                /* "host:service" binds: keep the service. */
                const char *colon = memchr(name.p, ':', name.len);
                if (colon)
                        name = (struct slice){ colon + 1, name.len - (size_t) (colon + 1 - name.p) };
                strv_consume_n(&l, &stored, slice_dup(name));
        }
        *ret = l;
        return 0;
}

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
                struct slice w[4] = {}, rest;
                size_t i = 0;

                line = slice_strip(line);
                if (line.len == 0 || line.p[0] == '#')
                        continue;
                rest = line;
                while (i < 4 && slice_word(&rest, &w[i]))
                        i++;
                if (i < 2 || rest.len > 0) {
                        crypttab_free(v, n);
                        return -EBADMSG;
                }
                if (n >= PARSE_MAX_ITEMS) {
                        crypttab_free(v, n);
                        return -E2BIG;
                }
                v = xreallocarray(v, n + 1, sizeof(*v));
                v[n++] = (struct crypttab_entry){
                        .name = slice_dup(w[0]),
                        .device = slice_dup(w[1]),
                        .keyfile = i > 2 ? slice_dup(w[2]) : NULL,
                        .options = i > 3 ? slice_dup(w[3]) : NULL,
                };
        }
        *ret = v;
        *ret_n = n;
        return 0;
}

char *cmdline_get(const char *cmdline, const char *key)
{
        struct slice s = { cmdline, strlen(cmdline) }, w;
        size_t kl = strlen(key);
        char *found = NULL;

        while (slice_word(&s, &w)) {
                if (w.len < kl || memcmp(w.p, key, kl) != 0)
                        continue;
                if (w.len == kl) {
                        free(found);
                        found = xstrdup("");
                } else if (w.p[kl] == '=') {
                        free(found);
                        found = xstrndup(w.p + kl + 1, w.len - kl - 1);
                        /* Strip quotes around the value. */
                        if (found[0] == '"' && strlen(found) >= 2 && found[strlen(found) - 1] == '"') {
                                memmove(found, found + 1, strlen(found) - 2);
                                found[strlen(found) - 2] = 0;
                        }
                }
        }
        return found;
}
