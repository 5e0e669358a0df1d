/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

#define SHA256_HEX_LEN 64

/* Writes the n bytes of b as lowercase hex into out (2 * n + 1 bytes, NUL-terminated). */
void hex_encode(const void *b, size_t n, char *out);

/* Writes the lowercase hex SHA-256 of buf into out (SHA256_HEX_LEN + 1 bytes). */
void sha256_hex(const void *buf, size_t len, char out[static SHA256_HEX_LEN + 1]);
