/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Certificates of sanitization (NIST SP 800-88 fields) as JSON, the same
 * content as Markdown, a SHA-256 over a canonical form (jansson with sorted
 * keys, compact, ASCII, without the "integrity" member) and an optional
 * X.509 signature over the same bytes.
 */

#include <jansson.h>

#include "wipe.h"

#define WIPE_CERT_SCHEMA "bulwark-wipe-certificate/1"

/* Builds the certificate of r (no integrity member yet). Caller owns *ret. */
int wipe_certificate_build(const struct wipe_record *r, json_t **ret);

/*
 * Adds "integrity": the SHA-256 of the canonical form and, with key_path, a
 * signature by that private key; cert_path (or, when NULL, the key file) holds
 * the matching X.509 certificate, which is embedded. -EKEYREJECTED when the
 * certificate does not match the key.
 */
int wipe_certificate_seal(json_t *cert, const char *key_path, const char *cert_path);

/* JSON text (indented, sorted) and Markdown of a sealed certificate; caller frees both. */
int wipe_certificate_render_json(json_t *cert, char **ret);
int wipe_certificate_render_markdown(json_t *cert, char **ret);

/*
 * Checks a certificate's text: schema, hash over the canonical form and, when
 * signed, the signature with the embedded X.509 certificate. With ca_path,
 * also that this certificate chains to the CA (or is it). Returns 0 valid,
 * -EBADMSG not a certificate or changed, -EKEYREJECTED signature or trust
 * failure, -ENOKEY ca_path given but the certificate is unsigned.
 * *ret_detail (caller frees) says what was checked or what failed.
 */
int wipe_certificate_check(const char *buf, size_t len, const char *ca_path, char **ret_detail);

/* The parts of a certificate needed to verify its target again (method, passes, key). */
int wipe_certificate_to_record(json_t *cert, struct wipe_record **ret);
