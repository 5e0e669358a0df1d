/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for `bulwark wipe verify-cert`: a certificate
 * handed over by someone else (JSON with an integrity hash, an embedded PEM
 * certificate and a base64 signature). Each input is checked as given and
 * again with its hash fixed up, so the fuzzer gets past the hash to the PEM
 * and signature code; then read back into a record as re-verification does.
 */
#include <openssl/err.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "certificate.h"
#include "hash.h"
#include "wipe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The hash over what certificate.c covers (everything but integrity.sha256 and the signature value). */
static char *rehash(json_t *cert)
{
        json_t *integrity = json_object_get(cert, "integrity");
        char digest[SHA256_HEX_LEN + 1], *canon;

        if (!json_is_object(integrity) || wipe_certificate_canonical(cert, &canon) < 0)
                return NULL;
        sha256_hex(canon, strlen(canon), digest);
        free(canon);
        json_object_set_new(integrity, "sha256", json_string(digest));
        return json_dumps(cert, JSON_COMPACT);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *detail = NULL, *fixed;
        json_t *cert;

        /* ret_detail is set on success and failure alike. */
        (void) wipe_certificate_check((const char *) data, size, NULL, NULL, &detail);
        free(detail);
        cert = json_loadb((const char *) data, size, JSON_REJECT_DUPLICATES, NULL);
        if (!cert) {
                ERR_clear_error();
                return 0;
        }
        fixed = json_is_object(cert) ? rehash(cert) : NULL;
        if (fixed) {
                char *status = NULL;

                detail = NULL;
                (void) wipe_certificate_check(fixed, strlen(fixed), NULL, &status, &detail);
                free(detail);
                free(status);
                free(fixed);
        }
        if (json_is_object(cert)) {
                struct wipe_record *r;

                if (wipe_certificate_to_record(cert, &r) == 0)
                        wipe_record_free(r);
        }
        json_decref(cert);
        /* OpenSSL queues its errors per thread; cleared, every input starts alike (and leak checks stay cheap). */
        ERR_clear_error();
        return 0;
}
