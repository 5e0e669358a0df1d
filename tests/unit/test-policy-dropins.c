/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One policy tree, two readers: `bulwark firewall` reads the host's files
 * (fw_policy_load()), the assessment reads the same tree as a target root
 * (collect_firewall() through the root fd). They must agree on which files
 * make the policy, in which order, and on what it says. Real files, real
 * symlinks, real directories in a temporary tree; the oracle is the ruleset
 * each policy compiles to and the list of files each read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compile.h"
#include "crypto-policy.h"
#include "facts.h"
#include "fdio.h"
#include "firewall-facts.h"
#include "macro.h"
#include "policy.h"
#include "strv.h"

struct tree {
        char dir[64];
        char *main_path;
        char *dropin_dir;
};

static void put(const struct tree *t, const char *rel, const char *text)
{
        _cleanup_free_ char *full = xasprintf("%s/%s", t->dropin_dir, rel);

        assert_int_equal(write_file_atomic(full, text, strlen(text), 0644), 0);
}

static void tree_make(struct tree *t, const char *main_text)
{
        _cleanup_free_ char *etc = NULL, *bw = NULL;

        snprintf(t->dir, sizeof(t->dir), "/tmp/bulwark-dropins-%d-XXXXXX", (int) getpid());
        assert_non_null(mkdtemp(t->dir));
        etc = xasprintf("%s/etc", t->dir);
        bw = xasprintf("%s/etc/bulwark", t->dir);
        assert_int_equal(mkdir(etc, 0755), 0);
        assert_int_equal(mkdir(bw, 0755), 0);
        t->main_path = xasprintf("%s" FW_DEFAULT_POLICY, t->dir);
        t->dropin_dir = xasprintf("%s" FW_DEFAULT_DROPIN, t->dir);
        assert_int_equal(write_file_atomic(t->main_path, main_text, strlen(main_text), 0644), 0);
        assert_int_equal(mkdir(t->dropin_dir, 0755), 0);
}

static void tree_remove(struct tree *t)
{
        _cleanup_free_ char *cmd = xasprintf("rm -rf '%s'", t->dir);

        assert_int_equal(system(cmd), 0);
        free(t->main_path);
        free(t->dropin_dir);
}

/* The assessment's view: the whole offline collection of the tree as a target root. */
static struct facts *collect(const struct tree *t)
{
        struct collect_options co = { .root = t->dir, .live = false };
        struct facts *f = NULL;

        assert_int_equal(facts_collect(&co, &f), 0);
        assert_non_null(f->firewall);
        return f;
}

static const char main_policy[] =
        "[Device]\nDHCPClient=yes\n"
        "[Zone eng]\nInterfaces=eth1\n"
        "[Conduit ssh]\nFrom=eng\nTo=device\nProtocol=tcp\nPorts=22\n";

/* Ordering, overrides, list clearing, ignored names, a masked and an empty drop-in. */
static void test_same_policy(void **state)
{
        _cleanup_(fw_policy_freep) struct fw_policy *host = NULL;
        _cleanup_(facts_freep) struct facts *f = NULL;
        _cleanup_free_ char *host_rules = NULL, *target_rules = NULL, *masked = NULL, *stray = NULL;
        struct fw_diags d = {};
        struct tree t;
        size_t n = 0;

        tree_make(&t, main_policy);
        /* 10 before 20: 20 clears the ports 10 added and sets its own; a scalar set again wins. */
        put(&t, "10-web.conf", "[Conduit ssh]\nPorts=2222\n[Conduit web]\nFrom=eng\nTo=device\nProtocol=tcp\nPorts=443\n");
        put(&t, "20-override.conf", "[Conduit ssh]\nPorts=\nPorts=22\n[Conduit web]\nLog=yes\n[Device]\nDHCPClient=no\n");
        put(&t, "40-empty.conf", "");
        /* Names that are not drop-ins: ignored by both, even when they would not parse. */
        put(&t, "README", "not a policy\n");
        put(&t, "50-old.conf.bak", "not a policy\n");
        put(&t, ".60-hidden.conf", "not a policy\n");
        /* systemd's masking: a drop-in linked to /dev/null is off. */
        masked = xasprintf("%s/30-vendor.conf", t.dropin_dir);
        assert_int_equal(symlink("/dev/null", masked), 0);
        /* A directory with a name that is not .conf is ignored as well. */
        stray = xasprintf("%s/archive", t.dropin_dir);
        assert_int_equal(mkdir(stray, 0755), 0);

        assert_int_equal(fw_policy_load(t.main_path, t.dropin_dir, &host, &d), 0);
        fw_diags_clear(&d);
        f = collect(&t);
        assert_int_equal(f->firewall->policy_err, 0);
        assert_non_null(f->firewall->policy);

        /* The same files, in the same order (host paths are the tree's, the target's are /etc/...). */
        assert_int_equal(strv_length(host->files), strv_length(f->firewall->policy_files));
        n = strv_length(host->files);
        assert_int_equal(n, 4);
        for (size_t i = 0; i < n; i++) {
                assert_true(startswith(host->files[i], t.dir));
                assert_string_equal(host->files[i] + strlen(t.dir), f->firewall->policy_files[i]);
        }
        assert_string_equal(f->firewall->policy_files[0], FW_DEFAULT_POLICY);
        assert_string_equal(f->firewall->policy_files[1], FW_DEFAULT_DROPIN "/10-web.conf");
        assert_string_equal(f->firewall->policy_files[2], FW_DEFAULT_DROPIN "/20-override.conf");
        assert_string_equal(f->firewall->policy_files[3], FW_DEFAULT_DROPIN "/40-empty.conf");

        /* The same policy: the rulesets they compile to are byte for byte equal. */
        assert_int_equal(fw_compile(host, &(struct fw_compile_options){}, &host_rules), 0);
        assert_int_equal(fw_compile(f->firewall->policy, &(struct fw_compile_options){}, &target_rules), 0);
        assert_string_equal(host_rules, target_rules);
        /* And it is the merged one: DHCPClient=no from 20, ssh back on 22 only, web logged. */
        assert_false(host->dhcp_client);
        assert_int_equal(host->n_conduits, 2);
        assert_string_equal(host->conduits[0].name, "ssh");
        assert_int_equal(host->conduits[0].n_ports, 1);
        assert_int_equal(host->conduits[0].ports[0].first, 22);
        assert_true(host->conduits[1].log);

        tree_remove(&t);
}

/*
 * A drop-in that is not a regular file (and not masked): the firewall
 * refuses the policy, so the assessment must not call it valid. Before the
 * shared loader the assessment skipped such a drop-in and judged the policy
 * without it, while `bulwark firewall apply` refused to load it.
 */
static void check_both_refuse(const char *what, void (*make)(const char *path))
{
        _cleanup_(fw_policy_freep) struct fw_policy *host = NULL;
        _cleanup_(facts_freep) struct facts *f = NULL;
        _cleanup_free_ char *bad = NULL, *text = NULL;
        struct fw_diags d = {};
        struct tree t;
        int k;

        tree_make(&t, main_policy);
        put(&t, "10-web.conf", "[Conduit web]\nFrom=eng\nTo=device\nProtocol=tcp\nPorts=443\n");
        bad = xasprintf("%s/20-%s.conf", t.dropin_dir, what);
        make(bad);

        k = fw_policy_load(t.main_path, t.dropin_dir, &host, &d);
        assert_true(k < 0);
        assert_null(host);
        text = fw_diags_format(&d);
        assert_non_null(strstr(text, bad));
        fw_diags_clear(&d);

        f = collect(&t);
        print_message("%s: firewall %s; assessment policy_err %d\n", what, strerror(-k), f->firewall->policy_err);
        assert_int_equal(f->firewall->policy_err, -EBADMSG);
        assert_null(f->firewall->policy);
        assert_non_null(f->firewall->diagnostics);
        /* The assessment quotes what the firewall says, with the target's path. */
        assert_non_null(strstr(f->firewall->diagnostics, bad + strlen(t.dir)));
        assert_non_null(strstr(f->firewall->diagnostics, "cannot read"));

        tree_remove(&t);
}

static void make_dir(const char *path) { assert_int_equal(mkdir(path, 0755), 0); }
static void make_dangling(const char *path) { assert_int_equal(symlink("/nonexistent-bulwark-policy.conf", path), 0); }
static void make_fifo(const char *path) { assert_int_equal(mkfifo(path, 0644), 0); }

static void test_dir_dropin_refused(void **state) { check_both_refuse("dir", make_dir); }
static void test_dangling_dropin_refused(void **state) { check_both_refuse("dangling", make_dangling); }
static void test_fifo_dropin_refused(void **state) { check_both_refuse("fifo", make_fifo); }

/*
 * The crypto policy reads FILE and FILE.d with the same loader: a masked
 * drop-in is off, other names are ignored, and a FIFO is refused (before, a
 * FIFO drop-in was opened non-blocking, read as empty and silently accepted).
 */
static void test_crypto_policy_dropins(void **state)
{
        _cleanup_free_ char *main_path = NULL, *dir = NULL, *masked = NULL, *fifo = NULL, *cmd = NULL;
        struct crypto_policy *p = NULL;
        char tmp[64], *err = NULL;

        snprintf(tmp, sizeof(tmp), "/tmp/bulwark-cp-dropins-%d-XXXXXX", (int) getpid());
        assert_non_null(mkdtemp(tmp));
        main_path = xasprintf("%s/site.conf", tmp);
        dir = xasprintf("%s/site.conf.d", tmp);
        assert_int_equal(write_file_atomic(main_path, "[policy]\nname = site\n", strlen("[policy]\nname = site\n"), 0644), 0);
        assert_int_equal(mkdir(dir, 0755), 0);
        {
                _cleanup_free_ char *a = xasprintf("%s/10-deny.conf", dir), *b = xasprintf("%s/README", dir);
                const char *deny = "[ssh-ciphers]\ndeny = aes256-gcm@openssh.com\n";
                assert_int_equal(write_file_atomic(a, deny, strlen(deny), 0644), 0);
                assert_int_equal(write_file_atomic(b, "not a policy\n", strlen("not a policy\n"), 0644), 0);
        }
        masked = xasprintf("%s/20-vendor.conf", dir);
        assert_int_equal(symlink("/dev/null", masked), 0);

        assert_int_equal(crypto_policy_load(main_path, &p, &err), 0);
        assert_int_equal(cp_ssh_cipher(p, "aes256-gcm@openssh.com").status, CP_DISALLOWED);
        assert_non_null(strstr(cp_ssh_cipher(p, "aes256-gcm@openssh.com").rule, "10-deny.conf:2"));
        crypto_policy_free(p);
        p = NULL;

        fifo = xasprintf("%s/30-fifo.conf", dir);
        assert_int_equal(mkfifo(fifo, 0644), 0);
        assert_int_equal(crypto_policy_load(main_path, &p, &err), -EBADFD);
        assert_null(p);
        assert_non_null(strstr(err, "30-fifo.conf"));
        free(err);

        cmd = xasprintf("rm -rf '%s'", tmp);
        assert_int_equal(system(cmd), 0);
}

/*
 * The crypto policy's main file is read as its drop-ins are: a FIFO (or a
 * directory) in its place is refused, never read as an empty policy. The
 * policy's own reader once opened it O_NONBLOCK and read whatever came.
 */
static void test_crypto_policy_main_not_regular(void **state)
{
        _cleanup_free_ char *main_path = NULL, *cmd = NULL;
        struct crypto_policy *p = NULL;
        char tmp[64], *err = NULL;

        snprintf(tmp, sizeof(tmp), "/tmp/bulwark-cp-main-%d-XXXXXX", (int) getpid());
        assert_non_null(mkdtemp(tmp));
        main_path = xasprintf("%s/site.conf", tmp);

        assert_int_equal(mkfifo(main_path, 0644), 0);
        assert_int_equal(crypto_policy_load(main_path, &p, &err), -EBADFD);
        assert_null(p);
        assert_non_null(strstr(err, "site.conf"));
        free(err);
        err = NULL;

        assert_int_equal(unlink(main_path), 0);
        assert_int_equal(mkdir(main_path, 0755), 0);
        assert_int_equal(crypto_policy_load(main_path, &p, &err), -EISDIR);
        assert_null(p);
        free(err);

        cmd = xasprintf("rm -rf '%s'", tmp);
        assert_int_equal(system(cmd), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_same_policy),
                cmocka_unit_test(test_dir_dropin_refused),
                cmocka_unit_test(test_dangling_dropin_refused),
                cmocka_unit_test(test_fifo_dropin_refused),
                cmocka_unit_test(test_crypto_policy_dropins),
                cmocka_unit_test(test_crypto_policy_main_not_regular),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
