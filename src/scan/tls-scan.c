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
#include "tls-engine.h"
#include "tls-internal.h"
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

/* Every ECDHE code point ever assigned (0x0001-0x0012 too: mbedTLS still accepts secp192k1), then ffdhe. */
static const uint16_t groups_tls12[] = {
        0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x001a, 0x001b, 0x001c,
        0x0015, 0x0016, 0x0013, 0x0014, 0x0012, 0x0011, 0x0010, 0x000f, 0x000e, 0x000d, 0x000c,
        0x000b, 0x000a, 0x0009, 0x0008, 0x0007, 0x0006, 0x0005, 0x0004, 0x0003, 0x0002, 0x0001,
        0x0100, 0x0101, 0x0102, 0x0103, 0x0104,
};

static const uint16_t groups_tls13[] = {
        0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104,
        0x001f, 0x0020, 0x0021, 0x11ec, 0x11eb, 0x11ed, 0x0200, 0x0201, 0x0202, 0x6399,
};

static const uint16_t sigalgs_all[] = {
        0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0403, 0x0503, 0x0603, 0x0807, 0x0808,
        0x081a, 0x081b, 0x081c, 0x0401, 0x0501, 0x0601, 0x0301, 0x0303, 0x0201, 0x0203,
        0x0402, 0x0502, 0x0602, 0x0302, 0x0202,
};

/* What a TLS 1.3 CertificateVerify can use (RFC 8446 4.2.3). */
static const uint16_t sigalgs_tls13[] = {
        0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0403, 0x0503, 0x0603, 0x0807, 0x0808,
        0x081a, 0x081b, 0x081c,
};

static const uint16_t versions[TLS_SCAN_N_VERSIONS] = {
        TLS_VERSION_SSL3, TLS_VERSION_TLS10, TLS_VERSION_TLS11, TLS_VERSION_TLS12, TLS_VERSION_TLS13,
};

int tls_scan_version_index(uint16_t version)
{
        for (size_t i = 0; i < ARRAY_SIZE(versions); i++)
                if (versions[i] == version)
                        return (int) i;
        return -EINVAL;
}

/* ---------------------------------------------------------------- probes */

static struct probe *probe_new(uint16_t version, const uint16_t *suites, size_t n_suites, enum read_until until)
{
        struct probe *p = xmalloc0(sizeof(*p));

        p->version = version;
        p->suites = xreallocarray(NULL, MAX(n_suites, 1), sizeof(uint16_t));
        memcpy(p->suites, suites, n_suites * sizeof(uint16_t));
        p->n_suites = n_suites;
        p->until = until;
        if (version == TLS_VERSION_TLS13) {
                p->groups = groups_tls13;
                p->n_groups = ARRAY_SIZE(groups_tls13);
                p->with_shares = true;
        } else {
                p->groups = groups_tls12;
                p->n_groups = ARRAY_SIZE(groups_tls12);
        }
        p->sigalgs = sigalgs_all;
        p->n_sigalgs = ARRAY_SIZE(sigalgs_all);
        p->no_extensions = version == TLS_VERSION_SSL3;
        return p;
}

static void probe_free(struct probe *p)
{
        if (!p)
                return;
        free(p->suites);
        free(p->cert_msg);
        free(p);
}

/* ----------------------------------------------------------------- tasks */

enum task_kind {
        TASK_CHAIN,       /* accepted suites of one version */
        TASK_PREFERENCE,  /* server or client order */
        TASK_GROUP13,
        TASK_GROUP12,
        TASK_SIGALG12,
        TASK_ETM,
        TASK_DHE,
        TASK_COMPRESSION,
        TASK_DETECT,
        TASK_CERT,        /* the certificate behind one kind of authentication (RSA, ECDSA, DSS) */
        TASK_FALLBACK,    /* TLS_FALLBACK_SCSV in a hello one version below the highest (RFC 7507) */
};

struct task {
        enum task_kind kind;
        uint16_t version;
        uint16_t param;       /* group or signature scheme */
        uint16_t *remaining;  /* TASK_CHAIN: codes not chosen yet; TASK_GROUP*: groups */
        size_t n_remaining;
        uint16_t *offer;      /* suites a probe offers when not taken from accepted ones */
        size_t n_offer;
        unsigned step;
        struct probe *probe;  /* the next one to run or the one running */
        bool done;
        bool shape_ok;        /* a hello came back: refusals from now on are answers, not shape trouble */
        struct tls_hello_shape shape; /* what the task's probes use once one worked */
        /* TASK_CHAIN over split hellos: which chunk, where suites were found, and the ordering pass. */
        unsigned chunk;
        int first_hit_chunk;
        bool spanned, ordering;
        /* TASK_GROUP12: the curve of an ECDSA certificate, which must stay offered for the server to sign. */
        uint16_t pin;
        bool pin_known, pinned;
        uint16_t *pinned_groups;
};

struct scan {
        const struct tls_scan_options *o;
        struct sockaddr_storage addr;
        socklen_t addr_len;
        const char *sni;
        struct tls_verify verify;
        uint8_t x25519_pub[32];
        uint8_t p256_pub[65];
        struct tls_key_share shares[2];
        size_t n_shares;
        uint64_t deadline;
        struct tls_scan_result *res;
        unsigned any_tls;     /* probes that saw a TLS answer */
        char first_error[200];
        int first_errno;
        int detect;           /* TASK_DETECT outcome */
        unsigned parallel;    /* connections at once now: halved when the server's backlog overflows */
        struct tls_hello_shape shape[2]; /* learned for TLS 1.0-1.2 and 1.3 hellos: a hello came back only
                                          * with this, so new probes start there */
};

_printf_(2, 3) static void scan_note(struct scan *s, const char *fmt, ...)
{
        char buf[300];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(buf, sizeof(buf), fmt, ap);
        va_end(ap);
        if (s->res && !strv_contains(s->res->errors, buf) && strv_length(s->res->errors) < 32)
                strv_push(&s->res->errors, buf);
}

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

static bool codes_contain(const uint16_t *v, size_t n, uint16_t c)
{
        for (size_t i = 0; i < n; i++)
                if (v[i] == c)
                        return true;
        return false;
}

static void codes_push(uint16_t **v, size_t *n, uint16_t c)
{
        *v = xreallocarray(*v, *n + 1, sizeof(uint16_t));
        (*v)[(*n)++] = c;
}

static void collect_suites(const struct tls_scan_result *r, uint16_t version, bool (*pred)(uint16_t),
                           uint16_t **ret, size_t *ret_n)
{
        int i = tls_scan_version_index(version);

        *ret = NULL;
        *ret_n = 0;
        if (i < 0)
                return;
        for (size_t j = 0; j < r->protocols[i].n_suites; j++)
                if (!pred || pred(r->protocols[i].suites[j]))
                        codes_push(ret, ret_n, r->protocols[i].suites[j]);
}

static bool pred_ecdhe(uint16_t c) { return tls_suite_kex(c) == TLS_KEX_ECDHE; }
static bool pred_dhe(uint16_t c) { return tls_suite_kex(c) == TLS_KEX_DHE; }
static bool pred_signed(uint16_t c) { return tls_suite_kex(c) != TLS_KEX_OTHER && tls_suite_signed(c); }
static bool pred_cbc(uint16_t c) { return tls_suite_is_cbc(c); }

static void group_seen(struct tls_scan_result *r, uint16_t code, uint16_t version)
{
        for (size_t i = 0; i < r->n_groups; i++)
                if (r->groups[i].code == code) {
                        r->groups[i].max_version = MAX(r->groups[i].max_version, version);
                        if (version == TLS_VERSION_TLS13)
                                r->groups[i].tls13 = true;
                        else
                                r->groups[i].tls12 = true;
                        return;
                }
        r->groups = xreallocarray(r->groups, r->n_groups + 1, sizeof(*r->groups));
        r->groups[r->n_groups++] = (struct tls_scan_group){
                .code = code, .max_version = version,
                .tls13 = version == TLS_VERSION_TLS13, .tls12 = version != TLS_VERSION_TLS13,
        };
}

static bool codes_contain_alert(const struct tls_scan_result *r, uint8_t code)
{
        for (size_t i = 0; i < r->n_alerts; i++)
                if (r->alerts[i].code == code)
                        return true;
        return false;
}

static void alert_seen(struct tls_scan_result *r, uint8_t code)
{
        for (size_t i = 0; i < r->n_alerts; i++)
                if (r->alerts[i].code == code) {
                        r->alerts[i].count++;
                        return;
                }
        r->alerts = xreallocarray(r->alerts, r->n_alerts + 1, sizeof(*r->alerts));
        r->alerts[r->n_alerts++] = (struct tls_scan_alert){ .code = code, .count = 1 };
}

static void note_probe_failure(struct scan *s, const char *what, const struct probe *p)
{
        if (p->outcome == PROBE_TIMEOUT)
                scan_note(s, "%s: %s", what, p->message[0] ? p->message : "timed out");
        else if (p->outcome == PROBE_ERROR)
                scan_note(s, "%s: %s", what, p->message);
}

static void add_chain_from_message(struct scan *s, const struct probe *p)
{
        struct tls_der ders[16];
        int n = tls_parse_certificate_list(p->cert_msg, p->cert_msg_len, ders, ARRAY_SIZE(ders));

        if (n < 0)
                scan_note(s, "certificate message: %s", n == -E2BIG ? "more than 16 certificates" : "malformed");
        if (n > 0 && tls_result_add_chain(s->res, ders, (size_t) n, p->sh.version, &s->verify) == -EBADMSG)
                scan_note(s, "certificate: OpenSSL cannot parse the leaf");
}

static void record_first_flight(struct scan *s, const struct probe *p)
{
        struct tls_scan_result *r = s->res;

        if (p->flight_error[0])
                scan_note(s, "first flight after the ServerHello: %s", p->flight_error);

        /*
         * What the hello did not offer, the server could not answer: unknown, not "no".
         * Except status_request: it is left out only after the server refused it, so no stapling.
         */
        bool optional = !p->shape.minimal;
        r->renegotiation_info = p->sh.ext_renegotiation_info ? TLS_YES : TLS_NO;
        r->extended_master_secret = p->sh.ext_extended_master_secret ? TLS_YES : optional ? TLS_NO : TLS_UNKNOWN;
        r->session_ticket = p->sh.ext_session_ticket ? TLS_YES : optional ? TLS_NO : TLS_UNKNOWN;
        r->ocsp_stapling = p->sh.ext_status_request || p->cert_status ? TLS_YES : TLS_NO;
        if (p->heartbeat && !p->shape.minimal)
                r->heartbeat = p->sh.ext_heartbeat ? TLS_YES : TLS_NO;
        if (tls_suite_is_cbc(p->sh.suite) && optional)
                r->encrypt_then_mac = p->sh.ext_encrypt_then_mac ? TLS_YES : TLS_NO;
        if (p->cert_msg && r->n_chains == 0)
                add_chain_from_message(s, p);
        if (p->have_ske) {
                if (p->ske.kind == TLS_KEX_ECDHE)
                        group_seen(r, p->ske.group, p->sh.version);
                if (p->ske.kind == TLS_KEX_DHE && (r->dhe_bits == 0 || p->ske.dh_bits < r->dhe_bits))
                        r->dhe_bits = p->ske.dh_bits;
        }
}

/* The TLS group of the leaf certificate's EC key, from a Certificate message; 0 when it is not EC. */
static uint16_t leaf_curve_group(const struct probe *p)
{
        static const struct {
                const char *openssl, *tls;
        } alias[] = { { "prime256v1", "secp256r1" }, { "prime192v1", "secp192r1" } };
        struct tls_der ders[1];
        struct tls_scan_cert c;
        const struct tls_group *g = NULL;

        if (!p->cert_msg || tls_parse_certificate_list(p->cert_msg, p->cert_msg_len, ders, 1) < 1)
                return 0;
        if (tls_cert_summarise(ders[0].der, ders[0].len, &c) < 0)
                return 0;
        if (c.key_type && streq(c.key_type, "EC") && c.curve) {
                const char *name = c.curve;
                for (size_t i = 0; i < ARRAY_SIZE(alias); i++)
                        if (streq(name, alias[i].openssl))
                                name = alias[i].tls;
                g = tls_group_by_name(name);
        }
        tls_scan_cert_clear(&c);
        return g ? g->code : 0;
}

/* Stable partition: suites the suite table knows an OpenSSL name for first, so the first split hello carries what servers implement. */
static void codes_common_first(uint16_t *v, size_t n)
{
        _cleanup_free_ uint16_t *tmp = xreallocarray(NULL, MAX(n, 1), sizeof(uint16_t));
        size_t j = 0;

        for (int pass = 0; pass < 2; pass++)
                for (size_t i = 0; i < n; i++) {
                        const struct tls_suite *t = tls_suite_by_code(v[i]);
                        if ((t && t->openssl) == (pass == 0))
                                tmp[j++] = v[i];
                }
        memcpy(v, tmp, n * sizeof(uint16_t));
}

/*
 * A refusal that may be about the hello rather than what it offers: too many
 * suites (wolfSSL answers decode_error past 150 codes), or an extension the
 * server cannot stand (some close on status_request). Such a probe is sent
 * again in another shape before its task learns anything from it: split
 * first when the alert points at the size, without the optional extensions
 * first when the server just closed. Returns true when p is to run again.
 */
static bool probe_retry(struct scan *s, struct task *t, struct probe *p)
{
        bool size_hint, ext_hint, can_split, can_minimal, can_no_status;

        if (t->kind == TASK_DETECT || t->shape_ok || now_us() >= s->deadline)
                return false;
        if (p->outcome == PROBE_ALERT) {
                size_hint = p->alert == TLS_ALERT_DECODE_ERROR || p->alert == TLS_ALERT_RECORD_OVERFLOW ||
                            p->alert == TLS_ALERT_ILLEGAL_PARAMETER;
                /* Not internal_error: OpenSSL sends it for a version it has no suites for. */
                ext_hint = size_hint || p->alert == TLS_ALERT_UNSUPPORTED_EXTENSION;
        } else if (p->outcome == PROBE_CLOSED || (p->outcome == PROBE_ERROR && p->error == -ECONNRESET)) {
                size_hint = false;
                ext_hint = true;
        } else
                return false;
        can_split = !p->shape.split && p->n_suites > TLS_HELLO_SPLIT_SUITES;
        can_minimal = !p->shape.minimal && !p->no_extensions;
        can_no_status = can_minimal && !p->shape.no_status_request;
        if (size_hint && can_split)
                p->shape.split = true;
        else if (ext_hint && can_no_status)
                p->shape.no_status_request = true;
        else if (ext_hint && can_minimal)
                p->shape.minimal = true;
        else if (ext_hint && can_split)
                p->shape.split = true;
        else
                return false;
        /* The refusal still counts among the alerts an empty scan is explained by. */
        if (p->outcome == PROBE_ALERT)
                alert_seen(s->res, p->alert);
        else if (p->outcome == PROBE_CLOSED)
                s->res->closed++;
        if (p->shape.split && can_split) {
                codes_common_first(p->suites, p->n_suites);
                if (t->kind == TASK_CHAIN && !t->ordering)
                        codes_common_first(t->remaining, t->n_remaining); /* p->suites is a copy of it */
        }
        p->retried = true;
        p->outcome = PROBE_PENDING;
        p->alert = 0;
        p->error = 0;
        p->message[0] = p->flight_error[0] = 0;
        p->sh = (struct tls_server_hello){};
        p->have_ske = p->cert_status = false;
        free(p->cert_msg);
        p->cert_msg = NULL;
        p->cert_msg_len = 0;
        return true;
}

/*
 * A chain over split hellos finds the accepted suites chunk by chunk, so its
 * order says nothing across chunks. When suites came from more than one, one
 * more chain over just the accepted ones (they fit one hello) gives the
 * server's order: N connections more, only on servers that need split hellos.
 */
static struct probe *chain_order_pass(struct task *t, struct tls_scan_protocol *proto)
{
        if (t->ordering || !t->spanned || !proto || proto->n_suites < 2 || proto->n_suites > TLS_HELLO_SPLIT_SUITES)
                return NULL;
        t->ordering = true;
        free(t->remaining);
        t->remaining = xreallocarray(NULL, proto->n_suites, sizeof(uint16_t));
        memcpy(t->remaining, proto->suites, proto->n_suites * sizeof(uint16_t));
        t->n_remaining = proto->n_suites;
        proto->n_suites = 0;
        return probe_new(t->version, t->remaining, t->n_remaining, READ_HELLO);
}

/* Called with the finished probe (NULL at the start); sets t->probe to the next one or marks the task done. */
static void task_advance(struct scan *s, struct task *t, struct probe *prev)
{
        struct tls_scan_result *r = s->res;
        int vi = tls_scan_version_index(t->version);
        struct tls_scan_protocol *proto = vi >= 0 ? &r->protocols[vi] : NULL;
        struct probe *next = NULL;

        if (prev && (prev->outcome == PROBE_HELLO || prev->outcome == PROBE_ALERT))
                s->any_tls++;
        if (prev && prev->outcome == PROBE_HELLO) {
                t->shape_ok = true;
                t->shape = prev->shape;
                if (prev->retried) {
                        /* Only this shape worked: later probes of this kind of hello start with it. */
                        struct tls_hello_shape *l = &s->shape[prev->version == TLS_VERSION_TLS13];
                        l->split |= prev->shape.split;
                        l->no_status_request |= prev->shape.no_status_request;
                        l->minimal |= prev->shape.minimal;
                }
        }
        if (prev && prev->outcome == PROBE_ALERT)
                alert_seen(r, prev->alert);
        if (prev && prev->outcome == PROBE_CLOSED)
                r->closed++;
        if (prev && (prev->outcome == PROBE_ERROR || prev->outcome == PROBE_TIMEOUT) && s->first_errno == 0) {
                s->first_errno = prev->error ? prev->error : -ETIMEDOUT;
                snprintf(s->first_error, sizeof(s->first_error), "%s", prev->message);
        }

        switch (t->kind) {
        case TASK_DETECT:
                /* Bytes that are not TLS (an SSH banner, HTTP) mean "something else", not a failure. */
                if (prev)
                        s->detect = prev->outcome == PROBE_HELLO || prev->outcome == PROBE_ALERT ? 1 :
                                    prev->outcome == PROBE_CLOSED || prev->error == -EBADMSG ||
                                    prev->error == -EPROTO ? 0 :
                                    (prev->error ? prev->error : -ETIMEDOUT);
                else
                        next = probe_new(TLS_VERSION_TLS12, t->remaining, t->n_remaining, READ_HELLO);
                break;

        case TASK_CHAIN:
                if (!prev) {
                        next = probe_new(t->version, t->remaining, t->n_remaining,
                                         t->version == TLS_VERSION_TLS12 ? READ_FLIGHT : READ_HELLO);
                        next->heartbeat = t->version == TLS_VERSION_TLS12;
                        break;
                }
                if (prev->outcome == PROBE_HELLO) {
                        uint16_t v = prev->sh.version;
                        if (v != t->version) {
                                /* The server answered with another version: this one is not spoken. */
                                if (t->step == 0 && t->version == TLS_VERSION_TLS12 && v < TLS_VERSION_TLS12)
                                        record_first_flight(s, prev);
                                break;
                        }
                        if (!codes_contain(t->remaining, t->n_remaining, prev->sh.suite)) {
                                scan_note(s, "%s: server chose suite 0x%04X that was not offered",
                                          tls_version_to_string(t->version), prev->sh.suite);
                                proto->complete = false;
                                break;
                        }
                        proto->supported = true;
                        if (!t->ordering) {
                                if (t->first_hit_chunk < 0)
                                        t->first_hit_chunk = (int) t->chunk;
                                else if ((unsigned) t->first_hit_chunk != t->chunk)
                                        t->spanned = true;
                        }
                        if (t->step == 0) {
                                proto->complete = true;
                                proto->shape = prev->shape;
                                if (t->version == TLS_VERSION_TLS12)
                                        record_first_flight(s, prev);
                                if (t->version == TLS_VERSION_TLS13 && prev->sh.key_share_group)
                                        group_seen(r, prev->sh.key_share_group, TLS_VERSION_TLS13);
                        }
                        codes_push(&proto->suites, &proto->n_suites, prev->sh.suite);
                        size_t j = 0;
                        for (size_t i = 0; i < t->n_remaining; i++)
                                if (t->remaining[i] != prev->sh.suite)
                                        t->remaining[j++] = t->remaining[i];
                        t->n_remaining = j;
                        t->step++;
                        if (t->n_remaining > 0)
                                next = probe_new(t->version, t->remaining, t->n_remaining, READ_HELLO);
                        break;
                }
                if (t->ordering) {
                        /* The ordering pass broke off: keep the suites it had not placed yet. */
                        for (size_t i = 0; i < t->n_remaining; i++)
                                codes_push(&proto->suites, &proto->n_suites, t->remaining[i]);
                        t->n_remaining = 0;
                        scan_note(s, "%s: server order across split hellos unknown: the ordering pass was refused",
                                  tls_version_to_string(t->version));
                        break;
                }
                if (prev->shape.split && prev->n_offered < t->n_remaining &&
                    (prev->outcome == PROBE_ALERT || prev->outcome == PROBE_CLOSED) &&
                    !(prev->outcome == PROBE_ALERT && prev->alert == TLS_ALERT_PROTOCOL_VERSION)) {
                        /* None of this chunk's codes: offer the next chunk. */
                        memmove(t->remaining, t->remaining + prev->n_offered,
                                (t->n_remaining - prev->n_offered) * sizeof(uint16_t));
                        t->n_remaining -= prev->n_offered;
                        t->chunk++;
                        next = probe_new(t->version, t->remaining, t->n_remaining,
                                         t->step == 0 && t->version == TLS_VERSION_TLS12 ? READ_FLIGHT : READ_HELLO);
                        break;
                }
                if (prev->outcome == PROBE_ERROR || prev->outcome == PROBE_TIMEOUT) {
                        if (proto->supported)
                                proto->complete = false;
                        note_probe_failure(s, tls_version_to_string(t->version), prev);
                }
                break;

        case TASK_PREFERENCE:
                if (!prev) {
                        uint16_t *rev = xreallocarray(NULL, proto->n_suites, sizeof(uint16_t));
                        for (size_t i = 0; i < proto->n_suites; i++)
                                rev[i] = proto->suites[proto->n_suites - 1 - i];
                        next = probe_new(t->version, rev, proto->n_suites, READ_HELLO);
                        free(rev);
                        break;
                }
                if (prev->outcome == PROBE_HELLO) {
                        if (prev->sh.suite == proto->suites[0])
                                proto->server_preference = TLS_YES;
                        else if (prev->sh.suite == proto->suites[proto->n_suites - 1])
                                proto->server_preference = TLS_NO;
                } else
                        note_probe_failure(s, "preference probe", prev);
                break;

        case TASK_GROUP13:
        case TASK_GROUP12: {
                /*
                 * Groups by chain too: offer every candidate, record the one the
                 * server picks, drop it and offer the rest until it refuses. N
                 * supported groups cost N+1 connections instead of one per
                 * candidate, in the server's order of preference. TLS 1.3 hellos
                 * carry no key share, so the server names its pick in a
                 * HelloRetryRequest; TLS 1.2 ones offer only ECDHE suites, so the
                 * pick shows in ServerKeyExchange.
                 */
                bool tls13 = t->kind == TASK_GROUP13;
                uint16_t v = t->version;

                if (prev) {
                        uint16_t got = 0;
                        if (!tls13 && !t->pin_known && prev->outcome == PROBE_HELLO) {
                                t->pin_known = true;
                                t->pin = leaf_curve_group(prev);
                        }
                        if (prev->outcome == PROBE_HELLO && tls13 && prev->sh.version == TLS_VERSION_TLS13) {
                                got = prev->sh.key_share_group;
                                /* A HelloRetryRequest without key_share (a cookie only) names no group: an answer, not a failure. */
                                if (got == 0 && prev->sh.hello_retry)
                                        break;
                        } else if (prev->outcome == PROBE_HELLO && !tls13 && prev->have_ske && prev->ske.kind == TLS_KEX_ECDHE)
                                got = prev->ske.group;
                        else {
                                /*
                                 * An ECDSA certificate's curve must stay in supported_groups or the
                                 * server cannot sign (RFC 8422 5.1): once the chain has taken it
                                 * out, offer it again last, so the rest is still probed.
                                 */
                                if (!tls13 && t->pin && !t->pinned && t->n_remaining > 0 &&
                                    !codes_contain(t->remaining, t->n_remaining, t->pin) &&
                                    (prev->outcome == PROBE_ALERT || prev->outcome == PROBE_CLOSED)) {
                                        t->pinned = true;
                                        goto next_group;
                                }
                                note_probe_failure(s, "group probe", prev);
                                break;
                        }
                        if (t->pinned && got == t->pin)
                                break; /* none of the rest is preferred over the certificate's curve */
                        if (!codes_contain(t->remaining, t->n_remaining, got)) {
                                scan_note(s, "%s: server chose group 0x%04X that was not offered",
                                          tls_version_to_string(prev->sh.version), got);
                                break;
                        }
                        group_seen(r, got, prev->sh.version);
                        size_t j = 0;
                        for (size_t i = 0; i < t->n_remaining; i++)
                                if (t->remaining[i] != got)
                                        t->remaining[j++] = t->remaining[i];
                        t->n_remaining = j;
                        if (j == 0)
                                break;
                }
        next_group:
                if (t->n_offer > 0) {
                        next = probe_new(v, t->offer, t->n_offer, tls13 ? READ_HELLO : READ_KEX);
                        next->groups = t->remaining;
                        next->n_groups = t->n_remaining;
                        next->with_shares = false;
                        next->want_cert = !tls13 && !t->pin_known;
                        if (t->pinned) {
                                free(t->pinned_groups);
                                t->pinned_groups = xreallocarray(NULL, t->n_remaining + 1, sizeof(uint16_t));
                                memcpy(t->pinned_groups, t->remaining, t->n_remaining * sizeof(uint16_t));
                                t->pinned_groups[t->n_remaining] = t->pin;
                                next->groups = t->pinned_groups;
                                next->n_groups = t->n_remaining + 1;
                        }
                }
                break;
        }

        case TASK_SIGALG12:
        case TASK_DHE: {
                uint16_t v = t->version;
                if (!prev) {
                        uint16_t *suites;
                        size_t n;
                        if (t->kind == TASK_DHE) {
                                next = probe_new(v, t->offer, t->n_offer, READ_KEX);
                                break;
                        }
                        collect_suites(r, v, pred_signed, &suites, &n);
                        next = probe_new(v, suites, n, READ_KEX);
                        free(suites);
                        if (t->kind == TASK_SIGALG12) {
                                next->sigalgs = &t->param;
                                next->n_sigalgs = 1;
                        }
                        break;
                }
                if (prev->outcome == PROBE_HELLO && prev->have_ske) {
                        if (t->kind == TASK_SIGALG12 && prev->ske.sigalg == t->param &&
                            !codes_contain(r->sigalgs, r->n_sigalgs, t->param))
                                codes_push(&r->sigalgs, &r->n_sigalgs, t->param);
                        if (prev->ske.kind == TLS_KEX_DHE && prev->ske.dh_bits &&
                            (r->dhe_bits == 0 || prev->ske.dh_bits < r->dhe_bits))
                                r->dhe_bits = prev->ske.dh_bits;
                } else
                        note_probe_failure(s, t->kind == TASK_DHE ? "DHE probe" : "signature scheme probe", prev);
                break;
        }

        case TASK_ETM:
                /* Only CBC suites are offered: if the server picks one, its answer on ETM counts. */
                if (!prev) {
                        next = probe_new(t->version, t->offer, t->n_offer, READ_HELLO);
                        break;
                }
                if (prev->outcome == PROBE_HELLO && tls_suite_is_cbc(prev->sh.suite) && !prev->shape.minimal)
                        r->encrypt_then_mac = prev->sh.ext_encrypt_then_mac ? TLS_YES : TLS_NO;
                else
                        note_probe_failure(s, "encrypt-then-MAC probe", prev);
                break;

        case TASK_CERT:
                /* Only suites of one kind of authentication: the server must show that certificate. */
                if (!prev) {
                        next = probe_new(t->version, t->offer, t->n_offer, READ_FLIGHT);
                        break;
                }
                if (prev->outcome == PROBE_HELLO && prev->cert_msg)
                        add_chain_from_message(s, prev);
                else
                        note_probe_failure(s, "certificate probe", prev);
                break;

        case TASK_FALLBACK:
                if (!prev) {
                        codes_push(&t->offer, &t->n_offer, 0x5600);
                        next = probe_new(t->version, t->offer, t->n_offer, READ_HELLO);
                        break;
                }
                if (prev->outcome == PROBE_ALERT && prev->alert == TLS_ALERT_INAPPROPRIATE_FALLBACK)
                        r->fallback_scsv = TLS_YES;
                else if (prev->outcome == PROBE_HELLO && prev->sh.version == t->version)
                        r->fallback_scsv = TLS_NO;
                else if (prev->outcome == PROBE_ALERT)
                        scan_note(s, "fallback probe: %s refused with %s, not inappropriate_fallback: undecided",
                                  tls_version_to_string(t->version), tls_alert_to_string(prev->alert));
                else
                        note_probe_failure(s, "fallback probe", prev);
                break;

        case TASK_COMPRESSION:
                if (!prev) {
                        next = probe_new(t->version, t->remaining, t->n_remaining, READ_HELLO);
                        next->offer_deflate = true;
                        break;
                }
                if (prev->outcome == PROBE_HELLO)
                        r->compression = prev->sh.compression != 0 ? TLS_YES : TLS_NO;
                else
                        note_probe_failure(s, "compression probe", prev);
                break;
        }

        if (t->kind == TASK_CHAIN && prev && !next)
                next = chain_order_pass(t, proto);
        t->probe = next;
        t->done = !next;
}

/* ------------------------------------------------------ the planner's side */

struct plan {
        struct scan *s;
        struct task *tasks;
        size_t n_tasks;
};

static struct probe *plan_next(void *userdata, void **ret_job)
{
        struct plan *pl = userdata;

        for (size_t i = 0; i < pl->n_tasks; i++) {
                struct task *t = &pl->tasks[i];
                struct probe *p = t->probe;

                if (t->done || !p || p->running)
                        continue;
                if (!p->retried) {
                        /* Start in the shape a hello last came back in, for this task or the scan. */
                        const struct tls_hello_shape *l = &pl->s->shape[p->version == TLS_VERSION_TLS13];
                        p->shape.split |= l->split || t->shape.split;
                        p->shape.no_status_request |= l->no_status_request || t->shape.no_status_request;
                        p->shape.minimal |= l->minimal || t->shape.minimal;
                }
                *ret_job = t;
                return p;
        }
        return NULL;
}

static void plan_consume(void *userdata, void *job, struct probe *p, bool connected)
{
        struct plan *pl = userdata;
        struct task *t = job;

        if (connected && probe_retry(pl->s, t, p))
                return;
        task_advance(pl->s, t, p);
        probe_free(p);
}

static bool plan_hopeless(void *userdata)
{
        const struct plan *pl = userdata;
        int e = pl->s->first_errno;

        return e == -ECONNREFUSED || e == -ENETUNREACH || e == -EHOSTUNREACH;
}

static void plan_abandon(void *userdata)
{
        struct plan *pl = userdata;

        for (size_t i = 0; i < pl->n_tasks; i++)
                if (!pl->tasks[i].done && pl->tasks[i].probe) {
                        probe_free(pl->tasks[i].probe);
                        pl->tasks[i].probe = NULL;
                        pl->tasks[i].done = true;
                }
}

static void run_tasks(struct scan *s, struct task *tasks, size_t n_tasks)
{
        static const struct tls_engine_ops ops = {
                .next = plan_next,
                .consume = plan_consume,
                .hopeless = plan_hopeless,
                .abandon = plan_abandon,
        };
        struct plan pl = { .s = s, .tasks = tasks, .n_tasks = n_tasks };
        struct tls_engine e = {
                .addr = &s->addr,
                .addr_len = s->addr_len,
                .sni = s->sni,
                .starttls_domain = s->sni ? s->sni : s->o->host,
                .starttls = s->o->starttls,
                .shares = s->shares,
                .n_shares = s->n_shares,
                .conn_timeout_ms = s->o->conn_timeout_ms,
                .total_timeout_ms = s->o->total_timeout_ms,
                .max_parallel = s->o->max_parallel,
                .deadline = s->deadline,
                .parallel = &s->parallel,
                .connections = &s->res->connections,
                .ops = &ops,
                .userdata = &pl,
        };

        for (size_t i = 0; i < n_tasks; i++)
                task_advance(s, &tasks[i], NULL);
        tls_engine_run(&e);
}

static void tasks_free(struct task *tasks, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                free(tasks[i].remaining);
                free(tasks[i].offer);
                free(tasks[i].pinned_groups);
                probe_free(tasks[i].probe);
        }
        free(tasks);
}

static struct task *task_push(struct task **tasks, size_t *n, enum task_kind kind, uint16_t version, uint16_t param)
{
        *tasks = xreallocarray(*tasks, *n + 1, sizeof(struct task));
        (*tasks)[*n] = (struct task){ .kind = kind, .version = version, .param = param, .first_hit_chunk = -1 };
        return &(*tasks)[(*n)++];
}

static void task_set_codes(struct task *t, const uint16_t *codes, size_t n)
{
        t->remaining = xreallocarray(NULL, MAX(n, 1), sizeof(uint16_t));
        memcpy(t->remaining, codes, n * sizeof(uint16_t));
        t->n_remaining = n;
}

/* Sets what t's probes offer: the codes that pass pred (all when NULL). */
static void offer_set(struct task *t, const uint16_t *codes, size_t n, bool (*pred)(uint16_t))
{
        for (size_t i = 0; i < n; i++)
                if (!pred || pred(codes[i]))
                        codes_push(&t->offer, &t->n_offer, codes[i]);
}

/* -------------------------------------------------------------- the scan */

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
