/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The in-memory root source: symlinks resolve inside the tree as
 * openat2(RESOLVE_IN_ROOT) resolves them (absolute targets from the tree's
 * root, ".." clamped there, at most 40 links), only regular files are read,
 * and the caps are kept, so a collector sees the same target it would see
 * through the directory implementation.
 */
#include <dirent.h>
#include <fcntl.h>

#include "fdio.h"
#include "macro.h"
#include "mem-root.h"
#include "rootfs.h"
#include "strv.h"

#define MEM_MAX_LINKS 40

struct mem_tree *mem_tree_new(void)
{
        struct mem_tree *t = xmalloc0(sizeof(*t));

        t->next_ino = 1000;
        (void) mem_tree_dir(t, "/");
        return t;
}

static struct mem_node *lookup(const struct mem_tree *t, const char *path)
{
        for (size_t i = 0; i < t->n; i++)
                if (streq(t->v[i].path, path))
                        return &t->v[i];
        return NULL;
}

static struct mem_node *add(struct mem_tree *t, const char *path, mode_t mode)
{
        struct mem_node *n;

        t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
        n = &t->v[t->n++];
        *n = (struct mem_node){ .path = xstrdup(path), .mode = mode, .ino = t->next_ino++ };
        return n;
}

struct mem_node *mem_tree_file(struct mem_tree *t, const char *path, const char *data, size_t len, mode_t perm)
{
        struct mem_node *n = add(t, path, S_IFREG | perm);

        n->data = xmalloc0(len + 1);
        memcpy(n->data, data, len);
        n->len = len;
        return n;
}

struct mem_node *mem_tree_dir(struct mem_tree *t, const char *path)
{
        return add(t, path, S_IFDIR | 0755);
}

struct mem_node *mem_tree_symlink(struct mem_tree *t, const char *path, const char *target)
{
        struct mem_node *n = add(t, path, S_IFLNK | 0777);

        n->link = xstrdup(target);
        return n;
}

struct mem_node *mem_tree_hardlink(struct mem_tree *t, const char *path, const char *existing)
{
        const struct mem_node *e = lookup(t, existing);
        struct mem_node *n;
        ino_t ino;

        if (!e || !S_ISREG(e->mode))
                return NULL;
        ino = e->ino;
        n = mem_tree_file(t, path, e->data, e->len, e->mode & 07777);
        n->ino = ino;
        return n;
}

static int load_dir(struct mem_tree *t, int dfd, const char *path)
{
        DIR *d = fdopendir(dfd);
        struct dirent *de;
        int k = 0;

        if (!d) {
                close(dfd);
                return negative_errno();
        }
        while (k >= 0 && (de = readdir(d))) {
                _cleanup_free_ char *p = NULL;
                struct mem_node *n;
                struct stat st;

                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                p = xasprintf("%s/%s", streq(path, "/") ? "" : path, de->d_name);
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                        k = negative_errno();
                        break;
                }
                if (S_ISDIR(st.st_mode)) {
                        int sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                        if (sub < 0) {
                                k = negative_errno();
                                break;
                        }
                        n = mem_tree_dir(t, p);
                        n->mode = st.st_mode;
                        k = load_dir(t, sub, p);
                        continue;
                }
                if (S_ISLNK(st.st_mode)) {
                        char target[4096];
                        ssize_t l = readlinkat(dirfd(d), de->d_name, target, sizeof(target) - 1);
                        if (l < 0) {
                                k = negative_errno();
                                break;
                        }
                        target[l] = 0;
                        n = mem_tree_symlink(t, p, target);
                } else if (S_ISREG(st.st_mode)) {
                        _cleanup_free_ char *buf = NULL;
                        size_t len = 0;
                        int fd = openat(dirfd(d), de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
                        if (fd < 0) {
                                k = negative_errno();
                                break;
                        }
                        k = read_full_fd(fd, 64u << 20, &buf, &len);
                        close(fd);
                        if (k < 0)
                                break;
                        n = mem_tree_file(t, p, buf, len, st.st_mode & 07777);
                } else
                        n = add(t, p, st.st_mode);
                n->mode = st.st_mode;
                n->uid = st.st_uid;
                n->gid = st.st_gid;
                /* Hard links in the host tree stay one inode here. */
                n->ino = st.st_ino;
        }
        closedir(d);
        return k;
}

int mem_tree_load(struct mem_tree *t, const char *host_dir)
{
        int fd = open(host_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        struct mem_node *r = lookup(t, "/");
        struct stat st;

        if (fd < 0)
                return negative_errno();
        if (fstat(fd, &st) < 0) {
                close(fd);
                return negative_errno();
        }
        r->mode = st.st_mode;
        r->uid = st.st_uid;
        r->gid = st.st_gid;
        r->ino = st.st_ino;
        return load_dir(t, fd, "/");
}

/* The node path names, symlinks resolved inside the tree (the last one only when follow). */
static int resolve(const struct mem_tree *t, const char *path, bool follow, const struct mem_node **ret)
{
        _cleanup_free_ char *cur = xstrdup(""), *rest = xstrdup(path);
        const struct mem_node *n;
        unsigned links = 0;

        for (;;) {
                const char *p = rest, *after;
                _cleanup_free_ char *comp = NULL;
                char *next;
                bool last;

                p += strspn(p, "/");
                if (!*p)
                        break;
                comp = xstrndup(p, strcspn(p, "/"));
                after = p + strlen(comp);
                last = after[strspn(after, "/")] == 0;
                if (streq(comp, ".")) {
                        next = xstrdup(after);
                } else if (streq(comp, "..")) {
                        char *slash = strrchr(cur, '/');
                        if (slash)
                                *slash = 0; /* at the root ".." stays there */
                        next = xstrdup(after);
                } else {
                        _cleanup_free_ char *cand = xasprintf("%s/%s", cur, comp);

                        n = lookup(t, cand);
                        if (!n)
                                return -ENOENT;
                        if (S_ISLNK(n->mode) && (!last || follow)) {
                                if (++links > MEM_MAX_LINKS)
                                        return -ELOOP;
                                if (n->link[0] == '/') {
                                        free(cur);
                                        cur = xstrdup("");
                                }
                                next = xasprintf("%s/%s", n->link, after);
                        } else {
                                if (!last && !S_ISDIR(n->mode))
                                        return -ENOTDIR;
                                free(cur);
                                cur = TAKE_PTR(cand);
                                next = xstrdup(after);
                        }
                }
                free(rest);
                rest = next;
        }
        n = lookup(t, cur[0] ? cur : "/");
        if (!n)
                return -ENOENT;
        *ret = n;
        return 0;
}

static void fill_stat(const struct mem_node *n, struct stat *st)
{
        *st = (struct stat){
                .st_mode = n->mode,
                .st_uid = n->uid,
                .st_gid = n->gid,
                .st_ino = n->ino,
                .st_dev = 0x4d454d, /* "MEM" */
                .st_nlink = 1,
                .st_size = S_ISREG(n->mode) ? (off_t) n->len : S_ISLNK(n->mode) ? (off_t) strlen(n->link) : 4096,
        };
}

static int mem_read_file(void *data, const char *path, size_t max, char **ret, size_t *ret_len, struct stat *ret_st)
{
        struct mem_tree *t = data;
        const struct mem_node *n;
        int k;

        t->calls++;
        k = resolve(t, path, true, &n);
        if (k < 0)
                return k;
        if (S_ISDIR(n->mode))
                return -EISDIR;
        if (!S_ISREG(n->mode))
                return -EBADFD;
        if (n->len > max && !t->lie)
                return -EFBIG;
        *ret = xmalloc0(n->len + 1);
        memcpy(*ret, n->data, n->len);
        *ret_len = n->len;
        fill_stat(n, ret_st);
        return 0;
}

static int mem_stat(void *data, const char *path, bool nofollow, struct stat *ret)
{
        struct mem_tree *t = data;
        const struct mem_node *n;
        int k;

        t->calls++;
        k = resolve(t, path, !nofollow, &n);
        if (k < 0)
                return k;
        fill_stat(n, ret);
        return 0;
}

static bool mem_exists(void *data, const char *path)
{
        struct stat st;
        return mem_stat(data, path, false, &st) >= 0;
}

static int mem_list_dir(void *data, const char *path, size_t max_entries, char ***ret)
{
        struct mem_tree *t = data;
        _cleanup_strv_free_ char **l = NULL;
        const struct mem_node *d;
        size_t n = 0, plen;
        int k;

        t->calls++;
        k = resolve(t, path, true, &d);
        if (k < 0)
                return k;
        if (!S_ISDIR(d->mode))
                return -ENOTDIR;
        plen = streq(d->path, "/") ? 0 : strlen(d->path);
        l = xmalloc0(sizeof(char *));
        if (t->lie) {
                strv_push(&l, ".");
                strv_push(&l, "..");
        }
        for (size_t i = 0; i < t->n; i++) {
                const char *p = t->v[i].path;

                if (strncmp(p, d->path, plen) != 0 || p[plen] != '/' || !p[plen + 1] || strchr(p + plen + 1, '/'))
                        continue;
                if (n++ >= max_entries && !t->lie) {
                        *ret = TAKE_PTR(l);
                        return 1;
                }
                strv_push(&l, p + plen + 1);
        }
        *ret = TAKE_PTR(l);
        return 0;
}

static int mem_readlink(void *data, const char *path, char **ret)
{
        struct mem_tree *t = data;
        const struct mem_node *n;
        int k;

        t->calls++;
        k = resolve(t, path, false, &n);
        if (k < 0)
                return k;
        if (!S_ISLNK(n->mode))
                return -EINVAL;
        *ret = xstrdup(n->link);
        return 0;
}

static void mem_free(void *data)
{
        struct mem_tree *t = data;

        if (!t)
                return;
        for (size_t i = 0; i < t->n; i++) {
                free(t->v[i].path);
                free(t->v[i].data);
                free(t->v[i].link);
        }
        free(t->v);
        free(t);
}

static const struct root_ops mem_root_ops = {
        .kind = "memory",
        .read_file = mem_read_file,
        .stat = mem_stat,
        .exists = mem_exists,
        .list_dir = mem_list_dir,
        .readlink = mem_readlink,
        .free = mem_free,
};

int mem_root_new(struct mem_tree *t, const char *name, bool live, struct root **ret)
{
        return root_new(&mem_root_ops, t, name, live, ret);
}
