/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsers of CR 4.3 configuration: sshd_config, openssl.cnf, key and certificate files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "keyinfo.h"
#include "macro.h"
#include "openssl-config.h"
#include "sshd-config.h"
#include "strv.h"
#include "tls-suites.h"

#define LIT(s) s, sizeof(s) - 1

/* ---------------------------------------------------------------- sshd_config */

static char *algs(const struct sshd_config *c, enum sshd_list l, const char **src)
{
        _cleanup_strv_free_ char **v = NULL;
        assert_int_equal(sshd_config_algorithms(c, l, &v, src), 0);
        return strv_join(v, ",");
}

static void test_sshd_defaults_and_first_wins(void **state)
{
        static const char conf[] =
                "# comment\n"
                "  PORT 2222\n"
                "ciphers aes256-gcm@openssh.com,aes128-ctr\n"
                "Ciphers 3des-cbc\n"                      /* ignored: the first value wins */
                "MACs=hmac-sha2-512-etm@openssh.com\n"
                "KexAlgorithms = \"ecdh-sha2-nistp256\"   # trailing comment\n"
                "HostKey /etc/ssh/ssh_host_ed25519_key\n"
                "HostKey /etc/ssh/ssh_host_rsa_key\n"
                "Match User backup\n"
                "    Ciphers aes128-cbc\n"
                "    PasswordAuthentication yes\n"
                "Match all\n"
                "PasswordAuthentication no\n";
        _cleanup_(sshd_config_freep) struct sshd_config *c = sshd_config_new();
        _cleanup_free_ char *ciphers = NULL, *macs = NULL, *kex = NULL, *hk = NULL;
        const char *src = NULL;

        assert_int_equal(sshd_config_parse(c, LIT(conf), "/etc/ssh/sshd_config", 0, NULL, NULL), 0);
        assert_string_equal(sshd_config_get(c, "Port")->value, "2222");
        ciphers = algs(c, SSHD_CIPHERS, &src);
        assert_string_equal(ciphers, "aes256-gcm@openssh.com,aes128-ctr");
        assert_string_equal(src, "/etc/ssh/sshd_config:3");
        macs = algs(c, SSHD_MACS, NULL);
        assert_string_equal(macs, "hmac-sha2-512-etm@openssh.com");
        kex = algs(c, SSHD_KEX, NULL);
        assert_string_equal(kex, "ecdh-sha2-nistp256");
        hk = algs(c, SSHD_HOSTKEY_ALGORITHMS, &src);
        assert_string_equal(hk, sshd_list_default(SSHD_HOSTKEY_ALGORITHMS));
        assert_non_null(strstr(src, "default"));
        assert_int_equal(strv_length(c->host_keys), 2);
        /* Match settings are kept apart; after "Match all" settings are global again. */
        assert_int_equal(c->n_match_blocks, 2);
        assert_int_equal(c->n_match_settings, 4);
        assert_string_equal(sshd_config_get(c, "passwordauthentication")->value, "no");
}

static void test_sshd_modifiers(void **state)
{
        static const struct { const char *line; enum sshd_list l; const char *want; } cases[] = {
                { "Ciphers +aes128-cbc", SSHD_CIPHERS,
                  "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-cbc" },
                { "Ciphers -chacha20*,aes1*", SSHD_CIPHERS, "aes256-ctr,aes256-gcm@openssh.com" },
                { "Ciphers ^aes256-gcm@openssh.com", SSHD_CIPHERS,
                  "aes256-gcm@openssh.com,chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com" },
                { "MACs -*sha1*,umac*", SSHD_MACS,
                  "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha2-256,hmac-sha2-512" },
                { "KexAlgorithms +diffie-hellman-group14-sha1", SSHD_KEX, NULL },
                { "HostKeyAlgorithms ssh-ed25519,rsa-sha2-*", SSHD_HOSTKEY_ALGORITHMS,
                  "ssh-ed25519,rsa-sha2-256,rsa-sha2-256-cert-v01@openssh.com,rsa-sha2-512,rsa-sha2-512-cert-v01@openssh.com" },
                { "Ciphers made-up-cipher,aes128-ctr", SSHD_CIPHERS, "made-up-cipher,aes128-ctr" },
        };
        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                _cleanup_(sshd_config_freep) struct sshd_config *c = sshd_config_new();
                _cleanup_free_ char *got = NULL;

                assert_int_equal(sshd_config_parse(c, cases[i].line, strlen(cases[i].line), "t", 0, NULL, NULL), 0);
                got = algs(c, cases[i].l, NULL);
                if (cases[i].want && !streq(got, cases[i].want))
                        fail_msg("%s: got %s", cases[i].line, got);
                if (!cases[i].want) {
                        assert_true(endswith(got, ",diffie-hellman-group14-sha1"));
                        assert_true(startswith(got, "sntrup761x25519-sha512,"));
                }
        }
}

struct include_fs {
        const char *pattern;
        const char *file;
        const char *text;
        unsigned calls;
};

static int fake_include(struct sshd_config *c, const char *pattern, unsigned depth, void *userdata)
{
        struct include_fs *fs = userdata;

        fs->calls++;
        if (!streq(pattern, fs->pattern))
                return -ENOENT;
        return sshd_config_parse(c, fs->text, strlen(fs->text), fs->file, depth, fake_include, userdata);
}

static void test_sshd_include(void **state)
{
        static const char main_conf[] =
                "Include sshd_config.d/*.conf\n"
                "Ciphers aes128-ctr\n"             /* after the include: the included value wins */
                "Match Address 10.0.0.0/8\n"
                "Include /etc/ssh/match.conf\n";
        struct include_fs fs = {
                .pattern = "/etc/ssh/sshd_config.d/*.conf",
                .file = "/etc/ssh/sshd_config.d/10-weak.conf",
                .text = "Ciphers 3des-cbc,aes128-cbc\nMACs hmac-md5\n",
        };
        _cleanup_(sshd_config_freep) struct sshd_config *c = sshd_config_new();
        _cleanup_free_ char *ciphers = NULL;
        const char *src;

        assert_int_equal(sshd_config_parse(c, LIT(main_conf), "/etc/ssh/sshd_config", 0, fake_include, &fs), 0);
        assert_int_equal(fs.calls, 2);
        assert_int_equal(strv_length(c->includes), 2);
        assert_string_equal(c->includes[0], "/etc/ssh/sshd_config.d/*.conf");
        assert_string_equal(c->include_sources[0], "/etc/ssh/sshd_config:1");
        ciphers = algs(c, SSHD_CIPHERS, &src);
        assert_string_equal(ciphers, "3des-cbc,aes128-cbc");
        assert_string_equal(src, "/etc/ssh/sshd_config.d/10-weak.conf:1");

        /* An Include that includes itself stops at OpenSSH's depth limit. */
        struct include_fs loop = { .pattern = "/etc/ssh/loop.conf", .file = "/etc/ssh/loop.conf", .text = "Include /etc/ssh/loop.conf\n" };
        _cleanup_(sshd_config_freep) struct sshd_config *c2 = sshd_config_new();
        assert_int_equal(sshd_config_parse(c2, LIT("Include loop.conf\n"), "/etc/ssh/sshd_config", 0, fake_include, &loop), 0);
        assert_int_equal(loop.calls, SSHD_CONFIG_MAX_DEPTH + 1);
        assert_true(strv_length(c2->problems) >= 1);
}

static void test_sshd_malformed(void **state)
{
        static const struct { const char *text; int err; } cases[] = {
                { "Ciphers \"aes128-ctr\n", -EBADMSG },     /* unterminated quote */
                { "Ciphers\n", -EBADMSG },                  /* keyword without value */
                { "=value\n", -EBADMSG },
                { "Port 22\nCiphers \"x", -EBADMSG },       /* truncated mid-line */
        };
        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                _cleanup_(sshd_config_freep) struct sshd_config *c = sshd_config_new();
                assert_int_equal(sshd_config_parse(c, cases[i].text, strlen(cases[i].text), "bad", 0, NULL, NULL), cases[i].err);
                assert_true(strv_length(c->problems) == 1);
                assert_non_null(strstr(c->problems[0], "bad:"));
        }

        /* Oversized input and too many lines. */
        {
                _cleanup_(sshd_config_freep) struct sshd_config *c = sshd_config_new();
                _cleanup_free_ char *big = xmalloc0(SSHD_CONFIG_MAX_BYTES + 2);
                memset(big, '#', SSHD_CONFIG_MAX_BYTES + 1);
                assert_int_equal(sshd_config_parse(c, big, SSHD_CONFIG_MAX_BYTES + 1, "big", 0, NULL, NULL), -E2BIG);
        }
        {
                _cleanup_(sshd_config_freep) struct sshd_config *c = sshd_config_new();
                size_t n = (SSHD_CONFIG_MAX_LINES + 10) * 2;
                _cleanup_free_ char *lines = xmalloc0(n + 1);
                for (size_t i = 0; i < n; i += 2)
                        memcpy(lines + i, "#\n", 2);
                assert_int_equal(sshd_config_parse(c, lines, n, "many", 0, NULL, NULL), -E2BIG);
        }
        /* Embedded NUL. */
        {
                _cleanup_(sshd_config_freep) struct sshd_config *c = sshd_config_new();
                static const char nul[] = "Port 22\nCiphers a\0b\n";
                assert_int_equal(sshd_config_parse(c, nul, sizeof(nul) - 1, "nul", 0, NULL, NULL), -EBADMSG);
                assert_string_equal(sshd_config_get(c, "port")->value, "22");
        }
        /* Empty input: all defaults. */
        {
                _cleanup_(sshd_config_freep) struct sshd_config *c = sshd_config_new();
                _cleanup_free_ char *kex = NULL;
                assert_int_equal(sshd_config_parse(c, "", 0, "empty", 0, NULL, NULL), 0);
                kex = algs(c, SSHD_KEX, NULL);
                assert_string_equal(kex, sshd_list_default(SSHD_KEX));
        }
}

/* ---------------------------------------------------------------- openssl.cnf */

struct cnf_fs {
        const char *path;
        const char *text;
        unsigned calls;
};

static int fake_cnf_include(const char *path, char **ret, size_t *ret_len, void *userdata)
{
        struct cnf_fs *fs = userdata;

        fs->calls++;
        if (!streq(path, fs->path))
                return -ENOENT;
        *ret = xstrdup(fs->text);
        *ret_len = strlen(fs->text);
        return 0;
}

static bool has_suite(const uint16_t *v, size_t n, uint16_t code)
{
        for (size_t i = 0; i < n; i++)
                if (v[i] == code)
                        return true;
        return false;
}

static void test_openssl_weak_with_include(void **state)
{
        static const char main_cnf[] =
                "openssl_conf = openssl_init\n"
                "[openssl_init]\n"
                "ssl_conf = ssl_sect\n"
                ".include /etc/ssl/openssl.d/weak.cnf\n"
                ".include = /etc/ssl/missing.cnf\n";
        struct cnf_fs fs = {
                .path = "/etc/ssl/openssl.d/weak.cnf",
                .text = "[ssl_sect]\nsystem_default = system_default_sect\n"
                        "[system_default_sect]\nMinProtocol = TLSv1\nCipherString = DEFAULT:@SECLEVEL=0\n"
                        "Groups = P-256:X25519\nChainCAFile = /etc/hostile\n",
        };
        _cleanup_free_ char *text = NULL, *err = NULL;
        _cleanup_strv_free_ char **problems = NULL;
        struct openssl_ssl_config *c = NULL;
        size_t len = 0;

        assert_int_equal(openssl_conf_expand(LIT(main_cnf), "/etc/ssl", fake_cnf_include, &fs, &text, &len, &problems), 0);
        assert_int_equal(fs.calls, 2);
        assert_null(strstr(text, "\n.include"));
        assert_non_null(strstr(text, "MinProtocol = TLSv1"));
        assert_int_equal(strv_length(problems), 1);
        assert_non_null(strstr(problems[0], "/etc/ssl/missing.cnf"));

        assert_int_equal(openssl_ssl_config_evaluate(text, len, &c, &err), 0);
        assert_string_equal(c->system_section, "system_default_sect");
        assert_string_equal(c->min_protocol, "TLSv1");
        assert_string_equal(c->cipher_string, "DEFAULT:@SECLEVEL=0");
        assert_string_equal(c->groups, "P-256:X25519");
        assert_int_equal(c->security_level, 0);
        assert_int_equal(c->min_version, TLS_VERSION_TLS10);
        /* At SECLEVEL 0 the stack really offers TLS 1.0 and its CBC-SHA1 suites. */
        assert_true(c->n_versions >= 3);
        assert_int_equal(c->versions[0], TLS_VERSION_TLS10);
        assert_true(has_suite(c->tls12_suites, c->n_tls12_suites, 0x002F));   /* AES128-SHA */
        assert_true(has_suite(c->tls13_suites, c->n_tls13_suites, 0x1301));
        assert_false(c->no_encrypt_then_mac);
        assert_false(c->compression);
        /* The file-reading directive was not run. */
        assert_int_equal(strv_length(c->ignored), 1);
        assert_string_equal(c->ignored[0], "ChainCAFile");
        assert_null(c->error);
        openssl_ssl_config_free(c);
}

static void test_openssl_strict_and_defaults(void **state)
{
        static const char strict[] =
                "openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = sys\n"
                "[sys]\nMinProtocol = TLSv1.3\nCiphersuites = TLS_AES_256_GCM_SHA384\nOptions = -EncryptThenMac\n";
        struct openssl_ssl_config *c = NULL;

        assert_int_equal(openssl_ssl_config_evaluate(LIT(strict), &c, NULL), 0);
        assert_int_equal(c->n_versions, 1);
        assert_int_equal(c->versions[0], TLS_VERSION_TLS13);
        assert_int_equal(c->n_tls12_suites, 0);
        assert_int_equal(c->n_tls13_suites, 1);
        assert_int_equal(c->tls13_suites[0], 0x1302);
        assert_true(c->no_encrypt_then_mac);
        openssl_ssl_config_free(c);

        /* No system_default: libssl's built-in defaults, TLS 1.2 and 1.3 at security level 2. */
        assert_int_equal(openssl_ssl_config_evaluate(LIT("HOME = .\n[ca]\ndefault_ca = x\n"), &c, NULL), 0);
        assert_null(c->system_section);
        assert_int_equal(c->security_level, 2);
        assert_int_equal(c->n_versions, 2);
        assert_int_equal(c->versions[0], TLS_VERSION_TLS12);
        assert_false(has_suite(c->tls12_suites, c->n_tls12_suites, 0x000A)); /* no 3DES */
        assert_true(has_suite(c->tls12_suites, c->n_tls12_suites, 0xC02F));
        openssl_ssl_config_free(c);

        /* A directive OpenSSL rejects is reported with its section. */
        static const char bad[] = "openssl_conf = i\n[i]\nssl_conf = s\n[s]\nsystem_default = d\n[d]\nMinProtocol = TLSv9\n";
        assert_int_equal(openssl_ssl_config_evaluate(LIT(bad), &c, NULL), 0);
        assert_non_null(c->error);
        assert_non_null(strstr(c->error, "MinProtocol = TLSv9"));
        openssl_ssl_config_free(c);
}

static void test_openssl_malformed(void **state)
{
        struct openssl_ssl_config *c = (struct openssl_ssl_config *) 0x1;
        _cleanup_free_ char *text = NULL;
        char *err = NULL;
        size_t len;

        /* NCONF's own syntax errors come back with the line. */
        assert_int_equal(openssl_ssl_config_evaluate(LIT("a = 1\n[unterminated\nb = 2\n"), &c, &err), -EBADMSG);
        assert_non_null(strstr(err, "line 2"));
        free(err);
        err = NULL;
        assert_ptr_equal(c, (struct openssl_ssl_config *) 0x1);
        /* An include that survived expansion is refused, never opened. */
        assert_int_equal(openssl_ssl_config_evaluate(LIT("  .include /etc/passwd\n"), &c, &err), -EINVAL);
        /* NUL bytes. */
        assert_int_equal(openssl_ssl_config_evaluate("a = 1\0", 6, &c, &err), -EBADMSG);
        free(err);
        /* Include without a callback: replaced by a comment, reported. */
        _cleanup_strv_free_ char **problems = NULL;
        assert_int_equal(openssl_conf_expand(LIT(".include relative.cnf\nx = 1"), "/etc/ssl", NULL, NULL, &text, &len, &problems), 0);
        assert_non_null(strstr(text, "# bulwark: .include relative.cnf"));
        assert_int_equal(strv_length(problems), 2);
        /* Oversized. */
        _cleanup_free_ char *big = xmalloc0(OPENSSL_CONF_MAX_BYTES + 2);
        memset(big, '#', OPENSSL_CONF_MAX_BYTES + 1);
        char *t2 = NULL;
        assert_int_equal(openssl_conf_expand(big, OPENSSL_CONF_MAX_BYTES + 1, "/", NULL, NULL, &t2, &len, NULL), -E2BIG);
        assert_null(t2);
}

/* ---------------------------------------------------------------- keys and certificates */

static char *pem_of_key(EVP_PKEY *pk, bool private, size_t *len)
{
        BIO *b = BIO_new(BIO_s_mem());
        char *p, *out;
        long n;

        assert_int_equal(private ? PEM_write_bio_PrivateKey(b, pk, NULL, NULL, 0, NULL, NULL) : PEM_write_bio_PUBKEY(b, pk), 1);
        n = BIO_get_mem_data(b, &p);
        out = xstrndup(p, (size_t) n);
        *len = (size_t) n;
        BIO_free(b);
        return out;
}

static X509 *make_cert(EVP_PKEY *pk, const EVP_MD *md, long days, bool san, bool ca)
{
        X509 *x = X509_new();
        X509_NAME *n = X509_get_subject_name(x);
        X509V3_CTX v3;

        X509_set_version(x, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
        X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *) "device.example", -1, -1, 0);
        X509_set_issuer_name(x, n);
        X509_gmtime_adj(X509_getm_notBefore(x), 0);
        X509_gmtime_adj(X509_getm_notAfter(x), days * 86400);
        X509_set_pubkey(x, pk);
        X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
        if (san) {
                X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name, "DNS:device.example");
                X509_add_ext(x, e, -1);
                X509_EXTENSION_free(e);
                e = X509V3_EXT_conf_nid(NULL, &v3, NID_ext_key_usage, "serverAuth");
                X509_add_ext(x, e, -1);
                X509_EXTENSION_free(e);
        }
        if (ca) {
                X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &v3, NID_basic_constraints, "critical,CA:TRUE");
                X509_add_ext(x, e, -1);
                X509_EXTENSION_free(e);
        }
        assert_true(X509_sign(x, pk, md) > 0);
        return x;
}

static void test_keyinfo_openssl(void **state)
{
        EVP_PKEY *rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t) 1024);
        EVP_PKEY *ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
        EVP_PKEY *ed = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
        struct key_info k = {};
        _cleanup_free_ char *pem = NULL;
        size_t len;

        assert_non_null(rsa);
        assert_non_null(ec);
        assert_non_null(ed);

        pem = pem_of_key(rsa, true, &len);
        assert_int_equal(key_info_parse(pem, len, &k), 0);
        assert_true(k.has_private);
        assert_string_equal(k.key_type, "RSA");
        assert_int_equal(k.key_bits, 1024);
        key_info_clear(&k);
        free(pem);
        pem = NULL;

        pem = pem_of_key(ec, false, &len);
        assert_int_equal(key_info_parse(pem, len, &k), 0);
        assert_false(k.has_private);
        assert_string_equal(k.key_type, "EC");
        assert_string_equal(k.curve, "secp384r1");
        assert_int_equal(k.key_bits, 384);
        key_info_clear(&k);
        free(pem);
        pem = NULL;

        /* A SHA-1 signed RSA certificate with SAN, in PEM and in DER. */
        X509 *x = make_cert(rsa, EVP_sha1(), 3650, true, false);
        BIO *b = BIO_new(BIO_s_mem());
        char *p;
        PEM_write_bio_X509(b, x);
        len = (size_t) BIO_get_mem_data(b, &p);
        assert_int_equal(key_info_parse(p, len, &k), 0);
        assert_true(k.has_cert);
        assert_int_equal(k.n_certs, 1);
        assert_string_equal(k.sig_hash, "sha1");
        assert_string_equal(k.sig_alg, "sha1WithRSAEncryption");
        assert_string_equal(k.key_type, "RSA");
        assert_true(k.has_san);
        assert_true(k.has_eku);
        assert_true(k.eku_server_auth);
        assert_true(k.self_signed);
        assert_false(k.is_ca);
        assert_true(k.not_after - k.not_before >= 3650LL * 86400 - 5);
        key_info_clear(&k);
        BIO_free(b);

        unsigned char *der = NULL;
        int dl = i2d_X509(x, &der);
        assert_true(dl > 0);
        assert_int_equal(key_info_parse(der, (size_t) dl, &k), 0);
        assert_true(k.has_cert);
        assert_string_equal(k.sig_hash, "sha1");
        key_info_clear(&k);
        OPENSSL_free(der);
        X509_free(x);

        /* Ed25519 CA certificate: no separate hash. */
        x = make_cert(ed, NULL, 365, false, true);
        b = BIO_new(BIO_s_mem());
        PEM_write_bio_X509(b, x);
        len = (size_t) BIO_get_mem_data(b, &p);
        assert_int_equal(key_info_parse(p, len, &k), 0);
        assert_string_equal(k.key_type, "ED25519");
        assert_null(k.sig_hash);
        assert_true(k.is_ca);
        assert_false(k.has_san);
        key_info_clear(&k);
        BIO_free(b);
        X509_free(x);

        /* An encrypted private key: recognised, not decrypted, no prompt. */
        b = BIO_new(BIO_s_mem());
        PEM_write_bio_PKCS8PrivateKey(b, ec, EVP_aes_256_cbc(), "secret", 6, NULL, NULL);
        len = (size_t) BIO_get_mem_data(b, &p);
        assert_int_equal(key_info_parse(p, len, &k), 0);
        assert_true(k.has_private);
        assert_true(k.encrypted);
        assert_null(k.key_type);
        key_info_clear(&k);
        BIO_free(b);

        EVP_PKEY_free(rsa);
        EVP_PKEY_free(ec);
        EVP_PKEY_free(ed);
}

static char *slurp(const char *path, size_t *len)
{
        FILE *f = fopen(path, "re");
        char *buf = xmalloc0(65536);

        assert_non_null(f);
        *len = fread(buf, 1, 65535, f);
        fclose(f);
        return buf;
}

static void test_keyinfo_openssh(void **state)
{
        static const struct { const char *type; const char *bits_arg; const char *key_type; unsigned bits; const char *alg; } keys[] = {
                { "ed25519", "", "ED25519", 256, "ssh-ed25519" },
                { "rsa", "-b 2048", "RSA", 2048, "ssh-rsa" },
                { "ecdsa", "-b 384", "EC", 384, "ecdsa-sha2-nistp384" },
        };
        char dir[] = "/tmp/bulwark-keyinfo-XXXXXX";

        /* Keys made at test time by the real ssh-keygen, never committed. */
        if (access("/usr/bin/ssh-keygen", X_OK) != 0)
                skip();
        assert_non_null(mkdtemp(dir));
        for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
                _cleanup_free_ char *cmd = NULL, *priv = NULL, *pub = NULL, *pp = NULL, *pubp = NULL;
                struct key_info k = {};
                size_t len;

                pp = xasprintf("%s/%s", dir, keys[i].type);
                pubp = xasprintf("%s.pub", pp);
                cmd = xasprintf("ssh-keygen -q -t %s %s -N '' -C test -f %s", keys[i].type, keys[i].bits_arg, pp);
                assert_int_equal(system(cmd), 0);
                priv = slurp(pp, &len);
                assert_int_equal(key_info_parse(priv, len, &k), 0);
                assert_true(k.has_private);
                assert_false(k.encrypted);
                assert_true(k.ssh_format);
                assert_string_equal(k.key_type, keys[i].key_type);
                assert_int_equal(k.key_bits, keys[i].bits);
                assert_string_equal(k.ssh_alg, keys[i].alg);
                key_info_clear(&k);
                pub = slurp(pubp, &len);
                assert_int_equal(key_info_parse(pub, len, &k), 0);
                assert_false(k.has_private);
                assert_int_equal(k.key_bits, keys[i].bits);
                key_info_clear(&k);
                unlink(pp);
                unlink(pubp);
        }
        /* A passphrase-protected OpenSSH key: recognised as encrypted, public half still read. */
        {
                _cleanup_free_ char *cmd = xasprintf("ssh-keygen -q -t ed25519 -N secret -f %s/enc", dir), *p = xasprintf("%s/enc", dir);
                _cleanup_free_ char *pubp = xasprintf("%s/enc.pub", dir), *priv = NULL;
                struct key_info k = {};
                size_t len;
                assert_int_equal(system(cmd), 0);
                priv = slurp(p, &len);
                assert_int_equal(key_info_parse(priv, len, &k), 0);
                assert_true(k.encrypted);
                assert_string_equal(k.key_type, "ED25519");
                key_info_clear(&k);
                unlink(p);
                unlink(pubp);
        }
        rmdir(dir);
}

static void test_keyinfo_malformed(void **state)
{
        static const char *const bad[] = {
                "",
                "hello world\n",
                "-----BEGIN CERTIFICATE-----\nnot base64 !!!\n-----END CERTIFICATE-----\n",
                "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n", /* truncated, no END */
                "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQ== x\n",       /* modulus length beyond the blob */
                "ssh-ed25519 !!!! x\n",
                "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHA= x\n",   /* bad blob type string */
        };
        struct key_info k = { .key_bits = 4242 };

        for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
                int r = key_info_parse(bad[i], strlen(bad[i]), &k);
                if (r != -EBADMSG)
                        fail_msg("case %zu: %d", i, r);
                assert_int_equal(k.key_bits, 4242);
        }
        _cleanup_free_ char *big = xmalloc0(KEYINFO_MAX_BYTES + 1);
        assert_int_equal(key_info_parse(big, KEYINFO_MAX_BYTES + 1, &k), -E2BIG);
        assert_int_equal(ssh_pubkey_blob_parse((const uint8_t *) "\0\0\0\xff", 4, &k), -EBADMSG);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_sshd_defaults_and_first_wins),
                cmocka_unit_test(test_sshd_modifiers),
                cmocka_unit_test(test_sshd_include),
                cmocka_unit_test(test_sshd_malformed),
                cmocka_unit_test(test_openssl_weak_with_include),
                cmocka_unit_test(test_openssl_strict_and_defaults),
                cmocka_unit_test(test_openssl_malformed),
                cmocka_unit_test(test_keyinfo_openssl),
                cmocka_unit_test(test_keyinfo_openssh),
                cmocka_unit_test(test_keyinfo_malformed),
        };
        openssl_no_host_config();
        return cmocka_run_group_tests(tests, NULL, NULL);
}
