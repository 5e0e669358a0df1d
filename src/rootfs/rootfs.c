/* SPDX-License-Identifier: GPL-2.0-or-later */
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

struct root {
        int fd;
        bool live;
        char *path;
};

int root_open(const char *path, bool live, struct root **ret)
{
        struct root *r;
        struct stat st;
        int fd;

        fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode)) {
                close(fd);
                return -ENOTDIR;
        }
        r = xmalloc0(sizeof(*r));
        r->fd = fd;
        r->live = live;
        r->path = xstrdup(path);
        *ret = r;
        return 0;
}

void root_free(struct root *r)
{
        if (!r)
                return;
        if (r->fd >= 0)
                close(r->fd);
        free(r->path);
        free(r);
}

bool root_is_live(const struct root *r) { return r->live; }
const char *root_path(const struct root *r) { return r->path; }
int root_fd(const struct root *r) { return r->fd; }

static const char *relative(const char *path)
{
        while (*path == '/')
                path++;
        return *path ? path : ".";
}

int root_openat(const struct root *r, const char *path, int flags, int *ret_fd)
{
        struct open_how how = {
                .flags = (unsigned) (flags | O_CLOEXEC),
                .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
        };
        long fd;

        /* RESOLVE_IN_ROOT may answer EAGAIN when a rename races the walk; try again a few times. */
        for (unsigned attempt = 0; attempt < 8; attempt++) {
                fd = syscall(SYS_openat2, r->fd, relative(path), &how, sizeof(how));
                if (fd >= 0) {
                        *ret_fd = (int) fd;
                        return 0;
                }
                if (errno != EAGAIN)
                        break;
        }
        /* No openat2 (kernels before 5.6, valgrind): the same confinement, one component at a time. */
        if (errno == ENOSYS)
                return chase_in_root(r->fd, relative(path), flags, ret_fd);
        return negative_errno();
}

int root_read_file(const struct root *r, const char *path, size_t max, char **ret, size_t *ret_len)
{
        _cleanup_close_ int fd = -1;
        int k;

        /* O_NONBLOCK: opening a FIFO must not wait for a writer. read_regular_fd() refuses it right after. */
        k = root_openat(r, path, O_RDONLY | O_NONBLOCK | O_NOCTTY, &fd);
        if (k < 0)
                return k;
        return read_regular_fd(fd, max, ret, ret_len);
}

int root_stat(const struct root *r, const char *path, bool nofollow, struct stat *ret)
{
        _cleanup_close_ int fd = -1;
        int k;

        k = root_openat(r, path, O_PATH | (nofollow ? O_NOFOLLOW : 0), &fd);
        if (k < 0)
                return k;
        if (fstat(fd, ret) < 0)
                return negative_errno();
        return 0;
}

bool root_exists(const struct root *r, const char *path)
{
        struct stat st;
        return root_stat(r, path, false, &st) >= 0;
}

int root_list_dir(const struct root *r, const char *path, size_t max_entries, char ***ret)
{
        int fd, k;

        k = root_openat(r, path, O_RDONLY | O_DIRECTORY | O_NONBLOCK, &fd);
        if (k < 0)
                return k;
        return list_dir_fd(fd, max_entries, ret);
}

int root_readlink(const struct root *r, const char *path, char **ret)
{
        _cleanup_close_ int fd = -1;
        char buf[4096];
        ssize_t n;
        int k;

        k = root_openat(r, path, O_PATH | O_NOFOLLOW, &fd);
        if (k < 0)
                return k;
        n = readlinkat(fd, "", buf, sizeof(buf) - 1);
        if (n < 0)
                return negative_errno();
        buf[n] = 0;
        *ret = xstrdup(buf);
        return 0;
}
