/* SPDX-License-Identifier: GPL-2.0-or-later */
/* systemd-networkd's DHCP= and ifupdown's interfaces(5), as those programs read them. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "collect-services.h"
#include "macro.h"
#include "net-config.h"
#include "parsers.h"
#include "strv.h"

#define LIT(s) s, sizeof(s) - 1

static void test_networkd_dhcp_value(void **state)
{
        /* parse_boolean(), case-insensitive */
        static const char *const yes[] = { "yes", "YES", "Yes", "y", "true", "TRUE", "t", "on", "On", "1" };
        static const char *const no[] = { "no", "NO", "n", "false", "f", "off", "OFF", "0" };

        for (size_t i = 0; i < ARRAY_SIZE(yes); i++)
                assert_int_equal(networkd_dhcp_value(yes[i]), NETWORKD_DHCP_YES);
        for (size_t i = 0; i < ARRAY_SIZE(no); i++)
                assert_int_equal(networkd_dhcp_value(no[i]), NETWORKD_DHCP_NO);
        assert_int_equal(networkd_dhcp_value("ipv4"), NETWORKD_DHCP_IPV4);
        assert_int_equal(networkd_dhcp_value("ipv6"), NETWORKD_DHCP_IPV6);
        /* the deprecated table */
        assert_int_equal(networkd_dhcp_value("both"), NETWORKD_DHCP_YES);
        assert_int_equal(networkd_dhcp_value("none"), NETWORKD_DHCP_NO);
        assert_int_equal(networkd_dhcp_value("v4"), NETWORKD_DHCP_IPV4);
        assert_int_equal(networkd_dhcp_value("v6"), NETWORKD_DHCP_IPV6);
        /* the string tables compare exactly: networkd ignores these */
        assert_int_equal(networkd_dhcp_value("IPv4"), -EINVAL);
        assert_int_equal(networkd_dhcp_value("Both"), -EINVAL);
        assert_int_equal(networkd_dhcp_value(""), -EINVAL);
        assert_int_equal(networkd_dhcp_value("ipv4 "), -EINVAL);
        assert_int_equal(networkd_dhcp_value("2"), -EINVAL);
        assert_int_equal(networkd_dhcp_value(NULL), -EINVAL);
}

static void test_ifupdown_parse(void **state)
{
        static const char file[] =
                "# comment\n"
                "auto lo eth0\n"
                "iface lo inet loopback\n"
                "allow-hotplug wlan0\n"
                "iface eth0 inet dhcp\n"
                "\thostname dev\n"
                "iface eth0 inet6 dhcp\n"
                "iface wlan0 inet \\\n"
                "   bootp\n"
                "iface eth1 inet static\n"
                "  address 192.0.2.1/24\n"
                "allow-auto eth3\n"
                "  # iface eth2 inet dhcp\n"
                "source interfaces.d/*.cfg\n"
                "source-directory /etc/network/interfaces.d\n";
        struct ifupdown_conf c = {};

        assert_int_equal(ifupdown_parse(LIT(file), &c), 0);
        assert_true(strv_contains(c.auto_ifaces, "lo"));
        assert_true(strv_contains(c.auto_ifaces, "eth0"));
        assert_true(strv_contains(c.auto_ifaces, "eth3"));
        assert_false(strv_contains(c.auto_ifaces, "wlan0"));
        assert_true(strv_contains(c.hotplug_ifaces, "wlan0"));
        assert_int_equal(strv_length(c.dhcp_ifaces), 2);
        assert_string_equal(c.dhcp_ifaces[0], "eth0");
        assert_string_equal(c.dhcp_ifaces[1], "wlan0"); /* continued line, bootp */
        assert_string_equal(c.dhcp_lines[1], "iface wlan0 inet bootp");
        assert_int_equal(strv_length(c.sources), 1);
        assert_string_equal(c.sources[0], "interfaces.d/*.cfg");
        assert_string_equal(c.source_dirs[0], "/etc/network/interfaces.d");
        assert_false(c.mapping);

        /* appends: a second file's stanzas join the first's */
        assert_int_equal(ifupdown_parse(LIT("mapping eth*\n  script /x\niface eth9 inet dhcp\n"), &c), 0);
        assert_int_equal(strv_length(c.dhcp_ifaces), 3);
        assert_true(c.mapping);
        ifupdown_conf_done(&c);
        assert_null(c.dhcp_ifaces);
}

static void test_ifupdown_malformed(void **state)
{
        struct ifupdown_conf c = {};

        assert_int_equal(ifupdown_parse(LIT("auto eth0\n"), &c), 0);
        /* a NUL byte: rejected, and what the caller held is untouched */
        assert_int_equal(ifupdown_parse(LIT("iface eth1 inet dhcp\n\0auto eth1\n"), &c), -EBADMSG);
        assert_int_equal(strv_length(c.auto_ifaces), 1);
        assert_null(c.dhcp_ifaces);
        /* a trailing backslash on the last line ends the line */
        assert_int_equal(ifupdown_parse(LIT("iface eth2 inet dhcp \\"), &c), 0);
        assert_string_equal(c.dhcp_ifaces[0], "eth2");
        /* incomplete stanzas are no DHCP */
        assert_int_equal(ifupdown_parse(LIT("iface\niface eth3\niface eth3 inet\nsource\n"), &c), 0);
        assert_int_equal(strv_length(c.dhcp_ifaces), 1);
        assert_null(c.sources);
        ifupdown_conf_done(&c);
}

static void test_ifupdown_limit(void **state)
{
        _cleanup_free_ char *buf = NULL;
        struct ifupdown_conf c = {};
        size_t len = 0;

        buf = xmalloc0((PARSE_MAX_ITEMS + 2) * 2 + 16);
        memcpy(buf, "auto", 4);
        len = 4;
        for (size_t i = 0; i <= PARSE_MAX_ITEMS; i++) {
                memcpy(buf + len, " a", 2);
                len += 2;
        }
        assert_int_equal(ifupdown_parse(buf, len, &c), -E2BIG);
        assert_null(c.auto_ifaces);
}

static void test_ifupdown_dir_name(void **state)
{
        assert_true(ifupdown_dir_name_ok("eth0"));
        assert_true(ifupdown_dir_name_ok("10-uplink_A"));
        assert_false(ifupdown_dir_name_ok("eth0.cfg"));
        assert_false(ifupdown_dir_name_ok("eth0~"));
        assert_false(ifupdown_dir_name_ok(".hidden"));
        assert_false(ifupdown_dir_name_ok(""));
}

static void test_socket_listen_parse(void **state)
{
        char *addr = (char *) 0x1;
        uint16_t port = 7;

        assert_int_equal(socket_listen_parse("23", &addr, &port), 0);
        assert_null(addr);
        assert_int_equal(port, 23);
        assert_int_equal(socket_listen_parse("127.0.0.1:8080", &addr, &port), 0);
        assert_string_equal(addr, "127.0.0.1");
        assert_int_equal(port, 8080);
        free(addr);
        assert_int_equal(socket_listen_parse("[::1]:5222", &addr, &port), 0);
        assert_string_equal(addr, "::1");
        free(addr);
        assert_int_equal(socket_listen_parse("[fe80::1%eth0]:80", &addr, &port), 0);
        assert_string_equal(addr, "fe80::1");
        free(addr);
        /* paths, abstract and vsock sockets, and malformed values: untouched */
        addr = (char *) 0x1;
        port = 7;
        assert_int_equal(socket_listen_parse("/run/foo.sock", &addr, &port), -EINVAL);
        assert_int_equal(socket_listen_parse("@abstract", &addr, &port), -EINVAL);
        assert_int_equal(socket_listen_parse("vsock:2:1234", &addr, &port), -EINVAL);
        assert_int_equal(socket_listen_parse("::1:80", &addr, &port), -EINVAL);
        assert_int_equal(socket_listen_parse("0", &addr, &port), -EINVAL);
        assert_int_equal(socket_listen_parse("65536", &addr, &port), -EINVAL);
        assert_int_equal(socket_listen_parse("[::1]80", &addr, &port), -EINVAL);
        assert_int_equal(socket_listen_parse("host:", &addr, &port), -EINVAL);
        assert_int_equal(socket_listen_parse("", &addr, &port), -EINVAL);
        assert_ptr_equal(addr, (char *) 0x1);
        assert_int_equal(port, 7);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_networkd_dhcp_value),
                cmocka_unit_test(test_ifupdown_parse),
                cmocka_unit_test(test_ifupdown_malformed),
                cmocka_unit_test(test_ifupdown_limit),
                cmocka_unit_test(test_ifupdown_dir_name),
                cmocka_unit_test(test_socket_listen_parse),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
