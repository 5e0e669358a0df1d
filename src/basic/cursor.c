/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>
#include <strings.h>

#include "cursor.h"
#include "macro.h"

bool cursor_line(struct cursor *c, struct slice *ret)
{
        const char *nl;
        size_t len;

        if (cursor_eof(c))
                return false;
        nl = memchr(c->p, '\n', cursor_left(c));
        len = nl ? (size_t) (nl - c->p) : cursor_left(c);
        *ret = (struct slice){ c->p, len };
        if (ret->len > 0 && ret->p[ret->len - 1] == '\r')
                ret->len--;
        c->p = nl ? nl + 1 : c->end;
        return true;
}

bool cursor_content_line(struct cursor *c, const char *comments, struct slice *ret)
{
        struct slice line;

        while (cursor_line(c, &line)) {
                line = slice_strip(line);
                if (line.len == 0 || strchr(comments, line.p[0]))
                        continue;
                *ret = line;
                return true;
        }
        return false;
}

bool slice_eq(struct slice s, const char *lit)
{
        return s.len == strlen(lit) && memcmp(s.p, lit, s.len) == 0;
}

bool slice_caseeq(struct slice s, const char *lit)
{
        return s.len == strlen(lit) && strncasecmp(s.p, lit, s.len) == 0;
}

bool slice_startswith(struct slice s, const char *lit)
{
        size_t l = strlen(lit);
        return s.len >= l && memcmp(s.p, lit, l) == 0;
}

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

struct slice slice_strip(struct slice s)
{
        while (s.len > 0 && is_blank(s.p[0])) {
                s.p++;
                s.len--;
        }
        while (s.len > 0 && is_blank(s.p[s.len - 1]))
                s.len--;
        return s;
}

bool slice_empty(struct slice s) { return slice_strip(s).len == 0; }

bool slice_word(struct slice *s, struct slice *ret)
{
        size_t i = 0;

        *s = slice_strip(*s);
        if (s->len == 0)
                return false;
        while (i < s->len && !is_blank(s->p[i]))
                i++;
        *ret = (struct slice){ s->p, i };
        s->p += i;
        s->len -= i;
        *s = slice_strip(*s);
        return true;
}

bool slice_split(struct slice *s, char c, struct slice *ret)
{
        const char *hit = memchr(s->p, c, s->len);

        if (!hit)
                return false;
        *ret = (struct slice){ s->p, (size_t) (hit - s->p) };
        s->len -= (size_t) (hit - s->p) + 1;
        s->p = hit + 1;
        return true;
}

char *slice_dup(struct slice s) { return xstrndup(s.p, s.len); }

int slice_to_u64(struct slice s, int base, uint64_t *ret)
{
        uint64_t v = 0;

        if (s.len == 0 || s.len > 20)
                return -EINVAL;
        for (size_t i = 0; i < s.len; i++) {
                unsigned d;
                char ch = s.p[i];

                if (ch >= '0' && ch <= '9')
                        d = (unsigned) (ch - '0');
                else if (base == 16 && isxdigit((unsigned char) ch))
                        d = (unsigned) (tolower((unsigned char) ch) - 'a' + 10);
                else
                        return -EINVAL;
                if (v > (UINT64_MAX - d) / (uint64_t) base)
                        return -ERANGE;
                v = v * (uint64_t) base + d;
        }
        *ret = v;
        return 0;
}
