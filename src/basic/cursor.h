/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A read-only cursor over a byte range, for the line-oriented text formats
 * (proc files, dpkg status, sshd_config, unit files). Every step is bounded
 * by `end`; nothing here reads past it or needs a terminating NUL.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cursor {
        const char *p;
        const char *end;
};

static inline struct cursor cursor_make(const char *buf, size_t len)
{
        return (struct cursor){ .p = buf, .end = buf + len };
}

static inline bool cursor_eof(const struct cursor *c) { return c->p >= c->end; }
static inline size_t cursor_left(const struct cursor *c) { return (size_t) (c->end - c->p); }

/* A slice of the input; not NUL-terminated. */
struct slice {
        const char *p;
        size_t len;
};

/* Takes the next line (without its '\n', and without a trailing '\r'). Returns false at the end. */
bool cursor_line(struct cursor *c, struct slice *ret);
/* The next line that is neither blank nor starts with one of the bytes of comments, stripped. */
bool cursor_content_line(struct cursor *c, const char *comments, struct slice *ret);

bool slice_eq(struct slice s, const char *lit);
bool slice_caseeq(struct slice s, const char *lit);
bool slice_startswith(struct slice s, const char *lit);
struct slice slice_strip(struct slice s);
bool slice_empty(struct slice s);
/* Splits off the first whitespace-separated word; `s` keeps the rest (leading blanks skipped). */
bool slice_word(struct slice *s, struct slice *ret);
/* Splits at the first occurrence of c: ret gets what precedes it, s what follows. */
bool slice_split(struct slice *s, char c, struct slice *ret);
char *slice_dup(struct slice s);
/* Parses an unsigned decimal or, with base 16, hex number filling the whole slice. */
int slice_to_u64(struct slice s, int base, uint64_t *ret);
