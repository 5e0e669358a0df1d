/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The unit resolver (src/collect/collect-units.c) on small trees written to
 * a temporary directory: drop-in resets, EnvironmentFile=, masks, aliases,
 * SysV scripts, the default target's closure and what it cannot decide.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collect.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

static char tree[64];

static void mkparents(const char *full)
{
        char *p = xstrdup(full);

        for (char *s = p + 1; *s; s++)
                if (*s == '/') {
                        *s = 0;
                        (void) mkdir(p, 0755);
                        *s = '/';
                }
        free(p);
}

static void put(const char *path, const char *text, mode_t mode)
{
        _cleanup_free_ char *full = xasprintf("%s%s", tree, path);
        FILE *f;

        mkparents(full);
        f = fopen(full, "we");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
        assert_int_equal(chmod(full, mode), 0);
}

static void ln(const char *path, const char *target)
{
        _cleanup_free_ char *full = xasprintf("%s%s", tree, path);

        mkparents(full);
        assert_int_equal(symlink(target, full), 0);
}

static int setup(void **state)
{
        (void) state;
        snprintf(tree, sizeof(tree), "/tmp/test-units.XXXXXX");
        assert_non_null(mkdtemp(tree));
        put("/lib/systemd/system/multi-user.target", "[Unit]\nRequires=basic.target\n", 0644);
        ln("/lib/systemd/system/default.target", "multi-user.target");
        return 0;
}

static int teardown(void **state)
{
        _cleanup_free_ char *cmd = xasprintf("rm -rf '%s'", tree);

        (void) state;
        assert_int_equal(system(cmd), 0);
        return 0;
}

static struct facts *collect(void)
{
        struct collect_options o = { .root = tree, .no_probe = true };
        struct facts *f = NULL;

        assert_int_equal(facts_collect(&o, &f), 0);
        return f;
}

#define SVC "[Service]\nExecStart=/usr/sbin/sshd -D $SSHD_OPTS\n[Install]\nWantedBy=multi-user.target\n"

static void test_dropin_exec_reset(void **state)
{
        _cleanup_(facts_freep) struct facts *f = NULL;
        const struct unit *u;

        (void) state;
        put("/lib/systemd/system/ssh.service", SVC, 0644);
        ln("/etc/systemd/system/multi-user.target.wants/ssh.service", "/lib/systemd/system/ssh.service");
        /* The vendor drop-in adds a second line; the admin's (later by name) resets and replaces both. */
        put("/usr/lib/systemd/system/ssh.service.d/10-vendor.conf", "[Service]\nExecStart=/bin/extra\n", 0644);
        put("/etc/systemd/system/ssh.service.d/50-admin.conf", "[Service]\nExecStart=\nExecStart=/usr/sbin/sshd -D -p 2222\n", 0644);
        /* Same file name in /etc and /lib: /etc's wins, /lib's is not read. */
        put("/etc/systemd/system/ssh.service.d/60-x.conf", "[Service]\nEnvironment=A=etc\n", 0644);
        put("/lib/systemd/system/ssh.service.d/60-x.conf", "[Service]\nEnvironment=A=lib\n", 0644);
        /* A drop-in linked to /dev/null reads as nothing. */
        ln("/etc/systemd/system/ssh.service.d/70-null.conf", "/dev/null");
        f = collect();
        u = facts_unit(f, "ssh.service");
        assert_non_null(u);
        assert_int_equal(strv_length(u->exec_start), 1);
        assert_string_equal(u->exec_start[0], "/usr/sbin/sshd -D -p 2222");
        assert_string_equal(unit_env_get(u, "A"), "etc");
        assert_true(u->enabled);
        assert_int_equal(u->starts, 1);
        assert_int_equal(facts_unit_starts(f, "ssh.service", NULL), 1);
        assert_non_null(strstr(u->starts_why, "multi-user.target -> ssh.service"));
}

static void test_environment_order(void **state)
{
        _cleanup_(facts_freep) struct facts *f = NULL;
        const struct unit *u;

        (void) state;
        put("/etc/systemd/system.conf", "[Manager]\nDefaultEnvironment=OPENSSL_CONF=/etc/ssl/main.cnf B=1\n", 0644);
        put("/etc/systemd/system.conf.d/20-b.conf", "[Manager]\nDefaultEnvironment=\"OPENSSL_CONF=/etc/ssl/drop in.cnf\"\n", 0644);
        put("/etc/default/ssh", "# comment\nSSHD_OPTS=\"-o PermitRootLogin=yes\"\nC = spaced value  \n", 0644);
        put("/lib/systemd/system/ssh.service",
            "[Service]\nEnvironment=SSHD_OPTS=-4 C=env\nEnvironmentFile=-/etc/default/ssh\nEnvironmentFile=-/etc/default/missing\n"
            "ExecStart=/usr/sbin/sshd -D $SSHD_OPTS\n[Install]\nWantedBy=multi-user.target\n", 0644);
        ln("/etc/systemd/system/multi-user.target.wants/ssh.service", "/lib/systemd/system/ssh.service");
        f = collect();
        u = facts_unit(f, "ssh.service");
        assert_non_null(u);
        /* The drop-in's DefaultEnvironment= comes after system.conf; EnvironmentFile= after Environment=. */
        assert_string_equal(unit_env_get(u, "OPENSSL_CONF"), "/etc/ssl/drop in.cnf");
        assert_string_equal(unit_env_get(u, "B"), "1");
        assert_string_equal(unit_env_get(u, "SSHD_OPTS"), "-o PermitRootLogin=yes");
        assert_string_equal(unit_env_get(u, "C"), "spaced value");
        assert_int_equal(u->starts, 1);
}

static void test_environment_file_missing(void **state)
{
        _cleanup_(facts_freep) struct facts *f = NULL;
        const struct unit *u;

        (void) state;
        put("/lib/systemd/system/ssh.service", "[Service]\nEnvironmentFile=/etc/default/ssh\nExecStart=/usr/sbin/sshd\n"
                                               "[Install]\nWantedBy=multi-user.target\n", 0644);
        ln("/etc/systemd/system/multi-user.target.wants/ssh.service", "/lib/systemd/system/ssh.service");
        f = collect();
        u = facts_unit(f, "ssh.service");
        assert_non_null(u);
        /* Without '-', a missing file stops the unit unless something makes it at run time: undecided. */
        assert_int_equal(u->starts, -1);
        assert_non_null(strstr(u->starts_why, "EnvironmentFile=/etc/default/ssh"));
}

static void test_masks(void **state)
{
        _cleanup_(facts_freep) struct facts *f = NULL;
        const struct unit *u;

        (void) state;
        put("/lib/systemd/system/nftables.service", "[Service]\nExecStart=/usr/sbin/nft -f /etc/nftables.conf\n"
                                                    "[Install]\nWantedBy=sysinit.target\n", 0644);
        ln("/etc/systemd/system/sysinit.target.wants/nftables.service", "/lib/systemd/system/nftables.service");
        put("/etc/systemd/system/nftables.service", "", 0644); /* an empty file masks, like /dev/null */
        put("/lib/systemd/system/cron.service", SVC, 0644);
        ln("/etc/systemd/system/multi-user.target.wants/cron.service", "/lib/systemd/system/cron.service");
        ln("/etc/systemd/system/cron.service", "/dev/null");
        /* However the link spells it, reaching /dev/null masks (the tree's /dev may be empty). */
        put("/lib/systemd/system/atd.service", SVC, 0644);
        ln("/etc/systemd/system/atd.service", "../../../dev/./null");
        f = collect();
        assert_true(facts_unit(f, "atd.service")->masked);
        u = facts_unit(f, "nftables.service");
        assert_non_null(u);
        assert_true(u->masked);
        assert_false(u->enabled);
        assert_int_equal(u->starts, 0);
        u = facts_unit(f, "cron.service");
        assert_non_null(u);
        assert_true(u->masked);
        assert_int_equal(facts_unit_starts(f, "cron.service", NULL), 0);
        assert_int_equal(facts_unit_starts(f, "not-in-the-tree.service", NULL), 0);
}

static void test_alias(void **state)
{
        _cleanup_(facts_freep) struct facts *f = NULL;
        const struct unit *u;

        (void) state;
        put("/lib/systemd/system/ssh.service", SVC "Alias=sshd.service\n", 0644);
        ln("/etc/systemd/system/sshd.service", "/lib/systemd/system/ssh.service");
        /* Pulled in under its alias name: the unit itself starts. */
        ln("/etc/systemd/system/multi-user.target.wants/sshd.service", "/lib/systemd/system/ssh.service");
        f = collect();
        u = facts_unit(f, "sshd.service");
        assert_non_null(u);
        assert_string_equal(u->name, "ssh.service");
        assert_true(strv_contains(u->aliases, "sshd.service"));
        assert_true(u->enabled);
        assert_int_equal(u->starts, 1);
        assert_int_equal(facts_unit_starts(f, "sshd.service", NULL), 1);
}

static void test_alias_without_link(void **state)
{
        _cleanup_(facts_freep) struct facts *f = NULL;
        const struct unit *u;

        (void) state;
        /*
         * Only the .wants entry carries the alias name: the manager adds a
         * dependency on sshd.service by that name, finds no file or alias link
         * for it, and starts nothing (the link's target is not followed).
         */
        put("/lib/systemd/system/ssh.service", SVC "Alias=sshd.service\n", 0644);
        ln("/etc/systemd/system/multi-user.target.wants/sshd.service", "/lib/systemd/system/ssh.service");
        f = collect();
        u = facts_unit(f, "ssh.service");
        assert_non_null(u);
        assert_false(u->enabled);
        assert_int_equal(u->starts, 0);
        u = facts_unit(f, "sshd.service");
        assert_non_null(u);
        assert_null(u->path);
        assert_int_equal(u->starts, 0);
        assert_non_null(strstr(u->starts_why, "no unit file"));
}

static void test_socket_trigger(void **state)
{
        _cleanup_(facts_freep) struct facts *f = NULL;
        const struct unit *u;

        (void) state;
        put("/lib/systemd/system/ssh.service", "[Service]\nExecStart=/usr/sbin/sshd -i\n", 0644);
        put("/lib/systemd/system/ssh.socket", "[Socket]\nListenStream=22\nListenStream=\nListenStream=2222\n"
                                              "[Install]\nWantedBy=sockets.target\n", 0644);
        ln("/etc/systemd/system/sockets.target.wants/ssh.socket", "/lib/systemd/system/ssh.socket");
        f = collect();
        u = facts_unit(f, "ssh.socket");
        assert_non_null(u);
        assert_int_equal(strv_length(u->listen), 1);
        assert_string_equal(u->listen[0], "ListenStream=2222");
        assert_int_equal(u->starts, 1);
        u = facts_unit(f, "ssh.service");
        assert_non_null(u);
        assert_false(u->enabled);
        assert_int_equal(u->starts, 1);
        assert_non_null(strstr(u->starts_why, "ssh.socket -> ssh.service"));
}

static void test_sysv(void **state)
{
        _cleanup_(facts_freep) struct facts *f = NULL;
        const struct unit *u;

        (void) state;
        put("/etc/init.d/legacyd", "#!/bin/sh\n", 0755);
        ln("/etc/rc2.d/S02legacyd", "../init.d/legacyd");
        put("/etc/init.d/idle", "#!/bin/sh\n", 0755);
        ln("/etc/rc2.d/K01idle", "../init.d/idle");
        put("/etc/init.d/native", "#!/bin/sh\n", 0755);
        ln("/etc/rc2.d/S01native", "../init.d/native");
        put("/lib/systemd/system/native.service", "[Service]\nExecStart=/bin/native\n", 0644);
        put("/etc/init.d/README", "not a script\n", 0644);
        f = collect();
        u = facts_unit(f, "legacyd.service");
        assert_non_null(u);
        assert_string_equal(u->sysv_script, "/etc/init.d/legacyd");
        assert_int_equal(u->starts, 1);
        u = facts_unit(f, "idle.service");
        assert_non_null(u);
        assert_int_equal(u->starts, 0);
        /* A native unit of the name wins: no script behind it, and not started (nothing wants it). */
        u = facts_unit(f, "native.service");
        assert_non_null(u);
        assert_null(u->sysv_script);
        assert_int_equal(u->starts, 0);
        assert_null(facts_unit(f, "README.service"));
}

static void test_default_target_elsewhere(void **state)
{
        _cleanup_(facts_freep) struct facts *f = NULL;
        const struct unit *u;

        (void) state;
        put("/lib/systemd/system/kiosk.target", "[Unit]\nWants=app.service\n", 0644);
        put("/lib/systemd/system/app.service", "[Service]\nExecStart=/usr/bin/app\n", 0644);
        /* The app's default dependencies pull in sysinit.target, and with it what sysinit.target.wants holds. */
        put("/lib/systemd/system/nftables.service", "[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/usr/sbin/nft -f /etc/nftables.conf\n", 0644);
        ln("/etc/systemd/system/sysinit.target.wants/nftables.service", "/lib/systemd/system/nftables.service");
        ln("/etc/systemd/system/default.target", "/lib/systemd/system/kiosk.target");
        put("/lib/systemd/system/ssh.service", SVC, 0644);
        ln("/etc/systemd/system/multi-user.target.wants/ssh.service", "/lib/systemd/system/ssh.service");
        f = collect();
        u = facts_unit(f, "ssh.service");
        assert_non_null(u);
        assert_true(u->enabled);
        assert_int_equal(u->starts, 0);
        assert_non_null(strstr(u->starts_why, "kiosk.target"));
        u = facts_unit(f, "nftables.service");
        assert_non_null(u);
        assert_int_equal(u->starts, 1);
        assert_non_null(strstr(u->starts_why, "kiosk.target -> app.service -> sysinit.target -> nftables.service"));
}

static void test_link_loop_undecided(void **state)
{
        _cleanup_(facts_freep) struct facts *f = NULL;
        const struct unit *u;

        (void) state;
        ln("/etc/systemd/system/a.service", "b.service");
        ln("/etc/systemd/system/b.service", "a.service");
        ln("/etc/systemd/system/multi-user.target.wants/a.service", "/etc/systemd/system/a.service");
        put("/lib/systemd/system/off.service", SVC, 0644);
        f = collect();
        u = facts_unit(f, "a.service");
        assert_non_null(u);
        assert_int_equal(u->starts, -1);
        assert_non_null(strstr(u->starts_why, "loop"));
        /* systemd cannot load it either, so it pulls nothing in: the rest stays decided. */
        assert_int_equal(facts_unit_starts(f, "off.service", NULL), 0);
        assert_int_equal(facts_unit_starts(f, "not-in-the-tree.service", NULL), 0);
}

static void test_unreadable_in_closure(void **state)
{
        _cleanup_(facts_freep) struct facts *f = NULL;
        _cleanup_free_ char *big = xmalloc0(300 * 1024 + 1);
        const struct unit *u;

        (void) state;
        /* Over the read cap: systemd would read it, we cannot, so what it pulls in is unknown. */
        memset(big, '#', 300 * 1024);
        put("/lib/systemd/system/huge.service", big, 0644);
        ln("/etc/systemd/system/multi-user.target.wants/huge.service", "/lib/systemd/system/huge.service");
        put("/lib/systemd/system/off.service", SVC, 0644);
        f = collect();
        u = facts_unit(f, "huge.service");
        assert_non_null(u);
        assert_int_equal(u->starts, -1);
        assert_int_equal(facts_unit_starts(f, "off.service", NULL), -1);
        assert_int_equal(facts_unit_starts(f, "not-in-the-tree.service", NULL), -1);
}

static void test_env_file_parser(void **state)
{
        const char in[] = "A=1\n  B = 'x y' \n#C=3\n;D=4\nE=\"q\\\"q\"\nF=a\\\nb\nnot an assignment\nG=\n";
        _cleanup_strv_free_ char **l = NULL, **w = NULL, **keep = NULL;

        (void) state;
        assert_int_equal(unit_env_file_parse(in, sizeof(in) - 1, &l), 0);
        assert_int_equal(strv_length(l), 5);
        assert_string_equal(l[0], "A=1");
        assert_string_equal(l[1], "B=x y");
        assert_string_equal(l[2], "E=q\"q");
        assert_string_equal(l[3], "F=ab");
        assert_string_equal(l[4], "G=");
        assert_int_equal(unit_words("X=1 \"Y=a b\" Z='c'", &w), 0);
        assert_int_equal(strv_length(w), 3);
        assert_string_equal(w[1], "Y=a b");
        assert_string_equal(w[2], "Z=c");
        keep = NULL;
        assert_int_equal(unit_words("X=\"open", &keep), -EBADMSG);
        assert_null(keep);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_dropin_exec_reset, setup, teardown),
                cmocka_unit_test_setup_teardown(test_environment_order, setup, teardown),
                cmocka_unit_test_setup_teardown(test_environment_file_missing, setup, teardown),
                cmocka_unit_test_setup_teardown(test_masks, setup, teardown),
                cmocka_unit_test_setup_teardown(test_alias, setup, teardown),
                cmocka_unit_test_setup_teardown(test_alias_without_link, setup, teardown),
                cmocka_unit_test_setup_teardown(test_socket_trigger, setup, teardown),
                cmocka_unit_test_setup_teardown(test_sysv, setup, teardown),
                cmocka_unit_test_setup_teardown(test_default_target_elsewhere, setup, teardown),
                cmocka_unit_test_setup_teardown(test_link_loop_undecided, setup, teardown),
                cmocka_unit_test_setup_teardown(test_unreadable_in_closure, setup, teardown),
                cmocka_unit_test(test_env_file_parser),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
