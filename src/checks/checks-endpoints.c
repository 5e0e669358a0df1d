/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Live endpoints (collect-endpoints.c): what the device's TLS and SSH
 * services actually negotiate, judged by the crypto policy (CR 4.3), and
 * whether its network-reachable TCP services encrypt at all (CR 4.1).
 */
#include "check.h"
#include "crypto-policy.h"
#include "endpoint-facts.h"
#include "json-util.h"
#include "strv.h"

static bool status_is(json_t *finding, enum cp_status s) { return streq(json_str_or_empty(finding, "status"), cp_status_to_string(s)); }

static bool finding_fails(json_t *finding)
{
        return status_is(finding, CP_DEPRECATED) || status_is(finding, CP_DISALLOWED);
}

/* Returns true when the check has nothing to look at and has said why. */
static bool endpoints_unavailable(struct check_ctx *c, const struct endpoint_facts *ef)
{
        if (!ef) {
                check_error(c, "listening endpoints were not collected");
                return true;
        }
        if (ef->err == -ENODATA) {
                check_na(c, "%s", ef->reason ? ef->reason : "no endpoints probed");
                return true;
        }
        if (ef->err < 0) {
                check_error(c, "could not probe listening endpoints: %s", ef->reason ? ef->reason : strerror(-ef->err));
                return true;
        }
        return false;
}

static const char *who(const struct endpoint *e)
{
        return e->process ? e->process : "unknown process";
}

static void check_scanned(struct check_ctx *c, enum endpoint_proto proto, const char *label, const char *action)
{
        const struct endpoint_facts *ef = c->facts->endpoints;
        _cleanup_strv_free_ char **weak = NULL, **unknown = NULL, **failed = NULL;
        size_t n = 0;

        if (endpoints_unavailable(c, ef))
                return;
        for (size_t i = 0; i < ef->n; i++) {
                const struct endpoint *e = &ef->v[i];
                _cleanup_strv_free_ char **names = NULL;
                json_t *f;
                size_t k, n_findings = 0;

                if (e->proto != proto)
                        continue;
                n++;
                /* A scan document with an "error" judged nothing (e.g. every hello refused): not a pass. */
                if (e->err < 0 || !e->scan || json_is_string(json_object_get(e->scan, "error"))) {
                        strv_consume(&failed, xasprintf("%s (%s)", e->target, who(e)));
                        check_evidence(c, "endpoint", e->target, "%s",
                                       e->error ? e->error :
                                       e->scan && json_is_string(json_object_get(e->scan, "error")) ?
                                       json_str_or_empty(e->scan, "error") : "scan failed");
                        continue;
                }
                json_array_foreach(json_object_get(e->scan, "findings"), k, f) {
                        n_findings++;
                        if (finding_fails(f)) {
                                if (!strv_contains(names, json_str_or_empty(f, "algorithm")))
                                        strv_push(&names, json_str_or_empty(f, "algorithm"));
                                /* The detail names the algorithm already. */
                                check_evidence(c, "endpoint", e->target, "%s: %s: %s [%s]", json_str_or_empty(f, "kind"),
                                               json_str_or_empty(f, "status"), json_str_or_empty(f, "detail"), json_str_or_empty(f, "rule"));
                        } else if (status_is(f, CP_UNKNOWN)) {
                                strv_consume(&unknown, xasprintf("%s %s", e->target, json_str_or_empty(f, "algorithm")));
                                check_evidence(c, "endpoint", e->target, "%s: unknown to the %s policy: %s",
                                               json_str_or_empty(f, "kind"), strna(ef->policy), json_str_or_empty(f, "detail"));
                        }
                }
                if (names) {
                        _cleanup_free_ char *j = strv_join(names, ", ");
                        strv_consume(&weak, xasprintf("%s (%s): %s", e->target, who(e), j));
                } else
                        check_evidence(c, "endpoint", e->target, "%s (%s): all %zu findings acceptable or legacy under the %s policy",
                                       label, who(e), n_findings, strna(ef->policy));
        }
        if (weak) {
                _cleanup_free_ char *j = strv_join(weak, "; ");
                check_fail(c, "%s endpoints negotiate algorithms the %s policy rejects: %s", label, strna(ef->policy), j);
                check_action(c, "%s", action);
        }
        if (failed) {
                _cleanup_free_ char *j = strv_join(failed, ", ");
                check_error(c, "%s scan failed on %s", label, j);
        }
        if (unknown) {
                _cleanup_free_ char *j = strv_join(unknown, ", ");
                check_manual(c, "%s endpoints offer algorithms the %s policy does not know: %s; decide whether they are acceptable",
                             label, strna(ef->policy), j);
        }
        if (n == 0)
                check_na(c, "no %s endpoint is listening (%zu TCP sockets probed)", label, ef->n);
        else
                check_pass(c, "%zu %s endpoint%s negotiate%s only what the %s policy accepts", n, label, n == 1 ? "" : "s",
                           n == 1 ? "s" : "", strna(ef->policy));
}

static void check_ssh_endpoints(struct check_ctx *c)
{
        check_scanned(c, ENDPOINT_SSH, "SSH",
                      "Remove the rejected algorithms from sshd_config (KexAlgorithms, HostKeyAlgorithms, Ciphers, MACs) "
                      "and replace weak host keys (ssh-keygen -t ed25519 or RSA >= 3072), then reload sshd.");
}

static void check_tls_endpoints(struct check_ctx *c)
{
        check_scanned(c, ENDPOINT_TLS, "TLS",
                      "Restrict the service to TLS 1.2/1.3 with AEAD suites and ECDHE/DHE key exchange "
                      "(openssl.cnf MinProtocol/CipherString or the service's own settings) and use a certificate "
                      "with a key of at least 112-bit strength signed with SHA-256 or better.");
}

static void check_encrypted_in_transit(struct check_ctx *c)
{
        const struct endpoint_facts *ef = c->facts->endpoints;
        _cleanup_strv_free_ char **plain = NULL, **unknown = NULL;
        size_t reachable = 0;

        if (endpoints_unavailable(c, ef))
                return;
        for (size_t i = 0; i < ef->n; i++) {
                const struct endpoint *e = &ef->v[i];

                if (e->loopback_only)
                        continue;
                reachable++;
                switch (e->proto) {
                case ENDPOINT_SSH:
                case ENDPOINT_TLS:
                        check_evidence(c, "endpoint", e->target, "%s:%u (%s) speaks %s%s%s", e->addr, e->port, who(e),
                                       e->proto == ENDPOINT_SSH ? "SSH" : "TLS", e->starttls ? " after STARTTLS: " : "",
                                       strempty(e->starttls));
                        break;
                case ENDPOINT_PLAINTEXT:
                        strv_consume(&plain, xasprintf("%s:%u (%s)%s", e->addr, e->port, who(e),
                                                       e->no_starttls ? " without STARTTLS" : ""));
                        check_evidence(c, "endpoint", e->target, "%s:%u (%s) answers in plaintext: \"%s\"%s%s", e->addr,
                                       e->port, who(e), strempty(e->greeting), e->error ? "; " : "", strempty(e->error));
                        break;
                default:
                        strv_consume(&unknown, xasprintf("%s:%u (%s)", e->addr, e->port, who(e)));
                        check_evidence(c, "endpoint", e->target, "%s:%u (%s): neither TLS nor SSH%s%s", e->addr,
                                       e->port, who(e), e->error ? ": " : "", strempty(e->error));
                        break;
                }
        }
        if (plain) {
                _cleanup_free_ char *j = strv_join(plain, ", ");
                check_fail(c, "network-reachable services speak plaintext: %s", j);
                check_action(c, "Put these services behind TLS or SSH, bind them to loopback, or stop them.");
        }
        if (unknown) {
                _cleanup_free_ char *j = strv_join(unknown, ", ");
                check_manual(c, "network-reachable services that speak neither TLS nor SSH: %s; show that they carry no "
                             "confidential data or encrypt it themselves", j);
        }
        if (reachable == 0)
                check_pass(c, "no TCP service listens on a network-reachable address (%zu on loopback only)", ef->n);
        else
                check_pass(c, "%zu network-reachable TCP endpoint%s, all speaking TLS or SSH", reachable,
                           reachable == 1 ? "" : "s");
}

const struct check_def checks_endpoints[] = {
        { "ssh-endpoints-policy", "Live SSH endpoints negotiate only algorithms the crypto policy accepts",
          { "CR 4.3" }, 0, check_ssh_endpoints, FACTS_ENDPOINTS | FACTS_SOCKETS },
        { "tls-endpoints-policy", "Live TLS endpoints negotiate only versions, suites and certificates the crypto policy accepts",
          { "CR 4.3" }, 0, check_tls_endpoints, FACTS_ENDPOINTS | FACTS_SOCKETS },
        { "endpoints-encrypted-in-transit", "Network-reachable TCP services encrypt in transit (TLS or SSH)",
          { "CR 4.1" }, 0, check_encrypted_in_transit, FACTS_ENDPOINTS | FACTS_SOCKETS },
        {}
};
