/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The root source's dispatcher: every root_*() call goes to the
 * implementation's table, and what the contract in rootfs.h promises that can
 * be checked here is checked here (the read cap, the listing cap, sorted
 * names), so every implementation gives the collectors the same guarantees.
 */
#include "macro.h"
#include "rootfs.h"
#include "strv.h"

struct root {
        const struct root_ops *ops;
        void *data;
        bool live;
        char *path;
};

int root_new(const struct root_ops *ops, void *data, const char *path, bool live, struct root **ret)
{
        struct root *r;

        if (!ops || !ops->read_file || !ops->stat || !ops->exists || !ops->list_dir || !ops->readlink || !ops->free || !path) {
                if (ops && ops->free)
                        ops->free(data);
                return -EINVAL;
        }
        r = xmalloc0(sizeof(*r));
        r->ops = ops;
        r->data = data;
        r->live = live;
        r->path = xstrdup(path);
        *ret = r;
        return 0;
}

void root_free(struct root *r)
{
        if (!r)
                return;
        r->ops->free(r->data);
        free(r->path);
        free(r);
}

bool root_is_live(const struct root *r) { return r->live; }
const char *root_path(const struct root *r) { return r->path; }
const char *root_kind(const struct root *r) { return r->ops->kind; }
const struct root_image_info *root_image(const struct root *r) { return r->ops->image ? r->ops->image(r->data) : NULL; }

int root_read_file_stat(const struct root *r, const char *path, size_t max, char **ret, size_t *ret_len, struct stat *ret_st)
{
        _cleanup_free_ char *buf = NULL;
        struct stat st;
        size_t len = 0;
        int k;

        if (!path)
                return -EINVAL;
        k = r->ops->read_file(r->data, path, max, &buf, &len, &st);
        if (k < 0)
                return k;
        /* The cap is the caller's promise to itself: no implementation may hand back more. */
        if (len > max)
                return -EFBIG;
        *ret = TAKE_PTR(buf);
        if (ret_len)
                *ret_len = len;
        if (ret_st)
                *ret_st = st;
        return 0;
}

int root_read_file(const struct root *r, const char *path, size_t max, char **ret, size_t *ret_len)
{
        return root_read_file_stat(r, path, max, ret, ret_len, NULL);
}

int root_stat(const struct root *r, const char *path, bool nofollow, struct stat *ret)
{
        if (!path)
                return -EINVAL;
        return r->ops->stat(r->data, path, nofollow, ret);
}

bool root_exists(const struct root *r, const char *path)
{
        return path && r->ops->exists(r->data, path);
}

int root_list_dir(const struct root *r, const char *path, size_t max_entries, char ***ret)
{
        _cleanup_strv_free_ char **l = NULL;
        size_t n = 0;
        int k;

        if (!path)
                return -EINVAL;
        k = r->ops->list_dir(r->data, path, max_entries, &l);
        if (k < 0)
                return k;
        if (!l)
                l = xmalloc0(sizeof(char *));
        /* Names only: drop "." and "..", and keep the cap whatever the implementation did. */
        for (size_t i = 0; l[i]; i++) {
                if (streq(l[i], ".") || streq(l[i], "..")) {
                        free(l[i]);
                        continue;
                }
                if (n >= max_entries) {
                        free(l[i]);
                        k = 1;
                        continue;
                }
                l[n++] = l[i];
        }
        l[n] = NULL;
        /* Sorted here, so every implementation lists in the same order and facts do not depend on it. */
        strv_sort(l);
        *ret = TAKE_PTR(l);
        return k > 0 ? 1 : 0;
}

int root_readlink(const struct root *r, const char *path, char **ret)
{
        if (!path)
                return -EINVAL;
        return r->ops->readlink(r->data, path, ret);
}
