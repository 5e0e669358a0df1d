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
