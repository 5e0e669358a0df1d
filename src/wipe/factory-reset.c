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

static int read_under(const char *root, const char *path, char **ret, size_t *ret_len)
{
        _cleanup_free_ char *p = xasprintf("%s%s", root && !streq(root, "/") ? root : "", path);
        _cleanup_close_ int fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

        if (fd < 0)
                return negative_errno();
        return read_full_fd(fd, 1 << 20, ret, ret_len);
}

int factory_reset_config_load(const char *root, struct factory_reset_config *ret)
{
        _cleanup_free_ char *env = NULL, *helper = NULL;
        size_t el = 0, hl = 0;

        (void) read_under(root, FACTORY_RESET_ENV_PATH, &env, &el);
        (void) read_under(root, FACTORY_RESET_HELPER_PATH, &helper, &hl);
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

/* Where the marker lives: the efivarfs file, or the marker in the var partition's mount. */
static int marker_path(const struct factory_reset_config *c, const char *efivars_dir, const char *marker_dir, char **ret, char **ret_detail)
{
        if (c->mode == FACTORY_RESET_MODE_EFIVAR) {
                *ret = xasprintf("%s/%s", efivars_dir ? efivars_dir : FACTORY_RESET_EFIVARS_DIR,
                                 c->efivar_file ? c->efivar_file : FACTORY_RESET_EFIVAR_FILE);
                return 0;
        }
        if (c->mode != FACTORY_RESET_MODE_FILE) {
                *ret_detail = xstrdup("no factory reset configuration found (" FACTORY_RESET_HELPER_PATH " is not installed); "
                                      "choose --mode efivar or --mode file");
                return -ENOENT;
        }
        if (!marker_dir) {
                /* The mount point of the marker device, from mountinfo. */
                const char *dev = c->marker_device ? c->marker_device : FACTORY_RESET_MARKER_DEVICE;
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
                                _cleanup_free_ char *m = slice_dup(mnt);
                                *ret = xasprintf("%s/%s", m, c->marker_name ? c->marker_name : FACTORY_RESET_MARKER_FILE);
                                return 0;
                        }
                }
                *ret_detail = xasprintf("%s is not mounted; mount it or give --marker-dir", dev);
                return -ENOENT;
        }
        *ret = xasprintf("%s/%s", marker_dir, c->marker_name ? c->marker_name : FACTORY_RESET_MARKER_FILE);
        return 0;
}

static int fsync_parent(const char *path)
{
        _cleanup_free_ char *d = xstrdup(path);
        char *slash = strrchr(d, '/');
        _cleanup_close_ int fd = -1;

        if (!slash)
                return 0;
        *slash = 0;
        fd = open(*d ? d : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        return fd < 0 || fsync(fd) < 0 ? negative_errno() : 0;
}

int factory_reset_request(const struct factory_reset_config *c, const char *efivars_dir, const char *marker_dir, char **ret_detail)
{
        _cleanup_free_ char *p = NULL;
        _cleanup_close_ int fd = -1;
        struct stat st;
        int k;

        k = marker_path(c, efivars_dir, marker_dir, &p, ret_detail);
        if (k < 0)
                return k;
        if (lstat(p, &st) == 0) {
                *ret_detail = xasprintf("a factory reset is already requested (%s exists)", p);
                return 0;
        }
        fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, c->mode == FACTORY_RESET_MODE_EFIVAR ? 0644 : 0600);
        if (fd < 0) {
                k = negative_errno();
                *ret_detail = xasprintf("cannot create %s: %s", p, strerror(-k));
                return k;
        }
        if (c->mode == FACTORY_RESET_MODE_EFIVAR) {
                uint8_t buf[64];
                size_t n = factory_reset_efivar_bytes(buf, sizeof(buf));
                /* efivarfs takes a variable in exactly one write(). */
                ssize_t w = write(fd, buf, n);
                if (w != (ssize_t) n) {
                        k = w < 0 ? negative_errno() : -EIO;
                        (void) unlink(p);
                        *ret_detail = xasprintf("cannot write %s: %s", p, strerror(-k));
                        return k;
                }
        } else if (fsync(fd) < 0) {
                k = negative_errno();
                *ret_detail = xasprintf("cannot sync %s: %s", p, strerror(-k));
                return k;
        }
        (void) fsync_parent(p);
        *ret_detail = xasprintf("factory reset requested: %s written; the initramfs resets %s at the next boot", p,
                                c->reset_devices ? c->reset_devices[0] : "the configured devices");
        return 0;
}

int factory_reset_status(const struct factory_reset_config *c, const char *efivars_dir, const char *marker_dir,
                         bool *ret_pending, char **ret_detail)
{
        _cleanup_free_ char *p = NULL, *buf = NULL;
        _cleanup_close_ int fd = -1;
        size_t len = 0;
        int k;

        k = marker_path(c, efivars_dir, marker_dir, &p, ret_detail);
        if (k < 0)
                return k;
        fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (fd < 0) {
                if (errno != ENOENT) {
                        k = negative_errno();
                        *ret_detail = xasprintf("cannot read %s: %s", p, strerror(-k));
                        return k;
                }
                *ret_pending = false;
                *ret_detail = xasprintf("no factory reset pending (%s absent)", p);
                return 0;
        }
        if (c->mode == FACTORY_RESET_MODE_EFIVAR && read_full_fd(fd, 4096, &buf, &len) == 0 && len >= 4) {
                uint32_t attr = (uint32_t) (uint8_t) buf[0] | (uint32_t) (uint8_t) buf[1] << 8 |
                                (uint32_t) (uint8_t) buf[2] << 16 | (uint32_t) (uint8_t) buf[3] << 24;
                bool cip = len - 4 >= 12 && memcmp(buf + 4, "FactoryReset", 12) == 0;

                *ret_detail = xasprintf("factory reset pending: %s exists (attributes 0x%x, content %s); the initramfs acts on its existence",
                                        p, attr, cip ? "\"FactoryReset\" as CIP writes it" : "not CIP's \"FactoryReset\"");
        } else
                *ret_detail = xasprintf("factory reset pending: %s exists", p);
        *ret_pending = true;
        return 0;
}

int factory_reset_cancel(const struct factory_reset_config *c, const char *efivars_dir, const char *marker_dir, char **ret_detail)
{
        _cleanup_free_ char *p = NULL;
        int k;

        k = marker_path(c, efivars_dir, marker_dir, &p, ret_detail);
        if (k < 0)
                return k;
        if (c->mode == FACTORY_RESET_MODE_EFIVAR) {
                /* efivarfs marks variables immutable; lift it (chattr -i) before unlinking. */
                _cleanup_close_ int fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
                int flags;

                if (fd >= 0 && ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 && (flags & FS_IMMUTABLE_FL)) {
                        flags &= ~FS_IMMUTABLE_FL;
                        if (ioctl(fd, FS_IOC_SETFLAGS, &flags) < 0) {
                                k = negative_errno();
                                *ret_detail = xasprintf("cannot clear the immutable flag of %s: %s", p, strerror(-k));
                                return k;
                        }
                }
        }
        if (unlink(p) < 0) {
                if (errno == ENOENT) {
                        *ret_detail = xasprintf("no factory reset was pending (%s absent)", p);
                        return 0;
                }
                k = negative_errno();
                *ret_detail = xasprintf("cannot remove %s: %s", p, strerror(-k));
                return k;
        }
        (void) fsync_parent(p);
        *ret_detail = xasprintf("factory reset request cancelled: %s removed", p);
        return 0;
}
