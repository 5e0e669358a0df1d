/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The planner of the TLS scanner: see tls-plan.h. */
#include <stdarg.h>

#include "macro.h"
#include "strv.h"
#include "tls-plan.h"

/* ---------------------------------------------------------------- probes */

struct probe *probe_new(uint16_t version, const uint16_t *suites, size_t n_suites, enum read_until until)
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

void probe_free(struct probe *p)
{
        if (!p)
                return;
        free(p->suites);
        free(p->cert_msg);
        free(p);
}

_printf_(2, 3) void scan_note(struct scan *s, const char *fmt, ...)
{
        char buf[300];
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(buf, sizeof(buf), fmt, ap);
        va_end(ap);
        if (s->res && !strv_contains(s->res->errors, buf) && strv_length(s->res->errors) < 32)
                strv_push(&s->res->errors, buf);
}


bool codes_contain(const uint16_t *v, size_t n, uint16_t c)
{
        for (size_t i = 0; i < n; i++)
                if (v[i] == c)
                        return true;
        return false;
}

void codes_push(uint16_t **v, size_t *n, uint16_t c)
{
        *v = xreallocarray(*v, *n + 1, sizeof(uint16_t));
        (*v)[(*n)++] = c;
}

void collect_suites(const struct tls_scan_result *r, uint16_t version, bool (*pred)(uint16_t),
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

bool pred_ecdhe(uint16_t c) { return tls_suite_kex(c) == TLS_KEX_ECDHE; }
bool pred_dhe(uint16_t c) { return tls_suite_kex(c) == TLS_KEX_DHE; }
bool pred_signed(uint16_t c) { return tls_suite_kex(c) != TLS_KEX_OTHER && tls_suite_signed(c); }
bool pred_cbc(uint16_t c) { return tls_suite_is_cbc(c); }

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

bool codes_contain_alert(const struct tls_scan_result *r, uint8_t code)
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
bool probe_retry(struct scan *s, struct task *t, struct probe *p)
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
void task_advance(struct scan *s, struct task *t, struct probe *prev)
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

const struct tls_engine_ops tls_plan_ops = {
        .next = plan_next,
        .consume = plan_consume,
        .hopeless = plan_hopeless,
        .abandon = plan_abandon,
};

void run_tasks(struct scan *s, struct task *tasks, size_t n_tasks)
{
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
                .ops = &tls_plan_ops,
                .userdata = &pl,
        };

        for (size_t i = 0; i < n_tasks; i++)
                task_advance(s, &tasks[i], NULL);
        tls_engine_run(&e);
}

void tasks_free(struct task *tasks, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                free(tasks[i].remaining);
                free(tasks[i].offer);
                free(tasks[i].pinned_groups);
                probe_free(tasks[i].probe);
        }
        free(tasks);
}

struct task *task_push(struct task **tasks, size_t *n, enum task_kind kind, uint16_t version, uint16_t param)
{
        *tasks = xreallocarray(*tasks, *n + 1, sizeof(struct task));
        (*tasks)[*n] = (struct task){ .kind = kind, .version = version, .param = param, .first_hit_chunk = -1 };
        return &(*tasks)[(*n)++];
}

void task_set_codes(struct task *t, const uint16_t *codes, size_t n)
{
        t->remaining = xreallocarray(NULL, MAX(n, 1), sizeof(uint16_t));
        memcpy(t->remaining, codes, n * sizeof(uint16_t));
        t->n_remaining = n;
}

/* Sets what t's probes offer: the codes that pass pred (all when NULL). */
void offer_set(struct task *t, const uint16_t *codes, size_t n, bool (*pred)(uint16_t))
{
        for (size_t i = 0; i < n; i++)
                if (!pred || pred(codes[i]))
                        codes_push(&t->offer, &t->n_offer, codes[i]);
}

/* -------------------------------------------------------------- the scan */

