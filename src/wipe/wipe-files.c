/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Files, trees and free space. Trees are walked with openat() from directory
 * fds and O_NOFOLLOW, so a symlink is never followed and a directory swapped
 * for a link under us is refused; a directory on another file system (a
 * mount point) is not entered.
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>

#include "file-source.h"
#include "macro.h"
#include "strv.h"
#include "wipe-internal.h"

#define MAX_DEPTH 256

/* Linux 5.13+ (fs/ext4/ext4.h); not in the uapi headers. */
#ifndef EXT4_IOC_CHECKPOINT
#define EXT4_IOC_CHECKPOINT _IOW('f', 43, uint32_t)
#endif
#define EXT4_IOC_CHECKPOINT_FLAG_ZEROOUT 0x2
#define MAX_DIR_ENTRIES 1000000

/*
 * ext4 writes metadata (the fill files' own extent blocks, directory blocks)
 * to the journal first and in place only at checkpoint; a block freed before
 * that is never overwritten and keeps what it held. Checkpointing with
 * ZEROOUT writes metadata home and zeroes the journal, which also removes old
 * journaled copies (all file data with data=journal). Returns 0 or -errno.
 */
static int ext4_checkpoint(struct wipe_record *r, int fd, bool note)
{
        uint32_t flags = EXT4_IOC_CHECKPOINT_FLAG_ZEROOUT;

        if (!streq_ptr(r->media.fstype, "ext4"))
                return 0;
        (void) syncfs(fd);
        if (ioctl(fd, EXT4_IOC_CHECKPOINT, &flags) < 0) {
                int e = errno;
                wipe_record_caveat(r, "the ext4 journal could not be checkpointed and zeroed (EXT4_IOC_CHECKPOINT: %s): "
                                   "old metadata and journaled data in it are not reached", strerror(e));
                return -e;
        }
        if (note)
                wipe_record_note(r, "ext4 journal checkpointed and zeroed (EXT4_IOC_CHECKPOINT, ZEROOUT)");
        return 0;
}

struct file_walk {
        struct wipe_record *r;
        struct wipe_plan *plan;
        const struct wipe_options *o;
        const struct file_users *users;
        char **reason;            /* prepare: why a file is refused */
        dev_t dev;
        uint64_t bytes;           /* prepare: total to write; execute: written so far (progress) */
        uint64_t files;
        uint64_t specials;
        uint64_t next_stream;
};

static uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }

/* A random name of the same character set shred uses, so the old name is gone from the directory. */
static void random_name(char out[static 17])
{
        static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789";
        uint8_t b[16];

        if (random_bytes(b, sizeof(b)) < 0)
                memset(b, 0, sizeof(b));
        for (int i = 0; i < 16; i++)
                out[i] = set[b[i] % (sizeof(set) - 1)];
        out[16] = 0;
}

/* Renames dfd/name to a fresh random name; returns the new name or NULL (error recorded). */
static char *rename_random(struct wipe_record *r, int dfd, const char *name, const char *path)
{
        for (int attempt = 0; attempt < 8; attempt++) {
                char n[17];

                random_name(n);
                if (renameat2(dfd, name, dfd, n, RENAME_NOREPLACE) == 0) {
                        (void) fsync(dfd);
                        return xstrdup(n);
                }
                if (errno != EEXIST) {
                        wipe_record_error(r, path, "rename", 0, 0, errno);
                        return NULL;
                }
        }
        wipe_record_error(r, path, "rename", 0, 0, EEXIST);
        return NULL;
}

#define MAX_PLAN_FILES 4000000

/* Marks every name prepare found for this inode (hard links) as reached. */
static void plan_mark_visited(struct wipe_plan *p, struct wipe_plan_file *f)
{
        struct wipe_plan_file *end = p->files + p->n_files;
        dev_t d = f->dev;
        ino_t i = f->ino;

        while (f > p->files && f[-1].dev == d && f[-1].ino == i)
                f--;
        for (; f < end && f->dev == d && f->ino == i; f++)
                f->visited = true;
}

/*
 * Overwrites and removes one regular file that the erase walk found as
 * *seen (fstatat). Only a file in the plan is opened for writing, and only
 * when the opened file is still that inode.
 */
static int wipe_one_file(struct file_walk *w, int dfd, const char *name, const char *path, const struct stat *seen)
{
        struct wipe_record *r = w->r;
        _cleanup_close_ int fd = -1;
        _cleanup_free_ char *newname = NULL, *why = NULL;
        struct wipe_plan_file *pf;
        struct wipe_pattern pat = { 0 };
        struct wipe_io io;
        struct stat st;
        size_t errors_before = r->errors_total;
        uint64_t mism_before = r->mismatches_total;
        int k = 0;

        pf = wipe_plan_find_file(w->plan, seen->st_dev, seen->st_ino);
        if (!pf) {
                /* Not what prepare found under this name: created or swapped in since. */
                wipe_record_file(r, path, (uint64_t) seen->st_size, false);
                wipe_record_note(r, "%s kept, not written: it was not there when the erase was prepared", path);
                return 0;
        }
        plan_mark_visited(w->plan, pf);
        if (w->users && file_users_check(w->users, seen->st_dev, seen->st_ino, path, &why) < 0) {
                wipe_record_error(r, path, "in-use", 0, 0, EBUSY);
                wipe_record_file(r, path, (uint64_t) seen->st_size, false);
                wipe_record_note(r, "%s kept, not written: %s", path, why);
                return 0;
        }
        fd = openat(dfd, name, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_DIRECT);
        if (fd < 0 && errno == EINVAL)
                fd = openat(dfd, name, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) {
                wipe_record_error(r, path, "open", 0, 0, errno);
                wipe_record_file(r, path, (uint64_t) seen->st_size, false);
                return 0;
        }
        if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_dev != seen->st_dev || st.st_ino != seen->st_ino) {
                wipe_record_error(r, path, "open", 0, 0, ESTALE); /* changed under us */
                wipe_record_file(r, path, (uint64_t) seen->st_size, false);
                return 0;
        }
        if (st.st_nlink > 1)
                wipe_record_caveat(r, "%s had %ju hard links: its content is overwritten, the other names stay (now naming the overwritten content)",
                                   path, (uintmax_t) st.st_nlink);
        /* Up to the block boundary, so the slack after the last byte is overwritten too. */
        io = (struct wipe_io){
                .fd = fd, .size = round_up((uint64_t) st.st_size, 4096), .align = 4096, .path = path, .r = r, .o = w->o,
                .progress_base = w->bytes, .progress_total = w->r->size,
        };
        for (unsigned pass = 0; pass < r->passes && k == 0; pass++) {
                wipe_pattern_done(&pat);
                k = wipe_pattern_for(r, pass, w->next_stream, &pat);
                if (k < 0)
                        break;
                io.written = 0;
                k = wipe_io_write(&io, &pat);
                r->bytes_written += io.written;
                (void) wipe_io_sync_and_drop(&io, false);
        }
        if (k == 0 && r->verify != WIPE_VERIFY_NONE)
                k = wipe_io_verify(&io, &pat, r->verify);
        wipe_pattern_done(&pat);
        w->next_stream++;
        w->bytes += io.size;
        if (k == -ECANCELED) {
                /* Partly overwritten, still there under its name: the certificate must say so. */
                wipe_record_file(r, path, (uint64_t) st.st_size, false);
                wipe_record_note(r, "%s kept: the erase was interrupted during its overwrite", path);
                return k;
        }
        if (k < 0 || r->errors_total != errors_before || r->mismatches_total != mism_before) {
                /* Keep the file: removing it would hide that its overwrite failed. */
                wipe_record_file(r, path, (uint64_t) st.st_size, false);
                wipe_record_note(r, "%s kept: its overwrite or verification failed", path);
                return 0;
        }

        newname = rename_random(r, dfd, name, path);
        if (ftruncate(fd, 0) < 0 || fsync(fd) < 0)
                wipe_record_error(r, path, "truncate", 0, 0, errno);
        if (unlinkat(dfd, newname ? newname : name, 0) < 0) {
                wipe_record_error(r, path, "unlink", 0, 0, errno);
                wipe_record_file(r, path, (uint64_t) st.st_size, false);
        } else {
                w->files++;
                wipe_record_file(r, path, (uint64_t) st.st_size, true);
        }
        (void) fsync(dfd);
        r->files_wiped = w->files;
        return 0;
}

/* Names of a directory, read before anything is renamed in it; -E2BIG over MAX_DIR_ENTRIES. */
static int dir_names(int dfd, char ***ret)
{
        char **names;
        int fd2 = fcntl(dfd, F_DUPFD_CLOEXEC, 3), k;

        if (fd2 < 0)
                return negative_errno();
        /* The dup shares dfd's offset: start at the first entry whatever was read through dfd before. */
        if (lseek(fd2, 0, SEEK_SET) < 0) {
                k = negative_errno();
                close(fd2);
                return k;
        }
        k = list_dir_fd(fd2, MAX_DIR_ENTRIES, &names);
        if (k < 0)
                return k;
        if (k > 0) {
                strv_free(names);
                return -E2BIG;
        }
        *ret = names;
        return 0;
}

/*
 * Two walks of the same shape: the plan walk (prepare) only looks and
 * collects the files; the erase walk (execute) writes and removes. They are
 * separate functions so nothing destructive is reachable from prepare
 * (tests/link/prepare-no-destructive.sh proves it at link level).
 */
static int plan_walk_dir(struct file_walk *w, int dfd, const char *path, unsigned depth);

static int plan_walk_entry(struct file_walk *w, int dfd, const char *name, const char *path, unsigned depth)
{
        struct stat st;

        if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                return 0;
        if (S_ISDIR(st.st_mode)) {
                _cleanup_close_ int sub = -1;

                if (st.st_dev != w->dev) {
                        wipe_record_caveat(w->r, "%s not entered: another file system is mounted there", path);
                        return 0;
                }
                if (!w->o->recursive)
                        return 0;
                sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (sub < 0)
                        return 0;
                return plan_walk_dir(w, sub, path, depth + 1);
        }
        if (S_ISREG(st.st_mode)) {
                if (st.st_dev != w->dev)
                        return 0;
                if (w->users && file_users_check(w->users, st.st_dev, st.st_ino, path, w->reason) < 0)
                        return -EBUSY;
                if (w->plan->n_files >= MAX_PLAN_FILES) {
                        *w->reason = xasprintf("more than %u files to erase in one run", MAX_PLAN_FILES);
                        return -E2BIG;
                }
                wipe_plan_add_file(w->plan, st.st_dev, st.st_ino, (uint64_t) st.st_size, path);
                w->bytes += round_up((uint64_t) st.st_size, 4096);
                w->files++;
                return 0;
        }
        w->specials++;
        return 0;
}

static int plan_walk_dir(struct file_walk *w, int dfd, const char *path, unsigned depth)
{
        _cleanup_strv_free_ char **names = NULL;
        int k;

        if (depth > MAX_DEPTH || dir_names(dfd, &names) < 0)
                return 0; /* recorded when execute walks there */
        for (char **n = names; n && *n; n++) {
                _cleanup_free_ char *p = xasprintf("%s/%s", streq(path, "/") ? "" : path, *n);

                k = plan_walk_entry(w, dfd, *n, p, depth);
                if (k < 0)
                        return k;
        }
        return 0;
}

static int erase_walk_dir(struct file_walk *w, int dfd, const char *path, unsigned depth);

static int erase_walk_entry(struct file_walk *w, int dfd, const char *name, const char *path, unsigned depth)
{
        struct stat st;

        if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                wipe_record_error(w->r, path, "stat", 0, 0, errno);
                return 0;
        }
        if (S_ISDIR(st.st_mode)) {
                _cleanup_close_ int sub = -1;
                int k;

                if (st.st_dev != w->dev) {
                        wipe_record_caveat(w->r, "%s not entered: another file system is mounted there", path);
                        return 0;
                }
                if (!w->o->recursive) {
                        wipe_record_error(w->r, path, "directory", 0, 0, EISDIR);
                        return 0;
                }
                sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (sub < 0) {
                        wipe_record_error(w->r, path, "open", 0, 0, errno);
                        return 0;
                }
                k = erase_walk_dir(w, sub, path, depth + 1);
                if (k < 0)
                        return k;
                {
                        _cleanup_strv_free_ char **left = NULL;
                        _cleanup_free_ char *nn = NULL;

                        /* A directory still holding what was not erased keeps its name, so that content stays findable. */
                        if (dir_names(sub, &left) < 0 || strv_length(left) > 0) {
                                wipe_record_note(w->r, "%s kept: it still holds entries that were not erased", path);
                                return 0;
                        }
                        nn = rename_random(w->r, dfd, name, path);
                        if (unlinkat(dfd, nn ? nn : name, AT_REMOVEDIR) < 0)
                                wipe_record_error(w->r, path, "rmdir", 0, 0, errno);
                        (void) fsync(dfd);
                }
                return 0;
        }
        if (S_ISREG(st.st_mode)) {
                if (st.st_dev != w->dev)
                        return 0;
                return wipe_one_file(w, dfd, name, path, &st);
        }
        /* Symlinks, FIFOs, sockets, device nodes: never followed or written, only removed. */
        w->specials++;
        if (unlinkat(dfd, name, 0) < 0)
                wipe_record_error(w->r, path, "unlink", 0, 0, errno);
        return 0;
}

static int erase_walk_dir(struct file_walk *w, int dfd, const char *path, unsigned depth)
{
        _cleanup_strv_free_ char **names = NULL;
        int k;

        if (depth > MAX_DEPTH) {
                wipe_record_error(w->r, path, "walk", 0, 0, ELOOP);
                return 0;
        }
        k = dir_names(dfd, &names);
        if (k < 0) {
                wipe_record_error(w->r, path, "readdir", 0, 0, -k);
                return 0;
        }
        for (char **n = names; n && *n; n++) {
                _cleanup_free_ char *p = xasprintf("%s/%s", streq(path, "/") ? "" : path, *n);

                k = erase_walk_entry(w, dfd, *n, p, depth);
                if (k < 0)
                        return k;
        }
        return 0;
}

/* The absolute path of what a target names, its parent resolved by the kernel; for display. */
static char *target_resolved(const struct wipe_target *t)
{
        char link[64], buf[4096];
        ssize_t n;

        snprintf(link, sizeof(link), "/proc/self/fd/%d", t->dirfd);
        n = readlink(link, buf, sizeof(buf) - 1);
        if (n <= 0 || buf[0] != '/')
                return xstrdup(t->path);
        buf[n] = 0;
        return xasprintf("%s/%s", streq(buf, "/") ? "" : buf, t->name);
}

/* Opens what a target names again and checks it is what prepare found. */
static int target_open(const struct wipe_target *t, int flags, struct stat *ret_st)
{
        _cleanup_close_ int fd = openat(t->dirfd, t->name, flags | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        struct stat st;

        if (fd < 0)
                return negative_errno();
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (st.st_dev != t->dev || st.st_ino != t->ino || (st.st_mode & S_IFMT) != t->type)
                return -ESTALE;
        if (ret_st)
                *ret_st = st;
        return TAKE_FD(fd);
}

static bool same_dir(int a, int b)
{
        struct stat x, y;

        return fstat(a, &x) == 0 && fstat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

int wipe_files_prepare(struct wipe_plan *p, const struct wipe_options *o, char **ret_reason)
{
        struct wipe_record *r = p->record;
        _cleanup_(file_users_freep) struct file_users *users = NULL;
        _cleanup_strv_free_ char **resolved = NULL;
        struct file_walk w = { .r = r, .plan = p, .o = o, .reason = ret_reason };
        bool media_done = false;
        int k;

        k = file_users_read(&users);
        if (k < 0) {
                *ret_reason = xasprintf("cannot read the loop devices and swap areas to prove the files are not in use: %s", strerror(-k));
                return k;
        }
        w.users = users;
        for (size_t i = 0; i < p->n_targets; i++) {
                const struct wipe_target *t = &p->targets[i];
                _cleanup_free_ char *shown = wipe_path_display(t->path);
                _cleanup_close_ int fd = -1;
                struct stat st;

                if (t->type == S_IFDIR && !o->recursive) {
                        *ret_reason = xasprintf("%s is a directory: add --recursive to erase the tree, or --free-space for its free space", shown);
                        return -EINVAL;
                }
                if (t->type != S_IFDIR && t->type != S_IFREG) {
                        *ret_reason = xasprintf("%s is neither a regular file, a directory nor a block device", shown);
                        return -EINVAL;
                }
                /* The same file or tree twice (hard links of a file under two names are two names, and fine). */
                for (size_t j = 0; j < i; j++)
                        if (p->targets[j].dev == t->dev && p->targets[j].ino == t->ino &&
                            (t->type == S_IFDIR || (same_dir(p->targets[j].dirfd, t->dirfd) && streq(p->targets[j].name, t->name)))) {
                                *ret_reason = xasprintf("%s is named twice", shown);
                                return -EINVAL;
                        }
                fd = target_open(t, O_RDONLY | (t->type == S_IFDIR ? O_DIRECTORY : 0), &st);
                if (fd < 0) {
                        *ret_reason = xasprintf("%s: %s", shown, fd == -ESTALE ? "changed while it was being checked" : strerror(-fd));
                        return fd;
                }
                media_fs_caveats(r, fd, t->path);
                if (!media_done && major(st.st_dev) != 0 && media_from_devnum(major(st.st_dev), minor(st.st_dev), &r->media, NULL) == 0) {
                        media_done = true;
                        media_device_caveats(r);
                }
                w.dev = t->dev;
                k = plan_walk_entry(&w, t->dirfd, t->name, t->path, 0);
                if (k < 0) {
                        if (!*ret_reason)
                                *ret_reason = xasprintf("cannot walk %s: %s", shown, strerror(-k));
                        return k;
                }
                strv_consume(&resolved, target_resolved(t));
        }
        wipe_plan_sort_files(p);
        r->kind = WIPE_KIND_FILES;
        r->size = w.bytes;
        {
                _cleanup_free_ char *joined = strv_join(resolved, " ");
                r->resolved = wipe_path_display(joined);
        }
        wipe_record_caveat(r, "a file overwrite is NIST SP 800-88 Clear of the file's current blocks only: earlier copies "
                           "(temporary and backup files, blocks freed before, the journal) are not reached; add --free-space "
                           "on the file system, or erase the whole device");
        /* Errors found while only looking (unreadable directories) count at execute time. */
        for (size_t i = 0; i < r->n_errors; i++) {
                free(r->errors[i].path);
                free(r->errors[i].phase);
        }
        r->n_errors = 0;
        r->errors_total = 0;
        return 0;
}

int wipe_files_execute(struct wipe_plan *p, const struct wipe_options *o)
{
        struct wipe_record *r = p->record;
        _cleanup_(file_users_freep) struct file_users *users = NULL;
        struct file_walk w = { .r = r, .plan = p, .o = o };
        size_t errors_before = r->errors_total;
        uint64_t missed = 0;
        int k = 0;

        /* Loop devices and swap files made since prepare refuse the files they use. */
        k = file_users_read(&users);
        if (k < 0) {
                wipe_record_error(r, NULL, "in-use", 0, 0, -k);
                wipe_record_note(r, "cannot read the loop devices and swap areas to prove the files are not in use: nothing written");
                for (size_t i = 0; i < p->n_files; i++)
                        wipe_record_file(r, p->files[i].path, p->files[i].size, false);
                return k;
        }
        w.users = users;
        for (size_t i = 0; i < p->n_targets && k == 0; i++) {
                const struct wipe_target *t = &p->targets[i];
                struct stat st;

                if (fstatat(t->dirfd, t->name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                        wipe_record_error(r, t->path, "stat", 0, 0, errno);
                        continue;
                }
                if (st.st_dev != t->dev || st.st_ino != t->ino || (st.st_mode & S_IFMT) != t->type) {
                        wipe_record_error(r, t->path, "open", 0, 0, ESTALE);
                        wipe_record_note(r, "%s is no longer what was checked (another file has that name now): not touched", t->path);
                        continue;
                }
                w.dev = t->dev;
                k = erase_walk_entry(&w, t->dirfd, t->name, t->path, 0);
        }
        /* What prepare found and execute did not reach is kept, and named. */
        for (size_t i = 0; i < p->n_files; i++) {
                if (p->files[i].visited)
                        continue;
                missed++;
                wipe_record_file(r, p->files[i].path, p->files[i].size, false);
                if (k != -ECANCELED)
                        wipe_record_error(r, p->files[i].path, "missing", 0, 0, ENOENT);
        }
        if (missed > 0)
                wipe_record_note(r, "%ju file(s) %s: kept", (uintmax_t) missed,
                                 k == -ECANCELED ? "not reached before the interruption" : "found by prepare but not reached (gone or changed since)");
        if (k == 0 && p->n_targets > 0)
                /* Old names in directory blocks and, with data=journal, file data sit in the journal too. */
                (void) ext4_checkpoint(r, p->targets[0].dirfd, true);
        if (k == 0 && r->verify != WIPE_VERIFY_NONE) {
                bool read_errors = false;
                for (size_t i = 0; i < r->n_errors; i++)
                        if (streq(r->errors[i].phase, "read"))
                                read_errors = true;
                r->verify_result = r->mismatches_total == 0 && !read_errors && (r->errors_total == errors_before || r->bytes_verified > 0) ? "pass" : "fail";
        }
        if (w.specials > 0)
                wipe_record_note(r, "%ju symbolic links or special files removed without following or writing them", (uintmax_t) w.specials);
        return k;
}

/* ---- free space ---- */

int wipe_free_space_prepare(struct wipe_plan *p, const struct wipe_options *o, char **ret_reason)
{
        struct wipe_record *r = p->record;
        const char *target = p->targets[0].path;
        _cleanup_close_ int fd = -1;
        struct statvfs sv;
        struct stat st;

        fd = target_open(&p->targets[0], O_RDONLY | O_DIRECTORY, &st);
        if (fd < 0 || fstatvfs(fd, &sv) < 0) {
                int k = fd < 0 ? fd : negative_errno();
                _cleanup_free_ char *shown = wipe_path_display(target);
                *ret_reason = xasprintf("%s: %s", shown, strerror(-k));
                return k;
        }
        if (sv.f_flag & ST_RDONLY) {
                *ret_reason = xasprintf("%s is on a read-only file system", target);
                return -EROFS;
        }
        r->kind = WIPE_KIND_FREE_SPACE;
        {
                _cleanup_free_ char *abs = target_resolved(&p->targets[0]);
                r->resolved = wipe_path_display(abs);
        }
        /* As root, the reserved blocks are writable too. */
        r->size = (uint64_t) sv.f_bfree * sv.f_frsize;
        media_fs_caveats(r, fd, target);
        if (major(st.st_dev) != 0 && media_from_devnum(major(st.st_dev), minor(st.st_dev), &r->media, NULL) == 0)
                media_device_caveats(r);
        wipe_record_caveat(r, "a free-space erase fills what the file system hands to a new file: slack after other files' "
                           "last bytes, metadata, the journal and blocks hidden by the media are not reached");
        return 0;
}

/*
 * ext4 keeps reserved_clusters (up to 4096) that no file, not even root's,
 * can be given; deleted data lying there would survive the fill. Lower the
 * reserve to 0 for the fill (a runtime sysfs value, not persistent) and put
 * it back after. Returns the old value, or -1 when not ext4 or not possible.
 */
static char *ext4_reserve_path(const struct wipe_record *r)
{
        const char *name = r->media.node ? strrchr(r->media.node, '/') : NULL;

        if (!name || !streq_ptr(r->media.fstype, "ext4"))
                return NULL;
        return xasprintf("/sys/fs/ext4/%s/reserved_clusters", name + 1);
}

static long ext4_reserve_lift(struct wipe_record *r)
{
        _cleanup_free_ char *p = ext4_reserve_path(r);
        _cleanup_close_ int fd = -1;
        char buf[32] = "";
        ssize_t n;
        long v;

        if (!p)
                return -1;
        fd = open(p, O_RDWR | O_CLOEXEC);
        if (fd < 0 || (n = read(fd, buf, sizeof(buf) - 1)) <= 0)
                return -1;
        buf[n] = 0;
        v = strtol(buf, NULL, 10);
        if (v <= 0 || pwrite(fd, "0", 1, 0) != 1) {
                if (v > 0)
                        wipe_record_caveat(r, "ext4 keeps %ld reserved clusters no file can be given, and lowering the reserve failed: "
                                           "deleted data in them is not reached", v);
                return -1;
        }
        wipe_record_note(r, "ext4 reserved_clusters lowered from %ld to 0 during the fill, so no free cluster is held back", v);
        return v;
}

static void ext4_reserve_restore(struct wipe_record *r, long v)
{
        _cleanup_free_ char *p = v >= 0 ? ext4_reserve_path(r) : NULL;
        _cleanup_close_ int fd = -1;
        char buf[32];
        int n;

        if (!p)
                return;
        n = snprintf(buf, sizeof(buf), "%ld", v);
        fd = open(p, O_WRONLY | O_CLOEXEC);
        if (fd < 0 || write(fd, buf, (size_t) n) != n)
                wipe_record_error(r, p, "restore", 0, 0, fd < 0 ? errno : EIO);
}

#define MAX_FILL_FILES 16


static int truncateat_name(int dfd, const char *name)
{
        _cleanup_close_ int fd = openat(dfd, name, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);

        return fd < 0 || ftruncate(fd, 0) < 0 ? -1 : 0;
}

struct fill_file {
        char name[40];
        int fd;
        uint64_t size;
};

/*
 * One fill file written until the file system says ENOSPC. The first uses
 * O_DIRECT in large chunks; later ones write buffered, block by block, to
 * pick up what an allocator would not give the first (blocks it kept for the
 * first file's extent tree, odd leftovers in full groups).
 */
static int fill_one(struct wipe_record *r, const struct wipe_options *o, int dfd, unsigned idx, uint64_t estimate,
                    uint64_t progress_base, struct fill_file *ret)
{
        struct wipe_pattern pat = { 0 };
        struct wipe_io io;
        char rnd[17];
        int fd, k = 0;

        random_name(rnd);
        snprintf(ret->name, sizeof(ret->name), ".bulwark-free-%s", rnd);
        fd = openat(dfd, ret->name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | (idx == 0 ? O_DIRECT : 0), 0600);
        if (fd < 0 && errno == EINVAL)
                fd = openat(dfd, ret->name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) {
                ret->fd = -1;
                if (errno == ENOSPC)
                        return 0; /* not even an inode left: the file system is full */
                k = negative_errno();
                wipe_record_error(r, r->resolved, "create", 0, 0, -k);
                return k;
        }
        ret->fd = fd;
        io = (struct wipe_io){
                .fd = fd, .size = round_up(estimate + (64 << 20), 4096), .align = 512, .r = r, .o = o,
                .progress_base = progress_base, .progress_total = r->size, .grow_until_full = true,
        };
        for (unsigned pass = 0; pass < r->passes && k == 0; pass++) {
                wipe_pattern_done(&pat);
                k = wipe_pattern_for(r, pass, idx, &pat);
                if (k < 0)
                        break;
                io.written = 0;
                k = wipe_io_write(&io, &pat);
                r->bytes_written += io.written;
                (void) wipe_io_sync_and_drop(&io, false);
                /* Later passes and the verification cover what the first pass got. */
                if (pass == 0) {
                        io.size = io.written;
                        /*
                         * A direct write the file system could not complete can leave blocks
                         * allocated past EOF but never written (they still hold old data);
                         * truncating to what was written hands them back for the next fill file.
                         */
                        if (ftruncate(fd, (off_t) io.written) < 0)
                                wipe_record_error(r, r->resolved, "truncate", io.written, 0, errno);
                }
                io.grow_until_full = false;
        }
        wipe_pattern_done(&pat);
        ret->size = io.size;
        /*
         * Closing the writable fd releases the blocks ext4's allocator had
         * preallocated for this file, so the next fill file can have them;
         * verification reads through a read-only fd.
         */
        {
                int ro = openat(dfd, ret->name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_DIRECT);
                if (ro < 0)
                        ro = openat(dfd, ret->name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
                if (ro >= 0) {
                        close(fd);
                        ret->fd = ro;
                }
        }
        return k;
}

int wipe_free_space_execute(struct wipe_plan *p, const struct wipe_options *o)
{
        struct wipe_record *r = p->record;
        _cleanup_close_ int dfd = -1;
        struct fill_file files[MAX_FILL_FILES];
        unsigned n = 0;
        uint64_t total = 0;
        long ext4_resv;
        int k = 0;

        /* The directory prepare checked, not whatever has its name now. */
        dfd = target_open(&p->targets[0], O_RDONLY | O_DIRECTORY, NULL);
        if (dfd < 0) {
                k = dfd;
                wipe_record_error(r, p->targets[0].path, "open", 0, 0, -k);
                return k;
        }
        ext4_resv = ext4_reserve_lift(r);
        while (n < MAX_FILL_FILES) {
                k = fill_one(r, o, dfd, n, n == 0 ? r->size : 0, total, &files[n]);
                if (files[n].fd < 0)
                        break;
                total += files[n].size;
                n++;
                if (k < 0 || files[n - 1].size == 0)
                        break;
        }
        r->size = total;
        (void) ext4_checkpoint(r, dfd, false);
        {
                struct statvfs sv;

                /* Honest about what the fill could not get: the file system may hold blocks back for its metadata. */
                if (fstatvfs(dfd, &sv) == 0 && sv.f_bfree > 0 && k == 0)
                        wipe_record_caveat(r, "%ju bytes stayed free after the fill (the file system held them back for its own use): "
                                           "deleted data there is not reached; erase the whole device to reach it",
                                           (uintmax_t) sv.f_bfree * sv.f_frsize);
        }

        if (k == 0 && r->verify != WIPE_VERIFY_NONE) {
                size_t before = r->errors_total;
                uint64_t base = 0;

                for (unsigned i = 0; i < n && k == 0; i++) {
                        struct wipe_pattern pat = { 0 };
                        struct wipe_io io = {
                                .fd = files[i].fd, .size = files[i].size, .align = 512, .r = r, .o = o,
                                .progress_base = base, .progress_total = total,
                        };

                        k = wipe_pattern_for(r, r->passes - 1, i, &pat);
                        if (k == 0)
                                k = wipe_io_verify(&io, &pat, r->verify);
                        wipe_pattern_done(&pat);
                        base += files[i].size;
                }
                if (k == 0)
                        r->verify_result = r->mismatches_total == 0 && r->errors_total == before ? "pass" : "fail";
        }
        for (unsigned i = 0; i < n; i++) {
                if (truncateat_name(dfd, files[i].name) < 0)
                        wipe_record_error(r, r->resolved, "truncate", 0, 0, errno);
                close(files[i].fd);
                if (unlinkat(dfd, files[i].name, 0) < 0)
                        wipe_record_error(r, r->resolved, "unlink", 0, 0, errno);
        }
        (void) fsync(dfd);
        (void) ext4_checkpoint(r, dfd, true);
        ext4_reserve_restore(r, ext4_resv);
        wipe_record_note(r, "filled the free space with %u file(s), %ju bytes in all, then removed them", n, (uintmax_t) total);
        return k;
}
