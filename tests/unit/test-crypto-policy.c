/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include "crypto-policy.h"
#include "macro.h"
#include "tls-suites.h"

#define LIT(s) s, sizeof(s) - 1

static struct crypto_policy *nist, *bsi;

static int setup(void **state)
{
        assert_int_equal(crypto_policy_builtin("nist", &nist), 0);
        assert_int_equal(crypto_policy_builtin("BSI", &bsi), 0);
        return 0;
}

static int teardown(void **state)
{
        crypto_policy_free(nist);
        crypto_policy_free(bsi);
        return 0;
}

/* ---- tables ---- */

static void test_suite_table(void **state)
{
        const struct tls_suite *s;
        char buf[48];

        assert_true(tls_suites_count >= 350);
        /* Sorted and unique by code, names unique: lookups depend on it. */
        for (size_t i = 1; i < tls_suites_count; i++)
                assert_true(tls_suites[i - 1].code < tls_suites[i].code);
        for (size_t i = 0; i < tls_suites_count; i++) {
                assert_ptr_equal(tls_suite_by_code(tls_suites[i].code), &tls_suites[i]);
                assert_ptr_equal(tls_suite_by_name(tls_suites[i].iana), &tls_suites[i]);
                if (tls_suites[i].openssl)
                        assert_ptr_equal(tls_suite_by_name(tls_suites[i].openssl), &tls_suites[i]);
        }

        s = tls_suite_by_code(0xC02F);
        assert_non_null(s);
        assert_string_equal(s->iana, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assert_string_equal(s->openssl, "ECDHE-RSA-AES128-GCM-SHA256");
        assert_int_equal(s->kx, TLS_KX_ECDHE);
        assert_int_equal(s->au, TLS_AU_RSA);
        assert_int_equal(s->cipher, TLS_CIPHER_AES);
        assert_int_equal(s->mode, TLS_MODE_GCM);
        assert_int_equal(s->key_bits, 128);
        assert_int_equal(s->mac, TLS_HASH_AEAD);
        assert_int_equal(s->prf, TLS_HASH_SHA256);
        assert_int_equal(s->min_version, TLS_VERSION_TLS12);
        assert_string_equal(tls_suite_encryption(s, buf, sizeof(buf)), "AES-128-GCM");

        s = tls_suite_by_name("DES-CBC3-SHA");
        assert_non_null(s);
        assert_int_equal(s->code, 0x000A);
        assert_int_equal(s->strength, 112);
        assert_int_equal(s->key_bits, 168);
        assert_string_equal(tls_suite_encryption(s, buf, sizeof(buf)), "3DES-EDE-CBC");

        s = tls_suite_by_code(0x0003);
        assert_true(s->export_grade);
        assert_int_equal(s->strength, 40);
        assert_int_equal(s->mac, TLS_HASH_MD5);

        s = tls_suite_by_code(0x1301);
        assert_int_equal(s->kx, TLS_KX_TLS13);
        assert_int_equal(s->min_version, TLS_VERSION_TLS13);
        s = tls_suite_by_code(0x1305);
        assert_int_equal(s->mode, TLS_MODE_CCM8);

        s = tls_suite_by_code(0x0034);
        assert_true(tls_suite_is_anon(s));
        assert_int_equal(s->kx, TLS_KX_DHE);
        s = tls_suite_by_code(0xCCA8);
        assert_int_equal(s->cipher, TLS_CIPHER_CHACHA20);
        assert_int_equal(s->mode, TLS_MODE_POLY1305);
        s = tls_suite_by_code(0xC0AA);
        assert_string_equal(s->iana, "TLS_PSK_DHE_WITH_AES_128_CCM_8");
        assert_int_equal(s->kx, TLS_KX_DHE_PSK);
        s = tls_suite_by_code(0x00FF);
        assert_true(s->scsv);
        s = tls_suite_by_code(0x0096);
        assert_int_equal(s->cipher, TLS_CIPHER_SEED);
        s = tls_suite_by_code(0xC051);
        assert_int_equal(s->cipher, TLS_CIPHER_ARIA);
        assert_int_equal(s->key_bits, 256);
        s = tls_suite_by_code(0x00BA);
        assert_int_equal(s->cipher, TLS_CIPHER_CAMELLIA);
        assert_int_equal(s->mac, TLS_HASH_SHA256);
        s = tls_suite_by_code(0x000D);
        assert_int_equal(s->kx, TLS_KX_DH);
        assert_int_equal(s->au, TLS_AU_DSS);
        s = tls_suite_by_code(0xC005);
        assert_int_equal(s->kx, TLS_KX_ECDH);
        assert_int_equal(s->au, TLS_AU_ECDSA);

        assert_null(tls_suite_by_code(0x0A0A)); /* GREASE */
        assert_null(tls_suite_by_name("TLS_NOT_A_SUITE"));
        assert_non_null(tls_suite_by_name("SSL_RSA_WITH_RC4_128_MD5"));
        assert_non_null(tls_suite_by_name("tls_aes_256_gcm_sha384"));
}

static void test_group_and_sig_tables(void **state)
{
        assert_int_equal(tls_group_by_name("P-256")->code, 0x0017);
        assert_int_equal(tls_group_by_name("prime256v1")->code, 0x0017);
        assert_int_equal(tls_group_by_name("X25519")->code, 0x001D);
        assert_int_equal(tls_group_by_name("ffdhe3072")->code, 0x0101);
        assert_int_equal(tls_group_by_name("X25519MLKEM768")->code, 0x11EC);
        assert_int_equal(tls_group_by_name("SecP256r1MLKEM768")->code, 0x11EB);
        assert_int_equal(tls_group_by_name("brainpoolP256r1tls13")->code, 0x001F);
        assert_string_equal(tls_group_by_code(0x0018)->name, "secp384r1");
        assert_null(tls_group_by_code(0x1A1A));
        assert_null(tls_group_by_name("nope"));

        assert_string_equal(tls_sigscheme_by_code(0x0401)->name, "rsa_pkcs1_sha256");
        assert_string_equal(tls_sigscheme_by_code(0x0807)->name, "ed25519");
        assert_int_equal(tls_sigscheme_by_name("RSA-PSS+SHA256")->code, 0x0804);
        assert_int_equal(tls_sigscheme_by_name("ECDSA+SHA1")->code, 0x0203);
        assert_int_equal(tls_sigscheme_by_name("rsa_pss_rsae_sha512")->code, 0x0806);
        assert_null(tls_sigscheme_by_code(0xFFFF));

        uint16_t v = 0;
        assert_int_equal(tls_version_from_string("TLSv1", &v), 0);
        assert_int_equal(v, TLS_VERSION_TLS10);
        assert_int_equal(tls_version_from_string("tlsv1.3", &v), 0);
        assert_int_equal(v, TLS_VERSION_TLS13);
        assert_int_equal(tls_version_from_string("TLSv2", &v), -EINVAL);
        assert_string_equal(tls_version_to_string(TLS_VERSION_TLS12), "TLSv1.2");
        assert_null(tls_version_to_string(0x7f1c));
}

/* ---- verdicts, table driven ---- */

struct suite_case {
        uint16_t code;
        enum cp_status nist;
        enum cp_status bsi;
};

static void test_suite_verdicts(void **state)
{
        static const struct suite_case cases[] = {
                { 0x1301, CP_ACCEPTABLE, CP_ACCEPTABLE },   /* TLS_AES_128_GCM_SHA256 */
                { 0x1302, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 0x1303, CP_DEPRECATED, CP_DEPRECATED },   /* ChaCha20 */
                { 0x1304, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 0x1305, CP_ACCEPTABLE, CP_DEPRECATED },   /* CCM_8 */
                { 0xC02F, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 0xC030, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 0xC02B, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 0x009E, CP_ACCEPTABLE, CP_ACCEPTABLE },   /* DHE-RSA-AES128-GCM */
                { 0xC0AC, CP_ACCEPTABLE, CP_ACCEPTABLE },   /* ECDHE-ECDSA-AES128-CCM */
                { 0xC0AE, CP_ACCEPTABLE, CP_DEPRECATED },   /* ECDHE-ECDSA-AES128-CCM8 */
                { 0xCCA8, CP_DEPRECATED, CP_DEPRECATED },   /* ECDHE-RSA-CHACHA20 */
                { 0xC027, CP_LEGACY, CP_ACCEPTABLE },       /* ECDHE-RSA-AES128-SHA256 (CBC) */
                { 0xC013, CP_LEGACY, CP_DEPRECATED },       /* ECDHE-RSA-AES128-SHA (CBC, SHA-1) */
                { 0x002F, CP_DISALLOWED, CP_DEPRECATED },   /* static RSA */
                { 0x009C, CP_DISALLOWED, CP_DEPRECATED },   /* static RSA GCM */
                { 0x000A, CP_DISALLOWED, CP_DISALLOWED },   /* 3DES */
                { 0xC012, CP_DISALLOWED, CP_DISALLOWED },   /* ECDHE 3DES */
                { 0x0005, CP_DISALLOWED, CP_DISALLOWED },   /* RC4 */
                { 0x0004, CP_DISALLOWED, CP_DISALLOWED },
                { 0x0003, CP_DISALLOWED, CP_DISALLOWED },   /* export */
                { 0x0062, CP_DISALLOWED, CP_DISALLOWED },   /* export1024 */
                { 0x0009, CP_DISALLOWED, CP_DISALLOWED },   /* DES */
                { 0x0001, CP_DISALLOWED, CP_DISALLOWED },   /* NULL */
                { 0x0000, CP_DISALLOWED, CP_DISALLOWED },
                { 0xC0B4, CP_DISALLOWED, CP_DISALLOWED },   /* TLS 1.3 integrity only */
                { 0x0034, CP_DISALLOWED, CP_DISALLOWED },   /* ADH */
                { 0xC018, CP_DISALLOWED, CP_DISALLOWED },   /* AECDH */
                { 0x00A6, CP_DISALLOWED, CP_DISALLOWED },   /* ADH GCM */
                { 0x0041, CP_DEPRECATED, CP_DEPRECATED },   /* Camellia */
                { 0xC051, CP_DEPRECATED, CP_DEPRECATED },   /* ARIA */
                { 0x0096, CP_DEPRECATED, CP_DEPRECATED },   /* SEED */
                { 0x0007, CP_DEPRECATED, CP_DEPRECATED },   /* IDEA */
                { 0xC02D, CP_DEPRECATED, CP_DEPRECATED },   /* static ECDH */
                { 0x00A4, CP_DEPRECATED, CP_DEPRECATED },   /* static DH */
                { 0x00A2, CP_DEPRECATED, CP_DEPRECATED },   /* DHE-DSS */
                { 0xC01D, CP_DEPRECATED, CP_DEPRECATED },   /* SRP */
                { 0x00A8, CP_LEGACY, CP_LEGACY },           /* PSK GCM */
                { 0x00AA, CP_ACCEPTABLE, CP_ACCEPTABLE },   /* DHE-PSK GCM */
                { 0xD001, CP_ACCEPTABLE, CP_ACCEPTABLE },   /* ECDHE-PSK GCM */
                { 0x00AC, CP_DISALLOWED, CP_DEPRECATED },   /* RSA-PSK */
                { 0x00FF, CP_ACCEPTABLE, CP_ACCEPTABLE },   /* SCSV */
                { 0x5600, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 0xC102, CP_DEPRECATED, CP_DEPRECATED },   /* GOST */
        };
        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                const struct tls_suite *s = tls_suite_by_code(cases[i].code);
                struct cp_verdict n, b;

                assert_non_null(s);
                n = cp_tls_suite(nist, s);
                b = cp_tls_suite(bsi, s);
                if (n.status != cases[i].nist || b.status != cases[i].bsi)
                        fail_msg("0x%04X %s: nist %s (%s), bsi %s (%s)", s->code, s->iana, cp_status_to_string(n.status), n.reason,
                                 cp_status_to_string(b.status), b.reason);
                /* Every verdict names the suite and a rule. */
                assert_non_null(strstr(n.reason, s->iana));
                assert_non_null(n.rule);
                assert_non_null(b.rule);
                assert_true(strlen(n.rule) > 0);
        }
        assert_int_equal(cp_tls_suite_code(nist, 0x0A0A).status, CP_UNKNOWN);
        assert_int_equal(cp_tls_suite_code(nist, 0xC02F).status, CP_ACCEPTABLE);
        assert_non_null(strstr(cp_tls_suite(nist, tls_suite_by_code(0x002F)).rule, "800-131A"));
        assert_non_null(strstr(cp_tls_suite(bsi, tls_suite_by_code(0xC02F)).rule, "TR-02102-2"));
}

static void test_suite_etm(void **state)
{
        const struct tls_suite *cbc = tls_suite_by_code(0xC027), *gcm = tls_suite_by_code(0xC02F), *rsa = tls_suite_by_code(0x002F);

        assert_int_equal(cp_tls_suite_etm(nist, cbc, -1).status, CP_LEGACY);
        assert_int_equal(cp_tls_suite_etm(nist, cbc, 1).status, CP_ACCEPTABLE);
        assert_int_equal(cp_tls_suite_etm(nist, cbc, 0).status, CP_DEPRECATED);
        assert_non_null(strstr(cp_tls_suite_etm(nist, cbc, 0).reason, "without encrypt-then-MAC"));
        assert_int_equal(cp_tls_suite_etm(bsi, cbc, 0).status, CP_DEPRECATED);
        /* Not CBC, or already failing for another reason: unchanged. */
        assert_int_equal(cp_tls_suite_etm(nist, gcm, 0).status, CP_ACCEPTABLE);
        assert_int_equal(cp_tls_suite_etm(nist, rsa, 1).status, CP_DISALLOWED);

}

static void test_every_suite_judged(void **state)
{
        /* No suite of the table falls through to UNKNOWN, and every reason fits. */
        for (size_t i = 0; i < tls_suites_count; i++) {
                struct cp_verdict v = cp_tls_suite(nist, &tls_suites[i]);
                assert_int_not_equal(v.status, CP_UNKNOWN);
                assert_true(strlen(v.reason) < CP_REASON_MAX);
                v = cp_tls_suite(bsi, &tls_suites[i]);
                assert_int_not_equal(v.status, CP_UNKNOWN);
        }
}

static void test_version_verdicts(void **state)
{
        static const struct { uint16_t v; enum cp_status nist, bsi; } cases[] = {
                { 0x0002, CP_DISALLOWED, CP_DISALLOWED },
                { TLS_VERSION_SSL3, CP_DISALLOWED, CP_DISALLOWED },
                { TLS_VERSION_TLS10, CP_DEPRECATED, CP_DISALLOWED },
                { TLS_VERSION_TLS11, CP_DEPRECATED, CP_DISALLOWED },
                { TLS_VERSION_TLS12, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { TLS_VERSION_TLS13, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 0x7F17, CP_UNKNOWN, CP_UNKNOWN },
        };
        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                assert_int_equal(cp_tls_version(nist, cases[i].v).status, cases[i].nist);
                assert_int_equal(cp_tls_version(bsi, cases[i].v).status, cases[i].bsi);
        }
        assert_non_null(strstr(cp_tls_version(nist, TLS_VERSION_TLS10).rule, "800-52r2"));
        assert_non_null(strstr(cp_tls_version(nist, TLS_VERSION_TLS10).reason, "TLSv1.0"));
}

static void test_group_verdicts(void **state)
{
        static const struct { const char *name; enum cp_status nist, bsi; } cases[] = {
                { "secp256r1", CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "secp384r1", CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "secp521r1", CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "secp224r1", CP_LEGACY, CP_DISALLOWED },
                { "secp192r1", CP_DISALLOWED, CP_DISALLOWED },
                { "sect163k1", CP_DISALLOWED, CP_DISALLOWED },
                { "sect283k1", CP_DISALLOWED, CP_DISALLOWED },
                { "x25519", CP_DEPRECATED, CP_DEPRECATED },
                { "x448", CP_DEPRECATED, CP_DEPRECATED },
                { "brainpoolP256r1", CP_DEPRECATED, CP_ACCEPTABLE },
                { "brainpoolP384r1tls13", CP_DEPRECATED, CP_ACCEPTABLE },
                { "ffdhe2048", CP_LEGACY, CP_DISALLOWED },
                { "ffdhe3072", CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "ffdhe8192", CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "X25519MLKEM768", CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "SecP384r1MLKEM1024", CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "MLKEM768", CP_ACCEPTABLE, CP_DEPRECATED },
                { "X25519Kyber768Draft00", CP_DEPRECATED, CP_DEPRECATED },
                { "secp256k1", CP_DEPRECATED, CP_DEPRECATED },
                { "arbitrary_explicit_prime_curves", CP_DISALLOWED, CP_DISALLOWED },
        };
        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                const struct tls_group *g = tls_group_by_name(cases[i].name);
                struct cp_verdict n, b;
                assert_non_null(g);
                n = cp_tls_group(nist, g);
                b = cp_tls_group(bsi, g);
                if (n.status != cases[i].nist || b.status != cases[i].bsi)
                        fail_msg("%s: nist %s (%s), bsi %s (%s)", g->name, cp_status_to_string(n.status), n.reason,
                                 cp_status_to_string(b.status), b.reason);
                assert_non_null(strstr(n.reason, g->name));
        }
        for (size_t i = 0; i < tls_groups_count; i++)
                assert_int_not_equal(cp_tls_group(nist, &tls_groups[i]).status, CP_UNKNOWN);
}

static void test_sigscheme_verdicts(void **state)
{
        static const struct { const char *name; enum cp_status nist, bsi; } cases[] = {
                { "rsa_pkcs1_sha256", CP_ACCEPTABLE, CP_DEPRECATED },
                { "rsa_pss_rsae_sha256", CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "rsa_pss_pss_sha512", CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "ecdsa_secp256r1_sha256", CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "ecdsa_brainpoolP256r1tls13_sha256", CP_LEGACY, CP_ACCEPTABLE },
                { "ed25519", CP_ACCEPTABLE, CP_LEGACY },
                { "rsa_pkcs1_sha1", CP_DISALLOWED, CP_DISALLOWED },
                { "ecdsa_sha1", CP_DISALLOWED, CP_DISALLOWED },
                { "rsa_md5", CP_DISALLOWED, CP_DISALLOWED },
                { "dsa_sha256", CP_DISALLOWED, CP_DISALLOWED },
                { "rsa_sha224", CP_LEGACY, CP_DEPRECATED },
                { "rsa_pkcs1_sha256_legacy", CP_DEPRECATED, CP_DEPRECATED },
                { "mldsa65", CP_ACCEPTABLE, CP_ACCEPTABLE },
        };
        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                const struct tls_sigscheme *s = tls_sigscheme_by_name(cases[i].name);
                struct cp_verdict n, b;
                assert_non_null(s);
                n = cp_tls_sigscheme(nist, s);
                b = cp_tls_sigscheme(bsi, s);
                if (n.status != cases[i].nist || b.status != cases[i].bsi)
                        fail_msg("%s: nist %s (%s), bsi %s (%s)", s->name, cp_status_to_string(n.status), n.reason,
                                 cp_status_to_string(b.status), b.reason);
        }
}

static void test_key_and_hash_verdicts(void **state)
{
        static const struct { const char *type; unsigned bits; const char *curve; enum cp_status nist, bsi; } keys[] = {
                { "RSA", 1024, NULL, CP_DISALLOWED, CP_DISALLOWED },
                { "RSA", 2048, NULL, CP_LEGACY, CP_DISALLOWED },
                { "RSA", 3072, NULL, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "RSA", 4096, NULL, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "RSA-PSS", 3072, NULL, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "DSA", 2048, NULL, CP_DISALLOWED, CP_DISALLOWED },
                { "DH", 1024, NULL, CP_DISALLOWED, CP_DISALLOWED },
                { "DH", 2048, NULL, CP_LEGACY, CP_DISALLOWED },
                { "EC", 256, "prime256v1", CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "EC", 384, "secp384r1", CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "EC", 224, "secp224r1", CP_LEGACY, CP_DISALLOWED },
                { "EC", 192, "prime192v1", CP_DISALLOWED, CP_DISALLOWED },
                { "EC", 256, "brainpoolP256r1", CP_LEGACY, CP_ACCEPTABLE },
                { "EC", 256, "secp256k1", CP_DEPRECATED, CP_DEPRECATED },
                { "ED25519", 256, NULL, CP_ACCEPTABLE, CP_LEGACY },
                { "ED448", 456, NULL, CP_ACCEPTABLE, CP_LEGACY },
                { "SM2", 256, NULL, CP_UNKNOWN, CP_UNKNOWN },
        };
        static const struct { const char *name; enum cp_hash_use use; enum cp_status nist, bsi; } hashes[] = {
                { "md5", CP_HASH_GENERAL, CP_DISALLOWED, CP_DISALLOWED },
                { "SHA1", CP_HASH_SIGNATURE, CP_DISALLOWED, CP_DISALLOWED },
                { "sha-1", CP_HASH_HMAC, CP_LEGACY, CP_DEPRECATED },
                { "sha1", CP_HASH_GENERAL, CP_DEPRECATED, CP_DEPRECATED },
                { "sha224", CP_HASH_SIGNATURE, CP_LEGACY, CP_LEGACY },
                { "SHA-256", CP_HASH_SIGNATURE, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "sha512", CP_HASH_SIGNATURE, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "sha3-256", CP_HASH_GENERAL, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "ripemd160", CP_HASH_GENERAL, CP_DEPRECATED, CP_DEPRECATED },
                { "whatever", CP_HASH_GENERAL, CP_UNKNOWN, CP_UNKNOWN },
        };
        for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
                struct cp_verdict n = cp_public_key(nist, keys[i].type, keys[i].bits, keys[i].curve);
                struct cp_verdict b = cp_public_key(bsi, keys[i].type, keys[i].bits, keys[i].curve);
                if (n.status != keys[i].nist || b.status != keys[i].bsi)
                        fail_msg("%s %u: nist %s (%s), bsi %s (%s)", keys[i].type, keys[i].bits, cp_status_to_string(n.status), n.reason,
                                 cp_status_to_string(b.status), b.reason);
        }
        for (size_t i = 0; i < ARRAY_SIZE(hashes); i++) {
                struct cp_verdict n = cp_hash(nist, hashes[i].name, hashes[i].use);
                struct cp_verdict b = cp_hash(bsi, hashes[i].name, hashes[i].use);
                if (n.status != hashes[i].nist || b.status != hashes[i].bsi)
                        fail_msg("%s: nist %s (%s), bsi %s (%s)", hashes[i].name, cp_status_to_string(n.status), n.reason,
                                 cp_status_to_string(b.status), b.reason);
        }
}

static void test_certificate_verdicts(void **state)
{
        const int64_t now = 1800000000; /* 2027-01-15 */
        struct cp_cert good = {
                .key_type = "EC", .key_bits = 256, .curve = "prime256v1", .sig_hash = "sha256",
                .not_before = now - 86400 * 30, .not_after = now + 86400 * 300, .now = now,
                .has_san = true, .has_eku = true, .eku_server_auth = true, .tls_server = true,
        };
        struct cp_cert c;
        struct cp_verdict v;

        v = cp_certificate(nist, &good);
        assert_int_equal(v.status, CP_ACCEPTABLE);

        c = good;
        c.not_after = now - 86400;
        v = cp_certificate(nist, &c);
        assert_int_equal(v.status, CP_DISALLOWED);
        assert_non_null(strstr(v.reason, "expired on"));

        c = good;
        c.sig_hash = "sha1";
        c.sig_alg = "sha1WithRSAEncryption";
        v = cp_certificate(nist, &c);
        assert_int_equal(v.status, CP_DISALLOWED);
        assert_non_null(strstr(v.reason, "sha1WithRSAEncryption"));
        assert_non_null(strstr(v.rule, "800-131A"));

        /* A self-signed root's own signature does not matter. */
        c.self_signed = true;
        assert_int_equal(cp_certificate(nist, &c).status, CP_ACCEPTABLE);

        c = good;
        c.not_after = c.not_before + 86400LL * 3650;
        v = cp_certificate(nist, &c);
        assert_int_equal(v.status, CP_DEPRECATED);
        assert_non_null(strstr(v.reason, "3650 days"));

        c = good;
        c.has_san = false;
        c.has_eku = false;
        v = cp_certificate(nist, &c);
        assert_int_equal(v.status, CP_DEPRECATED);
        assert_non_null(strstr(v.reason, "subjectAltName"));
        assert_non_null(strstr(v.reason, "extendedKeyUsage"));

        /* Not a TLS server certificate: SAN and lifetime are not judged. */
        c.tls_server = false;
        assert_int_equal(cp_certificate(nist, &c).status, CP_ACCEPTABLE);

        c = good;
        c.key_type = "RSA";
        c.key_bits = 2048;
        c.curve = NULL;
        assert_int_equal(cp_certificate(nist, &c).status, CP_LEGACY);
        assert_int_equal(cp_certificate(bsi, &c).status, CP_DISALLOWED);

        c = good;
        c.not_before = now + 86400;
        assert_int_equal(cp_certificate(nist, &c).status, CP_DEPRECATED);
}

static void test_ssh_verdicts(void **state)
{
        static const struct { char kind; const char *name; unsigned bits; enum cp_status nist, bsi; } cases[] = {
                { 'k', "curve25519-sha256", 0, CP_DEPRECATED, CP_DEPRECATED },
                { 'k', "ecdh-sha2-nistp256", 0, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 'k', "diffie-hellman-group14-sha256", 0, CP_LEGACY, CP_DISALLOWED },
                { 'k', "diffie-hellman-group16-sha512", 0, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 'k', "diffie-hellman-group1-sha1", 0, CP_DISALLOWED, CP_DISALLOWED },
                { 'k', "diffie-hellman-group14-sha1", 0, CP_DISALLOWED, CP_DISALLOWED },
                { 'k', "sntrup761x25519-sha512@openssh.com", 0, CP_DEPRECATED, CP_DEPRECATED },
                { 'k', "mlkem768x25519-sha256", 0, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 'k', "kex-strict-s-v00@openssh.com", 0, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 'k', "gss-group1-sha1-toWM5Slw5Ew8Mqkay+al2g==", 0, CP_DISALLOWED, CP_DISALLOWED },
                { 'k', "made-up-kex", 0, CP_UNKNOWN, CP_UNKNOWN },
                { 'c', "aes128-ctr", 0, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 'c', "aes256-gcm@openssh.com", 0, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 'c', "chacha20-poly1305@openssh.com", 0, CP_DEPRECATED, CP_DEPRECATED },
                { 'c', "aes128-cbc", 0, CP_DEPRECATED, CP_DEPRECATED },
                { 'c', "3des-cbc", 0, CP_DISALLOWED, CP_DISALLOWED },
                { 'c', "arcfour256", 0, CP_DISALLOWED, CP_DISALLOWED },
                { 'c', "none", 0, CP_DISALLOWED, CP_DISALLOWED },
                { 'm', "hmac-sha2-256-etm@openssh.com", 0, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 'm', "hmac-sha2-512", 0, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 'm', "hmac-sha1", 0, CP_DEPRECATED, CP_DEPRECATED },
                { 'm', "umac-64-etm@openssh.com", 0, CP_DEPRECATED, CP_DEPRECATED },
                { 'm', "hmac-md5", 0, CP_DISALLOWED, CP_DISALLOWED },
                { 'h', "ssh-ed25519", 0, CP_ACCEPTABLE, CP_LEGACY },
                { 'h', "ssh-ed25519-cert-v01@openssh.com", 0, CP_ACCEPTABLE, CP_LEGACY },
                { 'h', "sk-ssh-ed25519@openssh.com", 0, CP_ACCEPTABLE, CP_LEGACY },
                { 'h', "ecdsa-sha2-nistp256", 0, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 'h', "rsa-sha2-512", 4096, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { 'h', "rsa-sha2-256", 2048, CP_LEGACY, CP_DISALLOWED },
                { 'h', "rsa-sha2-256", 1024, CP_DISALLOWED, CP_DISALLOWED },
                { 'h', "ssh-rsa", 4096, CP_DISALLOWED, CP_DISALLOWED },
                { 'h', "ssh-dss", 1024, CP_DISALLOWED, CP_DISALLOWED },
                { 'h', "x509v3-sign-rsa", 0, CP_UNKNOWN, CP_UNKNOWN },
        };
        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                struct cp_verdict n, b;
                switch (cases[i].kind) {
                case 'k': n = cp_ssh_kex(nist, cases[i].name); b = cp_ssh_kex(bsi, cases[i].name); break;
                case 'c': n = cp_ssh_cipher(nist, cases[i].name); b = cp_ssh_cipher(bsi, cases[i].name); break;
                case 'm': n = cp_ssh_mac(nist, cases[i].name); b = cp_ssh_mac(bsi, cases[i].name); break;
                default: n = cp_ssh_hostkey(nist, cases[i].name, cases[i].bits); b = cp_ssh_hostkey(bsi, cases[i].name, cases[i].bits);
                }
                if (n.status != cases[i].nist || b.status != cases[i].bsi)
                        fail_msg("%s: nist %s (%s), bsi %s (%s)", cases[i].name, cp_status_to_string(n.status), n.reason,
                                 cp_status_to_string(b.status), b.reason);
                assert_non_null(strstr(n.reason, cases[i].name));
        }
        assert_int_equal(cp_ssh_kex(nist, "").status, CP_UNKNOWN);
        assert_int_equal(cp_ssh_cipher(nist, NULL).status, CP_UNKNOWN);
        assert_non_null(strstr(cp_ssh_mac(bsi, "hmac-sha1").rule, "TR-02102-4"));
}

static void test_luks_verdicts(void **state)
{
        static const struct { const char *cipher; unsigned bits; enum cp_status nist, bsi; } cases[] = {
                { "aes-xts-plain64", 512, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "aes-xts-plain64", 256, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "aes-xts-plain64", 128, CP_DISALLOWED, CP_DISALLOWED },
                { "aes-xts-plain64", 0, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "AES-XTS-PLAIN64", 512, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "capi:xts(aes)-plain64", 512, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "aes-cbc-essiv:sha256", 256, CP_DEPRECATED, CP_DEPRECATED },
                { "aes-cbc-plain", 256, CP_DISALLOWED, CP_DISALLOWED },
                { "aes-ecb", 256, CP_DISALLOWED, CP_DISALLOWED },
                { "aes", 256, CP_DISALLOWED, CP_DISALLOWED },
                { "serpent-xts-plain64", 512, CP_DEPRECATED, CP_DEPRECATED },
                { "twofish-xts-plain64", 512, CP_DEPRECATED, CP_DEPRECATED },
                { "xchacha12,aes-adiantum-plain64", 256, CP_DEPRECATED, CP_DEPRECATED },
                { "cipher_null-ecb", 0, CP_DISALLOWED, CP_DISALLOWED },
                { "des3_ede-cbc-plain", 192, CP_DISALLOWED, CP_DISALLOWED },
                { "aes-gcm-random", 256, CP_ACCEPTABLE, CP_ACCEPTABLE },
                { "aes-xts-weirdiv", 512, CP_UNKNOWN, CP_UNKNOWN },
                { "capi:broken", 512, CP_UNKNOWN, CP_UNKNOWN },
                { "", 512, CP_UNKNOWN, CP_UNKNOWN },
        };
        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                struct cp_verdict n = cp_luks_cipher(nist, cases[i].cipher, cases[i].bits);
                struct cp_verdict b = cp_luks_cipher(bsi, cases[i].cipher, cases[i].bits);
                if (n.status != cases[i].nist || b.status != cases[i].bsi)
                        fail_msg("%s/%u: nist %s (%s), bsi %s (%s)", cases[i].cipher, cases[i].bits, cp_status_to_string(n.status), n.reason,
                                 cp_status_to_string(b.status), b.reason);
        }
        /* The adiantum spelling from cryptsetup. */
        assert_int_equal(cp_luks_cipher(nist, "xchacha12,aes-adiantium-plain64", 256).status, CP_DEPRECATED);
}

static void test_pbkdf_verdicts(void **state)
{
        struct cp_pbkdf_params weak_argon = { .time_cost = 4, .memory_kib = 1024, .parallel = 1 };
        struct cp_pbkdf_params good_argon = { .time_cost = 4, .memory_kib = 1048576, .parallel = 4 };
        struct cp_pbkdf_params pb_low = { .iterations = 500, .hash = "sha256" };
        struct cp_pbkdf_params pb_mid = { .iterations = 200000, .hash = "sha256" };
        struct cp_pbkdf_params pb_good = { .iterations = 2000000, .hash = "sha256" };
        struct cp_pbkdf_params pb_md5 = { .iterations = 2000000, .hash = "md5" };

        assert_int_equal(cp_pbkdf(nist, "argon2id", NULL).status, CP_ACCEPTABLE);
        assert_int_equal(cp_pbkdf(nist, "argon2id", &good_argon).status, CP_ACCEPTABLE);
        assert_int_equal(cp_pbkdf(nist, "argon2id", &weak_argon).status, CP_LEGACY);
        assert_int_equal(cp_pbkdf(nist, "argon2i", NULL).status, CP_LEGACY);
        assert_int_equal(cp_pbkdf(nist, "pbkdf2", NULL).status, CP_ACCEPTABLE);
        assert_int_equal(cp_pbkdf(bsi, "pbkdf2", NULL).status, CP_LEGACY);
        assert_int_equal(cp_pbkdf(nist, "pbkdf2", &pb_low).status, CP_DISALLOWED);
        assert_int_equal(cp_pbkdf(nist, "pbkdf2", &pb_mid).status, CP_LEGACY);
        assert_int_equal(cp_pbkdf(nist, "pbkdf2", &pb_good).status, CP_ACCEPTABLE);
        assert_int_equal(cp_pbkdf(nist, "pbkdf2", &pb_md5).status, CP_DISALLOWED);
        assert_int_equal(cp_pbkdf(nist, "scrypt", NULL).status, CP_UNKNOWN);
        assert_int_equal(cp_pbkdf(nist, NULL, NULL).status, CP_UNKNOWN);
        assert_non_null(strstr(cp_pbkdf(nist, "pbkdf2", &pb_low).rule, "800-132"));
}

/* ---- policy files ---- */

static void test_policy_file(void **state)
{
        static const char file[] =
                "# plant A: we need ChaCha20 for old ARM clients\n"
                "[policy]\n"
                "base = bsi\n"
                "name = plant-a\n"
                "\n"
                "[tls-suites]\n"
                "allow = TLS_CHACHA20_POLY1305_SHA256, ECDHE-RSA-CHACHA20-POLY1305\n"
                "deny = TLS_AES_128_CCM_SHA256\n"
                "[tls-groups]\n"
                "allow = X25519\n"
                "[tls-versions]\n"
                "deny = TLSv1.2\n"
                "[ssh-ciphers]\n"
                "allow = chacha20-poly1305@openssh.com\n"
                "[ssh-kex]\n"
                "deny = ecdh-sha2-nistp256\n"
                "[hashes]\n"
                "deny = SHA-256\n"
                "[luks-ciphers]\n"
                "allow = serpent-xts-plain64\n"
                "[sizes]\n"
                "min-rsa-bits = 4096\n"
                "max-cert-validity-days = 398\n";
        struct crypto_policy *p = NULL;
        struct cp_verdict v;
        char *err = NULL;

        assert_int_equal(crypto_policy_parse(LIT(file), "/etc/bulwark/plant-a.conf", &p, &err), 0);
        assert_null(err);
        assert_string_equal(crypto_policy_name(p), "plant-a");
        assert_string_equal(crypto_policy_base(p), "bsi");
        assert_int_equal(crypto_policy_sizes(p)->min_rsa_bits, 4096);
        assert_int_equal(crypto_policy_sizes(p)->max_cert_validity_days, 398);

        v = cp_tls_suite(p, tls_suite_by_code(0x1303));
        assert_int_equal(v.status, CP_ACCEPTABLE);
        assert_string_equal(v.rule, "policy file /etc/bulwark/plant-a.conf:7");
        /* The OpenSSL name was resolved to the suite. */
        assert_int_equal(cp_tls_suite(p, tls_suite_by_code(0xCCA8)).status, CP_ACCEPTABLE);
        v = cp_tls_suite(p, tls_suite_by_code(0x1304));
        assert_int_equal(v.status, CP_DISALLOWED);
        assert_string_equal(v.rule, "policy file /etc/bulwark/plant-a.conf:8");
        /* Not listed: the base policy decides (bsi: ChaCha20 for DHE is deprecated). */
        assert_int_equal(cp_tls_suite(p, tls_suite_by_code(0xCCAA)).status, CP_DEPRECATED);
        assert_int_equal(cp_tls_group(p, tls_group_by_name("x25519")).status, CP_ACCEPTABLE);
        assert_int_equal(cp_tls_version(p, TLS_VERSION_TLS12).status, CP_DISALLOWED);
        assert_int_equal(cp_tls_version(p, TLS_VERSION_TLS13).status, CP_ACCEPTABLE);
        assert_int_equal(cp_ssh_cipher(p, "chacha20-poly1305@openssh.com").status, CP_ACCEPTABLE);
        assert_int_equal(cp_ssh_kex(p, "ecdh-sha2-nistp256").status, CP_DISALLOWED);
        assert_int_equal(cp_hash(p, "sha256", CP_HASH_SIGNATURE).status, CP_DISALLOWED);
        assert_int_equal(cp_luks_cipher(p, "serpent-xts-plain64", 512).status, CP_ACCEPTABLE);
        assert_int_equal(cp_public_key(p, "RSA", 3072, NULL).status, CP_DISALLOWED);
        crypto_policy_free(p);

        /* Without name= the file is named after itself, never as a built-in. */
        assert_int_equal(crypto_policy_parse(LIT("[tls-groups]\nallow = x25519\n"), "/x/mine.conf", &p, NULL), 0);
        assert_string_equal(crypto_policy_name(p), "mine.conf");
        assert_string_equal(crypto_policy_base(p), "nist");
        crypto_policy_free(p);

        /* Empty file: the nist defaults. */
        assert_int_equal(crypto_policy_parse("", 0, "empty.conf", &p, NULL), 0);
        assert_int_equal(cp_tls_suite(p, tls_suite_by_code(0x1303)).status, CP_DEPRECATED);
        crypto_policy_free(p);
}

static void test_policy_file_malformed(void **state)
{
        static const struct { const char *text; const char *error; } cases[] = {
                { "[policy]\nbase = fips\n", "bad.conf:2: unknown base policy \"fips\"" },
                { "[tls-suites]\nallow = TLS_NOPE\n", "bad.conf:2: unknown TLS cipher suite \"TLS_NOPE\"" },
                { "\n\n[tls-groups]\nallow = p-999\n", "bad.conf:4: unknown TLS group" },
                { "[tls-sigschemes]\ndeny = rsa_foo\n", "bad.conf:2: unknown TLS signature scheme" },
                { "[tls-versions]\nallow = TLSv9\n", "bad.conf:2: unknown TLS version" },
                { "[sizes]\nmin-rsa-bits = lots\n", "bad.conf:2: min-rsa-bits: not a number" },
                { "[sizes]\nmin-rsa-bits = -5\n", "bad.conf:2: min-rsa-bits: not a number" },
                { "[sizes]\nmin-rsa-bits = 99999999999999999999\n", "bad.conf:2: min-rsa-bits: not a number" },
                { "[sizes]\nmin-rsa-bit = 2048\n", "bad.conf:2: unknown key \"min-rsa-bit\"" },
                { "[cipherz]\nallow = x\n", "bad.conf:2: unknown section [cipherz]" },
                { "[ssh-kex]\npermit = x\n", "bad.conf:2: unknown key \"permit\" in [ssh-kex]" },
                { "allow = x\n", "bad.conf:1: setting \"allow\" outside of any section" },
                { "[ssh-kex\nallow = x\n", "bad.conf:1: syntax error" },
                { "[ssh-kex]\njust words\n", "bad.conf:2: syntax error" },
                { "[ssh-kex]\nallow = ,,,\n", "bad.conf:2: empty list" },
                { "[ssh-kex]\nallow = x\n[policy]\nbase = bsi\n", "bad.conf:4: base= must come before" },
                { "[policy]\nsecret = 1\n", "bad.conf:2: unknown key \"secret\" in [policy]" },
        };
        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                struct crypto_policy *p = (struct crypto_policy *) 0x1;
                char *err = NULL;
                int k = crypto_policy_parse(cases[i].text, strlen(cases[i].text), "bad.conf", &p, &err);

                if (k != -EBADMSG || !err || !strstr(err, cases[i].error))
                        fail_msg("case %zu: k=%d error \"%s\", wanted \"%s\"", i, k, strna(err), cases[i].error);
                assert_ptr_equal(p, (struct crypto_policy *) 0x1);
                free(err);
        }
}

static void test_policy_file_hostile(void **state)
{
        struct crypto_policy *p = (struct crypto_policy *) 0x1;
        char *err = NULL, *big;
        size_t n;

        /* A line longer than inih's buffer is an error, not silently split. */
        big = xmalloc0(1000);
        n = (size_t) snprintf(big, 1000, "[ssh-kex]\nallow = ");
        memset(big + n, 'a', 600);
        memcpy(big + n + 600, "\n", 2);
        assert_int_equal(crypto_policy_parse(big, strlen(big), "long.conf", &p, &err), -EBADMSG);
        assert_non_null(strstr(err, "long.conf:2: line too long"));
        free(err);
        err = NULL;
        free(big);

        /* Over the size cap. */
        big = xmalloc0(2 * 1024 * 1024);
        memset(big, '#', 2 * 1024 * 1024 - 1);
        assert_int_equal(crypto_policy_parse(big, 2 * 1024 * 1024 - 1, "huge.conf", &p, &err), -E2BIG);
        free(err);
        free(big);
        assert_ptr_equal(p, (struct crypto_policy *) 0x1);

        /* Embedded NUL and no final newline, truncated mid-line. */
        static const char nul[] = "[ssh-kex]\nallow = a\0b\n[ssh-macs]\ndeny = hmac-sh";
        assert_int_equal(crypto_policy_parse(nul, sizeof(nul) - 1, "nul.conf", &p, &err), 0);
        assert_int_equal(cp_ssh_mac(p, "hmac-sh").status, CP_DISALLOWED);
        crypto_policy_free(p);

        /* Builtins and load. */
        p = (struct crypto_policy *) 0x1;
        assert_int_equal(crypto_policy_builtin("fips", &p), -ENOENT);
        assert_ptr_equal(p, (struct crypto_policy *) 0x1);
        assert_int_equal(crypto_policy_load("/nonexistent/policy.conf", &p, &err), -ENOENT);
        assert_non_null(strstr(err, "/nonexistent/policy.conf"));
        free(err);
        assert_int_equal(crypto_policy_load("nist", &p, NULL), 0);
        assert_string_equal(crypto_policy_name(p), "nist");
        crypto_policy_free(p);
}

static void write_file(const char *path, const char *text)
{
        FILE *f = fopen(path, "we");
        assert_non_null(f);
        assert_int_equal(fputs(text, f) >= 0, 1);
        fclose(f);
}

static void test_policy_dropins(void **state)
{
        char dir[] = "/tmp/bulwark-policy-XXXXXX";
        _cleanup_free_ char *main_path = NULL, *dropins = NULL, *d1 = NULL, *d2 = NULL, *d3 = NULL;
        struct crypto_policy *p = NULL;
        char *err = NULL;

        assert_non_null(mkdtemp(dir));
        main_path = xasprintf("%s/site.conf", dir);
        dropins = xasprintf("%s/site.conf.d", dir);
        d1 = xasprintf("%s/10-chacha.conf", dropins);
        d2 = xasprintf("%s/20-no-chacha.conf", dropins);
        d3 = xasprintf("%s/ignored.txt", dropins);
        write_file(main_path, "[policy]\nbase = bsi\nname = site\n[ssh-ciphers]\nallow = chacha20-poly1305@openssh.com\n");
        assert_int_equal(mkdir(dropins, 0755), 0);
        write_file(d1, "[tls-suites]\nallow = TLS_CHACHA20_POLY1305_SHA256\n");
        write_file(d2, "[tls-suites]\ndeny = TLS_CHACHA20_POLY1305_SHA256\n[sizes]\nmin-rsa-bits = 4096\n");
        write_file(d3, "this is not a policy file\n");

        assert_int_equal(crypto_policy_load(main_path, &p, &err), 0);
        assert_string_equal(crypto_policy_name(p), "site");
        assert_string_equal(crypto_policy_base(p), "bsi");
        /* The later drop-in wins, and says where it came from. */
        struct cp_verdict v = cp_tls_suite(p, tls_suite_by_code(0x1303));
        assert_int_equal(v.status, CP_DISALLOWED);
        assert_non_null(strstr(v.rule, "20-no-chacha.conf:2"));
        assert_int_equal(cp_ssh_cipher(p, "chacha20-poly1305@openssh.com").status, CP_ACCEPTABLE);
        assert_int_equal(crypto_policy_sizes(p)->min_rsa_bits, 4096);
        crypto_policy_free(p);

        /* base= in a drop-in is an error with file:line. */
        write_file(d1, "[policy]\nbase = nist\n");
        p = (struct crypto_policy *) 0x1;
        assert_int_equal(crypto_policy_load(main_path, &p, &err), -EBADMSG);
        assert_non_null(strstr(err, "10-chacha.conf:2: base= must come before"));
        assert_ptr_equal(p, (struct crypto_policy *) 0x1);
        free(err);

        unlink(d1);
        unlink(d2);
        unlink(d3);
        rmdir(dropins);
        unlink(main_path);
        rmdir(dir);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_suite_table),
                cmocka_unit_test(test_group_and_sig_tables),
                cmocka_unit_test(test_suite_verdicts),
                cmocka_unit_test(test_every_suite_judged),
                cmocka_unit_test(test_suite_etm),
                cmocka_unit_test(test_version_verdicts),
                cmocka_unit_test(test_group_verdicts),
                cmocka_unit_test(test_sigscheme_verdicts),
                cmocka_unit_test(test_key_and_hash_verdicts),
                cmocka_unit_test(test_certificate_verdicts),
                cmocka_unit_test(test_ssh_verdicts),
                cmocka_unit_test(test_luks_verdicts),
                cmocka_unit_test(test_pbkdf_verdicts),
                cmocka_unit_test(test_policy_file),
                cmocka_unit_test(test_policy_file_malformed),
                cmocka_unit_test(test_policy_file_hostile),
                cmocka_unit_test(test_policy_dropins),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
