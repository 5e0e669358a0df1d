/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdarg.h>
#include <strings.h>

#include "macro.h"

bool endswith(const char *s, const char *suffix)
{
        size_t ls = strlen(s), lx = strlen(suffix);
        return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

bool strcaseeq(const char *a, const char *b) { return strcasecmp(a, b) == 0; }

static void oom(void)
{
        static const char msg[] = "bulwark: out of memory\n";
        (void) !write(STDERR_FILENO, msg, sizeof(msg) - 1);
        abort();
}

char *xstrdup(const char *s)
{
        char *r;

        if (!s)
                return NULL;
        r = strdup(s);
        if (!r)
                oom();
        return r;
}

char *xstrndup(const char *s, size_t n)
{
        /* An empty slice may have no pointer at all, and strndup(NULL, 0) is undefined. */
        char *r = n == 0 ? strdup("") : strndup(s, n);
        if (!r)
                oom();
        return r;
}

void *xmalloc0(size_t n)
{
        void *p = calloc(1, n ? n : 1);
        if (!p)
                oom();
        return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
        void *r = reallocarray(p, n ? n : 1, size ? size : 1);
        if (!r)
                oom();
        return r;
}

char *xvasprintf(const char *fmt, va_list ap)
{
        char *r;

        if (vasprintf(&r, fmt, ap) < 0)
                oom();
        return r;
}

char *xasprintf(const char *fmt, ...)
{
        va_list ap;
        char *r;

        va_start(ap, fmt);
        r = xvasprintf(fmt, ap);
        va_end(ap);
        return r;
}
