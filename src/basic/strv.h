/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* NULL-terminated string vectors, owned with all their strings. */

#include <stdbool.h>
#include <stddef.h>

typedef char **strv_t;

size_t strv_length(char *const *l);
/* Appends a copy of s. */
void strv_push(char ***l, const char *s);
/* Appends s itself; the vector takes ownership. */
void strv_consume(char ***l, char *s);
/*
 * Like strv_consume(), for long lists: the caller keeps the length in *n, so
 * an append is amortised O(1) instead of a walk plus a realloc. Every append
 * to that vector must go through here (its capacity follows from *n).
 */
void strv_consume_n(char ***l, size_t *n, char *s);
bool strv_contains(char *const *l, const char *s);
void strv_free(char **l);
static inline void strv_freep(char ***l) { strv_free(*l); }
#define _cleanup_strv_free_ __attribute__((cleanup(strv_freep)))
/* Splits on any of the separator characters, dropping empty items. */
char **strv_split(const char *s, const char *separators);
char *strv_join(char *const *l, const char *sep);
void strv_sort(char **l);
