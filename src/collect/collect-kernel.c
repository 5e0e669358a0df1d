/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel command line, configuration and crypto. Live: /proc/cmdline,
 * /boot/config-$(uname -r) and /proc/crypto. Offline: the boot loader
 * configuration that would produce the command line (GRUB defaults,
 * /etc/kernel/cmdline for systemd-boot/UKI builds, grub.cfg) and the newest
 * /boot/config-*. Both: which crypto modules the kernel has.
 */
#include <sys/utsname.h>

#include "collect.h"
#include "cursor.h"
#include "macro.h"
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

static void collect_cmdline(struct facts *f)
{
        _cleanup_free_ char *buf = NULL;
        _cleanup_strv_free_ char **env = NULL;
        size_t len;
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
        k = collect_read(f, "/etc/kernel/cmdline", &buf, &len);
        if (k < 0 && k != -ENOENT) {
                f->kernel.cmdline_err = k;
                f->kernel.cmdline_source = xstrdup("/etc/kernel/cmdline");
                return;
        }
        if (k >= 0) {
                buf[strcspn(buf, "\n")] = 0;
                f->kernel.cmdline = TAKE_PTR(buf);
                f->kernel.cmdline_source = xstrdup("/etc/kernel/cmdline");
                return;
        }
        k = collect_read(f, "/etc/default/grub", &buf, &len);
        if (k >= 0)
                k = collect_parsed(f, env_file_parse(buf, len, &env), "/etc/default/grub");
        if (k < 0 && k != -ENOENT) {
                f->kernel.cmdline_err = k;
                f->kernel.cmdline_source = xstrdup("/etc/default/grub");
                return;
        }
        if (k >= 0) {
                f->kernel.cmdline = xasprintf("%s %s", strempty(env_get(env, "GRUB_CMDLINE_LINUX")),
                                              strempty(env_get(env, "GRUB_CMDLINE_LINUX_DEFAULT")));
                f->kernel.cmdline_source = xstrdup("/etc/default/grub");
                /* Drop-ins append, as update-grub sources them after the main file. */
                _cleanup_strv_free_ char **l = NULL;
                if (facts_list_dir(f, "/etc/default/grub.d", 256, &l) >= 0)
                        for (size_t i = 0; l[i]; i++) {
                                _cleanup_free_ char *p = xasprintf("/etc/default/grub.d/%s", l[i]), *b = NULL;
                                _cleanup_strv_free_ char **e = NULL;
                                size_t bl;
                                const char *v;
                                if (!endswith(l[i], ".cfg") || collect_read(f, p, &b, &bl) < 0 || collect_parsed(f, env_file_parse(b, bl, &e), p) < 0)
                                        continue;
                                if ((v = env_get(e, "GRUB_CMDLINE_LINUX_DEFAULT")) || (v = env_get(e, "GRUB_CMDLINE_LINUX"))) {
                                        char *j = xasprintf("%s %s", f->kernel.cmdline, v);
                                        free(f->kernel.cmdline);
                                        f->kernel.cmdline = j;
                                }
                        }
                return;
        }
        f->kernel.cmdline_err = -ENOENT;
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
