/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The endpoint checks (CR 4.3, CR 4.1) on endpoint facts built by hand: checks are pure functions of facts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/socket.h>

#include "check.h"
#include "endpoint-facts.h"
#include "macro.h"

static struct check_result run(const struct endpoint_facts *ef, const char *id)
{
        struct facts f = { .live = true, .endpoints = (struct endpoint_facts *) ef };
        struct profile p = { .sl = 2, .role = ROLE_EMBEDDED, .crypto_policy = "nist" };
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

static bool evidence_has(const struct check_result *r, const char *needle)
{
        for (size_t i = 0; i < r->n_evidence; i++)
                if (strstr(r->evidence[i].detail, needle))
                        return true;
        return false;
}

static json_t *scan_with(const char *const *findings)
{
        json_t *a = json_array();

        for (const char *const *p = findings; *p; p += 3)
                json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kind", p[0], "path", "x",
                                                   "algorithm", p[1], "status", p[2], "detail",
                                                   p[1], "rule", "test rule"));
        return json_pack("{s:o}", "findings", a);
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
        static const char *const weak[] = { "ssh-kex", "diffie-hellman-group1-sha1", "disallowed",
                                            "ssh-cipher", "aes128-cbc", "deprecated",
                                            "ssh-mac", "hmac-sha2-256", "acceptable",
                                            "ssh-kex", "diffie-hellman-group14-sha256", "legacy", NULL };
        static const char *const good[] = { "ssh-kex", "ecdh-sha2-nistp256", "acceptable", NULL };
        struct endpoint v[2] = { ep(ENDPOINT_SSH, "0.0.0.0", 22, "sshd"), ep(ENDPOINT_SSH, "0.0.0.0", 2222, "dropbear") };
        struct endpoint_facts ef = { .v = v, .n = 2, .policy = "nist" };
        struct check_result r;

        v[0].scan = scan_with(weak);
        v[1].scan = scan_with(good);
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
                json_decref(v[i].scan);
                free(v[i].process);
                free(v[i].target);
        }
}

static void test_scan_error_and_unknown(void **state)
{
        static const char *const odd[] = { "ssh-kex", "frobnicate-kex@example.org", "unknown", NULL };
        struct endpoint v[2] = { ep(ENDPOINT_TLS, "0.0.0.0", 443, "nginx"), ep(ENDPOINT_TLS, "0.0.0.0", 8443, "app") };
        struct endpoint_facts ef = { .v = v, .n = 2, .policy = "nist" };
        struct check_result r;

        v[0].err = -ETIMEDOUT;
        v[0].error = xstrdup("TLS scan of 127.0.0.1:443 failed: timed out");
        v[1].scan = scan_with(odd);
        r = run(&ef, "tls-endpoints-policy");
        assert_int_equal(r.verdict, VERDICT_ERROR);  /* error is worse than manual */
        assert_true(evidence_has(&r, "timed out"));
        assert_true(evidence_has(&r, "unknown to the nist policy"));
        check_result_clear(&r);
        v[0].err = 0;
        v[0].proto = ENDPOINT_SSH;
        r = run(&ef, "tls-endpoints-policy");
        assert_int_equal(r.verdict, VERDICT_MANUAL);
        check_result_clear(&r);
        for (size_t i = 0; i < 2; i++) {
                json_decref(v[i].scan);
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
        struct endpoint_facts ef = { .v = v, .n = 3, .policy = "nist" };
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

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_offline_and_no_probe),
                cmocka_unit_test(test_ssh_weak_and_strong),
                cmocka_unit_test(test_scan_error_and_unknown),
                cmocka_unit_test(test_in_transit),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
