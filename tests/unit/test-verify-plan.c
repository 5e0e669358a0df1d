/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The plan of `firewall verify` (verify-plan.c) and the parser of its saved
 * result (verify-result.c): policy in, probes out, no namespaces. What the
 * probes then do on real veth pairs is tests/integration/firewall-netns.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "macro.h"
#include "policy.h"
#include "strv.h"
#include "verify-plan.h"
#include "verify.h"

/*
 * Two zones: eng with two interfaces and IPv4 addresses only, plant with one
 * interface and no addresses (so it is probed over the link, IPv4 and IPv6).
 * ssh to the device from one eng host; modbus forwarded from plant to eng.
 */
static const char policy_text[] =
        "[Device]\n"
        "DHCPClient=no\n"
        "ICMPEssential=yes\n"
        "\n"
        "[Zone plant]\n"
        "Interfaces=eth2\n"
        "\n"
        "[Zone eng]\n"
        "Interfaces=eth3 eth1\n"
        "Addresses=10.10.0.0/24\n"
        "\n"
        "[Conduit ssh]\n"
        "From=eng\n"
        "To=device\n"
        "Protocol=tcp\n"
        "Ports=22\n"
        "Sources=10.10.0.5\n"
        "\n"
        "[Conduit modbus]\n"
        "From=plant\n"
        "To=eng\n"
        "Protocol=tcp\n"
        "Ports=502\n";

static struct fw_policy *load(const char *text)
{
        struct fw_policy *p = fw_policy_new();
        struct fw_diags d = {};

        assert_int_equal(fw_policy_parse_buffer(p, "policy.conf", text, strlen(text), &d), 0);
        assert_int_equal(fw_policy_finish(p, &d), 0);
        fw_diags_clear(&d);
        return p;
}

/* The one probe of pl matching all of these, or NULL; fails the test if there are several. */
static const struct fw_probe *find(const struct fw_verify_plan *pl, const char *from, const char *to, unsigned proto, uint16_t port,
                                   const char *src)
{
        const struct fw_probe *hit = NULL;

        for (size_t i = 0; i < pl->n; i++) {
                const struct fw_probe *pr = &pl->v[i];
                if (streq(pr->from, from) && streq(pr->to, to) && pr->proto == proto && pr->port == port && streq(pr->src, src)) {
                        assert_null(hit);
                        hit = pr;
                }
        }
        return hit;
}

static size_t count_family(const struct fw_verify_plan *pl, const char *from, int family)
{
        size_t n = 0;

        for (size_t i = 0; i < pl->n; i++)
                n += streq(pl->v[i].from, from) && pl->v[i].family == family;
        return n;
}

static void test_plan_pass0(void **state)
{
        _cleanup_(fw_policy_freep) struct fw_policy *p = load(policy_text);
        struct fw_verify_plan pl = {};
        const struct fw_probe *pr;
        char *err = NULL;

        assert_int_equal(fw_verify_plan_passes(p), 2);
        assert_int_equal(fw_verify_plan_build(p, 1234, 0, false, &pl, &err), 0);
        assert_null(err);
        assert_true(pl.n > 0);

        /* The conduit, from its one listed source, to the device's end of eng's link (zone 0 in name order). */
        pr = find(&pl, "eng", "device", FW_PROTO_TCP, 22, "10.10.0.5");
        assert_non_null(pr);
        assert_string_equal(pr->reason, "ssh");
        assert_string_equal(pr->dst, "100.64.0.1");
        assert_string_equal(pr->in_if, "eth1");
        assert_string_equal(pr->out_if, "");
        assert_int_equal(pr->family, AF_INET);
        assert_true(pr->expected_open);
        assert_false(pr->observed_open);

        /* The same port from another eng host stays closed. */
        pr = find(&pl, "eng", "device", FW_PROTO_TCP, 22, "10.10.0.1");
        assert_non_null(pr);
        assert_string_equal(pr->reason, "ssh (unlisted source)");
        assert_false(pr->expected_open);

        /* Forwarded: plant (no addresses: its link, 100.64.1.2) to an eng address, in eth2, out eth1. */
        pr = find(&pl, "plant", "eng", FW_PROTO_TCP, 502, "100.64.1.2");
        assert_non_null(pr);
        assert_string_equal(pr->reason, "modbus");
        assert_string_equal(pr->dst, "10.10.0.2");
        assert_string_equal(pr->in_if, "eth2");
        assert_string_equal(pr->out_if, "eth1");
        assert_true(pr->expected_open);
        /* The reverse direction has no conduit: the person-to-person probe across zones is closed. */
        pr = find(&pl, "eng", "plant", FW_PROTO_TCP, 25, "10.10.0.1");
        assert_non_null(pr);
        assert_string_equal(pr->out_if, "eth2");
        assert_false(pr->expected_open);

        /* DHCPClient=no: UDP 68 from port 67 is expected closed; so are the person-to-person ports. */
        pr = find(&pl, "eng", "device", FW_PROTO_UDP, 68, "10.10.0.1");
        assert_non_null(pr);
        assert_int_equal(pr->sport, 67);
        assert_false(pr->expected_open);
        for (size_t i = 0; i < pl.n; i++)
                if (startswith(pl.v[i].reason, "p2p:"))
                        assert_false(pl.v[i].expected_open);

        /* IPv6: plant over its link; modbus cannot be, eng has no IPv6 address to forward to. */
        pr = find(&pl, "plant", "device", FW_PROTO_UDP, 546, "fd62:776b:0:1::2");
        assert_non_null(pr);
        assert_int_equal(pr->family, AF_INET6);
        assert_string_equal(pr->dst, "fd62:776b:0:1::1");
        assert_int_equal(pr->sport, 547);
        assert_false(pr->expected_open);
        assert_null(find(&pl, "plant", "eng", FW_PROTO_TCP, 502, "fd62:776b:0:1::2"));
        assert_true(count_family(&pl, "plant", AF_INET6) > 0);
        assert_int_equal(count_family(&pl, "eng", AF_INET6), 0);
        assert_int_equal(strv_length(pl.notes), 1);
        assert_string_equal(pl.notes[0], "zone eng: no IPv6 addresses, IPv6 not probed from it");

        /* Every probe is planned once. */
        for (size_t i = 0; i < pl.n; i++)
                for (size_t j = i + 1; j < pl.n; j++)
                        assert_false(streq(pl.v[i].from, pl.v[j].from) && streq(pl.v[i].to, pl.v[j].to) && pl.v[i].proto == pl.v[j].proto &&
                                     pl.v[i].port == pl.v[j].port && pl.v[i].sport == pl.v[j].sport && streq(pl.v[i].src, pl.v[j].src) &&
                                     streq(pl.v[i].dst, pl.v[j].dst));
        fw_verify_plan_done(&pl);
        assert_int_equal(pl.n, 0);
}

static void test_plan_second_interface(void **state)
{
        _cleanup_(fw_policy_freep) struct fw_policy *p = load(policy_text);
        struct fw_verify_plan pl = {};
        const struct fw_probe *pr;
        char *err = NULL;

        /* Pass 1: only what enters or leaves through eng's second interface, eth3. */
        assert_int_equal(fw_verify_plan_build(p, 1234, 1, false, &pl, &err), 0);
        assert_true(pl.n > 0);
        for (size_t i = 0; i < pl.n; i++) {
                pr = &pl.v[i];
                assert_true(streq(pr->from, "eng") || streq(pr->to, "eng"));
                if (streq(pr->from, "eng"))
                        assert_string_equal(pr->in_if, "eth3");
                if (streq(pr->to, "eng"))
                        assert_string_equal(pr->out_if, "eth3");
        }
        pr = find(&pl, "plant", "eng", FW_PROTO_TCP, 502, "100.64.1.2");
        assert_non_null(pr);
        assert_string_equal(pr->in_if, "eth2");
        assert_true(pr->expected_open);
        assert_non_null(find(&pl, "eng", "device", FW_PROTO_TCP, 22, "10.10.0.5"));
        assert_null(find(&pl, "plant", "device", FW_PROTO_UDP, 68, "100.64.1.2"));
        fw_verify_plan_done(&pl);

        /* There is no third interface anywhere: a third pass would repeat, and plans nothing. */
        assert_int_equal(fw_verify_plan_build(p, 1234, 2, false, &pl, &err), 0);
        assert_int_equal(pl.n, 0);
        fw_verify_plan_done(&pl);
}

static void test_plan_island_and_seed(void **state)
{
        _cleanup_(fw_policy_freep) struct fw_policy *p = load(policy_text);
        struct fw_verify_plan a = {}, b = {}, c = {};
        char *err = NULL;
        bool differ = false;

        /* Neither conduit is IslandSafe: in island mode everything is expected closed. */
        assert_int_equal(fw_verify_plan_build(p, 7, 0, true, &a, &err), 0);
        for (size_t i = 0; i < a.n; i++)
                assert_false(a.v[i].expected_open);
        /* The same seed plans the same probes; another seed samples other ports. */
        assert_int_equal(fw_verify_plan_build(p, 7, 0, false, &b, &err), 0);
        assert_int_equal(fw_verify_plan_build(p, 8, 0, false, &c, &err), 0);
        assert_int_equal(a.n, b.n);
        for (size_t i = 0; i < a.n; i++) {
                assert_string_equal(a.v[i].reason, b.v[i].reason);
                assert_int_equal(a.v[i].port, b.v[i].port);
                assert_string_equal(a.v[i].dst, b.v[i].dst);
        }
        for (size_t i = 0; i < MIN(b.n, c.n); i++)
                differ |= b.v[i].port != c.v[i].port;
        assert_true(differ);
        fw_verify_plan_done(&a);
        fw_verify_plan_done(&b);
        fw_verify_plan_done(&c);
}

static void test_plan_refuses(void **state)
{
        _cleanup_(fw_policy_freep) struct fw_policy *p = load(policy_text), *empty = fw_policy_new();
        struct fw_verify_plan pl = { .n = 4242 }; /* untouched on failure */
        char *err = NULL;

        assert_int_equal(fw_verify_plan_build(empty, 1, 0, false, &pl, &err), -EINVAL);
        assert_string_equal(err, "the policy has no zones to probe from");
        assert_int_equal(pl.n, 4242);
        free(err);
        err = NULL;

        /* A zone without interfaces (the parser does not make one, a policy built in code can). */
        strv_free(p->zones[1].interfaces);
        p->zones[1].interfaces = NULL;
        assert_int_equal(fw_verify_plan_check(p, &err), -EINVAL);
        assert_string_equal(err, "zone 'plant' has no interface to probe through");
        free(err);
        err = NULL;
        assert_int_equal(fw_verify_plan_build(p, 1, 0, false, &pl, &err), -EINVAL);
        assert_string_equal(err, "zone 'plant' has no interface to probe through");
        assert_int_equal(pl.n, 4242);
        free(err);
        err = NULL;
        /* An empty list is no better than none. */
        p->zones[1].interfaces = xmalloc0(sizeof(char *));
        assert_int_equal(fw_verify_plan_build(p, 1, 0, false, &pl, &err), -EINVAL);
        assert_non_null(err);
        free(err);
}

/* The saved result: what fw_verify_result_to_json() writes, fw_verify_result_parse() reads back. */
static void test_result_round_trip(void **state)
{
        _cleanup_(fw_policy_freep) struct fw_policy *p = load(policy_text);
        _cleanup_(fw_verify_result_freep) struct fw_verify_result *r = xmalloc0(sizeof(*r)), *back = NULL;
        _cleanup_free_ char *js = NULL;
        struct fw_verify_plan pl = {};
        bool truncated = true;
        char *err = NULL;

        assert_int_equal(fw_verify_plan_build(p, 99, 0, false, &pl, &err), 0);
        /* As if the ssh probe had been let through and modbus dropped. */
        for (size_t i = 0; i < pl.n; i++)
                pl.v[i].observed_open = streq(pl.v[i].reason, "ssh");
        r->v = TAKE_PTR(pl.v);
        r->n = pl.n;
        pl.n = 0;
        r->notes = TAKE_PTR(pl.notes);
        r->seed = 99;
        snprintf(r->ruleset_sha256, sizeof(r->ruleset_sha256), "ab12");
        for (size_t i = 0; i < r->n; i++)
                r->mismatches += r->v[i].expected_open != r->v[i].observed_open;
        assert_int_equal(r->mismatches, 1);
        fw_verify_plan_done(&pl);

        js = fw_verify_result_to_json(r);
        assert_int_equal(fw_verify_result_parse(js, strlen(js), 100000, &back, &truncated), 0);
        assert_false(truncated);
        assert_int_equal(back->n, r->n);
        assert_int_equal(back->mismatches, 1);
        assert_int_equal(back->seed, 99);
        assert_string_equal(back->ruleset_sha256, "ab12");
        assert_false(back->island);
        assert_int_equal(strv_length(back->notes), 1);
        for (size_t i = 0; i < r->n; i++) {
                const struct fw_probe *x = &r->v[i], *y = &back->v[i];
                assert_string_equal(x->from, y->from);
                assert_string_equal(x->to, y->to);
                assert_string_equal(x->reason, y->reason);
                assert_int_equal(x->proto, y->proto);
                assert_int_equal(x->port, y->port);
                assert_int_equal(x->sport, y->sport);
                assert_int_equal(x->family, y->family);
                assert_string_equal(x->src, y->src);
                assert_string_equal(x->dst, y->dst);
                assert_string_equal(x->in_if, y->in_if);
                assert_string_equal(x->out_if, y->out_if);
                assert_int_equal(x->expected_open, y->expected_open);
                assert_int_equal(x->observed_open, y->observed_open);
        }

        /* Capped: the first rows only, and it says so. */
        fw_verify_result_free(TAKE_PTR(back));
        assert_int_equal(fw_verify_result_parse(js, strlen(js), 3, &back, &truncated), 0);
        assert_true(truncated);
        assert_int_equal(back->n, 3);
}

static void test_result_malformed(void **state)
{
        static const char *const bad[] = {
                "",
                "[]",
                "{\"schema\":\"bulwark-firewall-verify/2\",\"matrix\":[]}",
                "{\"schema\":\"bulwark-firewall-verify/1\"}",
                "{\"schema\":\"bulwark-firewall-verify/1\",\"matrix\":{}}",
                "{\"schema\":\"bulwark-firewall-verify/1\",\"matrix\":[",
        };
        static const char rows[] =
                "{\"schema\":\"bulwark-firewall-verify/1\",\"matrix\":["
                "{\"from\":\"a\",\"to\":\"device\",\"proto\":\"udp\",\"port\":68,\"expected\":\"closed\",\"observed\":\"open\"},"
                "{\"from\":\"a\",\"to\":\"device\",\"proto\":\"tcp\",\"port\":22,\"expected\":\"open\"},"
                "{\"from\":\"a\",\"to\":\"device\",\"proto\":\"tcp\",\"port\":65604,\"expected\":\"open\",\"observed\":\"open\"},"
                "{\"to\":\"device\",\"proto\":\"sctp\",\"expected\":\"closed\",\"observed\":\"closed\"},"
                "7]}";
        _cleanup_(fw_verify_result_freep) struct fw_verify_result *r = NULL;

        for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
                r = (struct fw_verify_result *) 0x1;
                assert_int_equal(fw_verify_result_parse(bad[i], strlen(bad[i]), 100, &r, NULL), -EBADMSG);
                assert_ptr_equal(r, (struct fw_verify_result *) 0x1);
        }
        r = NULL;
        /* Rows without both verdicts or with an impossible port are not probes; missing strings stay missing. */
        assert_int_equal(fw_verify_result_parse(rows, strlen(rows), 100, &r, NULL), 0);
        assert_int_equal(r->n, 2);
        assert_int_equal(r->v[0].proto, FW_PROTO_UDP);
        assert_int_equal(r->v[0].port, 68);
        assert_int_equal(r->mismatches, 1);
        assert_null(r->v[1].from);
        assert_int_equal(r->v[1].proto, 0);
        assert_null(r->v[1].reason);
        assert_string_equal(r->ruleset_sha256, "");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_plan_pass0),
                cmocka_unit_test(test_plan_second_interface),
                cmocka_unit_test(test_plan_island_and_seed),
                cmocka_unit_test(test_plan_refuses),
                cmocka_unit_test(test_result_round_trip),
                cmocka_unit_test(test_result_malformed),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
