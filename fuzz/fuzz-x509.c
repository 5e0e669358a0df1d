/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the DER certificate summary (the certificates a TLS
 * server sends, read with OpenSSL into subject, key, signature, SAN, EKU).
 */
#include <openssl/err.h>
#include <stdint.h>

#include "tls-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct tls_scan_cert c;

        if (tls_cert_summarise(data, size, &c) == 0)
                tls_scan_cert_clear(&c);
        /* OpenSSL queues its errors per thread; cleared, every input starts alike (and leak checks stay cheap). */
        ERR_clear_error();
        return 0;
}
