/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The root fd is the security boundary of offline assessment: build a hostile
 * tree at run time (FIFOs and sockets cannot live in git) and check that
 * nothing in it reaches the host, blocks, or costs memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "fdio.h"
#include "macro.h"
#include "rootfs.h"
#include "strv.h"

static char tree[] = "/tmp/bulwark-hostile-XXXXXX";

static void put(const char *rel, const char *content)
{
        _cleanup_free_ char *p = xasprintf("%s/%s", tree, rel);
        int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        assert_true(fd >= 0);
        assert_int_equal(write_full(fd, content, strlen(content)), 0);
        close(fd);
}

static void link_(const char *target, const char *rel)
{
        _cleanup_free_ char *p = xasprintf("%s/%s", tree, rel);
        assert_int_equal(symlink(target, p), 0);
}

static int setup(void **state)
{
        _cleanup_free_ char *p = NULL;
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        int fd, s;

        assert_non_null(mkdtemp(tree));
        p = xasprintf("%s/etc", tree);
        assert_int_equal(mkdir(p, 0755), 0);
        put("etc/hostname", "inside\n");
        link_("/etc/hostname", "abs-link");               /* absolute: must resolve inside */
        link_("../../../../../../etc/hostname", "dotdot-link");
        link_("/proc/self/root/etc/hostname", "magic-link");
        link_("loop-b", "loop-a");
        link_("loop-a", "loop-b");
        free(p);
        p = xasprintf("%s/fifo", tree);
        assert_int_equal(mkfifo(p, 0644), 0);
        free(p);
        p = xasprintf("%s/sparse", tree);
        fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        assert_true(fd >= 0);
        assert_int_equal(ftruncate(fd, (off_t) 8 << 30), 0);
        close(fd);
        free(p);
        p = xasprintf("%s/sock", tree);
        assert_true(strlen(p) < sizeof(sa.sun_path));
        memcpy(sa.sun_path, p, strlen(p));
        s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        assert_true(s >= 0);
        assert_int_equal(bind(s, (struct sockaddr *) &sa, sizeof(sa)), 0);
        close(s);
        return 0;
}

static int teardown(void **state)
{
        static const char *const names[] = { "etc/hostname", "abs-link", "dotdot-link", "magic-link", "loop-a",
                                             "loop-b", "fifo", "sparse", "sock" };
        for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
                _cleanup_free_ char *p = xasprintf("%s/%s", tree, names[i]);
                (void) unlink(p);
        }
        _cleanup_free_ char *etc = xasprintf("%s/etc", tree);
        (void) rmdir(etc);
        (void) rmdir(tree);
        return 0;
}

static void read_expect(struct root *r, const char *path, int expect, const char *content)
{
        char *buf = (char *) 0x1;
        size_t len = 7;
        int k = root_read_file(r, path, ROOT_READ_MAX_DEFAULT, &buf, &len);

        if (k != expect)
                fail_msg("%s: got %d (%s), want %d", path, k, strerror(-k), expect);
        if (expect == 0) {
                assert_string_equal(buf, content);
                free(buf);
        } else {
                assert_ptr_equal(buf, (char *) 0x1);
                assert_int_equal(len, 7);
        }
}

static void test_symlinks_stay_inside(void **state)
{
        _cleanup_(root_freep) struct root *r = NULL;

        assert_int_equal(root_open(tree, false, &r), 0);
        read_expect(r, "/etc/hostname", 0, "inside\n");
        read_expect(r, "/abs-link", 0, "inside\n");
        read_expect(r, "/dotdot-link", 0, "inside\n");
        read_expect(r, "/../../../etc/hostname", 0, "inside\n");
        read_expect(r, "/magic-link", -ENOENT, NULL); /* /proc does not exist in the tree */
        read_expect(r, "/loop-a", -ELOOP, NULL);
}

static void test_special_files_refused(void **state)
{
        _cleanup_(root_freep) struct root *r = NULL;

        assert_int_equal(root_open(tree, false, &r), 0);
        /* Would block forever if opened blocking; must be refused, not read. */
        read_expect(r, "/fifo", -EBADFD, NULL);
        read_expect(r, "/sock", -ENXIO, NULL);
        read_expect(r, "/sparse", -EFBIG, NULL);
        read_expect(r, "/etc", -EISDIR, NULL);
        read_expect(r, "/missing", -ENOENT, NULL);
}

static void test_list_dir(void **state)
{
        _cleanup_(root_freep) struct root *r = NULL;
        _cleanup_strv_free_ char **l = NULL;
        size_t n;

        assert_int_equal(root_open(tree, false, &r), 0);
        assert_int_equal(root_list_dir(r, "/", 1000, &l), 0);
        assert_true(strv_contains(l, "etc"));
        assert_true(strv_contains(l, "fifo"));
        assert_false(strv_contains(l, "."));
        strv_free(l);
        l = NULL;
        /* A listing cut at its cap says so: 1, never 0 for a part. */
        assert_int_equal(root_list_dir(r, "/", 2, &l), 1);
        assert_int_equal(strv_length(l), 2);
        strv_free(l);
        l = NULL;
        assert_int_equal(root_list_dir(r, "/", 1000, &l), 0);
        n = strv_length(l);
        strv_free(l);
        l = NULL;
        assert_int_equal(root_list_dir(r, "/", n, &l), 0);
        assert_int_equal(strv_length(l), n);
        strv_free(l);
        l = NULL;
        assert_int_equal(root_list_dir(r, "/", n - 1, &l), 1);
        assert_int_equal(root_list_dir(r, "/fifo", 10, &l), -ENOTDIR);
}

static void test_magic_link_live(void **state)
{
        _cleanup_(root_freep) struct root *r = NULL;
        struct stat st;

        /* Even live, a path through a /proc magic link is refused (no fd leaves the root source: its operations are what is tested). */
        assert_int_equal(root_open("/", true, &r), 0);
        read_expect(r, "/proc/self/root/etc/hostname", -ELOOP, NULL);
        assert_int_equal(root_stat(r, "/proc/self/root/etc/hostname", false, &st), -ELOOP);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_symlinks_stay_inside),
                cmocka_unit_test(test_special_files_refused),
                cmocka_unit_test(test_list_dir),
                cmocka_unit_test(test_magic_link_live),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
