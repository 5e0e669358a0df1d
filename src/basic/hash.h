/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

#define SHA256_HEX_LEN 64

/* Writes the lowercase hex SHA-256 of buf into out (SHA256_HEX_LEN + 1 bytes). */
void sha256_hex(const void *buf, size_t len, char out[static SHA256_HEX_LEN + 1]);
