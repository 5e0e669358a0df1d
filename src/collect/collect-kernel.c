/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel command line, configuration and crypto. Live: /proc/cmdline,
 * /boot/config-$(uname -r) and /proc/crypto. Offline: the command line the
 * device's boot loader will pass, read only from the loader the tree really
 * has (GRUB: grub.cfg's default entry, else /etc/default/grub and grub.d as
 * sh sources them; systemd-boot: its entries' options, or the .cmdline of the
 * unified kernel images it boots), and undecided, with the reason, for
 * everything else (EFI Boot Guard's environment lives on the boot
 * partitions, outside the root tree); the newest /boot/config-*.
 * Both: which crypto modules the kernel has.
 */
#include <stdarg.h>
#include <stdio.h>
#include <strings.h>
#include <sys/utsname.h>

#include "collect.h"
#include "cursor.h"
#include "macro.h"
#include "parse-util.h"
#include "parsers.h"
#include "strv.h"

static const char *const config_keys[] = {
        "CONFIG_INIT_ON_FREE_DEFAULT_ON",
        "CONFIG_INIT_ON_ALLOC_DEFAULT_ON",
        "CONFIG_CRYPTO_AES",
        "CONFIG_CRYPTO_XTS",
        "CONFIG_CRYPTO_USER_API_SKCIPHER",
        "CONFIG_DM_CRYPT",
        "CONFIG_TCG_TPM",
};

static void cmdline_note(struct facts *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cmdline_note(struct facts *f, const char *fmt, ...)
{
        va_list ap;
        char *s;

        va_start(ap, fmt);
        if (vasprintf(&s, fmt, ap) < 0)
                abort();
        va_end(ap);
        strv_consume(&f->kernel.cmdline_notes, s);
}

static void cmdline_undecided(struct facts *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cmdline_undecided(struct facts *f, const char *fmt, ...)
{
        va_list ap;

        if (f->kernel.cmdline_undecided)
                return;
        va_start(ap, fmt);
        if (vasprintf(&f->kernel.cmdline_undecided, fmt, ap) < 0)
                abort();
        va_end(ap);
}

/* FAT file systems (the ESP, boot partitions) do not keep case. */
static bool startswith_no_case(const char *s, const char *prefix)
{
        return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static bool endswith_no_case(const char *s, const char *suffix)
{
        size_t l = strlen(s), sl = strlen(suffix);
        return l >= sl && strcasecmp(s + l - sl, suffix) == 0;
}

static const char *const esp_dirs[] = { "/boot/efi", "/efi", "/boot" };

/* The first file under dir/sub (each ESP mount point) whose name matches; "" for a directory with entries. */
static char *find_in_esp(struct facts *f, const char *sub, const char *prefix, const char *suffix)
{
        for (size_t d = 0; d < ARRAY_SIZE(esp_dirs); d++) {
                _cleanup_free_ char *dir = xasprintf("%s%s", esp_dirs[d], sub);
                _cleanup_strv_free_ char **l = NULL;

                if (facts_list_dir(f, dir, 256, &l) < 0)
                        continue;
                for (size_t i = 0; l[i]; i++)
                        if (startswith_no_case(l[i], prefix) && endswith_no_case(l[i], suffix))
                                return xasprintf("%s/%s", dir, l[i]);
        }
        return NULL;
}

static bool any_package(const struct facts *f, const char *const *names, const char **ret)
{
        for (size_t i = 0; names[i]; i++)
                if (facts_package(f, names[i])) {
                        *ret = names[i];
                        return true;
                }
        return false;
}

/* GRUB's boot loader packages: the ones whose postinst installs GRUB as the loader (not grub-common's tools). */
static const char *const grub_packages[] = {
        "grub-pc", "grub-efi-amd64", "grub-efi-arm64", "grub-efi-ia32", "grub-efi-arm", "grub-efi", "grub-coreboot", "grub-ieee1275",
        "grub-xen", "grub-efi-amd64-signed", "grub-efi-arm64-signed", NULL,
};

/* Where GRUB shows itself as the device's loader; *why names the first trace. */
static bool grub_is_loader(struct facts *f, char **why)
{
        const char *pkg;
        char *p;

        if (root_exists(f->root, "/boot/grub/grub.cfg")) {
                *why = xstrdup("/boot/grub/grub.cfg exists");
                return true;
        }
        if (any_package(f, grub_packages, &pkg)) {
                *why = xasprintf("package %s is installed", pkg);
                return true;
        }
        for (size_t d = 0; d < 2; d++) {
                _cleanup_free_ char *dir = xasprintf("%s/EFI", esp_dirs[d]);
                _cleanup_strv_free_ char **l = NULL;
                if (facts_list_dir(f, dir, 64, &l) < 0)
                        continue;
                for (size_t i = 0; l[i]; i++) {
                        _cleanup_free_ char *sub = xasprintf("/EFI/%s", l[i]);
                        if ((p = find_in_esp(f, sub, "grub", ".efi"))) {
                                *why = xasprintf("%s exists", p);
                                free(p);
                                return true;
                        }
                }
        }
        return false;
}

/* The kernel arguments of grub.cfg's default entry, or undecided. */
static int cmdline_from_grub_cfg(struct facts *f)
{
        _cleanup_free_ char *buf = NULL, *env = NULL;
        _cleanup_(grub_cfg_clear) struct grub_cfg g = {};
        size_t len, envlen, idx = 0;
        unsigned u;
        int k;

        k = collect_read(f, "/boot/grub/grub.cfg", &buf, &len);
        if (k >= 0)
                k = collect_parsed(f, grub_cfg_parse(buf, len, &g), "/boot/grub/grub.cfg");
        if (k < 0) {
                f->kernel.cmdline_err = k;
                f->kernel.cmdline_source = xstrdup("/boot/grub/grub.cfg");
                return k;
        }
        /* grub-mkconfig writes set default="N" or "${saved_entry}", and "${next_entry}" from grubenv for one boot. */
        if (collect_read(f, "/boot/grub/grubenv", &env, &envlen) >= 0) {
                _cleanup_strv_free_ char **e = NULL;
                const char *ne;
                if (env_file_parse(env, envlen, &e) >= 0 && (ne = env_get(e, "next_entry")) && *ne) {
                        cmdline_undecided(f, "/boot/grub/grubenv names next_entry=%s for the next boot; which entry that is was not evaluated", ne);
                        return 0;
                }
        }
        for (size_t i = 0; g.defaults[i]; i++) {
                const char *d = g.defaults[i];
                _cleanup_free_ char *v = NULL;
                size_t l = strlen(d);

                if (l >= 2 && (d[0] == '"' || d[0] == '\'') && d[l - 1] == d[0])
                        v = xstrndup(d + 1, l - 2);
                else
                        v = xstrdup(d);
                if (streq(v, "${next_entry}") || streq(v, "$next_entry"))
                        continue; /* only with a next_entry in grubenv, checked above */
                if (parse_uint(v, 0, 99999, &u) >= 0) {
                        idx = u;
                        continue;
                }
                cmdline_undecided(f, "/boot/grub/grub.cfg chooses its default entry by \"set default=%s\", which was not evaluated", v);
                return 0;
        }
        if (idx >= strv_length(g.entries)) {
                cmdline_undecided(f, "/boot/grub/grub.cfg has no entry %zu to boot by default", idx);
                return 0;
        }
        if (g.entries[idx][0] == '\x01') {
                cmdline_undecided(f, "the default entry of /boot/grub/grub.cfg is a submenu, which was not evaluated");
                return 0;
        }
        if (strchr(g.entries[idx], '$')) {
                cmdline_undecided(f, "the linux line of grub.cfg's default entry uses GRUB variables (%.200s), which were not evaluated", g.entries[idx]);
                return 0;
        }
        f->kernel.cmdline = xstrdup(g.entries[idx]);
        f->kernel.cmdline_source = xasprintf("/boot/grub/grub.cfg (linux line of menu entry %zu, the default)", idx);
        return 0;
}

/*
 * /etc/default/grub, then /etc/default/grub.d/ *.cfg in the glob order of
 * grub-mkconfig, as sh sources them. With note_only (a grub.cfg decides the
 * boot), the result is only recorded: what update-grub would write next.
 */
static int cmdline_from_grub_defaults(struct facts *f, bool note_only)
{
        _cleanup_(shell_env_clear) struct shell_env e = {};
        _cleanup_strv_free_ char **files = NULL, **l = NULL;
        const char *lin = NULL, *def = NULL, *why = NULL;
        int k, a, b;

        if (root_exists(f->root, "/etc/default/grub"))
                strv_push(&files, "/etc/default/grub");
        if (facts_list_dir(f, "/etc/default/grub.d", 256, &l) > 0) {
                if (!note_only)
                        cmdline_undecided(f, "/etc/default/grub.d holds more files than were read");
                return 0;
        }
        for (size_t i = 0; l && l[i]; i++)
                if (endswith(l[i], ".cfg"))
                        strv_consume(&files, xasprintf("/etc/default/grub.d/%s", l[i]));
        if (!files) {
                if (note_only)
                        return 0;
                cmdline_undecided(f, "GRUB is the boot loader but neither /boot/grub/grub.cfg nor /etc/default/grub is in the tree");
                return 0;
        }
        for (size_t i = 0; files[i]; i++) {
                _cleanup_free_ char *buf = NULL;
                size_t len;

                k = collect_read(f, files[i], &buf, &len);
                if (k >= 0)
                        k = collect_parsed(f, shell_env_source(&e, buf, len, files[i]), files[i]);
                if (k < 0 && note_only)
                        return 0;
                if (k < 0) {
                        f->kernel.cmdline_err = k;
                        f->kernel.cmdline_source = xstrdup(files[i]);
                        return k;
                }
        }
        a = shell_env_get(&e, "GRUB_CMDLINE_LINUX", &lin, &why);
        b = a < 0 ? -1 : shell_env_get(&e, "GRUB_CMDLINE_LINUX_DEFAULT", &def, &why);
        if (b < 0) {
                if (note_only)
                        cmdline_note(f, "the next update-grub regenerates grub.cfg from /etc/default/grub, whose command line is undecided: %s", why);
                else
                        cmdline_undecided(f, "%s", why);
                return 0;
        }
        if (note_only) {
                cmdline_note(f, "the next update-grub regenerates grub.cfg from /etc/default/grub and grub.d, which give: %s %s", strempty(lin), strempty(def));
                return 0;
        }
        /* grub-mkconfig's default entry: linux ... ${GRUB_CMDLINE_LINUX} ${GRUB_CMDLINE_LINUX_DEFAULT}. */
        f->kernel.cmdline = xasprintf("%s %s", strempty(lin), strempty(def));
        {
                _cleanup_free_ char *j = strv_join(files, " + ");
                f->kernel.cmdline_source = xasprintf("%s (as sh sources them; no grub.cfg generated)", j);
        }
        return 0;
}

/* Type #1 entries of systemd-boot: decided when every entry gives the same options. */
static int cmdline_from_bls(struct facts *f, bool *ret_found)
{
        _cleanup_free_ char *first = NULL, *first_path = NULL;
        unsigned n = 0;

        *ret_found = false;
        for (size_t d = 0; d < ARRAY_SIZE(esp_dirs); d++) {
                _cleanup_free_ char *dir = xasprintf("%s/loader/entries", esp_dirs[d]);
                _cleanup_strv_free_ char **l = NULL;

                if (facts_list_dir(f, dir, 256, &l) < 0)
                        continue;
                for (size_t i = 0; l[i]; i++) {
                        _cleanup_free_ char *p = NULL, *buf = NULL, *opts = NULL;
                        size_t len;
                        bool uki;
                        int k;

                        if (!endswith(l[i], ".conf"))
                                continue;
                        p = xasprintf("%s/%s", dir, l[i]);
                        k = collect_read(f, p, &buf, &len);
                        if (k < 0) {
                                f->kernel.cmdline_err = k;
                                f->kernel.cmdline_source = TAKE_PTR(p);
                                return k;
                        }
                        *ret_found = true;
                        if (bls_entry_parse(buf, len, &opts, &uki) < 0) {
                                cmdline_undecided(f, "boot entry %s names no kernel it understands", p);
                                return 0;
                        }
                        if (uki && !*opts) {
                                cmdline_undecided(f, "boot entry %s starts a unified kernel image, whose command line is in its .cmdline section (not read offline)", p);
                                return 0;
                        }
                        cmdline_note(f, "%s: options %s", p, opts);
                        if (n++ == 0) {
                                first = TAKE_PTR(opts);
                                first_path = TAKE_PTR(p);
                        } else if (!streq(first, opts)) {
                                cmdline_undecided(f, "boot entries %s and %s pass different options; which one boots by default was not evaluated", first_path, p);
                                return 0;
                        }
                }
        }
        if (n > 0) {
                f->kernel.cmdline = TAKE_PTR(first);
                f->kernel.cmdline_source = n == 1 ? TAKE_PTR(first_path) : xasprintf("%s and %u other boot entries with the same options", first_path, n - 1);
        }
        return 0;
}

/* Larger images are not read: the command line of such an image stays undecided. */
#define UKI_READ_MAX (128u << 20)

/*
 * Unified kernel images that systemd-boot finds by itself (EFI/Linux/ *.efi,
 * Type #2): it passes them no options, so systemd-stub boots each with its
 * .cmdline section. Decided when every image has one and they agree.
 */
static void cmdline_from_ukis(struct facts *f)
{
        _cleanup_free_ char *first = NULL, *first_path = NULL;
        unsigned n = 0;

        for (size_t d = 0; d < ARRAY_SIZE(esp_dirs); d++) {
                _cleanup_free_ char *dir = xasprintf("%s/EFI/Linux", esp_dirs[d]);
                _cleanup_strv_free_ char **l = NULL;

                if (facts_list_dir(f, dir, 64, &l) < 0)
                        continue;
                for (size_t i = 0; l[i]; i++) {
                        _cleanup_free_ char *p = NULL, *buf = NULL, *text = NULL;
                        size_t len;
                        int k;

                        if (!endswith_no_case(l[i], ".efi"))
                                continue;
                        p = xasprintf("%s/%s", dir, l[i]);
                        k = root_read_file(f->root, p, UKI_READ_MAX, &buf, &len);
                        if (k < 0) {
                                cmdline_undecided(f, "the unified kernel image %s could not be read (%s)%s", p, strerror(-k),
                                                  k == -EFBIG ? ": it is larger than the 128 MiB this reads" : "");
                                return;
                        }
                        k = pe_section_text(buf, len, ".cmdline", &text);
                        if (k < 0) {
                                cmdline_undecided(f, "%s is not a PE image whose sections could be read", p);
                                return;
                        }
                        if (k == 0) {
                                cmdline_undecided(f, "the unified kernel image %s has no .cmdline section: the command line comes from the loader or the firmware", p);
                                return;
                        }
                        cmdline_note(f, "%s: .cmdline %s", p, text);
                        if (n++ == 0) {
                                first = TAKE_PTR(text);
                                first_path = TAKE_PTR(p);
                        } else if (!streq(first, text)) {
                                cmdline_undecided(f, "unified kernel images %s and %s carry different command lines; which one boots by default was not evaluated", first_path, p);
                                return;
                        }
                }
        }
        if (n == 0) {
                cmdline_undecided(f, "no unified kernel image could be read");
                return;
        }
        f->kernel.cmdline = TAKE_PTR(first);
        f->kernel.cmdline_source = n == 1 ? xasprintf("%s (.cmdline section; systemd-boot passes a Type #2 image no options)", first_path)
                                          : xasprintf("%s and %u other unified kernel images with the same .cmdline", first_path, n - 1);
}

static void collect_cmdline_offline(struct facts *f)
{
        static const char *const ebg_packages[] = { "efibootguard", "efibootguard-tools", "libebgenv0", NULL };
        static const char *const sdboot_packages[] = { "systemd-boot", "systemd-boot-efi", NULL };
        _cleanup_free_ char *grub_why = NULL, *uki = NULL, *sdboot = NULL, *bgenv = NULL;
        _cleanup_strv_free_ char **kinds = NULL;
        const char *pkg;
        bool grub, ebg, bls_found = false;

        /* Inputs of image builders and kernel-install: recorded, never taken for what the loader passes. */
        if (root_exists(f->root, "/etc/kernel/cmdline"))
                cmdline_note(f, "/etc/kernel/cmdline exists: kernel-install and ukify read it when they build boot entries or images, the loader does not");
        grub = grub_is_loader(f, &grub_why);
        if (!grub && root_exists(f->root, "/etc/default/grub"))
                cmdline_note(f, "/etc/default/grub exists but GRUB is not the boot loader: only GRUB's grub-mkconfig reads it");
        bgenv = find_in_esp(f, "", "BGENV", ".DAT");
        ebg = bgenv || any_package(f, ebg_packages, &pkg) || root_exists(f->root, "/usr/bin/bg_setenv") || root_exists(f->root, "/usr/bin/bg_printenv");
        uki = find_in_esp(f, "/EFI/Linux", "", ".efi");
        sdboot = find_in_esp(f, "/EFI/systemd", "systemd-boot", ".efi");
        if (!sdboot && any_package(f, sdboot_packages, &pkg))
                sdboot = xasprintf("package %s", pkg);

        if (grub)
                strv_consume(&kinds, xasprintf("GRUB (%s)", grub_why));
        if (ebg)
                strv_consume(&kinds, xasprintf("EFI Boot Guard (%s)", bgenv ? bgenv : "its tools or packages are installed"));
        if (sdboot || uki)
                strv_consume(&kinds, xasprintf("systemd-boot/unified kernel image (%s)", sdboot ? sdboot : uki));
        for (size_t i = 0; kinds && kinds[i]; i++)
                cmdline_note(f, "boot loader: %s", kinds[i]);

        if (strv_length(kinds) > 1) {
                _cleanup_free_ char *j = strv_join(kinds, ", ");
                cmdline_undecided(f, "the tree holds more than one boot loader (%s); which one the firmware starts is decided by its boot entries, not in the tree", j);
                return;
        }
        if (ebg) {
                cmdline_undecided(f, "EFI Boot Guard passes the kernel arguments of its environment (BGENV.DAT, kernelparams) on the boot partitions BOOT0/BOOT1, "
                                     "or the unified kernel image's .cmdline section; neither is read from a root tree");
                return;
        }
        if (grub) {
                if (root_exists(f->root, "/boot/grub/grub.cfg")) {
                        if (cmdline_from_grub_cfg(f) >= 0)
                                (void) cmdline_from_grub_defaults(f, true);
                } else
                        (void) cmdline_from_grub_defaults(f, false);
                return;
        }
        if (sdboot || uki) {
                if (cmdline_from_bls(f, &bls_found) < 0 || bls_found)
                        return;
                if (uki && !sdboot)
                        cmdline_undecided(f, "the unified kernel image %s is not started by systemd-boot: a firmware boot entry can pass it options of its own (EFI variables, not in the tree)", uki);
                else if (uki)
                        cmdline_from_ukis(f);
                else
                        cmdline_undecided(f, "systemd-boot is installed but no boot entry is in the tree (loader/entries)");
                return;
        }
        cmdline_undecided(f, "no boot loader configuration is in the tree (GRUB, systemd-boot entries, a unified kernel image or EFI Boot Guard); "
                             "the command line is then set where the image is built or on a boot partition");
}

static void collect_cmdline(struct facts *f)
{
        _cleanup_free_ char *buf = NULL;
        int k;

        if (f->live) {
                k = root_read_file(f->root, "/proc/cmdline", 65536, &buf, NULL);
                if (k == -EFBIG)
                        facts_note_cap(f, "/proc/cmdline is larger than 65536 bytes and was not read");
                if (k < 0) {
                        f->kernel.cmdline_err = k;
                        return;
                }
                buf[strcspn(buf, "\n")] = 0;
                f->kernel.cmdline = TAKE_PTR(buf);
                f->kernel.cmdline_source = xstrdup("/proc/cmdline");
                return;
        }
        collect_cmdline_offline(f);
        if (!f->kernel.cmdline && !f->kernel.cmdline_err)
                f->kernel.cmdline_err = -ENODATA;
}

static void collect_config(struct facts *f)
{
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_free_ char *path = NULL, *buf = NULL;
        size_t len;
        int k;

        if (f->live) {
                struct utsname u;
                if (uname(&u) == 0)
                        path = xasprintf("/boot/config-%s", u.release);
        }
        if (!path || !root_exists(f->root, path)) {
                free(path);
                path = NULL;
                if (facts_list_dir(f, "/boot", 1024, &l) >= 0)
                        for (size_t i = 0; l[i]; i++)
                                if (startswith(l[i], "config-")) {
                                        free(path);
                                        path = xasprintf("/boot/%s", l[i]); /* sorted: the last is the newest version string */
                                }
        }
        if (!path) {
                f->kernel.config_err = -ENOENT;
                return;
        }
        k = facts_read_file(f, path, 8u << 20, &buf, &len);
        if (k < 0) {
                f->kernel.config_err = k;
                return;
        }
        f->kernel.config = xmalloc0(sizeof(char *));
        struct cursor c = cursor_make(buf, len);
        struct slice line;
        while (cursor_line(&c, &line))
                for (size_t i = 0; i < ARRAY_SIZE(config_keys); i++) {
                        size_t kl = strlen(config_keys[i]);
                        if (line.len > kl && memcmp(line.p, config_keys[i], kl) == 0 && line.p[kl] == '=')
                                strv_consume(&f->kernel.config, slice_dup(line));
                }
        f->kernel.config_source = TAKE_PTR(path);
}

static void collect_kernel_crypto(struct facts *f)
{
        _cleanup_free_ char *buf = NULL;
        size_t len;
        int k;

        if (!f->live) {
                f->kernel.crypto_err = -ENODATA;
                return;
        }
        k = root_read_file(f->root, "/proc/crypto", ROOT_READ_MAX_DEFAULT, &buf, &len);
        if (k == -EFBIG)
                facts_note_cap(f, "/proc/crypto is larger than %u bytes and was not read", ROOT_READ_MAX_DEFAULT);
        if (k >= 0)
                k = collect_parsed(f, proc_crypto_parse(buf, len, &f->kernel.crypto), "/proc/crypto");
        f->kernel.crypto_err = k < 0 ? k : 0;
}

/* Whether crypto modules exist as built-ins or loadable modules of the kernel in the target. */
static void collect_crypto_modules(struct facts *f)
{
        static const char *const wanted[] = { "xts", "aes_generic", "aesni-intel", "aes-ce-blk", "aes-neon-blk" };
        _cleanup_strv_free_ char **releases = NULL;
        _cleanup_free_ char *builtin = NULL;
        _cleanup_free_ char *release = NULL;
        size_t len;

        if (f->live) {
                struct utsname u;
                if (uname(&u) < 0)
                        return;
                release = xstrdup(u.release);
        } else if (facts_list_dir(f, "/lib/modules", 64, &releases) >= 0 && releases[0])
                release = xstrdup(releases[strv_length(releases) - 1]);
        if (!release)
                return;
        {
                _cleanup_free_ char *p = xasprintf("/lib/modules/%s/modules.builtin", release);
                if (collect_read(f, p, &builtin, &len) < 0)
                        builtin = NULL;
        }
        for (size_t i = 0; i < ARRAY_SIZE(wanted); i++) {
                _cleanup_free_ char *needle = xasprintf("/%s.ko\n", wanted[i]);
                static const char *const ext[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };

                if (f->live) {
                        _cleanup_free_ char *sys = xasprintf("/sys/module/%s", wanted[i]);
                        char *dash;

                        /* /sys/module spells modules with underscores. */
                        for (dash = strchr(sys, '-'); dash; dash = strchr(dash, '-'))
                                *dash = '_';
                        if (root_exists(f->root, sys)) {
                                strv_consume(&f->kernel.crypto_modules, xasprintf("%s: loaded (%s)", wanted[i], sys));
                                continue;
                        }
                }
                if (builtin && strstr(builtin, needle)) {
                        strv_consume(&f->kernel.crypto_modules, xasprintf("%s: built-in (/lib/modules/%s/modules.builtin)", wanted[i], release));
                        continue;
                }
                for (size_t e = 0; e < ARRAY_SIZE(ext); e++) {
                        _cleanup_free_ char *p = xasprintf("/lib/modules/%s/kernel/crypto/%s%s", release, wanted[i], ext[e]);
                        _cleanup_free_ char *p2 = xasprintf("/lib/modules/%s/kernel/arch/x86/crypto/%s%s", release, wanted[i], ext[e]);
                        _cleanup_free_ char *p3 = xasprintf("/lib/modules/%s/kernel/arch/arm64/crypto/%s%s", release, wanted[i], ext[e]);
                        const char *found = root_exists(f->root, p) ? p : root_exists(f->root, p2) ? p2 : root_exists(f->root, p3) ? p3 : NULL;

                        if (found) {
                                strv_consume(&f->kernel.crypto_modules, xasprintf("%s: module (%s)", wanted[i], found));
                                break;
                        }
                }
        }
}

static void collect_kernel(struct facts *f, const struct collect_options *o)
{
        f->collecting = FACTS_CMDLINE;
        collect_cmdline(f);
        f->collecting = FACTS_KCONFIG;
        collect_config(f);
        collect_kernel_crypto(f);
        collect_crypto_modules(f);
}

static void kernel_free(struct facts *f)
{
        free(f->kernel.cmdline);
        free(f->kernel.cmdline_source);
        free(f->kernel.cmdline_undecided);
        strv_free(f->kernel.cmdline_notes);
        strv_free(f->kernel.config);
        free(f->kernel.config_source);
        strv_free(f->kernel.crypto);
        strv_free(f->kernel.crypto_modules);
}

const struct collector collector_kernel = {
        .name = "kernel",
        .area = FACTS_CMDLINE,
        .collect = collect_kernel,
        .free = kernel_free,
        .owns = { FACTS_MEMBER(kernel) },
};
