/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Certificates of sanitization (NIST SP 800-88 fields) as JSON, the same
 * content as Markdown, a SHA-256 over a canonical form and an optional X.509
 * signature over the same bytes. The canonical form is the whole document
 * but the two values computed from it (integrity.sha256 and
 * integrity.signature.value), so the integrity object's own fields (hash and
 * signature algorithm, canonical form, the signer's certificate) are covered
 * too; docs/wipe.md writes the form down for independent verifiers.
 *
 * A run writes a certificate twice: status "started" before the first byte
 * is written, then the final one (completed, interrupted or failed) over it.
 */

#include <jansson.h>

#include "wipe.h"

#define WIPE_CERT_SCHEMA "bulwark-wipe-certificate/2"

/* Builds the certificate of r (no integrity member yet). Caller owns *ret. */
int wipe_certificate_build(const struct wipe_record *r, json_t **ret);

/*
 * Sets "integrity" (replacing any): the SHA-256 of the canonical form and,
 * with key_path, a signature by that private key; cert_path (or, when NULL,
 * the key file) holds the matching X.509 certificate, which is embedded.
 * -ENOKEY when key or certificate cannot be read, -EKEYREJECTED when the
 * certificate does not match the key; cert has no "integrity" then.
 */
int wipe_certificate_seal(json_t *cert, const char *key_path, const char *cert_path);

/* JSON text (indented, sorted) and Markdown of a sealed certificate; caller frees both. */
int wipe_certificate_render_json(json_t *cert, char **ret);
int wipe_certificate_render_markdown(json_t *cert, char **ret);
/*
 * The same as one self-contained HTML page (inline CSS, no script, nothing
 * fetched; A4 print styles), so that a browser or `chromium --headless
 * --print-to-pdf` makes the PDF an auditor files.
 */
int wipe_certificate_render_html(json_t *cert, char **ret);

/*
 * The bytes the hash and the signature cover: cert without integrity.sha256
 * and integrity.signature.value, keys sorted, compact, ASCII. Caller frees.
 */
int wipe_certificate_canonical(json_t *cert, char **ret);

/*
 * Checks that a certificate's text is authentic: schema, hash over the
 * canonical form and, when signed, the signature (whose algorithm must fit
 * the key) with the embedded X.509 certificate. With ca_path, also that this
 * certificate chains to the CA (or is it). Returns 0 authentic, -EBADMSG not
 * a certificate or changed, -EKEYREJECTED signature or trust failure, -ENOKEY
 * ca_path given but the certificate is unsigned. Authentic is not completed:
 * on 0, *ret_status (when not NULL; caller frees) is the certificate's status
 * ("started", "completed", "interrupted", "failed", ...), which the caller
 * must look at. *ret_detail (caller frees) is set in every case and says what
 * was checked or what failed.
 */
int wipe_certificate_check(const char *buf, size_t len, const char *ca_path, char **ret_status, char **ret_detail);

/* The parts of a certificate needed to verify its target again (method, passes, key). */
int wipe_certificate_to_record(json_t *cert, struct wipe_record **ret);
