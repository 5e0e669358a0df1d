/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Bounds-checked big-endian reader for binary protocols (TLS records and
 * handshake messages, SSH packets), in the manner of OpenSSH's sshbuf: each
 * getter returns 0 or -EBADMSG and never reads past the end; on failure the
 * out-parameter is untouched and the position does not move.
 */

#include <stddef.h>
#include <stdint.h>

struct binreader {
        const uint8_t *data;
        size_t len;
        size_t off;
};

static inline struct binreader binreader_make(const void *data, size_t len)
{
        return (struct binreader){ .data = data, .len = len, .off = 0 };
}

static inline size_t binreader_left(const struct binreader *r) { return r->len - r->off; }

int binreader_u8(struct binreader *r, uint8_t *ret);
int binreader_u16(struct binreader *r, uint16_t *ret);
int binreader_u24(struct binreader *r, uint32_t *ret);
int binreader_u32(struct binreader *r, uint32_t *ret);
/* Points *ret at the next n bytes (no copy). */
int binreader_bytes(struct binreader *r, size_t n, const uint8_t **ret);
int binreader_skip(struct binreader *r, size_t n);
/* A sub-reader over a length-prefixed vector (prefix of 1, 2, 3 or 4 bytes). */
int binreader_vector(struct binreader *r, unsigned prefix_len, struct binreader *ret);
