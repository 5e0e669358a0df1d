/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "strv.h"
#include "macro.h"

size_t strv_length(char *const *l)
{
        size_t n = 0;
        if (l)
                while (l[n])
                        n++;
        return n;
}

void strv_consume(char ***l, char *s)
{
        size_t n = strv_length(*l);
        char **nl = xreallocarray(*l, n + 2, sizeof(char *));

        nl[n] = s;
        nl[n + 1] = NULL;
        *l = nl;
}

/* Capacity of a vector of k strings built by strv_consume_n(): a power of two holding k plus the NULL. */
static size_t strv_capacity(size_t k)
{
        size_t c = 4;

        while (c < k + 1)
                c *= 2;
        return c;
}

void strv_consume_n(char ***l, size_t *n, char *s)
{
        if (!*l || *n == 0 || strv_capacity(*n) < *n + 2)
                *l = xreallocarray(*l, strv_capacity(*n + 1), sizeof(char *));
        (*l)[(*n)++] = s;
        (*l)[*n] = NULL;
}

void strv_push(char ***l, const char *s) { strv_consume(l, xstrdup(s)); }

bool strv_contains(char *const *l, const char *s)
{
        for (size_t i = 0; l && l[i]; i++)
                if (streq(l[i], s))
                        return true;
        return false;
}

void strv_free(char **l)
{
        for (size_t i = 0; l && l[i]; i++)
                free(l[i]);
        free(l);
}

char **strv_split(const char *s, const char *separators)
{
        char **l = xmalloc0(sizeof(char *));
        size_t count = 0;

        while (s && *s) {
                size_t n = strcspn(s, separators);
                if (n > 0)
                        strv_consume_n(&l, &count, xstrndup(s, n));
                s += n;
                s += strspn(s, separators);
        }
        return l;
}

char *strv_join(char *const *l, const char *sep)
{
        size_t total = 1, lsep = strlen(sep);
        char *r, *p;

        for (size_t i = 0; l && l[i]; i++)
                total += strlen(l[i]) + lsep;
        r = p = xmalloc0(total);
        for (size_t i = 0; l && l[i]; i++) {
                size_t k = strlen(l[i]);
                if (i > 0) {
                        memcpy(p, sep, lsep);
                        p += lsep;
                }
                memcpy(p, l[i], k);
                p += k;
        }
        *p = 0;
        return r;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *) a, *(char *const *) b); }

void strv_sort(char **l) { qsort_safe(l, strv_length(l), sizeof(char *), cmp_str); }
