/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What the files of the crypto policy share and nobody else sees: the model
 * (built-in base, name, sizes, the policy file's allow/deny lists), the rule
 * names the judgements cite, and the helpers that build a verdict.
 *
 *   crypto-policy.c       the model: built-ins, accessors, lookups
 *   crypto-policy-file.c  the policy file parser and loader (main file + drop-ins)
 *   crypto-policy-tls.c   TLS versions, suites, groups, signature schemes, extensions
 *   crypto-policy-x509.c  public keys, hashes, certificates
 *   crypto-policy-ssh.c   SSH key exchange, ciphers, MACs, host keys
 *   crypto-policy-luks.c  LUKS ciphers and PBKDFs
 */

#include "crypto-policy.h"
#include "macro.h"

enum base { BASE_NIST, BASE_BSI };

enum category {
        CAT_TLS_VERSION,
        CAT_TLS_SUITE,
        CAT_TLS_GROUP,
        CAT_TLS_SIG,
        CAT_SSH_KEX,
        CAT_SSH_CIPHER,
        CAT_SSH_MAC,
        CAT_SSH_HOSTKEY,
        CAT_LUKS_CIPHER,
        CAT_PBKDF,
        CAT_HASH,
        _CAT_MAX,
};

struct override {
        char *name;        /* canonical: IANA name for TLS items, lower case otherwise */
        enum cp_status status;
        char *rule;        /* "policy file FILE:LINE" */
};

struct crypto_policy {
        enum base base;
        char *name;
        struct cp_sizes sizes;
        struct {
                struct override *v;
                size_t n;
        } ov[_CAT_MAX];
};

/* Rule names. Topics in parentheses where a section number would be guesswork. */
#define R_52_VERSIONS   "NIST SP 800-52r2 3.1 (protocol versions)"
#define R_52_SUITES     "NIST SP 800-52r2 3.3.1 (cipher suites)"
#define R_52_GROUPS     "NIST SP 800-52r2 (supported groups), SP 800-56A r3"
#define R_52_SIGS       "NIST SP 800-52r2 (signature schemes), FIPS 186-5"
#define R_52_CERTS      "NIST SP 800-52r2 3.2 (server certificates)"
#define R_131_BLOCK     "NIST SP 800-131A r2 (block ciphers)"
#define R_131_KT        "NIST SP 800-131A r2 (key agreement and key transport)"
#define R_131_SIG       "NIST SP 800-131A r2 (digital signatures)"
#define R_131_HASH      "NIST SP 800-131A r2 (hash functions)"
#define R_131_MAC       "NIST SP 800-131A r2 (message authentication)"
#define R_57_STRENGTH   "NIST SP 800-57 Pt1 r5 (security strengths)"
#define R_186_5         "FIPS 186-5 (digital signature algorithms)"
#define R_186_CURVES    "NIST SP 800-186 (elliptic curves)"
#define R_203           "FIPS 203 (ML-KEM), SP 800-227 (hybrid key establishment)"
#define R_38E           "NIST SP 800-38E (XTS-AES for storage)"
#define R_132           "NIST SP 800-132 (PBKDF)"
#define R_9106          "RFC 9106 (Argon2)"
#define R_SSH_NIST      "NIST SP 800-131A r2 applied to SSH (NIST has no SSH list: the same primitives as for TLS)"
#define R_BSI_VERSIONS  "BSI TR-02102-2 3.2 (protocol versions)"
#define R_BSI_SUITES    "BSI TR-02102-2 3.3.1 (cipher suites)"
#define R_BSI_GROUPS    "BSI TR-02102-2 (key exchange groups)"
#define R_BSI_SIGS      "BSI TR-02102-2 (signature schemes)"
#define R_BSI_KEYS      "BSI TR-02102-1 (key lengths)"
#define R_BSI_HASH      "BSI TR-02102-1 (hash functions)"
#define R_BSI_SYM       "BSI TR-02102-1 (block ciphers and modes)"
#define R_BSI_SSH       "BSI TR-02102-4 (SSH)"
#define R_BSI_PW        "BSI TR-02102-1 (password-based key derivation)"
#define R_RFC7465       "RFC 7465 (RC4 prohibited)"
#define R_TABLES        "Bulwark tables (algorithm not known)"

/* A verdict with its reason formatted from fmt. */
struct cp_verdict cp_verdictf(enum cp_status status, const char *rule, const char *fmt, ...) _printf_(3, 4);

static inline bool is_bsi(const struct crypto_policy *p) { return p->base == BASE_BSI; }

/* Looks name up in the policy file's lists for the category; returns true and fills v when found. */
bool cp_override_lookup(const struct crypto_policy *p, enum category cat, const char *name, const char *what, struct cp_verdict *v);

/* Resets p to the built-in base b: its name and sizes (the lists are kept). */
void crypto_policy_set_defaults(struct crypto_policy *p, enum base b);

/* Lower case, without '-' and '_', so "SHA-256", "sha256" and "SHA_256" compare equal. */
void cp_hash_key(const char *name, char *out, size_t size);
