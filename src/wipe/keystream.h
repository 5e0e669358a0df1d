/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The random overwrite pattern: an AES-256-CTR keystream keyed from
 * getrandom(). CTR mode lets verification regenerate any byte range from the
 * key alone, so neither the write nor the read-back has to keep what was
 * written, and a sampled verification can seek.
 */

#include <stddef.h>
#include <stdint.h>

#define KEYSTREAM_KEY_LEN 32

typedef struct keystream keystream;

/* Fills buf from getrandom(2), never from /dev/urandom reads. */
int random_bytes(void *buf, size_t len);

/*
 * A keystream for (key, stream_id): each target of a run gets its own
 * stream_id, so no two files share a pattern. The key is copied.
 */
int keystream_new(const uint8_t key[static KEYSTREAM_KEY_LEN], uint64_t stream_id, keystream **ret);

/* Writes the keystream bytes [offset, offset + len) into buf. */
int keystream_fill(keystream *ks, uint64_t offset, uint8_t *buf, size_t len);

/* Frees ks and wipes its key. NULL is fine. */
void keystream_free(keystream *ks);
static inline void keystream_freep(keystream **ks) { keystream_free(*ks); }
#define _cleanup_keystream_ __attribute__((cleanup(keystream_freep)))
