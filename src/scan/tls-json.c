/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <jansson.h>
#include <time.h>

#include "crypto-policy.h"
#include "macro.h"
#include "scan-findings.h"
#include "tls-internal.h"
#include "time-util.h"
#include "tls-scan.h"

/*
 * The bulwark-tls-scan/1 document. Stable fields (other tools read them):
 * "protocols": [{"version", "ciphers": [{"code", "iana", ...}]}] with only
 * what the server accepted, and "findings" in the assessment's evidence shape
 * ({"kind", "path", "detail"}) plus "algorithm", "status" and "rule".
 */

struct judge {
        const struct crypto_policy *policy;
        json_t *findings;
        const char *path;
        enum cp_status worst;
        struct scan_findings *typed;  /* also collect them typed, or NULL */
};

static json_t *tristate_json(enum tls_tristate t)
{
        return t == TLS_UNKNOWN ? json_null() : json_boolean(t == TLS_YES);
}

static void code_string(uint16_t code, char buf[static 7])
{
        snprintf(buf, 7, "0x%04X", code);
}

static void add_finding(struct judge *j, const char *kind, const char *algorithm, const struct cp_verdict *v,
                        const char *detail, json_t *target)
{
        json_t *f = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}",
                              "kind", kind, "path", j->path, "detail", detail, "algorithm", algorithm,
                              "status", cp_status_to_string(v->status), "rule", v->rule);
        json_array_append_new(j->findings, f);
        j->worst = cp_status_worst(j->worst, v->status);
        if (j->typed)
                scan_findings_add(j->typed, kind, j->path, algorithm, v, detail);
        if (target) {
                json_object_set_new(target, "status", json_string(cp_status_to_string(v->status)));
                json_object_set_new(target, "rule", json_string(v->rule));
        }
}

static json_t *shape_json(const struct tls_hello_shape *sh)
{
        return json_pack("{s:b, s:i, s:b, s:b}", "split", sh->split,
                         "max_suites", (json_int_t) (sh->split ? TLS_HELLO_SPLIT_SUITES : 0),
                         "status_request", !sh->minimal && !sh->no_status_request,
                         "optional_extensions", !sh->minimal);
}

static char *format_time(time_t t)
{
        char buf[32];

        if (!format_utc(t, UTC_ISO8601, buf, sizeof(buf)))
                return xstrdup("");
        return xstrdup(buf);
}

static json_t *strv_json(char **l)
{
        json_t *a = json_array();
        for (size_t i = 0; l && l[i]; i++)
                json_array_append_new(a, json_string(l[i]));
        return a;
}

static bool strv_has(char **l, const char *s)
{
        for (size_t i = 0; l && l[i]; i++)
                if (streq(l[i], s))
                        return true;
        return false;
}

static json_t *cert_json(struct judge *j, const struct tls_scan_cert *c, time_t now)
{
        size_t idx = c->depth;
        _cleanup_free_ char *nb = format_time(c->not_before), *na = format_time(c->not_after);
        json_t *o = json_pack("{s:i, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:s}",
                              "depth", (json_int_t) idx,
                              "subject", strempty(c->subject), "issuer", strempty(c->issuer),
                              "key_type", strempty(c->key_type), "key_bits", (json_int_t) c->key_bits,
                              "signature", strempty(c->signature),
                              "signature_hash", c->signature_hash ? c->signature_hash : "intrinsic",
                              "not_before", nb, "not_after", na,
                              "san", strv_json(c->san), "eku", strv_json(c->eku),
                              "self_signed", c->self_signed, "sha256", c->sha256);
        if (c->curve)
                json_object_set_new(o, "curve", json_string(c->curve));
        json_object_set_new(o, "chain", json_integer(c->chain));

        const char *kt = c->key_type ? c->key_type : "unknown";
        struct cp_cert cc = {
                .key_type = kt,
                .key_bits = c->key_bits,
                .curve = c->curve,
                .sig_hash = c->signature_hash,
                .sig_alg = c->signature,
                .not_before = c->not_before,
                .not_after = c->not_after,
                .now = now,
                .is_ca = idx > 0,
                /* A self-signed root's own signature does not matter; a self-signed leaf's is all there is. */
                .self_signed = c->self_signed && idx > 0,
                .has_san = c->san && c->san[0],
                .has_eku = c->eku && c->eku[0],
                .eku_server_auth = strv_has(c->eku, "serverAuth"),
                .tls_server = idx == 0,
        };
        struct cp_verdict v = cp_certificate(j->policy, &cc);
        _cleanup_free_ char *alg = xasprintf("%s-%u %s", kt, c->key_bits, strempty(c->signature));
        _cleanup_free_ char *detail = c->chain > 0 ?
                xasprintf("chain %u certificate %zu (%s): %s", c->chain, idx, strempty(c->subject), v.reason) :
                xasprintf("certificate %zu (%s): %s", idx, strempty(c->subject), v.reason);
        add_finding(j, "tls-certificate", alg, &v, detail, o);
        return o;
}

static const char *trust_to_string(enum tls_trust t)
{
        switch (t) {
        case TLS_TRUST_TRUSTED:
                return "trusted";
        case TLS_TRUST_SELF_SIGNED:
                return "self-signed";
        case TLS_TRUST_UNTRUSTED:
                return "untrusted";
        default:
                return "unknown";
        }
}

/*
 * One chain: how it was read, whether a path to a trusted root exists and
 * whether the leaf names the host. A client that cannot authenticate the
 * server is as exposed as one that negotiates a weak suite, so self-signed,
 * untrusted and a wrong name are findings that fail (deprecated) under any
 * policy; "unknown" (not verified) judges nothing.
 */
static json_t *chain_json(struct judge *j, const struct tls_scan_result *r, size_t i)
{
        const struct tls_scan_chain *ch = &r->chains[i];
        const struct tls_scan_cert *leaf = &r->certs[ch->first];
        json_t *o = json_pack("{s:i, s:i, s:i, s:s, s:s, s:s, s:s}", "chain", (json_int_t) i,
                              "first", (json_int_t) ch->first, "length", (json_int_t) ch->n,
                              "version", tls_version_to_string(ch->version), "key_type", strempty(leaf->key_type),
                              "subject", strempty(leaf->subject), "trust", trust_to_string(ch->trust));

        json_object_set_new(o, "trust_error", ch->trust_error ? json_string(ch->trust_error) : json_null());
        json_object_set_new(o, "hostname", ch->hostname ? json_string(ch->hostname) : json_null());
        json_object_set_new(o, "hostname_match", tristate_json(ch->hostname_match));
        if (ch->trust != TLS_TRUST_UNKNOWN) {
                bool ok = ch->trust == TLS_TRUST_TRUSTED;
                struct cp_verdict v = { .status = ok ? CP_ACCEPTABLE : CP_DEPRECATED, .rule = "RFC 5280 6 (path validation)" };
                _cleanup_free_ char *d = ok ?
                        xasprintf("chain %zu (%s, %s): trusted", i, strempty(leaf->key_type), strempty(leaf->subject)) :
                        xasprintf("chain %zu (%s, %s): %s: %s", i, strempty(leaf->key_type), strempty(leaf->subject),
                                  trust_to_string(ch->trust), strna(ch->trust_error));
                add_finding(j, "tls-certificate-trust", trust_to_string(ch->trust), &v, d, NULL);
        }
        if (ch->hostname_match != TLS_UNKNOWN) {
                bool ok = ch->hostname_match == TLS_YES;
                struct cp_verdict v = { .status = ok ? CP_ACCEPTABLE : CP_DEPRECATED, .rule = "RFC 6125 6 (server identity)" };
                _cleanup_free_ char *d = xasprintf("chain %zu (%s): the leaf %s %s", i, strempty(leaf->key_type),
                                                   ok ? "matches" : "does not match", ch->hostname);
                add_finding(j, "tls-certificate-hostname", ch->hostname, &v, d, NULL);
        }
        return o;
}

static int build(const struct tls_scan_result *r, const struct crypto_policy *policy, json_t **ret,
                 enum cp_status *ret_worst, struct scan_findings *typed)
{
        _cleanup_free_ char *path = NULL;
        struct judge j = { .policy = policy, .worst = CP_ACCEPTABLE, .typed = typed };
        json_t *doc, *protocols, *groups, *sigalgs, *certs, *ext;
        time_t now = time(NULL);

        if (!r || !policy || !ret)
                return -EINVAL;
        path = strchr(r->host, ':') ? xasprintf("[%s]:%u", r->host, r->port) : xasprintf("%s:%u", r->host, r->port);
        j.path = path;
        j.findings = json_array();

        protocols = json_array();
        for (size_t i = 0; i < TLS_SCAN_N_VERSIONS; i++) {
                const struct tls_scan_protocol *p = &r->protocols[i];
                const char *vname = tls_version_to_string(p->version);
                json_t *ciphers, *po;

                if (!p->supported)
                        continue;
                ciphers = json_array();
                po = json_pack("{s:s, s:o, s:b, s:o}", "version", vname,
                               "server_preference", tristate_json(p->server_preference), "complete", p->complete,
                               "hello_shape", shape_json(&p->shape));
                struct cp_verdict vv = cp_tls_version(policy, p->version);
                _cleanup_free_ char *vd = xasprintf("protocol %s", vv.reason);
                add_finding(&j, "tls-protocol", vname, &vv, vd, po);

                for (size_t k = 0; k < p->n_suites; k++) {
                        const struct tls_suite *s = tls_suite_by_code(p->suites[k]);
                        struct cp_verdict v = s ? cp_tls_suite(policy, s) : cp_tls_suite_code(policy, p->suites[k]);
                        char code[7], enc[64];
                        json_t *c;

                        code_string(p->suites[k], code);
                        c = json_pack("{s:s, s:s}", "code", code, "iana", s ? s->iana : code);
                        if (s) {
                                if (s->openssl)
                                        json_object_set_new(c, "openssl", json_string(s->openssl));
                                json_object_set_new(c, "kx", json_string(tls_kx_to_string(s->kx)));
                                json_object_set_new(c, "au", json_string(tls_au_to_string(s->au)));
                                json_object_set_new(c, "encryption", json_string(tls_suite_encryption(s, enc, sizeof(enc))));
                                json_object_set_new(c, "strength", json_integer(s->strength));
                                json_object_set_new(c, "forward_secrecy", json_boolean(tls_suite_forward_secret(s)));
                        }
                        /* The policy's reason names the suite; say which version accepted it. */
                        _cleanup_free_ char *d = xasprintf("%s: %s", vname, v.reason);
                        add_finding(&j, "tls-suite", s ? s->iana : code, &v, d, c);
                        json_array_append_new(ciphers, c);
                }
                json_object_set_new(po, "ciphers", ciphers);
                json_array_append_new(protocols, po);
        }

        groups = json_array();
        for (size_t i = 0; i < r->n_groups; i++) {
                const struct tls_group *g = tls_group_by_code(r->groups[i].code);
                char code[7];
                json_t *o;

                code_string(r->groups[i].code, code);
                o = json_pack("{s:s, s:s, s:b, s:b}", "code", code, "name", g ? g->name : code,
                              "tls13", r->groups[i].tls13, "tls12", r->groups[i].tls12);
                if (g) {
                        struct cp_verdict v = cp_tls_group(policy, g);
                        _cleanup_free_ char *d = xasprintf("key exchange group %s", v.reason);
                        add_finding(&j, "tls-group", g->name, &v, d, o);
                }
                json_array_append_new(groups, o);
        }
        if (r->dhe_bits > 0) {
                json_t *o = json_pack("{s:s, s:s, s:i, s:b, s:b}", "code", "dhe", "name", "DHE (server-chosen prime)",
                                      "bits", (json_int_t) r->dhe_bits, "tls13", 0, "tls12", 1);
                struct cp_verdict v = cp_public_key(policy, "DH", r->dhe_bits, NULL);
                _cleanup_free_ char *alg = xasprintf("DHE-%u", r->dhe_bits);
                _cleanup_free_ char *d = xasprintf("DHE key exchange: %s", v.reason);
                add_finding(&j, "tls-group", alg, &v, d, o);
                json_array_append_new(groups, o);
        }

        sigalgs = json_array();
        for (size_t i = 0; i < r->n_sigalgs + r->n_tls13_sigalgs; i++) {
                uint16_t code = i < r->n_sigalgs ? r->sigalgs[i] : r->tls13_sigalgs[i - r->n_sigalgs];
                const struct tls_sigscheme *s = tls_sigscheme_by_code(code);
                char cs[7];
                json_t *o;

                code_string(code, cs);
                o = json_pack("{s:s, s:s, s:s}", "code", cs, "name", s ? s->name : cs,
                              "version", i < r->n_sigalgs ? "TLSv1.2" : "TLSv1.3");
                if (s) {
                        struct cp_verdict v = cp_tls_sigscheme(policy, s);
                        _cleanup_free_ char *d = xasprintf("signature scheme %s", v.reason);
                        add_finding(&j, "tls-sigscheme", s->name, &v, d, o);
                }
                json_array_append_new(sigalgs, o);
        }

        certs = json_array();
        for (size_t i = 0; i < r->n_certs; i++)
                json_array_append_new(certs, cert_json(&j, &r->certs[i], now));
        json_t *chains = json_array();
        for (size_t i = 0; i < r->n_chains; i++)
                json_array_append_new(chains, chain_json(&j, r, i));

        ext = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
                        "renegotiation_info", tristate_json(r->renegotiation_info),
                        "extended_master_secret", tristate_json(r->extended_master_secret),
                        "encrypt_then_mac", tristate_json(r->encrypt_then_mac),
                        "ocsp_stapling", tristate_json(r->ocsp_stapling),
                        "session_ticket", tristate_json(r->session_ticket),
                        "compression", tristate_json(r->compression),
                        "fallback_scsv", tristate_json(r->fallback_scsv),
                        "client_renegotiation", tristate_json(r->client_renegotiation));
        /* The extensions matter only where TLS 1.2 and older are spoken: TLS 1.3 has them built in. */
        if (r->protocols[0].supported || r->protocols[1].supported || r->protocols[2].supported ||
            r->protocols[3].supported) {
                static const struct {
                        const char *name;
                        size_t off;
                } exts[] = {
                        { "renegotiation_info", offsetof(struct tls_scan_result, renegotiation_info) },
                        { "extended_master_secret", offsetof(struct tls_scan_result, extended_master_secret) },
                        { "encrypt_then_mac", offsetof(struct tls_scan_result, encrypt_then_mac) },
                        { "ocsp_stapling", offsetof(struct tls_scan_result, ocsp_stapling) },
                        { "compression", offsetof(struct tls_scan_result, compression) },
                        { "fallback_scsv", offsetof(struct tls_scan_result, fallback_scsv) },
                        { "client_renegotiation", offsetof(struct tls_scan_result, client_renegotiation) },
                };
                for (size_t i = 0; i < ARRAY_SIZE(exts); i++) {
                        enum tls_tristate t = *(const enum tls_tristate *) ((const char *) r + exts[i].off);
                        if (t == TLS_UNKNOWN)
                                continue;
                        struct cp_verdict v = cp_tls_extension(policy, exts[i].name, t == TLS_YES);
                        _cleanup_free_ char *d = xasprintf("%s", v.reason);
                        add_finding(&j, "tls-extension", exts[i].name, &v, d, NULL);
                }
        }

        /* Weaknesses of an implementation rather than a choice of algorithms: they fail under any policy. */
        json_t *vulns = json_pack("{s:o, s:o, s:o}", "heartbeat", tristate_json(r->heartbeat),
                                  "heartbleed", tristate_json(r->heartbleed), "sslv2", tristate_json(r->sslv2));
        if (r->sslv2 == TLS_YES) {
                struct cp_verdict v = { .status = CP_DISALLOWED, .rule = "RFC 6176 (prohibiting SSL 2.0)" };
                snprintf(v.reason, sizeof(v.reason), "protocol SSLv2 spoken: it must never be");
                add_finding(&j, "tls-protocol", "SSLv2", &v, v.reason, NULL);
        }
        if (r->heartbleed != TLS_UNKNOWN) {
                struct cp_verdict v = { .status = r->heartbleed == TLS_YES ? CP_DISALLOWED : CP_ACCEPTABLE,
                                        .rule = "CVE-2014-0160 (Heartbleed)" };
                snprintf(v.reason, sizeof(v.reason), "%s", r->heartbleed == TLS_YES ?
                         "Heartbleed: the server answers a heartbeat longer than the one it was sent (its memory leaks)" :
                         "heartbeats answered correctly: not vulnerable to Heartbleed");
                add_finding(&j, "tls-vulnerability", "heartbleed", &v, v.reason, NULL);
        }

        json_t *alerts = json_array();
        for (size_t i = 0; i < r->n_alerts; i++)
                json_array_append_new(alerts, json_pack("{s:s, s:i, s:i}", "alert", tls_alert_to_string(r->alerts[i].code),
                                                        "code", (json_int_t) r->alerts[i].code,
                                                        "count", (json_int_t) r->alerts[i].count));
        _cleanup_free_ char *nothing = tls_scan_result_nothing_accepted(r);

        json_t *errors = json_array();
        for (size_t i = 0; r->errors && r->errors[i]; i++)
                json_array_append_new(errors, json_string(r->errors[i]));

        doc = json_pack("{s:s, s:{s:s, s:i, s:s}, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:f, s:s}",
                        "schema", "bulwark-tls-scan/1",
                        "target", "host", r->host, "port", (json_int_t) r->port, "address", r->address,
                        "policy", crypto_policy_name(policy),
                        "protocols", protocols,
                        "groups", groups,
                        "signature_algorithms", sigalgs,
                        "certificates", certs,
                        "extensions", ext,
                        "findings", j.findings,
                        "errors", errors,
                        "connections", (json_int_t) r->connections,
                        "elapsed_seconds", (double) r->elapsed_us / 1e6,
                        "worst_status", cp_status_to_string(j.worst));
        if (!doc)
                return -ENOMEM;
        /* Not a verdict on the server: nothing was judged, and the caller must not call it clean. */
        json_object_set_new(doc, "error", nothing ? json_string(nothing) : json_null());
        json_object_set_new(doc, "alerts", alerts);
        json_object_set_new(doc, "closed", json_integer(r->closed));
        json_object_set_new(doc, "hello_shape", shape_json(&r->shape));
        json_object_set_new(doc, "certificate_chains", chains);
        json_object_set_new(doc, "vulnerabilities", vulns);
        *ret = doc;
        if (ret_worst)
                *ret_worst = j.worst;
        return 0;
}

int tls_scan_result_to_json(const struct tls_scan_result *r, const struct crypto_policy *policy, json_t **ret,
                            enum cp_status *ret_worst)
{
        return build(r, policy, ret, ret_worst, NULL);
}

int tls_scan_result_judge(const struct tls_scan_result *r, const struct crypto_policy *policy,
                          struct scan_findings *ret)
{
        struct scan_findings l = { .worst = CP_ACCEPTABLE };
        json_t *doc = NULL;
        int k;

        if (!ret)
                return -EINVAL;
        k = build(r, policy, &doc, NULL, &l);
        json_decref(doc);
        if (k < 0) {
                scan_findings_clear(&l);
                return k;
        }
        *ret = l;
        return 0;
}
