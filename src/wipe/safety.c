/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Refusals before a device is touched: mounted (any of its partitions),
 * swapped on, held by another driver (device-mapper, md, a loop device over
 * it), or under the root file system. The kernel's O_EXCL open refuses
 * mounted devices too; these checks come first so the refusal says why, and
 * cover what O_EXCL does not (a swap file on it, / on a stacked device).
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "cursor.h"
#include "fdio.h"
#include "macro.h"
#include "wipe-internal.h"

#define MAX_DEVS 4096
#define MAX_DEPTH 16

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

static int sysfs_dev_dir(dev_t d)
{
        char path[64];

        snprintf(path, sizeof(path), "/sys/dev/block/%u:%u", major(d), minor(d));
        return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* For each entry of /sys/dev/block/D/SUB (slaves or holders), the device numbers. */
static void list_links(dev_t d, const char *sub, struct devset *out)
{
        _cleanup_close_ int dfd = sysfs_dev_dir(d);
        int sfd;
        DIR *dir;
        struct dirent *de;

        if (dfd < 0)
                return;
        sfd = openat(dfd, sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (sfd < 0)
                return;
        dir = fdopendir(sfd);
        if (!dir) {
                close(sfd);
                return;
        }
        for (unsigned n = 0; n < MAX_DEVS && (de = readdir(dir)); n++) {
                char name[300];
                dev_t x;

                if (de->d_name[0] == '.')
                        continue;
                snprintf(name, sizeof(name), "%s/dev", de->d_name);
                if (read_devnum(sfd, name, &x) == 0)
                        devset_add(out, x);
        }
        closedir(dir);
}

/* The device, everything it is built on (slaves, recursively), and the disk of each partition. */
static void add_with_lower(struct devset *s, dev_t d, unsigned depth)
{
        struct devset lower = { 0 };
        _cleanup_close_ int dfd = -1;

        if (depth > MAX_DEPTH || devset_has(s, d))
                return;
        devset_add(s, d);
        dfd = sysfs_dev_dir(d);
        if (dfd >= 0 && faccessat(dfd, "partition", F_OK, 0) == 0) {
                dev_t parent;
                if (read_devnum(dfd, "../dev", &parent) == 0)
                        devset_add(s, parent);
        }
        list_links(d, "slaves", &lower);
        for (size_t i = 0; i < lower.n; i++)
                add_with_lower(s, lower.v[i], depth + 1);
        free(lower.v);
}

/* The target and its partitions: what an erase of the target overwrites. */
static void target_family(dev_t d, struct devset *out)
{
        _cleanup_close_ int dfd = sysfs_dev_dir(d);
        int dup_fd;
        DIR *dir;
        struct dirent *de;

        devset_add(out, d);
        if (dfd < 0)
                return;
        dup_fd = dup(dfd);
        if (dup_fd < 0)
                return;
        dir = fdopendir(dup_fd);
        if (!dir) {
                close(dup_fd);
                return;
        }
        for (unsigned n = 0; n < MAX_DEVS && (de = readdir(dir)); n++) {
                char name[300];
                dev_t x;

                if (de->d_name[0] == '.')
                        continue;
                snprintf(name, sizeof(name), "%s/partition", de->d_name);
                if (faccessat(dfd, name, F_OK, 0) != 0)
                        continue;
                snprintf(name, sizeof(name), "%s/dev", de->d_name);
                if (read_devnum(dfd, name, &x) == 0)
                        devset_add(out, x);
        }
        closedir(dir);
}

static int read_proc(const char *path, char **ret, size_t *ret_len)
{
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);

        if (fd < 0)
                return negative_errno();
        return read_full_fd(fd, 16 << 20, ret, ret_len);
}

/* Devices with a mounted file system, from mountinfo's maj:min and block-device sources. */
static int mounted_devices(struct devset *out, char ***ret_targets)
{
        _cleanup_free_ char *buf = NULL;
        struct cursor c;
        struct slice line;
        size_t len;
        int k;

        k = read_proc("/proc/self/mountinfo", &buf, &len);
        if (k < 0)
                return k;
        c = cursor_make(buf, len);
        for (unsigned n = 0; n < 1000000 && cursor_line(&c, &line); n++) {
                struct slice w, rest = line, mnt = { 0 };
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
                while (slice_word(&rest, &w))
                        if (slice_eq(w, "-"))
                                break;
                if (slice_word(&rest, &w) && slice_word(&rest, &w) && slice_startswith(w, "/dev/")) {
                        _cleanup_free_ char *src = slice_dup(w);
                        struct stat st;
                        if (stat(src, &st) == 0 && S_ISBLK(st.st_mode) && !devset_has(out, st.st_rdev)) {
                                devset_add(out, st.st_rdev);
                                *ret_targets = xreallocarray(*ret_targets, out->n, sizeof(char *));
                                (*ret_targets)[out->n - 1] = slice_dup(mnt);
                        }
                }
                if (d && !devset_has(out, d)) {
                        devset_add(out, d);
                        *ret_targets = xreallocarray(*ret_targets, out->n, sizeof(char *));
                        (*ret_targets)[out->n - 1] = slice_dup(mnt);
                }
        }
        return 0;
}

/* Swap areas: a swap partition by its node, a swap file by the device under it. */
static int swap_devices(struct devset *out)
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
                p = slice_dup(w);
                if (stat(p, &st) < 0)
                        continue;
                devset_add(out, S_ISBLK(st.st_mode) ? st.st_rdev : st.st_dev);
        }
        return 0;
}

int safety_check_device(unsigned maj, unsigned min, const char *node, char **ret_reason)
{
        struct devset family = { 0 }, root = { 0 }, mounted = { 0 }, swaps = { 0 };
        char **mount_targets = NULL;
        dev_t d = makedev(maj, min);
        struct stat st;
        int k = 0;

        target_family(d, &family);

        if (stat("/", &st) == 0 && major(st.st_dev) != 0)
                add_with_lower(&root, st.st_dev, 0);
        for (size_t i = 0; i < family.n && k == 0; i++)
                if (devset_has(&root, family.v[i])) {
                        *ret_reason = xasprintf("%s holds the root file system (/) of the running system", node);
                        k = -EBUSY;
                }

        if (k == 0 && mounted_devices(&mounted, &mount_targets) < 0) {
                *ret_reason = xasprintf("cannot read /proc/self/mountinfo to prove %s is not mounted", node);
                k = -EIO;
        }
        for (size_t i = 0; i < mounted.n && k == 0; i++) {
                struct devset lower = { 0 };

                add_with_lower(&lower, mounted.v[i], 0);
                for (size_t j = 0; j < family.n && k == 0; j++)
                        if (devset_has(&lower, family.v[j])) {
                                *ret_reason = xasprintf("%s is in use: a file system on it (or on a device built on it) is mounted on %s",
                                                        node, mount_targets[i]);
                                k = -EBUSY;
                        }
                free(lower.v);
        }

        if (k == 0 && swap_devices(&swaps) < 0) {
                *ret_reason = xasprintf("cannot read /proc/swaps to prove %s is not swapped on", node);
                k = -EIO;
        }
        for (size_t i = 0; i < swaps.n && k == 0; i++) {
                struct devset lower = { 0 };

                add_with_lower(&lower, swaps.v[i], 0);
                for (size_t j = 0; j < family.n && k == 0; j++)
                        if (devset_has(&lower, family.v[j])) {
                                *ret_reason = xasprintf("%s is in use as swap (see /proc/swaps)", node);
                                k = -EBUSY;
                        }
                free(lower.v);
        }

        for (size_t j = 0; j < family.n && k == 0; j++) {
                struct devset holders = { 0 };

                list_links(family.v[j], "holders", &holders);
                if (holders.n > 0) {
                        *ret_reason = xasprintf("%s is in use: device %u:%u is held by device %u:%u (device-mapper, md or similar)",
                                                node, major(family.v[j]), minor(family.v[j]),
                                                major(holders.v[0]), minor(holders.v[0]));
                        k = -EBUSY;
                }
                free(holders.v);
        }

        for (size_t i = 0; i < mounted.n; i++)
                free(mount_targets[i]);
        free(mount_targets);
        free(family.v);
        free(root.v);
        free(mounted.v);
        free(swaps.v);
        return k;
}
