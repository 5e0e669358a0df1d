/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cursor.h"
#include "macro.h"
#include "parsers.h"

void packages_free(struct package *v, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                free(v[i].name);
                free(v[i].version);
                free(v[i].arch);
        }
        free(v);
}

struct stanza {
        struct slice package, version, arch, status;
};

static int flush(struct stanza *s, struct package **v, size_t *n)
{
        if (s->package.len == 0) {
                /* A stanza without Package: is malformed unless it is wholly empty. */
                if (s->version.len || s->status.len)
                        return -EBADMSG;
                return 0;
        }
        if (!slice_eq(s->status, "install ok installed"))
                goto out;
        if (*n >= PARSE_MAX_ITEMS)
                return -E2BIG;
        *v = xreallocarray(*v, *n + 1, sizeof(**v));
        (*v)[(*n)++] = (struct package){
                .name = slice_dup(s->package),
                .version = slice_dup(s->version),
                .arch = slice_dup(s->arch),
        };
out:
        *s = (struct stanza){};
        return 0;
}

int dpkg_status_parse(const char *buf, size_t len, struct package **ret, size_t *ret_n)
{
        struct cursor c = cursor_make(buf, len);
        struct package *v = NULL;
        struct stanza s = {};
        struct slice line;
        size_t n = 0;
        int k;

        while (cursor_line(&c, &line)) {
                struct slice key, value = line;

                if (slice_empty(line)) {
                        k = flush(&s, &v, &n);
                        if (k < 0)
                                goto fail;
                        continue;
                }
                if (line.p[0] == ' ' || line.p[0] == '\t')
                        continue; /* continuation of a multi-line field */
                if (!slice_split(&value, ':', &key)) {
                        k = -EBADMSG;
                        goto fail;
                }
                value = slice_strip(value);
                if (slice_eq(key, "Package"))
                        s.package = value;
                else if (slice_eq(key, "Version"))
                        s.version = value;
                else if (slice_eq(key, "Architecture"))
                        s.arch = value;
                else if (slice_eq(key, "Status"))
                        s.status = value;
        }
        k = flush(&s, &v, &n);
        if (k < 0)
                goto fail;
        *ret = v;
        *ret_n = n;
        return 0;
fail:
        packages_free(v, n);
        return k;
}
