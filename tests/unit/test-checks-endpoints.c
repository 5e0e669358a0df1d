/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The endpoint checks (CR 4.3, CR 4.1) on endpoint facts built by hand:
 * checks are pure functions of facts. The facts hold scan results, not
 * verdicts; the checks judge them by the real built-in policy.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/socket.h>

#include "check.h"
#include "endpoint-facts.h"
#include "crypto-policy.h"
#include "macro.h"
#include "scan-findings.h"
#include "strv.h"

static struct crypto_policy *nist;

static struct check_result run_with(const struct endpoint_facts *ef, const char *id, const struct crypto_policy *policy)
{
        struct facts f = { .live = true, .endpoints = (struct endpoint_facts *) ef };
        struct profile p = { .sl = 2, .role = ROLE_EMBEDDED, .crypto_policy = "nist", .policy = policy,
                             .policy_err = policy ? 0 : -ENOENT };
        struct check_result r = { .verdict = VERDICT_PASS };
        struct check_ctx c = { .facts = &f, .profile = &p, .result = &r };

        for (const struct check_def *d = checks_endpoints; d->id; d++)
                if (streq(d->id, id)) {
                        d->run(&c);
                        assert_non_null(r.summary);
                        return r;
                }
        fail_msg("no check %s", id);
        return r;
}

static struct check_result run(const struct endpoint_facts *ef, const char *id) { return run_with(ef, id, nist); }

static bool evidence_has(const struct check_result *r, const char *needle)
{
        for (size_t i = 0; i < r->n_evidence; i++)
                if (strstr(r->evidence[i].detail, needle))
                        return true;
        return false;
}

/* What an SSH scan saw: comma-separated lists, as a server's KEXINIT names them. */
static struct ssh_scan_result *ssh_with(const char *kex, const char *ciphers, const char *macs)
{
        struct ssh_scan_result *r = xmalloc0(sizeof(*r));

        r->host = xstrdup("127.0.0.1");
        r->port = xstrdup("22");
        r->address = xstrdup("127.0.0.1");
        r->banner = xstrdup("SSH-2.0-test");
        for (size_t i = 0; i < _SSH_LIST_MAX; i++)
                r->kexinit.lists[i] = strv_split("", ",");
        strv_free(r->kexinit.lists[SSH_LIST_KEX]);
        r->kexinit.lists[SSH_LIST_KEX] = strv_split(kex, ",");
        strv_free(r->kexinit.lists[SSH_LIST_CIPHERS_C2S]);
        r->kexinit.lists[SSH_LIST_CIPHERS_C2S] = strv_split(ciphers, ",");
        strv_free(r->kexinit.lists[SSH_LIST_MACS_C2S]);
        r->kexinit.lists[SSH_LIST_MACS_C2S] = strv_split(macs, ",");
        return r;
}

static struct endpoint ep(int proto, const char *addr, uint16_t port, const char *process)
{
        struct endpoint e = { .family = AF_INET, .port = port, .proto = proto, .process = xstrdup(process),
                              .target = xasprintf("127.0.0.1:%u", port) };
        snprintf(e.addr, sizeof(e.addr), "%s", addr);
        e.loopback_only = startswith(addr, "127.") != NULL;
        return e;
}

static void test_offline_and_no_probe(void **state)
{
        struct endpoint_facts ef = { .err = -ENODATA, .reason = "offline: no endpoints probed" };
        const char *ids[] = { "ssh-endpoints-policy", "tls-endpoints-policy", "endpoints-encrypted-in-transit" };

        for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
                struct check_result r = run(&ef, ids[i]);
                assert_int_equal(r.verdict, VERDICT_NA);
                assert_string_equal(r.summary, "offline: no endpoints probed");
                check_result_clear(&r);
        }
        ef.err = -EPERM;
        ef.reason = "listening sockets unknown";
        {
                struct check_result r = run(&ef, "ssh-endpoints-policy");
                assert_int_equal(r.verdict, VERDICT_ERROR);
                check_result_clear(&r);
        }
}

static void test_ssh_weak_and_strong(void **state)
{
        struct endpoint v[2] = { ep(ENDPOINT_SSH, "0.0.0.0", 22, "sshd"), ep(ENDPOINT_SSH, "0.0.0.0", 2222, "dropbear") };
        struct endpoint_facts ef = { .v = v, .n = 2 };
        struct check_result r;

        v[0].ssh = ssh_with("diffie-hellman-group1-sha1,diffie-hellman-group14-sha256", "aes128-cbc", "hmac-sha2-256");
        v[1].ssh = ssh_with("ecdh-sha2-nistp256", "aes256-gcm@openssh.com", "hmac-sha2-256");
        r = run(&ef, "ssh-endpoints-policy");
        assert_int_equal(r.verdict, VERDICT_FAIL);
        assert_non_null(strstr(r.summary, "127.0.0.1:22 (sshd): diffie-hellman-group1-sha1, aes128-cbc"));
        assert_null(strstr(r.summary, "hmac-sha2-256"));
        assert_null(strstr(r.summary, "group14"));   /* legacy passes */
        assert_null(strstr(r.summary, "dropbear"));
        assert_true(evidence_has(&r, "disallowed"));
        assert_non_null(r.action);
        check_result_clear(&r);

        /* Only the good one: pass. And TLS has no endpoint: na. */
        ef.v = &v[1];
        ef.n = 1;
        r = run(&ef, "ssh-endpoints-policy");
        assert_int_equal(r.verdict, VERDICT_PASS);
        check_result_clear(&r);
        r = run(&ef, "tls-endpoints-policy");
        assert_int_equal(r.verdict, VERDICT_NA);
        check_result_clear(&r);

        for (size_t i = 0; i < 2; i++) {
                ssh_scan_result_free(v[i].ssh);
                free(v[i].process);
                free(v[i].target);
        }
}

static void test_scan_error_and_unknown(void **state)
{
        struct endpoint v[2] = { ep(ENDPOINT_SSH, "0.0.0.0", 443, "nginx"), ep(ENDPOINT_SSH, "0.0.0.0", 8443, "app") };
        struct endpoint_facts ef = { .v = v, .n = 2 };
        struct check_result r;

        v[0].err = -ETIMEDOUT;
        v[0].error = xstrdup("SSH scan of 127.0.0.1:443 failed: timed out");
        v[1].ssh = ssh_with("frobnicate-kex@example.org", "aes256-gcm@openssh.com", "hmac-sha2-256");
        r = run(&ef, "ssh-endpoints-policy");
        assert_int_equal(r.verdict, VERDICT_ERROR);  /* error is worse than manual */
        assert_true(evidence_has(&r, "timed out"));
        assert_true(evidence_has(&r, "unknown to the nist policy"));
        check_result_clear(&r);
        v[0].err = 0;
        v[0].proto = ENDPOINT_TLS;
        r = run(&ef, "ssh-endpoints-policy");
        assert_int_equal(r.verdict, VERDICT_MANUAL);
        check_result_clear(&r);
        /* The check judges: without the run's policy it cannot, and says so. */
        r = run_with(&ef, "ssh-endpoints-policy", NULL);
        assert_int_equal(r.verdict, VERDICT_ERROR);
        assert_non_null(strstr(r.summary, "crypto policy"));
        check_result_clear(&r);
        for (size_t i = 0; i < 2; i++) {
                ssh_scan_result_free(v[i].ssh);
                free(v[i].process);
                free(v[i].target);
                free(v[i].error);
        }
}

static void test_in_transit(void **state)
{
        struct endpoint v[4] = {
                ep(ENDPOINT_SSH, "0.0.0.0", 22, "sshd"),
                ep(ENDPOINT_PLAINTEXT, "127.0.0.1", 25, "exim4"),  /* loopback only: not in transit */
                ep(ENDPOINT_UNKNOWN, "0.0.0.0", 1883, "mosquitto"),
                ep(ENDPOINT_PLAINTEXT, "0.0.0.0", 21, "vsftpd"),
        };
        struct endpoint_facts ef = { .v = v, .n = 3 };
        struct check_result r;

        v[3].greeting = xstrdup("220 (vsFTPd 3.0.3)");
        r = run(&ef, "endpoints-encrypted-in-transit");
        assert_int_equal(r.verdict, VERDICT_MANUAL);
        assert_non_null(strstr(r.summary, "1883 (mosquitto)"));
        assert_null(strstr(r.summary, "exim4"));
        check_result_clear(&r);
        ef.n = 4;
        r = run(&ef, "endpoints-encrypted-in-transit");
        assert_int_equal(r.verdict, VERDICT_FAIL);
        assert_non_null(strstr(r.summary, "0.0.0.0:21 (vsftpd)"));
        assert_true(evidence_has(&r, "220 (vsFTPd 3.0.3)"));
        check_result_clear(&r);
        ef.v = v;
        ef.n = 1;
        r = run(&ef, "endpoints-encrypted-in-transit");
        assert_int_equal(r.verdict, VERDICT_PASS);
        check_result_clear(&r);
        for (size_t i = 0; i < 4; i++) {
                free(v[i].process);
                free(v[i].target);
                free(v[i].greeting);
        }
}

/* The typed findings the checks judge by are the scan document's "findings", one for one. */
static void test_typed_findings_match_document(void **state)
{
        struct ssh_scan_result *r = ssh_with("diffie-hellman-group1-sha1,ecdh-sha2-nistp256,frobnicate@example.org",
                                             "aes128-cbc,aes256-gcm@openssh.com", "hmac-sha1,hmac-sha2-256");
        struct scan_findings l = {};
        json_t *doc = NULL, *f;
        enum cp_status worst;
        size_t i;

        assert_int_equal(ssh_scan_result_to_json(r, nist, &doc, &worst), 0);
        assert_int_equal(ssh_scan_result_judge(r, nist, &l), 0);
        assert_int_equal(l.n, json_array_size(json_object_get(doc, "findings")));
        assert_true(l.n >= 7);
        assert_int_equal(l.worst, worst);
        json_array_foreach(json_object_get(doc, "findings"), i, f) {
                assert_string_equal(l.v[i].algorithm, json_string_value(json_object_get(f, "algorithm")));
                assert_string_equal(l.v[i].kind, json_string_value(json_object_get(f, "kind")));
                assert_string_equal(cp_status_to_string(l.v[i].status), json_string_value(json_object_get(f, "status")));
                assert_string_equal(l.v[i].rule, json_string_value(json_object_get(f, "rule")));
                assert_string_equal(l.v[i].detail, json_string_value(json_object_get(f, "detail")));
        }
        assert_int_equal(ssh_scan_result_judge(r, NULL, &l), -EINVAL);
        scan_findings_clear(&l);
        json_decref(doc);
        ssh_scan_result_free(r);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_offline_and_no_probe),
                cmocka_unit_test(test_ssh_weak_and_strong),
                cmocka_unit_test(test_scan_error_and_unknown),
                cmocka_unit_test(test_in_transit),
                cmocka_unit_test(test_typed_findings_match_document),
        };
        _cleanup_free_ char *error = NULL;
        int k;

        if (crypto_policy_load("nist", &nist, &error) < 0)
                return fprintf(stderr, "cannot load the nist policy: %s\n", strna(error)), 1;
        k = cmocka_run_group_tests(tests, NULL, NULL);
        crypto_policy_free(nist);
        return k;
}
