/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Firewall policy parser, compiler and unit texts: bytes in, text out, no kernel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "apply.h"
#include "compile.h"
#include "fdio.h"
#include "macro.h"
#include "p2p-ports.h"
#include "ruleset-id.h"
#include "policy.h"
#include "strv.h"
#include "units.h"

static const char example[] =
        "[Device]\n"
        "DHCPClient=no\n"
        "\n"
        "[Zone engineering]\n"
        "Interfaces=eth1\n"
        "Addresses=10.10.0.0/24\n"
        "\n"
        "[Zone supervisory]\n"
        "Interfaces=eth2\n"
        "\n"
        "[Conduit ssh]\n"
        "From=engineering\n"
        "To=device\n"
        "Protocol=tcp\n"
        "Ports=22\n"
        "Sources=10.10.0.5\n"
        "IslandSafe=yes\n"
        "\n"
        "[Conduit opcua]\n"
        "From=supervisory\n"
        "To=device\n"
        "Protocol=tcp\n"
        "Ports=4840\n"
        "\n"
        "[Conduit modbus]\n"
        "From=supervisory\n"
        "To=engineering\n"
        "Protocol=tcp udp\n"
        "Ports=502, 5000-5010\n";

/* Parses bufs as consecutive files of one policy; returns 0 or -EBADMSG and the formatted diagnostics. */
static int parse(const char *const *bufs, struct fw_policy **ret, char **ret_diags)
{
        struct fw_policy *p = fw_policy_new();
        struct fw_diags d = {};
        int k = 0;

        for (size_t i = 0; bufs[i]; i++) {
                char name[32];
                snprintf(name, sizeof(name), i == 0 ? "policy.conf" : "policy.d/%zu.conf", i);
                if (fw_policy_parse_buffer(p, name, bufs[i], strlen(bufs[i]), &d) < 0)
                        k = -EBADMSG;
        }
        if (k == 0)
                k = fw_policy_finish(p, &d);
        *ret_diags = fw_diags_format(&d);
        fw_diags_clear(&d);
        if (k < 0) {
                fw_policy_free(p);
                return k;
        }
        *ret = p;
        return 0;
}

static char *compile_text(const char *const *bufs, bool island)
{
        struct fw_policy *p = NULL;
        struct fw_compile_options o = { .island = island };
        char *d = NULL, *out = NULL;

        assert_int_equal(parse(bufs, &p, &d), 0);
        free(d);
        assert_int_equal(fw_compile(p, &o, &out), 0);
        fw_policy_free(p);
        return out;
}

static void test_parse_example(void **state)
{
        struct fw_policy *p = NULL;
        char *d = NULL;

        assert_int_equal(parse((const char *[]){ example, NULL }, &p, &d), 0);
        assert_string_equal(d, "");
        assert_int_equal(p->n_zones, 2);
        assert_string_equal(p->zones[0].name, "engineering");
        assert_int_equal(p->zones[0].n_addresses, 1);
        assert_int_equal(p->zones[0].addresses[0].len, 24);
        assert_int_equal(p->n_conduits, 3);
        /* Canonical order: by name. */
        assert_string_equal(p->conduits[0].name, "modbus");
        assert_int_equal(p->conduits[0].protocols, FW_PROTO_TCP | FW_PROTO_UDP);
        assert_int_equal(p->conduits[0].n_ports, 2);
        assert_int_equal(p->conduits[0].ports[1].first, 5000);
        assert_int_equal(p->conduits[0].ports[1].last, 5010);
        assert_true(p->conduits[2].island_safe);
        assert_false(p->dhcp_client);
        assert_true(p->block_p2p);
        fw_policy_free(p);
        free(d);
}

static void test_dropin_merge(void **state)
{
        static const char dropin[] =
                "[Conduit opcua]\n"
                "Ports=4843\n"          /* lists append */
                "\n"
                "[Conduit modbus]\n"
                "Ports=\n"              /* an empty assignment resets */
                "Ports=503\n"
                "\n"
                "[Conduit historian]\n"
                "From=supervisory\nTo=engineering\nProtocol=tcp\nPorts=44818\n";
        struct fw_policy *p = NULL;
        char *d = NULL;

        assert_int_equal(parse((const char *[]){ example, dropin, NULL }, &p, &d), 0);
        assert_int_equal(p->n_conduits, 4);
        assert_string_equal(p->conduits[0].name, "historian");
        assert_int_equal(p->conduits[1].n_ports, 1);
        assert_int_equal(p->conduits[1].ports[0].first, 503);
        assert_int_equal(p->conduits[2].n_ports, 2);
        assert_int_equal(p->conduits[2].ports[1].first, 4843);
        assert_int_equal(strv_length(p->files), 2);
        fw_policy_free(p);
        free(d);
}

/* Hundreds of conduits (the name index grows several times), re-opened by a drop-in after growth. */
static void test_many_conduits(void **state)
{
        enum { N = 700 };
        _cleanup_free_ char *base = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&base, &len);
        struct fw_policy *p = NULL;
        char *d = NULL;

        assert_non_null(f);
        fputs("[Zone a]\nInterfaces=eth1\n", f);
        for (unsigned i = 0; i < N; i++)
                fprintf(f, "[Conduit c%u]\nFrom=a\nTo=device\nProtocol=tcp\nPorts=%u\n", i, 10000 + i);
        fclose(f);

        assert_int_equal(parse((const char *[]){ base, "[Conduit c3]\nPorts=9\n[Conduit c699]\nPorts=8\n[Conduit new]\nFrom=a\nTo=device\nProtocol=udp\nPorts=7\n", NULL }, &p, &d), 0);
        assert_int_equal(p->n_conduits, N + 1);
        /* Sorted by name: c0, c1, c10, c100, ... */
        for (size_t i = 1; i < p->n_conduits; i++)
                assert_true(strcmp(p->conduits[i - 1].name, p->conduits[i].name) < 0);
        for (size_t i = 0; i < p->n_conduits; i++) {
                const struct fw_conduit *c = &p->conduits[i];
                if (streq(c->name, "c3") || streq(c->name, "c699")) {
                        assert_int_equal(c->n_ports, 2);
                        assert_int_equal(c->ports[0].first, streq(c->name, "c3") ? 9 : 8);
                } else if (streq(c->name, "new"))
                        assert_int_equal(c->protocols, FW_PROTO_UDP);
                else
                        assert_int_equal(c->n_ports, 1);
        }
        fw_policy_free(p);
        free(d);
}

static const struct {
        const char *input;
        const char *error; /* the first diagnostic must start with this */
} malformed[] = {
        { "[Zone a]\nInterfaces=eth1\nAddresses=10.0.0.1/24\n", "policy.conf:3:11: error: '10.0.0.1/24' has host bits set" },
        { "[Zone a]\nInterfaces=eth1\nAddresses=10.0.0.0/24 300.1.1.1\n", "policy.conf:3:23: error: '300.1.1.1' is not an IPv4 or IPv6" },
        { "[Zone a]\nInterfaces=eth1\n[Conduit c]\nFrom=a\nTo=device\nProtocol=tcp\nPorts=22 70000\n", "policy.conf:7:10: error: '70000' is not a port" },
        { "[Zone a]\nInterfaces=eth1\n[Conduit c]\nFrom=a\nTo=device\nProtocol=tcp\nPorts=30-20\n", "policy.conf:7:7: error: '30-20' is not a port or an ascending range" },
        { "[Zone a]\nInterfaces=eth1\n[Conduit c]\nFrom=a\nTo=device\nProtocol=sctp\nPorts=22\n", "policy.conf:6:10: error: unknown protocol 'sctp'" },
        { "[Zone a]\nInterfaces=eth1\nPort=22\n", "policy.conf:3:1: error: unknown key 'Port' in [Zone a]" },
        { "[Zones a]\nInterfaces=eth1\n", "policy.conf:1:1: error: unknown section [Zones]" },
        { "  [Zone]\nInterfaces=eth1\n", "policy.conf:1:3: error: [Zone] needs a name" },
        { "[Zone device]\nInterfaces=eth1\n", "policy.conf:1:7: error: 'device' is reserved" },
        { "[Zone a]\nInterfaces=eth1\nthis is not ini\n", "policy.conf:3:1: error: expected '[Section]', 'Key=Value'" },
        { "[Zone a\nInterfaces=eth1\n", "policy.conf:1:1: error: section header without closing ']'" },
        { "Interfaces=eth1\n", "policy.conf:1:1: error: 'Interfaces=' outside of any section" },
        { "[Device]\nDHCPClient=maybe\n", "policy.conf:2:12: error: DHCPClient= takes yes or no" },
        { "[Zone a]\nInterfaces=eth1\nAddresses=10.0.0.0/8\n  10.1.0.0/16\n", "policy.conf:4:1: error: continuation lines are not supported" },
        { "[Zone a]\nInterfaces=eth*\n", "policy.conf:2:15: error: invalid character in interface name 'eth*'" },
        { "[Zone a]\nInterfaces=averyveryverylongname0\n", "policy.conf:2:12: error: interface name 'averyveryverylongname0' is longer" },
        { "[Zone a]\nInterfaces=eth1\n[Conduit c]\nFrom=b\nTo=device\nProtocol=tcp\nPorts=22\n", "policy.conf:3:1: error: conduit 'c': From=b names no zone" },
        { "[Zone a]\nInterfaces=eth1\n[Conduit c]\nFrom=a\nTo=device\nProtocol=tcp\n", "policy.conf:3:1: error: conduit 'c' has no Ports=" },
        { "[Zone a]\nInterfaces=eth1\n[Conduit c]\nFrom=a\nTo=device\nProtocol=udp\nPorts=60-70\n", "policy.conf:3:1: error: conduit 'c' opens UDP 68 (DHCP client)" },
        { "[Zone a]\nInterfaces=eth1\n[Conduit c]\nFrom=a\nTo=device\nProtocol=tcp\nPorts=25\n", "policy.conf:3:1: error: conduit 'c' opens TCP 25 (smtp), a person-to-person port" },
        { "[Zone a]\nInterfaces=eth1\n[Zone b]\nInterfaces=eth1\n", "policy.conf:3:1: error: interface 'eth1' is in zone 'a' and zone 'b'" },
        { "[Zone a]\nAddresses=10.0.0.0/8\n", "policy.conf:1:1: error: zone 'a' has no Interfaces=" },
        { "\n[Zone a]\nInterfaces=lo eth0\n", "policy.conf:2:1: error: zone 'a' names 'lo'" },
        { "[Zone a]\nInterfaces=eth1\nAddresses=10.0.0.0/8\n[Conduit c]\nFrom=a\nTo=device\nProtocol=tcp\nPorts=22\nSources=192.168.1.0/24\n",
          "policy.conf:4:1: error: conduit 'c': source 192.168.1.0/24 is outside the addresses of zone 'a'" },
        { "[Zone a]\nInterfaces=eth1\n[Conduit c]\nFrom=a\nTo=device\nProtocol=tcp\nPorts=22\nRateLimit=fast\n", "policy.conf:8:11: error: RateLimit= takes N/second" },
        { "[Zone a]\nInterfaces=eth1\n[Conduit c]\nFrom=a\nTo=a\nProtocol=tcp\nPorts=22\n", "policy.conf:3:1: error: conduit 'c' goes from zone 'a' to itself" },
};

static void test_malformed(void **state)
{
        for (size_t i = 0; i < ARRAY_SIZE(malformed); i++) {
                struct fw_policy *p = (struct fw_policy *) 0x1;
                char *d = NULL;

                print_message("case %zu: %s\n", i, malformed[i].error);
                assert_int_equal(parse((const char *[]){ malformed[i].input, NULL }, &p, &d), -EBADMSG);
                assert_ptr_equal(p, (struct fw_policy *) 0x1);
                if (!startswith(d, malformed[i].error))
                        fail_msg("case %zu: got '%s', want '%s'", i, d, malformed[i].error);
                free(d);
        }
}

static void test_long_line_and_nul(void **state)
{
        char buf[400];
        struct fw_policy *p = NULL;
        char *d = NULL;

        memset(buf, 0, sizeof(buf));
        snprintf(buf, sizeof(buf), "[Zone a]\nInterfaces=eth1\nAddresses=");
        for (size_t n = strlen(buf); n < 300; n = strlen(buf))
                snprintf(buf + n, sizeof(buf) - n, "10.0.0.0/8 ");
        assert_int_equal(parse((const char *[]){ buf, NULL }, &p, &d), -EBADMSG);
        assert_non_null(strstr(d, "policy.conf:3:199: error: line longer than"));
        free(d);

        {
                struct fw_policy *q = fw_policy_new();
                struct fw_diags dg = {};
                assert_int_equal(fw_policy_parse_buffer(q, "x.conf", "[Zone a]\nInter\0faces=eth1\n", 26, &dg), -EBADMSG);
                assert_int_equal(dg.n, 1);
                assert_int_equal(dg.v[0].line, 2);
                assert_int_equal(dg.v[0].column, 6);
                fw_diags_clear(&dg);
                fw_policy_free(q);
        }
        /* 198 characters is the limit, a CRLF line's CR not counted; 199 is refused at column 199. */
        {
                char line[256];
                struct fw_policy *q = fw_policy_new();
                struct fw_diags dg = {};

                memset(line, 0, sizeof(line));
                memcpy(line, "#", 1);
                memset(line + 1, 'c', 197);
                memcpy(line + 198, "\r\n", 2);
                assert_int_equal(fw_policy_parse_buffer(q, "x.conf", line, 200, &dg), 0);
                assert_int_equal(dg.n, 0);
                line[198] = 'c';
                line[199] = '\n';
                assert_int_equal(fw_policy_parse_buffer(q, "x.conf", line, 200, &dg), -EBADMSG);
                assert_int_equal(dg.v[0].column, 199);
                fw_diags_clear(&dg);
                fw_policy_free(q);
        }
}

/* Every truncation and seeded byte mutations of a valid policy: parse or refuse with a located error, never crash. */
static void test_parser_robustness(void **state)
{
        static const char alphabet[] = "[]=:;# \n\t-,/.0123456789abcdefXYZ\xff\x00";
        size_t len = strlen(example);
        uint32_t seed = 12345;
        char *buf = xmalloc0(len + 1);

        for (size_t cut = 0; cut <= len; cut++) {
                struct fw_policy *p = fw_policy_new();
                struct fw_diags d = {};
                int k = fw_policy_parse_buffer(p, "t.conf", example, cut, &d);
                if (k == 0)
                        k = fw_policy_finish(p, &d);
                assert_true(k == 0 || (k == -EBADMSG && d.n > 0));
                fw_diags_clear(&d);
                fw_policy_free(p);
        }
        for (unsigned round = 0; round < 3000; round++) {
                struct fw_policy *p = fw_policy_new();
                struct fw_diags d = {};
                char *out = NULL;
                int k;

                memcpy(buf, example, len);
                for (unsigned m = 0; m < 1 + round % 4; m++) {
                        seed = seed * 1103515245u + 12345u;
                        buf[(seed >> 8) % len] = alphabet[(seed >> 20) % (sizeof(alphabet) - 1)];
                }
                k = fw_policy_parse_buffer(p, "t.conf", buf, len, &d);
                if (k == 0)
                        k = fw_policy_finish(p, &d);
                assert_true(k == 0 || (k == -EBADMSG && d.n > 0));
                for (size_t i = 0; i < d.n; i++)
                        assert_true(d.v[i].line >= 1 && d.v[i].line <= 60);
                /* What parses also compiles. */
                if (k == 0) {
                        assert_int_equal(fw_compile(p, &(struct fw_compile_options){}, &out), 0);
                        free(out);
                }
                fw_diags_clear(&d);
                fw_policy_free(p);
        }
        free(buf);
}

static void test_compile_shape(void **state)
{
        char *out = compile_text((const char *[]){ example, NULL }, false);

        /* Default drop on both hooks, loopback and established first, drop counters. */
        assert_non_null(strstr(out, "table inet bulwark {"));
        assert_non_null(strstr(out, "chain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t\tiifname \"lo\" accept\n"));
        assert_non_null(strstr(out, "type filter hook forward priority filter; policy drop;"));
        assert_non_null(strstr(out, "ct state established,related accept"));
        assert_non_null(strstr(out, "udp dport { 68, 546 } counter name \"drop_dhcp\" drop"));
        assert_non_null(strstr(out, "meta l4proto . th dport @p2p counter name \"drop_p2p\" drop"));
        assert_non_null(strstr(out, "counter name \"drop_input\" drop\n\t}"));
        assert_non_null(strstr(out, "counter name \"drop_forward\" drop\n\t}"));
        /* iifname, never iif: iif needs the interface to exist when the rule loads (early boot). */
        assert_null(strstr(out, " iif "));
        assert_null(strstr(out, " oif "));
        assert_non_null(strstr(out, "iifname vmap { \"eth1\" : jump in_engineering, \"eth2\" : jump in_supervisory }"));
        /* Conduits in sets. */
        assert_non_null(strstr(out, "elements = { tcp . 4840 }"));
        assert_non_null(strstr(out, "elements = { tcp . 502,\n\t\t\t     tcp . 5000-5010,\n\t\t\t     udp . 502,\n\t\t\t     udp . 5000-5010 }"));
        assert_non_null(strstr(out, "elements = { 10.10.0.5 . tcp . 22 }"));
        assert_non_null(strstr(out, "oifname vmap { \"eth1\" : jump fwd_supervisory_to_engineering }"));
        /* The destination zone's addresses narrow the forward chain. */
        assert_non_null(strstr(out, "ip daddr != { 10.10.0.0/24 } return"));
        free(out);
}

static void test_compile_deterministic(void **state)
{
        /* The same policy with sections in another order and another split into files. */
        static const char a[] =
                "[Conduit modbus]\nFrom=supervisory\nTo=engineering\nProtocol=udp tcp\nPorts=5000-5010 502\n"
                "[Conduit opcua]\nFrom=supervisory\nTo=device\nProtocol=tcp\nPorts=4840\n"
                "[Zone supervisory]\nInterfaces=eth2\n";
        static const char b[] =
                "[Zone engineering]\nAddresses=10.10.0.0/24\nInterfaces=eth1\n"
                "[Conduit ssh]\nIslandSafe=yes\nSources=10.10.0.5\nPorts=22\nProtocol=tcp\nTo=device\nFrom=engineering\n"
                "[Device]\nDHCPClient=no\n";
        char *x = compile_text((const char *[]){ example, NULL }, false);
        char *y = compile_text((const char *[]){ example, NULL }, false);
        char *z = compile_text((const char *[]){ a, b, NULL }, false);

        assert_string_equal(x, y);
        assert_string_equal(x, z);
        free(x);
        free(y);
        free(z);
}

static void test_compile_overlaps(void **state)
{
        /* Nested sources and overlapping ranges: nftables refuses overlapping interval elements. */
        static const char pol[] =
                "[Zone a]\nInterfaces=eth1\n"
                "[Conduit c1]\nFrom=a\nTo=device\nProtocol=tcp\nPorts=20-30\nSources=10.0.0.0/24\n"
                "[Conduit c2]\nFrom=a\nTo=device\nProtocol=tcp\nPorts=22 40\nSources=10.0.0.5 10.0.0.6\n"
                "[Conduit c3]\nFrom=a\nTo=device\nProtocol=tcp\nPorts=25-27 28\nSources=\n";
        char *out;
        struct fw_policy *p = NULL;
        char *d = NULL;

        /* c3 would open 25 (smtp): allowed only with PersonToPerson=allow. */
        assert_int_equal(parse((const char *[]){ pol, NULL }, &p, &d), -EBADMSG);
        free(d);
        out = compile_text((const char *[]){ pol, "[Device]\nPersonToPerson=allow\n", NULL }, false);
        assert_non_null(strstr(out, "elements = { 10.0.0.0/24 . tcp . 20-30,\n\t\t\t     10.0.0.5 . tcp . 40,\n\t\t\t     10.0.0.6 . tcp . 40 }"));
        assert_non_null(strstr(out, "elements = { tcp . 25-28 }"));
        assert_null(strstr(out, "@p2p"));
        free(out);
}

static void test_compile_island(void **state)
{
        char *out = compile_text((const char *[]){ example, NULL }, true);

        assert_non_null(strstr(out, "island mode"));
        /* Established flows of ordinary conduits are cut; only island-safe sets remain. */
        assert_non_null(strstr(out, "ct state established,related ct mark and 0x40000000 == 0 accept"));
        assert_non_null(strstr(out, "in_engineering_island_src4"));
        assert_null(strstr(out, "4840"));
        assert_null(strstr(out, "fwd_supervisory"));
        free(out);

        out = compile_text((const char *[]){ example, NULL }, false);
        /* Ordinary conduits mark their flows so island mode can cut them. */
        assert_non_null(strstr(out, "@in_supervisory_conduits_svc ct mark set ct mark or 0x40000000 accept"));
        free(out);
}

static void test_lockdown_and_units(void **state)
{
        char *t;

        assert_non_null(strstr(fw_lockdown_ruleset(), "policy drop;"));
        t = fw_apply_transaction("X");
        assert_non_null(strstr(t, "delete table inet bulwark_lockdown\nX"));
        free(t);

        t = fw_unit_lockdown_text("/usr/bin/bulwark");
        assert_non_null(strstr(t, "DefaultDependencies=no\n"));
        assert_non_null(strstr(t, "Before=network-pre.target"));
        assert_non_null(strstr(t, "Wants=network-pre.target\n"));
        assert_null(strstr(t, "ExecStop="));
        free(t);
        t = fw_unit_firewall_text("/usr/bin/bulwark", NULL, NULL);
        assert_non_null(strstr(t, "Requires=bulwark-lockdown.service\n"));
        assert_non_null(strstr(t, "ExecStart=/usr/bin/bulwark firewall apply\n"));
        /* Sandboxed, but only with settings that add no unit dependencies at early boot. */
        assert_non_null(strstr(t, "NoNewPrivileges=yes\n"));
        assert_non_null(strstr(t, "RestrictAddressFamilies=AF_NETLINK AF_UNIX\n"));
        assert_null(strstr(t, "PrivateTmp="));
        assert_null(strstr(t, "ExecStop="));
        free(t);
        t = fw_unit_dropin_text();
        assert_non_null(strstr(t, "Requires=bulwark-firewall.service\nAfter=bulwark-firewall.service\n"));
        free(t);
}

static void test_install_units(void **state)
{
        char dir[] = "/tmp/bulwark-units-XXXXXX";
        struct fw_units_options o = { .enable = true };
        char *report = NULL, *path, *buf = NULL, lnk[256];
        struct stat st;
        ssize_t n;

        assert_non_null(mkdtemp(dir));
        o.root = dir;
        /* Relative paths would be resolved against / on the target: refused, nothing written. */
        o.state_dir = "var/x";
        assert_int_equal(fw_units_install(&o, &report), -EINVAL);
        o.state_dir = NULL;
        o.policy = "policy.conf";
        assert_int_equal(fw_units_install(&o, &report), -EINVAL);
        o.policy = NULL;
        path = xasprintf("%s/etc", dir);
        assert_int_equal(stat(path, &st), -1);
        free(path);
        assert_int_equal(fw_units_install(&o, &report), 0);
        free(report);
        path = xasprintf("%s/etc/systemd/system/bulwark-firewall.service", dir);
        assert_int_equal(stat(path, &st), 0);
        free(path);
        path = xasprintf("%s/etc/systemd/system/systemd-networkd.service.d/bulwark.conf", dir);
        assert_int_equal(stat(path, &st), 0);
        free(path);
        path = xasprintf("%s/etc/systemd/system/sysinit.target.wants/bulwark-lockdown.service", dir);
        n = readlink(path, lnk, sizeof(lnk) - 1);
        assert_true(n > 0);
        lnk[n] = 0;
        assert_string_equal(lnk, "/etc/systemd/system/bulwark-lockdown.service");
        free(path);
        free(buf);
        path = xasprintf("rm -rf '%s'", dir);
        assert_int_equal(system(path), 0);
        free(path);
}

/* How apply decides whether rolling back to the saved ruleset would leave the device closed. */
static void test_ruleset_text_closed(void **state)
{
        static const char closed[] =
                "table inet bulwark {\n"
                "\tchain input {\n"
                "\t\ttype filter hook input priority filter; policy drop;\n"
                "\t\tiifname \"lo\" accept\n"
                "\t}\n"
                "}\n";
        static const char open_input[] =
                "table inet filter {\n"
                "\tchain input {\n"
                "\t\ttype filter hook input priority filter; policy accept;\n"
                "\t\ttcp dport 22 accept comment \"type filter hook input priority 0; policy drop;\"\n"
                "\t}\n"
                "\tchain forward {\n"
                "\t\ttype filter hook forward priority filter; policy drop;\n"
                "\t}\n"
                "}\n";

        static const char arp_only[] =
                "table arp a {\n"
                "\tchain input {\n"
                "\t\ttype filter hook input priority filter; policy drop;\n"
                "\t}\n"
                "}\n";
        static const char ip_only[] =
                "table ip f {\n"
                "\tchain input {\n"
                "\t\ttype filter hook input priority filter; policy drop;\n"
                "\t}\n"
                "}\n";
        static const char ip_and_ip6[] =
                "table ip f {\n"
                "\tchain input {\n"
                "\t\ttype filter hook input priority filter; policy drop;\n"
                "\t}\n"
                "}\n"
                "table ip6 g {\n"
                "\tchain input {\n"
                "\t\ttype filter hook input priority filter; policy drop;\n"
                "\t}\n"
                "}\n";
        static const char bridge_and_ip6[] =
                "table bridge b {\n"
                "\tchain input {\n"
                "\t\ttype filter hook input priority filter; policy drop;\n"
                "\t}\n"
                "}\n"
                "table ip6 g {\n"
                "\tchain input {\n"
                "\t\ttype filter hook input priority filter; policy drop;\n"
                "\t}\n"
                "}\n";

        assert_true(fw_ruleset_text_closed(closed));
        assert_false(fw_ruleset_text_closed(open_input));
        /* Only the IPv4/IPv6 input path counts, and both families must be closed. */
        assert_false(fw_ruleset_text_closed(arp_only));
        assert_false(fw_ruleset_text_closed(ip_only));
        assert_true(fw_ruleset_text_closed(ip_and_ip6));
        assert_false(fw_ruleset_text_closed(bridge_and_ip6));
        assert_false(fw_ruleset_text_closed(""));
        /* The lockdown ruleset Bulwark loads at boot is closed by this definition. */
        assert_true(fw_ruleset_text_closed(fw_lockdown_ruleset()));
}

/* Prefixes print as nft reads them back: round trip through parse and print. */
static void test_prefix_round_trip(void **state)
{
        static const char *const v[] = {
                "0.0.0.0/0", "0.0.0.0", "255.255.255.255", "10.0.0.0/8", "100.64.0.0/10", "192.168.100.0/24",
                "1.2.3.4", "9.99.199.250/31", "::/0", "2001:db8::/32", "fe80::1", "2001:db8:0:1:2:3:4:5", "::ffff:0.0.0.0/96",
        };

        for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
                struct fw_prefix pr;
                char b[64];

                assert_int_equal(fw_prefix_parse(v[i], &pr), 0);
                assert_string_equal(fw_prefix_to_string(&pr, b), v[i]);
        }
}

static void test_ruleset_id(void **state)
{
        static const char listing[] =
                "table ip nat {\n\tchain post {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n\t}\n}\n"
                "table inet bulwark {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t}\n}\n"
                "table inet bulwark_lockdown {\n\tchain input {\n\t}\n}\n"
                "table inet bulwarkish {\n}\n";
        struct fw_ruleset_id a = {}, b;
        char line[128];
        _cleanup_free_ char *f = fw_ruleset_foreign(listing);

        /* Only Bulwark's two tables go; a table whose name merely starts the same stays. */
        assert_string_equal(f, "table ip nat {\n\tchain post {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n\t}\n}\n"
                               "table inet bulwarkish {\n}\n");

        memcpy(a.boot_id, "7c6d3dd2-bda3-4168-a070-55aad42b0980", 37);
        a.netns_cookie = UINT64_MAX;
        a.generation = 4000000000u;
        assert_int_equal(fw_ruleset_id_format(&a, line, sizeof(line)), 0);
        assert_int_equal(fw_ruleset_id_parse(line, &b), 0);
        assert_true(fw_ruleset_id_equal(&a, &b));
        b.generation++;
        assert_false(fw_ruleset_id_equal(&a, &b));
        assert_int_equal(fw_ruleset_id_parse("7c6d3dd2 1 2\n", &b), -EBADMSG);
        assert_int_equal(fw_ruleset_id_parse("7c6d3dd2-bda3-4168-a070-55aad42b0980 1\n", &b), -EBADMSG);
        assert_int_equal(fw_ruleset_id_parse("7c6d3dd2-bda3-4168-a070-55aad42b0980 1 2 3\n", &b), -EBADMSG);
}

/* The state file is read back on every apply: anything but one well-formed line is refused. */
static void test_ruleset_id_malformed(void **state)
{
        static const char good[] = "7c6d3dd2-bda3-4168-a070-55aad42b0980 18446744073709551615 4294967295\n";
        static const char *const bad[] = {
                "",
                "\n",
                "7c6d3dd2-bda3-4168-a070-55aad42b0980 1 -1\n",          /* sign */
                "7c6d3dd2-bda3-4168-a070-55aad42b0980 1 4294967296\n",  /* generation over 32 bits */
                "7c6d3dd2-bda3-4168-a070-55aad42b0980 18446744073709551616 1\n", /* cookie over 64 bits */
                "7c6d3dd2-bda3-4168-a070-55aad42b098z 1 2\n",           /* not hex */
                "7c6d3dd2-bda3-4168-a070-55aad42b0980 1 2\nextra\n",    /* a second line */
                "7c6d3dd2-bda3-4168-a070-55aad42b0980 0x1 2\n",
        };
        struct fw_ruleset_id id;
        char buf[sizeof(good)];

        assert_int_equal(fw_ruleset_id_parse(good, &id), 0);
        assert_true(id.netns_cookie == UINT64_MAX && id.generation == UINT32_MAX);
        for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
                assert_int_equal(fw_ruleset_id_parse(bad[i], &id), -EBADMSG);
        /* Every truncation short of the last number's end is refused. */
        for (size_t n = 0; n < strlen(good) - 1; n++) {
                memcpy(buf, good, n);
                buf[n] = 0;
                if (n < strlen(good) - 1 - strlen("4294967295"))
                        assert_int_equal(fw_ruleset_id_parse(buf, &id), -EBADMSG);
        }
        /* Oversized: a megabyte of digits is refused, not read into anything. */
        {
                size_t big = 1 << 20;
                _cleanup_free_ char *huge = xmalloc0(big + 64);
                memcpy(huge, good, 37);
                memset(huge + 37, '7', big);
                assert_int_equal(fw_ruleset_id_parse(huge, &id), -EBADMSG);
        }
}

/* Other tables survive whatever the listing looks like; an unterminated table of ours eats only itself. */
static void test_ruleset_foreign_edges(void **state)
{
        _cleanup_free_ char *a = fw_ruleset_foreign("table ip x {\n}\ntable inet bulwark {\n\tchain c {\n");
        _cleanup_free_ char *b = fw_ruleset_foreign("table inet bulwark {\r\n}\r\ntable ip y {\r\n}"); /* CRLF, no final newline */
        _cleanup_free_ char *c = fw_ruleset_foreign("");
        size_t big = 1 << 20;
        _cleanup_free_ char *huge = xmalloc0(big + 1), *d = NULL;

        assert_string_equal(a, "table ip x {\n}\n");
        assert_string_equal(b, "table ip y {\r\n}");
        assert_string_equal(c, "");
        memset(huge, 'x', big); /* one line of a megabyte */
        d = fw_ruleset_foreign(huge);
        assert_int_equal(strlen(d), big);
        assert_false(fw_ruleset_text_closed(huge));
        assert_true(fw_ruleset_text_closed("table inet t {\n\t\ttype filter hook input priority 0; policy drop;")); /* no final newline */
        assert_true(fw_ruleset_text_closed("table inet t {\r\ntype filter hook input priority 0; policy drop;  \r\n"));
        assert_false(fw_ruleset_text_closed("table inet t {\ntype filter hook input priority 0; policy drop"));
        assert_false(fw_ruleset_text_closed("table inet t {\npolicy drop;"));
        /* Outside any table, no family: not closed. */
        assert_false(fw_ruleset_text_closed("\t\ttype filter hook input priority 0; policy drop;"));
}

/* An NFT_MSG_NEWGEN reply as the kernel sends it: nlmsghdr, nfgenmsg, NFTA_GEN_ID. */
static size_t gen_reply(uint8_t *buf, uint32_t seq, uint32_t gen)
{
        struct nlmsghdr nh = { .nlmsg_len = 28, .nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWGEN, .nlmsg_seq = seq };
        struct nfgenmsg g = { .nfgen_family = AF_UNSPEC };
        struct nlattr a = { .nla_len = 8, .nla_type = NFTA_GEN_ID };
        uint32_t be = htonl(gen);

        memcpy(buf, &nh, 16);
        memcpy(buf + 16, &g, 4);
        memcpy(buf + 20, &a, 4);
        memcpy(buf + 24, &be, 4);
        return 28;
}

static void test_nft_reply_parsers(void **state)
{
        uint8_t buf[64 * 32 + 64];
        uint32_t gen = 0;
        size_t n = gen_reply(buf, 7, 123456);
        bool any = true;

        assert_int_equal(fw_nft_gen_reply_parse(buf, n, 7, &gen), 0);
        assert_int_equal(gen, 123456);
        assert_int_equal(fw_nft_gen_reply_parse(buf, n, 8, &gen), -EAGAIN); /* another request's answer */
        /* Truncated anywhere: never an answer, never a read past the end. */
        for (size_t t = 0; t < n; t++)
                assert_true(fw_nft_gen_reply_parse(buf, t, 7, &gen) != 0);
        /* A length field larger than what arrived. */
        buf[0] = 200;
        assert_int_equal(fw_nft_gen_reply_parse(buf, n, 7, &gen), -EBADMSG);
        /* An attribute of length 0 must not loop. */
        n = gen_reply(buf, 7, 1);
        buf[20] = 0;
        buf[21] = 0;
        assert_int_equal(fw_nft_gen_reply_parse(buf, n, 7, &gen), -EBADMSG);
        /* Oversized: 64 unrelated messages before the answer are skipped. */
        for (size_t i = 0; i < 64; i++)
                gen_reply(buf + 28 * i, 1000 + (uint32_t) i, 1);
        gen_reply(buf + 28 * 64, 7, 99);
        assert_int_equal(fw_nft_gen_reply_parse(buf, 28 * 65, 7, &gen), 0);
        assert_int_equal(gen, 99);
        /* The kernel's error comes back as its errno. */
        {
                struct nlmsghdr nh = { .nlmsg_len = 36, .nlmsg_type = NLMSG_ERROR, .nlmsg_seq = 7 };
                struct nlmsgerr e = { .error = -EPERM };
                memcpy(buf, &nh, 16);
                memcpy(buf + 16, &e, sizeof(e));
                assert_int_equal(fw_nft_gen_reply_parse(buf, 16 + sizeof(e), 7, &gen), -EPERM);
                assert_int_equal(fw_nft_table_dump_parse(buf, 16 + sizeof(e), 7, &any), -EPERM);
                assert_true(fw_nft_gen_reply_parse(buf, 20, 7, &gen) < 0); /* error cut short */
        }
        /* Table dumps: a table, or the end of an empty dump. */
        {
                struct nlmsghdr t = { .nlmsg_len = 20, .nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWTABLE,
                                      .nlmsg_flags = NLM_F_MULTI, .nlmsg_seq = 9 };
                struct nlmsghdr d = { .nlmsg_len = 20, .nlmsg_type = NLMSG_DONE, .nlmsg_flags = NLM_F_MULTI, .nlmsg_seq = 9 };

                memset(buf, 0, sizeof(buf));
                memcpy(buf, &t, 16);
                assert_int_equal(fw_nft_table_dump_parse(buf, 20, 9, &any), 1);
                assert_true(any);
                memcpy(buf, &d, 16);
                assert_int_equal(fw_nft_table_dump_parse(buf, 20, 9, &any), 1);
                assert_false(any);
                for (size_t k = 0; k < 16; k++)
                        assert_int_equal(fw_nft_table_dump_parse(buf, k, 9, &any), -EAGAIN);
                assert_int_equal(fw_nft_table_dump_parse(buf, 20, 10, &any), -EAGAIN);
        }
}

/* A NEWTABLE reply with NFTA_TABLE_USERDATA holding libnftnl's comment TLV. */
static void test_table_comment_parse(void **state)
{
        static const char comment[] = "bulwark zones and conduits sha256=00ff";
        uint8_t buf[256] = {};
        struct nlmsghdr nh = { .nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWTABLE, .nlmsg_seq = 7 };
        struct nfgenmsg g = { .nfgen_family = NFPROTO_INET };
        struct nlattr a = { .nla_type = NFTA_TABLE_USERDATA, .nla_len = (uint16_t) (4 + 2 + sizeof(comment)) };
        char out[64], small[8];
        size_t off = 16;

        memcpy(buf + off, &g, sizeof(g));
        off += 4;
        memcpy(buf + off, &a, sizeof(a));
        buf[off + 4] = 0; /* NFTNL_UDATA_TABLE_COMMENT */
        buf[off + 5] = sizeof(comment);
        memcpy(buf + off + 6, comment, sizeof(comment));
        off += NLA_ALIGN(a.nla_len);
        nh.nlmsg_len = (uint32_t) off;
        memcpy(buf, &nh, sizeof(nh));

        assert_int_equal(fw_nft_table_comment_parse(buf, off, 7, out, sizeof(out)), 0);
        assert_string_equal(out, comment);
        assert_int_equal(fw_nft_table_comment_parse(buf, off, 7, small, sizeof(small)), 0);
        assert_string_equal(small, "bulwark"); /* cut to the buffer */
        assert_int_equal(fw_nft_table_comment_parse(buf, off, 8, out, sizeof(out)), -EAGAIN);
        /* A TLV length past the attribute: no comment, no read beyond it. */
        buf[16 + 4 + 5] = 200;
        assert_int_equal(fw_nft_table_comment_parse(buf, off, 7, out, sizeof(out)), 0);
        assert_string_equal(out, "");
        /* A message length past the buffer. */
        assert_int_equal(fw_nft_table_comment_parse(buf, off - 1, 7, out, sizeof(out)), -EBADMSG);
}

static void test_p2p_list(void **state)
{
        assert_true(p2p_ports_count >= 15);
        assert_non_null(p2p_port_find(IPPROTO_TCP, 25));
        assert_non_null(p2p_port_find(IPPROTO_TCP, 6667));
        assert_null(p2p_port_find(IPPROTO_TCP, 22));
        /* Sorted by port, then protocol: the compiled set depends on it. */
        for (size_t i = 1; i < p2p_ports_count; i++)
                assert_true(p2p_ports[i - 1].port < p2p_ports[i].port ||
                            (p2p_ports[i - 1].port == p2p_ports[i].port && p2p_ports[i - 1].proto < p2p_ports[i].proto));
}

/* Ports= takes service names as /etc/services gives them (netbase), aliases and dashed names too. */
static void test_ports_service_names(void **state)
{
        static const char *const good[] = { "[Zone a]\nInterfaces=eth1\n[Conduit x]\nFrom=a\nTo=device\nProtocol=tcp\n"
                                            "Ports=ssh 4840 ntp 5000-5010 domain-s\n", NULL };
        static const char *const unknown[] = { "[Zone a]\nInterfaces=eth1\n[Conduit x]\nFrom=a\nTo=device\nProtocol=tcp\n"
                                               "Ports=no-such-service-here\n", NULL };
        struct fw_policy *p = NULL;
        char *d = NULL;

        (void) state;
        if (access("/etc/services", R_OK) < 0)
                skip(); /* netbase is in tools/deps-test.txt: only a machine set up otherwise lacks it */
        assert_int_equal(parse(good, &p, &d), 0);
        free(d);
        assert_int_equal(p->n_conduits, 1);
        assert_int_equal(p->conduits[0].n_ports, 5);
        /* In order: ssh is 22/tcp, ntp 123/udp, domain-s 853 (a dash in its own name), then the numbers. */
        assert_int_equal(p->conduits[0].ports[0].first, 22);
        assert_int_equal(p->conduits[0].ports[0].last, 22);
        assert_int_equal(p->conduits[0].ports[1].first, 123);
        assert_int_equal(p->conduits[0].ports[2].first, 853);
        assert_int_equal(p->conduits[0].ports[3].first, 4840);
        assert_int_equal(p->conduits[0].ports[4].first, 5000);
        assert_int_equal(p->conduits[0].ports[4].last, 5010);
        fw_policy_free(p);
        assert_int_equal(parse(unknown, &p, &d), -EBADMSG);
        assert_non_null(strstr(d, "'no-such-service-here' is neither a port number nor a service of /etc/services"));
        free(d);
}

/*
 * The unprivileged dry run: the kernel of a user namespace's own network
 * namespace judges the transaction. Where this system refuses user
 * namespaces (a chroot, a seccomp filter), it must say so (-EPERM with the
 * reason), never report the ruleset accepted.
 */
static void test_check_userns(void **state)
{
        char *err = NULL;
        int k;

        (void) state;
        k = fw_nft_check_userns("add table inet bw_userns_ok\nadd chain inet bw_userns_ok c { type filter hook input priority 0; policy drop; }\n", &err);
        if (k == -EPERM) {
                assert_non_null(err);
                print_message("user namespaces refused here (%s): only that is checked\n", err);
                free(err);
                return;
        }
        assert_int_equal(k, 0);
        assert_null(err);
        /* A rule in a table that does not exist: nftables refuses it, and says where. */
        k = fw_nft_check_userns("add rule inet bw_userns_missing c accept\n", &err);
        assert_int_equal(k, -EINVAL);
        assert_non_null(err);
        assert_non_null(strstr(err, "No such file or directory"));
        free(err);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_parse_example),
                cmocka_unit_test(test_dropin_merge),
                cmocka_unit_test(test_many_conduits),
                cmocka_unit_test(test_malformed),
                cmocka_unit_test(test_long_line_and_nul),
                cmocka_unit_test(test_parser_robustness),
                cmocka_unit_test(test_compile_shape),
                cmocka_unit_test(test_compile_deterministic),
                cmocka_unit_test(test_compile_overlaps),
                cmocka_unit_test(test_compile_island),
                cmocka_unit_test(test_lockdown_and_units),
                cmocka_unit_test(test_install_units),
                cmocka_unit_test(test_ruleset_text_closed),
                cmocka_unit_test(test_prefix_round_trip),
                cmocka_unit_test(test_ruleset_id),
                cmocka_unit_test(test_ruleset_id_malformed),
                cmocka_unit_test(test_ruleset_foreign_edges),
                cmocka_unit_test(test_table_comment_parse),
                cmocka_unit_test(test_nft_reply_parsers),
                cmocka_unit_test(test_p2p_list),
                cmocka_unit_test(test_ports_service_names),
                cmocka_unit_test(test_check_userns),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
