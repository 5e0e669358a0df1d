/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Self-confinement: each test confines a forked child (confinement cannot be
 * undone) and the child reports what it could and could not do.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "confine.h"
#include "fdio.h"
#include "macro.h"

static char tree[] = "/tmp/bulwark-confine-XXXXXX";

static int setup(void **state)
{
        _cleanup_free_ char *out = NULL;

        if (!mkdtemp(tree))
                return -1;
        out = xasprintf("%s/out", tree);
        return mkdir(out, 0755) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
        _cleanup_free_ char *cmd = xasprintf("rm -rf %s", tree);
        return system(cmd) == 0 ? 0 : -1;
}

/* Runs fn in a confined child; returns its exit status (0 = every expectation held), or the failing step. */
static int in_child(int (*fn)(const struct confine_result *r), const char *no_landlock)
{
        _cleanup_free_ char *out = xasprintf("%s/out", tree);
        pid_t pid = fork();
        int status;

        assert_true(pid >= 0);
        if (pid == 0) {
                const char *dirs[] = { out, NULL };
                struct confine_options o = { .write_dirs = dirs, .keep_caps = confine_assess_caps,
                                             .n_keep_caps = confine_assess_n_caps, .no_landlock_reason = no_landlock };
                struct confine_result r;

                if (confine_self(&o, &r) < 0)
                        _exit(100);
                _exit(fn(&r));
        }
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        return WEXITSTATUS(status);
}

static int try_create(const char *dir, const char *name)
{
        _cleanup_free_ char *p = xasprintf("%s/%s", dir, name);
        int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

        if (fd < 0)
                return -errno;
        close(fd);
        return 0;
}

static int child_landlock(const struct confine_result *r)
{
        _cleanup_free_ char *out = xasprintf("%s/out", tree), *text = NULL, *rep = NULL;
        _cleanup_close_ int fd = -1;
        size_t len;

        if (!r->no_new_privs || prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
                return 1;
        if (r->landlock_abi == 0)
                return strstr(r->note, "no Landlock") ? 0 : 2; /* nothing more to prove on this kernel */
        if (!r->landlock || !strstr(r->note, "Landlock ABI"))
                return 3;
        /* Reading anywhere still works. */
        fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
        if (fd < 0 || read_full_fd(fd, 1 << 16, &text, &len) < 0)
                return 4;
        /* Writing outside the granted directory does not, not even in /tmp. */
        if (try_create(tree, "escape") != -EACCES)
                return 5;
        if (try_create("/tmp", "bulwark-confine-escape") != -EACCES)
                return 6;
        /* Inside it, the atomic write of a report (temporary file, rename) does. */
        rep = xasprintf("%s/report.json", out);
        if (write_file_atomic(rep, "{}", 2, 0644) < 0 || write_file_atomic(rep, "{}\n", 3, 0644) < 0)
                return 7;
        /* /dev/null stays writable for libraries that want it. */
        {
                int n = open("/dev/null", O_WRONLY | O_CLOEXEC);
                if (n < 0)
                        return 8;
                close(n);
        }
        return 0;
}

static void test_landlock_read_only_but_output(void **state)
{
        _cleanup_free_ char *rep = xasprintf("%s/out/report.json", tree), *escape = xasprintf("%s/escape", tree);
        struct stat st;

        assert_int_equal(in_child(child_landlock, NULL), 0);
        if (confine_landlock_abi() > 0) {
                assert_int_equal(stat(rep, &st), 0);
                assert_int_equal(st.st_size, 3);
                assert_int_equal(stat(escape, &st), -1);
        }
}

static int child_no_landlock(const struct confine_result *r)
{
        if (r->landlock)
                return 1;
        if (!strstr(r->note, "no Landlock (because)"))
                return 2;
        /* Without Landlock, ordinary permissions decide: root may still create here. */
        return try_create(tree, "allowed") == 0 || geteuid() != 0 ? 0 : 3;
}

static void test_landlock_can_be_left_out(void **state)
{
        assert_int_equal(in_child(child_no_landlock, "because"), 0);
}

static int child_caps(const struct confine_result *r)
{
        struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
        struct __user_cap_data_struct d[2] = {};
        uint64_t eff, perm, want = 0;

        if (syscall(SYS_capget, &h, d) < 0)
                return 1;
        eff = (uint64_t) d[0].effective | (uint64_t) d[1].effective << 32;
        perm = (uint64_t) d[0].permitted | (uint64_t) d[1].permitted << 32;
        if (geteuid() != 0)
                return eff == 0 && !r->caps_dropped ? 0 : 2;
        for (unsigned i = 0; i < confine_assess_n_caps; i++)
                want |= 1ULL << confine_assess_caps[i];
        if (!r->caps_dropped || (eff & ~want) || (perm & ~want))
                return 3;
        /* What an exploit would want is gone from the bounding set too. */
        if (prctl(PR_CAPBSET_READ, CAP_SYS_MODULE, 0, 0, 0) != 0 || prctl(PR_CAPBSET_READ, CAP_SETUID, 0, 0, 0) != 0 ||
            prctl(PR_CAPBSET_READ, CAP_SYS_RAWIO, 0, 0, 0) != 0)
                return 4;
        /* And what assessing needs is still there: the throwaway network namespace of the ruleset load. */
        if (unshare(CLONE_NEWNET) < 0)
                return 5;
        return 0;
}

static void test_capabilities_reduced(void **state)
{
        assert_int_equal(in_child(child_caps, NULL), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_landlock_read_only_but_output),
                cmocka_unit_test(test_landlock_can_be_left_out),
                cmocka_unit_test(test_capabilities_reduced),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
