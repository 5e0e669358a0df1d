/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small line formats: sysctl.conf, inetd.conf, crypttab, the kernel command line. */
#include "cursor.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

int parse_line_list(const char *buf, size_t len, const char *comments, int (*item)(struct slice line, char **ret_item), char ***ret)
{
        struct cursor c = cursor_make(buf, len);
        _cleanup_strv_free_ char **l = xmalloc0(sizeof(char *));
        struct slice line;
        size_t n = 0;

        while (cursor_content_line(&c, comments, &line)) {
                char *s = NULL;
                int k = item(line, &s);

                if (k < 0)
                        return k;
                if (k == 0)
                        continue;
                if (n >= PARSE_MAX_ITEMS) {
                        free(s);
                        return -E2BIG;
                }
                strv_consume_n(&l, &n, s);
        }
        *ret = TAKE_PTR(l);
        return 0;
}

/* sysctl.d(5): KEY = VALUE, "-KEY = VALUE" (failures ignored), "-KEY" (excluded from globs). */
static int sysctl_item(struct slice line, char **ret)
{
        struct slice key, value = line;
        bool minus = false;
        char *k, *sep;

        if (line.p[0] == '-') {
                minus = true;
                value.p++;
                value.len--;
        }
        if (!slice_split(&value, '=', &key)) {
                if (!minus || slice_strip(value).len == 0)
                        return 0; /* systemd-sysctl: "not an assignment, ignoring" */
                key = slice_strip(value);
                k = slice_dup(key);
                minus = true;
                value = (struct slice) {};
        } else {
                key = slice_strip(key);
                if (key.len == 0)
                        return 0;
                value = slice_strip(value);
                k = slice_dup(key);
                minus = false;
        }
        sep = strpbrk(k, "/.");
        if (sep && *sep == '/')
                for (char *p = sep; *p; p++)
                        *p = *p == '/' ? '.' : *p == '.' ? '/' : *p;
        if (!value.p)
                *ret = xasprintf("-%s", k);
        else
                *ret = xasprintf("%s=%.*s", k, (int) value.len, value.p);
        free(k);
        return 1;
}

int sysctl_conf_parse(const char *buf, size_t len, char ***ret)
{
        return parse_line_list(buf, len, "#;", sysctl_item, ret);
}

/* service socket-type protocol wait user server [args]: at least six fields; the service. */
static int inetd_item(struct slice line, char **ret)
{
        struct slice name, rest = line;
        const char *colon;

        if (!slice_word(&rest, &name))
                return 0;
        for (unsigned i = 0; i < 5; i++) {
                struct slice w;
                if (!slice_word(&rest, &w))
                        return -EBADMSG;
        }
        /* "host:service" binds: keep the service. */
        colon = memchr(name.p, ':', name.len);
        if (colon)
                name = (struct slice){ colon + 1, name.len - (size_t) (colon + 1 - name.p) };
        *ret = slice_dup(name);
        return 1;
}

int inetd_conf_parse(const char *buf, size_t len, char ***ret)
{
        return parse_line_list(buf, len, "#", inetd_item, ret);
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

        while (cursor_content_line(&c, "#", &line)) {
                struct slice w[4] = {}, rest = line;
                size_t i = 0;

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
                if (slice_eq(w, "--"))
                        break; /* the rest goes to init, not the kernel */
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
