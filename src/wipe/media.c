/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the media is (make, model, serial for the certificate) and what an
 * overwrite does not reach on it (for the caveats). Facts come from sysfs and
 * the udev database, which the kernel and udev keep for every block device.
 */
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>

#include "cursor.h"
#include "fdio.h"
#include "macro.h"
#include "wipe-internal.h"

#ifndef F2FS_SUPER_MAGIC
#define F2FS_SUPER_MAGIC 0xF2F52010
#endif
#ifndef UBIFS_SUPER_MAGIC
#define UBIFS_SUPER_MAGIC 0x24051905
#endif
#ifndef NILFS_SUPER_MAGIC
#define NILFS_SUPER_MAGIC 0x3434
#endif
#ifndef ZFS_SUPER_MAGIC
#define ZFS_SUPER_MAGIC 0x2fc12fc1
#endif
#ifndef BCACHEFS_SUPER_MAGIC
#define BCACHEFS_SUPER_MAGIC 0xca451a4e
#endif
#ifndef XFS_SUPER_MAGIC
#define XFS_SUPER_MAGIC 0x58465342
#endif
#ifndef EXFAT_SUPER_MAGIC
#define EXFAT_SUPER_MAGIC 0x2011BAB0
#endif

/* Reads a small sysfs attribute, stripped; NULL when absent or empty. */
static char *sysfs_read(int dirfd, const char *name)
{
        _cleanup_close_ int fd = -1;
        _cleanup_free_ char *buf = NULL;
        size_t len;

        fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (fd < 0 || read_full_fd(fd, 4096, &buf, &len) < 0)
                return NULL;
        while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
                buf[--len] = 0;
        {
                size_t lead = strspn(buf, " ");
                if (lead == len)
                        return NULL;
                return xstrdup(buf + lead);
        }
}

static int sysfs_int(int dirfd, const char *name)
{
        _cleanup_free_ char *s = sysfs_read(dirfd, name);
        char *end;
        long v;

        if (!s)
                return -1;
        errno = 0;
        v = strtol(s, &end, 10);
        if (errno || *end || v < 0 || v > INT32_MAX)
                return -1;
        return (int) v;
}

/* The udev database line "E:KEY=value" for a device, if udev runs here. */
static char *udev_property(unsigned maj, unsigned min, const char *key)
{
        char path[64];
        _cleanup_close_ int fd = -1;
        _cleanup_free_ char *buf = NULL;
        struct cursor c;
        struct slice line;
        size_t len, kl = strlen(key);

        snprintf(path, sizeof(path), "/run/udev/data/b%u:%u", maj, min);
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (fd < 0 || read_full_fd(fd, 1 << 20, &buf, &len) < 0)
                return NULL;
        c = cursor_make(buf, len);
        for (unsigned n = 0; n < 100000 && cursor_line(&c, &line); n++)
                if (line.len > kl + 3 && memcmp(line.p, "E:", 2) == 0 && memcmp(line.p + 2, key, kl) == 0 && line.p[2 + kl] == '=')
                        return xstrndup(line.p + 3 + kl, line.len - 3 - kl);
        return NULL;
}

int media_from_devnum(unsigned maj, unsigned min, struct wipe_media *m, bool *ret_is_partition)
{
        char path[64];
        _cleanup_close_ int dfd = -1, disk = -1, devdir = -1;
        _cleanup_free_ char *name = NULL, *uevent = NULL;
        bool partition;
        unsigned dmaj = maj, dmin = min;

        snprintf(path, sizeof(path), "/sys/dev/block/%u:%u", maj, min);
        dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return negative_errno();
        partition = faccessat(dfd, "partition", F_OK, 0) == 0;
        disk = partition ? openat(dfd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : dup(dfd);
        if (disk < 0)
                return negative_errno();
        if (partition) {
                _cleanup_free_ char *dev = sysfs_read(disk, "dev");
                if (dev && sscanf(dev, "%u:%u", &dmaj, &dmin) != 2)
                        dmaj = maj, dmin = min;
        }

        uevent = sysfs_read(dfd, "uevent");
        if (uevent) {
                const char *p = strstr(uevent, "DEVNAME=");
                if (p) {
                        p += strlen("DEVNAME=");
                        name = xstrndup(p, strcspn(p, "\n"));
                }
        }
        if (name && !m->node)
                m->node = xasprintf("/dev/%s", name);

        /* udev knows serials that sysfs does not show (SCSI VPD, USB). */
        m->vendor = udev_property(dmaj, dmin, "ID_VENDOR");
        m->model = udev_property(dmaj, dmin, "ID_MODEL");
        m->serial = udev_property(dmaj, dmin, "ID_SERIAL_SHORT");
        devdir = openat(disk, "device", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (devdir >= 0) {
                if (!m->vendor)
                        m->vendor = sysfs_read(devdir, "vendor");
                if (!m->model)
                        m->model = sysfs_read(devdir, "model");
                if (!m->model)
                        m->model = sysfs_read(devdir, "name"); /* MMC/SD */
                if (!m->serial)
                        m->serial = sysfs_read(devdir, "serial");
                if (!m->serial)
                        m->serial = sysfs_read(devdir, "wwid");
        }
        if (!m->serial)
                m->serial = sysfs_read(disk, "wwid");
        m->backing_file = sysfs_read(disk, "loop/backing_file");
        m->rotational = sysfs_int(disk, "queue/rotational");
        m->removable = sysfs_int(disk, "removable");
        m->read_only = sysfs_int(dfd, "ro") == 1;
        {
                int lbs = sysfs_int(disk, "queue/logical_block_size");
                m->logical_block_size = lbs > 0 ? (uint32_t) lbs : 512;
        }

        {
                _cleanup_free_ char *dname = NULL, *du = sysfs_read(disk, "uevent");
                const char *p = du ? strstr(du, "DEVNAME=") : NULL;
                const char *type;

                if (p) {
                        p += strlen("DEVNAME=");
                        dname = xstrndup(p, strcspn(p, "\n"));
                }
                if (!dname)
                        type = "unknown";
                else if (startswith(dname, "loop"))
                        type = "loop";
                else if (startswith(dname, "nvme"))
                        type = "nvme";
                else if (startswith(dname, "mmcblk")) {
                        _cleanup_free_ char *t = devdir >= 0 ? sysfs_read(devdir, "type") : NULL;
                        type = t && streq(t, "SD") ? "sd" : "emmc";
                } else if (startswith(dname, "vd") || startswith(dname, "xvd") || startswith(dname, "zram") || startswith(dname, "ram"))
                        type = "virtual";
                else if (m->removable == 1 && m->rotational == 0)
                        type = "usb-flash";
                else if (m->rotational == 1)
                        type = "hdd";
                else if (m->rotational == 0)
                        type = "ssd";
                else
                        type = "unknown";
                m->type = xstrdup(type);
        }
        if (ret_is_partition)
                *ret_is_partition = partition;
        return 0;
}

void wipe_media_done(struct wipe_media *m)
{
        free(m->node);
        free(m->vendor);
        free(m->model);
        free(m->serial);
        free(m->type);
        free(m->fstype);
        free(m->backing_file);
        *m = (struct wipe_media){ 0 };
}

void media_device_caveats(struct wipe_record *r)
{
        const struct wipe_media *m = &r->media;

        if (m->type && (streq(m->type, "ssd") || streq(m->type, "nvme") || streq(m->type, "emmc") ||
                        streq(m->type, "sd") || streq(m->type, "usb-flash")))
                wipe_record_caveat(r, "%s is flash (non-rotational): wear levelling and over-provisioning keep blocks the "
                                   "host cannot address, so an overwrite is NIST SP 800-88 Clear at best; for Purge use the "
                                   "device's sanitize/secure-erase (--method discard issues BLKSECDISCARD) or crypto erase of an "
                                   "encrypted volume", strna(m->node));
        else if (m->rotational == 0 && m->type && !streq(m->type, "loop") && !streq(m->type, "virtual"))
                wipe_record_caveat(r, "%s reports itself non-rotational: remapped blocks are not reached by an overwrite", strna(m->node));
        if (m->removable == 1)
                wipe_record_caveat(r, "%s is removable media: 800-88 Clear for removable flash is two passes (--method clear)", strna(m->node));
        if (m->type && streq(m->type, "loop"))
                wipe_record_caveat(r, "%s is a loop device over %s: the erase reaches that file, and what its own file system "
                                   "and media keep (copies, journal, flash) is not covered", strna(m->node), strna(m->backing_file));
        if (m->type && streq(m->type, "virtual"))
                wipe_record_caveat(r, "%s is a virtual disk: the erase reaches what the hypervisor presents; snapshots and the "
                                   "host's storage are not covered", strna(m->node));
        if (m->read_only)
                wipe_record_caveat(r, "%s is read-only: writes will fail", strna(m->node));
}

/* Super options of the mount holding fd (ext4 data=journal lives there). */
static char *mount_super_options(int fd)
{
        _cleanup_close_ int mfd = -1;
        _cleanup_free_ char *buf = NULL;
        struct stat st;
        struct cursor c;
        struct slice line;
        size_t len;

        if (fstat(fd, &st) < 0)
                return NULL;
        mfd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
        if (mfd < 0 || read_full_fd(mfd, 16 << 20, &buf, &len) < 0)
                return NULL;
        c = cursor_make(buf, len);
        for (unsigned n = 0; n < 1000000 && cursor_line(&c, &line); n++) {
                struct slice w, rest = line;
                unsigned a, b;
                char tmp[32];

                /* id parent maj:min root mountpoint opts [optional...] - fstype source superopts */
                if (!slice_word(&rest, &w) || !slice_word(&rest, &w) || !slice_word(&rest, &w) || w.len >= sizeof(tmp))
                        continue;
                memcpy(tmp, w.p, w.len);
                tmp[w.len] = 0;
                if (sscanf(tmp, "%u:%u", &a, &b) != 2 || makedev(a, b) != st.st_dev)
                        continue;
                while (slice_word(&rest, &w))
                        if (slice_eq(w, "-"))
                                break;
                if (slice_word(&rest, &w) && slice_word(&rest, &w) && slice_word(&rest, &w))
                        return slice_dup(w);
        }
        return NULL;
}

void media_fs_caveats(struct wipe_record *r, int fd, const char *path)
{
        struct statfs sf;
        const char *fs = NULL, *why = NULL;
        unsigned flags = 0;

        if (fstatfs(fd, &sf) < 0)
                return;
        switch ((unsigned long) sf.f_type) {
        case BTRFS_SUPER_MAGIC:
                fs = "btrfs", why = "copy-on-write: an overwrite goes to new blocks and the old ones, and snapshots, keep the data";
                break;
        case F2FS_SUPER_MAGIC:
                fs = "f2fs", why = "log-structured: an overwrite is appended elsewhere and the old blocks stay until cleaned";
                break;
        case UBIFS_SUPER_MAGIC:
                fs = "ubifs", why = "log-structured on raw flash: old versions stay in erase blocks";
                break;
        case JFFS2_SUPER_MAGIC:
                fs = "jffs2", why = "log-structured on raw flash: old versions stay in erase blocks";
                break;
        case NILFS_SUPER_MAGIC:
                fs = "nilfs2", why = "log-structured with checkpoints: every old version is kept";
                break;
        case ZFS_SUPER_MAGIC:
                fs = "zfs", why = "copy-on-write with snapshots: an overwrite does not touch the old blocks";
                break;
        case BCACHEFS_SUPER_MAGIC:
                fs = "bcachefs", why = "copy-on-write: an overwrite goes to new blocks";
                break;
        case OVERLAYFS_SUPER_MAGIC:
                fs = "overlayfs", why = "opening a lower-layer file for writing copies it up: the lower copy is untouched";
                break;
        case TMPFS_MAGIC:
                fs = "tmpfs", why = "pages may have been swapped out, and swap keeps them";
                break;
        case EXT4_SUPER_MAGIC:
                fs = "ext4";
                break;
        case XFS_SUPER_MAGIC:
                fs = "xfs";
                break;
        case MSDOS_SUPER_MAGIC:
                fs = "vfat";
                break;
        case EXFAT_SUPER_MAGIC:
                fs = "exfat";
                break;
        default:
                break;
        }
        if (!r->media.fstype)
                r->media.fstype = fs ? xstrdup(fs) : xasprintf("0x%lx", (unsigned long) sf.f_type);
        if (why)
                wipe_record_caveat(r, "%s is on %s, %s; erase the whole device or, when it is encrypted, crypto-erase it",
                                   path, fs, why);
        if (sf.f_type == EXT4_SUPER_MAGIC) {
                _cleanup_free_ char *opts = mount_super_options(fd);
                if (opts && strstr(opts, "data=journal"))
                        wipe_record_caveat(r, "%s is on ext4 with data=journal: file data also went through the journal, "
                                           "which the overwrite does not reach; erase the whole device", path);
        }
        if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 && (flags & FS_COMPR_FL))
                wipe_record_caveat(r, "%s is compressed: the overwrite need not land on the blocks that held the data", path);
}
