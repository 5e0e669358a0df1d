/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Evidence copying: the bytes of the files a report's verdicts rest on, read
 * again through the root source for an evidence bundle (src/report/evidence.h
 * writes the bundle from them). A bundle goes to a certification body, so
 * secret material is never copied: for a secret file only its path, SHA-256,
 * size, mode and owner leave the device.
 *
 * A file is secret when any of these says so (each alone is enough):
 *  - a collector marked it (facts_mark_sensitive(): private keys found by the
 *    key walk, key files named in /etc/crypttab or the CIP crypt hook, the
 *    hook's env file, WireGuard .netdev files and their key files);
 *  - its path is one of the known secret places (/etc/shadow, /etc/gshadow
 *    and their backups, /etc/ssh/ssh_host_*_key, /etc/ssl/private/,
 *    /etc/wireguard/), or it is the same inode as a marked or known file
 *    (a symlink or hard link to /etc/shadow);
 *  - its bytes hold secret material (evidence_secret_content()), so a new
 *    collector that forgets to mark what it read cannot leak it.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hash.h"

struct facts;

#define EVIDENCE_FILE_MAX (16u * 1024 * 1024)
#define EVIDENCE_TOTAL_MAX (256u * 1024 * 1024)

enum evidence_copy_status {
        EVIDENCE_COPIED,     /* data holds the file's bytes */
        EVIDENCE_WITHHELD,   /* secret: path, hash, size, mode and owner only */
        EVIDENCE_NOT_COPIED, /* could not be read, changed since the assessment, over a cap */
};

struct evidence_request {
        const char *path;    /* inside the target */
        const char *sha256;  /* what the verdict was decided on, or NULL */
        bool is_file;        /* named as file evidence; otherwise taken only when it is a regular file */
};

struct evidence_copy {
        char *path;          /* NULL when the request's path was not a plain absolute path (never echoed) */
        enum evidence_copy_status status;
        char *reason;        /* withheld: what makes it secret; not copied: why; NULL when copied */
        bool have_stat;      /* mode, uid, gid, size are valid */
        uint32_t mode;       /* st_mode & 07777 */
        uint32_t uid;
        uint32_t gid;
        uint64_t size;
        bool have_sha256;
        char sha256[SHA256_HEX_LEN + 1];
        char *data;          /* copied only */
        size_t len;
};

/*
 * Reads the files of req (duplicates taken once) through f's root and
 * decides for each: copied, withheld or not copied. A file whose bytes do
 * not hash to what the request or the collector recorded is not copied.
 * Requests that are not files (is_file false) and name no regular file are
 * left out. *ret (caller frees with evidence_copies_free()) is in request
 * order. Returns 0 or -errno.
 */
int evidence_copy_collect(const struct facts *f, const struct evidence_request *req, size_t n_req,
                          struct evidence_copy **ret, size_t *ret_n);
void evidence_copies_free(struct evidence_copy *v, size_t n);

/* What makes the bytes secret ("OpenSSH private key", ...), or NULL. Pure. */
const char *evidence_secret_content(const void *buf, size_t len);
/* What makes path secret by name alone, or NULL. Pure. */
const char *evidence_secret_path(const char *path);
