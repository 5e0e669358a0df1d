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
#include "time-util.h"
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
        if (der_len > 0)
                sha256_hex(der, (size_t) der_len, c->sha256);
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

void tls_der_chain_clear(struct tls_der_chain *c)
{
        for (size_t i = 0; i < c->n; i++)
                free(c->der[i]);
        *c = (struct tls_der_chain){};
}

static X509 *x509_from_der(const uint8_t *der, size_t len)
{
        const unsigned char *p = der;
        X509 *x;

        if (len > INT32_MAX)
                return NULL;
        x = d2i_X509(NULL, &p, (long) len);
        if (!x)
                ERR_clear_error();
        return x;
}

/*
 * Path validation (RFC 5280) of the chain as sent, against ca_file or the
 * system's certificate directory, for a TLS server, without the validity
 * dates (the policy judges those per certificate, so an expired leaf is one
 * finding, not two); then the host name (RFC 6125) or address.
 */
static void chain_verify(X509 *leaf, STACK_OF(X509) *untrusted, const struct tls_verify *v, struct tls_scan_chain *ch)
{
        X509_STORE *st = X509_STORE_new();
        X509_STORE_CTX *ctx = X509_STORE_CTX_new();
        struct in6_addr a6;
        struct in_addr a4;

        ch->trust = TLS_TRUST_UNKNOWN;
        if (!st || !ctx)
                goto done;
        if (v->ca_file) {
                if (X509_STORE_load_file(st, v->ca_file) != 1) {
                        ch->trust_error = xasprintf("cannot load CA file %s", v->ca_file);
                        goto done;
                }
        } else if (X509_STORE_load_path(st, X509_get_default_cert_dir()) != 1) {
                /* A lookup by hash in the directory: nothing is read until a chain needs it. */
                ch->trust_error = xasprintf("cannot use the system certificate directory %s", X509_get_default_cert_dir());
                goto done;
        }
        if (X509_STORE_CTX_init(ctx, st, leaf, untrusted) != 1)
                goto done;
        X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
        X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(ctx), X509_V_FLAG_NO_CHECK_TIME);
        if (X509_verify_cert(ctx) == 1)
                ch->trust = TLS_TRUST_TRUSTED;
        else {
                int e = X509_STORE_CTX_get_error(ctx);
                /* A self-signed root the server sends along is an untrusted chain; only a self-signed leaf is "self-signed". */
                ch->trust = e == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ? TLS_TRUST_SELF_SIGNED : TLS_TRUST_UNTRUSTED;
                ch->trust_error = xasprintf("%s (depth %d)", X509_verify_cert_error_string(e),
                                            X509_STORE_CTX_get_error_depth(ctx));
        }
done:
        ERR_clear_error();
        X509_STORE_CTX_free(ctx);
        X509_STORE_free(st);

        ch->hostname_match = TLS_UNKNOWN;
        if (v->name && v->name[0]) {
                ch->hostname = xstrdup(v->name);
                if (inet_pton(AF_INET, v->name, &a4) == 1 || inet_pton(AF_INET6, v->name, &a6) == 1)
                        ch->hostname_match = X509_check_ip_asc(leaf, v->name, 0) == 1 ? TLS_YES : TLS_NO;
                else
                        ch->hostname_match = X509_check_host(leaf, v->name, 0, 0, NULL) == 1 ? TLS_YES : TLS_NO;
                ERR_clear_error();
        }
}

bool tls_result_has_key_type(const struct tls_scan_result *r, const char *key_type)
{
        for (size_t i = 0; i < r->n_chains; i++) {
                const struct tls_scan_cert *leaf = &r->certs[r->chains[i].first];
                if (leaf->key_type && streq(leaf->key_type, key_type))
                        return true;
        }
        return false;
}

int tls_result_add_chain(struct tls_scan_result *r, const struct tls_der *ders, size_t n, uint16_t version,
                         const struct tls_verify *v)
{
        STACK_OF(X509) *untrusted = NULL;
        struct tls_scan_chain ch = { .first = r->n_certs, .version = version };
        X509 *leaf = NULL;
        int k = 0;

        if (n == 0 || !(leaf = x509_from_der(ders[0].der, ders[0].len)))
                return -EBADMSG;
        {
                struct tls_scan_cert probe = {};
                x509_summarise(leaf, &probe);
                for (size_t i = 0; i < r->n_chains; i++)
                        if (streq(r->certs[r->chains[i].first].sha256, probe.sha256))
                                k = -EEXIST;
                tls_scan_cert_clear(&probe);
                if (k < 0) {
                        X509_free(leaf);
                        return k;
                }
        }
        untrusted = sk_X509_new_null();
        for (size_t i = 0; i < n; i++) {
                X509 *x = i == 0 ? leaf : x509_from_der(ders[i].der, ders[i].len);
                struct tls_scan_cert c = {};

                if (!x)
                        continue; /* an unparsable intermediate: the path check will say what is missing */
                x509_summarise(x, &c);
                c.chain = (unsigned) r->n_chains;
                c.depth = (unsigned) (r->n_certs - ch.first);
                r->certs = xreallocarray(r->certs, r->n_certs + 1, sizeof(*r->certs));
                r->certs[r->n_certs++] = c;
                if (i > 0 && (!untrusted || !sk_X509_push(untrusted, x)))
                        X509_free(x);
        }
        ch.n = r->n_certs - ch.first;
        if (v && v->verify)
                chain_verify(leaf, untrusted, v, &ch);
        else
                ch.hostname_match = TLS_UNKNOWN;
        sk_X509_pop_free(untrusted, X509_free);
        X509_free(leaf);
        r->chains = xreallocarray(r->chains, r->n_chains + 1, sizeof(*r->chains));
        r->chains[r->n_chains++] = ch;
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
                           enum tls_starttls starttls, const char *sigalgs, unsigned timeout_ms,
                           struct tls_der_chain *ret_chain, uint16_t *ret_sigalg, char **ret_error);

/* SSL_do_handshake() on a non-blocking socket until done (1), an SSL error (0) or -ETIMEDOUT/-errno. */
static int handshake_loop(SSL *ssl, int fd, uint64_t deadline)
{
        /* Each pass waits for the socket or the deadline. */
        for (;;) {
                int r = SSL_do_handshake(ssl), e;
                struct pollfd pfd = { .fd = fd };
                uint64_t now = now_ms();

                if (r == 1)
                        return 1;
                e = SSL_get_error(ssl, r);
                if (e == SSL_ERROR_WANT_READ)
                        pfd.events = POLLIN;
                else if (e == SSL_ERROR_WANT_WRITE)
                        pfd.events = POLLOUT;
                else
                        return 0;
                if (now >= deadline)
                        return -ETIMEDOUT;
                if (poll(&pfd, 1, (int) (deadline - now)) < 0 && errno != EINTR)
                        return negative_errno();
        }
}

static int tls12_renegotiation(const struct sockaddr_storage *addr, socklen_t addr_len, const char *sni,
                               enum tls_starttls starttls, unsigned timeout_ms, char **ret_error)
{
        SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
        SSL *ssl = NULL;
        uint64_t deadline = now_ms() + timeout_ms;
        int fd = -1, k;

        if (!ctx)
                return -ENOMEM;
        SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
        SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
        SSL_CTX_set_max_cert_list(ctx, TLS_HANDSHAKE_MAX);
        SSL_CTX_set_security_level(ctx, 0);
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
        /* A new full handshake, not a resumption: that is what costs the server. */
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION);
        ssl = SSL_new(ctx);
        k = ssl ? 0 : -ENOMEM;
        if (k == 0 && sni)
                SSL_set_tlsext_host_name(ssl, sni);
        if (k == 0 && (fd = socket(addr->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0)
                k = negative_errno();
        if (k == 0 && connect(fd, (const struct sockaddr *) addr, addr_len) < 0 && errno != EINPROGRESS)
                k = negative_errno();
        if (k == 0 && starttls != TLS_STARTTLS_NONE)
                k = tls_starttls_preamble(fd, starttls, sni, deadline, ret_error);
        if (k == 0) {
                SSL_set_fd(ssl, fd);
                SSL_set_connect_state(ssl);
                k = handshake_loop(ssl, fd, deadline);
                if (k == 0) {
                        k = -EPROTO;
                        if (ret_error && !*ret_error)
                                *ret_error = xstrdup("the first handshake failed");
                } else if (k == 1) {
                        /* Refused: the server's no_renegotiation (or any other) alert fails the handshake. */
                        if (SSL_renegotiate(ssl) != 1) {
                                k = -EOPNOTSUPP;
                                if (ret_error && !*ret_error)
                                        *ret_error = xstrdup("OpenSSL will not renegotiate with this server (no secure renegotiation)");
                        } else
                                k = handshake_loop(ssl, fd, deadline);
                }
        }
        ERR_clear_error();
        SSL_free(ssl);
        SSL_CTX_free(ctx);
        if (fd >= 0)
                close(fd);
        return k;
}

int tls12_client_renegotiation(const struct sockaddr_storage *addr, socklen_t addr_len, const char *sni,
                               enum tls_starttls starttls, unsigned timeout_ms, char **ret_error)
{
        struct sigpipe_guard g;
        int k;

        sigpipe_block(&g);
        k = tls12_renegotiation(addr, addr_len, sni, starttls, timeout_ms, ret_error);
        sigpipe_restore(&g);
        return k;
}

int tls13_fetch_certificates(void *ctx, const struct sockaddr_storage *addr, socklen_t addr_len, const char *sni,
                             enum tls_starttls starttls, const char *sigalgs, unsigned timeout_ms,
                             struct tls_der_chain *ret_chain, uint16_t *ret_sigalg, char **ret_error)
{
        struct sigpipe_guard g;
        int k;

        sigpipe_block(&g);
        k = tls13_handshake(ctx, addr, addr_len, sni, starttls, sigalgs, timeout_ms, ret_chain, ret_sigalg, ret_error);
        sigpipe_restore(&g);
        return k;
}

static int tls13_handshake(void *ctx, const struct sockaddr_storage *addr, socklen_t addr_len, const char *sni,
                             enum tls_starttls starttls, const char *sigalgs, unsigned timeout_ms,
                             struct tls_der_chain *ret_chain, uint16_t *ret_sigalg, char **ret_error)
{
        SSL *ssl = NULL;
        int fd = -1, k = 0;
        uint64_t deadline = now_ms() + timeout_ms;
        struct tls_der_chain chain = {};

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
        if (starttls != TLS_STARTTLS_NONE) {
                k = tls_starttls_preamble(fd, starttls, sni, deadline, ret_error);
                if (k < 0)
                        goto fail;
        }
        SSL_set_fd(ssl, fd);
        SSL_set_connect_state(ssl);

        k = handshake_loop(ssl, fd, deadline);
        if (k == 0)
                goto fail_ssl;
        if (k < 0)
                goto fail;

        if (ret_chain) {
                STACK_OF(X509) *peer = SSL_get_peer_cert_chain(ssl);
                int n = peer ? sk_X509_num(peer) : 0;
                for (int i = 0; i < n && chain.n < ARRAY_SIZE(chain.der); i++) {
                        unsigned char *der = NULL;
                        int len = i2d_X509(sk_X509_value(peer, i), &der);
                        if (len <= 0)
                                continue;
                        chain.der[chain.n] = xreallocarray(NULL, (size_t) len, 1);
                        memcpy(chain.der[chain.n], der, (size_t) len);
                        chain.len[chain.n++] = (size_t) len;
                        OPENSSL_free(der);
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
        if (ret_chain)
                *ret_chain = chain;
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
        tls_der_chain_clear(&chain);
        SSL_free(ssl);
        if (fd >= 0)
                close(fd);
        return k;
}
