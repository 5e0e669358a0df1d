/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Traces of isar-cip-core's mechanisms: TPM, encrypted partitions, factory reset. */
#include <sys/stat.h>

#include "collect.h"
#include "factory-reset.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

#define CIP_ENCRYPT_ENV "/usr/share/encrypt_partition/encrypt_partition.env"
#define CIP_RESET_ENV FACTORY_RESET_ENV_PATH
#define EFI_RESET_VAR FACTORY_RESET_EFIVARS_DIR "/" FACTORY_RESET_EFIVAR_FILE

const char *const cip_reset_hook_paths[] = {
        CIP_RESET_ENV,
        "/usr/share/initramfs-tools/hooks/factory-reset",
        "/usr/share/initramfs-tools/scripts/local-top/factory-reset",
        "/usr/share/initramfs-tools/scripts/local-bottom/factory-reset",
        "/usr/sbin/set-factory-reset.sh",
        FACTORY_RESET_HELPER_PATH,
        "/usr/bin/set-factory-reset.sh",
        NULL,
};

/*
 * The crypt hook (isar-cip-core initramfs-crypt-hook) works only when
 * initramfs-tools builds it into the initramfs: its hook (which copies the
 * env and the tools) and the script that encrypts and mounts the partitions
 * at boot, both executable (initramfs-tools passes over a file that is not).
 * The script sat in local-bottom until 2023 and is in local-top since.
 */
#define CRYPT_HOOK "/usr/share/initramfs-tools/hooks/encrypt_partition"
static const char *const crypt_hook_boot_scripts[] = {
        "/usr/share/initramfs-tools/scripts/local-top/encrypt_partition",
        "/usr/share/initramfs-tools/scripts/local-bottom/encrypt_partition",
};

static bool executable_file(struct facts *f, const char *path)
{
        struct stat st;

        return root_stat(f->root, path, false, &st) >= 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
}

static void collect_crypt_hook_installed(struct facts *f)
{
        const char *script = NULL;
        bool hook = executable_file(f, CRYPT_HOOK);

        for (size_t i = 0; i < ARRAY_SIZE(crypt_hook_boot_scripts) && !script; i++)
                if (executable_file(f, crypt_hook_boot_scripts[i]))
                        script = crypt_hook_boot_scripts[i];
        f->cip.encrypt_hook_installed = hook && script && f->cip.encrypt_env;
        f->cip.encrypt_hook_script = xstrdup(script);
        if (f->cip.encrypt_hook_installed)
                return;
        if (!hook && !script && !f->cip.encrypt_env)
                return; /* no trace of the hook at all */
        f->cip.encrypt_hook_missing = xasprintf("%s%s%s%s%s",
                                                hook ? "" : "no executable " CRYPT_HOOK,
                                                !hook && !script ? ", " : "",
                                                script ? "" : "no executable initramfs script (scripts/local-top/encrypt_partition or local-bottom)",
                                                (!hook || !script) && !f->cip.encrypt_env ? ", " : "",
                                                f->cip.encrypt_env ? "" : "no " CIP_ENCRYPT_ENV);
}

/*
 * The /etc overlay (isar-cip-core initramfs-overlay-hook): its local-bottom
 * script mounts the storage partition (unless the crypt hook mounted it
 * already) and puts the upper dir of /etc under the storage path. The recipe
 * writes the three values into the script as plain assignments; the older
 * etc-overlay script had them fixed.
 */
static void collect_etc_overlay(struct facts *f)
{
        static const char *const overlay = "/usr/share/initramfs-tools/scripts/local-bottom/overlay";
        static const char *const etc_overlay = "/usr/share/initramfs-tools/scripts/local-bottom/etc-overlay";
        _cleanup_free_ char *buf = NULL;
        _cleanup_strv_free_ char **env = NULL;
        size_t len;

        if (executable_file(f, etc_overlay)) {
                f->cip.overlay_script = xstrdup(etc_overlay);
                f->cip.overlay_storage = xstrdup("/var/local");
                f->cip.overlay_device = xstrdup("/dev/disk/by-label/var");
                f->cip.overlay_lower = xstrdup("/etc");
                return;
        }
        if (!executable_file(f, overlay))
                return;
        f->cip.overlay_script = xstrdup(overlay);
        if (collect_read(f, overlay, &buf, &len) < 0 || collect_parsed(f, env_file_parse(buf, len, &env), overlay) < 0)
                return;
        {
                const char *st = env_get(env, "ovl_storage_path"), *dev = env_get(env, "ovl_partition_device"),
                           *low = env_get(env, "ovl_lower_dirs");

                /* A value the shell would still expand is not known here: leave it unset, the check says so. */
                if (st && st[0] == '/' && !strpbrk(st, "$`"))
                        f->cip.overlay_storage = xstrdup(st);
                if (dev && !strpbrk(dev, "$`"))
                        f->cip.overlay_device = xstrdup(dev);
                if (low && !strpbrk(low, "$`"))
                        f->cip.overlay_lower = xstrdup(low);
        }
}

static void collect_cip(struct facts *f, const struct collect_options *o)
{
        _cleanup_free_ char *buf = NULL;
        _cleanup_strv_free_ char **env = NULL;
        size_t len;
        int k;

        /* The TPM is read by collect_luks(), which needs it for the sealing checks. */
        if (root_exists(f->root, CIP_ENCRYPT_ENV))
                facts_mark_sensitive(f, CIP_ENCRYPT_ENV, "CIP crypt hook configuration");
        if (collect_read(f, CIP_ENCRYPT_ENV, &buf, &len) >= 0 && collect_parsed(f, env_file_parse(buf, len, &env), CIP_ENCRYPT_ENV) >= 0) {
                const char *parts = env_get(env, "PARTITIONS");

                /* A key file the hook is pointed at (KEY_FILE=/..., INITIAL_KEY=/...): secret too. */
                for (char **e = env; e && *e; e++) {
                        const char *eq = strchr(*e, '=');
                        _cleanup_free_ char *name = eq ? strndup(*e, (size_t) (eq - *e)) : NULL;

                        if (name && strstr(name, "KEY") && eq[1] == '/')
                                facts_mark_sensitive(f, eq + 1, "key file named in the CIP crypt hook configuration");
                }
                f->cip.encrypt_env = TAKE_PTR(buf);
                /* The hook's default when PARTITIONS is unset. */
                f->cip.encrypt_partitions = strv_split(parts ? parts : "var:/var:reencrypt", " \t");
        }
        free(buf);
        buf = NULL;
        collect_crypt_hook_installed(f);
        collect_etc_overlay(f);

        f->collecting = FACTS_CIP_RESET;
        for (size_t i = 0; cip_reset_hook_paths[i]; i++)
                if (root_exists(f->root, cip_reset_hook_paths[i]))
                        f->cip.reset_hook = true;
        k = collect_read(f, CIP_RESET_ENV, &buf, &len);
        if (k >= 0)
                f->cip.reset_env = TAKE_PTR(buf);
        else if (k != -ENOENT)
                f->cip.reset_env_err = k;

        f->cip.reset_pending = 0;
        if (root_exists(f->root, "/var/" FACTORY_RESET_MARKER_FILE)) {
                f->cip.reset_pending = 1;
                f->cip.reset_pending_source = xstrdup("/var/" FACTORY_RESET_MARKER_FILE);
        } else if (f->live) {
                _cleanup_free_ char *var = NULL, *problem = NULL;
                size_t vlen = 0;

                /* Only the request set-factory-reset writes counts; a volatile, empty or other variable is unknown. */
                k = root_read_file(f->root, EFI_RESET_VAR, 4096, &var, &vlen);
                if (k >= 0 && factory_reset_efivar_judge(var, vlen, &problem) >= 0) {
                        f->cip.reset_pending = 1;
                        f->cip.reset_pending_source = xstrdup(EFI_RESET_VAR);
                } else if (k != -ENOENT) {
                        f->cip.reset_pending = -1;
                        f->cip.reset_pending_source = xasprintf("%s exists but is no valid request: %s", EFI_RESET_VAR,
                                                                problem ? problem : strerror(-k));
                }
        } else
                f->cip.reset_pending = -1; /* the EFI variable lives in firmware, not in the image */
}

static void cip_free(struct facts *f)
{
        free(f->cip.encrypt_env);
        strv_free(f->cip.encrypt_partitions);
        free(f->cip.encrypt_hook_missing);
        free(f->cip.encrypt_hook_script);
        free(f->cip.overlay_script);
        free(f->cip.overlay_storage);
        free(f->cip.overlay_device);
        free(f->cip.overlay_lower);
        free(f->cip.reset_env);
        free(f->cip.reset_pending_source);
}

const struct collector collector_cip = {
        .name = "cip",
        .area = FACTS_CIP_ENCRYPT,
        .collect = collect_cip,
        .free = cip_free,
        .owns = { FACTS_MEMBER(cip) },
};
