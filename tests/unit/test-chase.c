/* SPDX-License-Identifier: GPL-2.0-or-later */
/* chase_in_root(): the openat2(RESOLVE_IN_ROOT) fallback, checked against openat2 itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "chase.h"
#include "fdio.h"
#include "macro.h"

static char tree[] = "/tmp/bulwark-chase-XXXXXX";
static int rootfd = -1;

static void put(const char *path, const char *text)
{
        _cleanup_free_ char *p = xasprintf("%s/%s", tree, path);
        assert_int_equal(write_file_atomic(p, text, strlen(text), 0644), 0);
}

static void link_(const char *target, const char *path)
{
        _cleanup_free_ char *p = xasprintf("%s/%s", tree, path);
        assert_int_equal(symlink(target, p), 0);
}

static int setup(void **state)
{
        if (!mkdtemp(tree))
                return -1;
        _cleanup_free_ char *etc = xasprintf("%s/etc", tree), *dir = xasprintf("%s/dir", tree);
        if (mkdir(etc, 0755) < 0 || mkdir(dir, 0755) < 0)
                return -1;
        put("etc/passwd", "root:x:0:0\n");
        put("etc/hostname", "inside\n");
        put("file", "plain\n");
        link_("/etc/passwd", "abs");                  /* absolute: the root's /etc, not the host's */
        link_("../../../../etc/hostname", "up");      /* climbs out: clamped at the root */
        link_("../etc/passwd", "dir/rel");
        link_("/dir/rel", "chain");                   /* a link to a link */
        link_("loop", "loop");
        link_("/nonexistent", "dangling");
        link_("/etc", "etclink");
        rootfd = open(tree, O_PATH | O_DIRECTORY | O_CLOEXEC);
        return rootfd < 0 ? -1 : 0;
}

static int teardown(void **state)
{
        _cleanup_free_ char *cmd = xasprintf("rm -rf %s", tree);
        close(rootfd);
        return system(cmd) == 0 ? 0 : -1;
}

static char *read_via_chase(const char *path)
{
        _cleanup_close_ int fd = -1;
        char *buf = NULL;
        size_t len;

        if (chase_in_root(rootfd, path, O_RDONLY, &fd) < 0)
                return NULL;
        assert_int_equal(read_full_fd(fd, 4096, &buf, &len), 0);
        return buf;
}

static void test_links_stay_inside(void **state)
{
        static const char *const paths[] = { "abs", "up", "dir/rel", "chain", "etclink/passwd", "/etc/../etc/passwd",
                                             "../../etc/hostname", "etc/passwd" };

        for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
                _cleanup_free_ char *text = read_via_chase(paths[i]);
                assert_non_null(text);
                assert_true(streq(text, "root:x:0:0\n") || streq(text, "inside\n"));
        }
}

static void test_errors(void **state)
{
        int fd = -1234;

        assert_int_equal(chase_in_root(rootfd, "loop", O_RDONLY, &fd), -ELOOP);
        assert_int_equal(chase_in_root(rootfd, "dangling", O_RDONLY, &fd), -ENOENT);
        assert_int_equal(chase_in_root(rootfd, "file/x", O_RDONLY, &fd), -ENOTDIR);
        assert_int_equal(chase_in_root(rootfd, "abs", O_RDONLY | O_NOFOLLOW, &fd), -ELOOP);
        assert_int_equal(fd, -1234); /* untouched on failure */
}

static void test_nofollow_path_opens_the_link(void **state)
{
        _cleanup_close_ int fd = -1;
        struct stat st;

        assert_int_equal(chase_in_root(rootfd, "dir/rel", O_PATH | O_NOFOLLOW, &fd), 0);
        assert_int_equal(fstat(fd, &st), 0);
        assert_true(S_ISLNK(st.st_mode));
}

/* Where the kernel has openat2, both must open the same inode for every path. */
static void test_same_as_openat2(void **state)
{
        static const char *const paths[] = { "abs", "up", "dir/rel", "chain", "etclink/passwd", ".", "..", "dir/..",
                                             "loop", "dangling", "file/x", "etc//hostname/", "etc/hostname" };
        struct open_how how = { .flags = O_RDONLY | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };

        for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
                _cleanup_close_ int a = -1, b = -1;
                struct stat sa, sb;
                int ka;

                a = (int) syscall(SYS_openat2, rootfd, paths[i], &how, sizeof(how));
                if (a < 0 && errno == ENOSYS)
                        skip();
                ka = a < 0 ? -errno : 0;
                if (a < 0)
                        a = -1;
                assert_int_equal(chase_in_root(rootfd, paths[i], O_RDONLY, &b) < 0 ? -1 : 0, ka < 0 ? -1 : 0);
                if (ka < 0)
                        continue;
                assert_int_equal(fstat(a, &sa), 0);
                assert_int_equal(fstat(b, &sb), 0);
                assert_int_equal(sa.st_ino, sb.st_ino);
                assert_int_equal(sa.st_dev, sb.st_dev);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_links_stay_inside),
                cmocka_unit_test(test_errors),
                cmocka_unit_test(test_nofollow_path_opens_the_link),
                cmocka_unit_test(test_same_as_openat2),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}
