/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <openssl/evp.h>

#include "hash.h"
#include "macro.h"

void sha256_hex(const void *buf, size_t len, char out[static SHA256_HEX_LEN + 1])
{
        static const char hex[] = "0123456789abcdef";
        unsigned char md[32];
        unsigned int mdlen = 0;

        if (EVP_Digest(buf, len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32)
                abort(); /* SHA-256 is always there; failing here means a broken libcrypto */
        for (unsigned i = 0; i < 32; i++) {
                out[2 * i] = hex[md[i] >> 4];
                out[2 * i + 1] = hex[md[i] & 15];
        }
        out[SHA256_HEX_LEN] = 0;
}
