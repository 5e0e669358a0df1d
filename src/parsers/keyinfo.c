/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <ctype.h>
#include <time.h>

#include "binreader.h"
#include "hash.h"
#include "keyinfo.h"
#include "macro.h"

#define SSH_BLOB_MAX (64u * 1024)

void key_info_clear(struct key_info *k)
{
        if (!k)
                return;
        free(k->key_type);
        free(k->curve);
        free(k->ssh_alg);
        free(k->subject);
        free(k->sig_alg);
        free(k->sig_hash);
        *k = (struct key_info){};
}

static void bio_freep(BIO **b) { BIO_free(*b); }
static void x509_freep(X509 **x) { X509_free(*x); }
static void pkey_freep(EVP_PKEY **p) { EVP_PKEY_free(*p); }

/* Never prompts: an encrypted key simply fails to load. */
static int no_passphrase(char *buf, int size, int rwflag, void *u) { return -1; }

static const void *memmem_str(const void *buf, size_t len, const char *needle)
{
        return memmem(buf, len, needle, strlen(needle));
}

static unsigned count_str(const void *buf, size_t len, const char *needle)
{
        const char *p = buf, *end = p + len;
        size_t nl = strlen(needle);
        unsigned n = 0;

        while (p < end && n < 100000) {
                const char *hit = memmem(p, (size_t) (end - p), needle, nl);
                if (!hit)
                        break;
                n++;
                p = hit + nl;
        }
        return n;
}

static void pubkey_fp(EVP_PKEY *pk, char out[static 65])
{
        unsigned char *der = NULL;
        int n = i2d_PUBKEY(pk, &der);

        out[0] = 0;
        if (n > 0)
                sha256_hex(der, (size_t) n, out);
        OPENSSL_free(der);
        ERR_clear_error();
}

static void fill_pkey(struct key_info *k, EVP_PKEY *pk)
{
        char group[64];

        pubkey_fp(pk, k->key_fp);

        switch (EVP_PKEY_get_base_id(pk)) {
        case EVP_PKEY_RSA: k->key_type = xstrdup("RSA"); break;
        case EVP_PKEY_RSA_PSS: k->key_type = xstrdup("RSA-PSS"); break;
        case EVP_PKEY_EC: k->key_type = xstrdup("EC"); break;
        case EVP_PKEY_ED25519: k->key_type = xstrdup("ED25519"); break;
        case EVP_PKEY_ED448: k->key_type = xstrdup("ED448"); break;
        case EVP_PKEY_DSA: k->key_type = xstrdup("DSA"); break;
        case EVP_PKEY_DH:
        case EVP_PKEY_DHX: k->key_type = xstrdup("DH"); break;
        case EVP_PKEY_X25519: k->key_type = xstrdup("X25519"); break;
        case EVP_PKEY_X448: k->key_type = xstrdup("X448"); break;
        default: {
                const char *n = EVP_PKEY_get0_type_name(pk);
                k->key_type = xstrdup(n ? n : "unknown");
        }
        }
        k->key_bits = (unsigned) MAX(EVP_PKEY_get_bits(pk), 0);
        if (EVP_PKEY_get_base_id(pk) == EVP_PKEY_EC && EVP_PKEY_get_group_name(pk, group, sizeof(group), NULL) == 1)
                k->curve = xstrdup(group);
}

static int64_t asn1_time_to_unix(const ASN1_TIME *t)
{
        struct tm tm = {};

        if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
                return 0;
        return (int64_t) timegm(&tm);
}

static void fill_cert(struct key_info *k, X509 *x)
{
        int md_nid = NID_undef, pk_nid = NID_undef, sig_nid;
        uint32_t flags = 0;
        char *subj;

        k->has_cert = true;
        if (X509_get0_pubkey(x))
                pubkey_fp(X509_get0_pubkey(x), k->cert_fp);
        subj = X509_NAME_oneline(X509_get_subject_name(x), NULL, 0);
        if (subj) {
                k->subject = xstrdup(subj);
                OPENSSL_free(subj);
        }
        sig_nid = X509_get_signature_nid(x);
        k->sig_alg = xstrdup(sig_nid != NID_undef ? OBJ_nid2ln(sig_nid) : "unknown");
        /* X509_get_signature_info() also knows the hash inside RSASSA-PSS parameters. */
        if (X509_get_signature_info(x, &md_nid, &pk_nid, NULL, &flags) == 1 && md_nid != NID_undef) {
                const char *sn = OBJ_nid2sn(md_nid);
                if (sn) {
                        k->sig_hash = xstrdup(sn);
                        for (char *c = k->sig_hash; *c; c++)
                                *c = (char) tolower((unsigned char) *c);
                }
        }
        k->not_before = asn1_time_to_unix(X509_get0_notBefore(x));
        k->not_after = asn1_time_to_unix(X509_get0_notAfter(x));
        k->is_ca = X509_check_ca(x) > 0;
        k->self_signed = X509_self_signed(x, 0) == 1;
        k->has_san = X509_get_ext_by_NID(x, NID_subject_alt_name, -1) >= 0;
        k->has_eku = (X509_get_extension_flags(x) & EXFLAG_XKUSAGE) != 0;
        k->eku_server_auth = k->has_eku && (X509_get_extended_key_usage(x) & XKU_SSL_SERVER);
        if (!k->key_type) {
                EVP_PKEY *pk = X509_get0_pubkey(x);
                if (pk)
                        fill_pkey(k, pk);
        }
}

int ssh_pubkey_blob_parse(const uint8_t *blob, size_t len, struct key_info *ret)
{
        struct binreader r = binreader_make(blob, len), type, f;
        _cleanup_free_ char *alg = NULL;
        const char *a;
        unsigned bits = 0;
        char *curve = NULL;

        if (len > SSH_BLOB_MAX || binreader_vector(&r, 4, &type) < 0 || type.len == 0 || type.len > 64)
                return -EBADMSG;
        alg = xstrndup((const char *) type.data, type.len);
        if (strlen(alg) != type.len)
                return -EBADMSG;
        a = alg;
        if (startswith(a, "sk-"))
                a += 3;
        if (streq(a, "ssh-rsa") || startswith(a, "ssh-rsa-cert")) {
                struct binreader e, n;
                if (startswith(a, "ssh-rsa-cert") && (binreader_vector(&r, 4, &f) < 0))
                        return -EBADMSG; /* nonce */
                if (binreader_vector(&r, 4, &e) < 0 || binreader_vector(&r, 4, &n) < 0)
                        return -EBADMSG;
                /* An mpint: big-endian, a leading zero byte when the top bit is set. */
                while (n.len > 0 && n.data[0] == 0) {
                        n.data++;
                        n.len--;
                }
                if (n.len == 0 || n.len > 2048)
                        return -EBADMSG;
                bits = (unsigned) (n.len * 8);
                for (uint8_t top = n.data[0]; !(top & 0x80); top <<= 1)
                        bits--;
                ret->key_type = xstrdup("RSA");
        } else if (streq(a, "ssh-dss")) {
                struct binreader p;
                if (binreader_vector(&r, 4, &p) < 0)
                        return -EBADMSG;
                while (p.len > 0 && p.data[0] == 0) {
                        p.data++;
                        p.len--;
                }
                if (p.len == 0 || p.len > 2048)
                        return -EBADMSG;
                bits = (unsigned) (p.len * 8);
                for (uint8_t top = p.data[0]; !(top & 0x80); top <<= 1)
                        bits--;
                ret->key_type = xstrdup("DSA");
        } else if (startswith(a, "ssh-ed25519")) {
                bits = 256;
                ret->key_type = xstrdup("ED25519");
        } else if (startswith(a, "ssh-ed448")) {
                bits = 456;
                ret->key_type = xstrdup("ED448");
        } else if (startswith(a, "ecdsa-sha2-nistp256")) {
                bits = 256;
                curve = "prime256v1";
        } else if (startswith(a, "ecdsa-sha2-nistp384")) {
                bits = 384;
                curve = "secp384r1";
        } else if (startswith(a, "ecdsa-sha2-nistp521")) {
                bits = 521;
                curve = "secp521r1";
        } else
                return -EBADMSG;
        if (curve) {
                ret->key_type = xstrdup("EC");
                ret->curve = xstrdup(curve);
        }
        ret->key_bits = bits;
        ret->ssh_alg = TAKE_PTR(alg);
        ret->ssh_format = true;
        return 0;
}

/* Base64 with line breaks (EVP_DecodeUpdate skips them). Caller frees. */
static int base64_decode(const char *in, size_t len, uint8_t **ret, size_t *ret_len)
{
        EVP_ENCODE_CTX *ctx = EVP_ENCODE_CTX_new();
        uint8_t *out = xmalloc0(len / 4 * 3 + 4);
        int outl = 0, fin = 0;

        if (!ctx) {
                free(out);
                return -ENOMEM;
        }
        EVP_DecodeInit(ctx);
        if (len > INT32_MAX || EVP_DecodeUpdate(ctx, out, &outl, (const unsigned char *) in, (int) len) < 0 ||
            EVP_DecodeFinal(ctx, out + outl, &fin) < 0) {
                EVP_ENCODE_CTX_free(ctx);
                free(out);
                return -EBADMSG;
        }
        EVP_ENCODE_CTX_free(ctx);
        *ret = out;
        *ret_len = (size_t) outl + (size_t) fin;
        return 0;
}

static int parse_openssh_private(const char *buf, size_t len, struct key_info *k)
{
        static const char begin[] = "-----BEGIN OPENSSH PRIVATE KEY-----", end[] = "-----END OPENSSH PRIVATE KEY-----";
        static const char magic[] = "openssh-key-v1";
        const char *b = memmem_str(buf, len, begin), *e;
        _cleanup_free_ uint8_t *raw = NULL;
        struct binreader r, cipher, kdf, kdfopt, pub;
        const uint8_t *m;
        size_t rawlen;
        uint32_t nkeys;

        if (!b)
                return -EBADMSG;
        b += sizeof(begin) - 1;
        e = memmem_str(b, len - (size_t) (b - buf), end);
        if (!e || base64_decode(b, (size_t) (e - b), &raw, &rawlen) < 0)
                return -EBADMSG;
        r = binreader_make(raw, rawlen);
        if (binreader_bytes(&r, sizeof(magic), &m) < 0 || memcmp(m, magic, sizeof(magic)) != 0)
                return -EBADMSG;
        if (binreader_vector(&r, 4, &cipher) < 0 || binreader_vector(&r, 4, &kdf) < 0 ||
            binreader_vector(&r, 4, &kdfopt) < 0 || binreader_u32(&r, &nkeys) < 0 || nkeys < 1 ||
            binreader_vector(&r, 4, &pub) < 0)
                return -EBADMSG;
        if (ssh_pubkey_blob_parse(pub.data, pub.len, k) < 0)
                return -EBADMSG;
        k->has_private = true;
        k->encrypted = !(cipher.len == 4 && memcmp(cipher.data, "none", 4) == 0);
        return 0;
}

/* "ssh-ed25519 AAAA... comment" (also with options in front, as in authorized_keys). */
static int parse_openssh_public(const char *buf, size_t len, struct key_info *k)
{
        const char *p = buf, *end = buf + MIN(len, (size_t) 16384);

        while (p < end) {
                const char *w = p, *we;
                while (w < end && (*w == ' ' || *w == '\t'))
                        w++;
                we = w;
                while (we < end && *we != ' ' && *we != '\t' && *we != '\n')
                        we++;
                if (we < end && (*we == ' ' || *we == '\t') && (startswith(w, "ssh-") || startswith(w, "ecdsa-") || startswith(w, "sk-"))) {
                        const char *d = we, *de;
                        _cleanup_free_ uint8_t *blob = NULL;
                        size_t bl;
                        while (d < end && (*d == ' ' || *d == '\t'))
                                d++;
                        de = d;
                        while (de < end && *de != ' ' && *de != '\t' && *de != '\n' && *de != '\r')
                                de++;
                        if (de == d || base64_decode(d, (size_t) (de - d), &blob, &bl) < 0)
                                return -EBADMSG;
                        return ssh_pubkey_blob_parse(blob, bl, k);
                }
                /* Next line. */
                p = memchr(p, '\n', (size_t) (end - p));
                if (!p)
                        break;
                p++;
        }
        return -EBADMSG;
}

int key_info_parse(const void *buf, size_t len, struct key_info *ret)
{
        struct key_info k = {};
        bool pem;

        if (len > KEYINFO_MAX_BYTES)
                return -E2BIG;
        if (!buf || len == 0 || len > INT32_MAX)
                return -EBADMSG;

        if (memmem_str(buf, len, "-----BEGIN OPENSSH PRIVATE KEY-----")) {
                if (parse_openssh_private(buf, len, &k) < 0) {
                        key_info_clear(&k);
                        return -EBADMSG;
                }
                *ret = k;
                return 0;
        }

        pem = memmem_str(buf, len, "-----BEGIN ") != NULL;
        if (pem) {
                k.n_certs = count_str(buf, len, "-----BEGIN CERTIFICATE-----") + count_str(buf, len, "-----BEGIN TRUSTED CERTIFICATE-----");
                if (memmem_str(buf, len, "PRIVATE KEY-----")) {
                        _cleanup_(bio_freep) BIO *bio = BIO_new_mem_buf(buf, (int) len);
                        _cleanup_(pkey_freep) EVP_PKEY *pk = NULL;

                        k.has_private = true;
                        pk = bio ? PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL) : NULL;
                        if (pk)
                                fill_pkey(&k, pk);
                        else
                                k.encrypted = memmem_str(buf, len, "ENCRYPTED") != NULL;
                        ERR_clear_error();
                }
                if (k.n_certs > 0) {
                        _cleanup_(bio_freep) BIO *bio = BIO_new_mem_buf(buf, (int) len);
                        _cleanup_(x509_freep) X509 *x = bio ? PEM_read_bio_X509_AUX(bio, NULL, no_passphrase, NULL) : NULL;

                        if (x) {
                                /* The key fields describe the private key when there is one. */
                                if (k.key_type && k.has_private) {
                                        char *t = TAKE_PTR(k.key_type), *c = TAKE_PTR(k.curve);
                                        unsigned b = k.key_bits;
                                        fill_cert(&k, x);
                                        free(k.key_type);
                                        free(k.curve);
                                        k.key_type = t;
                                        k.curve = c;
                                        k.key_bits = b;
                                } else
                                        fill_cert(&k, x);
                        }
                        ERR_clear_error();
                }
                if (!k.has_private && !k.has_cert && memmem_str(buf, len, "PUBLIC KEY-----")) {
                        _cleanup_(bio_freep) BIO *bio = BIO_new_mem_buf(buf, (int) len);
                        _cleanup_(pkey_freep) EVP_PKEY *pk = bio ? PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL) : NULL;
                        if (pk)
                                fill_pkey(&k, pk);
                        ERR_clear_error();
                }
                if (k.has_private || k.has_cert || k.key_type) {
                        *ret = k;
                        return 0;
                }
                key_info_clear(&k);
                return -EBADMSG;
        }

        /* DER: a certificate, a private key, or a public key. */
        {
                const unsigned char *p = buf;
                _cleanup_(x509_freep) X509 *x = d2i_X509(NULL, &p, (long) len);
                if (x) {
                        k.n_certs = 1;
                        fill_cert(&k, x);
                        *ret = k;
                        return 0;
                }
                p = buf;
                _cleanup_(pkey_freep) EVP_PKEY *pk = d2i_AutoPrivateKey(NULL, &p, (long) len);
                if (pk) {
                        k.has_private = true;
                        fill_pkey(&k, pk);
                        ERR_clear_error();
                        *ret = k;
                        return 0;
                }
                ERR_clear_error();
        }
        if (parse_openssh_public(buf, len, &k) == 0) {
                *ret = k;
                return 0;
        }
        key_info_clear(&k);
        return -EBADMSG;
}
