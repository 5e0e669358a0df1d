/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <openssl/evp.h>

#include "hash.h"
#include "macro.h"

void hex_encode(const void *b, size_t n, char *out)
{
        static const char d[] = "0123456789abcdef";
        const unsigned char *p = b;

        for (size_t i = 0; i < n; i++) {
                out[2 * i] = d[p[i] >> 4];
                out[2 * i + 1] = d[p[i] & 15];
        }
        out[2 * n] = 0;
}

void sha256_hex(const void *buf, size_t len, char out[static SHA256_HEX_LEN + 1])
{
        unsigned char md[32];
        unsigned int mdlen = 0;

        if (EVP_Digest(buf, len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32)
                abort(); /* SHA-256 is always there; failing here means a broken libcrypto */
        hex_encode(md, sizeof(md), out);
}
