/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Evidence bundles: the files each verdict rests on, copied out of the
 * assessed target, with the report and a SHA-256 manifest an assessor can
 * check with `bulwark report verify DIR` or plain `sha256sum -c SHA256SUMS`.
 *
 *   DIR/report.json            the bulwark-assessment/1 report
 *   DIR/files/<path>           each file named as evidence, as read from the target
 *   DIR/not-copied.txt         evidence files that could not be copied, and why
 *   DIR/SHA256SUMS             "<sha256>  <relative path>" for every file above, sorted
 *   DIR/SHA256SUMS.sig         optional: signature over SHA256SUMS (openssl dgst -sha256 -verify
 *                              for RSA/ECDSA keys; Ed25519 signs the file itself)
 */

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

#define EVIDENCE_FILE_MAX (16u * 1024 * 1024)
#define EVIDENCE_TOTAL_MAX (256u * 1024 * 1024)
#define EVIDENCE_MANIFEST_MAX_ENTRIES 100000

/*
 * Writes the bundle of r into dir, which must not exist or be empty. The
 * target is reopened through the root fd (offline paths stay inside the
 * tree) and each copy is checked against the hash in the report: a file that
 * changed since the assessment is listed in not-copied.txt, not copied.
 * sign_key (PEM private key) or NULL. Returns 0 or -errno.
 */
int evidence_bundle_write(const struct report *r, const char *dir, const char *sign_key);

/*
 * Verifies the bundle in dir: every manifest entry present with its hash, no
 * file outside the manifest, report.json parses and every file evidence in it
 * with a hash has a matching copy (or is listed as not copied), and with
 * verify_key (PEM public key) the signature. Paths in the manifest are
 * untrusted: they resolve inside dir only. *ret_problems (caller frees) gets
 * one line per problem, *ret_checked the number of files verified. Returns 0
 * when the bundle verifies, -EBADMSG when it does not, or -errno when it
 * could not be read.
 */
int evidence_bundle_verify(const char *dir, const char *verify_key, char ***ret_problems, size_t *ret_checked);
