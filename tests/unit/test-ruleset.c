/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rulesets loaded for real by libnftables in a throwaway network namespace,
 * then judged by the evaluator. Needs CAP_NET_ADMIN or user namespaces; skips (77)
 * where neither is available.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/stat.h>

#include "fdio.h"
#include "macro.h"
#include "nft-load.h"
#include "rootfs.h"
#include "ruleset-eval.h"
#include "strv.h"

static char tree[] = "/tmp/bulwark-ruleset-XXXXXX";
static struct root *root;

static void put(const char *rel, const char *content)
{
        _cleanup_free_ char *p = xasprintf("%s/%s", tree, rel);
        int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        assert_true(fd >= 0);
        assert_int_equal(write_full(fd, content, strlen(content)), 0);
        close(fd);
}

static json_t *load(const char *text)
{
        json_t *j = NULL;
        _cleanup_free_ char *err = NULL;
        int k = nft_load_offline(root, text, strlen(text), &j, &err);

        if (k < 0)
                fail_msg("load failed: %d %s", k, strempty(err));
        return j;
}

#define HEAD "flush ruleset\n"
#define LIT_(s) s, sizeof(s) - 1

static void test_accept_all(void **state)
{
        json_t *j = load(HEAD "table inet filter { chain input { type filter hook input priority filter; }\n}\n");
        struct rs_hook_result r;

        assert_int_equal(ruleset_hook_default(j, "input", &r), 0);
        assert_int_equal(r.ipv4, RS_ACCEPT);
        assert_int_equal(r.base_chains, 1);
        assert_int_equal(r.drop_policies, 0);
        rs_hook_result_clear(&r);
        assert_int_equal(ruleset_input_port(j, IPPROTO_TCP, 25), RS_ACCEPT);
        assert_int_equal(ruleset_hook_default(j, "forward", &r), 0);
        assert_int_equal(r.ipv4, RS_NO_CHAINS);
        rs_hook_result_clear(&r);
        json_decref(j);
}

static void test_default_drop_with_conduits(void **state)
{
        json_t *j = load(HEAD "table inet f {\n set ssh { type inet_service; elements = { 22 }\n}\n"
                         " chain input { type filter hook input priority 0; policy drop;\n"
                         "  ct state established,related accept\n  iifname \"lo\" accept\n"
                         "  iifname \"eth1\" tcp dport @ssh accept\n  udp dport 123 accept\n  counter drop\n }\n}\n");
        struct rs_hook_result r;

        assert_int_equal(ruleset_hook_default(j, "input", &r), 0);
        assert_int_equal(r.ipv4, RS_DROP);
        assert_int_equal(r.ipv6, RS_DROP);
        assert_int_equal(strv_length(r.broad_accepts), 0);
        rs_hook_result_clear(&r);
        assert_int_equal(ruleset_input_port(j, IPPROTO_TCP, 22), RS_ACCEPT);
        assert_int_equal(ruleset_input_port(j, IPPROTO_UDP, 123), RS_ACCEPT);
        assert_int_equal(ruleset_input_port(j, IPPROTO_TCP, 123), RS_DROP);
        assert_int_equal(ruleset_input_port(j, IPPROTO_TCP, 25), RS_DROP);
        assert_int_equal(ruleset_input_port(j, IPPROTO_UDP, 68), RS_DROP);
        json_decref(j);
}

static void test_trailing_accept_defeats_drop_policy(void **state)
{
        json_t *j = load(HEAD "table ip f { chain input { type filter hook input priority 0; policy drop;\n"
                         "  tcp dport 22 accept\n  accept\n }\n}\n");
        struct rs_hook_result r;

        assert_int_equal(ruleset_hook_default(j, "input", &r), 0);
        assert_int_equal(r.ipv4, RS_ACCEPT);
        assert_int_equal(r.ipv6, RS_NO_CHAINS); /* an ip table does not see IPv6 */
        assert_int_equal(r.drop_policies, 1);
        assert_int_equal(strv_length(r.broad_accepts), 1);
        rs_hook_result_clear(&r);
        json_decref(j);
}

static void test_jump_and_any_drop_wins(void **state)
{
        json_t *j = load(HEAD "table inet a { chain open { accept; }\n"
                         " chain input { type filter hook input priority 0; policy drop; jump open; }\n}\n");
        struct rs_hook_result r;

        assert_int_equal(ruleset_hook_default(j, "input", &r), 0);
        assert_int_equal(r.ipv4, RS_ACCEPT);
        rs_hook_result_clear(&r);
        json_decref(j);

        /* Two base chains on one hook: an accept ends only its own chain, the drop policy of the other still applies. */
        j = load(HEAD "table inet a { chain input { type filter hook input priority -10; policy accept; accept; }\n}\n"
                 "table inet b { chain input { type filter hook input priority 10; policy drop; tcp dport 443 accept; }\n}\n");
        assert_int_equal(ruleset_hook_default(j, "input", &r), 0);
        assert_int_equal(r.ipv4, RS_DROP);
        assert_int_equal(r.base_chains, 2);
        rs_hook_result_clear(&r);
        assert_int_equal(ruleset_input_port(j, IPPROTO_TCP, 443), RS_ACCEPT);
        assert_int_equal(ruleset_input_port(j, IPPROTO_TCP, 25), RS_DROP);
        json_decref(j);
}

static void test_sets_concat_vmap_and_sources(void **state)
{
        json_t *j = load(HEAD "table inet f {\n"
                         " set zp { type ifname . inet_service; elements = { \"eth1\" . 25, \"eth2\" . 4840 }\n}\n"
                         " chain input { type filter hook input priority 0; policy drop;\n"
                         "  iifname . tcp dport @zp accept\n"
                         "  tcp dport vmap { 8080 : accept, 6667 : drop }\n"
                         "  ip saddr 10.0.0.0/8 udp dport 5060 accept\n"
                         "  tcp dport 1000-2000 accept\n }\n}\n");
        struct rs_hook_result r;

        assert_int_equal(ruleset_hook_default(j, "input", &r), 0);
        assert_int_equal(r.ipv4, RS_DROP);
        rs_hook_result_clear(&r);
        assert_int_equal(ruleset_input_port(j, IPPROTO_TCP, 25), RS_ACCEPT);
        assert_int_equal(ruleset_input_port(j, IPPROTO_TCP, 4840), RS_ACCEPT);
        assert_int_equal(ruleset_input_port(j, IPPROTO_TCP, 8080), RS_ACCEPT);
        assert_int_equal(ruleset_input_port(j, IPPROTO_TCP, 6667), RS_DROP);
        assert_int_equal(ruleset_input_port(j, IPPROTO_UDP, 5060), RS_ACCEPT); /* from some source */
        assert_int_equal(ruleset_input_port(j, IPPROTO_TCP, 1500), RS_ACCEPT);
        assert_int_equal(ruleset_input_port(j, IPPROTO_TCP, 2001), RS_DROP);
        assert_int_equal(ruleset_input_port(j, IPPROTO_UDP, 25), RS_DROP);
        json_decref(j);
}

static void test_zones_and_iif(void **state)
{
        json_t *j = load(HEAD "table inet f { chain input { type filter hook input priority 0; policy drop;\n"
                         "  iif \"lo\" accept\n  iifname { \"eth1\", \"eth2\" } tcp dport 22 accept\n"
                         "  ip saddr 192.0.2.0/24 accept\n }\n}\n");
        _cleanup_strv_free_ char **zones = ruleset_zone_selectors(j), **iif = ruleset_iif_uses(j);

        assert_true(strv_contains(zones, "iifname eth1"));
        assert_true(strv_contains(zones, "iifname eth2"));
        assert_int_equal(strv_length(zones), 3);
        assert_int_equal(strv_length(iif), 0); /* iif lo is always there */
        assert_false(ruleset_is_empty(j));
        json_decref(j);
}

static void test_includes_resolve_inside_the_root(void **state)
{
        json_t *j;
        char *err = NULL, *flat = NULL;

        put("etc/nft.d/10-input.nft", "table inet inc { chain input { type filter hook input priority 0; policy drop; }\n}\n");
        j = load(HEAD "include \"/etc/nft.d/*.nft\"\n");
        assert_false(ruleset_is_empty(j));
        json_decref(j);

        /* A host path that does not exist in the tree is an error, never a host read. */
        assert_int_equal(nft_flatten_includes(root, LIT_("include \"/etc/passwd\"\n"), &flat, &err), -ENOENT);
        assert_null(flat);
        assert_non_null(strstr(err, "/etc/passwd"));
        free(err);
        err = NULL;
        /* Self-inclusion ends. */
        put("etc/self.nft", "include \"/etc/self.nft\"\n");
        assert_int_equal(nft_flatten_includes(root, LIT_("include \"/etc/self.nft\"\n"), &flat, &err), -ELOOP);
        free(err);
}

static void test_broken_ruleset_reports_nft_error(void **state)
{
        json_t *j = NULL;
        char *err = NULL;
        static const char bad[] = "table inet f { chain input { type filter hook input priority 0; policy maybe; }\n}\n";

        assert_int_equal(nft_load_offline(root, bad, sizeof(bad) - 1, &j, &err), -EBADMSG);
        assert_null(j);
        assert_non_null(err);
        assert_non_null(strstr(err, "maybe"));
        free(err);
}

static int setup(void **state)
{
        _cleanup_free_ char *d = NULL;
        json_t *j = NULL;
        char *err = NULL;

        assert_non_null(mkdtemp(tree));
        d = xasprintf("%s/etc", tree);
        if (mkdir(d, 0755) < 0)
                return -2;
        free(d);
        d = xasprintf("%s/etc/nft.d", tree);
        if (mkdir(d, 0755) < 0 || root_open(tree, false, &root) < 0)
                return -2;
        if (nft_load_offline(root, "flush ruleset\n", 14, &j, &err) == -EPERM) {
                free(err);
                return -1;
        }
        json_decref(j);
        free(err);
        return 0;
}

static int teardown(void **state)
{
        root_free(root);
        (void) !system(xasprintf("rm -rf %s", tree));
        return 0;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_accept_all),
                cmocka_unit_test(test_default_drop_with_conduits),
                cmocka_unit_test(test_trailing_accept_defeats_drop_policy),
                cmocka_unit_test(test_jump_and_any_drop_wins),
                cmocka_unit_test(test_sets_concat_vmap_and_sources),
                cmocka_unit_test(test_zones_and_iif),
                cmocka_unit_test(test_includes_resolve_inside_the_root),
                cmocka_unit_test(test_broken_ruleset_reports_nft_error),
        };
        int k = setup(NULL);
        if (k == -1) {
                fprintf(stderr, "no network namespace available: skipped\n");
                return 77;
        }
        if (k < 0) {
                fprintf(stderr, "cannot build the test tree in %s\n", tree);
                return 1;
        }
        int r = cmocka_run_group_tests(tests, NULL, NULL);
        teardown(NULL);
        return r;
}
