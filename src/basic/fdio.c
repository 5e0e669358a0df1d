/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>

#include "fdio.h"
#include "macro.h"

int read_full_fd(int fd, size_t max, char **ret, size_t *ret_len)
{
        _cleanup_free_ char *buf = NULL;
        size_t len = 0, cap = 0;

        for (;;) {
                ssize_t n;

                if (len == cap) {
                        /* Room for one byte past the cap, to notice oversized input. */
                        if (cap > max)
                                return -EFBIG;
                        cap = cap ? MIN(cap * 2, max + 1) : MIN((size_t) 4096, max + 1);
                        buf = xreallocarray(buf, cap + 1, 1);
                }
                n = read(fd, buf + len, cap - len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return negative_errno();
                }
                if (n == 0)
                        break;
                len += (size_t) n;
                if (len > max)
                        return -EFBIG;
        }
        buf = xreallocarray(buf, len + 1, 1);
        buf[len] = 0;
        *ret = TAKE_PTR(buf);
        if (ret_len)
                *ret_len = len;
        return 0;
}

int read_regular_fd(int fd, size_t max, char **ret, size_t *ret_len)
{
        struct stat st;

        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (!S_ISREG(st.st_mode))
                return -EBADFD;
        if ((uint64_t) st.st_size > max)
                return -EFBIG;
        /* Regular files never block; clear O_NONBLOCK for the rare FS that cares. */
        (void) fcntl(fd, F_SETFL, 0);
        return read_full_fd(fd, max, ret, ret_len);
}

int read_regular_file(const char *path, size_t max, char **ret, size_t *ret_len)
{
        _cleanup_close_ int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

        if (fd < 0)
                return negative_errno();
        return read_regular_fd(fd, max, ret, ret_len);
}

int write_full(int fd, const void *buf, size_t len)
{
        const char *p = buf;

        while (len > 0) {
                ssize_t n = write(fd, p, len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return negative_errno();
                }
                p += n;
                len -= (size_t) n;
        }
        return 0;
}

int write_file_atomic(const char *path, const void *buf, size_t len, unsigned mode)
{
        _cleanup_free_ char *tmp = xasprintf("%s.XXXXXX", path);
        _cleanup_close_ int fd = -1;
        int r;

        fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        r = write_full(fd, buf, len);
        if (r >= 0 && fchmod(fd, (mode_t) mode) < 0)
                r = negative_errno();
        if (r >= 0 && fsync(fd) < 0)
                r = negative_errno();
        if (r >= 0 && rename(tmp, path) < 0)
                r = negative_errno();
        if (r < 0) {
                (void) unlink(tmp);
                return r;
        }
        return fsync_parent_dir(path);
}

int fsync_parent_dir(const char *path)
{
        _cleanup_free_ char *copy = xstrdup(path);
        _cleanup_close_ int dfd = -1;

        dfd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return negative_errno();
        /* Some file systems cannot sync a directory (EINVAL); there is nothing more to do then. */
        if (fsync(dfd) < 0 && errno != EINVAL)
                return negative_errno();
        return 0;
}
