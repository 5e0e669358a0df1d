/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "facts.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

#define LIT(s) s, sizeof(s) - 1

static void test_dpkg_status(void **state)
{
        static const char status[] =
                "Package: openssl\nStatus: install ok installed\nPriority: optional\nArchitecture: amd64\n"
                "Version: 3.0.17-1~deb12u2\nDescription: Secure Sockets Layer toolkit\n two lines\n\n"
                "Package: telnetd\nStatus: deinstall ok config-files\nVersion: 0.17\n\n"
                "Package: exim4-base\nStatus: install ok installed\nVersion: 4.96-15\n";
        struct package *v = NULL;
        size_t n = 0;

        assert_int_equal(dpkg_status_parse(LIT(status), &v, &n), 0);
        assert_int_equal(n, 2);
        assert_string_equal(v[0].name, "openssl");
        assert_string_equal(v[0].version, "3.0.17-1~deb12u2");
        assert_string_equal(v[0].arch, "amd64");
        assert_string_equal(v[1].name, "exim4-base");
        packages_free(v, n);
}

static void test_dpkg_status_malformed(void **state)
{
        struct package *v = (struct package *) 0x1;
        size_t n = 42;

        /* A field line without a colon. */
        assert_int_equal(dpkg_status_parse(LIT("Package: a\nStatus install ok installed\n"), &v, &n), -EBADMSG);
        /* A stanza without Package:. */
        assert_int_equal(dpkg_status_parse(LIT("Version: 1\nStatus: install ok installed\n\n"), &v, &n), -EBADMSG);
        assert_ptr_equal(v, (struct package *) 0x1);
        assert_int_equal(n, 42);
        /* Truncated mid-field and empty input are fine. */
        assert_int_equal(dpkg_status_parse(LIT("Package: a\nStatus: install ok inst"), &v, &n), 0);
        assert_int_equal(n, 0);
        free(v);
        assert_int_equal(dpkg_status_parse("", 0, &v, &n), 0);
        assert_int_equal(n, 0);
        free(v);
}

static void test_env_file(void **state)
{
        static const char env[] =
                "# CIP crypt hook\n"
                "PARTITIONS=\"var:/var:reencrypt home:/home:format-if-empty\"\n"
                "export WATCHDOG_TIMEOUT='60'\n"
                "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
                "ESC=\"a\\\"b\"\n"
                "BARE=word # trailing comment\n"
                "not an assignment\n"
                "1BAD=x\n";
        _cleanup_strv_free_ char **l = NULL;

        assert_int_equal(env_file_parse(LIT(env), &l), 0);
        assert_string_equal(env_get(l, "PARTITIONS"), "var:/var:reencrypt home:/home:format-if-empty");
        assert_string_equal(env_get(l, "WATCHDOG_TIMEOUT"), "60");
        assert_string_equal(env_get(l, "PRETTY_NAME"), "Debian GNU/Linux 12 (bookworm)");
        assert_string_equal(env_get(l, "ESC"), "a\"b");
        assert_string_equal(env_get(l, "BARE"), "word");
        assert_null(env_get(l, "1BAD"));
        assert_null(env_get(l, "PART"));
}

static void test_env_file_malformed(void **state)
{
        char **l = (char **) 0x1;

        assert_int_equal(env_file_parse(LIT("A=\"unterminated\n"), &l), -EBADMSG);
        assert_int_equal(env_file_parse(LIT("A='x\n"), &l), -EBADMSG);
        assert_ptr_equal(l, (char **) 0x1);
}

static void test_unit_file(void **state)
{
        static const char frag[] =
                "# comment\n[Unit]\nDescription=nftables\nWants=network-pre.target\nBefore=network-pre.target shutdown.target\n"
                "DefaultDependencies=no\n\n[Service]\nType=oneshot\nExecStart=/usr/sbin/nft -f /etc/nftables.conf\n"
                "ExecStop=/usr/sbin/nft \\\n  flush ruleset\n; another comment\n[Install]\nWantedBy=sysinit.target\n";
        static const char dropin[] = "[Service]\nExecStop=\n";
        struct unit_setting *v = NULL;
        size_t n = 0;
        struct unit u = {};

        assert_int_equal(unit_file_parse(LIT(frag), "/lib/systemd/system/nftables.service", &v, &n), 0);
        assert_int_equal(n, 8);
        assert_string_equal(v[6].key, "ExecStop");
        assert_string_equal(v[6].value, "/usr/sbin/nft  flush ruleset");
        assert_int_equal(unit_file_parse(LIT(dropin), "/etc/systemd/system/nftables.service.d/x.conf", &v, &n), 0);
        assert_int_equal(n, 9);
        u = (struct unit){ .name = "nftables.service", .settings = v, .n_settings = n };
        assert_string_equal(unit_get(&u, "Service", "ExecStop"), "");
        assert_true(unit_has_word(&u, "Unit", "Before", "network-pre.target"));
        assert_false(unit_has_word(&u, "Unit", "Before", "network.target"));
        assert_string_equal(v[8].source, "/etc/systemd/system/nftables.service.d/x.conf");
        unit_settings_free(v, n);
}

static void test_unit_file_malformed(void **state)
{
        struct unit_setting *v = NULL;
        size_t n = 0;

        /* Settings before any section, a section without its bracket, a line without '=': errors. */
        assert_int_equal(unit_file_parse(LIT("Before=x\n"), "a", &v, &n), -EBADMSG);
        assert_int_equal(unit_file_parse(LIT("[Unit\nBefore=x\n"), "a", &v, &n), -EBADMSG);
        assert_int_equal(unit_file_parse(LIT("[Unit]\nBefore\n"), "a", &v, &n), -EBADMSG);
        assert_int_equal(unit_file_parse(LIT("[Unit]\n=x\n"), "a", &v, &n), -EBADMSG);
        assert_int_equal(n, 0);
        /* A failed drop-in leaves what was parsed before it untouched. */
        assert_int_equal(unit_file_parse(LIT("[Unit]\nA=1\n"), "a", &v, &n), 0);
        assert_int_equal(unit_file_parse(LIT("[Unit]\nB=2\nbroken\n"), "b", &v, &n), -EBADMSG);
        assert_int_equal(n, 1);
        assert_string_equal(v[0].key, "A");
        /* A continuation that never ends is bounded. */
        char *huge = xmalloc0(200 * 1024);
        memcpy(huge, "[Unit]\nA=", 9);
        for (size_t i = 9; i + 3 < 200 * 1024; i += 3)
                memcpy(huge + i, "x\\\n", 3);
        assert_int_equal(unit_file_parse(huge, strlen(huge), "c", &v, &n), -E2BIG);
        free(huge);
        unit_settings_free(v, n);
}

static void test_proc_net(void **state)
{
        static const char tcp[] =
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                "   0: 0100007F:0019 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 21391 1 0 100 0 0 10 0\n"
                "   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 18004 1 0 100 0 0 10 0\n"
                "   2: 0F02000A:0016 0202000A:C350 01 00000000:00000000 02:0009A5B2 00000000     0        0 29000 4 0 20 10 -1\n";
        static const char udp6[] =
                "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
                "  10: 00000000000000000000000001000000:0044 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1234 2 0 0\n";
        struct listen_socket *v = NULL;
        size_t n = 0;

        assert_int_equal(proc_net_parse(LIT(tcp), AF_INET, IPPROTO_TCP, &v, &n), 0);
        assert_int_equal(n, 2); /* the established connection is not a listener */
        assert_string_equal(v[0].addr, "127.0.0.1");
        assert_int_equal(v[0].port, 25);
        assert_string_equal(v[1].addr, "0.0.0.0");
        assert_int_equal(v[1].port, 22);
        assert_int_equal(v[1].inode, 18004);
        assert_int_equal(proc_net_parse(LIT(udp6), AF_INET6, IPPROTO_UDP, &v, &n), 0);
        assert_int_equal(n, 3);
        assert_string_equal(v[2].addr, "::1");
        assert_int_equal(v[2].port, 68);
        free(v);
}

static void test_proc_net_malformed(void **state)
{
        struct listen_socket *v = NULL;
        size_t n = 0;

        assert_int_equal(proc_net_parse(LIT("hdr\n 0: 0100007F:0019 00000000:0000 0A\n"), AF_INET, IPPROTO_TCP, &v, &n), -EBADMSG);
        assert_int_equal(proc_net_parse(LIT("hdr\n 0: 0100007:0019 0:0 0A 0:0 0:0 0 0 0 1\n"), AF_INET, IPPROTO_TCP, &v, &n), -EBADMSG);
        assert_int_equal(proc_net_parse(LIT("hdr\n 0: 0100007F:1FFFF 0:0 0A 0:0 0:0 0 0 0 1\n"), AF_INET, IPPROTO_TCP, &v, &n), -EBADMSG);
        assert_int_equal(proc_net_parse(LIT("hdr\n 0: 0100007F:0019 0:0 ZZ 0:0 0:0 0 0 0 1\n"), AF_INET, IPPROTO_TCP, &v, &n), -EBADMSG);
        assert_int_equal(n, 0);
        assert_null(v);
        /* Only a header: nothing listens. */
        assert_int_equal(proc_net_parse(LIT("hdr\n"), AF_INET, IPPROTO_TCP, &v, &n), 0);
        assert_int_equal(n, 0);
}

static void test_shell_env(void **state)
{
        _cleanup_(shell_env_clear) struct shell_env e = {};
        const char *v = NULL, *why = NULL;

        /* As sh sources /etc/default/grub then a grub.d file: the last assignment wins. */
        assert_int_equal(shell_env_source(&e, LIT("# c\nGRUB_DEFAULT=0\nexport GRUB_TIMEOUT=5\n"
                                                  "GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\n"
                                                  "GRUB_CMDLINE_LINUX_DEFAULT='quiet \"x\"'\\ y\n"
                                                  "GRUB_CMDLINE_LINUX=\"a\n b\" ; A=1 B=\"$A${A}\"\n"), "/etc/default/grub"), 0);
        assert_int_equal(shell_env_source(&e, LIT("GRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX init_on_free\\=1 \\$x\"\n"), "/etc/default/grub.d/a.cfg"), 0);
        assert_int_equal(shell_env_get(&e, "GRUB_CMDLINE_LINUX_DEFAULT", &v, &why), 1);
        assert_string_equal(v, "quiet \"x\" y");
        assert_int_equal(shell_env_get(&e, "GRUB_CMDLINE_LINUX", &v, &why), 1);
        assert_string_equal(v, "a\n b init_on_free\\=1 $x");
        assert_int_equal(shell_env_get(&e, "B", &v, &why), 1);
        assert_string_equal(v, "11");
        assert_int_equal(shell_env_get(&e, "GRUB_TIMEOUT", &v, &why), 1);
        assert_int_equal(shell_env_get(&e, "NOT_SET", &v, &why), 0);
        /* A command substitution makes only its variable undecided. */
        assert_int_equal(shell_env_get(&e, "GRUB_DISTRIBUTOR", &v, &why), -1);
        assert_non_null(strstr(why, "command substitution"));
        /* A variable the files never set, a ${X:-y}, $(...): undecided; a later plain assignment decides again. */
        assert_int_equal(shell_env_source(&e, LIT("X=\"$UNSET\"\nY=${A:-z}\nZ=\"$(echo 1)\"\nZ=2\n"), "f"), 0);
        assert_int_equal(shell_env_get(&e, "X", &v, &why), -1);
        assert_non_null(strstr(why, "never set"));
        assert_int_equal(shell_env_get(&e, "Y", &v, &why), -1);
        assert_int_equal(shell_env_get(&e, "Z", &v, &why), 1);
        assert_string_equal(v, "2");
        /* Any other command stops evaluation: everything is undecided after it. */
        assert_int_equal(shell_env_source(&e, LIT("if [ -e /x ]; then A=2; fi\n"), "g"), 0);
        assert_int_equal(shell_env_get(&e, "A", &v, &why), -1);
        assert_non_null(strstr(why, "g:1 runs a command"));
}

static void test_shell_env_malformed(void **state)
{
        struct shell_env e = {};
        const char *v = (const char *) 0x1, *why = NULL;

        assert_int_equal(shell_env_source(&e, LIT("A=\"unterminated\n"), "f"), 0);
        assert_int_equal(shell_env_get(&e, "A", &v, &why), -1);
        assert_ptr_equal(v, (const char *) 0x1);
        assert_non_null(strstr(why, "unterminated"));
        shell_env_clear(&e);
        /* NAME=value cmd: the assignment reaches only cmd's environment. */
        assert_int_equal(shell_env_source(&e, LIT("A=1 true\n"), "f"), 0);
        assert_int_equal(shell_env_get(&e, "A", &v, &why), -1);
        shell_env_clear(&e);
        assert_int_equal(shell_env_source(&e, LIT(". /etc/default/grub.local\n"), "f"), 0);
        assert_non_null(e.stop);
        shell_env_clear(&e);
}

static void test_grub_cfg(void **state)
{
        struct grub_cfg g = {}, untouched = { .entries = (char **) 0x1 };
        char *opts = (char *) 0x1;
        bool uki = false;

        assert_int_equal(grub_cfg_parse(LIT("if [ \"${next_entry}\" ] ; then\n set default=\"${next_entry}\"\nelse\n set default=\"0\"\nfi\n"
                                            "menuentry 'Debian' --class debian {\n\tlinux\t/boot/vmlinuz root=/dev/sda1 ro  quiet\n\tinitrd /initrd\n}\n"
                                            "submenu 'Advanced' {\n\tmenuentry 'x' {\n\t\tlinux /v init_on_free=1\n\t}\n}\n"
                                            "menuentry 'no linux' {\n}\n"), &g), 0);
        assert_int_equal(strv_length(g.entries), 3);
        assert_string_equal(g.entries[0], "root=/dev/sda1 ro  quiet");
        assert_string_equal(g.entries[1], "\x01submenu");
        assert_string_equal(g.entries[2], "");
        assert_int_equal(strv_length(g.defaults), 2);
        assert_string_equal(g.defaults[0], "\"${next_entry}\"");
        assert_string_equal(g.defaults[1], "\"0\"");
        grub_cfg_clear(&g);

        assert_int_equal(bls_entry_parse(LIT("title x\nlinux /vmlinuz\noptions a b\noptions c\n"), &opts, &uki), 0);
        assert_string_equal(opts, "a b c");
        assert_false(uki);
        free(opts);
        opts = (char *) 0x1;
        assert_int_equal(bls_entry_parse(LIT("title x\noptions a\n"), &opts, &uki), -EBADMSG);
        assert_ptr_equal(opts, (char *) 0x1);
        assert_int_equal(bls_entry_parse(LIT("efi /EFI/Linux/a.efi\n"), &opts, &uki), 0);
        assert_string_equal(opts, "");
        assert_true(uki);
        free(opts);
        (void) untouched;

        {
                /* A PE image: MZ, e_lfanew, PE\0\0, COFF header, no optional header, one .cmdline section. */
                char pe[0x40 + 24 + 40 + 8] = { 'M', 'Z' };
                char *t = (char *) 0x1;
                pe[0x3c] = 0x40;
                memcpy(pe + 0x40, "PE\0\0", 4);
                pe[0x40 + 6] = 1;                                /* one section */
                memcpy(pe + 0x58, ".cmdline", 8);
                pe[0x58 + 8] = 5;                                /* VirtualSize */
                pe[0x58 + 16] = 8;                               /* SizeOfRawData */
                pe[0x58 + 20] = (char) (0x58 + 40);              /* PointerToRawData */
                memcpy(pe + 0x58 + 40, "a b=1\0\0\0", 8);
                assert_int_equal(pe_section_text(pe, sizeof(pe), ".cmdline", &t), 1);
                assert_string_equal(t, "a b=1");
                free(t);
                t = (char *) 0x1;
                assert_int_equal(pe_section_text(pe, sizeof(pe), ".osrel", &t), 0);
                assert_ptr_equal(t, (char *) 0x1);
                /* Truncated, the raw data pointing past the end, not MZ: -EBADMSG, *ret untouched. */
                assert_int_equal(pe_section_text(pe, sizeof(pe) - 4, ".cmdline", &t), -EBADMSG);
                pe[0x58 + 20] = (char) 0xf0;
                assert_int_equal(pe_section_text(pe, sizeof(pe), ".cmdline", &t), -EBADMSG);
                pe[0] = 'X';
                assert_int_equal(pe_section_text(pe, sizeof(pe), ".cmdline", &t), -EBADMSG);
                assert_ptr_equal(t, (char *) 0x1);
        }

        /* The kernel stops at "--": what follows goes to init. */
        opts = cmdline_get("ro init_on_free=0 -- init_on_free=1", "init_on_free");
        assert_string_equal(opts, "0");
        free(opts);
}

static void test_small_formats(void **state)
{
        _cleanup_strv_free_ char **sys = NULL, **inetd = NULL;
        struct crypttab_entry *ct = NULL;
        size_t n = 0;
        char *v;

        assert_int_equal(sysctl_conf_parse(LIT("# c\nnet.ipv4.ip_forward = 1\n-net/ipv6/conf/all/forwarding=0\n"), &sys), 0);
        assert_string_equal(env_get(sys, "net.ipv4.ip_forward"), "1");
        assert_string_equal(env_get(sys, "net.ipv6.conf.all.forwarding"), "0");
        strv_free(sys);
        sys = NULL;
        /* systemd-sysctl ignores a line that is not an assignment; "-KEY" alone excludes KEY from globs. */
        assert_int_equal(sysctl_conf_parse(LIT("no equals sign\n-net.ipv4.conf.all.rp_filter\n"
                                               "net/ipv4/conf/eth0.1/forwarding = 1\n-net.ipv4.conf.*.forwarding = 0\n"), &sys), 0);
        assert_int_equal(strv_length(sys), 3);
        assert_string_equal(sys[0], "-net.ipv4.conf.all.rp_filter");
        assert_string_equal(sys[1], "net.ipv4.conf.eth0/1.forwarding=1");
        assert_string_equal(sys[2], "net.ipv4.conf.*.forwarding=0");

        assert_int_equal(inetd_conf_parse(LIT("#ftp stream tcp nowait root /usr/sbin/ftpd ftpd\n"
                                              "telnet stream tcp nowait telnetd /usr/sbin/tcpd /usr/sbin/in.telnetd\n"
                                              "127.0.0.1:shell stream tcp nowait root /usr/sbin/tcpd in.rshd\n"), &inetd), 0);
        assert_int_equal(strv_length(inetd), 2);
        assert_string_equal(inetd[0], "telnet");
        assert_string_equal(inetd[1], "shell");
        char **bad = (char **) 0x1;
        assert_int_equal(inetd_conf_parse(LIT("telnet stream tcp\n"), &bad), -EBADMSG);
        assert_ptr_equal(bad, (char **) 0x1);

        assert_int_equal(crypttab_parse(LIT("# name dev key opts\nswap /dev/sda2 /dev/urandom swap,cipher=aes-xts-plain64\nvar UUID=1 none luks\n"), &ct, &n), 0);
        assert_int_equal(n, 2);
        assert_string_equal(ct[0].name, "swap");
        assert_string_equal(ct[1].options, "luks");
        crypttab_free(ct, n);
        assert_int_equal(crypttab_parse(LIT("lonely\n"), &ct, &n), -EBADMSG);
        assert_int_equal(crypttab_parse(LIT("a b c d extra\n"), &ct, &n), -EBADMSG);

        v = cmdline_get("ro init_on_free=0 quiet init_on_free=1 x=\"a b\"", "init_on_free");
        assert_string_equal(v, "1");
        free(v);
        v = cmdline_get("init_on_freeX=1 quiet", "init_on_free");
        assert_null(v);
        v = cmdline_get("quiet", "quiet");
        assert_string_equal(v, "");
        free(v);
}

/* Repeats line n times into a buffer the caller frees. */
static char *repeat(const char *line, size_t n, size_t *ret_len)
{
        size_t l = strlen(line);
        char *b = xmalloc0(l * n + 1);

        for (size_t i = 0; i < n; i++)
                memcpy(b + i * l, line, l);
        *ret_len = l * n;
        return b;
}

static void test_oversized_inputs(void **state)
{
        size_t len;
        char *b;
        char **l = (char **) 0x1;
        struct package *pk = (struct package *) 0x1;
        struct crypttab_entry *ct = (struct crypttab_entry *) 0x1;
        size_t n = 7;

        /* One item over the limit: -E2BIG, and the out-parameters untouched. */
        b = repeat("A=1\n", PARSE_MAX_ITEMS + 1, &len);
        assert_int_equal(env_file_parse(b, len, &l), -E2BIG);
        free(b);
        b = repeat("net.x = 1\n", PARSE_MAX_ITEMS + 1, &len);
        assert_int_equal(sysctl_conf_parse(b, len, &l), -E2BIG);
        free(b);
        b = repeat("telnet stream tcp nowait root /x x\n", PARSE_MAX_ITEMS + 1, &len);
        assert_int_equal(inetd_conf_parse(b, len, &l), -E2BIG);
        free(b);
        b = repeat("name : aes\n", PARSE_MAX_ITEMS + 1, &len);
        assert_int_equal(proc_crypto_parse(b, len, &l), -E2BIG);
        free(b);
        assert_ptr_equal(l, (char **) 0x1);
        b = repeat("a b\n", PARSE_MAX_ITEMS + 1, &len);
        assert_int_equal(crypttab_parse(b, len, &ct, &n), -E2BIG);
        free(b);
        assert_ptr_equal(ct, (struct crypttab_entry *) 0x1);
        b = repeat("Package: a\nStatus: install ok installed\n\n", PARSE_MAX_ITEMS + 1, &len);
        assert_int_equal(dpkg_status_parse(b, len, &pk, &n), -E2BIG);
        free(b);
        assert_ptr_equal(pk, (struct package *) 0x1);
        assert_int_equal(n, 7);

        /* At the limit everything is kept, in linear time (these used to be quadratic). */
        b = repeat("A=1\n", PARSE_MAX_ITEMS, &len);
        assert_int_equal(env_file_parse(b, len, &l), 0);
        assert_int_equal(strv_length(l), PARSE_MAX_ITEMS);
        strv_free(l);
        free(b);
        b = repeat("name : aes\nname : xts(aes)\n", PARSE_MAX_ITEMS / 2, &len);
        assert_int_equal(proc_crypto_parse(b, len, &l), 0);
        assert_int_equal(strv_length(l), 2); /* sorted and unique */
        assert_string_equal(l[0], "aes");
        assert_string_equal(l[1], "xts(aes)");
        strv_free(l);
        free(b);
}

/* Every prefix of a valid input either parses or fails cleanly; never a crash or a half-set result. */
static void test_truncated_inputs(void **state)
{
        static const char env[] = "A=\"quoted value\"\nexport B='x'\n# c\nC=plain\n";
        static const char unit[] = "[Unit]\nBefore=a b\\\n c\n[Service]\nExecStop=x\n";
        static const char net[] = "hdr\n 0: 0100007F:0019 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 21391 1\n";
        static const char ctab[] = "swap /dev/sda2 /dev/urandom swap\nvar UUID=1 none luks\n";
        static const char dpkg[] = "Package: a\nStatus: install ok installed\nVersion: 1\n\nPackage: b\nStatus: install ok installed\n";

        for (size_t cut = 0; cut <= sizeof(env) - 1; cut++) {
                char **l = (char **) 0x1;
                int k = env_file_parse(env, cut, &l);
                if (k < 0)
                        assert_ptr_equal(l, (char **) 0x1);
                else
                        strv_free(l);
        }
        for (size_t cut = 0; cut <= sizeof(unit) - 1; cut++) {
                struct unit_setting *v = NULL;
                size_t n = 0;
                int k = unit_file_parse(unit, cut, "u", &v, &n);
                if (k < 0)
                        assert_int_equal(n, 0);
                unit_settings_free(v, n);
        }
        for (size_t cut = 0; cut <= sizeof(net) - 1; cut++) {
                struct listen_socket *v = NULL;
                size_t n = 0;
                int k = proc_net_parse(net, cut, AF_INET, IPPROTO_TCP, &v, &n);
                if (k < 0)
                        assert_int_equal(n, 0);
                free(v);
        }
        for (size_t cut = 0; cut <= sizeof(ctab) - 1; cut++) {
                struct crypttab_entry *v = (struct crypttab_entry *) 0x1;
                size_t n = 9;
                int k = crypttab_parse(ctab, cut, &v, &n);
                if (k < 0) {
                        assert_ptr_equal(v, (struct crypttab_entry *) 0x1);
                        assert_int_equal(n, 9);
                } else
                        crypttab_free(v, n);
        }
        for (size_t cut = 0; cut <= sizeof(dpkg) - 1; cut++) {
                struct package *v = (struct package *) 0x1;
                size_t n = 9;
                int k = dpkg_status_parse(dpkg, cut, &v, &n);
                if (k < 0) {
                        assert_ptr_equal(v, (struct package *) 0x1);
                        assert_int_equal(n, 9);
                } else
                        packages_free(v, n);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_dpkg_status),
                cmocka_unit_test(test_dpkg_status_malformed),
                cmocka_unit_test(test_env_file),
                cmocka_unit_test(test_env_file_malformed),
                cmocka_unit_test(test_unit_file),
                cmocka_unit_test(test_unit_file_malformed),
                cmocka_unit_test(test_proc_net),
                cmocka_unit_test(test_proc_net_malformed),
                cmocka_unit_test(test_shell_env),
                cmocka_unit_test(test_shell_env_malformed),
                cmocka_unit_test(test_grub_cfg),
                cmocka_unit_test(test_small_formats),
                cmocka_unit_test(test_oversized_inputs),
                cmocka_unit_test(test_truncated_inputs),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
