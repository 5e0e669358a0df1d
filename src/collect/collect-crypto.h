/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * CR 4.3 configuration facts: sshd_config with its Includes, openssl.cnf
 * as libssl resolves it, and the keys and certificates under /etc (with
 * their file modes, for CR 4.1). Everything is read through the root fd.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "keyinfo.h"
#include "openssl-config.h"
#include "sshd-config.h"

struct collect_options;
struct facts;

/* Caps of the walk under /etc: a hostile tree costs at most this much. */
#define CRYPTO_WALK_MAX_DEPTH 6u
#define CRYPTO_WALK_MAX_ENTRIES 20000u
#define CRYPTO_WALK_MAX_DIR_ENTRIES 4096u
#define CRYPTO_WALK_MAX_FILES 256u
#define CRYPTO_KEY_FILE_MAX (256u * 1024)

struct crypto_key {
        char *path;
        struct key_info info;     /* valid when err == 0 */
        int err;                  /* -EBADMSG: not a key/certificate we understand; -EFBIG: too large */
        bool ssh_host_key;        /* /etc/ssh/ssh_host_*_key[.pub] */
        bool in_use_by_sshd;      /* named by HostKey (or a default sshd loads) */
        uint32_t mode;            /* st_mode & 07777 */
        uid_t uid;
        gid_t gid;
};

struct crypto_facts {
        struct {
                int err;                      /* -ENOENT: no sshd_config */
                char *path;                   /* "/etc/ssh/sshd_config" */
                struct sshd_config *config;
                char **files;                 /* every file read: the main one, then Includes in order */
                char **algorithms[_SSHD_LIST_MAX];  /* effective lists */
                char *sources[_SSHD_LIST_MAX];      /* "file:line" or the default's name */
                char **host_keys;             /* the host key files sshd loads */
        } sshd;
        struct {
                int err;                      /* reading failed; -ENOENT is not used (see builtin_defaults) */
                char *path;                   /* the file read, NULL when there is none */
                bool builtin_defaults;        /* no openssl.cnf: libssl's built-in defaults */
                char **files;                 /* the file and its includes */
                char **problems;              /* includes not followed, ... */
                struct openssl_ssl_config *ssl;
                char *error;                  /* NCONF rejected the file: OpenSSL's message */
        } openssl;
        struct {
                struct crypto_key *v;
                size_t n;
                int err;
                size_t scanned;               /* directory entries looked at */
                bool truncated;               /* a cap of the walk was hit */
        } keys;
};

/* collect_crypto() (collect.h) fills f->crypto; crypto_free() frees it through this. */
void crypto_facts_free(struct crypto_facts *c);
