/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "cursor.h"
#include "factory-reset.h"
#include "fdio.h"
#include "macro.h"
#include "parsers.h"
#include "rootfs.h"
#include "strv.h"

const char *factory_reset_mode_to_string(enum factory_reset_mode m)
{
        switch (m) {
        case FACTORY_RESET_MODE_EFIVAR:
                return "efivar";
        case FACTORY_RESET_MODE_FILE:
                return "file";
        default:
                return "unknown";
        }
}

/* The value of the first `key"..."` in a shell script, up to the closing quote, bounded by len. */
static char *quoted_after(const char *buf, size_t len, const char *key)
{
        size_t kl = strlen(key);

        for (size_t i = 0; i + kl <= len; i++)
                if (memcmp(buf + i, key, kl) == 0) {
                        size_t s = i + kl, e = s;
                        while (e < len && buf[e] != '"' && buf[e] != '\n')
                                e++;
                        if (e < len && buf[e] == '"' && e > s)
                                return xstrndup(buf + s, e - s);
                        return NULL;
                }
        return NULL;
}

void factory_reset_config_done(struct factory_reset_config *c)
{
        free(c->efivar_file);
        free(c->marker_name);
        free(c->marker_device);
        strv_free(c->reset_devices);
        free(c->luks_format_type);
        free(c->source);
        *c = (struct factory_reset_config){ 0 };
}

int factory_reset_config_parse(const char *env, size_t env_len, const char *helper, size_t helper_len,
                               struct factory_reset_config *ret)
{
        struct factory_reset_config c = { 0 };

        if (env) {
                _cleanup_strv_free_ char **kv = NULL;
                int k = env_file_parse(env, env_len, &kv);
                if (k < 0)
                        return k;
                if (env_get(kv, "INITRAMFS_FACTORY_RESET_DEVICES"))
                        c.reset_devices = strv_split(env_get(kv, "INITRAMFS_FACTORY_RESET_DEVICES"), " \t");
                c.luks_format_type = xstrdup(env_get(kv, "INITRAMFS_FACTORY_RESET_LUKS_FORMAT_TYPE"));
        }
        if (helper) {
                _cleanup_free_ char *mf = quoted_after(helper, helper_len, "marker_file=\"");
                const char *base;

                if (mf && (base = startswith(mf, FACTORY_RESET_EFIVARS_DIR "/")) && strlen(base) > 37 && !strchr(base, '/')) {
                        c.mode = FACTORY_RESET_MODE_EFIVAR;
                        c.efivar_file = xstrdup(base);
                        c.source = xstrdup(FACTORY_RESET_HELPER_PATH " (factory-reset-helper-efi) names the EFI variable");
                } else {
                        _cleanup_free_ char *m = quoted_after(helper, helper_len, "marker=\"$(basename \"");
                        _cleanup_free_ char *dev = quoted_after(helper, helper_len, "marker_storage_device=\"");
                        if (m && !strchr(m, '/')) {
                                c.mode = FACTORY_RESET_MODE_FILE;
                                c.marker_name = TAKE_PTR(m);
                                c.marker_device = TAKE_PTR(dev);
                                c.source = xstrdup(FACTORY_RESET_HELPER_PATH " (factory-reset-helper-file) names the marker file");
                        }
                }
        }
        *ret = c;
        return 0;
}

#define FACTORY_RESET_CONFIG_MAX (1u << 20)
#define FACTORY_RESET_EFIVAR_READ_MAX 4096u

int factory_reset_config_load(const struct root *r, struct factory_reset_config *ret)
{
        _cleanup_free_ char *env = NULL, *helper = NULL;
        size_t el = 0, hl = 0;
        int k;

        k = root_read_file(r, FACTORY_RESET_ENV_PATH, FACTORY_RESET_CONFIG_MAX, &env, &el);
        if (k < 0 && k != -ENOENT)
                return k;
        k = root_read_file(r, FACTORY_RESET_HELPER_PATH, FACTORY_RESET_CONFIG_MAX, &helper, &hl);
        if (k < 0 && k != -ENOENT)
                return k;
        return factory_reset_config_parse(env, el, helper, hl, ret);
}

size_t factory_reset_efivar_bytes(uint8_t *buf, size_t size)
{
        size_t n = strlen(FACTORY_RESET_EFIVAR_CONTENT);

        if (size < 4 + n)
                return 0;
        buf[0] = FACTORY_RESET_EFIVAR_ATTRIBUTES & 0xff;
        buf[1] = buf[2] = buf[3] = 0;
        memcpy(buf + 4, FACTORY_RESET_EFIVAR_CONTENT, n);
        return 4 + n;
}

int factory_reset_efivar_judge(const void *buf, size_t len, char **ret_problem)
{
        const uint8_t *b = buf;
        const size_t n = strlen(FACTORY_RESET_EFIVAR_CONTENT);
        uint32_t attr;

        if (len < 4) {
                *ret_problem = xasprintf("it holds %zu bytes, not even the 4 bytes of attributes efivarfs puts first", len);
                return -EBADMSG;
        }
        attr = (uint32_t) b[0] | (uint32_t) b[1] << 8 | (uint32_t) b[2] << 16 | (uint32_t) b[3] << 24;
        if (attr != FACTORY_RESET_EFIVAR_ATTRIBUTES) {
                *ret_problem = xasprintf("its attributes are 0x%x, not 0x%x (NON_VOLATILE|BOOTSERVICE_ACCESS|RUNTIME_ACCESS)%s", attr,
                                         FACTORY_RESET_EFIVAR_ATTRIBUTES, attr & 0x1u ? "" : ": a volatile variable is gone at the next boot");
                return -EBADMSG;
        }
        if (len - 4 != n || memcmp(b + 4, FACTORY_RESET_EFIVAR_CONTENT, n) != 0) {
                *ret_problem = len == 4 ? xstrdup("it is empty, not \"FactoryReset\\n\"")
                                        : xasprintf("it holds %zu other bytes, not \"FactoryReset\\n\"", len - 4);
                return -EBADMSG;
        }
        return 0;
}

/* The marker: a name below a directory we hold open, never a joined path we open again. */
struct marker {
        int dir_fd;
        const char *name;
        char *path;          /* for messages */
        bool efivar;
};

static void marker_done(struct marker *m)
{
        if (m->dir_fd >= 0)
                close(m->dir_fd);
        free(m->path);
        *m = (struct marker){ .dir_fd = -1 };
}

static int open_dir(const char *dir, struct marker *m, char **ret_detail)
{
        m->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (m->dir_fd < 0) {
                int k = negative_errno();
                *ret_detail = xasprintf("cannot open %s: %s%s", dir, strerror(-k),
                                        m->efivar && k == -ENOENT ? " (no efivarfs: not booted with UEFI?)" : "");
                return k;
        }
        m->path = xasprintf("%s/%s", streq(dir, "/") ? "" : dir, m->name);
        return 0;
}

/* The mount point of the marker device, from mountinfo. */
static int marker_mountpoint(const char *dev, char **ret, char **ret_detail)
{
        _cleanup_free_ char *buf = NULL;
        _cleanup_close_ int fd = -1;
        struct stat st;
        struct cursor cur;
        struct slice line;
        size_t len;

        if (stat(dev, &st) < 0 || !S_ISBLK(st.st_mode)) {
                *ret_detail = xasprintf("the marker partition %s does not exist here; give --marker-dir", dev);
                return -ENOENT;
        }
        fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
        if (fd < 0 || read_full_fd(fd, 16 << 20, &buf, &len) < 0) {
                *ret_detail = xstrdup("cannot read /proc/self/mountinfo");
                return -EIO;
        }
        cur = cursor_make(buf, len);
        for (unsigned n = 0; n < 1000000 && cursor_line(&cur, &line); n++) {
                struct slice w, rest = line, mnt;
                char tmp[32];
                unsigned a, b;

                if (!slice_word(&rest, &w) || !slice_word(&rest, &w) || !slice_word(&rest, &w) || w.len >= sizeof(tmp))
                        continue;
                memcpy(tmp, w.p, w.len);
                tmp[w.len] = 0;
                if (sscanf(tmp, "%u:%u", &a, &b) != 2 || makedev(a, b) != st.st_rdev)
                        continue;
                if (slice_word(&rest, &w) && slice_word(&rest, &mnt)) {
                        *ret = slice_dup(mnt);
                        return 0;
                }
        }
        *ret_detail = xasprintf("%s is not mounted; mount it or give --marker-dir", dev);
        return -ENOENT;
}

/* Where the marker lives: the efivarfs variable, or the marker file in the var partition's mount. */
static int marker_open(const struct factory_reset_config *c, const char *efivars_dir, const char *marker_dir, struct marker *m,
                       char **ret_detail)
{
        _cleanup_free_ char *mnt = NULL;
        int k;

        *m = (struct marker){ .dir_fd = -1 };
        if (c->mode == FACTORY_RESET_MODE_EFIVAR) {
                m->efivar = true;
                m->name = c->efivar_file ? c->efivar_file : FACTORY_RESET_EFIVAR_FILE;
                return open_dir(efivars_dir ? efivars_dir : FACTORY_RESET_EFIVARS_DIR, m, ret_detail);
        }
        if (c->mode != FACTORY_RESET_MODE_FILE) {
                *ret_detail = xstrdup("no factory reset configuration found (" FACTORY_RESET_HELPER_PATH " is not installed); "
                                      "choose --mode efivar or --mode file");
                return -ENOENT;
        }
        m->name = c->marker_name ? c->marker_name : FACTORY_RESET_MARKER_FILE;
        if (!marker_dir) {
                k = marker_mountpoint(c->marker_device ? c->marker_device : FACTORY_RESET_MARKER_DEVICE, &mnt, ret_detail);
                if (k < 0)
                        return k;
                marker_dir = mnt;
        }
        return open_dir(marker_dir, m, ret_detail);
}

enum marker_state {
        MARKER_ABSENT,
        MARKER_VALID,
        MARKER_INVALID,      /* a regular file that is no request: repairable */
};

/* What is there: absent, a valid request, or an invalid one (*ret_problem says why); symlinks and other types are errors. */
static int marker_inspect(const struct marker *m, enum marker_state *ret, char **ret_problem)
{
        _cleanup_free_ char *buf = NULL;
        _cleanup_close_ int fd = -1;
        struct stat st;
        size_t len = 0;
        int k;

        if (fstatat(m->dir_fd, m->name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                if (errno == ENOENT) {
                        *ret = MARKER_ABSENT;
                        return 0;
                }
                k = negative_errno();
                *ret_problem = xasprintf("cannot stat it: %s", strerror(-k));
                return k;
        }
        if (S_ISLNK(st.st_mode)) {
                *ret_problem = xstrdup("it is a symbolic link, which Bulwark never follows or writes through");
                return -ELOOP;
        }
        if (!S_ISREG(st.st_mode)) {
                *ret_problem = xstrdup("it is not a regular file");
                return -EBADFD;
        }
        if (!m->efivar) {
                *ret = MARKER_VALID; /* the hook tests the marker file's existence */
                return 0;
        }
        fd = openat(m->dir_fd, m->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0 || (k = read_full_fd(fd, FACTORY_RESET_EFIVAR_READ_MAX, &buf, &len)) < 0) {
                k = fd < 0 ? negative_errno() : k;
                *ret_problem = xasprintf("cannot read it: %s", strerror(-k));
                return k;
        }
        *ret = factory_reset_efivar_judge(buf, len, ret_problem) < 0 ? MARKER_INVALID : MARKER_VALID;
        return 0;
}

/* efivarfs marks variables immutable; lift it (chattr -i) so the variable can be removed. */
static int make_mutable(const struct marker *m)
{
        _cleanup_close_ int fd = openat(m->dir_fd, m->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        int flags;

        if (fd < 0)
                return negative_errno();
        if (ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0)
                return errno == ENOTTY || errno == EOPNOTSUPP || errno == EINVAL ? 0 : negative_errno(); /* no flags here */
        if (!(flags & FS_IMMUTABLE_FL))
                return 0;
        flags &= ~FS_IMMUTABLE_FL;
        return ioctl(fd, FS_IOC_SETFLAGS, &flags) < 0 ? negative_errno() : 0;
}

static int marker_remove(const struct marker *m, char **ret_detail)
{
        int k = make_mutable(m);

        if (k < 0) {
                *ret_detail = xasprintf("cannot clear the immutable flag of %s: %s", m->path, strerror(-k));
                return k;
        }
        if (unlinkat(m->dir_fd, m->name, 0) < 0) {
                k = negative_errno();
                *ret_detail = xasprintf("cannot remove %s: %s", m->path, strerror(-k));
                return k;
        }
        return 0;
}

static int marker_write(const struct marker *m, char **ret_detail)
{
        _cleanup_close_ int fd = -1;
        int k;

        fd = openat(m->dir_fd, m->name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, m->efivar ? 0644 : 0600);
        if (fd < 0) {
                k = negative_errno();
                *ret_detail = xasprintf("cannot create %s: %s", m->path, strerror(-k));
                return k;
        }
        if (m->efivar) {
                uint8_t buf[64];
                size_t n = factory_reset_efivar_bytes(buf, sizeof(buf));
                /* efivarfs takes a variable in exactly one write(). */
                ssize_t w = write(fd, buf, n);
                if (w != (ssize_t) n) {
                        k = w < 0 ? negative_errno() : -EIO;
                        (void) unlinkat(m->dir_fd, m->name, 0);
                        *ret_detail = xasprintf("cannot write %s: %s", m->path, strerror(-k));
                        return k;
                }
        } else if (fsync(fd) < 0) {
                k = negative_errno();
                *ret_detail = xasprintf("cannot sync %s: %s", m->path, strerror(-k));
                return k;
        }
        (void) fsync(m->dir_fd);
        return 0;
}

int factory_reset_request(const struct factory_reset_config *c, const char *efivars_dir, const char *marker_dir, char **ret_detail)
{
        _cleanup_(marker_done) struct marker m = { .dir_fd = -1 };
        _cleanup_free_ char *problem = NULL, *after = NULL;
        enum marker_state state;
        int k;

        k = marker_open(c, efivars_dir, marker_dir, &m, ret_detail);
        if (k < 0)
                return k;
        k = marker_inspect(&m, &state, &problem);
        if (k < 0) {
                *ret_detail = xasprintf("refusing to request a factory reset: %s exists and %s; remove it and request again", m.path, problem);
                return k;
        }
        if (state == MARKER_VALID) {
                *ret_detail = xasprintf("a factory reset is already requested (%s holds a valid request)", m.path);
                return 0;
        }
        if (state == MARKER_INVALID) {
                /* Neither SetVariable() nor efivarfs change an existing variable's attributes: remove it, then write it anew. */
                k = marker_remove(&m, ret_detail);
                if (k < 0)
                        return k;
        }
        k = marker_write(&m, ret_detail);
        if (k < 0)
                return k;
        /* Read back what the firmware (or the file system) now holds. */
        k = marker_inspect(&m, &state, &after);
        if (k < 0 || state != MARKER_VALID) {
                *ret_detail = xasprintf("%s was written but does not read back as a request: %s", m.path,
                                        after ? after : "it is gone");
                return k < 0 ? k : -EIO;
        }
        if (problem)
                *ret_detail = xasprintf("factory reset requested: %s rewritten (it existed, but %s); the initramfs resets %s at the next boot",
                                        m.path, problem, c->reset_devices ? c->reset_devices[0] : "the configured devices");
        else
                *ret_detail = xasprintf("factory reset requested: %s written; the initramfs resets %s at the next boot", m.path,
                                        c->reset_devices ? c->reset_devices[0] : "the configured devices");
        return 0;
}

int factory_reset_status(const struct factory_reset_config *c, const char *efivars_dir, const char *marker_dir,
                         bool *ret_pending, char **ret_detail)
{
        _cleanup_(marker_done) struct marker m = { .dir_fd = -1 };
        _cleanup_free_ char *problem = NULL;
        enum marker_state state;
        int k;

        k = marker_open(c, efivars_dir, marker_dir, &m, ret_detail);
        if (k < 0)
                return k;
        k = marker_inspect(&m, &state, &problem);
        if (k < 0) {
                *ret_detail = xasprintf("%s exists but is no request: %s", m.path, problem);
                return k;
        }
        switch (state) {
        case MARKER_ABSENT:
                *ret_pending = false;
                *ret_detail = xasprintf("no factory reset pending (%s absent)", m.path);
                return 0;
        case MARKER_INVALID:
                *ret_detail = xasprintf("%s exists but is not the request isar-cip-core writes: %s; `bulwark factory-reset request` rewrites it",
                                        m.path, problem);
                return -EBADMSG;
        default:
                *ret_pending = true;
                *ret_detail = m.efivar ? xasprintf("factory reset pending: %s holds attributes 0x%x and \"FactoryReset\", as isar-cip-core writes it",
                                                   m.path, FACTORY_RESET_EFIVAR_ATTRIBUTES)
                                       : xasprintf("factory reset pending: %s exists", m.path);
                return 0;
        }
}

int factory_reset_cancel(const struct factory_reset_config *c, const char *efivars_dir, const char *marker_dir, char **ret_detail)
{
        _cleanup_(marker_done) struct marker m = { .dir_fd = -1 };
        struct stat st;
        int k;

        k = marker_open(c, efivars_dir, marker_dir, &m, ret_detail);
        if (k < 0)
                return k;
        if (fstatat(m.dir_fd, m.name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                k = negative_errno();
                if (k == -ENOENT) {
                        *ret_detail = xasprintf("no factory reset was pending (%s absent)", m.path);
                        return 0;
                }
                *ret_detail = xasprintf("cannot stat %s: %s", m.path, strerror(-k));
                return k;
        }
        if (S_ISDIR(st.st_mode)) {
                *ret_detail = xasprintf("refusing to cancel: %s is a directory", m.path);
                return -EISDIR;
        }
        /* A symlink is removed itself (unlinkat never follows it); a variable is made mutable first. */
        k = S_ISREG(st.st_mode) ? marker_remove(&m, ret_detail) : unlinkat(m.dir_fd, m.name, 0) < 0 ? negative_errno() : 0;
        if (k < 0) {
                if (!*ret_detail)
                        *ret_detail = xasprintf("cannot remove %s: %s", m.path, strerror(-k));
                return k;
        }
        (void) fsync(m.dir_fd);
        *ret_detail = xasprintf("factory reset request cancelled: %s removed", m.path);
        return 0;
}
