/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * openssl.cnf as OpenSSL itself resolves it. The text is loaded with
 * OpenSSL's own NCONF parser from a memory BIO, then followed from the
 * default section's openssl_conf through ssl_conf to system_default, the
 * section libssl applies to every SSL_CTX. Its directives are applied with
 * SSL_CONF_cmd() to a real SSL_CTX whose cipher lists and protocol bounds
 * are then read back: what the stack would really offer.
 *
 * ".include" is never left to OpenSSL (it would open host paths when
 * assessing an image): openssl_conf_expand() replaces each include with
 * the text the caller's callback returns (read through the root fd), and
 * only the expanded text is given to NCONF. No module (engines, providers)
 * of the target configuration is ever loaded.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OPENSSL_CONF_MAX_BYTES (1024u * 1024)
#define OPENSSL_CONF_MAX_DEPTH 8u

/*
 * Resolves one include. path is as written, or joined to the includedir
 * pragma / the including file's directory when relative. The callback
 * returns the contents of the file, or of every *.cnf / *.conf file of a
 * directory concatenated, in *ret (caller frees), or -errno.
 */
typedef int (*openssl_include_fn)(const char *path, char **ret, size_t *ret_len, void *userdata);

/*
 * Replaces every ".include" line with what the callback returns, up to
 * OPENSSL_CONF_MAX_DEPTH deep and OPENSSL_CONF_MAX_BYTES in total.
 * `dir` is the directory of the file (for relative includes). Includes that
 * fail are replaced by a comment and reported in *ret_problems (a strv the
 * caller frees; may be NULL). Returns 0 or -E2BIG / -ENOMEM.
 */
int openssl_conf_expand(const char *buf, size_t len, const char *dir, openssl_include_fn include, void *userdata,
                        char **ret, size_t *ret_len, char ***ret_problems);

struct openssl_ssl_config {
        /* Where the directives came from. */
        char *init_section;       /* value of openssl_conf, NULL when absent */
        char *ssl_section;        /* value of ssl_conf */
        char *system_section;     /* value of system_default */
        char **directives;        /* "Name = value" in file order */
        char **ignored;           /* directives not evaluated (file-reading ones) */

        /* As written (NULL when not set). */
        char *min_protocol;
        char *max_protocol;
        char *cipher_string;
        char *ciphersuites;
        char *groups;
        char *signature_algorithms;

        /* Effective, read back from an SSL_CTX with the directives applied. */
        int security_level;
        bool no_encrypt_then_mac; /* Options = -EncryptThenMac: CBC suites run without EtM */
        bool compression;         /* Options = Compression */
        uint16_t min_version;     /* wire value; 0 = library minimum */
        uint16_t max_version;     /* 0 = library maximum */
        uint16_t *versions;       /* versions a server would negotiate, lowest first */
        size_t n_versions;
        uint16_t *tls12_suites;   /* suite codes usable with TLS 1.2 and below, in preference order */
        size_t n_tls12_suites;
        uint16_t *tls13_suites;
        size_t n_tls13_suites;
        char *error;              /* OpenSSL's message when NCONF or a directive failed */
};

/*
 * Loads the (already expanded) configuration text and evaluates its
 * system_default section. Returns 0 and fills *ret (caller frees with
 * openssl_ssl_config_free()); a configuration OpenSSL rejects returns
 * -EBADMSG with the message in *ret_error (caller frees).
 */
int openssl_ssl_config_evaluate(const char *buf, size_t len, struct openssl_ssl_config **ret, char **ret_error);
void openssl_ssl_config_free(struct openssl_ssl_config *c);

/*
 * Makes sure OpenSSL never loads the host's openssl.cnf into this process,
 * which would otherwise be applied to every SSL_CTX (so to what we
 * evaluate). Idempotent; effective only before anything else initialises
 * OpenSSL, so the CLI calls it first.
 */
void openssl_no_host_config(void);
