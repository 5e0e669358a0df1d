/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The record, the method table and the block-device engine. */
#include <fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "macro.h"
#include "strv.h"
#include "wipe-internal.h"

static const char *const method_names[_WIPE_METHOD_MAX] = {
        [WIPE_METHOD_ZERO] = "zero",
        [WIPE_METHOD_RANDOM] = "random",
        [WIPE_METHOD_CLEAR] = "clear",
        [WIPE_METHOD_DISCARD] = "discard",
        [WIPE_METHOD_CRYPTO] = "crypto",
};

static const char *const verify_names[_WIPE_VERIFY_MAX] = {
        [WIPE_VERIFY_NONE] = "none",
        [WIPE_VERIFY_SAMPLE] = "sample",
        [WIPE_VERIFY_FULL] = "full",
};

static const char *const kind_names[_WIPE_KIND_MAX] = {
        [WIPE_KIND_DEVICE] = "block-device",
        [WIPE_KIND_PARTITION] = "partition",
        [WIPE_KIND_FILES] = "files",
        [WIPE_KIND_FREE_SPACE] = "free-space",
        [WIPE_KIND_LUKS] = "luks",
};

static const char *const status_names[_WIPE_STATUS_MAX] = {
        [WIPE_STATUS_PENDING] = "pending",
        [WIPE_STATUS_COMPLETED] = "completed",
        [WIPE_STATUS_FAILED] = "failed",
        [WIPE_STATUS_INTERRUPTED] = "interrupted",
        [WIPE_STATUS_STARTED] = "started",
};

const char *wipe_method_to_string(enum wipe_method m) { return m < _WIPE_METHOD_MAX ? method_names[m] : NULL; }
const char *wipe_verify_to_string(enum wipe_verify v) { return v < _WIPE_VERIFY_MAX ? verify_names[v] : NULL; }
const char *wipe_kind_to_string(enum wipe_kind k) { return k < _WIPE_KIND_MAX ? kind_names[k] : NULL; }
const char *wipe_status_to_string(enum wipe_status s) { return s < _WIPE_STATUS_MAX ? status_names[s] : NULL; }

int wipe_method_from_string(const char *s, enum wipe_method *ret)
{
        for (int i = 0; i < _WIPE_METHOD_MAX; i++)
                if (streq(s, method_names[i])) {
                        *ret = (enum wipe_method) i;
                        return 0;
                }
        return -EINVAL;
}

int wipe_verify_from_string(const char *s, enum wipe_verify *ret)
{
        for (int i = 0; i < _WIPE_VERIFY_MAX; i++)
                if (streq(s, verify_names[i])) {
                        *ret = (enum wipe_verify) i;
                        return 0;
                }
        return -EINVAL;
}

/* Phases whose failure means the pattern is not (all) on the media: no verification can pass after one. */
static bool phase_is_write(const char *phase)
{
        return streq(phase, "write") || streq(phase, "sync") || streq(phase, "zeroout") || streq(phase, "pattern");
}

void wipe_record_error(struct wipe_record *r, const char *path, const char *phase, uint64_t offset, uint64_t length, int err)
{
        _cleanup_free_ char *shown = path ? wipe_path_display(path) : NULL;

        if (phase_is_write(phase))
                r->writes_failed++;
        if (r->n_errors > 0) {
                struct wipe_error *l = &r->errors[r->n_errors - 1];

                /* Adjacent failures of one kind are one range: a read-only device is one error, not thousands. */
                if (l->err == err && streq(l->phase, phase) && streq_ptr(l->path, shown) && l->offset + l->length == offset) {
                        l->length += length;
                        return;
                }
        }
        r->errors_total++;
        if (r->n_errors >= WIPE_MAX_RECORDED)
                return;
        r->errors = xreallocarray(r->errors, r->n_errors + 1, sizeof(*r->errors));
        r->errors[r->n_errors++] = (struct wipe_error){
                .path = TAKE_PTR(shown),
                .phase = xstrdup(phase),
                .offset = offset,
                .length = length,
                .err = err,
        };
}

static void push_vfmt(char ***l, const char *fmt, va_list ap)
{
        char *s;

        if (vasprintf(&s, fmt, ap) < 0)
                abort();
        if (strv_contains(*l, s))
                free(s);
        else
                strv_consume(l, s);
}

void wipe_record_caveat(struct wipe_record *r, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        push_vfmt(&r->caveats, fmt, ap);
        va_end(ap);
}

void wipe_record_note(struct wipe_record *r, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        push_vfmt(&r->notes, fmt, ap);
        va_end(ap);
}

/* Bytes that are not UTF-8 cannot go into JSON as they are; \xNN keeps them readable and exact. */
static size_t utf8_char_len(const unsigned char *s)
{
        unsigned c = s[0];
        size_t n;
        uint32_t cp;

        if (c < 0x80)
                return 1;
        if (c >= 0xc2 && c <= 0xdf)
                n = 2, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef)
                n = 3, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4)
                n = 4, cp = c & 0x07;
        else
                return 0;
        for (size_t i = 1; i < n; i++) {
                if ((s[i] & 0xc0) != 0x80)
                        return 0;
                cp = (cp << 6) | (s[i] & 0x3f);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
                return 0;
        return n;
}

char *wipe_path_display(const char *path)
{
        const unsigned char *s = (const unsigned char *) path;
        size_t len = strlen(path), o = 0;
        char *out = xmalloc0(4 * len + 1);

        for (size_t i = 0; i < len;) {
                size_t n = utf8_char_len(s + i);

                if (s[i] == '\\') {
                        out[o++] = '\\';
                        out[o++] = '\\';
                        i++;
                } else if (n == 0) {
                        static const char hexd[] = "0123456789abcdef";

                        out[o++] = '\\';
                        out[o++] = 'x';
                        out[o++] = hexd[s[i] >> 4];
                        out[o++] = hexd[s[i] & 15];
                        i++;
                } else {
                        memcpy(out + o, s + i, n);
                        o += n;
                        i += n;
                }
        }
        out[o] = 0;
        return out;
}

void wipe_record_file(struct wipe_record *r, const char *path, uint64_t size, bool erased)
{
        if (r->n_files >= WIPE_MAX_RECORDED)
                return;
        r->files = xreallocarray(r->files, r->n_files + 1, sizeof(*r->files));
        r->files[r->n_files++] = (struct wipe_file_entry){ .path = wipe_path_display(path), .size = size, .erased = erased };
}

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

void wipe_record_free(struct wipe_record *r)
{
        if (!r)
                return;
        free(r->target);
        free(r->resolved);
        wipe_media_done(&r->media);
        strv_free(r->caveats);
        strv_free(r->notes);
        free(r->technique);
        for (size_t i = 0; i < r->n_files; i++)
                free(r->files[i].path);
        free(r->files);
        for (size_t i = 0; i < r->n_mismatches; i++)
                free(r->mismatches[i].path);
        free(r->mismatches);
        for (size_t i = 0; i < r->n_errors; i++) {
                free(r->errors[i].path);
                free(r->errors[i].phase);
        }
        free(r->errors);
        free(r->operator_name);
        explicit_bzero(r->key, sizeof(r->key));
        free(r);
}

/* Whether 800-88 Clear for this media is two passes (removable flash: pattern, then its complement). */
static bool media_wants_two_passes(const struct wipe_media *m)
{
        return m->type && (streq(m->type, "usb-flash") || streq(m->type, "sd") || (m->removable == 1 && m->rotational == 0));
}

static void set_technique(struct wipe_record *r)
{
        switch (r->method) {
        case WIPE_METHOD_ZERO:
                r->passes = 1;
                r->category = "Clear";
                r->technique = xstrdup("overwrite, one pass of zeros");
                break;
        case WIPE_METHOD_RANDOM:
                r->passes = 1;
                r->category = "Clear";
                r->technique = xstrdup("overwrite, one pass of an AES-256-CTR keystream keyed from getrandom()");
                break;
        case WIPE_METHOD_CLEAR:
                r->category = "Clear";
                if (media_wants_two_passes(&r->media)) {
                        r->passes = 2;
                        r->technique = xstrdup("overwrite, two passes: 0x55 pattern, then its complement 0xaa (removable flash)");
                } else {
                        r->passes = 1;
                        r->technique = xstrdup("overwrite, one pass of an AES-256-CTR keystream (800-88 Clear for this media)");
                }
                break;
        case WIPE_METHOD_DISCARD:
                r->passes = 1;
                r->category = "Purge"; /* lowered to Clear in execute when the device refuses secure discard */
                r->technique = xstrdup("BLKSECDISCARD (secure discard), else BLKDISCARD + BLKZEROOUT");
                break;
        case WIPE_METHOD_CRYPTO:
                r->passes = 1;
                r->category = "Purge";
                r->technique = xstrdup("cryptographic erase: every LUKS keyslot and token destroyed, header and keyslot areas overwritten");
                break;
        default:
                break;
        }
}

int wipe_pattern_for(const struct wipe_record *r, unsigned pass, uint64_t stream_id, struct wipe_pattern *ret)
{
        struct wipe_pattern p = { .kind = PATTERN_ZERO };
        int k;

        switch (r->method) {
        case WIPE_METHOD_ZERO:
        case WIPE_METHOD_DISCARD:
                break;
        case WIPE_METHOD_CLEAR:
                if (r->passes == 2) {
                        p.kind = PATTERN_BYTE;
                        p.byte = pass == 0 ? 0x55 : 0xaa;
                        break;
                }
                __attribute__((fallthrough));
        case WIPE_METHOD_RANDOM:
        case WIPE_METHOD_CRYPTO:
                if (!r->has_key)
                        return -ENOKEY;
                p.kind = PATTERN_KEYSTREAM;
                k = keystream_new(r->key, stream_id, &p.ks);
                if (k < 0)
                        return k;
                break;
        default:
                return -EINVAL;
        }
        *ret = p;
        return 0;
}

void wipe_pattern_done(struct wipe_pattern *p)
{
        keystream_free(p->ks);
        p->ks = NULL;
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

int wipe_prepare(char *const *targets, const struct wipe_options *o, struct wipe_plan **ret, char **ret_reason)
{
        _cleanup_wipe_plan_ struct wipe_plan *p = xmalloc0(sizeof(*p));
        size_t n = strv_length(targets);
        struct wipe_record *r;
        mode_t type;
        int k;

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
        r->method = o->method;
        r->verify = o->verify;
        r->verify_result = o->verify == WIPE_VERIFY_NONE ? "not-run" : "incomplete";
        r->operator_name = xstrdup(o->operator_name);
        r->media.rotational = r->media.removable = -1;

        p->targets = xreallocarray(NULL, n, sizeof(*p->targets));
        for (size_t i = 0; i < n; i++) {
                k = target_resolve(targets[i], &p->targets[i], ret_reason);
                if (k < 0)
                        return k;
                p->n_targets++;
        }
        type = p->targets[0].type;
        if (o->method == WIPE_METHOD_CRYPTO) {
                if (n != 1) {
                        *ret_reason = xstrdup("crypto erase takes exactly one LUKS device or image");
                        return -EINVAL;
                }
                k = wipe_luks_prepare(r, targets[0], o, ret_reason);
        } else if (o->free_space) {
                if (n != 1 || type != S_IFDIR) {
                        *ret_reason = xstrdup("--free-space takes exactly one directory on the mounted file system");
                        return -EINVAL;
                }
                k = wipe_free_space_prepare(p, ret_reason);
        } else if (type == S_IFBLK) {
                if (n != 1) {
                        *ret_reason = xstrdup("a block device is erased on its own: give exactly one device per run");
                        return -EINVAL;
                }
                k = wipe_device_prepare(p, o, ret_reason);
        } else {
                if (o->method == WIPE_METHOD_DISCARD) {
                        *ret_reason = xstrdup("--method discard is for block devices");
                        return -EINVAL;
                }
                k = wipe_files_prepare(p, o, ret_reason);
        }
        if (k < 0)
                return k;
        set_technique(r);
        *ret = TAKE_PTR(p);
        return 0;
}

static void finish(struct wipe_record *r, int k, bool cancelled)
{
        clock_gettime(CLOCK_REALTIME, &r->end);
        if (r->writes_failed > 0 && r->verify != WIPE_VERIFY_NONE) {
                /*
                 * What a failed write did not put there can still read back as the
                 * pattern (unwritten blocks of a sparse file or thin device read as
                 * zeros): a verification after a failed write never passes.
                 */
                r->verify_result = "fail";
                wipe_record_note(r, "%ju write range(s) failed: the verification cannot pass, whatever was read back", (uintmax_t) r->writes_failed);
        }
        if (cancelled || k == -ECANCELED) {
                r->status = WIPE_STATUS_INTERRUPTED;
                if (r->verify != WIPE_VERIFY_NONE && r->mismatches_total == 0 && r->writes_failed == 0)
                        r->verify_result = "incomplete";
        } else if (k < 0 || r->errors_total > 0 || r->mismatches_total > 0 || r->writes_failed > 0)
                r->status = WIPE_STATUS_FAILED;
        else
                r->status = WIPE_STATUS_COMPLETED;
        if (r->mismatches_total > 0)
                r->verify_result = "fail";
}

int wipe_execute(struct wipe_plan *p, const struct wipe_options *o)
{
        struct wipe_record *r = p->record;
        int k;

        if (p->executed)
                return -EALREADY;
        p->executed = true;
        clock_gettime(CLOCK_REALTIME, &r->start);
        if (r->method == WIPE_METHOD_RANDOM || (r->method == WIPE_METHOD_CLEAR && r->passes == 1) || r->method == WIPE_METHOD_CRYPTO) {
                k = random_bytes(r->key, sizeof(r->key));
                if (k < 0) {
                        wipe_record_error(r, NULL, "getrandom", 0, 0, -k);
                        finish(r, k, false);
                        return -EIO;
                }
                r->has_key = true;
        }
        if (o->started) {
                r->status = WIPE_STATUS_STARTED;
                k = o->started(r, o->userdata);
                r->status = WIPE_STATUS_PENDING;
                if (k < 0)
                        return k;
        }
        switch (r->kind) {
        case WIPE_KIND_DEVICE:
        case WIPE_KIND_PARTITION:
                k = wipe_device_execute(p, o);
                break;
        case WIPE_KIND_FILES:
                k = wipe_files_execute(p, o);
                break;
        case WIPE_KIND_FREE_SPACE:
                k = wipe_free_space_execute(p, o);
                break;
        case WIPE_KIND_LUKS: {
                /* libcryptsetup opens by name: check the name still is what prepare found. */
                const struct wipe_target *t = &p->targets[0];
                struct stat st;

                if (stat(r->resolved, &st) < 0 || (t->type == S_IFBLK ? st.st_rdev != t->rdev : st.st_dev != t->dev || st.st_ino != t->ino)) {
                        wipe_record_error(r, NULL, "open", 0, r->size, ESTALE);
                        wipe_record_note(r, "%s is no longer what was checked: nothing written", r->resolved);
                        k = -ESTALE;
                        break;
                }
                k = wipe_luks_execute(r, o);
                break;
        }
        default:
                k = -EINVAL;
        }
        finish(r, k, k == -ECANCELED);
        if (r->status == WIPE_STATUS_COMPLETED)
                return 0;
        return r->status == WIPE_STATUS_INTERRUPTED ? -ECANCELED : -EIO;
}

/* ---- block devices and partitions ---- */

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
        if (o->method == WIPE_METHOD_DISCARD)
                wipe_record_caveat(r, "discard: what a device does on (secure) discard is its firmware's choice; "
                                   "the certificate records which request it accepted, and verification reads back zeros");
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

        if (r->method == WIPE_METHOD_DISCARD)
                k = device_discard(r, fd);
        else
                for (unsigned pass = 0; pass < r->passes; pass++) {
                        wipe_pattern_done(&pat);
                        k = wipe_pattern_for(r, pass, 0, &pat);
                        if (k < 0)
                                break;
                        io.written = 0;
                        k = wipe_io_write(&io, &pat);
                        r->bytes_written += io.written;
                        (void) wipe_io_sync_and_drop(&io, true);
                        if (k < 0)
                                break;
                }
        if (k == 0 && r->verify != WIPE_VERIFY_NONE) {
                size_t before = r->errors_total;

                if (r->method == WIPE_METHOD_DISCARD) {
                        wipe_pattern_done(&pat);
                        pat = (struct wipe_pattern){ .kind = PATTERN_ZERO };
                }
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
        finish(r, k, k == -ECANCELED);
        *ret_r = TAKE_PTR(r);
        return 0;
}
