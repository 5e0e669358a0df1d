/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Refusals before anything is touched. A device is refused when anything
 * uses it, or a device built on it: a file system mounted in any mount
 * namespace (every process's mountinfo, one per namespace), swap, a holder
 * in sysfs (device-mapper, md), a loop device over it (loop devices do not
 * show in holders/: each bound loop device's backing is read with
 * LOOP_GET_STATUS64), or the root file system. A regular file is refused
 * when it backs a loop device or is an active swap file. The kernel's O_EXCL
 * open refuses mounted devices too; these checks come first so the refusal
 * names the user, and they cover what O_EXCL does not.
 */
#include <dirent.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "cursor.h"
#include "fdio.h"
#include "file-source.h"
#include "macro.h"
#include "strv.h"
#include "wipe-internal.h"

#define MAX_DEVS 4096
#define MAX_DEPTH 16
#define MAX_PROCS 1000000
#define MAX_LOOPS 4096

/* A bound loop device and what backs it. */
struct loop_dev {
        dev_t devnum;
        char name[64];
        bool identified;        /* back_* are known (LOOP_GET_STATUS64, or a stat of the backing file) */
        dev_t back_dev;         /* the file system holding the backing file (or devtmpfs for a device node) */
        ino_t back_ino;
        dev_t back_rdev;        /* the backing block device, when backed by one */
        char *backing_file;
};

struct loop_table {
        struct loop_dev *v;
        size_t n;
};

static void loop_table_done(struct loop_table *t)
{
        for (size_t i = 0; i < t->n; i++)
                free(t->v[i].backing_file);
        free(t->v);
        *t = (struct loop_table){ 0 };
}

struct devset {
        dev_t *v;
        size_t n;
};

static void devset_add(struct devset *s, dev_t d)
{
        for (size_t i = 0; i < s->n; i++)
                if (s->v[i] == d)
                        return;
        if (s->n >= MAX_DEVS)
                return;
        s->v = xreallocarray(s->v, s->n + 1, sizeof(dev_t));
        s->v[s->n++] = d;
}

static bool devset_has(const struct devset *s, dev_t d)
{
        for (size_t i = 0; i < s->n; i++)
                if (s->v[i] == d)
                        return true;
        return false;
}

static int read_devnum(int dirfd, const char *name, dev_t *ret)
{
        _cleanup_close_ int fd = -1;
        _cleanup_free_ char *buf = NULL;
        unsigned a, b;

        fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || read_full_fd(fd, 64, &buf, NULL) < 0)
                return -ENOENT;
        if (sscanf(buf, "%u:%u", &a, &b) != 2)
                return -EBADMSG;
        *ret = makedev(a, b);
        return 0;
}

/* Reads /sys/block/loop*: every bound loop device, its backing identified by LOOP_GET_STATUS64 on its node. */
static int loop_table_read(struct loop_table *t)
{
        _cleanup_close_ int bfd = open("/sys/block", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR *dir;
        struct dirent *de;
        int dfd;

        *t = (struct loop_table){ 0 };
        if (bfd < 0)
                return negative_errno();
        dfd = dup(bfd);
        if (dfd < 0)
                return negative_errno();
        dir = fdopendir(dfd);
        if (!dir) {
                close(dfd);
                return negative_errno();
        }
        while ((de = readdir(dir)) && t->n < MAX_LOOPS) {
                _cleanup_close_ int ldir = -1, bf = -1, node = -1;
                _cleanup_free_ char *backing = NULL;
                struct loop_dev l = { 0 };
                struct loop_info64 info;
                struct stat st;
                char path[300];
                size_t len;

                if (!startswith(de->d_name, "loop") || strlen(de->d_name) >= sizeof(l.name))
                        continue;
                ldir = openat(bfd, de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (ldir < 0 || read_devnum(ldir, "dev", &l.devnum) < 0)
                        continue;
                bf = openat(ldir, "loop/backing_file", O_RDONLY | O_CLOEXEC);
                if (bf < 0)
                        continue; /* not bound */
                if (read_full_fd(bf, 8192, &backing, &len) < 0)
                        continue;
                while (len > 0 && backing[len - 1] == '\n')
                        backing[--len] = 0;
                snprintf(l.name, sizeof(l.name), "%s", de->d_name);
                snprintf(path, sizeof(path), "/dev/%s", de->d_name);
                /* Zeroed first: valgrind does not know this ioctl fills it. */
                memset(&info, 0, sizeof(info));
                node = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
                if (node >= 0 && fstat(node, &st) == 0 && S_ISBLK(st.st_mode) && st.st_rdev == l.devnum &&
                    ioctl(node, LOOP_GET_STATUS64, &info) == 0) {
                        l.back_dev = makedev(major((dev_t) info.lo_device), minor((dev_t) info.lo_device));
                        l.back_ino = (ino_t) info.lo_inode;
                        l.back_rdev = makedev(major((dev_t) info.lo_rdevice), minor((dev_t) info.lo_rdevice));
                        l.identified = true;
                } else if (stat(backing, &st) == 0) {
                        /* No node to ask: the backing file's name, if it still names the same thing. */
                        l.back_dev = st.st_dev;
                        l.back_ino = st.st_ino;
                        l.back_rdev = S_ISBLK(st.st_mode) ? st.st_rdev : 0;
                        l.identified = true;
                }
                l.backing_file = TAKE_PTR(backing);
                t->v = xreallocarray(t->v, t->n + 1, sizeof(*t->v));
                t->v[t->n++] = l;
        }
        closedir(dir);
        return 0;
}

static const struct loop_dev *loop_find(const struct loop_table *t, dev_t d)
{
        for (size_t i = 0; i < t->n; i++)
                if (t->v[i].devnum == d)
                        return &t->v[i];
        return NULL;
}

/* Undoes the octal escapes of /proc/self/mountinfo and /proc/swaps (\040 for a space). */
static char *unescape_octal(struct slice w)
{
        char *out = xmalloc0(w.len + 1);
        size_t o = 0;

        for (size_t i = 0; i < w.len; i++) {
                if (w.p[i] == '\\' && i + 3 < w.len &&
                    w.p[i + 1] >= '0' && w.p[i + 1] <= '3' && w.p[i + 2] >= '0' && w.p[i + 2] <= '7' && w.p[i + 3] >= '0' && w.p[i + 3] <= '7') {
                        out[o++] = (char) (((w.p[i + 1] - '0') << 6) | ((w.p[i + 2] - '0') << 3) | (w.p[i + 3] - '0'));
                        i += 3;
                } else
                        out[o++] = w.p[i];
        }
        out[o] = 0;
        return out;
}

static int sysfs_dev_dir(dev_t d)
{
        char path[64];

        snprintf(path, sizeof(path), "/sys/dev/block/%u:%u", major(d), minor(d));
        return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/*
 * The device numbers of the entries of the sysfs directory fd (each ENTRY/dev),
 * of those only that have ENTRY/require when it is given.
 */
static void add_entry_devs(int fd, const char *require, struct devset *out)
{
        _cleanup_strv_free_ char **names = NULL;
        int lfd = fd >= 0 ? fcntl(fd, F_DUPFD_CLOEXEC, 3) : -1;

        if (lfd < 0 || list_dir_fd(lfd, MAX_DEVS, &names) < 0)
                return;
        for (char **n = names; *n; n++) {
                char name[300];
                dev_t x;

                if ((*n)[0] == '.')
                        continue;
                if (require) {
                        snprintf(name, sizeof(name), "%s/%s", *n, require);
                        if (faccessat(fd, name, F_OK, 0) != 0)
                                continue;
                }
                snprintf(name, sizeof(name), "%s/dev", *n);
                if (read_devnum(fd, name, &x) == 0)
                        devset_add(out, x);
        }
}

/* For each entry of /sys/dev/block/D/SUB (slaves or holders), the device numbers. */
static void list_links(dev_t d, const char *sub, struct devset *out)
{
        _cleanup_close_ int dfd = sysfs_dev_dir(d), sfd = -1;

        if (dfd < 0)
                return;
        sfd = openat(dfd, sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        add_entry_devs(sfd, NULL, out);
}

/*
 * The device, everything it is built on (slaves, recursively), the disk of
 * each partition and, for a loop device, what backs it: the block device, or
 * the file system holding the backing file.
 */
static void add_with_lower(struct devset *s, const struct loop_table *loops, dev_t d, unsigned depth)
{
        struct devset lower = { 0 };
        _cleanup_close_ int dfd = -1;
        const struct loop_dev *l;

        if (depth > MAX_DEPTH || devset_has(s, d))
                return;
        devset_add(s, d);
        l = loops ? loop_find(loops, d) : NULL;
        if (l && l->identified)
                devset_add(&lower, l->back_rdev != 0 ? l->back_rdev : l->back_dev);
        dfd = sysfs_dev_dir(d);
        if (dfd >= 0 && faccessat(dfd, "partition", F_OK, 0) == 0) {
                dev_t parent;
                if (read_devnum(dfd, "../dev", &parent) == 0)
                        add_with_lower(s, loops, parent, depth + 1);
        }
        list_links(d, "slaves", &lower);
        for (size_t i = 0; i < lower.n; i++)
                add_with_lower(s, loops, lower.v[i], depth + 1);
        free(lower.v);
}

/* The target and its partitions: what an erase of the target overwrites. */
static void target_family(dev_t d, struct devset *out)
{
        _cleanup_close_ int dfd = sysfs_dev_dir(d);

        devset_add(out, d);
        add_entry_devs(dfd, "partition", out);
}

/* /proc files are regular files of st_size 0: the regular-file read caps them by what it reads. */
static int read_proc(const char *path, char **ret, size_t *ret_len)
{
        return read_regular_file(path, 16 << 20, ret, ret_len);
}

struct mounts {
        dev_t *dev;
        char **where;           /* mount point (and the namespace when it is not ours), or swap area */
        size_t n;
};

static void mounts_done(struct mounts *m)
{
        for (size_t i = 0; i < m->n; i++)
                free(m->where[i]);
        free(m->where);
        free(m->dev);
}

static void mounts_add(struct mounts *m, dev_t d, const char *where)
{
        for (size_t i = 0; i < m->n; i++)
                if (m->dev[i] == d)
                        return;
        if (m->n >= MAX_DEVS)
                return;
        m->dev = xreallocarray(m->dev, m->n + 1, sizeof(*m->dev));
        m->where = xreallocarray(m->where, m->n + 1, sizeof(*m->where));
        m->dev[m->n] = d;
        m->where[m->n++] = wipe_path_display(where); /* it may reach the certificate as a note */
}

/* Devices with a mounted file system in one mountinfo, from its maj:min and block-device sources. */
static void mountinfo_devices(const char *buf, size_t len, pid_t pid, const char *comm, struct mounts *out)
{
        struct cursor c = cursor_make(buf, len);
        struct slice line;

        for (unsigned n = 0; n < 1000000 && cursor_line(&c, &line); n++) {
                struct slice w, rest = line, mnt = { 0 };
                _cleanup_free_ char *where = NULL, *point = NULL;
                char tmp[32];
                unsigned a, b;
                dev_t d = 0;

                if (!slice_word(&rest, &w) || !slice_word(&rest, &w) || !slice_word(&rest, &w) || w.len >= sizeof(tmp))
                        continue;
                memcpy(tmp, w.p, w.len);
                tmp[w.len] = 0;
                if (sscanf(tmp, "%u:%u", &a, &b) == 2 && a != 0)
                        d = makedev(a, b);
                if (!slice_word(&rest, &w) || !slice_word(&rest, &mnt))
                        continue;
                point = unescape_octal(mnt);
                where = pid == 0 ? xstrdup(point) : xasprintf("%s in the mount namespace of process %ld (%s)", point, (long) pid, strna(comm));
                while (slice_word(&rest, &w))
                        if (slice_eq(w, "-"))
                                break;
                if (slice_word(&rest, &w) && slice_word(&rest, &w) && slice_startswith(w, "/dev/") && pid == 0) {
                        /* The source names a node in our namespace only when the mountinfo is ours. */
                        _cleanup_free_ char *src = unescape_octal(w);
                        struct stat st;
                        if (stat(src, &st) == 0 && S_ISBLK(st.st_mode))
                                mounts_add(out, st.st_rdev, where);
                }
                if (d)
                        mounts_add(out, d, where);
        }
}

/*
 * Every mount namespace's mounts: ours first, then each other namespace once
 * (by the inode of /proc/PID/ns/mnt), so a mount held by a process in a
 * namespace of its own (unshare -m, a container, systemd's PrivateMounts=)
 * is seen too.
 */
static int mounted_devices(struct mounts *out)
{
        _cleanup_free_ char *buf = NULL;
        _cleanup_close_ int pfd = -1;
        struct devset seen = { 0 };
        struct stat st;
        DIR *dir;
        struct dirent *de;
        size_t len;
        int k, dfd;

        k = read_proc("/proc/self/mountinfo", &buf, &len);
        if (k < 0)
                return k;
        mountinfo_devices(buf, len, 0, NULL, out);
        if (stat("/proc/self/ns/mnt", &st) == 0)
                devset_add(&seen, (dev_t) st.st_ino);

        pfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (pfd < 0 || (dfd = dup(pfd)) < 0) {
                free(seen.v);
                return -EIO;
        }
        dir = fdopendir(dfd);
        if (!dir) {
                close(dfd);
                free(seen.v);
                return -EIO;
        }
        for (unsigned n = 0; n < MAX_PROCS && (de = readdir(dir)); n++) {
                _cleanup_free_ char *mi = NULL;
                _cleanup_close_ int fd = -1;
                char path[300];
                size_t milen;
                char *end;
                long pid;

                errno = 0;
                pid = strtol(de->d_name, &end, 10);
                if (errno || *end || pid <= 0 || pid == (long) getpid())
                        continue;
                snprintf(path, sizeof(path), "%s/ns/mnt", de->d_name);
                if (fstatat(pfd, path, &st, 0) == 0) {
                        if (devset_has(&seen, (dev_t) st.st_ino))
                                continue;
                        devset_add(&seen, (dev_t) st.st_ino);
                }
                snprintf(path, sizeof(path), "%s/mountinfo", de->d_name);
                fd = openat(pfd, path, O_RDONLY | O_CLOEXEC);
                if (fd < 0 || read_full_fd(fd, 16 << 20, &mi, &milen) < 0)
                        continue; /* gone meanwhile, or a kernel thread */
                {
                        _cleanup_free_ char *comm = NULL;
                        _cleanup_close_ int cfd = -1;
                        size_t clen;

                        snprintf(path, sizeof(path), "%s/comm", de->d_name);
                        cfd = openat(pfd, path, O_RDONLY | O_CLOEXEC);
                        if (cfd >= 0 && read_full_fd(cfd, 64, &comm, &clen) == 0)
                                while (clen > 0 && comm[clen - 1] == '\n')
                                        comm[--clen] = 0;
                        mountinfo_devices(mi, milen, (pid_t) pid, comm, out);
                }
        }
        closedir(dir);
        free(seen.v);
        return 0;
}

/*
 * Calls fn with the path and stat of each swap area in /proc/swaps (that can
 * be stat()ed). 0 also when there is no /proc/swaps (no swap support).
 */
static int swaps_foreach(void (*fn)(const char *path, const struct stat *st, void *userdata), void *userdata)
{
        _cleanup_free_ char *buf = NULL;
        struct cursor c;
        struct slice line;
        size_t len;
        int k;

        k = read_proc("/proc/swaps", &buf, &len);
        if (k < 0)
                return k == -ENOENT ? 0 : k;
        c = cursor_make(buf, len);
        (void) cursor_line(&c, &line); /* header */
        for (unsigned n = 0; n < 100000 && cursor_line(&c, &line); n++) {
                struct slice w, rest = line;
                _cleanup_free_ char *p = NULL;
                struct stat st;

                if (!slice_word(&rest, &w))
                        continue;
                p = unescape_octal(w);
                if (stat(p, &st) == 0)
                        fn(p, &st, userdata);
        }
        return 0;
}

/* Swap areas: a swap partition by its node, a swap file by the device under it. */
static void add_swap_device(const char *path, const struct stat *st, void *userdata)
{
        mounts_add(userdata, S_ISBLK(st->st_mode) ? st->st_rdev : st->st_dev, path);
}

static int swap_devices(struct mounts *out)
{
        return swaps_foreach(add_swap_device, out);
}

/* The name of a holder for the refusal: dm-0 (its dm name), md0. */
static char *holder_name(dev_t d)
{
        _cleanup_close_ int dfd = sysfs_dev_dir(d);
        _cleanup_free_ char *dmname = NULL;
        char link[4096];
        const char *base;
        ssize_t n;
        char self[64];

        snprintf(self, sizeof(self), "/sys/dev/block/%u:%u", major(d), minor(d));
        n = readlink(self, link, sizeof(link) - 1);
        if (n <= 0)
                return xasprintf("device %u:%u", major(d), minor(d));
        link[n] = 0;
        base = strrchr(link, '/') ? strrchr(link, '/') + 1 : link;
        if (dfd >= 0) {
                _cleanup_close_ int fd = openat(dfd, "dm/name", O_RDONLY | O_CLOEXEC);
                size_t len;
                if (fd >= 0 && read_full_fd(fd, 256, &dmname, &len) == 0) {
                        while (len > 0 && dmname[len - 1] == '\n')
                                dmname[--len] = 0;
                        return xasprintf("/dev/%s (device-mapper %s)", base, dmname);
                }
        }
        return xasprintf("/dev/%s", base);
}

static bool sets_meet(const struct devset *a, const struct devset *b)
{
        for (size_t i = 0; i < a->n; i++)
                if (devset_has(b, a->v[i]))
                        return true;
        return false;
}

/* Where the first entry of m stands (mount point, swap area) that is built on a device of family, or NULL. */
static const char *family_user(const struct mounts *m, const struct devset *family, const struct loop_table *loops)
{
        for (size_t i = 0; i < m->n; i++) {
                struct devset lower = { 0 };
                bool meet;

                add_with_lower(&lower, loops, m->dev[i], 0);
                meet = sets_meet(family, &lower);
                free(lower.v);
                if (meet)
                        return m->where[i];
        }
        return NULL;
}

int safety_check_device(unsigned maj, unsigned min, const char *node, char **ret_reason)
{
        struct devset family = { 0 }, root = { 0 };
        struct mounts mounted = { 0 }, swaps = { 0 };
        struct loop_table loops = { 0 };
        dev_t d = makedev(maj, min);
        const char *where;
        struct stat st;
        int k = 0;

        target_family(d, &family);
        if (loop_table_read(&loops) < 0) {
                *ret_reason = xasprintf("cannot read /sys/block to prove no loop device is built on %s", node);
                k = -EIO;
        }

        if (k == 0 && stat("/", &st) == 0 && major(st.st_dev) != 0)
                add_with_lower(&root, &loops, st.st_dev, 0);
        if (k == 0 && sets_meet(&family, &root)) {
                *ret_reason = xasprintf("%s holds the root file system (/) of the running system", node);
                k = -EBUSY;
        }

        if (k == 0 && mounted_devices(&mounted) < 0) {
                *ret_reason = xasprintf("cannot read the mount tables (/proc/*/mountinfo) to prove %s is not mounted", node);
                k = -EIO;
        }
        if (k == 0 && (where = family_user(&mounted, &family, &loops))) {
                *ret_reason = xasprintf("%s is in use: a file system on it (or on a device built on it) is mounted on %s", node, where);
                k = -EBUSY;
        }

        if (k == 0 && swap_devices(&swaps) < 0) {
                *ret_reason = xasprintf("cannot read /proc/swaps to prove %s is not swapped on", node);
                k = -EIO;
        }
        if (k == 0 && (where = family_user(&swaps, &family, &loops))) {
                *ret_reason = xasprintf("%s is in use: swap area %s is on it (or on a device built on it); swapoff it first", node, where);
                k = -EBUSY;
        }

        for (size_t j = 0; j < family.n && k == 0; j++) {
                struct devset holders = { 0 };

                list_links(family.v[j], "holders", &holders);
                if (holders.n > 0) {
                        _cleanup_free_ char *h = holder_name(holders.v[0]);
                        *ret_reason = xasprintf("%s is in use: device %u:%u is held by %s (device-mapper, md or similar)",
                                                node, major(family.v[j]), minor(family.v[j]), h);
                        k = -EBUSY;
                }
                free(holders.v);
        }

        /* Loop devices do not appear in holders/: any bound loop device whose backing reaches the target uses it. */
        for (size_t i = 0; i < loops.n && k == 0; i++) {
                const struct loop_dev *l = &loops.v[i];
                struct devset lower = { 0 };

                if (devset_has(&family, l->devnum))
                        continue;
                add_with_lower(&lower, &loops, l->devnum, 0);
                if (sets_meet(&family, &lower)) {
                        _cleanup_free_ char *shown = wipe_path_display(strna(l->backing_file));
                        *ret_reason = xasprintf("%s is in use: loop device /dev/%s is built on it (backing %s); detach it first (losetup -d /dev/%s)",
                                                node, l->name, shown, l->name);
                        k = -EBUSY;
                }
                free(lower.v);
        }

        mounts_done(&mounted);
        loop_table_done(&loops);
        free(family.v);
        free(root.v);
        mounts_done(&swaps);
        return k;
}

/* ---- regular files ---- */

struct swap_file {
        dev_t dev;
        ino_t ino;
};

struct file_users {
        struct loop_table loops;
        struct swap_file *swaps;
        size_t n_swaps;
};

void file_users_free(struct file_users *u)
{
        if (!u)
                return;
        loop_table_done(&u->loops);
        free(u->swaps);
        free(u);
}

static void add_swap_file(const char *path, const struct stat *st, void *userdata)
{
        struct file_users *u = userdata;

        if (!S_ISREG(st->st_mode))
                return;
        u->swaps = xreallocarray(u->swaps, u->n_swaps + 1, sizeof(*u->swaps));
        u->swaps[u->n_swaps++] = (struct swap_file){ .dev = st->st_dev, .ino = st->st_ino };
}

int file_users_read(struct file_users **ret)
{
        struct file_users *u = xmalloc0(sizeof(*u));
        int k;

        k = loop_table_read(&u->loops);
        if (k >= 0)
                k = swaps_foreach(add_swap_file, u);
        if (k < 0) {
                file_users_free(u);
                return k;
        }
        *ret = u;
        return 0;
}

int file_users_check(const struct file_users *u, dev_t dev, ino_t ino, const char *path, char **ret_reason)
{
        for (size_t i = 0; i < u->loops.n; i++) {
                const struct loop_dev *l = &u->loops.v[i];

                if (l->identified && l->back_rdev == 0 && l->back_dev == dev && l->back_ino == ino) {
                        _cleanup_free_ char *shown = wipe_path_display(path);
                        *ret_reason = xasprintf("%s is in use: it backs loop device /dev/%s; detach it first (losetup -d /dev/%s)",
                                                shown, l->name, l->name);
                        return -EBUSY;
                }
        }
        for (size_t i = 0; i < u->n_swaps; i++)
                if (u->swaps[i].dev == dev && u->swaps[i].ino == ino) {
                        _cleanup_free_ char *shown = wipe_path_display(path);
                        *ret_reason = xasprintf("%s is in use as a swap file (see /proc/swaps); swapoff it first", shown);
                        return -EBUSY;
                }
        return 0;
}
