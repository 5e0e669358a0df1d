/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the DER certificate summary (the certificates a TLS
 * server sends, read with OpenSSL into subject, key, signature, SAN, EKU).
 */
#include <stdint.h>

#include "tls-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct tls_scan_cert c;

        if (tls_cert_summarise(data, size, &c) == 0)
                tls_scan_cert_clear(&c);
        return 0;
}
