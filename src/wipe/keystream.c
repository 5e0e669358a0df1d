/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <openssl/evp.h>
#include <sys/random.h>

#include "keystream.h"
#include "macro.h"

static const uint8_t zeros[32 << 10];

struct keystream {
        EVP_CIPHER_CTX *ctx;
        uint8_t key[KEYSTREAM_KEY_LEN];
        uint64_t stream_id;
};

int random_bytes(void *buf, size_t len)
{
        uint8_t *p = buf;

        while (len > 0) {
                ssize_t n = getrandom(p, MIN(len, (size_t) 256), 0);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return negative_errno();
                }
                p += n;
                len -= (size_t) n;
        }
        return 0;
}

int keystream_new(const uint8_t key[static KEYSTREAM_KEY_LEN], uint64_t stream_id, keystream **ret)
{
        keystream *ks = xmalloc0(sizeof(*ks));

        ks->ctx = EVP_CIPHER_CTX_new();
        if (!ks->ctx) {
                free(ks);
                return -ENOMEM;
        }
        memcpy(ks->key, key, KEYSTREAM_KEY_LEN);
        ks->stream_id = stream_id;
        if (EVP_EncryptInit_ex(ks->ctx, EVP_aes_256_ctr(), NULL, ks->key, NULL) != 1) {
                keystream_free(ks);
                return -EOPNOTSUPP;
        }
        *ret = ks;
        return 0;
}

/* IV = stream id (high 64 bits) || block counter (low 64 bits), big-endian as CTR counts. */
static int keystream_seek(keystream *ks, uint64_t block)
{
        uint8_t iv[16];

        for (int i = 0; i < 8; i++) {
                iv[i] = (uint8_t) (ks->stream_id >> (56 - 8 * i));
                iv[8 + i] = (uint8_t) (block >> (56 - 8 * i));
        }
        return EVP_EncryptInit_ex(ks->ctx, NULL, NULL, NULL, iv) == 1 ? 0 : -EIO;
}

int keystream_fill(keystream *ks, uint64_t offset, uint8_t *buf, size_t len)
{
        size_t skip = offset % 16;
        int outl, k;

        k = keystream_seek(ks, offset / 16);
        if (k < 0)
                return k;
        if (skip) {
                uint8_t first[16] = { 0 };
                size_t take = MIN(16 - skip, len);

                if (EVP_EncryptUpdate(ks->ctx, first, &outl, first, 16) != 1)
                        return -EIO;
                memcpy(buf, first + skip, take);
                buf += take;
                len -= take;
        }
        /*
         * Encrypting zeros yields the keystream itself. The zeros come from a
         * small buffer that stays in the CPU cache, so the output is written
         * once and nothing else touches memory.
         */
        while (len > 0) {
                int n = (int) MIN(len, sizeof(zeros));

                if (EVP_EncryptUpdate(ks->ctx, buf, &outl, zeros, n) != 1 || outl != n)
                        return -EIO;
                buf += n;
                len -= (size_t) n;
        }
        return 0;
}

void keystream_free(keystream *ks)
{
        if (!ks)
                return;
        EVP_CIPHER_CTX_free(ks->ctx);
        explicit_bzero(ks->key, sizeof(ks->key));
        free(ks);
}
