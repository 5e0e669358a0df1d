/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The firewall checks of bulwark assess, on root trees built in a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/stat.h>

#include "check.h"
#include "facts.h"
#include "fdio.h"
#include "macro.h"
#include "units.h"

static const char policy[] =
        "[Zone eng]\nInterfaces=eth1\n"
        "[Conduit ssh]\nFrom=eng\nTo=device\nProtocol=tcp\nPorts=22\nIslandSafe=yes\n";

static const char verify_ok[] =
        "{\"schema\": \"bulwark-firewall-verify/1\", \"island\": false, \"ruleset_sha256\": \"x\", \"matrix\": ["
        "{\"from\": \"eng\", \"to\": \"device\", \"proto\": \"tcp\", \"port\": 22, \"reason\": \"ssh\", \"expected\": \"open\", \"observed\": \"open\"},"
        "{\"from\": \"eng\", \"to\": \"device\", \"proto\": \"udp\", \"port\": 68, \"reason\": \"dhcp-client\", \"expected\": \"closed\", \"observed\": \"closed\"},"
        "{\"from\": \"eng\", \"to\": \"device\", \"proto\": \"tcp\", \"port\": 25, \"reason\": \"p2p:smtp\", \"expected\": \"closed\", \"observed\": \"%s\"}]}\n";

struct tree {
        char dir[64];
};

static void put(const char *root, const char *path, const char *text)
{
        char *full = xasprintf("%s%s", root, path), *cmd;

        cmd = xasprintf("mkdir -p \"$(dirname '%s')\"", full);
        assert_int_equal(system(cmd), 0);
        assert_int_equal(write_file_atomic(full, text, strlen(text), 0644), 0);
        free(cmd);
        free(full);
}

static struct report *assess(const char *root)
{
        struct collect_options co = { .root = root, .live = false };
        struct profile p = { .sl = 3, .role = ROLE_NETWORK, .crypto_policy = "nist" };
        struct facts *f = NULL;
        struct report *r = NULL;

        assert_int_equal(facts_collect(&co, &f), 0);
        assert_int_equal(assess_run(f, &p, &r), 0);
        facts_free(f);
        return r;
}

static enum verdict verdict_of(const struct report *r, const char *id)
{
        for (size_t i = 0; i < r->n_checks; i++)
                if (streq(r->checks[i].id, id))
                        return r->checks[i].verdict;
        fail_msg("no check %s", id);
        return _VERDICT_MAX;
}

static const char *summary_of(const struct report *r, const char *id)
{
        for (size_t i = 0; i < r->n_checks; i++)
                if (streq(r->checks[i].id, id))
                        return r->checks[i].summary;
        return "";
}

static char *mktree(void)
{
        char *d = xstrdup("/tmp/bulwark-fwcheck-XXXXXX");
        assert_non_null(mkdtemp(d));
        return d;
}

static void rmtree(char *d)
{
        char *cmd = xasprintf("rm -rf '%s'", d);
        assert_int_equal(system(cmd), 0);
        free(cmd);
        free(d);
}

static void test_no_policy(void **state)
{
        char *d = mktree();
        struct report *r = assess(d);

        assert_int_equal(verdict_of(r, "bulwark-policy-zones"), VERDICT_NA);
        assert_int_equal(verdict_of(r, "island-mode-available"), VERDICT_FAIL);
        assert_int_equal(verdict_of(r, "firewall-verify-result"), VERDICT_NA);
        /* An empty tree: no firewall unit starts at boot. */
        assert_int_equal(verdict_of(r, "firewall-loaded-at-boot"), VERDICT_FAIL);
        report_free(r);
        rmtree(d);
}

static void test_policy_without_units_or_verify(void **state)
{
        char *d = mktree();
        struct report *r;

        put(d, "/etc/bulwark/policy.conf", policy);
        r = assess(d);
        assert_int_equal(verdict_of(r, "bulwark-policy-zones"), VERDICT_PASS);
        assert_non_null(strstr(summary_of(r, "bulwark-policy-zones"), "1 zone(s) (eng)"));
        /* Not enabled at boot: the policy is not the boot ruleset. */
        assert_int_not_equal(verdict_of(r, "default-deny"), VERDICT_PASS);
        assert_int_equal(verdict_of(r, "island-mode-available"), VERDICT_FAIL);
        assert_int_equal(verdict_of(r, "firewall-verify-result"), VERDICT_MANUAL);
        report_free(r);
        rmtree(d);
}

static void test_everything_in_place(void **state)
{
        char *d = mktree(), *v = xasprintf(verify_ok, "closed");
        struct fw_units_options uo = { .enable = true };
        char *rep = NULL;
        struct report *r;

        put(d, "/etc/bulwark/policy.conf", policy);
        put(d, "/etc/bulwark/policy.d/10-web.conf", "[Conduit web]\nFrom=eng\nTo=device\nProtocol=tcp\nPorts=443\n");
        put(d, "/var/lib/bulwark/firewall/verify.json", v);
        uo.root = d;
        assert_int_equal(fw_units_install(&uo, &rep), 0);
        free(rep);
        r = assess(d);
        assert_int_equal(verdict_of(r, "bulwark-policy-zones"), VERDICT_PASS);
        assert_non_null(strstr(summary_of(r, "bulwark-policy-zones"), "2 conduit(s)"));
        assert_int_equal(verdict_of(r, "island-mode-available"), VERDICT_PASS);
        /* Offline, the enabled Bulwark units make the compiled policy the boot ruleset the generic checks judge (root: a namespace loads it). */
        if (geteuid() == 0) {
                assert_int_equal(verdict_of(r, "default-deny"), VERDICT_PASS);
                assert_int_equal(verdict_of(r, "fail-close-boot"), VERDICT_PASS);
                assert_int_equal(verdict_of(r, "p2p-ports-dropped"), VERDICT_PASS);
                assert_int_equal(verdict_of(r, "firewall-loaded-at-boot"), VERDICT_PASS);
                assert_non_null(strstr(summary_of(r, "firewall-loaded-at-boot"), "bulwark-firewall.service starts at boot"));
        }
        /* The stored result is for another ruleset ("x"): all matched, but stale. */
        assert_int_equal(verdict_of(r, "firewall-verify-result"), VERDICT_MANUAL);
        assert_int_equal(verdict_of(r, "firewall-verify-p2p"), VERDICT_MANUAL);
        report_free(r);
        rmtree(d);
        free(v);
}

static void test_verify_mismatch(void **state)
{
        char *d = mktree(), *v = xasprintf(verify_ok, "open");
        struct report *r;

        put(d, "/etc/bulwark/policy.conf", policy);
        put(d, "/var/lib/bulwark/firewall/verify.json", v);
        r = assess(d);
        assert_int_equal(verdict_of(r, "firewall-verify-result"), VERDICT_FAIL);
        assert_int_equal(verdict_of(r, "firewall-verify-p2p"), VERDICT_FAIL);
        /* Port 68 was dropped: CR 4.1's row does not care about the SMTP mismatch. */
        assert_int_equal(verdict_of(r, "firewall-verify-udp68"), VERDICT_MANUAL);
        report_free(r);
        rmtree(d);
        free(v);
}

static void test_invalid_policy_and_verify(void **state)
{
        char *d = mktree();
        struct report *r;

        put(d, "/etc/bulwark/policy.conf", "[Zone eng]\nInterfaces=eth1\nAddresses=10.0.0.1/8\n");
        put(d, "/var/lib/bulwark/firewall/verify.json", "{\"schema\": \"something-else\"}");
        r = assess(d);
        assert_int_equal(verdict_of(r, "bulwark-policy-zones"), VERDICT_FAIL);
        assert_non_null(strstr(summary_of(r, "bulwark-policy-zones"), "/etc/bulwark/policy.conf:3:11: error:"));
        assert_int_equal(verdict_of(r, "firewall-verify-result"), VERDICT_ERROR);
        report_free(r);
        rmtree(d);
}

/* A saved result that names no ruleset hash cannot be tied to the policy: all probes matched, still not a pass. */
static void test_verify_without_ruleset_hash(void **state)
{
        char *d = mktree(), *v = xasprintf(verify_ok, "closed"), *p;
        struct report *r;

        p = strstr(v, "\"ruleset_sha256\": \"x\", ");
        assert_non_null(p);
        memmove(p, p + strlen("\"ruleset_sha256\": \"x\", "), strlen(p + strlen("\"ruleset_sha256\": \"x\", ")) + 1);
        put(d, "/etc/bulwark/policy.conf", policy);
        put(d, "/var/lib/bulwark/firewall/verify.json", v);
        r = assess(d);
        assert_int_equal(verdict_of(r, "firewall-verify-result"), VERDICT_MANUAL);
        assert_non_null(strstr(summary_of(r, "firewall-verify-result"), "cannot be tied"));
        report_free(r);
        free(v);
        rmtree(d);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_no_policy),
                cmocka_unit_test(test_policy_without_units_or_verify),
                cmocka_unit_test(test_everything_in_place),
                cmocka_unit_test(test_verify_mismatch),
                cmocka_unit_test(test_invalid_policy_and_verify),
                cmocka_unit_test(test_verify_without_ruleset_hash),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
