/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "escape.h"
#include "macro.h"

#define REPLACEMENT 0xFFFDu

size_t utf8_decode(const char *s, size_t len, uint32_t *ret_cp, bool *ret_valid)
{
        const uint8_t *p = (const uint8_t *) s;
        uint32_t cp, min;
        size_t n;

        if (len == 0) {
                *ret_cp = REPLACEMENT;
                *ret_valid = false;
                return 0;
        }
        if (p[0] < 0x80) {
                *ret_cp = p[0];
                *ret_valid = true;
                return 1;
        }
        if ((p[0] & 0xE0) == 0xC0) {
                n = 2, cp = p[0] & 0x1F, min = 0x80;
        } else if ((p[0] & 0xF0) == 0xE0) {
                n = 3, cp = p[0] & 0x0F, min = 0x800;
        } else if ((p[0] & 0xF8) == 0xF0) {
                n = 4, cp = p[0] & 0x07, min = 0x10000;
        } else
                goto invalid;
        if (n > len)
                goto invalid;
        for (size_t i = 1; i < n; i++) {
                if ((p[i] & 0xC0) != 0x80)
                        goto invalid;
                cp = (cp << 6) | (p[i] & 0x3F);
        }
        /* Overlong forms would let "<" hide as C0 BC; surrogates are not characters. */
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                goto invalid;
        *ret_cp = cp;
        *ret_valid = true;
        return n;
invalid:
        *ret_cp = REPLACEMENT;
        *ret_valid = false;
        return 1;
}

size_t utf8_encode(uint32_t cp, char out[static 4])
{
        if (cp < 0x80) {
                out[0] = (char) cp;
                return 1;
        }
        if (cp < 0x800) {
                out[0] = (char) (0xC0 | (cp >> 6));
                out[1] = (char) (0x80 | (cp & 0x3F));
                return 2;
        }
        if (cp < 0x10000) {
                out[0] = (char) (0xE0 | (cp >> 12));
                out[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
                out[2] = (char) (0x80 | (cp & 0x3F));
                return 3;
        }
        out[0] = (char) (0xF0 | (cp >> 18));
        out[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char) (0x80 | (cp & 0x3F));
        return 4;
}

static bool is_control(uint32_t cp)
{
        /* C0, DEL and C1: terminals act on them; XML 1.0 cannot carry most of them. */
        return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

static void put_cp(FILE *f, uint32_t cp)
{
        char b[4];

        fwrite(b, 1, utf8_encode(cp, b), f);
}

/*
 * Characters CommonMark gives a meaning inline, in tables (|) or as raw HTML
 * (<, &), and GitLab's references (#1, @user, &epic, ~label) and math ($).
 * Parentheses and ! only matter after [ or ], which are escaped.
 */
static bool markdown_special(uint32_t cp)
{
        return cp < 0x80 && strchr("\\`*_[]<>|#~&$@{}", (int) cp);
}

void escape_write(FILE *f, const char *s, enum escape_mode mode)
{
        size_t len, i = 0;

        if (!s)
                return;
        len = strlen(s);
        while (i < len) {
                uint32_t cp;
                bool valid;

                i += utf8_decode(s + i, len - i, &cp, &valid);
                switch (mode) {
                case ESCAPE_JSON:
                        break;
                case ESCAPE_TEXT:
                        if (cp == '\t' || cp == '\n')
                                cp = ' ';
                        else if (is_control(cp))
                                cp = REPLACEMENT;
                        break;
                case ESCAPE_XML:
                        /* U+FFFE and U+FFFF are not XML characters either. */
                        if (cp == 0xFFFE || cp == 0xFFFF)
                                cp = REPLACEMENT;
                        switch (cp) {
                        case '&': fputs("&amp;", f); continue;
                        case '<': fputs("&lt;", f); continue;
                        case '>': fputs("&gt;", f); continue;
                        case '"': fputs("&quot;", f); continue;
                        case '\'': fputs("&#39;", f); continue;
                        /* As references they survive attribute-value normalisation. */
                        case '\t': fputs("&#9;", f); continue;
                        case '\n': fputs("&#10;", f); continue;
                        }
                        if (is_control(cp))
                                cp = REPLACEMENT;
                        break;
                case ESCAPE_MARKDOWN:
                        /* A newline would end a table row or start a block: inline text stays on one line. */
                        if (cp == '\t' || cp == '\n')
                                cp = ' ';
                        else if (is_control(cp))
                                cp = REPLACEMENT;
                        else if (markdown_special(cp))
                                fputc('\\', f);
                        break;
                default:
                        abort();
                }
                put_cp(f, cp);
        }
}

char *escape_string(const char *s, enum escape_mode mode)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f;

        if (!s)
                return NULL;
        f = open_memstream(&buf, &len);
        if (!f)
                abort();
        escape_write(f, s, mode);
        if (fclose(f) != 0)
                abort();
        return buf;
}

size_t utf8_width(const char *s, size_t len)
{
        size_t n = 0;

        for (size_t i = 0; i < len; i++)
                if (((uint8_t) s[i] & 0xC0) != 0x80)
                        n++;
        return n;
}
