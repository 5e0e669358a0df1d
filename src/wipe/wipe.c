/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dispatcher: resolves the targets into a plan, picks the engine for
 * their kind and checks the method (wipe-methods.c) erases that kind; then
 * executes the plan with the same engine and concludes the record
 * (wipe-record.c). Prepare and execute reach the engines through two
 * separate tables in two files (execute: wipe-execute.c), so nothing that
 * writes is reachable from prepare, even in a sanitizer build, whose
 * per-file global metadata keeps every table of a file alive.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "macro.h"
#include "strv.h"
#include "wipe-internal.h"

static int plan_file_cmp(const void *a, const void *b)
{
        const struct wipe_plan_file *x = a, *y = b;

        if (x->dev != y->dev)
                return x->dev < y->dev ? -1 : 1;
        if (x->ino != y->ino)
                return x->ino < y->ino ? -1 : 1;
        return 0;
}

void wipe_plan_add_file(struct wipe_plan *p, dev_t dev, ino_t ino, uint64_t size, const char *path)
{
        p->files = xreallocarray(p->files, p->n_files + 1, sizeof(*p->files));
        p->files[p->n_files++] = (struct wipe_plan_file){ .dev = dev, .ino = ino, .size = size, .path = xstrdup(path) };
}

void wipe_plan_sort_files(struct wipe_plan *p)
{
        qsort_safe(p->files, p->n_files, sizeof(*p->files), plan_file_cmp);
}

struct wipe_plan_file *wipe_plan_find_file(struct wipe_plan *p, dev_t dev, ino_t ino)
{
        struct wipe_plan_file key = { .dev = dev, .ino = ino };

        if (p->n_files == 0)
                return NULL;
        return bsearch(&key, p->files, p->n_files, sizeof(*p->files), plan_file_cmp);
}

void wipe_plan_free(struct wipe_plan *p)
{
        if (!p)
                return;
        for (size_t i = 0; i < p->n_targets; i++) {
                free(p->targets[i].path);
                free(p->targets[i].name);
                if (p->targets[i].dirfd >= 0)
                        close(p->targets[i].dirfd);
        }
        free(p->targets);
        for (size_t i = 0; i < p->n_files; i++)
                free(p->files[i].path);
        free(p->files);
        wipe_record_free(p->record);
        free(p);
}

/*
 * Refuses names that are not one exact path: relative names, empty, '.' or
 * '..' components. Every other byte is part of the name (spaces, newlines,
 * '*', leading dashes, bytes that are not UTF-8): a glob is never expanded,
 * so "/dev/loop*" names the file called that, which must exist.
 */
static int check_exact_name(const char *t, char **ret_reason)
{
        if (!t || !*t || t[0] != '/') {
                *ret_reason = xasprintf("'%s' is not an absolute path; name the target exactly (e.g. /dev/sdb, /srv/data/file)", strempty(t));
                return -EINVAL;
        }
        if (strstr(t, "//") || strstr(t, "/./") || strstr(t, "/../") || endswith(t, "/..") || endswith(t, "/.")) {
                *ret_reason = xasprintf("'%s' is not an exact name: no empty, '.' or '..' components", t);
                return -EINVAL;
        }
        return 0;
}

/*
 * Resolves one exact name: its parent directory opened, the last component
 * looked up there without following it (a block device may be named through
 * a link, such as /dev/disk/by-id/...). The identity found here is what
 * execute checks again before it writes.
 */
static int target_resolve(const char *t, struct wipe_target *ret, char **ret_reason)
{
        _cleanup_free_ char *copy = xstrdup(t), *dir = NULL;
        _cleanup_close_ int dfd = -1;
        size_t len = strlen(copy);
        const char *name;
        char *slash;
        struct stat st;

        while (len > 1 && copy[len - 1] == '/')
                copy[--len] = 0;
        if (streq(copy, "/")) {
                *ret_reason = xstrdup("refusing to erase the root directory");
                return -EINVAL;
        }
        slash = strrchr(copy, '/');
        dir = slash == copy ? xstrdup("/") : xstrndup(copy, (size_t) (slash - copy));
        name = slash + 1;
        dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0 || fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                int k = negative_errno();
                _cleanup_free_ char *shown = wipe_path_display(t);

                *ret_reason = k == -ENOENT ? xasprintf("%s: no such file or device (names are taken literally: globs are not expanded)", shown)
                                           : xasprintf("%s: %s", shown, strerror(-k));
                return k;
        }
        if (S_ISLNK(st.st_mode)) {
                struct stat target;

                if (fstatat(dfd, name, &target, 0) < 0 || !S_ISBLK(target.st_mode)) {
                        _cleanup_free_ char *shown = wipe_path_display(t);

                        *ret_reason = xasprintf("%s is a symbolic link: links are never followed; name the file itself", shown);
                        return -EINVAL;
                }
                st = target;
        }
        *ret = (struct wipe_target){
                .path = xstrdup(t), .dirfd = TAKE_FD(dfd), .name = xstrdup(name),
                .type = st.st_mode & S_IFMT, .dev = st.st_dev, .ino = st.st_ino, .rdev = st.st_rdev,
        };
        return 0;
}

static char *targets_display(char *const *targets)
{
        _cleanup_strv_free_ char **shown = NULL;

        for (char *const *t = targets; t && *t; t++)
                strv_consume(&shown, wipe_path_display(*t));
        return strv_join(shown, " ");
}


/* Which engine erases these targets: a method that erases LUKS headers takes its target as one. */
static enum wipe_kind plan_kind(const struct wipe_method_info *m, const struct wipe_plan *p, const struct wipe_options *o)
{
        if (m->kinds & WIPE_KIND_BIT(WIPE_KIND_LUKS))
                return WIPE_KIND_LUKS;
        if (o->free_space)
                return WIPE_KIND_FREE_SPACE;
        if (p->targets[0].type == S_IFBLK)
                return WIPE_KIND_DEVICE;
        return WIPE_KIND_FILES;
}

/* Prepare, per target kind: looks, never writes. */
static const struct {
        int (*prepare)(struct wipe_plan *p, const struct wipe_options *o, char **ret_reason);
        mode_t type;            /* when set: the one type of target it takes */
        const char *one;        /* when set: it takes exactly one target, and this says so */
        const char *words;      /* what it erases, for refusals */
} preparers[_WIPE_KIND_MAX] = {
        [WIPE_KIND_DEVICE] = { wipe_device_prepare, 0, "a block device is erased on its own: give exactly one device per run", "block devices" },
        [WIPE_KIND_PARTITION] = { wipe_device_prepare, 0, NULL, "block devices" },
        [WIPE_KIND_FILES] = { wipe_files_prepare, 0, NULL, "files" },
        [WIPE_KIND_FREE_SPACE] = { wipe_free_space_prepare, S_IFDIR, "--free-space takes exactly one directory on the mounted file system", "free space" },
        [WIPE_KIND_LUKS] = { wipe_luks_prepare, 0, "crypto erase takes exactly one LUKS device or image", "LUKS devices and images" },
};

/* "--method discard is for block devices", from the kinds of its row. */
static char *kinds_refusal(const struct wipe_method_info *m)
{
        _cleanup_strv_free_ char **words = NULL;
        _cleanup_free_ char *joined = NULL;

        for (int k = 0; k < _WIPE_KIND_MAX; k++)
                if ((m->kinds & WIPE_KIND_BIT(k)) && !strv_contains(words, preparers[k].words))
                        strv_push(&words, preparers[k].words);
        joined = strv_join(words, ", ");
        return xasprintf("--method %s is for %s", m->name, strempty(joined));
}

int wipe_prepare(char *const *targets, const struct wipe_options *o, struct wipe_plan **ret, char **ret_reason)
{
        _cleanup_wipe_plan_ struct wipe_plan *p = xmalloc0(sizeof(*p));
        const struct wipe_method_info *m = wipe_method_info(o->method);
        size_t n = strv_length(targets);
        struct wipe_record *r;
        enum wipe_kind kind;
        int k;

        if (!m) {
                *ret_reason = xstrdup("no such erase method");
                return -EINVAL;
        }
        if (n == 0) {
                *ret_reason = xstrdup("no target given");
                return -EINVAL;
        }
        for (size_t i = 0; i < n; i++) {
                k = check_exact_name(targets[i], ret_reason);
                if (k < 0)
                        return k;
        }
        p->record = r = xmalloc0(sizeof(*r));
        r->target = targets_display(targets);
        for (size_t i = 0; i < n; i++)
                strv_consume(&r->targets, wipe_path_display(targets[i]));
        r->method = o->method;
        r->verify = o->verify;
        r->verify_result = o->verify == WIPE_VERIFY_NONE ? "not-run" : "incomplete";
        r->operator_name = xstrdup(o->operator_name);
        r->organization = xstrdup(o->organization);
        r->contact = xstrdup(o->contact);
        r->destination = xstrdup(o->destination);
        r->media.rotational = r->media.removable = -1;

        p->targets = xreallocarray(NULL, n, sizeof(*p->targets));
        for (size_t i = 0; i < n; i++) {
                k = target_resolve(targets[i], &p->targets[i], ret_reason);
                if (k < 0)
                        return k;
                p->n_targets++;
        }
        kind = plan_kind(m, p, o);
        if (preparers[kind].one && (n != 1 || (preparers[kind].type != 0 && p->targets[0].type != preparers[kind].type))) {
                *ret_reason = xstrdup(preparers[kind].one);
                return -EINVAL;
        }
        if (!(m->kinds & WIPE_KIND_BIT(kind))) {
                *ret_reason = kinds_refusal(m);
                return -EINVAL;
        }
        if (m->readback == WIPE_READBACK_NONE && o->verify != WIPE_VERIFY_NONE) {
                *ret_reason = xasprintf("--method %s cannot be read back: give --verify none", m->name);
                return -EINVAL;
        }
        k = preparers[kind].prepare(p, o, ret_reason);
        if (k < 0)
                return k;
        if (m->caveat)
                wipe_record_caveat(r, "%s", m->caveat);
        wipe_method_describe(r);
        *ret = TAKE_PTR(p);
        return 0;
}
