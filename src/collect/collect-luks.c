/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Data at rest: LUKS headers (live block devices and images the user names),
 * which device holds /var and /home, and what the CIP crypt hook's script
 * enrolls. Headers are only ever read: no keyslot is opened, nothing is
 * activated, nothing is written.
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "blkid-dl.h"
#include "collect.h"
#include "cryptsetup-dl.h"
#include "cursor.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

#define CIP_ENCRYPT_ENV "/usr/share/encrypt_partition/encrypt_partition.env"
#define LUKS_MAX_BLOCK_DEVICES 1024
#define LUKS_MAX_VOLUMES 256
#define LUKS_MAX_TOKENS 32
/* File systems judged for data at rest: far above a real device (a busy live host has ~60 mounts); each costs a scan of the mounts. */
#define DATA_MOUNTS_MAX 512

/* The crypt hook's script, newest layout first (isar-cip-core 0.9+, then the older initramfs-tools paths). */
static const char *const crypt_hook_scripts[] = {
        "/usr/share/encrypt_partition/encrypt_partition_tpm2",
        "/usr/share/initramfs-tools/scripts/local-top/encrypt_partition",
        "/usr/share/initramfs-tools/scripts/local-top/encrypt_partition.script",
        "/usr/share/initramfs-tools/scripts/local-bottom/encrypt_partition", /* isar-cip-core until 2023 */
};

static void quiet_log(int level, const char *msg, void *usrptr)
{
        /* Library code never prints; libcryptsetup's messages are not ours to show. */
        (void) level;
        (void) msg;
        (void) usrptr;
}

/* Loads libcryptsetup on first use (dlopen_cryptsetup()); 0 or -ELIBACC with *ret_error saying why. */
static int luks_library_setup(const char **ret_error)
{
        static bool done;
        int k;

        k = dlopen_cryptsetup(ret_error);
        if (k < 0)
                return k;
        if (done)
                return 0;
        done = true;
        sym_crypt_set_log_callback(NULL, quiet_log, NULL);
        /* An assessment must not load token plugins from the host for an image's headers. */
        sym_crypt_token_external_disable();
        return 0;
}

void luks_volume_clear(struct luks_volume *v)
{
        free(v->device);
        free(v->source);
        free(v->mountpoint);
        free(v->uuid);
        free(v->cipher);
        free(v->err_text);
        for (size_t i = 0; i < v->n_keyslots; i++) {
                free(v->keyslots[i].pbkdf);
                free(v->keyslots[i].hash);
        }
        free(v->keyslots);
        for (size_t i = 0; i < v->n_tokens; i++)
                luks_token_clear(&v->tokens[i]);
        free(v->tokens);
        *v = (struct luks_volume){};
}

int luks_read_header(const char *path, const char *source, struct luks_volume *ret)
{
        struct luks_volume v = { .device = xstrdup(path), .source = xstrdup(source) };
        _cleanup_(crypt_freep) struct crypt_device *cd = NULL;
        const char *type, *error = NULL;
        int k, max;

        k = luks_library_setup(&error);
        if (k < 0) {
                /* Not "no header": the header could not be read at all, and the report says why. */
                v.err = k;
                v.err_text = xstrdup(error);
                *ret = v;
                return 0;
        }
        k = sym_crypt_init(&cd, path);
        if (k < 0)
                goto fail;
        /* Reading a header needs no lock; taking one would write under /run on the host. */
        (void) sym_crypt_metadata_locking(cd, 0);
        k = sym_crypt_load(cd, CRYPT_LUKS, NULL);
        if (k < 0)
                goto fail;
        type = sym_crypt_get_type(cd);
        v.version = streq_ptr(type, CRYPT_LUKS2) ? 2 : streq_ptr(type, CRYPT_LUKS1) ? 1 : 0;
        v.uuid = xstrdup(sym_crypt_get_uuid(cd));
        if (sym_crypt_get_cipher(cd))
                v.cipher = sym_crypt_get_cipher_mode(cd) ? xasprintf("%s-%s", sym_crypt_get_cipher(cd), sym_crypt_get_cipher_mode(cd))
                                                     : xstrdup(sym_crypt_get_cipher(cd));
        k = sym_crypt_get_volume_key_size(cd);
        v.key_bits = k > 0 ? (unsigned) k * 8 : 0;

        max = sym_crypt_keyslot_max(type);
        for (int i = 0; i < max && i < 64; i++) {
                crypt_keyslot_info st = sym_crypt_keyslot_status(cd, i);
                struct crypt_pbkdf_type pbkdf = {};
                struct luks_keyslot *s;

                if (st != CRYPT_SLOT_ACTIVE && st != CRYPT_SLOT_ACTIVE_LAST)
                        continue;
                v.keyslots = xreallocarray(v.keyslots, v.n_keyslots + 1, sizeof(*v.keyslots));
                s = &v.keyslots[v.n_keyslots++];
                *s = (struct luks_keyslot){ .id = i };
                if (sym_crypt_keyslot_get_pbkdf(cd, i, &pbkdf) >= 0) {
                        s->pbkdf = xstrdup(pbkdf.type);
                        s->hash = xstrdup(pbkdf.hash);
                        s->iterations = pbkdf.iterations;
                        s->memory_kb = pbkdf.max_memory_kb;
                }
        }

        for (int i = 0; v.version == 2 && i < LUKS_MAX_TOKENS; i++) {
                struct luks_token t;
                const char *json = NULL;

                if (sym_crypt_token_status(cd, i, NULL) == CRYPT_TOKEN_INACTIVE)
                        continue;
                if (sym_crypt_token_json_get(cd, i, &json) < 0 || !json)
                        continue;
                if (luks_token_parse(json, strlen(json), i, &t) < 0) {
                        /* Keep the token with an unknown type: it still exists in the header. */
                        t = (struct luks_token){ .id = i, .type = xstrdup("(malformed)") };
                }
                v.tokens = xreallocarray(v.tokens, v.n_tokens + 1, sizeof(*v.tokens));
                v.tokens[v.n_tokens++] = t;
        }
        *ret = v;
        return 0;
fail:
        v.err = k < 0 ? k : -EIO;
        *ret = v;
        return 0;
}

static void luks_add(struct facts *f, struct luks_volume *v)
{
        if (f->luks.n >= LUKS_MAX_VOLUMES) {
                facts_note_cap(f, "more than %u LUKS volumes (LUKS_MAX_VOLUMES); %s and later ones were not read",
                               LUKS_MAX_VOLUMES, strempty(v->device));
                luks_volume_clear(v);
                return;
        }
        f->luks.v = xreallocarray(f->luks.v, f->luks.n + 1, sizeof(*f->luks.v));
        f->luks.v[f->luks.n++] = *v;
}

static int read_sys_u64(struct facts *f, const char *path, uint64_t *ret)
{
        _cleanup_free_ char *buf = NULL;
        size_t len;
        int k;

        k = root_read_file(f->root, path, 4096, &buf, &len);
        if (k < 0)
                return k;
        return slice_to_u64(slice_strip((struct slice){ buf, len }), 10, ret);
}

/* 1 when the superblock says crypto_LUKS, 0 when not, -errno when the device cannot be opened. libblkid is loaded. */
static int is_luks_device(const char *dev)
{
        blkid_probe pr;
        const char *type = NULL;
        int luks = 0;

        errno = 0;
        pr = sym_blkid_new_probe_from_filename(dev);
        if (!pr)
                return errno > 0 ? -errno : -EIO;
        sym_blkid_probe_enable_superblocks(pr, 1);
        sym_blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
        if (sym_blkid_do_safeprobe(pr) == 0 && sym_blkid_probe_lookup_value(pr, "TYPE", &type, NULL) == 0)
                luks = streq(type, "crypto_LUKS");
        sym_blkid_free_probe(pr);
        return luks;
}

/* Live: every block device with a size whose superblock says crypto_LUKS. */
static void collect_luks_block_devices(struct facts *f)
{
        _cleanup_strv_free_ char **names = NULL;
        const char *error = NULL;
        int k;

        /* Without libblkid no device can be told LUKS or not: that must not look like "no LUKS". */
        k = dlopen_blkid(&error);
        if (k < 0) {
                f->luks.err = k;
                f->luks.err_text = xstrdup(error);
                return;
        }
        k = facts_list_dir(f, "/sys/class/block", LUKS_MAX_BLOCK_DEVICES, &names);
        if (k < 0) {
                f->luks.err = k;
                return;
        }
        for (size_t i = 0; names[i]; i++) {
                _cleanup_free_ char *size_path = xasprintf("/sys/class/block/%s/size", names[i]);
                _cleanup_free_ char *dev = xasprintf("/dev/%s", names[i]);
                struct luks_volume v;
                uint64_t size;

                /* Detached loop devices and empty drives have size 0: nothing to probe. */
                if (read_sys_u64(f, size_path, &size) < 0 || size == 0)
                        continue;
                k = is_luks_device(dev);
                if (k == -EACCES || k == -EPERM) {
                        /* Not root: the headers cannot be read, which must not look like "no LUKS". */
                        f->luks.err = k;
                        continue;
                }
                if (k <= 0)
                        continue;
                if (luks_read_header(dev, "block device", &v) >= 0)
                        luks_add(f, &v);
        }
}

static void collect_luks_images(struct facts *f, char *const *images)
{
        for (size_t i = 0; images && images[i]; i++) {
                struct luks_volume v;
                struct stat st;

                /* Host paths the user named on the command line, not paths inside the target. A FIFO would block. */
                int k = stat(images[i], &st) < 0 ? negative_errno() : (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) ? -EBADFD : 0;

                if (k < 0) {
                        v = (struct luks_volume){ .device = xstrdup(images[i]), .source = xstrdup("image"), .err = k };
                        luks_add(f, &v);
                        continue;
                }
                if (luks_read_header(images[i], "image", &v) >= 0)
                        luks_add(f, &v);
        }
}

static void collect_crypt_hook(struct facts *f)
{
        _cleanup_strv_free_ char **env = NULL;
        size_t len;

        /* collect_cip() read the configuration; only ENCRYPTION_OPTIONAL matters here. */
        if (f->cip.encrypt_env && env_file_parse(f->cip.encrypt_env, strlen(f->cip.encrypt_env), &env) >= 0) {
                const char *opt = env_get(env, "ENCRYPTION_OPTIONAL");
                f->crypt_hook.optional = opt && (streq(opt, "true") || streq(opt, "1") || streq(opt, "yes"));
        }

        for (size_t i = 0; i < ARRAY_SIZE(crypt_hook_scripts); i++) {
                _cleanup_free_ char *script = NULL;

                if (collect_read(f, crypt_hook_scripts[i], &script, &len) < 0)
                        continue;
                f->crypt_hook.script = xstrdup(crypt_hook_scripts[i]);
                /* What the script calls decides the backend; the script is evidence, not parsed as shell. */
                if (strstr(script, "systemd-cryptenroll") && strstr(script, "--tpm2-device"))
                        f->crypt_hook.backend = xstrdup("systemd-tpm2");
                else if (strstr(script, "clevis") && strstr(script, "tpm2"))
                        f->crypt_hook.backend = xstrdup("clevis");
                f->crypt_hook.wipes_initial_key = strstr(script, "--wipe-slot=0") || strstr(script, "luksKillSlot") ||
                                                  strstr(script, "luksRemoveKey");
                break;
        }
}

/* Live: the dm-crypt mapping under a mounted device, from sysfs (dm/uuid "CRYPT-LUKS2-...", slaves/). */
static void dm_crypt_of(struct facts *f, const char *source, struct data_mount *d)
{
        _cleanup_free_ char *base = NULL, *uuid = NULL, *name = NULL;
        _cleanup_strv_free_ char **slaves = NULL;
        struct stat st;
        size_t len;

        if (!startswith(source, "/dev/") || root_stat(f->root, source, false, &st) < 0 || !S_ISBLK(st.st_mode))
                return;
        base = xasprintf("/sys/dev/block/%u:%u", major(st.st_rdev), minor(st.st_rdev));
        {
                _cleanup_free_ char *p = xasprintf("%s/dm/uuid", base);
                if (root_read_file(f->root, p, 4096, &uuid, &len) < 0)
                        return;
                uuid[strcspn(uuid, "\n")] = 0;
        }
        if (!startswith(uuid, "CRYPT-"))
                return;
        {
                const char *t = uuid + 6;
                d->crypt_type = xstrndup(t, strcspn(t, "-"));
        }
        {
                _cleanup_free_ char *p = xasprintf("%s/dm/name", base);
                if (root_read_file(f->root, p, 4096, &name, &len) >= 0) {
                        name[strcspn(name, "\n")] = 0;
                        d->crypt_name = xstrdup(name);
                }
        }
        {
                _cleanup_free_ char *p = xasprintf("%s/slaves", base);
                if (facts_list_dir(f, p, 16, &slaves) >= 0 && slaves[0])
                        d->crypt_device = xasprintf("/dev/%s", slaves[0]);
        }
}

static bool path_under(const char *path, const char *mnt);

static bool has_word(const char *options, const char *word)
{
        _cleanup_strv_free_ char **opts = strv_split(options, ",");

        return strv_contains(opts, word);
}

/* The crypt hook entry whose mount point holds path (the longest). The caller owns what ret_ gets. */
static bool hook_entry_for(const struct facts *f, const char *path, char **ret_label, char **ret_mnt, char **ret_mode)
{
        _cleanup_strv_free_ char **best = NULL;

        for (size_t i = 0; f->cip.encrypt_partitions && f->cip.encrypt_partitions[i]; i++) {
                char **parts = strv_split(f->cip.encrypt_partitions[i], ":");

                if (strv_length(parts) >= 3 && path_under(path, parts[1]) && (!best || strlen(parts[1]) > strlen(best[1]))) {
                        strv_free(best);
                        best = parts;
                } else
                        strv_free(parts);
        }
        if (!best)
                return false;
        *ret_label = xstrdup(best[0]);
        *ret_mnt = xstrdup(best[1]);
        *ret_mode = xstrdup(best[2]);
        return true;
}

static bool path_under(const char *path, const char *mnt)
{
        const char *rest;

        if (streq(mnt, "/"))
                return true;
        rest = startswith(path, mnt);
        return rest && (*rest == 0 || *rest == '/');
}

static const char *const volatile_fstypes[] = { "tmpfs", "ramfs", NULL };
/* Kernel and runtime file systems: they hold no data of their own. */
static const char *const pseudo_fstypes[] = {
        "proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "securityfs", "debugfs", "tracefs", "configfs",
        "pstore", "efivarfs", "bpf", "mqueue", "hugetlbfs", "fusectl", "autofs", "binfmt_misc", "rpc_pipefs", "nsfs",
        "selinuxfs", "fuse.portal", "fuse.gvfsd-fuse", "ramfs", "tmpfs", "swap", NULL,
};
static const char *const readonly_fstypes[] = { "squashfs", "erofs", "iso9660", "cramfs", "udf", NULL };
static const char *const network_fstypes[] = {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs", "fuse.sshfs", "glusterfs", "fuse.glusterfs", "ceph", "9p", "davfs", "fuse.s3fs", NULL,
};
/* What the firmware and the bootloader read before any key exists: it cannot be encrypted, and holds no run-time data. */
static const char *const boot_mountpoints[] = { "/boot", "/boot/efi", "/efi", "/boot/firmware", NULL };

static bool fstype_in(const char *type, const char *const *list)
{
        return type && strv_contains((char **) list, type);
}

static bool root_cmdline_writable_unknown(const struct facts *f)
{
        for (size_t i = 0; i < f->mounts.n; i++)
                if (streq_ptr(f->mounts.v[i].target, "/"))
                        return false;
        return true;
}

static void data_mount_resolve(struct facts *f, const char *path, const char *why)
{
        _cleanup_free_ char *label = NULL, *mode = NULL, *link = NULL, *hook_mnt = NULL;
        const struct mount_entry *best = NULL;
        const char *lookup = path;
        struct data_mount d = { .path = xstrdup(path), .why = xstrdup(why) };

        for (size_t i = 0; i < f->data_mounts.n; i++)
                if (streq(f->data_mounts.v[i].path, path)) {
                        free(d.path);
                        free(d.why);
                        return; /* judged once, for the first reason */
                }

        /* /home is often a symlink into /var on such images: judge where it really lives. */
        if (root_readlink(f->root, path, &link) >= 0 && *link) {
                if (link[0] != '/') {
                        char *abs = xasprintf("/%s", link); /* path sits in "/", so relative means from there */
                        free(link);
                        link = abs;
                }
                if (!streq(link, path)) {
                        lookup = link;
                        d.link = xstrdup(link);
                }
        }

        /* Offline, the installed CIP crypt hook mounts its partitions from the initramfs, without fstab. */
        if (!f->live && f->cip.encrypt_hook_installed && hook_entry_for(f, lookup, &label, &hook_mnt, &mode)) {
                d.held_by = xstrdup(hook_mnt);
                d.source = xasprintf("/dev/disk/by-partlabel/%s", label);
                if (streq(mode, "noencrypt")) {
                        /* The hook mounts it as it is, unencrypted. */
                        d.how = xstrdup(CIP_ENCRYPT_ENV);
                        goto add;
                }
                d.crypt_name = xasprintf("encrypted_%s", label);
                d.crypt_device = xstrdup(d.source);
                d.crypt_type = xstrdup("crypt hook");
                d.how = xstrdup(CIP_ENCRYPT_ENV);
                goto add;
        }

        /*
         * The /etc overlay's script mounts its storage partition itself
         * when nothing mounted it before (the crypt hook runs first; fstab
         * is not read in the initramfs).
         */
        if (!f->live && f->cip.overlay_storage && f->cip.overlay_device) {
                _cleanup_free_ char *top = xstrndup(f->cip.overlay_storage, 1 + strcspn(f->cip.overlay_storage + 1, "/"));
                bool mounted_later = false;

                /* fstab and units mount over it after the initramfs; the overlay keeps the one beneath. */
                for (size_t i = 0; i < f->mounts.n; i++)
                        mounted_later = mounted_later || streq_ptr(f->mounts.v[i].target, top);
                if (path_under(lookup, top) && (path_under(lookup, f->cip.overlay_storage) || !mounted_later)) {
                        d.held_by = TAKE_PTR(top);
                        d.source = xstrdup(f->cip.overlay_device);
                        d.how = xstrdup(f->cip.overlay_script);
                        goto crypttab;
                }
        }

        /* The longest mount point holding path; live, the last one mounted there is the visible one. */
        for (size_t i = 0; i < f->mounts.n; i++) {
                const struct mount_entry *m = &f->mounts.v[i];

                if (!m->target || !path_under(lookup, m->target))
                        continue;
                if (!f->live && m->fstype && streq(m->fstype, "swap"))
                        continue;
                if (!best || strlen(m->target) >= strlen(best->target))
                        best = m;
        }
        d.how = xstrdup(best && best->origin ? best->origin : f->mounts.source ? f->mounts.source : "mounts");
        if (!best) {
                d.held_by = xstrdup("/");
                goto add;
        }
        d.held_by = xstrdup(best->target);
        d.source = xstrdup(best->source);
        d.fstype = xstrdup(best->fstype);
        d.volatile_fs = fstype_in(best->fstype, volatile_fstypes);
        d.read_only = fstype_in(best->fstype, readonly_fstypes);
        if (best->options) {
                _cleanup_strv_free_ char **opts = strv_split(best->options, ",");
                d.read_only = d.read_only || strv_contains(opts, "ro");
        }
        if (fstype_in(best->fstype, network_fstypes))
                d.undecided = xasprintf("a network file system (%s from %s): its data rests on that server", best->fstype, strna(best->source));
        if (!d.source)
                goto add;
        if (f->live)
                dm_crypt_of(f, d.source, &d);
crypttab:
        if (!d.crypt_type && d.source) {
                const char *name = startswith(d.source, "/dev/mapper/");

                for (size_t i = 0; name && i < f->crypttab.n; i++)
                        if (streq(f->crypttab.v[i].name, name)) {
                                d.crypt_name = xstrdup(name);
                                d.crypt_device = xstrdup(f->crypttab.v[i].device);
                                d.crypt_type = xstrdup("crypttab");
                                free(d.how);
                                d.how = xstrdup("/etc/crypttab");
                                break;
                        }
        }
add:
        f->data_mounts.v = xreallocarray(f->data_mounts.v, f->data_mounts.n + 1, sizeof(*f->data_mounts.v));
        f->data_mounts.v[f->data_mounts.n++] = d;
}

/* A path that could not be resolved to a file system: named, so the check says what it could not decide. */
static void data_mount_undecided(struct facts *f, const char *path, const char *why, char *undecided)
{
        f->data_mounts.v = xreallocarray(f->data_mounts.v, f->data_mounts.n + 1, sizeof(*f->data_mounts.v));
        f->data_mounts.v[f->data_mounts.n++] = (struct data_mount){ .path = xstrdup(path), .why = xstrdup(why), .undecided = undecided };
}

/* The value of KEY= in a mount option string, or NULL. The caller owns it. */
static char *option_value(const char *options, const char *key)
{
        _cleanup_strv_free_ char **opts = options ? strv_split(options, ",") : NULL;

        for (size_t i = 0; opts && opts[i]; i++) {
                const char *v = startswith(opts[i], key);
                if (v && *v == '=')
                        return xstrdup(v + 1);
        }
        return NULL;
}

/*
 * No fstab entry for /: systemd-remount-fs leaves the root as the initramfs
 * (or the kernel) mounted it, read-only unless the command line says "rw"
 * (the last of "ro"/"rw" wins). Without a known command line, or with
 * neither word, that is not decided.
 */
static void root_from_cmdline(struct facts *f)
{
        _cleanup_strv_free_ char **words = f->kernel.cmdline ? strv_split(f->kernel.cmdline, " \t\n") : NULL;
        const char *flag = NULL, *root = NULL;
        struct data_mount d;

        for (size_t i = 0; words && words[i]; i++) {
                if (streq(words[i], "ro") || streq(words[i], "rw"))
                        flag = words[i];
                else if (startswith(words[i], "root="))
                        root = words[i] + 5;
        }
        if (!flag) {
                data_mount_undecided(f, "/", "root file system",
                                     f->kernel.cmdline ? xasprintf("no /etc/fstab entry for it and the kernel command line (%s) says neither ro nor rw",
                                                                   strna(f->kernel.cmdline_source))
                                                       : xstrdup("no /etc/fstab entry says how the root file system is mounted, and the kernel command line is not known"));
                return;
        }
        d = (struct data_mount){
                .path = xstrdup("/"),
                .why = xasprintf("root file system, not in /etc/fstab: mounted %s as the kernel command line says", flag),
                .held_by = xstrdup("/"),
                .source = xstrdup(root),
                .how = xstrdup(f->kernel.cmdline_source),
                .read_only = streq(flag, "ro"),
        };
        if (root && startswith(root, "/dev/mapper/"))
                for (size_t i = 0; i < f->crypttab.n; i++)
                        if (streq(f->crypttab.v[i].name, root + strlen("/dev/mapper/"))) {
                                d.crypt_name = xstrdup(f->crypttab.v[i].name);
                                d.crypt_device = xstrdup(f->crypttab.v[i].device);
                                d.crypt_type = xstrdup("crypttab");
                                break;
                        }
        f->data_mounts.v = xreallocarray(f->data_mounts.v, f->data_mounts.n + 1, sizeof(*f->data_mounts.v));
        f->data_mounts.v[f->data_mounts.n++] = d;
}

/*
 * Every persistent writable file system the device mounts, the data
 * directories, the crypt hook's partitions, the /etc overlay's storage and
 * the file systems that hold LUKS key files: each is judged once.
 */
static void collect_data_mounts(struct facts *f)
{
        data_mount_resolve(f, "/var", "data directory");
        data_mount_resolve(f, "/home", "data directory");
        if (!f->live && root_cmdline_writable_unknown(f))
                root_from_cmdline(f);
        for (size_t i = 0; i < f->mounts.n; i++) {
                const struct mount_entry *m = &f->mounts.v[i];
                _cleanup_free_ char *why = NULL;

                if (f->data_mounts.n >= DATA_MOUNTS_MAX) {
                        facts_note_cap(f, "more than %u file systems to judge (DATA_MOUNTS_MAX); the mount on %s and later ones were not judged",
                                       DATA_MOUNTS_MAX, strna(m->target));
                        break;
                }
                if (!m->target || m->target[0] != '/' || strv_contains((char **) boot_mountpoints, m->target))
                        continue;
                if (m->fstype && streq(m->fstype, "overlay")) {
                        _cleanup_free_ char *upper = option_value(m->options, "upperdir");

                        /* Without an upper dir an overlay is read-only: nothing is written. */
                        if (upper && upper[0] == '/') {
                                why = xasprintf("upper dir of the overlay on %s", m->target);
                                data_mount_resolve(f, upper, why);
                        } else if (upper)
                                data_mount_undecided(f, m->target, "overlay", xasprintf("its upper dir %s is not an absolute path", upper));
                        continue;
                }
                if (fstype_in(m->fstype, pseudo_fstypes))
                        continue;
                if (m->options && (has_word(m->options, "bind") || has_word(m->options, "rbind"))) {
                        if (m->source && m->source[0] == '/') {
                                why = xasprintf("source of the bind mount on %s", m->target);
                                data_mount_resolve(f, m->source, why);
                        }
                        continue;
                }
                /*
                 * Live, a bind mount shows as one more mount of the same
                 * device (mountinfo has no "bind"): the file system is judged
                 * once, at its first mount point.
                 */
                if (f->live && m->source && startswith(m->source, "/dev/")) {
                        bool seen = false;

                        for (size_t j = 0; j < i && !seen; j++)
                                seen = streq_ptr(f->mounts.v[j].source, m->source) && streq_ptr(f->mounts.v[j].fstype, m->fstype);
                        if (seen)
                                continue;
                }
                why = xasprintf("mount (%s)", strna(m->origin));
                data_mount_resolve(f, m->target, why);
        }
        for (size_t i = 0; !f->live && f->cip.encrypt_hook_installed && f->cip.encrypt_partitions && f->cip.encrypt_partitions[i]; i++) {
                _cleanup_strv_free_ char **parts = strv_split(f->cip.encrypt_partitions[i], ":");

                if (strv_length(parts) >= 2 && parts[1][0] == '/')
                        data_mount_resolve(f, parts[1], "crypt hook partition");
        }
        if (f->cip.overlay_script) {
                if (f->cip.overlay_storage)
                        data_mount_resolve(f, f->cip.overlay_storage, "/etc overlay storage");
                else
                        data_mount_undecided(f, "/etc", "/etc overlay storage",
                                             xasprintf("%s does not say where the overlay stores /etc as plain values", f->cip.overlay_script));
        }
        for (size_t i = 0; i < f->crypttab.n; i++) {
                const struct crypttab_entry *e = &f->crypttab.v[i];
                const char *kf = e->keyfile;
                _cleanup_free_ char *why = NULL;

                if (!kf || !*kf || streq(kf, "none") || streq(kf, "-"))
                        continue;
                if (streq(kf, "/dev/urandom") || streq(kf, "/dev/random") || streq(kf, "/dev/hw_random"))
                        continue; /* a new random key each boot: nothing is kept */
                why = xasprintf("key file of %s", e->name);
                if (kf[0] != '/' || startswith(kf, "/dev/") || strchr(kf, ':'))
                        data_mount_undecided(f, kf, why, xasprintf("the key of %s is %s, on a device or in a form not resolved to a file system", e->name, kf));
                else
                        data_mount_resolve(f, kf, why);
        }
}

/* A swap file (or zram writeback target) lies on the file system holding it; with no mapping of its own that one decides. */
static void swap_files_resolve(struct facts *f)
{
        for (size_t i = 0; i < f->swaps.n; i++) {
                struct swap_entry *w = &f->swaps.v[i];
                const char *path = w->writeback ? w->writeback : w->device;
                struct data_mount *d = NULL;
                size_t n = f->data_mounts.n;

                if (!path)
                        continue;
                if (!streq_ptr(w->kind, "file")) {
                        struct data_mount t = {};

                        /* Live, a device-mapper swap (or writeback) device shows its dm-crypt mapping in sysfs. */
                        if (!f->live || !startswith(path, "/dev/") || (!w->writeback && !startswith(path, "/dev/dm-")))
                                continue;

                        dm_crypt_of(f, path, &t);
                        w->fs_crypt = t.crypt_type;
                        w->fs_source = xstrdup(path);
                        w->fs_known = true;
                        free(t.crypt_name);
                        free(t.crypt_device);
                        continue;
                }
                /* Resolve as a data path, then take it back out: a swap file is judged by the swap check. */
                data_mount_resolve(f, path, "swap");
                if (f->data_mounts.n == n) {
                        for (size_t j = 0; j < n; j++)
                                if (streq(f->data_mounts.v[j].path, path))
                                        d = &f->data_mounts.v[j];
                        if (!d)
                                continue;
                        w->fs_held_by = xstrdup(d->held_by);
                        w->fs_source = xstrdup(d->source);
                        w->fs_crypt = xstrdup(d->crypt_type);
                        w->fs_known = !d->undecided;
                        continue;
                }
                d = &f->data_mounts.v[--f->data_mounts.n];
                w->fs_held_by = d->held_by;
                w->fs_source = d->source;
                w->fs_crypt = d->crypt_type;
                w->fs_known = !d->undecided;
                free(d->path);
                free(d->crypt_name);
                free(d->crypt_device);
                free(d->how);
                free(d->link);
                free(d->why);
                free(d->fstype);
                free(d->undecided);
        }
}

/* Names the volume holding a data directory, so the checks can judge its header. */
static void luks_mark_mountpoints(struct facts *f)
{
        for (size_t i = 0; i < f->data_mounts.n; i++) {
                const struct data_mount *d = &f->data_mounts.v[i];

                if (!d->crypt_device)
                        continue;
                for (size_t j = 0; j < f->luks.n; j++) {
                        struct luks_volume *v = &f->luks.v[j];
                        const char *uuid = startswith(d->crypt_device, "UUID=");

                        if (v->mountpoint || v->err)
                                continue;
                        /* Offline, crypttab names the device by UUID; the header given as an image carries it. */
                        if (streq(v->device, d->crypt_device) || (uuid && v->uuid && strcaseeq(uuid, v->uuid)))
                                v->mountpoint = xstrdup(d->path);
                }
        }
}

static void collect_luks(struct facts *f, const struct collect_options *o)
{
        collect_crypt_hook(f);

        if (f->live)
                collect_luks_block_devices(f);
        collect_luks_images(f, o->luks_images);

        if (f->mounts.err >= 0) {
                collect_data_mounts(f);
                swap_files_resolve(f);
        } else
                f->data_mounts.err = f->mounts.err;
        luks_mark_mountpoints(f);
}

static void luks_facts_free(struct facts *f)
{
        for (size_t i = 0; i < f->luks.n; i++)
                luks_volume_clear(&f->luks.v[i]);
        free(f->luks.v);
        for (size_t i = 0; i < f->data_mounts.n; i++) {
                struct data_mount *d = &f->data_mounts.v[i];
                free(d->path);
                free(d->held_by);
                free(d->source);
                free(d->crypt_name);
                free(d->crypt_device);
                free(d->crypt_type);
                free(d->how);
                free(d->link);
                free(d->why);
                free(d->fstype);
                free(d->undecided);
        }
        free(f->data_mounts.v);
        free(f->luks.err_text);
        free(f->crypt_hook.script);
        free(f->crypt_hook.backend);
}

const struct collector collector_luks = {
        .name = "luks",
        .area = FACTS_LUKS,
        .collect = collect_luks,
        .free = luks_facts_free,
        .owns = { FACTS_MEMBER(luks), FACTS_MEMBER(data_mounts), FACTS_MEMBER(crypt_hook) },
};
