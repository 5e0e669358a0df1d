/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Boot loader configuration that decides the kernel command line:
 * /etc/default/grub and its grub.d files as a POSIX shell sources them, a
 * generated grub.cfg, and Boot Loader Specification entries. Bytes in,
 * strings out; what the parser cannot evaluate is reported, never guessed.
 */
#include <ctype.h>

#include "cursor.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

#define SHELL_VALUE_MAX 65536

void shell_env_clear(struct shell_env *e)
{
        strv_free(e->vars);
        strv_free(e->undecided);
        free(e->stop);
        *e = (struct shell_env) {};
}

/* Removes NAME=... from l. */
static void strv_drop_name(char **l, const char *name, size_t nl)
{
        size_t j = 0;

        for (size_t i = 0; l && l[i]; i++) {
                if (strncmp(l[i], name, nl) == 0 && l[i][nl] == '=') {
                        free(l[i]);
                        continue;
                }
                l[j++] = l[i];
        }
        if (l)
                l[j] = NULL;
}

static const char *strv_find_name(char *const *l, const char *name, size_t nl)
{
        const char *found = NULL;

        for (size_t i = 0; l && l[i]; i++)
                if (strncmp(l[i], name, nl) == 0 && l[i][nl] == '=')
                        found = l[i] + nl + 1;
        return found;
}

int shell_env_get(const struct shell_env *e, const char *name, const char **ret_value, const char **ret_why)
{
        size_t nl = strlen(name);
        const char *v;

        if (e->stop) {
                if (ret_why)
                        *ret_why = e->stop;
                return -1;
        }
        if ((v = strv_find_name(e->undecided, name, nl))) {
                if (ret_why)
                        *ret_why = v;
                return -1;
        }
        v = strv_find_name(e->vars, name, nl);
        if (ret_value)
                *ret_value = v;
        return !!v;
}

static bool name_start(char c) { return c == '_' || isalpha((unsigned char) c); }
static bool name_char(char c) { return c == '_' || isalnum((unsigned char) c); }

struct word_state {
        const struct shell_env *e;
        char *out;
        size_t n;
        char *why;      /* set when the word cannot be evaluated */
};

static void word_put(struct word_state *w, const char *s, size_t l)
{
        if (w->n + l > SHELL_VALUE_MAX) {
                if (!w->why)
                        w->why = xstrdup("value too long");
                return;
        }
        w->out = xreallocarray(w->out, w->n + l + 1, 1);
        memcpy(w->out + w->n, s, l);
        w->n += l;
        w->out[w->n] = 0;
}

/* $NAME or ${NAME} at *p (pointing at '$'); advances *p. */
static void word_expand(struct word_state *w, const char **p, const char *end)
{
        const char *s = *p + 1, *name;
        size_t nl;
        bool brace = false;

        if (s < end && *s == '{') {
                brace = true;
                s++;
        }
        name = s;
        while (s < end && name_char(*s) && (s > name || name_start(*s)))
                s++;
        nl = (size_t) (s - name);
        if (nl == 0 || (brace && (s >= end || *s != '}'))) {
                if (!w->why)
                        w->why = xasprintf("a shell expansion (%.*s) it does not evaluate", (int) MIN((size_t) (end - *p), (size_t) 12), *p);
                *p = brace ? (s < end ? s + 1 : end) : (nl ? s : *p + 1);
                if (!brace && nl == 0 && *p < end && (**p == '(' || isdigit((unsigned char) **p) || strchr("@*#?$!-", **p)))
                        (*p)++;
                return;
        }
        *p = brace ? s + 1 : s;
        {
                _cleanup_free_ char *n = xstrndup(name, nl);
                const char *v = NULL, *why = NULL;
                int k = shell_env_get(w->e, n, &v, &why);

                if (k < 0) {
                        if (!w->why)
                                w->why = xasprintf("$%s, which is undecided (%s)", n, why);
                } else if (k == 0) {
                        if (!w->why)
                                w->why = xasprintf("$%s, which these files never set (its value comes from the environment of grub-mkconfig)", n);
                } else
                        word_put(w, v, strlen(v));
        }
}

/* $( ... ) at *p: undecided; skips to the matching ')'. */
static void skip_cmdsubst(struct word_state *w, const char **p, const char *end)
{
        const char *s = *p + 1;
        int depth = 0;

        if (!w->why)
                w->why = xstrdup("a command substitution");
        for (; s < end; s++) {
                if (*s == '(')
                        depth++;
                else if (*s == ')' && --depth == 0) {
                        s++;
                        break;
                }
        }
        *p = s;
}

/*
 * One shell word from *p: quotes, backslashes, $NAME expansion. Stops at
 * unquoted blank, newline, ';', '&', '|' or end. Returns false on an
 * unterminated quote.
 */
static bool word_parse(struct word_state *w, const char **p, const char *end)
{
        const char *s = *p;

        word_put(w, "", 0);
        while (s < end) {
                char c = *s;
                if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' ||
                    c == ')')
                        break;
                if (c == '\\') {
                        if (s + 1 < end && s[1] == '\n') {
                                s += 2; /* line continuation */
                                continue;
                        }
                        if (s + 1 < end)
                                word_put(w, s + 1, 1);
                        s += 2;
                } else if (c == '\'') {
                        const char *q = memchr(s + 1, '\'', (size_t) (end - s - 1));
                        if (!q)
                                return false;
                        word_put(w, s + 1, (size_t) (q - s - 1));
                        s = q + 1;
                } else if (c == '"') {
                        s++;
                        while (s < end && *s != '"') {
                                if (*s == '\\' && s + 1 < end && strchr("$`\"\\\n", s[1])) {
                                        if (s[1] != '\n')
                                                word_put(w, s + 1, 1);
                                        s += 2;
                                } else if (*s == '$' && s + 1 < end && s[1] == '(')
                                        skip_cmdsubst(w, &s, end);
                                else if (*s == '$')
                                        word_expand(w, &s, end);
                                else if (*s == '`') {
                                        if (!w->why)
                                                w->why = xstrdup("a command substitution");
                                        s++;
                                } else {
                                        word_put(w, s, 1);
                                        s++;
                                }
                        }
                        if (s >= end)
                                return false;
                        s++;
                } else if (c == '$') {
                        if (s + 1 < end && s[1] == '(')
                                skip_cmdsubst(w, &s, end);
                        else
                                word_expand(w, &s, end);
                } else if (c == '`') {
                        const char *q = memchr(s + 1, '`', (size_t) (end - s - 1));
                        if (!w->why)
                                w->why = xstrdup("a command substitution");
                        if (!q)
                                return false;
                        s = q + 1;
                } else {
                        word_put(w, s, 1);
                        s++;
                }
        }
        *p = s;
        return true;
}

/* NAME= at p: another assignment on the same line. */
static bool is_assignment(const char *p, const char *end)
{
        const char *s = p;

        if (s >= end || !name_start(*s))
                return false;
        while (s < end && name_char(*s))
                s++;
        return s < end && *s == '=';
}

static void env_stop(struct shell_env *e, const char *source, unsigned line, const char *p, const char *end)
{
        const char *nl = memchr(p, '\n', (size_t) (end - p));
        size_t l = nl ? (size_t) (nl - p) : (size_t) (end - p);

        e->stop = xasprintf("%s:%u runs a command (%.*s) whose effect is not evaluated", source, line, (int) MIN(l, (size_t) 80), p);
}

int shell_env_source(struct shell_env *e, const char *buf, size_t len, const char *source)
{
        const char *p = buf, *end = buf + len;
        unsigned line = 1, items = 0;

        while (p < end && !e->stop) {
                const char *name, *s;
                size_t nl;

                /* Blanks and separators between commands; comments to the end of the line. */
                if (*p == ' ' || *p == '\t' || *p == ';') {
                        p++;
                        continue;
                }
                if (*p == '\n') {
                        line++;
                        p++;
                        continue;
                }
                if (*p == '#') {
                        const char *q = memchr(p, '\n', (size_t) (end - p));
                        p = q ? q : end;
                        continue;
                }
                if (++items > PARSE_MAX_ITEMS)
                        return -E2BIG;
                s = p;
                if (end - s > 7 && memcmp(s, "export", 6) == 0 && (s[6] == ' ' || s[6] == '\t')) {
                        s += 6;
                        while (s < end && (*s == ' ' || *s == '\t'))
                                s++;
                }
                name = s;
                while (s < end && name_char(*s) && (s > name || name_start(*s)))
                        s++;
                nl = (size_t) (s - name);
                if (nl == 0 || s >= end || *s != '=') {
                        /* "export NAME" alone changes no value. */
                        if (nl > 0 && name != p && (s >= end || *s == '\n' || *s == ' ' || *s == '\t' || *s == ';')) {
                                p = s;
                                continue;
                        }
                        env_stop(e, source, line, p, end);
                        break;
                }
                s++;
                {
                        struct word_state w = { .e = e };
                        _cleanup_free_ char *n = xstrndup(name, nl);
                        const char *start = s;

                        if (!word_parse(&w, &s, end)) {
                                free(w.out);
                                free(w.why);
                                e->stop = xasprintf("%s:%u has an unterminated quote", source, line);
                                break;
                        }
                        for (const char *q = start; q < s; q++)
                                if (*q == '\n')
                                        line++;
                        /* NAME=value cmd: the assignment only reaches cmd's environment, and cmd runs. */
                        {
                                const char *t = s;
                                while (t < end && (*t == ' ' || *t == '\t'))
                                        t++;
                                if (t < end && *t != '\n' && *t != ';' && *t != '#' && !is_assignment(t, end)) {
                                        free(w.out);
                                        free(w.why);
                                        env_stop(e, source, line, p, end);
                                        break;
                                }
                        }
                        strv_drop_name(e->vars, n, nl);
                        strv_drop_name(e->undecided, n, nl);
                        if (w.why)
                                strv_consume(&e->undecided, xasprintf("%s=%s:%u assigns %s from %s", n, source, line, n, w.why));
                        else
                                strv_consume(&e->vars, xasprintf("%s=%s", n, strempty(w.out)));
                        free(w.out);
                        free(w.why);
                }
                p = s;
        }
        return 0;
}

/* ---- grub.cfg ---- */

void grub_cfg_clear(struct grub_cfg *g)
{
        strv_free(g->entries);
        strv_free(g->defaults);
        *g = (struct grub_cfg) {};
}

int grub_cfg_parse(const char *buf, size_t len, struct grub_cfg *ret)
{
        struct cursor c = cursor_make(buf, len);
        _cleanup_strv_free_ char **entries = xmalloc0(sizeof(char *)), **defaults = xmalloc0(sizeof(char *));
        struct slice line;
        int depth = 0, entry_depth = -1;
        bool entry_has_linux = false;
        size_t n = 0;

        while (cursor_content_line(&c, "#", &line)) {
                struct slice rest = slice_strip(line), w;

                if (!slice_word(&rest, &w))
                        continue;
                if (++n > PARSE_MAX_ITEMS)
                        return -E2BIG;
                if (slice_eq(w, "menuentry") || slice_eq(w, "submenu")) {
                        if (depth == 0) {
                                /* A top-level entry; a submenu counts as one entry with no linux line of its own. */
                                strv_push(&entries, slice_eq(w, "submenu") ? "\x01submenu" : "");
                                entry_depth = depth;
                                entry_has_linux = false;
                        }
                } else if ((slice_eq(w, "linux") || slice_eq(w, "linuxefi") || slice_eq(w, "linux16")) && entry_depth >= 0 && depth == 1 &&
                           !entry_has_linux) {
                        struct slice path;
                        size_t last = strv_length(entries) - 1;
                        if (entries[last][0] != '\x01' && slice_word(&rest, &path)) {
                                free(entries[last]);
                                entries[last] = slice_dup(slice_strip(rest));
                                entry_has_linux = true;
                        }
                } else if (slice_eq(w, "set") && entry_depth < 0) {
                        struct slice v = slice_strip(rest);
                        if (slice_startswith(v, "default=")) {
                                v.p += 8;
                                v.len -= 8;
                                strv_consume(&defaults, slice_dup(v));
                        }
                }
                for (size_t i = 0; i < line.len; i++) {
                        if (line.p[i] == '{')
                                depth++;
                        else if (line.p[i] == '}' && depth > 0)
                                depth--;
                }
                if (depth == 0)
                        entry_depth = -1;
        }
        *ret = (struct grub_cfg) { .entries = TAKE_PTR(entries), .defaults = TAKE_PTR(defaults) };
        return 0;
}

/* ---- Boot Loader Specification entries ---- */

int bls_entry_parse(const char *buf, size_t len, char **ret_options, bool *ret_uki)
{
        struct cursor c = cursor_make(buf, len);
        _cleanup_free_ char *opts = NULL;
        struct slice line;
        bool has_linux = false, has_efi = false;

        while (cursor_content_line(&c, "#", &line)) {
                struct slice rest = slice_strip(line), w;
                if (!slice_word(&rest, &w))
                        continue;
                rest = slice_strip(rest);
                if (slice_eq(w, "options")) {
                        char *j = opts ? xasprintf("%s %.*s", opts, (int) rest.len, rest.p) : slice_dup(rest);
                        free(opts);
                        opts = j;
                } else if (slice_eq(w, "linux"))
                        has_linux = true;
                else if (slice_eq(w, "efi") || slice_eq(w, "uki"))
                        has_efi = true;
        }
        if (!has_linux && !has_efi)
                return -EBADMSG;
        *ret_options = opts ? TAKE_PTR(opts) : xstrdup("");
        *ret_uki = !has_linux;
        return 0;
}

/* ---- unified kernel images ---- */

static bool le16(const uint8_t *b, size_t len, size_t off, uint16_t *ret)
{
        if (off > len || len - off < 2)
                return false;
        *ret = (uint16_t) (b[off] | b[off + 1] << 8);
        return true;
}

static bool le32(const uint8_t *b, size_t len, size_t off, uint32_t *ret)
{
        if (off > len || len - off < 4)
                return false;
        *ret = (uint32_t) b[off] | (uint32_t) b[off + 1] << 8 | (uint32_t) b[off + 2] << 16 | (uint32_t) b[off + 3] << 24;
        return true;
}

int pe_section_text(const char *buf, size_t len, const char *name, char **ret)
{
        const uint8_t *b = (const uint8_t *) buf;
        uint32_t pe, vsize, rawsize, rawptr;
        uint16_t nsec, optsize;
        size_t table, nl = strlen(name);

        if (nl > 8 || len < 0x40 || b[0] != 'M' || b[1] != 'Z' || !le32(b, len, 0x3c, &pe))
                return -EBADMSG;
        if ((size_t) pe > len || len - pe < 24 || memcmp(b + pe, "PE\0\0", 4) != 0)
                return -EBADMSG;
        if (!le16(b, len, pe + 6, &nsec) || !le16(b, len, pe + 20, &optsize))
                return -EBADMSG;
        table = (size_t) pe + 24 + optsize;
        for (uint16_t i = 0; i < nsec; i++) {
                size_t s = table + (size_t) i * 40, n;
                char *text;

                if (s > len || len - s < 40)
                        return -EBADMSG;
                if (memcmp(b + s, name, nl) != 0 || (nl < 8 && b[s + nl] != 0))
                        continue;
                if (!le32(b, len, s + 8, &vsize) || !le32(b, len, s + 16, &rawsize) || !le32(b, len, s + 20, &rawptr))
                        return -EBADMSG;
                n = MIN(vsize ? vsize : rawsize, rawsize);
                if ((size_t) rawptr > len || len - rawptr < n)
                        return -EBADMSG;
                text = xstrndup((const char *) b + rawptr, n); /* stops at the first NUL, as the stub's string does */
                text[strcspn(text, "\n")] = 0;
                *ret = text;
                return 1;
        }
        return 0;
}
