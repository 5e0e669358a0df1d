/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "hash.h"
#include "macro.h"
#include "strv.h"
#include "tls-internal.h"

static char *name_to_string(const X509_NAME *n)
{
        BIO *b = BIO_new(BIO_s_mem());
        char *data, *s;
        long len;

        if (!b)
                return NULL;
        X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
        len = BIO_get_mem_data(b, &data);
        s = len >= 0 ? xstrndup(data, (size_t) MIN(len, 4096)) : NULL;
        BIO_free(b);
        return s;
}

static int asn1_time_to_time_t(const ASN1_TIME *t, time_t *ret)
{
        struct tm tm = {};

        if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
                return -EBADMSG;
        *ret = timegm(&tm);
        return 0;
}

static void collect_san(X509 *x, char ***ret)
{
        GENERAL_NAMES *names = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
        int n = names ? sk_GENERAL_NAME_num(names) : 0;

        /* A SAN list is bounded by the certificate, but a report needs no more than this. */
        for (int i = 0; i < n && i < 256; i++) {
                const GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
                if (g->type == GEN_DNS) {
                        const unsigned char *d = ASN1_STRING_get0_data(g->d.dNSName);
                        int l = ASN1_STRING_length(g->d.dNSName);
                        _cleanup_free_ char *v = xstrndup((const char *) d, (size_t) MAX(l, 0));
                        strv_consume(ret, xasprintf("DNS:%s", v));
                } else if (g->type == GEN_IPADD) {
                        char buf[INET6_ADDRSTRLEN] = "?";
                        int l = ASN1_STRING_length(g->d.iPAddress);
                        const unsigned char *d = ASN1_STRING_get0_data(g->d.iPAddress);
                        if (l == 4)
                                inet_ntop(AF_INET, d, buf, sizeof(buf));
                        else if (l == 16)
                                inet_ntop(AF_INET6, d, buf, sizeof(buf));
                        strv_consume(ret, xasprintf("IP:%s", buf));
                }
        }
        GENERAL_NAMES_free(names);
}

static void collect_eku(X509 *x, char ***ret)
{
        EXTENDED_KEY_USAGE *eku = X509_get_ext_d2i(x, NID_ext_key_usage, NULL, NULL);
        int n = eku ? sk_ASN1_OBJECT_num(eku) : 0;

        for (int i = 0; i < n && i < 64; i++) {
                const ASN1_OBJECT *o = sk_ASN1_OBJECT_value(eku, i);
                int nid = OBJ_obj2nid(o);
                char buf[128];

                if (nid != NID_undef)
                        strv_push(ret, OBJ_nid2sn(nid));
                else if (OBJ_obj2txt(buf, sizeof(buf), o, 1) > 0)
                        strv_push(ret, buf);
        }
        EXTENDED_KEY_USAGE_free(eku);
}

static void x509_summarise(X509 *x, struct tls_scan_cert *c)
{
        EVP_PKEY *pk = X509_get0_pubkey(x);
        int md_nid = NID_undef, pk_nid = NID_undef;
        unsigned char *der = NULL;
        int der_len;

        c->subject = name_to_string(X509_get_subject_name(x));
        c->issuer = name_to_string(X509_get_issuer_name(x));
        c->self_signed = X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)) == 0;
        if (pk) {
                const char *t = EVP_PKEY_get0_type_name(pk);
                char curve[64];
                size_t cl;

                c->key_type = xstrdup(t ? t : "unknown");
                c->key_bits = (unsigned) MAX(EVP_PKEY_get_bits(pk), 0);
                if (EVP_PKEY_get_utf8_string_param(pk, "group", curve, sizeof(curve), &cl) == 1)
                        c->curve = xstrdup(curve);
        }
        c->signature = xstrdup(OBJ_nid2ln(X509_get_signature_nid(x)));
        if (OBJ_find_sigid_algs(X509_get_signature_nid(x), &md_nid, &pk_nid) == 1 && md_nid != NID_undef)
                c->signature_hash = xstrdup(OBJ_nid2sn(md_nid));
        (void) asn1_time_to_time_t(X509_get0_notBefore(x), &c->not_before);
        (void) asn1_time_to_time_t(X509_get0_notAfter(x), &c->not_after);
        collect_san(x, &c->san);
        collect_eku(x, &c->eku);
        der_len = i2d_X509(x, &der);
        if (der_len > 0) {
                uint8_t md[32];
                unsigned mdlen = 0;
                if (EVP_Digest(der, (size_t) der_len, md, &mdlen, EVP_sha256(), NULL) == 1 && mdlen == 32)
                        for (unsigned i = 0; i < 32; i++)
                                snprintf(c->sha256 + 2 * i, 3, "%02x", md[i]);
        }
        OPENSSL_free(der);
}

int tls_cert_summarise(const uint8_t *der, size_t len, struct tls_scan_cert *ret)
{
        const unsigned char *p = der;
        struct tls_scan_cert c = {};
        X509 *x;

        if (len > INT32_MAX)
                return -E2BIG;
        x = d2i_X509(NULL, &p, (long) len);
        if (!x) {
                ERR_clear_error();
                return -EBADMSG;
        }
        x509_summarise(x, &c);
        X509_free(x);
        *ret = c;
        return 0;
}

void tls_scan_cert_clear(struct tls_scan_cert *c)
{
        free(c->subject);
        free(c->issuer);
        free(c->key_type);
        free(c->curve);
        free(c->signature);
        free(c->signature_hash);
        strv_free(c->san);
        strv_free(c->eku);
        *c = (struct tls_scan_cert){};
}

static uint64_t mono_ms(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000u + (uint64_t) ts.tv_nsec / 1000000u;
}

static uint16_t sigalg_code_from_nids(int sig_nid, int md_nid, int pkey_type)
{
        /* OpenSSL reports the CertificateVerify scheme as (signature type, digest). */
        int h = md_nid == NID_sha256 ? 4 : md_nid == NID_sha384 ? 5 : md_nid == NID_sha512 ? 6 : 0;

        if (sig_nid == NID_ED25519)
                return 0x0807;
        if (sig_nid == NID_ED448)
                return 0x0808;
        if (h == 0)
                return 0;
        if (sig_nid == NID_rsassaPss)
                return (uint16_t) (pkey_type == EVP_PKEY_RSA_PSS ? 0x0809 + (h - 4) : 0x0804 + (h - 4));
        if (sig_nid == NID_X9_62_id_ecPublicKey)
                return (uint16_t) (h << 8 | 3);
        if (sig_nid == NID_rsaEncryption)
                return (uint16_t) (h << 8 | 1);
        return 0;
}

void *tls13_client_ctx_new(void)
{
        /* One context for all handshakes of a scan: creating one costs milliseconds in OpenSSL 3. */
        SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

        if (!ctx)
                return NULL;
        SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
        SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
        /* Cap what a hostile server can make OpenSSL buffer for the chain. */
        SSL_CTX_set_max_cert_list(ctx, TLS_HANDSHAKE_MAX);
        SSL_CTX_set_security_level(ctx, 0);
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
        return ctx;
}

void tls13_client_ctx_free(void *ctx)
{
        SSL_CTX_free(ctx);
}

/*
 * OpenSSL writes to the socket with write(), so a server that resets the
 * connection mid-handshake would raise SIGPIPE and kill the caller. Library
 * code must not change the process's signal handling: block SIGPIPE in this
 * thread around the handshake and swallow one raised meanwhile.
 */
struct sigpipe_guard {
        sigset_t old;
        bool was_pending;
};

static void sigpipe_block(struct sigpipe_guard *g)
{
        sigset_t set, pending;

        sigemptyset(&set);
        sigaddset(&set, SIGPIPE);
        sigpending(&pending);
        g->was_pending = sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &set, &g->old);
}

static void sigpipe_restore(struct sigpipe_guard *g)
{
        sigset_t set, pending;
        const struct timespec zero = {};

        sigemptyset(&set);
        sigaddset(&set, SIGPIPE);
        sigpending(&pending);
        if (!g->was_pending && sigismember(&pending, SIGPIPE) == 1)
                (void) sigtimedwait(&set, NULL, &zero);
        pthread_sigmask(SIG_SETMASK, &g->old, NULL);
}

static int tls13_handshake(void *ctx, const struct sockaddr_storage *addr, socklen_t addr_len, const char *sni,
                           const char *sigalgs, unsigned timeout_ms, struct tls_scan_cert **ret_certs,
                           size_t *ret_n, uint16_t *ret_sigalg, char **ret_error);

int tls13_fetch_certificates(void *ctx, const struct sockaddr_storage *addr, socklen_t addr_len, const char *sni,
                             const char *sigalgs, unsigned timeout_ms, struct tls_scan_cert **ret_certs,
                             size_t *ret_n, uint16_t *ret_sigalg, char **ret_error)
{
        struct sigpipe_guard g;
        int k;

        sigpipe_block(&g);
        k = tls13_handshake(ctx, addr, addr_len, sni, sigalgs, timeout_ms, ret_certs, ret_n, ret_sigalg, ret_error);
        sigpipe_restore(&g);
        return k;
}

static int tls13_handshake(void *ctx, const struct sockaddr_storage *addr, socklen_t addr_len, const char *sni,
                             const char *sigalgs, unsigned timeout_ms, struct tls_scan_cert **ret_certs,
                             size_t *ret_n, uint16_t *ret_sigalg, char **ret_error)
{
        SSL *ssl = NULL;
        int fd = -1, k = 0;
        uint64_t deadline = mono_ms() + timeout_ms;
        struct tls_scan_cert *certs = NULL;
        size_t n_certs = 0;

        if (!ctx)
                return -EINVAL;
        ssl = SSL_new(ctx);
        if (!ssl)
                goto fail_ssl;
        if (sigalgs && SSL_set1_sigalgs_list(ssl, sigalgs) != 1)
                goto fail_ssl;
        if (sni)
                SSL_set_tlsext_host_name(ssl, sni);

        fd = socket(addr->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
                k = negative_errno();
                goto fail;
        }
        if (connect(fd, (const struct sockaddr *) addr, addr_len) < 0 && errno != EINPROGRESS) {
                k = negative_errno();
                goto fail;
        }
        SSL_set_fd(ssl, fd);
        SSL_set_connect_state(ssl);

        /* Each pass waits for the socket or the deadline. */
        for (;;) {
                int r = SSL_do_handshake(ssl), e;
                struct pollfd pfd = { .fd = fd };
                uint64_t now = mono_ms();

                if (r == 1)
                        break;
                e = SSL_get_error(ssl, r);
                if (e == SSL_ERROR_WANT_READ)
                        pfd.events = POLLIN;
                else if (e == SSL_ERROR_WANT_WRITE)
                        pfd.events = POLLOUT;
                else
                        goto fail_ssl;
                if (now >= deadline) {
                        k = -ETIMEDOUT;
                        goto fail;
                }
                if (poll(&pfd, 1, (int) (deadline - now)) < 0 && errno != EINTR) {
                        k = negative_errno();
                        goto fail;
                }
        }

        if (ret_certs) {
                STACK_OF(X509) *chain = SSL_get_peer_cert_chain(ssl);
                int n = chain ? sk_X509_num(chain) : 0;
                for (int i = 0; i < n && i < 16; i++) {
                        certs = xreallocarray(certs, n_certs + 1, sizeof(*certs));
                        certs[n_certs] = (struct tls_scan_cert){};
                        x509_summarise(sk_X509_value(chain, i), &certs[n_certs++]);
                }
        }
        if (ret_sigalg) {
                int sig_nid = NID_undef, md_nid = NID_undef;
                EVP_PKEY *pk = SSL_get0_peer_certificate(ssl) ? X509_get0_pubkey(SSL_get0_peer_certificate(ssl)) : NULL;
                (void) SSL_get_peer_signature_type_nid(ssl, &sig_nid);
                (void) SSL_get_peer_signature_nid(ssl, &md_nid);
                *ret_sigalg = sigalg_code_from_nids(sig_nid, md_nid, pk ? EVP_PKEY_get_base_id(pk) : 0);
        }
        SSL_free(ssl);
        close(fd);
        if (ret_certs) {
                *ret_certs = certs;
                *ret_n = n_certs;
        }
        return 0;

fail_ssl:
        if (ret_error) {
                unsigned long e = ERR_peek_last_error();
                char buf[256];
                ERR_error_string_n(e, buf, sizeof(buf));
                *ret_error = xasprintf("OpenSSL handshake failed: %s", e ? buf : "connection closed");
        }
        k = -EPROTO;
fail:
        ERR_clear_error();
        for (size_t i = 0; i < n_certs; i++)
                tls_scan_cert_clear(&certs[i]);
        free(certs);
        SSL_free(ssl);
        if (fd >= 0)
                close(fd);
        return k;
}
