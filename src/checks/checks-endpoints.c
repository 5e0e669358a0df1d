/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Live endpoints (collect-endpoints.c): what the device's TLS and SSH
 * services actually negotiate, judged here by the run's crypto policy
 * (CR 4.3; the facts hold what the scans saw, not a verdict), and
 * whether its network-reachable TCP services encrypt at all (CR 4.1).
 */
#include "check.h"
#include "crypto-policy.h"
#include "endpoint-facts.h"
#include "scan-findings.h"
#include "strv.h"

static bool finding_fails(const struct scan_finding *f)
{
        return f->status == CP_DEPRECATED || f->status == CP_DISALLOWED;
}

/* The endpoint's scan judged by policy: the verdict is the check's, not the collector's. */
static int judge(const struct endpoint *e, const struct crypto_policy *policy, struct scan_findings *ret)
{
        if (e->ssh)
                return ssh_scan_result_judge(e->ssh, policy, ret);
        if (e->tls)
                return tls_scan_result_judge(e->tls, policy, ret);
        return -ENODATA;
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
        const struct crypto_policy *policy = NULL;
        _cleanup_strv_free_ char **weak = NULL, **unknown = NULL, **failed = NULL;
        const char *pname = NULL;
        size_t n = 0;

        if (endpoints_unavailable(c, ef))
                return;
        for (size_t i = 0; i < ef->n; i++)
                if (ef->v[i].proto == proto)
                        n++;
        if (n == 0) {
                check_na(c, "no %s endpoint is listening (%zu TCP sockets probed)", label, ef->n);
                return;
        }
        policy = check_crypto_policy(c);
        if (!policy)
                return; /* it said why */
        pname = crypto_policy_name(policy);

        for (size_t i = 0; i < ef->n; i++) {
                const struct endpoint *e = &ef->v[i];
                _cleanup_strv_free_ char **names = NULL;
                struct scan_findings l = {};
                int k;

                if (e->proto != proto)
                        continue;
                /* A scan that accepted nothing (every hello refused) judged nothing: not a pass. */
                if (e->err < 0 || (!e->ssh && !e->tls)) {
                        strv_consume(&failed, xasprintf("%s (%s)", e->target, who(e)));
                        check_evidence(c, "endpoint", e->target, "%s", e->error ? e->error : "scan failed");
                        continue;
                }
                k = judge(e, policy, &l);
                if (k < 0) {
                        strv_consume(&failed, xasprintf("%s (%s)", e->target, who(e)));
                        check_evidence(c, "endpoint", e->target, "%s scan of %s: %s", label, e->target, strerror(-k));
                        continue;
                }
                for (size_t j = 0; j < l.n; j++) {
                        const struct scan_finding *f = &l.v[j];

                        if (finding_fails(f)) {
                                if (!strv_contains(names, f->algorithm))
                                        strv_push(&names, f->algorithm);
                                /* The detail names the algorithm already. */
                                check_evidence(c, "endpoint", e->target, "%s: %s: %s [%s]", f->kind,
                                               cp_status_to_string(f->status), f->detail, f->rule);
                        } else if (f->status == CP_UNKNOWN) {
                                strv_consume(&unknown, xasprintf("%s %s", e->target, f->algorithm));
                                check_evidence(c, "endpoint", e->target, "%s: unknown to the %s policy: %s",
                                               f->kind, pname, f->detail);
                        }
                }
                if (names) {
                        _cleanup_free_ char *j = strv_join(names, ", ");
                        strv_consume(&weak, xasprintf("%s (%s): %s", e->target, who(e), j));
                } else
                        check_evidence(c, "endpoint", e->target, "%s (%s): all %zu findings acceptable or legacy under the %s policy",
                                       label, who(e), l.n, pname);
                scan_findings_clear(&l);
        }
        if (weak) {
                _cleanup_free_ char *j = strv_join(weak, "; ");
                check_fail(c, "%s endpoints negotiate algorithms the %s policy rejects: %s", label, pname, j);
                check_action(c, "%s", action);
        }
        if (failed) {
                _cleanup_free_ char *j = strv_join(failed, ", ");
                check_error(c, "%s scan failed on %s", label, j);
        }
        if (unknown) {
                _cleanup_free_ char *j = strv_join(unknown, ", ");
                check_manual(c, "%s endpoints offer algorithms the %s policy does not know: %s; decide whether they are acceptable",
                             label, pname, j);
        }
        check_pass(c, "%zu %s endpoint%s negotiate%s only what the %s policy accepts", n, label, n == 1 ? "" : "s",
                   n == 1 ? "s" : "", pname);
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
