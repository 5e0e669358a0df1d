/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <strings.h>

#include "macro.h"
#include "tls-suites.h"

const char *tls_version_to_string(uint16_t version)
{
        switch (version) {
        case 0x0002: return "SSLv2";
        case TLS_VERSION_SSL3: return "SSLv3";
        case TLS_VERSION_TLS10: return "TLSv1.0";
        case TLS_VERSION_TLS11: return "TLSv1.1";
        case TLS_VERSION_TLS12: return "TLSv1.2";
        case TLS_VERSION_TLS13: return "TLSv1.3";
        default: return NULL;
        }
}

int tls_version_from_string(const char *s, uint16_t *ret)
{
        static const struct { const char *name; uint16_t v; } map[] = {
                { "SSLv3", TLS_VERSION_SSL3 },   { "TLSv1", TLS_VERSION_TLS10 },
                { "TLSv1.0", TLS_VERSION_TLS10 }, { "TLSv1.1", TLS_VERSION_TLS11 },
                { "TLSv1.2", TLS_VERSION_TLS12 }, { "TLSv1.3", TLS_VERSION_TLS13 },
        };
        if (!s)
                return -EINVAL;
        for (size_t i = 0; i < ARRAY_SIZE(map); i++)
                if (strcaseeq(s, map[i].name)) {
                        *ret = map[i].v;
                        return 0;
                }
        return -EINVAL;
}

const struct tls_suite *tls_suite_by_code(uint16_t code)
{
        size_t lo = 0, hi = tls_suites_count;

        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (tls_suites[mid].code == code)
                        return &tls_suites[mid];
                if (tls_suites[mid].code < code)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return NULL;
}

const struct tls_suite *tls_suite_by_name(const char *name)
{
        if (!name)
                return NULL;
        for (size_t i = 0; i < tls_suites_count; i++)
                if (strcaseeq(tls_suites[i].iana, name) ||
                    (tls_suites[i].openssl && strcaseeq(tls_suites[i].openssl, name)))
                        return &tls_suites[i];
        /* Some tools write "SSL_" for the SSLv3-era suites. */
        if (strncasecmp(name, "SSL_", 4) == 0) {
                char buf[128];
                if ((size_t) snprintf(buf, sizeof(buf), "TLS_%s", name + 4) < sizeof(buf))
                        return tls_suite_by_name(buf);
        }
        return NULL;
}

const char *tls_kx_to_string(enum tls_kx kx)
{
        static const char *const s[_TLS_KX_MAX] = {
                [TLS_KX_NULL] = "NULL", [TLS_KX_RSA] = "RSA", [TLS_KX_DH] = "DH", [TLS_KX_DHE] = "DHE",
                [TLS_KX_ECDH] = "ECDH", [TLS_KX_ECDHE] = "ECDHE", [TLS_KX_PSK] = "PSK",
                [TLS_KX_DHE_PSK] = "DHE-PSK", [TLS_KX_ECDHE_PSK] = "ECDHE-PSK", [TLS_KX_RSA_PSK] = "RSA-PSK",
                [TLS_KX_SRP] = "SRP", [TLS_KX_KRB5] = "KRB5", [TLS_KX_ECCPWD] = "ECCPWD",
                [TLS_KX_GOST] = "GOST", [TLS_KX_TLS13] = "TLS13", [TLS_KX_SCSV] = "SCSV",
        };
        return (unsigned) kx < _TLS_KX_MAX ? s[kx] : NULL;
}

const char *tls_au_to_string(enum tls_au au)
{
        static const char *const s[_TLS_AU_MAX] = {
                [TLS_AU_NULL] = "NULL", [TLS_AU_RSA] = "RSA", [TLS_AU_DSS] = "DSS", [TLS_AU_ECDSA] = "ECDSA",
                [TLS_AU_ANON] = "anon", [TLS_AU_PSK] = "PSK", [TLS_AU_SRP] = "SRP", [TLS_AU_KRB5] = "KRB5",
                [TLS_AU_GOST] = "GOST", [TLS_AU_TLS13] = "TLS13",
        };
        return (unsigned) au < _TLS_AU_MAX ? s[au] : NULL;
}

const char *tls_cipher_to_string(enum tls_cipher c)
{
        static const char *const s[_TLS_CIPHER_MAX] = {
                [TLS_CIPHER_NULL] = "NULL", [TLS_CIPHER_RC4] = "RC4", [TLS_CIPHER_RC2] = "RC2",
                [TLS_CIPHER_DES] = "DES", [TLS_CIPHER_3DES] = "3DES-EDE", [TLS_CIPHER_IDEA] = "IDEA",
                [TLS_CIPHER_SEED] = "SEED", [TLS_CIPHER_AES] = "AES", [TLS_CIPHER_CAMELLIA] = "CAMELLIA",
                [TLS_CIPHER_ARIA] = "ARIA", [TLS_CIPHER_CHACHA20] = "CHACHA20", [TLS_CIPHER_SM4] = "SM4",
                [TLS_CIPHER_GOST] = "GOST",
        };
        return (unsigned) c < _TLS_CIPHER_MAX ? s[c] : NULL;
}

const char *tls_mode_to_string(enum tls_mode m)
{
        static const char *const s[_TLS_MODE_MAX] = {
                [TLS_MODE_NONE] = "NONE", [TLS_MODE_STREAM] = "STREAM", [TLS_MODE_CBC] = "CBC",
                [TLS_MODE_GCM] = "GCM", [TLS_MODE_CCM] = "CCM", [TLS_MODE_CCM8] = "CCM-8",
                [TLS_MODE_POLY1305] = "POLY1305", [TLS_MODE_CTR] = "CTR",
        };
        return (unsigned) m < _TLS_MODE_MAX ? s[m] : NULL;
}

const char *tls_hash_to_string(enum tls_hash h)
{
        static const char *const s[_TLS_HASH_MAX] = {
                [TLS_HASH_NULL] = "NULL", [TLS_HASH_MD5] = "MD5", [TLS_HASH_SHA1] = "SHA1",
                [TLS_HASH_SHA256] = "SHA256", [TLS_HASH_SHA384] = "SHA384", [TLS_HASH_AEAD] = "AEAD",
                [TLS_HASH_SM3] = "SM3", [TLS_HASH_GOST] = "GOST", [TLS_HASH_SHA224] = "SHA224",
                [TLS_HASH_SHA512] = "SHA512",
        };
        return (unsigned) h < _TLS_HASH_MAX ? s[h] : NULL;
}

const char *tls_suite_encryption(const struct tls_suite *s, char *buf, size_t size)
{
        switch (s->cipher) {
        case TLS_CIPHER_NULL:
                snprintf(buf, size, "NULL");
                break;
        case TLS_CIPHER_CHACHA20:
                snprintf(buf, size, "CHACHA20-POLY1305");
                break;
        case TLS_CIPHER_3DES:
                snprintf(buf, size, "3DES-EDE-CBC");
                break;
        case TLS_CIPHER_RC4:
                snprintf(buf, size, "RC4-%u", s->key_bits);
                break;
        case TLS_CIPHER_DES:
        case TLS_CIPHER_IDEA:
        case TLS_CIPHER_SEED:
        case TLS_CIPHER_GOST:
                if (s->export_grade)
                        snprintf(buf, size, "%s-%u-%s", tls_cipher_to_string(s->cipher), s->key_bits, tls_mode_to_string(s->mode));
                else
                        snprintf(buf, size, "%s-%s", tls_cipher_to_string(s->cipher), tls_mode_to_string(s->mode));
                break;
        default:
                snprintf(buf, size, "%s-%u-%s", tls_cipher_to_string(s->cipher), s->key_bits, tls_mode_to_string(s->mode));
        }
        return buf;
}

/* Strengths per SP 800-57 Part 1 r5 table 2 (ECC: half the order size; FFDH: 2048→112, 3072→128, 4096→152...). */
const struct tls_group tls_groups[] = {
        { 0x0001, "sect163k1", "K-163", TLS_GROUP_ECDHE, 163, 80, true, false, false, true },
        { 0x0002, "sect163r1", NULL, TLS_GROUP_ECDHE, 163, 80, false, false, false, true },
        { 0x0003, "sect163r2", "B-163", TLS_GROUP_ECDHE, 163, 80, true, false, false, true },
        { 0x0004, "sect193r1", NULL, TLS_GROUP_ECDHE, 193, 96, false, false, false, true },
        { 0x0005, "sect193r2", NULL, TLS_GROUP_ECDHE, 193, 96, false, false, false, true },
        { 0x0006, "sect233k1", "K-233", TLS_GROUP_ECDHE, 233, 112, true, false, false, true },
        { 0x0007, "sect233r1", "B-233", TLS_GROUP_ECDHE, 233, 112, true, false, false, true },
        { 0x0008, "sect239k1", NULL, TLS_GROUP_ECDHE, 239, 112, false, false, false, true },
        { 0x0009, "sect283k1", "K-283", TLS_GROUP_ECDHE, 283, 128, true, false, false, true },
        { 0x000A, "sect283r1", "B-283", TLS_GROUP_ECDHE, 283, 128, true, false, false, true },
        { 0x000B, "sect409k1", "K-409", TLS_GROUP_ECDHE, 409, 192, true, false, false, true },
        { 0x000C, "sect409r1", "B-409", TLS_GROUP_ECDHE, 409, 192, true, false, false, true },
        { 0x000D, "sect571k1", "K-571", TLS_GROUP_ECDHE, 571, 256, true, false, false, true },
        { 0x000E, "sect571r1", "B-571", TLS_GROUP_ECDHE, 571, 256, true, false, false, true },
        { 0x000F, "secp160k1", NULL, TLS_GROUP_ECDHE, 160, 80, false, false, false, true },
        { 0x0010, "secp160r1", NULL, TLS_GROUP_ECDHE, 160, 80, false, false, false, true },
        { 0x0011, "secp160r2", NULL, TLS_GROUP_ECDHE, 160, 80, false, false, false, true },
        { 0x0012, "secp192k1", NULL, TLS_GROUP_ECDHE, 192, 96, false, false, false, true },
        { 0x0013, "secp192r1", "P-192", TLS_GROUP_ECDHE, 192, 96, true, false, false, true },
        { 0x0014, "secp224k1", NULL, TLS_GROUP_ECDHE, 224, 112, false, false, false, true },
        { 0x0015, "secp224r1", "P-224", TLS_GROUP_ECDHE, 224, 112, true, false, false, false },
        { 0x0016, "secp256k1", NULL, TLS_GROUP_ECDHE, 256, 128, false, false, false, false },
        { 0x0017, "secp256r1", "P-256", TLS_GROUP_ECDHE, 256, 128, true, false, false, false },
        { 0x0018, "secp384r1", "P-384", TLS_GROUP_ECDHE, 384, 192, true, false, false, false },
        { 0x0019, "secp521r1", "P-521", TLS_GROUP_ECDHE, 521, 256, true, false, false, false },
        { 0x001A, "brainpoolP256r1", NULL, TLS_GROUP_ECDHE, 256, 128, false, true, false, false },
        { 0x001B, "brainpoolP384r1", NULL, TLS_GROUP_ECDHE, 384, 192, false, true, false, false },
        { 0x001C, "brainpoolP512r1", NULL, TLS_GROUP_ECDHE, 512, 256, false, true, false, false },
        { 0x001D, "x25519", "X25519", TLS_GROUP_ECDHE_MONT, 255, 128, false, false, false, false },
        { 0x001E, "x448", "X448", TLS_GROUP_ECDHE_MONT, 448, 224, false, false, false, false },
        { 0x001F, "brainpoolP256r1tls13", NULL, TLS_GROUP_ECDHE, 256, 128, false, true, true, false },
        { 0x0020, "brainpoolP384r1tls13", NULL, TLS_GROUP_ECDHE, 384, 192, false, true, true, false },
        { 0x0021, "brainpoolP512r1tls13", NULL, TLS_GROUP_ECDHE, 512, 256, false, true, true, false },
        { 0x0022, "GC256A", NULL, TLS_GROUP_ECDHE, 256, 128, false, false, false, false },
        { 0x0023, "GC256B", NULL, TLS_GROUP_ECDHE, 256, 128, false, false, false, false },
        { 0x0024, "GC256C", NULL, TLS_GROUP_ECDHE, 256, 128, false, false, false, false },
        { 0x0025, "GC256D", NULL, TLS_GROUP_ECDHE, 256, 128, false, false, false, false },
        { 0x0026, "GC512A", NULL, TLS_GROUP_ECDHE, 512, 256, false, false, false, false },
        { 0x0027, "GC512B", NULL, TLS_GROUP_ECDHE, 512, 256, false, false, false, false },
        { 0x0028, "GC512C", NULL, TLS_GROUP_ECDHE, 512, 256, false, false, false, false },
        { 0x0029, "curveSM2", "SM2", TLS_GROUP_ECDHE, 256, 128, false, false, true, false },
        { 0x0100, "ffdhe2048", NULL, TLS_GROUP_FFDHE, 2048, 112, true, false, false, false },
        { 0x0101, "ffdhe3072", NULL, TLS_GROUP_FFDHE, 3072, 128, true, false, false, false },
        { 0x0102, "ffdhe4096", NULL, TLS_GROUP_FFDHE, 4096, 152, true, false, false, false },
        { 0x0103, "ffdhe6144", NULL, TLS_GROUP_FFDHE, 6144, 176, true, false, false, false },
        { 0x0104, "ffdhe8192", NULL, TLS_GROUP_FFDHE, 8192, 200, true, false, false, false },
        { 0x0200, "MLKEM512", "ML-KEM-512", TLS_GROUP_PQ, 512, 128, true, false, true, false },
        { 0x0201, "MLKEM768", "ML-KEM-768", TLS_GROUP_PQ, 768, 192, true, false, true, false },
        { 0x0202, "MLKEM1024", "ML-KEM-1024", TLS_GROUP_PQ, 1024, 256, true, false, true, false },
        { 0x11EB, "SecP256r1MLKEM768", NULL, TLS_GROUP_HYBRID_PQ, 256, 128, true, false, true, false },
        { 0x11EC, "X25519MLKEM768", NULL, TLS_GROUP_HYBRID_PQ, 255, 128, true, false, true, false },
        { 0x11ED, "SecP384r1MLKEM1024", NULL, TLS_GROUP_HYBRID_PQ, 384, 192, true, false, true, false },
        /* Pre-standard Kyber draft code point, still sent by some clients and servers. */
        { 0x6399, "X25519Kyber768Draft00", NULL, TLS_GROUP_HYBRID_PQ, 255, 128, false, false, true, true },
        { 0xFF01, "arbitrary_explicit_prime_curves", NULL, TLS_GROUP_ECDHE, 0, 0, false, false, false, true },
        { 0xFF02, "arbitrary_explicit_char2_curves", NULL, TLS_GROUP_ECDHE, 0, 0, false, false, false, true },
};
const size_t tls_groups_count = ARRAY_SIZE(tls_groups);

const struct tls_group *tls_group_by_code(uint16_t code)
{
        for (size_t i = 0; i < tls_groups_count; i++)
                if (tls_groups[i].code == code)
                        return &tls_groups[i];
        return NULL;
}

const struct tls_group *tls_group_by_name(const char *name)
{
        /* OpenSSL's own spellings of the common curves. */
        static const struct { const char *alias; uint16_t code; } aliases[] = {
                { "prime256v1", 0x0017 }, { "prime192v1", 0x0013 }, { "P256", 0x0017 },
                { "P384", 0x0018 }, { "P521", 0x0019 }, { "X25519MLKEM768", 0x11EC },
        };
        if (!name)
                return NULL;
        for (size_t i = 0; i < tls_groups_count; i++)
                if (strcaseeq(tls_groups[i].name, name) || (tls_groups[i].openssl && strcaseeq(tls_groups[i].openssl, name)))
                        return &tls_groups[i];
        for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
                if (strcaseeq(aliases[i].alias, name))
                        return tls_group_by_code(aliases[i].code);
        return NULL;
}

const struct tls_sigscheme tls_sigschemes[] = {
        /* TLS 1.2 hash/signature pairs that have no TLS 1.3 scheme name: IANA lists them as legacy. */
        { 0x0101, "rsa_md5", TLS_SIG_RSA_PKCS1, TLS_HASH_MD5, 0, true },
        { 0x0102, "dsa_md5", TLS_SIG_DSA, TLS_HASH_MD5, 0, true },
        { 0x0103, "ecdsa_md5", TLS_SIG_ECDSA, TLS_HASH_MD5, 0, true },
        { 0x0201, "rsa_pkcs1_sha1", TLS_SIG_RSA_PKCS1, TLS_HASH_SHA1, 0, true },
        { 0x0202, "dsa_sha1", TLS_SIG_DSA, TLS_HASH_SHA1, 0, true },
        { 0x0203, "ecdsa_sha1", TLS_SIG_ECDSA, TLS_HASH_SHA1, 0, true },
        { 0x0301, "rsa_sha224", TLS_SIG_RSA_PKCS1, TLS_HASH_SHA224, 0, true },
        { 0x0302, "dsa_sha224", TLS_SIG_DSA, TLS_HASH_SHA224, 0, true },
        { 0x0303, "ecdsa_sha224", TLS_SIG_ECDSA, TLS_HASH_SHA224, 0, true },
        { 0x0401, "rsa_pkcs1_sha256", TLS_SIG_RSA_PKCS1, TLS_HASH_SHA256, 0, false },
        { 0x0402, "dsa_sha256", TLS_SIG_DSA, TLS_HASH_SHA256, 0, true },
        { 0x0403, "ecdsa_secp256r1_sha256", TLS_SIG_ECDSA, TLS_HASH_SHA256, 256, false },
        { 0x0420, "rsa_pkcs1_sha256_legacy", TLS_SIG_RSA_PKCS1, TLS_HASH_SHA256, 0, true },
        { 0x0501, "rsa_pkcs1_sha384", TLS_SIG_RSA_PKCS1, TLS_HASH_SHA384, 0, false },
        { 0x0502, "dsa_sha384", TLS_SIG_DSA, TLS_HASH_SHA384, 0, true },
        { 0x0503, "ecdsa_secp384r1_sha384", TLS_SIG_ECDSA, TLS_HASH_SHA384, 384, false },
        { 0x0520, "rsa_pkcs1_sha384_legacy", TLS_SIG_RSA_PKCS1, TLS_HASH_SHA384, 0, true },
        { 0x0601, "rsa_pkcs1_sha512", TLS_SIG_RSA_PKCS1, TLS_HASH_SHA512, 0, false },
        { 0x0602, "dsa_sha512", TLS_SIG_DSA, TLS_HASH_SHA512, 0, true },
        { 0x0603, "ecdsa_secp521r1_sha512", TLS_SIG_ECDSA, TLS_HASH_SHA512, 521, false },
        { 0x0620, "rsa_pkcs1_sha512_legacy", TLS_SIG_RSA_PKCS1, TLS_HASH_SHA512, 0, true },
        { 0x0708, "sm2sig_sm3", TLS_SIG_SM2, TLS_HASH_SM3, 256, false },
        { 0x0709, "gostr34102012_256a", TLS_SIG_GOST, TLS_HASH_GOST, 256, false },
        { 0x070A, "gostr34102012_256b", TLS_SIG_GOST, TLS_HASH_GOST, 256, false },
        { 0x070B, "gostr34102012_256c", TLS_SIG_GOST, TLS_HASH_GOST, 256, false },
        { 0x070C, "gostr34102012_256d", TLS_SIG_GOST, TLS_HASH_GOST, 256, false },
        { 0x070D, "gostr34102012_512a", TLS_SIG_GOST, TLS_HASH_GOST, 512, false },
        { 0x070E, "gostr34102012_512b", TLS_SIG_GOST, TLS_HASH_GOST, 512, false },
        { 0x070F, "gostr34102012_512c", TLS_SIG_GOST, TLS_HASH_GOST, 512, false },
        { 0x0804, "rsa_pss_rsae_sha256", TLS_SIG_RSA_PSS, TLS_HASH_SHA256, 0, false },
        { 0x0805, "rsa_pss_rsae_sha384", TLS_SIG_RSA_PSS, TLS_HASH_SHA384, 0, false },
        { 0x0806, "rsa_pss_rsae_sha512", TLS_SIG_RSA_PSS, TLS_HASH_SHA512, 0, false },
        { 0x0807, "ed25519", TLS_SIG_EDDSA, TLS_HASH_NULL, 255, false },
        { 0x0808, "ed448", TLS_SIG_EDDSA, TLS_HASH_NULL, 448, false },
        { 0x0809, "rsa_pss_pss_sha256", TLS_SIG_RSA_PSS, TLS_HASH_SHA256, 0, false },
        { 0x080A, "rsa_pss_pss_sha384", TLS_SIG_RSA_PSS, TLS_HASH_SHA384, 0, false },
        { 0x080B, "rsa_pss_pss_sha512", TLS_SIG_RSA_PSS, TLS_HASH_SHA512, 0, false },
        { 0x081A, "ecdsa_brainpoolP256r1tls13_sha256", TLS_SIG_ECDSA, TLS_HASH_SHA256, 256, false },
        { 0x081B, "ecdsa_brainpoolP384r1tls13_sha384", TLS_SIG_ECDSA, TLS_HASH_SHA384, 384, false },
        { 0x081C, "ecdsa_brainpoolP512r1tls13_sha512", TLS_SIG_ECDSA, TLS_HASH_SHA512, 512, false },
        { 0x0904, "mldsa44", TLS_SIG_MLDSA, TLS_HASH_NULL, 0, false },
        { 0x0905, "mldsa65", TLS_SIG_MLDSA, TLS_HASH_NULL, 0, false },
        { 0x0906, "mldsa87", TLS_SIG_MLDSA, TLS_HASH_NULL, 0, false },
};
const size_t tls_sigschemes_count = ARRAY_SIZE(tls_sigschemes);

const struct tls_sigscheme *tls_sigscheme_by_code(uint16_t code)
{
        for (size_t i = 0; i < tls_sigschemes_count; i++)
                if (tls_sigschemes[i].code == code)
                        return &tls_sigschemes[i];
        return NULL;
}

const struct tls_sigscheme *tls_sigscheme_by_name(const char *name)
{
        /* OpenSSL's "SignatureAlgorithms" spellings: ALG+HASH or the IANA name. */
        static const struct { const char *alias; uint16_t code; } aliases[] = {
                { "RSA+SHA1", 0x0201 }, { "DSA+SHA1", 0x0202 }, { "ECDSA+SHA1", 0x0203 },
                { "RSA+SHA224", 0x0301 }, { "DSA+SHA224", 0x0302 }, { "ECDSA+SHA224", 0x0303 },
                { "RSA+SHA256", 0x0401 }, { "DSA+SHA256", 0x0402 }, { "ECDSA+SHA256", 0x0403 },
                { "RSA+SHA384", 0x0501 }, { "DSA+SHA384", 0x0502 }, { "ECDSA+SHA384", 0x0503 },
                { "RSA+SHA512", 0x0601 }, { "DSA+SHA512", 0x0602 }, { "ECDSA+SHA512", 0x0603 },
                { "RSA-PSS+SHA256", 0x0804 }, { "RSA-PSS+SHA384", 0x0805 }, { "RSA-PSS+SHA512", 0x0806 },
                { "PSS+SHA256", 0x0804 }, { "PSS+SHA384", 0x0805 }, { "PSS+SHA512", 0x0806 },
                { "RSA+MD5", 0x0101 }, { "Ed25519", 0x0807 }, { "Ed448", 0x0808 },
        };
        if (!name)
                return NULL;
        for (size_t i = 0; i < tls_sigschemes_count; i++)
                if (strcaseeq(tls_sigschemes[i].name, name))
                        return &tls_sigschemes[i];
        for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
                if (strcaseeq(aliases[i].alias, name))
                        return tls_sigscheme_by_code(aliases[i].code);
        return NULL;
}
