/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fdio.h"
#include "file-source.h"
#include "macro.h"
#include "strv.h"

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
        /* Regular files never block; clear O_NONBLOCK for the rare file system that cares. */
        (void) fcntl(fd, F_SETFL, 0);
        return read_full_fd(fd, max, ret, ret_len);
}

int read_regular_file(const char *path, size_t max, char **ret, size_t *ret_len)
{
        _cleanup_close_ int fd = -1;

        /* O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused right after. */
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return negative_errno();
        return read_regular_fd(fd, max, ret, ret_len);
}

int list_dir_fd(int fd, size_t max_entries, char ***ret)
{
        _cleanup_strv_free_ char **l = NULL;
        struct dirent *de;
        size_t n = 0;
        bool truncated = false;
        DIR *d;

        d = fdopendir(fd);
        if (!d) {
                int k = negative_errno();
                close(fd);
                return k;
        }
        l = xmalloc0(sizeof(char *));
        while ((de = readdir(d))) {
                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                if (n++ >= max_entries) {
                        truncated = true;
                        break;
                }
                strv_push(&l, de->d_name);
        }
        closedir(d);
        strv_sort(l);
        *ret = TAKE_PTR(l);
        return truncated ? 1 : 0;
}

int list_dir_sorted(const char *path, size_t max_entries, char ***ret)
{
        int fd;

        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0)
                return negative_errno();
        return list_dir_fd(fd, max_entries, ret);
}

int readlink_malloc(const char *path, char **ret)
{
        char buf[PATH_MAX];
        ssize_t n;

        n = readlink(path, buf, sizeof(buf) - 1);
        if (n < 0)
                return negative_errno();
        buf[n] = 0;
        *ret = xstrdup(buf);
        return 0;
}

static int host_read_file(void *userdata, const char *path, size_t max, char **ret, size_t *ret_len)
{
        return read_regular_file(path, max, ret, ret_len);
}

static int host_list_dir(void *userdata, const char *path, size_t max_entries, char ***ret)
{
        return list_dir_sorted(path, max_entries, ret);
}

static int host_readlink(void *userdata, const char *path, char **ret)
{
        return readlink_malloc(path, ret);
}

const struct file_source file_source_host = {
        .read_file = host_read_file,
        .list_dir = host_list_dir,
        .readlink = host_readlink,
};
