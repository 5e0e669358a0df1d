/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The device engine: whole block devices and partitions, erased through the
 * node prepare resolved (the same device number, opened O_EXCL, checked again
 * for users at the start), pass by pass as the method's scheme says, then
 * read back; and the later read-back of a device against its certificate.
 */
#include <fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "macro.h"
#include "wipe-internal.h"

int wipe_device_prepare(struct wipe_plan *p, const struct wipe_options *o, char **ret_reason)
{
        struct wipe_record *r = p->record;
        const struct wipe_target *t = &p->targets[0];
        const char *target = t->path;
        _cleanup_close_ int fd = -1;
        struct stat st;
        bool partition = false;
        uint64_t size = 0;
        int k;

        if (t->type != S_IFBLK) {
                *ret_reason = xasprintf("%s is not a block device", target);
                return -EINVAL;
        }
        st.st_rdev = t->rdev;
        k = media_from_devnum(major(st.st_rdev), minor(st.st_rdev), &r->media, &partition);
        if (k < 0) {
                *ret_reason = xasprintf("%s: no sysfs entry for device %u:%u: %s", target, major(st.st_rdev), minor(st.st_rdev), strerror(-k));
                return k;
        }
        r->resolved = xstrdup(r->media.node ? r->media.node : target);
        r->kind = partition ? WIPE_KIND_PARTITION : WIPE_KIND_DEVICE;
        k = safety_check_device(major(st.st_rdev), minor(st.st_rdev), target, ret_reason);
        if (k < 0)
                return k;
        fd = open(target, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISBLK(st.st_mode) || st.st_rdev != t->rdev)) {
                *ret_reason = xasprintf("%s changed while it was being checked", target);
                return -ESTALE;
        }
        if (fd < 0 || ioctl(fd, BLKGETSIZE64, &size) < 0) {
                k = negative_errno();
                *ret_reason = xasprintf("%s: cannot read its size: %s", target, strerror(-k));
                return k;
        }
        r->size = size;
        media_device_caveats(r);
        return 0;
}

static int device_discard(struct wipe_record *r, int fd)
{
        uint64_t range[2] = { 0, r->size };

        if (ioctl(fd, BLKSECDISCARD, range) == 0) {
                wipe_record_note(r, "BLKSECDISCARD accepted for the whole device (secure discard: 800-88 Purge where the device implements it)");
                r->category = "Purge";
                free(r->technique);
                r->technique = xstrdup("secure discard (BLKSECDISCARD), then zeroing (BLKZEROOUT) so verification reads zeros");
        } else {
                int e = errno;

                wipe_record_note(r, "BLKSECDISCARD refused: %s", strerror(e));
                r->category = "Clear";
                if (ioctl(fd, BLKDISCARD, range) == 0)
                        wipe_record_note(r, "BLKDISCARD accepted (the device may or may not erase discarded blocks)");
                else
                        wipe_record_note(r, "BLKDISCARD refused: %s", strerror(errno));
                free(r->technique);
                r->technique = xstrdup("discard (BLKDISCARD) where accepted, then zeroing (BLKZEROOUT)");
        }
        if (ioctl(fd, BLKZEROOUT, range) < 0) {
                int e = errno;
                wipe_record_note(r, "BLKZEROOUT refused: %s", strerror(e));
                wipe_record_error(r, NULL, "zeroout", 0, r->size, e);
                return -e;
        }
        wipe_record_note(r, "BLKZEROOUT accepted for the whole device");
        r->bytes_written = r->size;
        return 0;
}

int wipe_device_execute(struct wipe_plan *p, const struct wipe_options *o)
{
        struct wipe_record *r = p->record;
        const struct wipe_scheme *scheme = wipe_method_scheme(r);
        const struct wipe_target *t = &p->targets[0];
        _cleanup_close_ int fd = -1;
        _cleanup_free_ char *reason = NULL;
        struct wipe_io io;
        struct wipe_pattern pat = { 0 };
        struct stat st;
        int k = 0;

        /* O_EXCL: the kernel refuses a device that was mounted or claimed since prepare. */
        fd = open(r->resolved, O_RDWR | O_EXCL | O_CLOEXEC | O_DIRECT);
        if (fd < 0 && errno == EINVAL)
                fd = open(r->resolved, O_RDWR | O_EXCL | O_CLOEXEC);
        if (fd < 0) {
                k = negative_errno();
                wipe_record_error(r, NULL, "open", 0, r->size, -k);
                return k;
        }
        /* Exactly the device prepare resolved ... */
        if (fstat(fd, &st) < 0 || !S_ISBLK(st.st_mode) || st.st_rdev != t->rdev) {
                wipe_record_error(r, NULL, "open", 0, r->size, ESTALE);
                wipe_record_note(r, "%s is no longer the device that was checked: nothing written", r->resolved);
                return -ESTALE;
        }
        /* ... and still unused: O_EXCL does not see loop devices, swap files or mounts made meanwhile elsewhere. */
        k = safety_check_device(major(t->rdev), minor(t->rdev), r->resolved, &reason);
        if (k < 0) {
                wipe_record_error(r, NULL, "open", 0, r->size, -k);
                wipe_record_note(r, "refused at the start of the erase, nothing written: %s", strna(reason));
                return k;
        }
        io = (struct wipe_io){
                .fd = fd, .size = r->size, .align = r->media.logical_block_size, .r = r, .o = o,
                .progress_total = r->size,
        };

        /* The passes of the method's scheme; afterwards pat is the last one's pattern, which verification reads back. */
        for (unsigned pass = 0; pass < r->passes; pass++) {
                wipe_pattern_done(&pat);
                k = wipe_pattern_for(r, pass, 0, &pat);
                if (k < 0)
                        break;
                if (scheme && pass < scheme->n_passes && scheme->passes[pass].discard)
                        k = device_discard(r, fd);
                else {
                        io.written = 0;
                        k = wipe_io_write(&io, &pat);
                        r->bytes_written += io.written;
                        (void) wipe_io_sync_and_drop(&io, true);
                }
                if (k < 0)
                        break;
        }
        if (k == 0 && r->verify != WIPE_VERIFY_NONE) {
                size_t before = r->errors_total;

                (void) wipe_io_sync_and_drop(&io, true);
                k = wipe_io_verify(&io, &pat, r->verify);
                if (k == 0)
                        r->verify_result = r->mismatches_total == 0 && r->errors_total == before ? "pass" : "fail";
        }
        wipe_pattern_done(&pat);
        return k;
}

int wipe_reverify(const struct wipe_record *cert, const char *target, const struct wipe_options *o, struct wipe_record **ret_r)
{
        _cleanup_wipe_record_ struct wipe_record *r = xmalloc0(sizeof(*r));
        _cleanup_close_ int fd = -1;
        struct wipe_pattern pat = { 0 };
        struct wipe_io io;
        struct stat st;
        uint64_t size = 0;
        int k;

        if (cert->kind != WIPE_KIND_DEVICE && cert->kind != WIPE_KIND_PARTITION)
                return -EOPNOTSUPP; /* files are gone and free space is reused: only devices can be read again */
        fd = open(target, O_RDONLY | O_CLOEXEC | O_DIRECT);
        if (fd < 0 && errno == EINVAL)
                fd = open(target, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISBLK(st.st_mode))
                return -ENOTBLK;
        if (ioctl(fd, BLKGETSIZE64, &size) < 0)
                return negative_errno();
        r->target = xstrdup(target);
        r->resolved = xstrdup(target);
        r->kind = cert->kind;
        r->method = cert->method;
        r->passes = cert->passes;
        r->verify = o->verify == WIPE_VERIFY_NONE ? WIPE_VERIFY_FULL : o->verify;
        r->size = size;
        r->has_key = cert->has_key;
        memcpy(r->key, cert->key, sizeof(r->key));
        r->media.rotational = r->media.removable = -1;
        (void) media_from_devnum(major(st.st_rdev), minor(st.st_rdev), &r->media, NULL);
        if (size != cert->size)
                wipe_record_error(r, NULL, "size", size, cert->size > size ? cert->size - size : size - cert->size, EMEDIUMTYPE);
        clock_gettime(CLOCK_REALTIME, &r->start);
        k = wipe_pattern_for(r, r->passes > 0 ? r->passes - 1 : 0, 0, &pat);
        if (k < 0)
                return k;
        io = (struct wipe_io){
                .fd = fd, .size = MIN(size, cert->size), .align = MAX(r->media.logical_block_size, 512u),
                .r = r, .o = o, .progress_total = MIN(size, cert->size),
        };
        k = wipe_io_verify(&io, &pat, r->verify);
        wipe_pattern_done(&pat);
        r->verify_result = k == 0 && r->mismatches_total == 0 && r->errors_total == 0 ? "pass" : k == -ECANCELED ? "incomplete" : "fail";
        wipe_record_conclude(r, k);
        *ret_r = TAKE_PTR(r);
        return 0;
}
