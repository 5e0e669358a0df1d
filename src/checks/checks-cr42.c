/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CR 4.2 Information persistence, RE(1) shared memory, RE(2) erase verification. */
#include "check.h"
#include "parsers.h"
#include "strv.h"

/* ---- CR 4.2 ---- */

static void check_erase_tools(struct check_ctx *c)
{
        static const struct {
                const char *package, *tool, *what;
        } tools[] = {
                { "coreutils", "shred, dd", "file overwrite and raw device writes (NIST Clear)" },
                { "util-linux", "blkdiscard", "discard/secure discard of flash (NIST Purge where the device honours it)" },
                { "cryptsetup-bin", "cryptsetup luksErase", "crypto erase of LUKS volumes (NIST Purge)" },
                { "cryptsetup", "cryptsetup luksErase", "crypto erase of LUKS volumes (NIST Purge)" },
                { "nwipe", "nwipe", "whole-disk overwrite" },
                { "bulwark", "bulwark wipe", "verifying erase with certificates" },
        };
        const struct facts *f = c->facts;
        bool file_erase = false, device_erase = false;

        if (check_fact_error(c, f->packages.err, "the dpkg database"))
                return;
        for (size_t i = 0; i < ARRAY_SIZE(tools); i++) {
                const struct package *p = facts_package(f, tools[i].package);
                if (!p)
                        continue;
                check_evidence(c, "package", "/var/lib/dpkg/status", "%s %s: %s — %s", p->name, strempty(p->version), tools[i].tool, tools[i].what);
                if (streq(p->name, "coreutils") || streq(p->name, "bulwark"))
                        file_erase = device_erase = true;
                else
                        device_erase = true;
        }
        if (file_erase && device_erase)
                check_pass(c, "tools to erase files and block devices are installed");
        else {
                check_fail(c, "no tool to erase %s is installed", file_erase ? "block devices" : "files and block devices");
                check_action(c, "Ship coreutils (shred, dd) and cryptsetup in the image, or Bulwark's verifying wipe.");
        }
}

static void check_factory_reset(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        extern const char *const cip_reset_hook_paths[];

        for (size_t i = 0; cip_reset_hook_paths[i]; i++)
                if (facts_file(f, cip_reset_hook_paths[i]))
                        check_evidence_file(c, cip_reset_hook_paths[i], "CIP factory reset configuration");
        if (f->cip.reset_env_err < 0) {
                check_error(c, "could not read the CIP factory reset configuration %s: %s", "/usr/share/factory-reset/reset-env",
                            strerror(-f->cip.reset_env_err));
                return;
        }
        if (f->cip.reset_env) {
                _cleanup_strv_free_ char **env = NULL;
                const char *dev;
                if (env_file_parse(f->cip.reset_env, strlen(f->cip.reset_env), &env) >= 0 &&
                    (dev = env_get(env, "INITRAMFS_FACTORY_RESET_DEVICES")))
                        check_evidence_file(c, "/usr/share/factory-reset/reset-env", "devices formatted on reset: %s", dev);
        }
        if (f->cip.reset_pending == 1)
                check_evidence(c, "file", f->cip.reset_pending_source, "a factory reset is pending: it runs at the next boot");
        else if (f->cip.reset_pending == 0)
                check_evidence(c, "file", NULL, "no factory reset is pending");
        else if (f->cip.reset_pending_source)
                check_evidence(c, "file", NULL, "whether a reset is pending is unknown: %s", f->cip.reset_pending_source);
        else
                check_evidence(c, "file", NULL, "whether a reset is pending is stored in EFI variables, which an image does not hold");
        if (f->cip.reset_hook)
                check_pass(c, "isar-cip-core's factory reset is installed%s", f->cip.reset_pending == 1 ? " and a reset is pending" : "");
        else {
                check_manual(c, "no factory reset is installed; decommissioning relies on a documented erase procedure");
                check_action(c, "Add isar-cip-core's initramfs-factory-reset-hook, or document the decommissioning procedure (bulwark wipe with a certificate).");
        }
}

static bool fs_overwrite_unreliable(const char *fstype, const char *options, const char **why)
{
        static const struct {
                const char *fstype, *why;
        } cow[] = {
                { "btrfs", "copy-on-write: overwriting writes new blocks and leaves the old ones" },
                { "zfs", "copy-on-write: old blocks stay until reused" },
                { "bcachefs", "copy-on-write" },
                { "f2fs", "log-structured: writes go to new segments" },
                { "nilfs2", "log-structured with snapshots" },
                { "ubifs", "log-structured on raw flash, with wear levelling" },
                { "jffs2", "log-structured on raw flash, with wear levelling" },
                { "overlay", "overlayfs: the lower layer keeps the original file" },
                { "squashfs", "read-only image: cannot be overwritten in place" },
                { "erofs", "read-only image: cannot be overwritten in place" },
        };

        for (size_t i = 0; i < ARRAY_SIZE(cow); i++)
                if (streq_ptr(fstype, cow[i].fstype)) {
                        *why = cow[i].why;
                        return true;
                }
        if (options && strstr(options, "data=journal")) {
                *why = "ext4 data=journal: file data also lands in the journal";
                return true;
        }
        if (options && strstr(options, "compress")) {
                *why = "compression: overwritten data may be stored elsewhere";
                return true;
        }
        return false;
}

static void check_storage_caveats(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        unsigned caveats = 0, considered = 0;

        if (check_fact_error_text(c, f->mounts.err, f->mounts.err_text, "the mount table"))
                return;
        for (size_t i = 0; i < f->mounts.n; i++) {
                const struct mount_entry *m = &f->mounts.v[i];
                const char *why = NULL;

                if (!streq(m->target, "/") && !streq(m->target, "/var") && !streq(m->target, "/home") && !startswith(m->target, "/data") &&
                    !streq(m->target, "/srv"))
                        continue;
                considered++;
                if (fs_overwrite_unreliable(m->fstype, m->options, &why)) {
                        caveats++;
                        check_evidence(c, "mount", f->mounts.source, "%s on %s (%s): %s", m->target, strna(m->source), strna(m->fstype), why);
                } else
                        check_evidence(c, "mount", f->mounts.source, "%s on %s (%s, options %s): in-place overwrite reaches the data blocks, but not the device's spare or remapped blocks",
                                       m->target, strna(m->source), strna(m->fstype), strna(m->options));
        }
        check_evidence(c, "note", NULL, "overwriting files is a NIST SP 800-88 Clear at best; on flash with wear levelling old copies survive in spare blocks. A LUKS volume is purged by destroying its keys (crypto erase), not by overwriting files.");
        if (considered == 0) {
                check_manual(c, "the %s names no data file system (/, /var, /home): their types are decided elsewhere (e.g. the image build)", f->live ? "mount table" : "image's fstab");
                check_action(c, "Record the file system types of the data partitions so the erase method can be chosen.");
        } else if (caveats) {
                check_manual(c, "%u data file system%s cannot be erased by overwriting files; erase the whole device or crypto-erase it", caveats, caveats == 1 ? "" : "s");
                check_action(c, "Erase such data by crypto erase (LUKS) or a whole-device purge (bulwark wipe on the block device), not by shred.");
        } else
                check_pass(c, "%u data file system%s allow in-place overwrite; the limits of overwriting are recorded as evidence", considered, considered == 1 ? "" : "s");
}

/* ---- CR 4.2 RE(1) ---- */

static int cmdline_flag(const struct facts *f, const char *key)
{
        _cleanup_free_ char *v = f->kernel.cmdline ? cmdline_get(f->kernel.cmdline, key) : NULL;

        if (!v)
                return -1;
        return streq(v, "1") || streq(v, "on") || streq(v, "y") ? 1 : 0;
}

static void check_init_on_free(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        int free_cmd = cmdline_flag(f, "init_on_free"), alloc_cmd = cmdline_flag(f, "init_on_alloc");
        const char *free_cfg = kernel_config_get(f, "CONFIG_INIT_ON_FREE_DEFAULT_ON");
        const char *alloc_cfg = kernel_config_get(f, "CONFIG_INIT_ON_ALLOC_DEFAULT_ON");
        bool on_free, on_alloc;

        if (f->kernel.cmdline_err < 0 && f->kernel.cmdline_err != -ENOENT) {
                check_error(c, "could not read the kernel command line from %s: %s", strna(f->kernel.cmdline_source),
                            strerror(-f->kernel.cmdline_err));
                return;
        }

        if (f->kernel.cmdline)
                check_evidence(c, "kernel", f->kernel.cmdline_source, "command line: %.300s", f->kernel.cmdline);
        else
                check_evidence(c, "kernel", NULL, "no kernel command line found (%s)", strerror(-f->kernel.cmdline_err));
        if (f->kernel.config_source)
                check_evidence_file(c, f->kernel.config_source, "CONFIG_INIT_ON_FREE_DEFAULT_ON=%s CONFIG_INIT_ON_ALLOC_DEFAULT_ON=%s",
                                    free_cfg ? free_cfg : "(not set)", alloc_cfg ? alloc_cfg : "(not set)");
        on_free = free_cmd == 1 || (free_cmd != 0 && streq_ptr(free_cfg, "y"));
        on_alloc = alloc_cmd == 1 || (alloc_cmd != 0 && streq_ptr(alloc_cfg, "y"));
        if (!f->kernel.cmdline && !f->kernel.config_source) {
                check_manual(c, "neither the kernel command line nor the kernel configuration is available to decide init_on_free");
                check_action(c, "Show that the kernel boots with init_on_free=1 (command line or CONFIG_INIT_ON_FREE_DEFAULT_ON=y).");
                return;
        }
        if (on_free)
                check_pass(c, "the kernel zeroes freed memory (init_on_free)%s", on_alloc ? " and allocations (init_on_alloc)" : "");
        else {
                check_fail(c, "the kernel does not zero freed memory: init_on_free is %s", free_cmd == 0 ? "disabled on the command line" : "not enabled");
                check_action(c, "Boot with init_on_free=1 (and init_on_alloc=1), e.g. in GRUB_CMDLINE_LINUX or the efibootguard kernel arguments, or build with CONFIG_INIT_ON_FREE_DEFAULT_ON=y.");
        }
}

static bool swap_encrypted(const struct facts *f, const char *device)
{
        const char *name = startswith(device, "/dev/mapper/");

        if (startswith(device, "/dev/zram"))
                return true; /* compressed RAM: never reaches storage */
        for (size_t i = 0; name && i < f->crypttab.n; i++)
                if (streq(f->crypttab.v[i].name, name))
                        return true;
        return false;
}

static void check_swap(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        unsigned plain = 0;

        if (check_fact_error_text(c, f->mounts.err, f->mounts.err_text, "the mount table") || check_fact_error(c, f->crypttab.err, "/etc/crypttab"))
                return;
        for (size_t i = 0; i < f->swaps.n; i++) {
                bool enc = swap_encrypted(f, f->swaps.v[i].device);
                if (!enc)
                        plain++;
                check_evidence(c, "swap", f->swaps.v[i].source, "swap on %s: %s", f->swaps.v[i].device, enc ? "encrypted or memory-backed" : "not encrypted");
        }
        if (f->swaps.n == 0) {
                /* What the absence rests on (issue 13: a pass names what it examined). */
                check_evidence(c, "mount", f->mounts.source, "no swap area in the swap sources read");
                check_pass(c, "no swap is configured: memory contents never reach storage");
        }
        else if (plain) {
                check_fail(c, "%u swap area%s not encrypted: freed memory pages can persist on storage", plain, plain == 1 ? " is" : "s are");
                check_action(c, "Remove swap, or encrypt it with a random key per boot (crypttab: swap /dev/... /dev/urandom swap,cipher=aes-xts-plain64,size=512).");
        } else
                check_pass(c, "every swap area is encrypted or memory-backed");
}

static const struct mount_entry *find_mount(const struct facts *f, const char *target)
{
        const struct mount_entry *m = NULL;
        for (size_t i = 0; i < f->mounts.n; i++)
                if (streq(f->mounts.v[i].target, target))
                        m = &f->mounts.v[i];
        return m;
}

static void check_tmpfs(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        const struct mount_entry *shm, *tmp;
        const struct unit *tmpmount = facts_unit(f, "tmp.mount");
        bool shm_ok, tmp_ok;

        if (check_fact_error_text(c, f->mounts.err, f->mounts.err_text, "the mount table"))
                return;
        shm = find_mount(f, "/dev/shm");
        tmp = find_mount(f, "/tmp");
        /* systemd always mounts /dev/shm as tmpfs; an image's fstab rarely names it. */
        shm_ok = shm ? streq_ptr(shm->fstype, "tmpfs") : !f->live && facts_package(f, "systemd");
        tmp_ok = (tmp && streq_ptr(tmp->fstype, "tmpfs")) || (!f->live && tmpmount && tmpmount->enabled && !tmpmount->masked);
        check_evidence(c, "mount", f->mounts.source, "/dev/shm: %s", shm ? strna(shm->fstype) : shm_ok ? "tmpfs (mounted by systemd)" : "not found");
        check_evidence(c, "mount", tmp ? f->mounts.source : tmpmount ? tmpmount->path : f->mounts.source, "/tmp: %s",
                       tmp ? strna(tmp->fstype) : tmp_ok ? "tmpfs (tmp.mount enabled)" : "on the root file system");
        if (shm_ok && tmp_ok)
                check_pass(c, "/dev/shm and /tmp are tmpfs: their contents vanish at power-off");
        else {
                check_fail(c, "%s on persistent storage", !shm_ok && !tmp_ok ? "/dev/shm and /tmp are" : !shm_ok ? "/dev/shm is" : "/tmp is");
                check_action(c, "Mount /tmp as tmpfs (systemctl enable tmp.mount, or an fstab line 'tmpfs /tmp tmpfs nosuid,nodev 0 0').");
        }
}

/* ---- CR 4.2 RE(2) ---- */

static void check_erase_verification(struct check_ctx *c)
{
        const struct facts *f = c->facts;

        check_evidence(c, "note", NULL, "shred and dd do not read back what they wrote and produce no record");
        if (f->bulwark_path) {
                check_evidence(c, "file", f->bulwark_path, "bulwark wipe --verify full|sample reads every byte (or NIST SP 800-88 samples) back against the regenerated stream and writes a signed certificate");
                check_pass(c, "a verifying erase tool is installed: %s wipe --verify", f->bulwark_path);
                return;
        }
        check_fail(c, "no erase tool that verifies its result is installed");
        check_action(c, "Install Bulwark in the image and erase with 'bulwark wipe --verify full --certificate FILE'.");
}

const struct check_def checks_cr42[] = {
        { .id = "erase-tools-present", .title = "Tools to erase files and devices", .reqs = { "CR 4.2" }, .run = check_erase_tools, .facts = FACTS_PACKAGES },
        { .id = "factory-reset", .title = "Factory reset installed and its state", .reqs = { "CR 4.2" }, .run = check_factory_reset, .facts = FACTS_CIP_RESET },
        { .id = "storage-erase-caveats", .title = "What overwriting cannot reach on this storage", .reqs = { "CR 4.2" }, .run = check_storage_caveats, .facts = FACTS_MOUNTS | FACTS_CMDLINE },
        { .id = "init-on-free", .title = "Kernel zeroes freed memory", .reqs = { "CR 4.2 RE(1)" }, .run = check_init_on_free, .facts = FACTS_CMDLINE | FACTS_KCONFIG | FACTS_CRYPTTAB },
        { .id = "swap-absent-or-encrypted", .title = "Swap absent or encrypted", .reqs = { "CR 4.2 RE(1)" }, .run = check_swap, .facts = FACTS_MOUNTS | FACTS_CRYPTTAB },
        { .id = "shm-tmp-on-tmpfs", .title = "/dev/shm and /tmp on tmpfs", .reqs = { "CR 4.2 RE(1)" }, .run = check_tmpfs, .facts = FACTS_MOUNTS | FACTS_PACKAGES | FACTS_UNITS },
        { .id = "erase-verification", .title = "An erase tool that verifies", .reqs = { "CR 4.2 RE(2)" }, .run = check_erase_verification, .facts = FACTS_ERASE },
        {}
};
