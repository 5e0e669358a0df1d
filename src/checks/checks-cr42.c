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

        if (f->kernel.cmdline_err < 0 && f->kernel.cmdline_err != -ENOENT && f->kernel.cmdline_err != -ENODATA) {
                check_error(c, "could not read the kernel command line from %s: %s", strna(f->kernel.cmdline_source),
                            strerror(-f->kernel.cmdline_err));
                return;
        }

        for (size_t i = 0; f->kernel.cmdline_notes && f->kernel.cmdline_notes[i]; i++)
                check_evidence(c, "kernel", NULL, "%s", f->kernel.cmdline_notes[i]);
        if (f->kernel.cmdline)
                check_evidence(c, "kernel", f->kernel.cmdline_source, "command line: %.300s", f->kernel.cmdline);
        else
                check_evidence(c, "kernel", NULL, "kernel command line not known: %s",
                               f->kernel.cmdline_undecided ? f->kernel.cmdline_undecided : strerror(-f->kernel.cmdline_err));
        if (f->kernel.config_source)
                check_evidence_file(c, f->kernel.config_source, "CONFIG_INIT_ON_FREE_DEFAULT_ON=%s CONFIG_INIT_ON_ALLOC_DEFAULT_ON=%s",
                                    free_cfg ? free_cfg : "(not set)", alloc_cfg ? alloc_cfg : "(not set)");
        on_free = free_cmd == 1 || (free_cmd != 0 && streq_ptr(free_cfg, "y"));
        on_alloc = alloc_cmd == 1 || (alloc_cmd != 0 && streq_ptr(alloc_cfg, "y"));
        if (!f->kernel.cmdline) {
                /* The command line can turn the built-in default on or off: without it nothing is established. */
                check_manual(c, "the kernel command line the device boots with is not known: %s%s",
                             f->kernel.cmdline_undecided ? f->kernel.cmdline_undecided : "not found",
                             streq_ptr(free_cfg, "y") ? "; the kernel enables init_on_free by default, but the command line can turn it off" : "");
                check_action(c, "Show the command line the device boots with (e.g. /proc/cmdline on the running device, or the boot loader's configuration such as the "
                                "EFI Boot Guard environment or the unified kernel image's .cmdline) carries init_on_free=1, or assess the device live.");
                return;
        }
        if (on_free)
                check_pass(c, "the kernel zeroes freed memory (init_on_free)%s", on_alloc ? " and allocations (init_on_alloc)" : "");
        else {
                check_fail(c, "the kernel does not zero freed memory: init_on_free is %s", free_cmd == 0 ? "disabled on the command line" : "not enabled");
                check_action(c, "Boot with init_on_free=1 (and init_on_alloc=1), e.g. in GRUB_CMDLINE_LINUX or the efibootguard kernel arguments, or build with CONFIG_INIT_ON_FREE_DEFAULT_ON=y.");
        }
}

/* A device under a crypttab mapping, or a live dm-crypt mapping: 1; not: 0. */
static bool swap_device_encrypted(const struct facts *f, const char *device, const struct swap_entry *w)
{
        const char *name = startswith(strempty(device), "/dev/mapper/");

        if (w->fs_known && w->fs_crypt && !streq_ptr(w->kind, "file"))
                return true; /* live: the kernel's dm-crypt mapping under /dev/dm-N */
        for (size_t i = 0; name && i < f->crypttab.n; i++)
                if (streq(f->crypttab.v[i].name, name))
                        return true;
        return false;
}

/*
 * Swap from every source the device activates at boot (fstab, .swap units,
 * dphys-swapfile, zram-tools, systemd-zram-generator; live /proc/swaps).
 * zram is compressed RAM: its pages vanish at power-off like any other RAM,
 * so it counts as no storage, unless a writeback device pages them out.
 */
static void check_swap(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        _cleanup_strv_free_ char **plain = NULL, **undecided = NULL;
        _cleanup_free_ char *looked = NULL;
        unsigned active = 0;

        if (check_fact_error_text(c, f->mounts.err, f->mounts.err_text, "the mount table") || check_fact_error(c, f->crypttab.err, "/etc/crypttab"))
                return;
        looked = strv_join(f->swaps.looked_at, ", ");
        check_evidence(c, "note", NULL, "swap taken from: %s", looked && *looked ? looked : "(nothing)");
        for (char **l = f->mounts.unparsed; !f->live && l && *l; l++) {
                check_evidence(c, "mount", f->mounts.source, "%s could not be parsed: it may be a swap line", *l);
                strv_consume(&undecided, xasprintf("%s (unparseable)", *l));
        }
        for (char **l = f->swaps.undecided; l && *l; l++) {
                check_evidence(c, "swap", NULL, "%s", *l);
                strv_push(&undecided, *l);
        }
        for (size_t i = 0; i < f->swaps.n; i++) {
                const struct swap_entry *w = &f->swaps.v[i];

                if (w->noauto) {
                        check_evidence(c, "swap", w->source, "swap on %s has noauto: not activated at boot", w->device);
                        continue;
                }
                active++;
                if (streq_ptr(w->kind, "zram") && !w->writeback) {
                        check_evidence(c, "swap", w->source, "swap on %s: compressed RAM (zram), lost at power-off like the rest of memory", w->device);
                        continue;
                }
                if (streq_ptr(w->kind, "zram")) {
                        /* writeback-device= takes a block device; its encryption decides. */
                        if (swap_device_encrypted(f, w->writeback, w)) {
                                check_evidence(c, "swap", w->source, "swap on %s: zram writing back to %s, which is encrypted", w->device, w->writeback);
                                continue;
                        }
                        if (startswith(w->writeback, "/dev/mapper/") || startswith(w->writeback, "/dev/dm-")) {
                                check_evidence(c, "swap", w->source, "swap on %s: zram writing idle pages back to %s, a device-mapper device not in /etc/crypttab",
                                               w->device, w->writeback);
                                strv_consume(&undecided, xasprintf("%s (zram writeback device %s)", w->device, w->writeback));
                                continue;
                        }
                        check_evidence(c, "swap", w->source, "swap on %s: zram writing idle pages back to %s, not encrypted", w->device, w->writeback);
                        strv_consume(&plain, xasprintf("%s (writeback to %s)", w->device, w->writeback));
                        continue;
                }
                if (streq_ptr(w->kind, "file")) {
                        if (!w->fs_known) {
                                check_evidence(c, "swap", w->source, "swap file %s: the file system holding it could not be decided", w->device);
                                strv_consume(&undecided, xasprintf("%s (swap file on an undecided file system)", w->device));
                        } else if (w->fs_crypt) {
                                check_evidence(c, "swap", w->source, "swap file %s on %s (mount %s), encrypted (%s)", w->device, strna(w->fs_source),
                                               strna(w->fs_held_by), w->fs_crypt);
                        } else if (w->fs_source && startswith(w->fs_source, "/dev/mapper/")) {
                                check_evidence(c, "swap", w->source, "swap file %s on %s (mount %s), a device-mapper device not in /etc/crypttab",
                                               w->device, w->fs_source, strna(w->fs_held_by));
                                strv_consume(&undecided, xasprintf("%s (on %s)", w->device, w->fs_source));
                        } else {
                                check_evidence(c, "swap", w->source, "swap file %s on %s (mount %s), not encrypted", w->device,
                                               w->fs_source ? w->fs_source : "the root file system", strna(w->fs_held_by));
                                strv_push(&plain, w->device);
                        }
                        continue;
                }
                if (swap_device_encrypted(f, w->device, w)) {
                        check_evidence(c, "swap", w->source, "swap on %s: encrypted (dm-crypt)", w->device);
                        continue;
                }
                if (startswith(strempty(w->device), "/dev/mapper/") || startswith(strempty(w->device), "/dev/dm-")) {
                        check_evidence(c, "swap", w->source, "swap on %s: a device-mapper device not in /etc/crypttab", w->device);
                        strv_consume(&undecided, xasprintf("%s (device-mapper, not in crypttab; it may be LVM)", w->device));
                        continue;
                }
                check_evidence(c, "swap", w->source, "swap on %s: not encrypted", w->device);
                strv_push(&plain, w->device);
        }
        if (plain) {
                _cleanup_free_ char *list = strv_join(plain, ", ");

                check_fail(c, "%zu swap area%s not encrypted: freed memory pages can persist on storage: %s", strv_length(plain),
                           strv_length(plain) == 1 ? " is" : "s are", list);
                check_action(c, "Remove swap, or encrypt it with a random key per boot (crypttab: swap /dev/... /dev/urandom swap,cipher=aes-xts-plain64,size=512), or use zram without a writeback device.");
        } else if (undecided) {
                _cleanup_free_ char *list = strv_join(undecided, "; ");

                check_manual(c, "could not decide whether swap reaches storage unencrypted: %s", list);
                check_action(c, "Show that each of these is not activated or is encrypted.");
        } else if (active == 0 && f->live)
                check_pass(c, "no swap is in use (/proc/swaps): memory contents do not reach storage through swap");
        else if (active == 0)
                check_pass(c, "no swap is activated at boot from the sources looked at: memory contents never reach storage through swap");
        else
                check_pass(c, "every swap area is encrypted or in RAM (zram)");
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
        { .id = "init-on-free", .title = "Kernel zeroes freed memory", .reqs = { "CR 4.2 RE(1)" }, .run = check_init_on_free, .facts = FACTS_CMDLINE | FACTS_KCONFIG | FACTS_CRYPTTAB,
          .offline = "init_on_free on the command line the device's own boot loader passes (GRUB: the default entry of /boot/grub/grub.cfg, else /etc/default/grub and grub.d/*.cfg as sh sources them; systemd-boot: its Type #1 entries' options, else the .cmdline section of the unified kernel images it finds in EFI/Linux), over CONFIG_INIT_ON_FREE_DEFAULT_ON of the newest /boot/config-*; /etc/default/grub counts only where GRUB is the loader.",
          .live = "init_on_free in /proc/cmdline, over CONFIG_INIT_ON_FREE_DEFAULT_ON of the running kernel's /boot/config-$(uname -r).",
          .manual = "the command line is not known: no boot loader in the tree, EFI Boot Guard (its environment is on the boot partitions), a unified kernel image not started by systemd-boot or without a readable .cmdline, several loaders or entries that differ, or GRUB defaults that use commands, command substitution or variables the files never set." },
        { .id = "swap-absent-or-encrypted", .title = "Swap absent or encrypted", .reqs = { "CR 4.2 RE(1)" }, .run = check_swap, .facts = FACTS_MOUNTS | FACTS_CRYPTTAB | FACTS_UNITS | FACTS_LUKS,
          .offline = "Swap lines of /etc/fstab (noauto ones are not activated), .swap units that start at boot, dphys-swapfile's "
                     "swap file (CONF_SWAPFILE in /etc/dphys-swapfile, default /var/swap) when its service starts, zram-tools' "
                     "zramswap.service, and the [zramN] devices of systemd-zram-generator's configuration (/etc, /run, /usr/local/lib, "
                     "/usr/lib); a partition must be a crypttab mapping, a swap file must lie on an encrypted file system, and zram "
                     "counts as RAM (gone at power-off) unless a writeback-device pages it out to storage.",
          .live = "/proc/swaps, what the kernel swaps to now: a device-mapper device by the dm-crypt mapping sysfs shows, a swap file "
                  "by the file system holding it, /dev/zram* as RAM.",
          .manual = "An fstab line that cannot be parsed, a swap unit or package service whose start is undecided, a dphys-swapfile "
                    "path that is not a plain path, zram-generator drop-ins (not read), a device-mapper device not in crypttab, or a "
                    "swap file on a file system that cannot be decided." },
        { .id = "shm-tmp-on-tmpfs", .title = "/dev/shm and /tmp on tmpfs", .reqs = { "CR 4.2 RE(1)" }, .run = check_tmpfs, .facts = FACTS_MOUNTS | FACTS_PACKAGES | FACTS_UNITS },
        { .id = "erase-verification", .title = "An erase tool that verifies", .reqs = { "CR 4.2 RE(2)" }, .run = check_erase_verification, .facts = FACTS_ERASE },
        {}
};
