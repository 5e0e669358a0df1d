/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for `bulwark wipe --check-certificate`: a certificate
 * handed over by someone else (JSON with an integrity hash, an embedded PEM
 * certificate and a base64 signature). Each input is checked as given and
 * again with its hash fixed up, so the fuzzer gets past the hash to the PEM
 * and signature code; then read back into a record as re-verification does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "certificate.h"
#include "hash.h"
#include "wipe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What certificate.c hashes: everything but "integrity", sorted, compact, ASCII. */
static char *rehash(json_t *cert)
{
        json_t *copy = json_deep_copy(cert), *integrity = json_object_get(cert, "integrity");
        char digest[SHA256_HEX_LEN + 1], *canon;

        if (!copy || !json_is_object(integrity)) {
                json_decref(copy);
                return NULL;
        }
        json_object_del(copy, "integrity");
        canon = json_dumps(copy, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
        json_decref(copy);
        if (!canon)
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
        (void) wipe_certificate_check((const char *) data, size, NULL, &detail);
        free(detail);
        cert = json_loadb((const char *) data, size, JSON_REJECT_DUPLICATES, NULL);
        if (!cert)
                return 0;
        fixed = json_is_object(cert) ? rehash(cert) : NULL;
        if (fixed) {
                detail = NULL;
                (void) wipe_certificate_check(fixed, strlen(fixed), NULL, &detail);
                free(detail);
                free(fixed);
        }
        if (json_is_object(cert)) {
                struct wipe_record *r;

                if (wipe_certificate_to_record(cert, &r) == 0)
                        wipe_record_free(r);
        }
        json_decref(cert);
        return 0;
}
