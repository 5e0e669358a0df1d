/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "macro.h"
#include "strv.h"
#include "tls-internal.h"
#include "tls-plan.h"
#include "tls-proto.h"
#include "tls-scan.h"

/*
 * How the scan finds things, in as few round trips as a serial server
 * (openssl s_server answers one connection at a time) allows:
 *
 * Phase 1, all at once: per version a chain of ClientHellos that offers
 * every suite code, then every code minus the ones the server already chose,
 * until it refuses. The chain gives the accepted set and, when the server
 * enforces its own order, that order. The first TLS 1.2 hello also reads the
 * whole first flight (extensions, Certificate, ServerKeyExchange, OCSP).
 *
 * Phase 2, from what phase 1 found: one hello per version with the accepted
 * suites reversed (server or client order?), one per group and per signature
 * scheme, one for encrypt-then-MAC over CBC suites, one for the DHE prime.
 */

static void gen_key_shares(struct scan *s)
{
        EVP_PKEY *k;
        size_t n;

        s->n_shares = 0;
        k = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
        n = sizeof(s->x25519_pub);
        if (k && EVP_PKEY_get_raw_public_key(k, s->x25519_pub, &n) == 1 && n == 32)
                s->shares[s->n_shares++] = (struct tls_key_share){ 0x001d, s->x25519_pub, 32 };
        EVP_PKEY_free(k);
        k = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
        if (k && EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, s->p256_pub,
                                                 sizeof(s->p256_pub), &n) == 1 && n == 65)
                s->shares[s->n_shares++] = (struct tls_key_share){ 0x0017, s->p256_pub, 65 };
        EVP_PKEY_free(k);
}

static int resolve(const char *host, uint16_t port, struct sockaddr_storage *ret, socklen_t *ret_len, char **ret_error)
{
        struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG }, *ai = NULL;
        char portstr[8];
        int k;

        /* Address literals need no resolver (which may consult nscd or the network). */
        struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(port) };
        struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_port = htons(port) };
        if (inet_pton(AF_INET, host, &sin.sin_addr) == 1) {
                memcpy(ret, &sin, sizeof(sin));
                *ret_len = sizeof(sin);
                return 0;
        }
        if (inet_pton(AF_INET6, host, &sin6.sin6_addr) == 1) {
                memcpy(ret, &sin6, sizeof(sin6));
                *ret_len = sizeof(sin6);
                return 0;
        }

        snprintf(portstr, sizeof(portstr), "%u", port);
        k = getaddrinfo(host, portstr, &hints, &ai);
        if (k != 0 || !ai) {
                /* AI_ADDRCONFIG hides ::1 on hosts with only loopback IPv6: try again without it. */
                hints.ai_flags = AI_NUMERICSERV;
                k = getaddrinfo(host, portstr, &hints, &ai);
        }
        if (k != 0 || !ai) {
                if (ret_error)
                        *ret_error = xasprintf("cannot resolve '%s': %s", host, gai_strerror(k));
                return -EHOSTUNREACH;
        }
        memcpy(ret, ai->ai_addr, ai->ai_addrlen);
        *ret_len = ai->ai_addrlen;
        freeaddrinfo(ai);
        return 0;
}

static bool is_address_literal(const char *host)
{
        struct in6_addr a6;
        struct in_addr a4;
        return inet_pton(AF_INET, host, &a4) == 1 || inet_pton(AF_INET6, host, &a6) == 1;
}

static int scan_init(struct scan *s, const struct tls_scan_options *o, struct tls_scan_options *fixed, char **ret_error)
{
        int k;

        if (!o || !o->host || !o->host[0] || o->port == 0)
                return -EINVAL;
        *fixed = *o;
        if (!fixed->conn_timeout_ms)
                fixed->conn_timeout_ms = 5000;
        if (!fixed->total_timeout_ms)
                fixed->total_timeout_ms = 120000;
        if (!fixed->max_parallel)
                fixed->max_parallel = 8;
        fixed->max_parallel = MIN(fixed->max_parallel, 256u);
        *s = (struct scan){ .o = fixed };
        k = resolve(o->host, o->port, &s->addr, &s->addr_len, ret_error);
        if (k < 0)
                return k;
        s->sni = o->sni ? o->sni : is_address_literal(o->host) ? NULL : o->host;
        /* The leaf is checked against the name a client would use: --sni, else the host name (an address: none). */
        s->verify = (struct tls_verify){ .verify = o->verify_chain, .ca_file = o->ca_file, .name = s->sni };
        s->deadline = now_us() + (uint64_t) fixed->total_timeout_ms * 1000u;
        return 0;
}

int tls_detect(const char *host, uint16_t port, unsigned timeout_ms)
{
        struct tls_scan_options o = { .host = host, .port = port, .conn_timeout_ms = timeout_ms,
                                      .total_timeout_ms = timeout_ms, .max_parallel = 1 }, fixed;
        _cleanup_(tls_scan_result_freep) struct tls_scan_result *r = xmalloc0(sizeof(*r));
        _cleanup_free_ uint16_t *codes = NULL;
        struct task *tasks = NULL;
        size_t n_tasks = 0, n_codes;
        struct scan s;
        int k;

        k = scan_init(&s, &o, &fixed, NULL);
        if (k < 0)
                return k;
        s.res = r;
        n_codes = tls_offer_codes(false, &codes);
        task_set_codes(task_push(&tasks, &n_tasks, TASK_DETECT, TLS_VERSION_TLS12, 0), codes, n_codes);
        run_tasks(&s, tasks, n_tasks);
        tasks_free(tasks, n_tasks);
        return s.detect;
}

/*
 * Which signature scheme kinds the server's certificates can produce, as a
 * bit mask of 1 << enum tls_sig_kind: from the authentication of the TLS 1.2
 * suites it accepted (a server with an RSA and an ECDSA certificate accepts
 * both kinds of suite) and from the key type of a certificate seen. Probing
 * only those saves the full handshakes that could not succeed.
 */
/* rsa_pss_pss_* need an RSASSA-PSS key, rsa_pss_rsae_* an rsaEncryption one: told apart by this bit. */
#define SIG_KIND_PSS_KEY (1u << 31)

static unsigned sig_kinds_of_key(const char *key_type)
{
        if (!key_type)
                return 0;
        if (streq(key_type, "RSA"))
                return 1u << TLS_SIG_RSA_PKCS1 | 1u << TLS_SIG_RSA_PSS;
        if (streq(key_type, "RSA-PSS"))
                return 1u << TLS_SIG_RSA_PSS | SIG_KIND_PSS_KEY;
        if (streq(key_type, "EC"))
                return 1u << TLS_SIG_ECDSA;
        if (streq(key_type, "ED25519") || streq(key_type, "ED448"))
                return 1u << TLS_SIG_EDDSA;
        if (streq(key_type, "DSA"))
                return 1u << TLS_SIG_DSA;
        return ~0u; /* something else: probe everything */
}

/* The kinds of key a TLS 1.3 server may have a certificate for, with the signature schemes that select each. */
static const struct {
        const char *key_type, *alt, *sigalgs;
} tls13_key_kinds[] = {
        { "RSA", "RSA-PSS", "rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:"
                            "rsa_pss_pss_sha256:rsa_pss_pss_sha384:rsa_pss_pss_sha512" },
        { "EC", NULL, "ecdsa_secp256r1_sha256:ecdsa_secp384r1_sha384:ecdsa_secp521r1_sha512" },
        { "ED25519", "ED448", "ed25519:ed448" },
};

static void tls13_add_chain(struct scan *s, struct tls_der_chain *chain)
{
        struct tls_der ders[ARRAY_SIZE(chain->der)];

        for (size_t i = 0; i < chain->n; i++)
                ders[i] = (struct tls_der){ chain->der[i], chain->len[i] };
        if (chain->n > 0 && tls_result_add_chain(s->res, ders, chain->n, TLS_VERSION_TLS13, &s->verify) == -EBADMSG)
                scan_note(s, "TLS 1.3 certificate: OpenSSL cannot parse the leaf");
        tls_der_chain_clear(chain);
}

static unsigned server_sig_kinds(const struct tls_scan_result *r)
{
        unsigned m = 0;

        for (size_t v = 0; v < 4; v++)
                for (size_t i = 0; i < r->protocols[v].n_suites; i++) {
                        const struct tls_suite *t = tls_suite_by_code(r->protocols[v].suites[i]);
                        if (!t)
                                continue;
                        if (t->au == TLS_AU_RSA)
                                m |= 1u << TLS_SIG_RSA_PKCS1 | 1u << TLS_SIG_RSA_PSS;
                        else if (t->au == TLS_AU_ECDSA)
                                m |= 1u << TLS_SIG_ECDSA | 1u << TLS_SIG_EDDSA;
                        else if (t->au == TLS_AU_DSS)
                                m |= 1u << TLS_SIG_DSA;
                        else if (t->au != TLS_AU_ANON && t->au != TLS_AU_PSK)
                                m = ~0u;
                }
        for (size_t i = 0; i < r->n_chains; i++)
                m |= sig_kinds_of_key(r->certs[r->chains[i].first].key_type);
        return m;
}

static bool sigscheme_fits(uint16_t code, unsigned kinds)
{
        const struct tls_sigscheme *sc = tls_sigscheme_by_code(code);

        if (!sc)
                return true;
        if (sc->kind == TLS_SIG_RSA_PSS) {
                bool pss_pss = code >= 0x0809 && code <= 0x080b;
                return pss_pss ? (kinds & SIG_KIND_PSS_KEY) : (kinds & (1u << TLS_SIG_RSA_PKCS1));
        }
        return kinds & (1u << sc->kind);
}

/*
 * A server with an RSA and an ECDSA certificate accepts both kinds of suite
 * and shows one certificate per hello: one more hello per kind of
 * authentication whose certificate is not in the result yet, offering only
 * suites of that kind, with the highest version before TLS 1.3 that has them.
 */
static void push_cert_tasks(struct scan *s, struct task **tasks, size_t *n_tasks)
{
        static const struct {
                enum tls_au au;
                const char *key_type;
        } kinds[] = { { TLS_AU_RSA, "RSA" }, { TLS_AU_ECDSA, "EC" }, { TLS_AU_DSS, "DSA" } };
        struct tls_scan_result *r = s->res;

        if (r->n_chains == 0)
                return; /* the first flight failed: nothing to tell a second certificate from */
        for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
                if (tls_result_has_key_type(r, kinds[k].key_type) ||
                    (kinds[k].au == TLS_AU_RSA && tls_result_has_key_type(r, "RSA-PSS")) ||
                    (kinds[k].au == TLS_AU_ECDSA && (tls_result_has_key_type(r, "ED25519") ||
                                                     tls_result_has_key_type(r, "ED448"))))
                        continue;
                for (int v = 3; v >= 0; v--) {
                        struct task *t = NULL;
                        for (size_t i = 0; i < r->protocols[v].n_suites; i++) {
                                const struct tls_suite *su = tls_suite_by_code(r->protocols[v].suites[i]);
                                if (!su || su->au != kinds[k].au)
                                        continue;
                                if (!t)
                                        t = task_push(tasks, n_tasks, TASK_CERT, versions[v], 0);
                                codes_push(&t->offer, &t->n_offer, su->code);
                        }
                        if (t)
                                break;
                }
        }
}

/* A connection's time: its own limit, or what is left of the scan's. */
static unsigned conn_budget_ms(const struct scan *s)
{
        uint64_t now = now_us(), left = s->deadline > now ? (s->deadline - now) / 1000u : 0;
        return (unsigned) MIN((uint64_t) s->o->conn_timeout_ms, left);
}

static int final_error(struct scan *s, char **ret_error)
{
        int k = s->first_errno ? s->first_errno : -EPROTONOSUPPORT;
        if (ret_error) {
                if (s->first_errno)
                        *ret_error = xstrdup(s->first_error);
                else
                        *ret_error = xstrdup("the server closed every connection without a TLS answer: not TLS, or it refuses every offer");
        }
        return k;
}

int tls_scan(const struct tls_scan_options *o, struct tls_scan_result **ret, char **ret_error)
{
        _cleanup_(tls_scan_result_freep) struct tls_scan_result *r = NULL;
        _cleanup_free_ uint16_t *legacy = NULL, *modern = NULL;
        struct tls_scan_options fixed;
        struct task *tasks = NULL;
        size_t n_tasks = 0, n_legacy, n_modern;
        uint64_t start = now_us();
        char addr[INET6_ADDRSTRLEN] = "";
        struct scan s;
        int k;

        if (!ret)
                return -EINVAL;
        k = scan_init(&s, o, &fixed, ret_error);
        if (k < 0)
                return k;
        gen_key_shares(&s);

        r = xmalloc0(sizeof(*r));
        r->host = xstrdup(o->host);
        r->port = o->port;
        if (s.addr.ss_family == AF_INET6)
                inet_ntop(AF_INET6, &((struct sockaddr_in6 *) &s.addr)->sin6_addr, addr, sizeof(addr));
        else
                inet_ntop(AF_INET, &((struct sockaddr_in *) &s.addr)->sin_addr, addr, sizeof(addr));
        r->address = xstrdup(addr);
        for (size_t i = 0; i < TLS_SCAN_N_VERSIONS; i++)
                r->protocols[i] = (struct tls_scan_protocol){ .version = versions[i], .server_preference = TLS_UNKNOWN };
        r->renegotiation_info = r->extended_master_secret = r->encrypt_then_mac = TLS_UNKNOWN;
        r->ocsp_stapling = r->session_ticket = r->compression = r->fallback_scsv = r->client_renegotiation = TLS_UNKNOWN;
        r->heartbeat = r->heartbleed = r->sslv2 = TLS_UNKNOWN;
        s.res = r;

        n_legacy = tls_offer_codes(false, &legacy);
        n_modern = tls_offer_codes(true, &modern);

        /* Phase 1: the chains. */
        for (size_t i = 0; i < 4; i++)
                task_set_codes(task_push(&tasks, &n_tasks, TASK_CHAIN, versions[i], 0), legacy, n_legacy);
        task_set_codes(task_push(&tasks, &n_tasks, TASK_CHAIN, TLS_VERSION_TLS13, 0), modern, n_modern);
        task_set_codes(task_push(&tasks, &n_tasks, TASK_COMPRESSION, TLS_VERSION_TLS12, 0), legacy, n_legacy);
        /*
         * What needs no accepted suite runs alongside the chains, offering every
         * suite of the right kind in a TLS 1.2 hello (the server answers with
         * its highest version): groups, the DHE prime, encrypt-then-MAC. This
         * keeps the longest sequence of connections short, which is what a
         * single-threaded server makes the scan wait for.
         */
        {
                struct task *t = task_push(&tasks, &n_tasks, TASK_GROUP13, TLS_VERSION_TLS13, 0);
                task_set_codes(t, groups_tls13, ARRAY_SIZE(groups_tls13));
                offer_set(t, modern, n_modern, NULL);
                t = task_push(&tasks, &n_tasks, TASK_GROUP12, TLS_VERSION_TLS12, 0);
                for (size_t i = 0; i < ARRAY_SIZE(groups_tls12); i++)
                        if (groups_tls12[i] < 0x0100) /* ffdhe codes do not select ECDHE curves */
                                codes_push(&t->remaining, &t->n_remaining, groups_tls12[i]);
                offer_set(t, legacy, n_legacy, pred_ecdhe);
                offer_set(task_push(&tasks, &n_tasks, TASK_DHE, TLS_VERSION_TLS12, 0), legacy, n_legacy, pred_dhe);
                offer_set(task_push(&tasks, &n_tasks, TASK_ETM, TLS_VERSION_TLS12, 0), legacy, n_legacy, pred_cbc);
        }
        run_tasks(&s, tasks, n_tasks);
        tasks_free(tasks, n_tasks);
        tasks = NULL;
        n_tasks = 0;

        if (s.any_tls == 0)
                return final_error(&s, ret_error);

        /* Phase 2: what depends on the accepted suites. */
        for (size_t i = 0; i < TLS_SCAN_N_VERSIONS; i++)
                if (r->protocols[i].n_suites >= 2)
                        task_push(&tasks, &n_tasks, TASK_PREFERENCE, versions[i], 0);
        bool sig = false;
        for (size_t j = 0; j < r->protocols[3].n_suites; j++)
                sig |= pred_signed(r->protocols[3].suites[j]);
        if (sig) {
                unsigned kinds = server_sig_kinds(r);
                for (size_t i = 0; i < ARRAY_SIZE(sigalgs_all); i++)
                        if (sigscheme_fits(sigalgs_all[i], kinds))
                                task_push(&tasks, &n_tasks, TASK_SIGALG12, TLS_VERSION_TLS12, sigalgs_all[i]);
        }
        push_cert_tasks(&s, &tasks, &n_tasks);
        /*
         * TLS_FALLBACK_SCSV: a client retrying one version lower says so; a
         * server that supports a higher version must refuse. One hello with the
         * second-highest version's accepted suites (a version below TLS 1.3,
         * which has no such retry) and the SCSV.
         */
        {
                int hi = -1, lo = -1;
                for (int v = TLS_SCAN_N_VERSIONS - 1; v >= 0; v--)
                        if (r->protocols[v].supported) {
                                if (hi < 0)
                                        hi = v;
                                else if (lo < 0 && r->protocols[v].n_suites > 0)
                                        lo = v;
                        }
                if (hi >= 0 && lo >= 0 && versions[lo] >= TLS_VERSION_TLS10) {
                        struct task *t = task_push(&tasks, &n_tasks, TASK_FALLBACK, versions[lo], 0);
                        for (size_t i = 0; i < r->protocols[lo].n_suites; i++)
                                codes_push(&t->offer, &t->n_offer, r->protocols[lo].suites[i]);
                }
        }
        run_tasks(&s, tasks, n_tasks);
        tasks_free(tasks, n_tasks);

        /*
         * TLS 1.3 encrypts the certificate and its signature: real handshakes
         * with OpenSSL, one with its defaults (for the chain, when nothing
         * older showed it), then one per signature scheme offered alone.
         */
        if (r->protocols[4].supported && !o->no_certificate && now_us() < s.deadline) {
                struct tls_der_chain chain = {};
                uint16_t sigalg = 0;
                _cleanup_free_ char *err = NULL;
                void *ctx = tls13_client_ctx_new();
                bool older_signed = false;

                for (size_t v = 0; v < 4; v++)
                        for (size_t j = 0; j < r->protocols[v].n_suites; j++)
                                older_signed |= pred_signed(r->protocols[v].suites[j]);
                r->connections++;
                k = tls13_fetch_certificates(ctx, &s.addr, s.addr_len, s.sni, o->starttls, NULL, conn_budget_ms(&s),
                                             r->n_chains == 0 ? &chain : NULL, &sigalg, &err);
                if (k < 0)
                        scan_note(&s, "TLS 1.3 handshake for the certificate: %s", err ? err : strerror(-k));
                else {
                        tls13_add_chain(&s, &chain);
                        /*
                         * A TLS 1.3-only server shows its other certificates (an ECDSA one
                         * next to RSA) only to a client that offers nothing else: one
                         * handshake per other kind of key. Older suites, when there are,
                         * named the kinds already.
                         */
                        for (size_t i = 0; !older_signed && i < ARRAY_SIZE(tls13_key_kinds) && now_us() < s.deadline; i++) {
                                _cleanup_free_ char *e2 = NULL;
                                struct tls_der_chain other = {};

                                if (tls_result_has_key_type(r, tls13_key_kinds[i].key_type) ||
                                    (tls13_key_kinds[i].alt && tls_result_has_key_type(r, tls13_key_kinds[i].alt)))
                                        continue;
                                r->connections++;
                                if (tls13_fetch_certificates(ctx, &s.addr, s.addr_len, s.sni, o->starttls, tls13_key_kinds[i].sigalgs,
                                                             conn_budget_ms(&s), &other, NULL, &e2) >= 0)
                                        tls13_add_chain(&s, &other);
                                tls_der_chain_clear(&other);
                        }
                        /* The TLS 1.3 certificates' keys plus whatever older suites showed. */
                        unsigned kinds = server_sig_kinds(r);
                        for (size_t i = 0; sigalg && i < ARRAY_SIZE(sigalgs_tls13) && now_us() < s.deadline; i++) {
                                const struct tls_sigscheme *sc = tls_sigscheme_by_code(sigalgs_tls13[i]);
                                _cleanup_free_ char *e2 = NULL;
                                uint16_t got = 0;

                                if (!sc || !sigscheme_fits(sc->code, kinds))
                                        continue;
                                r->connections++;
                                if (tls13_fetch_certificates(ctx, &s.addr, s.addr_len, s.sni, o->starttls, sc->name, conn_budget_ms(&s),
                                                             NULL, &got, &e2) >= 0 && got == sc->code &&
                                    !codes_contain(r->tls13_sigalgs, r->n_tls13_sigalgs, got))
                                        codes_push(&r->tls13_sigalgs, &r->n_tls13_sigalgs, got);
                        }
                        if (r->n_tls13_sigalgs == 0 && sigalg)
                                codes_push(&r->tls13_sigalgs, &r->n_tls13_sigalgs, sigalg);
                }
                tls13_client_ctx_free(ctx);
        }

        /* SSL 2.0: one hello of its own format. */
        if (now_us() < s.deadline) {
                _cleanup_free_ char *err = NULL;
                r->connections++;
                k = tls_sslv2_probe(&s.addr, s.addr_len, o->starttls, s.sni ? s.sni : o->host, conn_budget_ms(&s), &err);
                if (k >= 0)
                        r->sslv2 = k == 1 ? TLS_YES : TLS_NO;
                else
                        scan_note(&s, "SSLv2 probe: %s", err ? err : strerror(-k));
        }

        /* Heartbleed, only where the first flight showed heartbeats: Debian's OpenSSL has none, so no connection. */
        if (r->heartbeat == TLS_YES && now_us() < s.deadline) {
                for (int v = 3; v >= 1; v--) {
                        _cleanup_free_ char *err = NULL;
                        if (!r->protocols[v].n_suites)
                                continue;
                        r->connections++;
                        k = tls_heartbleed_probe(&s.addr, s.addr_len, s.sni, o->starttls, versions[v], r->protocols[v].suites,
                                                 r->protocols[v].n_suites, conn_budget_ms(&s), &err);
                        if (k >= 0)
                                r->heartbleed = k == 1 ? TLS_YES : TLS_NO;
                        else
                                scan_note(&s, "Heartbleed probe: %s", err ? err : strerror(-k));
                        break;
                }
        }

        /*
         * Client-initiated renegotiation: one real TLS 1.2 handshake with OpenSSL,
         * then a second on the same connection. Last: openssl s_server, which
         * serves one connection at a time, sleeps a second after it ("read R
         * BLOCK"), which would delay any probe after it.
         */
        if ((r->protocols[3].supported || r->protocols[2].supported || r->protocols[1].supported) && now_us() < s.deadline) {
                _cleanup_free_ char *err = NULL;
                r->connections++;
                k = tls12_client_renegotiation(&s.addr, s.addr_len, s.sni, o->starttls, conn_budget_ms(&s), &err);
                if (k >= 0)
                        r->client_renegotiation = k == 1 ? TLS_YES : TLS_NO;
                else
                        scan_note(&s, "client-initiated renegotiation not tried: %s", err ? err : strerror(-k));
        }

        r->shape = (struct tls_hello_shape){
                .split = s.shape[0].split || s.shape[1].split,
                .no_status_request = s.shape[0].no_status_request || s.shape[1].no_status_request,
                .minimal = s.shape[0].minimal || s.shape[1].minimal,
        };
        r->elapsed_us = now_us() - start;
        *ret = TAKE_PTR(r);
        return 0;
}

bool tls_scan_result_accepted_any(const struct tls_scan_result *r)
{
        /* A server that speaks only SSL 2.0 was scanned: that is the finding. */
        if (r && r->sslv2 == TLS_YES)
                return true;
        for (size_t i = 0; r && i < TLS_SCAN_N_VERSIONS; i++)
                if (r->protocols[i].supported)
                        return true;
        return false;
}

char *tls_scan_result_nothing_accepted(const struct tls_scan_result *r)
{
        _cleanup_free_ char *alerts = NULL;

        if (!r || tls_scan_result_accepted_any(r))
                return NULL;
        for (size_t i = 0; i < r->n_alerts; i++) {
                char *a = xasprintf("%s%s%s (%u) x%u", strempty(alerts), alerts ? ", " : "",
                                    tls_alert_to_string(r->alerts[i].code), r->alerts[i].code, r->alerts[i].count);
                free(alerts);
                alerts = a;
        }
        if (r->closed > 0) {
                char *a = xasprintf("%s%sconnection closed x%u", strempty(alerts), alerts ? ", " : "", r->closed);
                free(alerts);
                alerts = a;
        }
        return xasprintf("no protocol version accepted: the server refused every ClientHello (%s)%s",
                         alerts ? alerts : "no answer",
                         codes_contain_alert(r, TLS_ALERT_UNRECOGNIZED_NAME) ?
                         "; unrecognized_name: try --sni with a name the server serves" : "");
}

void tls_scan_result_free(struct tls_scan_result *r)
{
        if (!r)
                return;
        free(r->host);
        free(r->address);
        for (size_t i = 0; i < TLS_SCAN_N_VERSIONS; i++)
                free(r->protocols[i].suites);
        free(r->groups);
        free(r->sigalgs);
        free(r->tls13_sigalgs);
        for (size_t i = 0; i < r->n_certs; i++)
                tls_scan_cert_clear(&r->certs[i]);
        free(r->certs);
        for (size_t i = 0; i < r->n_chains; i++) {
                free(r->chains[i].trust_error);
                free(r->chains[i].hostname);
        }
        free(r->chains);
        free(r->alerts);
        strv_free(r->errors);
        free(r);
}
