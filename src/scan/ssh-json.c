/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <jansson.h>

#include "crypto-policy.h"
#include "macro.h"
#include "scan-findings.h"
#include "ssh-scan.h"
#include "strv.h"

static json_t *strv_json(char *const *l)
{
        json_t *a = json_array();

        for (char *const *p = l; p && *p; p++)
                json_array_append_new(a, json_string(*p));
        return a;
}

bool ssh_kex_is_signal(const char *name)
{
        static const char *const signals[] = {
                "ext-info-c", "ext-info-s", "kex-strict-c-v00@openssh.com", "kex-strict-s-v00@openssh.com",
                "kex-strict-c", "kex-strict-s", "kexguess2@matt.ucc.asn.au",
        };
        for (size_t i = 0; name && i < ARRAY_SIZE(signals); i++)
                if (streq(name, signals[i]))
                        return true;
        return false;
}

char **ssh_list_union(const struct ssh_kexinit *k, enum ssh_list c2s)
{
        char **l = NULL;

        for (char **p = k->lists[c2s]; p && *p; p++)
                strv_push(&l, *p);
        for (char **p = k->lists[c2s + 1]; p && *p; p++)
                if (!strv_contains(l, *p))
                        strv_push(&l, *p);
        if (!l)
                l = xmalloc0(sizeof(char *));
        return l;
}

struct judge {
        const struct crypto_policy *policy;
        json_t *findings;
        const char *path;
        enum cp_status worst;
        struct scan_findings *typed;  /* also collect them typed, or NULL */
};

static void add_finding(struct judge *j, const char *kind, const char *algorithm, const struct cp_verdict *v, json_t *target)
{
        json_array_append_new(j->findings,
                              json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kind", kind, "path", j->path, "detail",
                                        v->reason, "algorithm", algorithm, "status", cp_status_to_string(v->status),
                                        "rule", v->rule));
        j->worst = cp_status_worst(j->worst, v->status);
        if (j->typed)
                scan_findings_add(j->typed, kind, j->path, algorithm, v, v->reason);
        if (target) {
                json_object_set_new(target, "status", json_string(cp_status_to_string(v->status)));
                json_object_set_new(target, "rule", json_string(v->rule));
        }
}

/* [{"name", "status", "rule"}] for a list, with one finding per name. */
static json_t *judge_list(struct judge *j, const char *kind, char *const *names,
                          struct cp_verdict (*fn)(const struct crypto_policy *, const char *))
{
        json_t *a = json_array();

        for (char *const *p = names; p && *p; p++) {
                json_t *e = json_pack("{s:s}", "name", *p);
                if (fn) {
                        struct cp_verdict v = fn(j->policy, *p);
                        add_finding(j, kind, *p, &v, e);
                }
                json_array_append_new(a, e);
        }
        return a;
}

/* The RSA modulus size the probes saw for a host key algorithm, 0 when unknown. */
static unsigned rsa_bits_for(const struct ssh_scan_result *r, const char *alg)
{
        for (size_t i = 0; i < r->n_hostkeys; i++)
                if (streq(r->hostkeys[i].algorithm, alg) && r->hostkeys[i].err == 0 &&
                    streq_ptr(r->hostkeys[i].key.type, "ssh-rsa"))
                        return r->hostkeys[i].key.bits;
        return 0;
}

static int build(const struct ssh_scan_result *r, const struct crypto_policy *policy, json_t **ret,
                 enum cp_status *ret_worst, struct scan_findings *typed)
{
        const struct ssh_kexinit *k = &r->kexinit;
        _cleanup_strv_free_ char **ciphers = ssh_list_union(k, SSH_LIST_CIPHERS_C2S);
        _cleanup_strv_free_ char **macs = ssh_list_union(k, SSH_LIST_MACS_C2S);
        _cleanup_strv_free_ char **comp = ssh_list_union(k, SSH_LIST_COMP_C2S);
        bool v6 = r->address && strchr(r->address, ':');
        _cleanup_free_ char *path = xasprintf("%s%s%s:%s", v6 ? "[" : "", r->address, v6 ? "]" : "", r->port);
        struct judge j = { .policy = policy, .findings = json_array(), .path = path, .worst = CP_ACCEPTABLE, .typed = typed };
        json_t *o = json_object(), *hks = json_array(), *algs = json_object(), *hka = json_array(), *errors = json_array();

        json_object_set_new(o, "schema", json_string("bulwark-scan-ssh/1"));
        json_object_set_new(o, "target", json_pack("{s:s, s:s, s:s}", "host", r->host, "port", r->port,
                                                   "address", r->address));
        json_object_set_new(o, "policy", json_string(crypto_policy_name(policy)));
        json_object_set_new(o, "banner", json_string(r->banner));
        json_object_set_new(o, "kex", strv_json(k->lists[SSH_LIST_KEX]));
        json_object_set_new(o, "host_key", strv_json(k->lists[SSH_LIST_HOSTKEY]));
        json_object_set_new(o, "ciphers", strv_json(ciphers));
        json_object_set_new(o, "macs", strv_json(macs));
        json_object_set_new(o, "compression", strv_json(comp));
        json_object_set_new(o, "ciphers_c2s", strv_json(k->lists[SSH_LIST_CIPHERS_C2S]));
        json_object_set_new(o, "ciphers_s2c", strv_json(k->lists[SSH_LIST_CIPHERS_S2C]));
        json_object_set_new(o, "macs_c2s", strv_json(k->lists[SSH_LIST_MACS_C2S]));
        json_object_set_new(o, "macs_s2c", strv_json(k->lists[SSH_LIST_MACS_S2C]));
        json_object_set_new(o, "compression_c2s", strv_json(k->lists[SSH_LIST_COMP_C2S]));
        json_object_set_new(o, "compression_s2c", strv_json(k->lists[SSH_LIST_COMP_S2C]));

        /* Verdicts, per list, in the server's order; kex signals are not key exchanges. */
        _cleanup_strv_free_ char **kex = NULL, **signals = NULL;
        for (char **p = k->lists[SSH_LIST_KEX]; p && *p; p++)
                strv_push(ssh_kex_is_signal(*p) ? &signals : &kex, *p);
        json_object_set_new(o, "kex_signals", strv_json(signals));
        json_object_set_new(algs, "kex", judge_list(&j, "ssh-kex", kex, cp_ssh_kex));
        for (char **p = k->lists[SSH_LIST_HOSTKEY]; p && *p; p++) {
                struct cp_verdict v = cp_ssh_hostkey(policy, *p, rsa_bits_for(r, *p));
                json_t *e = json_pack("{s:s}", "name", *p);
                add_finding(&j, "ssh-host-key", *p, &v, e);
                json_array_append_new(hka, e);
        }
        json_object_set_new(algs, "host_key", hka);
        json_object_set_new(algs, "ciphers", judge_list(&j, "ssh-cipher", ciphers, cp_ssh_cipher));
        json_object_set_new(algs, "macs", judge_list(&j, "ssh-mac", macs, cp_ssh_mac));
        /*
         * Terrapin (CVE-2023-48795): with chacha20-poly1305 or an encrypt-then-MAC
         * mode, an attacker can drop messages at the start of the secure channel
         * unless both sides use strict key exchange; the server says it does with
         * kex-strict-s-v00@openssh.com.
         */
        {
                bool chacha = strv_contains(ciphers, "chacha20-poly1305@openssh.com");
                bool strict = strv_contains(k->lists[SSH_LIST_KEX], "kex-strict-s-v00@openssh.com");
                _cleanup_strv_free_ char **etm = NULL;
                for (char **p = macs; p && *p; p++)
                        if (endswith(*p, "-etm@openssh.com"))
                                strv_push(&etm, *p);
                bool exposed = (chacha || etm) && !strict;
                json_object_set_new(o, "terrapin", json_pack("{s:b, s:b, s:b, s:o}", "exposed", exposed,
                                                             "strict_kex", strict, "chacha20_poly1305", chacha,
                                                             "etm_macs", strv_json(etm)));
                if (chacha || etm) {
                        _cleanup_free_ char *modes = strv_join(etm, ", ");
                        struct cp_verdict v = { .status = exposed ? CP_DEPRECATED : CP_ACCEPTABLE,
                                                .rule = "CVE-2023-48795 (Terrapin)" };
                        snprintf(v.reason, sizeof(v.reason), "Terrapin prefix truncation: %s%s%s offered, %s",
                                 chacha ? "chacha20-poly1305@openssh.com" : "", chacha && etm ? ", " : "",
                                 strempty(modes), strict ? "mitigated by strict key exchange (kex-strict-s-v00@openssh.com)" :
                                 "without strict key exchange: exposed");
                        add_finding(&j, "ssh-terrapin", "CVE-2023-48795", &v, NULL);
                }
        }
        /*
         * Group exchange: the smallest prime the server hands out when asked for
         * exactly that size is what a downgrading attacker gets; judge it as a
         * DH key. A size it refuses is not offered; when it refuses both, nothing
         * below 2048 bits is handed out and the key exchange's own verdict stands.
         */
        {
                json_t *ga = json_array();
                unsigned smallest = 0;
                for (size_t i = 0; i < r->n_gex; i++) {
                        const struct ssh_gex_probe *g = &r->gex[i];
                        json_t *e = json_pack("{s:i}", "requested", (json_int_t) g->bits_requested);
                        json_object_set_new(e, "bits", g->bits ? json_integer(g->bits) : json_null());
                        if (g->error)
                                json_object_set_new(e, "error", json_string(g->error));
                        json_array_append_new(ga, e);
                        if (g->bits && (smallest == 0 || g->bits < smallest))
                                smallest = g->bits;
                }
                json_object_set_new(o, "group_exchange", json_pack("{s:o, s:o, s:o}",
                                                                   "kex", r->gex_kex ? json_string(r->gex_kex) : json_null(),
                                                                   "probes", ga,
                                                                   "smallest_bits", smallest ? json_integer(smallest) : json_null()));
                if (smallest) {
                        struct cp_verdict v = cp_public_key(policy, "DH", smallest, NULL);
                        _cleanup_free_ char *alg = xasprintf("%s %u-bit group", r->gex_kex, smallest);
                        _cleanup_free_ char *reason = xasprintf("group exchange hands out a %u-bit prime when asked: %s",
                                                                smallest, v.reason);
                        size_t n = MIN(strlen(reason), sizeof(v.reason) - 1);
                        memcpy(v.reason, reason, n);
                        v.reason[n] = 0;
                        add_finding(&j, "ssh-gex", alg, &v, NULL);
                }
        }
        /* Compression carries no cryptographic verdict. */
        json_object_set_new(algs, "compression", judge_list(&j, "ssh-compression", comp, NULL));
        json_object_set_new(o, "algorithms", algs);

        for (size_t i = 0; i < r->n_hostkeys; i++) {
                const struct ssh_hostkey_result *h = &r->hostkeys[i];
                json_t *e = json_object();

                json_object_set_new(e, "algorithm", json_string(h->algorithm));
                if (h->err == 0) {
                        json_object_set_new(e, "type", json_string(h->key.type));
                        json_object_set_new(e, "bits", json_integer(h->key.bits));
                        json_object_set_new(e, "fingerprint_sha256", json_string(h->key.fingerprint_sha256));
                        if (h->key.curve)
                                json_object_set_new(e, "curve", json_string(h->key.curve));
                        if (h->key.certificate)
                                json_object_set_new(e, "certificate", json_true());
                } else {
                        json_object_set_new(e, "error", json_string(h->error));
                        json_array_append_new(errors, json_sprintf("host key %s: %s", h->algorithm, h->error));
                }
                if (h->kex)
                        json_object_set_new(e, "kex", json_string(h->kex));
                json_array_append_new(hks, e);
        }
        json_object_set_new(o, "host_keys", hks);
        json_object_set_new(o, "findings", j.findings);
        json_object_set_new(o, "errors", errors);
        json_object_set_new(o, "connections", json_integer(r->connections));
        json_object_set_new(o, "elapsed_ms", json_integer((json_int_t) r->elapsed_ms));
        json_object_set_new(o, "worst_status", json_string(cp_status_to_string(j.worst)));
        *ret = o;
        if (ret_worst)
                *ret_worst = j.worst;
        return 0;
}

int ssh_scan_result_to_json(const struct ssh_scan_result *r, const struct crypto_policy *policy, json_t **ret,
                            enum cp_status *ret_worst)
{
        return build(r, policy, ret, ret_worst, NULL);
}

int ssh_scan_result_judge(const struct ssh_scan_result *r, const struct crypto_policy *policy,
                          struct scan_findings *ret)
{
        struct scan_findings l = { .worst = CP_ACCEPTABLE };
        json_t *doc = NULL;
        int k;

        if (!r || !policy || !ret)
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
