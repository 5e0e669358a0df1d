/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "facts-source.h"
#include "macro.h"
#include "rootfs.h"

static int facts_source_read_file(void *userdata, const char *path, size_t max, char **ret, size_t *ret_len)
{
        return facts_read_file(userdata, path, max, ret, ret_len);
}

static int facts_source_list_dir(void *userdata, const char *path, size_t max_entries, char ***ret)
{
        struct facts *f = userdata;

        return root_list_dir(f->root, path, max_entries, ret);
}

static int facts_source_readlink(void *userdata, const char *path, char **ret)
{
        struct facts *f = userdata;

        return root_readlink(f->root, path, ret);
}

struct file_source facts_file_source(struct facts *f)
{
        return (struct file_source){
                .read_file = facts_source_read_file,
                .list_dir = facts_source_list_dir,
                .readlink = facts_source_readlink,
                .userdata = f,
        };
}
