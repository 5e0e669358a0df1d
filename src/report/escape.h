/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Escaping of untrusted strings for each output format. Every string in a
 * report may come from the assessed device (a hostname, a package version, a
 * path in an image), so every writer passes every string through here.
 *
 * All modes decode UTF-8 strictly (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF) and write U+FFFD for each byte that is
 * not part of a valid sequence, so the output is always valid UTF-8. Modes
 * other than ESCAPE_JSON also replace C0/C1 control characters and DEL, which
 * XML cannot carry and which a terminal would interpret.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum escape_mode {
        ESCAPE_JSON,      /* only invalid UTF-8 replaced; the JSON encoder escapes the rest */
        ESCAPE_TEXT,      /* for a terminal: controls replaced, tab and newline become a space */
        ESCAPE_XML,       /* element text and attribute values (XML and HTML): & < > " ' as references */
        ESCAPE_MARKDOWN,  /* inline text, also inside a table cell: punctuation backslash-escaped */
        _ESCAPE_MODE_MAX,
};

/*
 * Decodes the code point at s[0..len). Returns the number of bytes consumed
 * (at least 1 when len > 0) and sets *ret_cp; an invalid sequence consumes one
 * byte and yields U+FFFD with *ret_valid false.
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *ret_cp, bool *ret_valid);
/* Encodes cp (<= U+10FFFF) into out; returns the length (1..4). */
size_t utf8_encode(uint32_t cp, char out[static 4]);

/* Writes s escaped for mode to f. A NULL s writes nothing. */
void escape_write(FILE *f, const char *s, enum escape_mode mode);
/* Returns s escaped for mode as a new string the caller frees; NULL for NULL. */
char *escape_string(const char *s, enum escape_mode mode);

/* Number of code points in a valid UTF-8 string (its width on a terminal, for Latin text). */
size_t utf8_width(const char *s, size_t len);
