/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The root source is a table of operations (src/rootfs/rootfs.h). These
 * tests run the real collectors, the evidence copy and the factory reset
 * configuration through a second implementation of that table, the
 * in-memory tree of mem-root.c (the stand-in for issue 16's disk image
 * reader), and check that they see the same target: whatever a collector
 * needs, it gets through the table, never through an fd or a host path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <sys/stat.h>

#include "check.h"
#include "collect.h"
#include "evidence-copy.h"
#include "facts.h"
#include "factory-reset.h"
#include "firewall-facts.h"
#include "macro.h"
#include "mem-root.h"
#include "model.h"
#include "rootfs.h"
#include "strv.h"

static const char *const fixtures[] = { "minimal", "stock-debian", "cip-hardened", "crypto-weak", "hostile", "hostile-strings" };

static struct mem_node *put(struct mem_tree *t, const char *path, const char *text)
{
        return mem_tree_file(t, path, text, strlen(text), 0644);
}

static void mkdirs(struct mem_tree *t, const char *const *dirs)
{
        for (size_t i = 0; dirs[i]; i++)
                assert_non_null(mem_tree_dir(t, dirs[i]));
}

static char *render_json(const struct facts *f)
{
        const struct profile p = { .sl = 3, .role = ROLE_NETWORK, .crypto_policy = "nist" };
        _cleanup_(report_freep) struct report *r = NULL;
        enum report_format fmt;
        char *buf = NULL;
        size_t len = 0;
        FILE *out;

        assert_int_equal(assess_run(f, &p, &r), 0);
        /* Where the target is differs by design ("memory:NAME" is no host path); everything else must not. */
        free(r->root);
        r->root = xstrdup("TARGET");
        assert_int_equal(report_format_from_string("json", &fmt), 0);
        out = open_memstream(&buf, &len);
        assert_non_null(out);
        assert_int_equal(report_write(r, fmt, &(struct report_write_options){}, out), 0);
        assert_int_equal(fclose(out), 0);
        return buf;
}

/*
 * Every fixture tree, assessed through the directory and through the
 * in-memory copy of it: the whole orchestrator, every collector, the checks
 * and the JSON report. The in-memory target is named "memory:NAME", which
 * is no path on the host, so a collector that read the target any other
 * way than through the table would find nothing and the reports would differ.
 */
static void test_fixtures_same_facts(void **state)
{
        for (size_t i = 0; i < ARRAY_SIZE(fixtures); i++) {
                _cleanup_free_ char *dir = xasprintf("%s/%s", FIXTURES_DIR, fixtures[i]);
                _cleanup_free_ char *name = xasprintf("memory:%s", fixtures[i]);
                _cleanup_free_ char *a = NULL, *b = NULL;
                _cleanup_(facts_freep) struct facts *fd = NULL, *fm = NULL;
                const struct collect_options co = { .root = dir, .live = false };
                struct mem_tree *t = mem_tree_new();
                struct root *r = NULL;
                struct stat st;

                assert_int_equal(mem_tree_load(t, dir), 0);
                assert_int_equal(mem_root_new(t, name, false, &r), 0);
                assert_true(stat(name, &st) < 0);
                assert_string_equal(root_kind(r), "memory");

                assert_int_equal(facts_collect(&co, &fd), 0);
                assert_int_equal(facts_collect_from(r, &(struct collect_options){}, &fm), 0);
                /* The collectors asked the table, and only it. */
                assert_true(t->calls > 50);
                assert_string_equal(fm->root_dir, name);
                assert_false(fm->live);

                /* The files read and their hashes, the caps, the secret marks: the same. */
                if (fd->n_files != fm->n_files)
                        fail_msg("%s: %zu files read through the directory, %zu through memory", fixtures[i], fd->n_files, fm->n_files);
                for (size_t k = 0; k < fd->n_files; k++) {
                        assert_string_equal(fd->files[k].path, fm->files[k].path);
                        assert_string_equal(fd->files[k].sha256, fm->files[k].sha256);
                }
                assert_int_equal(fd->n_caps, fm->n_caps);
                for (size_t k = 0; k < fd->n_caps; k++) {
                        assert_int_equal(fd->caps[k].area, fm->caps[k].area);
                        assert_string_equal(fd->caps[k].text, fm->caps[k].text);
                }
                assert_int_equal(fd->sensitive.n, fm->sensitive.n);
                for (size_t k = 0; k < fd->sensitive.n; k++)
                        assert_string_equal(fd->sensitive.v[k].path, fm->sensitive.v[k].path);

                a = render_json(fd);
                b = render_json(fm);
                if (!streq(a, b))
                        fail_msg("%s: the report through the directory and through memory differ", fixtures[i]);
        }
}

static struct facts *mem_facts(struct mem_tree *t)
{
        struct root *r = NULL;

        assert_int_equal(mem_root_new(t, "memory:test", false, &r), 0);
        return facts_new(r);
}

static void run(struct facts *f, const char *name)
{
        for (const struct collector *const *row = collectors; *row; row++)
                if (streq((*row)->name, name)) {
                        const struct collector *c = *row;

                        f->collecting = c->area;
                        c->collect(f, &(struct collect_options){});
                        f->collecting = 0;
                        return;
                }
        fail_msg("no collector %s", name);
}

/* collect_system and collect_units on a tree that exists nowhere but in memory. */
static void test_collectors_on_memory_tree(void **state)
{
        static const char *const dirs[] = {
                "/etc", "/etc/systemd", "/etc/systemd/system", "/etc/systemd/system/multi-user.target.wants",
                "/etc/systemd/system/app.service.d", "/lib", "/lib/systemd", "/lib/systemd/system",
                "/usr", "/usr/bin", "/var", "/var/lib", "/var/lib/dpkg", "/etc/xinetd.d", NULL,
        };
        struct mem_tree *t = mem_tree_new();
        _cleanup_(facts_freep) struct facts *f = NULL;
        _cleanup_free_ char *big = NULL;
        const struct unit *u;

        mkdirs(t, dirs);
        put(t, "/etc/hostname", "mem-device\n");
        /* os-release is a link to /usr/lib, resolved inside the tree. */
        mem_tree_dir(t, "/usr/lib");
        put(t, "/usr/lib/os-release", "PRETTY_NAME=\"Memory Linux 1\"\nID=memory\n");
        mem_tree_symlink(t, "/etc/os-release", "../usr/lib/os-release");
        put(t, "/var/lib/dpkg/status", "Package: openssh-server\nStatus: install ok installed\nVersion: 1:9.2p1-2\nArchitecture: arm64\n\n");
        put(t, "/etc/xinetd.d/telnet", "service telnet\n{\n disable = no\n}\n");
        put(t, "/etc/xinetd.d/ftp", "service ftp\n{\n disable = yes\n}\n");
        mem_tree_file(t, "/usr/bin/bulwark", "\x7f" "ELF", 4, 0755);
        put(t, "/lib/systemd/system/app.service", "[Service]\nExecStart=/usr/bin/app\n");
        put(t, "/etc/systemd/system/app.service.d/10-harden.conf", "[Service]\nProtectSystem=strict\n");
        mem_tree_symlink(t, "/etc/systemd/system/multi-user.target.wants/app.service", "/lib/systemd/system/app.service");
        mem_tree_symlink(t, "/etc/systemd/system/telnet.service", "/dev/null");
        put(t, "/lib/systemd/system/telnet.service", "[Service]\nExecStart=/usr/sbin/in.telnetd\n");
        /* Over UNIT_FILE_MAX: the cap is recorded against the units, as through the directory. */
        big = xmalloc0(300 * 1024 + 1);
        memset(big, '#', 300 * 1024);
        put(t, "/lib/systemd/system/big.service", big);

        f = mem_facts(t);
        run(f, "system");
        run(f, "units");

        assert_string_equal(f->hostname, "mem-device");
        assert_string_equal(f->os_pretty_name, "Memory Linux 1");
        assert_string_equal(f->os_id, "memory");
        assert_int_equal(f->packages.err, 0);
        assert_non_null(facts_package(f, "openssh-server"));
        assert_string_equal(facts_package(f, "openssh-server")->version, "1:9.2p1-2");
        assert_true(strv_contains(f->inetd.services, "telnet"));
        assert_false(strv_contains(f->inetd.services, "ftp"));
        assert_string_equal(f->bulwark_path, "/usr/bin/bulwark");

        u = facts_unit(f, "app.service");
        assert_non_null(u);
        assert_true(u->enabled);
        assert_string_equal(u->path, "/lib/systemd/system/app.service");
        assert_string_equal(unit_get(u, "Service", "ProtectSystem"), "strict");
        assert_true(strv_contains(u->wanted_by, "multi-user.target"));
        u = facts_unit(f, "telnet.service");
        assert_non_null(u);
        assert_true(u->masked);
        assert_false(u->enabled);
        assert_null(facts_unit(f, "big.service")->path);
        assert_int_equal(facts_unit(f, "big.service")->starts, -1);
        assert_non_null(facts_cap(f, FACTS_UNITS));
        assert_non_null(strstr(facts_cap(f, FACTS_UNITS), "/lib/systemd/system/big.service is larger than the 262144-byte cap"));
        /* Evidence hashes are the facts model's, whatever the implementation. */
        assert_non_null(facts_file(f, "/etc/hostname"));
        assert_non_null(facts_file(f, "/etc/os-release"));
}

/* A listing cut by its cap is recorded as one, by facts_list_dir(), for any implementation. */
static void test_list_cap_recorded(void **state)
{
        static const char *const dirs[] = { "/etc", "/etc/systemd", "/etc/systemd/system", "/etc/systemd/system/app.service.d", NULL };
        struct mem_tree *t = mem_tree_new();
        _cleanup_(facts_freep) struct facts *f = NULL;

        mkdirs(t, dirs);
        put(t, "/etc/systemd/system/app.service", "[Service]\nExecStart=/usr/bin/app\n");
        for (unsigned i = 0; i < 300; i++) {
                _cleanup_free_ char *p = xasprintf("/etc/systemd/system/app.service.d/%03u.conf", i);
                put(t, p, "[Service]\nNice=1\n");
        }
        f = mem_facts(t);
        run(f, "units");
        assert_non_null(facts_cap(f, FACTS_UNITS));
        assert_string_equal(facts_cap(f, FACTS_UNITS), "/etc/systemd/system/app.service.d has more than 256 entries; only 256 were listed");
        assert_null(facts_cap(f, FACTS_OS));
}

/* An implementation that breaks the contract cannot hand the collectors more than they asked for. */
static void test_contract_kept_by_dispatcher(void **state)
{
        struct mem_tree *t = mem_tree_new();
        _cleanup_(root_freep) struct root *r = NULL;
        _cleanup_strv_free_ char **l = NULL;
        char *buf = NULL;
        size_t len = 0;

        mem_tree_dir(t, "/d");
        put(t, "/d/c", "3");
        put(t, "/d/a", "1");
        put(t, "/d/b", "2");
        put(t, "/big", "0123456789");
        t->lie = true;
        assert_int_equal(mem_root_new(t, "memory:liar", false, &r), 0);

        assert_int_equal(root_read_file(r, "/big", 4, &buf, &len), -EFBIG);
        assert_null(buf);
        assert_int_equal(root_list_dir(r, "/d", 2, &l), 1);
        assert_int_equal(strv_length(l), 2);
        assert_false(strv_contains(l, ".") || strv_contains(l, ".."));
        strv_free(l);
        l = NULL;
        /* Sorted by the dispatcher, whatever order the implementation used. */
        assert_int_equal(root_list_dir(r, "/d", 10, &l), 0);
        assert_int_equal(strv_length(l), 3);
        assert_string_equal(l[0], "a");
        assert_string_equal(l[1], "b");
        assert_string_equal(l[2], "c");
        assert_int_equal(root_new(NULL, NULL, "x", false, &(struct root *){ NULL }), -EINVAL);
}

/* Symlinks resolve inside the tree in memory too: absolute and ".." links, loops. */
static void test_memory_links_stay_inside(void **state)
{
        struct mem_tree *t = mem_tree_new();
        _cleanup_(root_freep) struct root *r = NULL;
        _cleanup_free_ char *a = NULL, *b = NULL, *lnk = NULL;
        struct stat st;
        char *c = NULL;

        mem_tree_dir(t, "/etc");
        put(t, "/etc/hostname", "inside\n");
        mem_tree_symlink(t, "/abs-link", "/etc/hostname");
        mem_tree_symlink(t, "/dotdot-link", "../../../../etc/hostname");
        mem_tree_symlink(t, "/loop-a", "loop-b");
        mem_tree_symlink(t, "/loop-b", "loop-a");
        assert_int_equal(mem_root_new(t, "memory:links", false, &r), 0);
        assert_int_equal(root_read_file(r, "/abs-link", 100, &a, NULL), 0);
        assert_string_equal(a, "inside\n");
        assert_int_equal(root_read_file(r, "/dotdot-link", 100, &b, NULL), 0);
        assert_string_equal(b, "inside\n");
        assert_int_equal(root_read_file(r, "/loop-a", 100, &c, NULL), -ELOOP);
        assert_int_equal(root_read_file(r, "/etc", 100, &c, NULL), -EISDIR);
        assert_int_equal(root_stat(r, "/abs-link", true, &st), 0);
        assert_true(S_ISLNK(st.st_mode));
        assert_int_equal(root_readlink(r, "/abs-link", &lnk), 0);
        assert_string_equal(lnk, "/etc/hostname");
        assert_false(root_exists(r, "/etc/passwd"));
}

/* Evidence copying and the factory reset configuration read through the table as well. */
static void test_evidence_and_factory_reset(void **state)
{
        static const char *const dirs[] = { "/etc", "/usr", "/usr/share", "/usr/share/factory-reset", NULL };
        struct mem_tree *t = mem_tree_new();
        _cleanup_(facts_freep) struct facts *f = NULL;
        struct factory_reset_config cfg = {};
        const struct evidence_request req[] = {
                { .path = "/etc/motd", .is_file = true },
                { .path = "/etc/backup-of-shadow", .is_file = true },
                { .path = "/etc", .is_file = false },
        };
        struct evidence_copy *c = NULL;
        size_t n = 0;

        mkdirs(t, dirs);
        put(t, "/etc/motd", "hello\n");
        put(t, "/etc/shadow", "root:$y$j9T$abc$def:19000:0:99999:7:::\n");
        assert_non_null(mem_tree_hardlink(t, "/etc/backup-of-shadow", "/etc/shadow"));
        put(t, FACTORY_RESET_ENV_PATH, "INITRAMFS_FACTORY_RESET_DEVICES=\"/dev/disk/by-partlabel/var\"\n");
        f = mem_facts(t);

        assert_int_equal(evidence_copy_collect(f, req, ARRAY_SIZE(req), &c, &n), 0);
        assert_int_equal(n, 2); /* the directory is no file: left out */
        assert_int_equal(c[0].status, EVIDENCE_COPIED);
        assert_memory_equal(c[0].data, "hello\n", 6);
        /* Another name of /etc/shadow's inode: withheld, the bytes never leave. */
        assert_int_equal(c[1].status, EVIDENCE_WITHHELD);
        assert_null(c[1].data);
        evidence_copies_free(c, n);

        assert_int_equal(factory_reset_config_load(f->root, &cfg), 0);
        assert_int_equal(strv_length(cfg.reset_devices), 1);
        assert_string_equal(cfg.reset_devices[0], "/dev/disk/by-partlabel/var");
        factory_reset_config_done(&cfg);
}

/* What every row may write: the model's own members (the caps, the files read, the secret marks). */
static const struct facts_member model[] = {
        FACTS_MEMBER(root), FACTS_MEMBER(root_dir), FACTS_MEMBER(live), FACTS_MEMBER(read_budget), FACTS_MEMBER(collecting),
        FACTS_MEMBER(caps), FACTS_MEMBER(n_caps), FACTS_MEMBER(files), FACTS_MEMBER(n_files), FACTS_MEMBER(sensitive),
};

static void allow(bool *mask, const struct facts_member *r, size_t n)
{
        for (size_t i = 0; i < n && r[i].len > 0; i++)
                for (size_t b = 0; b < r[i].len; b++)
                        mask[r[i].off + b] = true;
}

/*
 * One owner per area: a row of the orchestrator writes its own members of
 * struct facts and no other row's (it may read them). The tree makes every
 * row write something, including what used to be written twice: the boot
 * ruleset compiled from an enabled Bulwark policy (once set by the network
 * collector, then replaced by the firewall's) and the kernel's crypto
 * modules (once filled by the LUKS collector). What is compared is the bytes
 * of the members (scalars, pointers), not what they point to: a row that
 * appended to another's list in place would not show, one that set, freed or
 * replaced it does.
 */
static void test_one_owner_per_area(void **state)
{
        static const char *const dirs[] = {
                "/etc", "/etc/bulwark", "/etc/systemd", "/etc/systemd/system", "/etc/systemd/system/sysinit.target.wants",
                "/lib", "/lib/modules", "/lib/modules/6.1.0-18-arm64", "/etc/ssh", "/etc/network", NULL,
        };
        struct mem_tree *t = mem_tree_new();
        _cleanup_(facts_freep) struct facts *f = NULL;
        const struct collect_options o = {};
        size_t rows = 0;

        mkdirs(t, dirs);
        put(t, "/etc/hostname", "owners\n");
        put(t, "/etc/bulwark/policy.conf", "[Zone eng]\nInterfaces=eth1\n[Conduit ssh]\nFrom=eng\nTo=device\nProtocol=tcp\nPorts=22\nIslandSafe=yes\n");
        put(t, "/etc/systemd/system/bulwark-firewall.service", "[Service]\nExecStart=/usr/bin/bulwark firewall apply\n");
        mem_tree_symlink(t, "/etc/systemd/system/sysinit.target.wants/bulwark-firewall.service", "../bulwark-firewall.service");
        put(t, "/lib/modules/6.1.0-18-arm64/modules.builtin", "kernel/crypto/xts.ko\n");
        put(t, "/etc/fstab", "/dev/mmcblk0p2 / ext4 ro 0 1\n");
        put(t, "/etc/network/interfaces", "iface eth0 inet dhcp\n");
        put(t, "/etc/ssh/sshd_config", "PermitRootLogin no\n");
        f = mem_facts(t);

        for (const struct collector *const *row = collectors; *row; row++, rows++) {
                const struct collector *c = *row;
                _cleanup_free_ bool *mask = xmalloc0(sizeof(struct facts));
                struct facts before = *f;

                allow(mask, model, ARRAY_SIZE(model));
                if (c->owns[0].len == 0)
                        fail_msg("row %s: owns no member of struct facts (.owns)", c->name);
                /* No two rows own one byte. */
                for (const struct collector *const *other = collectors; *other; other++)
                        for (size_t i = 0; *other != c && i < COLLECTOR_OWNS_MAX && (*other)->owns[i].len; i++)
                                for (size_t j = 0; j < COLLECTOR_OWNS_MAX && c->owns[j].len; j++)
                                        if ((*other)->owns[i].off < c->owns[j].off + c->owns[j].len &&
                                            c->owns[j].off < (*other)->owns[i].off + (*other)->owns[i].len)
                                                fail_msg("rows %s and %s both own offset %zu", c->name, (*other)->name, c->owns[j].off);
                allow(mask, c->owns, COLLECTOR_OWNS_MAX);
                f->collecting = c->area;
                c->collect(f, &o);
                f->collecting = 0;
                for (size_t b = 0; b < sizeof(struct facts); b++)
                        if (!mask[b] && ((const unsigned char *) &before)[b] != ((const unsigned char *) f)[b])
                                fail_msg("row %s wrote struct facts at offset %zu, which is another row's", c->name, b);
        }
        /* The table is COLLECTORS, all of it. */
#define ONE(name) + 1
        assert_int_equal(rows, 0 COLLECTORS(ONE));
#undef ONE
        /* Every row had something to write: the test sees what it is meant to see. */
        assert_non_null(f->ruleset.source);
        assert_non_null(strstr(f->ruleset.source, "compiled by bulwark firewall"));
        assert_non_null(f->kernel.crypto_modules);
        assert_true(f->firewall && f->firewall->firewall_enabled);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_fixtures_same_facts),
                cmocka_unit_test(test_collectors_on_memory_tree),
                cmocka_unit_test(test_list_cap_recorded),
                cmocka_unit_test(test_contract_kept_by_dispatcher),
                cmocka_unit_test(test_memory_links_stay_inside),
                cmocka_unit_test(test_evidence_and_factory_reset),
                cmocka_unit_test(test_one_owner_per_area),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
