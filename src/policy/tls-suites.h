/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What a TLS cipher suite, named group or signature scheme is made of, by
 * its IANA code point. The tables are data: the scanners use them to build
 * ClientHellos and to name what a server picked, the policy uses them to
 * judge. The suite table is generated from tools/tls-suites.tsv by
 * tools/gen-tls-suites.py (IANA registry plus the few pre-standard code
 * points old servers still offer: EXPORT1024 and the draft ChaCha20 ones).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Protocol versions as on the wire. */
#define TLS_VERSION_SSL3  0x0300
#define TLS_VERSION_TLS10 0x0301
#define TLS_VERSION_TLS11 0x0302
#define TLS_VERSION_TLS12 0x0303
#define TLS_VERSION_TLS13 0x0304

/* "SSLv3", "TLSv1.0" ... "TLSv1.3" (the spelling of the scan JSON, docs/tls-scan.schema.json), or NULL. */
const char *tls_version_to_string(uint16_t version);
/* Accepts "SSLv3", "TLSv1", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3" (case-insensitive). */
int tls_version_from_string(const char *s, uint16_t *ret);

enum tls_kx {
        TLS_KX_NULL,        /* TLS_NULL_WITH_NULL_NULL */
        TLS_KX_RSA,         /* static RSA key transport */
        TLS_KX_DH,          /* static DH (DH_RSA, DH_DSS) */
        TLS_KX_DHE,         /* ephemeral finite-field DH, also DH_anon */
        TLS_KX_ECDH,        /* static ECDH */
        TLS_KX_ECDHE,       /* ephemeral ECDH, also ECDH_anon */
        TLS_KX_PSK,
        TLS_KX_DHE_PSK,
        TLS_KX_ECDHE_PSK,
        TLS_KX_RSA_PSK,
        TLS_KX_SRP,
        TLS_KX_KRB5,
        TLS_KX_ECCPWD,
        TLS_KX_GOST,
        TLS_KX_TLS13,       /* negotiated separately in TLS 1.3 (key_share) */
        TLS_KX_SCSV,        /* signalling value, not a suite */
        _TLS_KX_MAX,
};

enum tls_au {
        TLS_AU_NULL,
        TLS_AU_RSA,
        TLS_AU_DSS,
        TLS_AU_ECDSA,
        TLS_AU_ANON,
        TLS_AU_PSK,
        TLS_AU_SRP,
        TLS_AU_KRB5,
        TLS_AU_GOST,
        TLS_AU_TLS13,       /* by certificate, decided by signature_algorithms */
        _TLS_AU_MAX,
};

enum tls_cipher {
        TLS_CIPHER_NULL,
        TLS_CIPHER_RC4,
        TLS_CIPHER_RC2,
        TLS_CIPHER_DES,
        TLS_CIPHER_3DES,
        TLS_CIPHER_IDEA,
        TLS_CIPHER_SEED,
        TLS_CIPHER_AES,
        TLS_CIPHER_CAMELLIA,
        TLS_CIPHER_ARIA,
        TLS_CIPHER_CHACHA20,
        TLS_CIPHER_SM4,
        TLS_CIPHER_GOST,
        _TLS_CIPHER_MAX,
};

enum tls_mode {
        TLS_MODE_NONE,      /* NULL cipher */
        TLS_MODE_STREAM,    /* RC4, GOST counter */
        TLS_MODE_CBC,
        TLS_MODE_GCM,
        TLS_MODE_CCM,
        TLS_MODE_CCM8,
        TLS_MODE_POLY1305,
        TLS_MODE_CTR,       /* GOST 2012 CTR-OMAC */
        _TLS_MODE_MAX,
};

enum tls_hash {
        TLS_HASH_NULL,
        TLS_HASH_MD5,
        TLS_HASH_SHA1,
        TLS_HASH_SHA256,
        TLS_HASH_SHA384,
        TLS_HASH_AEAD,      /* as the record MAC: the cipher authenticates */
        TLS_HASH_SM3,
        TLS_HASH_GOST,
        TLS_HASH_SHA224,    /* signature schemes only */
        TLS_HASH_SHA512,    /* signature schemes only */
        _TLS_HASH_MAX,
};

struct tls_suite {
        uint16_t code;
        const char *iana;          /* "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256" */
        const char *openssl;       /* "ECDHE-RSA-AES128-GCM-SHA256"; NULL when OpenSSL never named it */
        enum tls_kx kx;
        enum tls_au au;
        enum tls_cipher cipher;
        enum tls_mode mode;
        uint16_t key_bits;         /* cipher key length (3DES: 168, export: 40/56) */
        uint16_t strength;         /* effective symmetric security bits (3DES 112, export 40/56, NULL 0) */
        enum tls_hash mac;         /* record MAC, or TLS_HASH_AEAD */
        enum tls_hash prf;         /* handshake hash / PRF (TLS 1.2+ suites name it; older: MD5+SHA1 as SHA1) */
        uint16_t min_version;      /* lowest protocol the suite is defined for */
        uint16_t max_version;      /* TLS 1.2 for all but the TLS 1.3 suites */
        bool export_grade;
        bool scsv;                 /* TLS_EMPTY_RENEGOTIATION_INFO_SCSV, TLS_FALLBACK_SCSV */
};

extern const struct tls_suite tls_suites[];
extern const size_t tls_suites_count;

/* Lookups; return NULL when unknown. The table is sorted by code, so code lookups are a binary search. */
const struct tls_suite *tls_suite_by_code(uint16_t code);
/* By IANA name, or by OpenSSL name (case-insensitive, both). */
const struct tls_suite *tls_suite_by_name(const char *name);

const char *tls_kx_to_string(enum tls_kx kx);          /* "ECDHE" */
const char *tls_au_to_string(enum tls_au au);          /* "RSA", "anon" */
const char *tls_cipher_to_string(enum tls_cipher c);   /* "AES" */
const char *tls_mode_to_string(enum tls_mode m);       /* "GCM" */
const char *tls_hash_to_string(enum tls_hash h);       /* "SHA256", "AEAD" */
/* "AES-128-GCM", "3DES-EDE-CBC", "CHACHA20-POLY1305", "RC4-128", "NULL"; writes into buf. */
const char *tls_suite_encryption(const struct tls_suite *s, char *buf, size_t size);
static inline bool tls_suite_is_anon(const struct tls_suite *s) { return s->au == TLS_AU_ANON; }
static inline bool tls_suite_is_aead(const struct tls_suite *s) { return s->mac == TLS_HASH_AEAD; }
static inline bool tls_suite_is_tls13(const struct tls_suite *s) { return s->kx == TLS_KX_TLS13; }
static inline bool tls_suite_forward_secret(const struct tls_suite *s)
{
        return s->kx == TLS_KX_DHE || s->kx == TLS_KX_ECDHE || s->kx == TLS_KX_DHE_PSK ||
               s->kx == TLS_KX_ECDHE_PSK || s->kx == TLS_KX_TLS13;
}

/* Named groups (supported_groups / key_share). */
enum tls_group_kind {
        TLS_GROUP_ECDHE,      /* prime or binary curve */
        TLS_GROUP_ECDHE_MONT, /* X25519, X448 */
        TLS_GROUP_FFDHE,
        TLS_GROUP_HYBRID_PQ,  /* ECDHE + ML-KEM */
        TLS_GROUP_PQ,         /* ML-KEM alone */
};

struct tls_group {
        uint16_t code;
        const char *name;        /* IANA: "secp256r1", "x25519", "ffdhe2048", "X25519MLKEM768" */
        const char *openssl;     /* OpenSSL/NIST alias: "P-256", "X25519", "ffdhe2048"; NULL if none */
        enum tls_group_kind kind;
        uint16_t bits;           /* field / modulus size */
        uint16_t strength;       /* classical security bits (SP 800-57) */
        bool nist;               /* a SP 800-56A / FIPS 186 curve or RFC 7919 group */
        bool brainpool;
        bool tls13_only;         /* brainpool*tls13, ML-KEM */
        bool deprecated;         /* binary curves, small curves, arbitrary_explicit_* */
};

extern const struct tls_group tls_groups[];
extern const size_t tls_groups_count;
const struct tls_group *tls_group_by_code(uint16_t code);
/* IANA name or OpenSSL alias, case-insensitive ("P-256", "prime256v1" and "secp256r1" all work). */
const struct tls_group *tls_group_by_name(const char *name);

/* Signature schemes (signature_algorithms). */
enum tls_sig_kind {
        TLS_SIG_RSA_PKCS1,
        TLS_SIG_RSA_PSS,      /* rsa_pss_rsae_* and rsa_pss_pss_* */
        TLS_SIG_ECDSA,
        TLS_SIG_EDDSA,
        TLS_SIG_DSA,
        TLS_SIG_GOST,
        TLS_SIG_SM2,
        TLS_SIG_MLDSA,
        TLS_SIG_ANON,
};

struct tls_sigscheme {
        uint16_t code;
        const char *name;        /* "rsa_pkcs1_sha256", "ecdsa_secp256r1_sha256", "ed25519" */
        enum tls_sig_kind kind;
        enum tls_hash hash;      /* TLS_HASH_NULL for EdDSA/ML-DSA (intrinsic) */
        uint16_t curve_bits;     /* ECDSA curve bound to the scheme in TLS 1.3, else 0 */
        bool legacy;             /* TLS 1.2 hash/sign pairs (sha1, md5, sha224, dsa) */
};

extern const struct tls_sigscheme tls_sigschemes[];
extern const size_t tls_sigschemes_count;
const struct tls_sigscheme *tls_sigscheme_by_code(uint16_t code);
/* IANA name ("rsa_pss_rsae_sha256") or OpenSSL's ("RSA-PSS+SHA256", "ECDSA+SHA256"), case-insensitive. */
const struct tls_sigscheme *tls_sigscheme_by_name(const char *name);
