/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The directory implementation of the root source: the target is a directory
 * tree (an image's root, or "/" live) held as one O_PATH fd. Every path
 * resolves with openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS): an absolute
 * or ".." symlink in the tree resolves inside it and never reaches the host,
 * and a /proc/PID/root-style magic link is refused even live. Where the
 * kernel has no openat2 (before 5.6) chase_in_root() walks the same
 * confinement one component at a time. The fd never leaves this file.
 */
#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>

#include "chase.h"
#include "fdio.h"
#include "file-source.h"
#include "macro.h"
#include "rootfs.h"
#include "strv.h"

struct root_dir {
        int fd;
};

static const char *relative(const char *path)
{
        while (*path == '/')
                path++;
        return *path ? path : ".";
}

/* openat2 inside the root. flags are open(2) flags; O_CLOEXEC is always added. */
static int dir_openat(const struct root_dir *d, const char *path, int flags, int *ret_fd)
{
        struct open_how how = {
                .flags = (unsigned) (flags | O_CLOEXEC),
                .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
        };
        long fd;

        /* RESOLVE_IN_ROOT may answer EAGAIN when a rename races the walk; try again a few times. */
        for (unsigned attempt = 0; attempt < 8; attempt++) {
                fd = syscall(SYS_openat2, d->fd, relative(path), &how, sizeof(how));
                if (fd >= 0) {
                        *ret_fd = (int) fd;
                        return 0;
                }
                if (errno != EAGAIN)
                        break;
        }
        /* No openat2 (kernels before 5.6, valgrind): the same confinement, one component at a time. */
        if (errno == ENOSYS)
                return chase_in_root(d->fd, relative(path), flags, ret_fd);
        return negative_errno();
}

static int dir_read_file(void *data, const char *path, size_t max, char **ret, size_t *ret_len, struct stat *ret_st)
{
        _cleanup_close_ int fd = -1;
        _cleanup_free_ char *buf = NULL;
        size_t len = 0;
        struct stat st;
        int k;

        /* O_NONBLOCK: opening a FIFO must not wait for a writer. We refuse it right after. */
        k = dir_openat(data, path, O_RDONLY | O_NONBLOCK | O_NOCTTY, &fd);
        if (k < 0)
                return k;
        k = read_regular_fd(fd, max, &buf, &len);
        if (k < 0)
                return k;
        if (fstat(fd, &st) < 0)
                return negative_errno();
        *ret = TAKE_PTR(buf);
        *ret_len = len;
        *ret_st = st;
        return 0;
}

static int dir_stat(void *data, const char *path, bool nofollow, struct stat *ret)
{
        _cleanup_close_ int fd = -1;
        int k;

        k = dir_openat(data, path, O_PATH | (nofollow ? O_NOFOLLOW : 0), &fd);
        if (k < 0)
                return k;
        if (fstat(fd, ret) < 0)
                return negative_errno();
        return 0;
}

static bool dir_exists(void *data, const char *path)
{
        struct stat st;
        return dir_stat(data, path, false, &st) >= 0;
}

static int dir_list_dir(void *data, const char *path, size_t max_entries, char ***ret)
{
        int fd, k;

        k = dir_openat(data, path, O_RDONLY | O_DIRECTORY | O_NONBLOCK, &fd);
        if (k < 0)
                return k;
        return list_dir_fd(fd, max_entries, ret); /* takes fd over; 1 when cut at max_entries */
}

static int dir_readlink(void *data, const char *path, char **ret)
{
        _cleanup_close_ int fd = -1;
        char buf[4096];
        ssize_t n;
        int k;

        k = dir_openat(data, path, O_PATH | O_NOFOLLOW, &fd);
        if (k < 0)
                return k;
        n = readlinkat(fd, "", buf, sizeof(buf) - 1);
        if (n < 0)
                return negative_errno();
        buf[n] = 0;
        *ret = xstrdup(buf);
        return 0;
}

static void dir_free(void *data)
{
        struct root_dir *d = data;

        if (!d)
                return;
        if (d->fd >= 0)
                close(d->fd);
        free(d);
}

static const struct root_ops root_dir_ops = {
        .kind = "directory",
        .read_file = dir_read_file,
        .stat = dir_stat,
        .exists = dir_exists,
        .list_dir = dir_list_dir,
        .readlink = dir_readlink,
        .free = dir_free,
};

int root_open(const char *path, bool live, struct root **ret)
{
        struct root_dir *d;
        struct stat st;
        int fd;

        fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode)) {
                close(fd);
                return -ENOTDIR;
        }
        d = xmalloc0(sizeof(*d));
        d->fd = fd;
        return root_new(&root_dir_ops, d, path, live, ret);
}
