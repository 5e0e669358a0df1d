/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Evidence bundles: the files each verdict rests on, as read from the
 * assessed target, with the report and a SHA-256 manifest an assessor can
 * check with `bulwark report verify DIR` or plain `sha256sum -c SHA256SUMS`.
 *
 *   DIR/report.json            the bulwark-assessment/1 report
 *   DIR/index.json             bulwark-evidence-index/1: every evidence file with its status
 *                              (copied, withheld, not-copied), sha256, size, mode and owner
 *   DIR/files/<path>           each evidence file that was copied
 *   DIR/not-copied.txt         evidence files that could not be copied, and why
 *   DIR/SHA256SUMS             "<sha256>  <relative path>" for every file above, sorted
 *   DIR/SHA256SUMS.sig         optional: signature over SHA256SUMS (openssl dgst -sha256 -verify
 *                              for RSA/ECDSA keys; Ed25519 signs the file itself)
 *
 * Secret files (private keys, password hashes, LUKS key files, WireGuard
 * keys) are never in files/: the index lists them as "withheld" with their
 * hash, mode and owner. Which files those are is decided where they are read
 * (src/collect/evidence-copy.h); this module writes the bytes it is given and
 * never reads the target. Files are created 0640 and directories 0750,
 * whatever the umask.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

#define EVIDENCE_MANIFEST_MAX_ENTRIES 100000
#define EVIDENCE_VERIFY_FILE_MAX (256u * 1024 * 1024)
#define EVIDENCE_INDEX_SCHEMA "bulwark-evidence-index/1"

enum bundle_file_status {
        BUNDLE_FILE_COPIED,
        BUNDLE_FILE_WITHHELD,
        BUNDLE_FILE_NOT_COPIED,
};

/* One evidence file of the target, as the bundle records it. */
struct bundle_file {
        const char *path;      /* inside the target; NULL when it was no plain absolute path (never echoed) */
        enum bundle_file_status status;
        const char *reason;    /* withheld or not copied: why */
        bool have_stat;
        uint32_t mode;         /* st_mode & 07777 on the target */
        uint32_t uid;
        uint32_t gid;
        uint64_t size;
        const char *sha256;    /* of the bytes read, or NULL */
        const void *data;      /* copied only */
        size_t len;
};

/*
 * Writes the bundle of r with files into dir, which must not exist or be
 * empty. sign_key (PEM private key) or NULL. Returns 0 or -errno.
 */
int evidence_bundle_write(const struct report *r, const struct bundle_file *files, size_t n_files,
                          const char *dir, const char *sign_key);

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
