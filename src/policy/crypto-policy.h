/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Crypto policy: judges one algorithm, key or parameter set at a time and
 * says which rule decided. Two built-in policies ("nist", the default, after
 * NIST SP 800-131A r2 / SP 800-52 r2 / SP 800-57; "bsi", after BSI
 * TR-02102-2) and policy files a user writes (INI, read with inih):
 *
 *   [policy]
 *   base = nist                  ; built-in policy to start from (default nist)
 *   name = plant-a               ; shown in reports
 *   [tls-versions]  allow = / deny =   TLSv1.2 ...
 *   [tls-suites]    allow = / deny =   IANA or OpenSSL suite names
 *   [tls-groups]    allow = / deny =   x25519 secp256r1 ffdhe3072 ...
 *   [tls-sigschemes] allow = / deny =  rsa_pkcs1_sha256 ed25519 ...
 *   [ssh-kex] [ssh-ciphers] [ssh-macs] [ssh-hostkeys]  allow = / deny =
 *   [luks-ciphers]  allow = / deny =   aes-xts-plain64 ...
 *   [pbkdf]         allow = / deny =   argon2id pbkdf2 ...
 *   [hashes]        allow = / deny =   sha1 sha256 ...
 *   [sizes]  min-rsa-bits, min-dh-bits, min-ec-bits, min-strength,
 *            min-luks-key-bits, max-cert-validity-days,
 *            min-pbkdf2-iterations, min-argon2-memory-kib, min-argon2-time
 *
 * A file FILE may be followed by drop-ins, the *.conf files of FILE.d, read
 * in name order, each overriding what came before (systemd's scheme).
 * Lists are separated by blanks, commas or colons and keys may repeat. An
 * allow entry makes that item ACCEPTABLE, a deny entry DISALLOWED, in both
 * cases with the rule "policy file FILE:LINE". Everything else falls back to
 * the base policy.
 *
 * Status meanings, used by every check and scanner:
 *   ACCEPTABLE  approved by the policy
 *   LEGACY      allowed today but below the long-term target (112-bit
 *               strength, not good after 2030; SHA-1 in HMAC): report, pass
 *   DEPRECATED  only for interoperability or not approved by this policy:
 *               should be removed (checks fail)
 *   DISALLOWED  prohibited or broken (checks fail)
 *   UNKNOWN     not in our tables: report for a person to decide (manual)
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tls-suites.h"

enum cp_status {
        CP_ACCEPTABLE,
        CP_LEGACY,
        CP_UNKNOWN,
        CP_DEPRECATED,
        CP_DISALLOWED,
        _CP_STATUS_MAX,
};

/* "acceptable", "legacy", "unknown", "deprecated", "disallowed". */
const char *cp_status_to_string(enum cp_status s);
/* The status cp_status_to_string() names s; -EINVAL for any other string. */
int cp_status_from_string(const char *s, enum cp_status *ret);
/* Ordered ACCEPTABLE < LEGACY < UNKNOWN < DEPRECATED < DISALLOWED. */
static inline enum cp_status cp_status_worst(enum cp_status a, enum cp_status b) { return a > b ? a : b; }
/* DEPRECATED and DISALLOWED: what a check reports as a failure. */
static inline bool cp_status_fails(enum cp_status s) { return s == CP_DEPRECATED || s == CP_DISALLOWED; }

#define CP_REASON_MAX 256

struct cp_verdict {
        enum cp_status status;
        /* The rule that decided, e.g. "NIST SP 800-52r2 3.3.1.1". Static, or owned by
         * the policy (policy-file rules): valid as long as the policy is. Never NULL. */
        const char *rule;
        /* One line for a person, naming the algorithm: "TLS_RSA_WITH_AES_128_CBC_SHA: static RSA key transport". */
        char reason[CP_REASON_MAX];
};

struct crypto_policy;

/* A built-in policy: "nist" or "bsi" (case-insensitive). -ENOENT for other names. Caller frees. */
int crypto_policy_builtin(const char *name, struct crypto_policy **ret);

/*
 * Parses a policy file from a buffer. filename is only used in messages and
 * rules. On a syntax or content error returns -EBADMSG and, when ret_error is
 * non-NULL, a message "FILE:LINE: what is wrong" the caller frees.
 */
int crypto_policy_parse(const char *buf, size_t len, const char *filename,
                        struct crypto_policy **ret, char **ret_error);

/*
 * "nist", "bsi", or a path to a policy file on the host (read here, capped
 * at 1 MiB), followed by its drop-ins (the *.conf files in FILE.d, at most
 * 256) in name order, each overriding what came before (no base= in
 * drop-ins), read with the shared loader of src/parsers/conf-dropins.h (a
 * drop-in linked to /dev/null is masked, any other non-regular one an error).
 * Errors as crypto_policy_parse(); -ENOENT for a missing file. Loaded once
 * per run (bw_assess(), the scan verbs) and lent to whoever judges.
 */
int crypto_policy_load(const char *name_or_path, struct crypto_policy **ret, char **ret_error);

void crypto_policy_free(struct crypto_policy *p);
static inline void crypto_policy_freep(struct crypto_policy **p) { crypto_policy_free(*p); }

/* "nist", "bsi", or the policy file's name= (default: the file name). */
const char *crypto_policy_name(const struct crypto_policy *p);
/* The built-in policy this one derives from ("nist" or "bsi"). */
const char *crypto_policy_base(const struct crypto_policy *p);

/* Minimum sizes in effect (after a policy file's [sizes]). */
struct cp_sizes {
        unsigned min_rsa_bits;           /* nist 2048, bsi 3000 */
        unsigned min_dh_bits;            /* nist 2048, bsi 3000 */
        unsigned min_ec_bits;            /* nist 224, bsi 250 */
        unsigned min_strength;           /* symmetric bits: 112 */
        unsigned min_luks_key_bits;      /* XTS key bits: 256 (two AES-128 keys) */
        unsigned max_cert_validity_days; /* nist 1095 (3 years), bsi 1095 */
        unsigned min_pbkdf2_iterations;  /* 600000 (OWASP/NIST SP 800-132 spirit) */
        unsigned min_argon2_memory_kib;  /* 65536 */
        unsigned min_argon2_time;        /* 3 */
};
const struct cp_sizes *crypto_policy_sizes(const struct crypto_policy *p);

/* ---- TLS ---- */

/* A protocol version (wire value, e.g. TLS_VERSION_TLS12). */
struct cp_verdict cp_tls_version(const struct crypto_policy *p, uint16_t version);
/* A suite from the table. SCSVs are ACCEPTABLE ("not a cipher suite"). */
struct cp_verdict cp_tls_suite(const struct crypto_policy *p, const struct tls_suite *s);
/* A suite only known by code (not in the table: UNKNOWN, reason names the code). */
struct cp_verdict cp_tls_suite_code(const struct crypto_policy *p, uint16_t code);
/*
 * A suite when it is known whether encrypt-then-MAC (RFC 7366) was
 * negotiated: etm 1 yes, 0 no, -1 unknown (then as cp_tls_suite()). Only
 * CBC suites change: without EtM they are deprecated, with it acceptable.
 */
struct cp_verdict cp_tls_suite_etm(const struct crypto_policy *p, const struct tls_suite *s, int etm);
struct cp_verdict cp_tls_group(const struct crypto_policy *p, const struct tls_group *g);
struct cp_verdict cp_tls_sigscheme(const struct crypto_policy *p, const struct tls_sigscheme *s);

/*
 * Judges a TLS 1.2-and-older extension as a server negotiates it: name is
 * "renegotiation_info", "extended_master_secret", "encrypt_then_mac",
 * "ocsp_stapling" or "compression"; present says whether the server used it.
 */
struct cp_verdict cp_tls_extension(const struct crypto_policy *p, const char *name, bool present);

/* ---- keys, certificates, hashes ---- */

/*
 * A public key by type and size. key_type: "RSA", "RSA-PSS", "DSA", "DH",
 * "EC" (bits = curve order size; curve may name it: "prime256v1",
 * "secp384r1", "brainpoolP256r1"...), "ED25519", "ED448", "X25519", "X448".
 */
struct cp_verdict cp_public_key(const struct crypto_policy *p, const char *key_type, unsigned bits, const char *curve);

enum cp_hash_use {
        CP_HASH_SIGNATURE,   /* digital signature generation (certificates, TLS signatures) */
        CP_HASH_HMAC,        /* HMAC, KDF, PRF: SHA-1 still allowed by SP 800-131A */
        CP_HASH_GENERAL,     /* integrity, fingerprints */
};
/* "md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3-256", "sm3"... (case and '-' insensitive). */
struct cp_verdict cp_hash(const struct crypto_policy *p, const char *name, enum cp_hash_use use);

struct cp_cert {
        const char *key_type;    /* as cp_public_key() */
        unsigned key_bits;
        const char *curve;       /* EC only, may be NULL */
        const char *sig_hash;    /* "sha256", "sha1", "md5"; NULL for EdDSA/ML-DSA (intrinsic hash) */
        const char *sig_alg;     /* "sha256WithRSAEncryption", ..., for the reason text; may be NULL */
        int64_t not_before;      /* Unix seconds */
        int64_t not_after;
        int64_t now;             /* the time to judge at */
        bool is_ca;              /* CA certificates are not TLS server leaves: no SAN/EKU/validity-length rule */
        bool self_signed;        /* self-signed root: signature hash does not matter */
        bool has_san;
        bool has_eku;            /* an extendedKeyUsage extension is present */
        bool eku_server_auth;    /* it lists serverAuth */
        bool tls_server;         /* judge as a TLS server certificate (SAN, EKU, lifetime) */
};
/* The worst of key, signature hash, validity (expired, not yet valid, too long) and, for TLS server certificates, SAN/EKU. */
struct cp_verdict cp_certificate(const struct crypto_policy *p, const struct cp_cert *c);

/* ---- SSH (names as on the wire: "curve25519-sha256", "aes128-ctr", "hmac-sha2-256-etm@openssh.com") ---- */

struct cp_verdict cp_ssh_kex(const struct crypto_policy *p, const char *name);
struct cp_verdict cp_ssh_cipher(const struct crypto_policy *p, const char *name);
struct cp_verdict cp_ssh_mac(const struct crypto_policy *p, const char *name);
/* Host key algorithm ("ssh-ed25519", "rsa-sha2-512", "ssh-rsa", "ecdsa-sha2-nistp256", certs too); rsa_bits 0 = unknown. */
struct cp_verdict cp_ssh_hostkey(const struct crypto_policy *p, const char *name, unsigned rsa_bits);

/* ---- data at rest ---- */

/* A dm-crypt/LUKS cipher spec ("aes-xts-plain64", "aes-cbc-essiv:sha256", "serpent-xts-plain64") and its key size in bits. */
struct cp_verdict cp_luks_cipher(const struct crypto_policy *p, const char *cipher, unsigned key_bits);

struct cp_pbkdf_params {
        uint32_t iterations;     /* pbkdf2; 0 = unknown */
        uint32_t time_cost;      /* argon2 iterations; 0 = unknown */
        uint32_t memory_kib;     /* argon2; 0 = unknown */
        uint32_t parallel;       /* argon2 threads */
        const char *hash;        /* pbkdf2 hash ("sha256"); NULL = unknown */
};
/* A keyslot's PBKDF: "argon2id", "argon2i", "pbkdf2". params may be NULL (type alone is judged). */
struct cp_verdict cp_pbkdf(const struct crypto_policy *p, const char *type, const struct cp_pbkdf_params *params);
