/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CR 5.4 evidence: mandatory access control (AppArmor, SELinux) and
 * containers. Live from securityfs/selinuxfs and /proc; offline from the
 * packages, the kernel command line and /etc/selinux/config.
 */
#include "collect.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

#define PROC_MAX_PIDS 65536

static int read_word(struct facts *f, const char *path, char **ret)
{
        _cleanup_free_ char *buf = NULL;
        size_t len;
        int k;

        k = root_read_file(f->root, path, 64 * 1024, &buf, &len);
        if (k < 0)
                return k;
        buf[strcspn(buf, " \t\r\n")] = 0;
        *ret = TAKE_PTR(buf);
        return 0;
}

static bool cmdline_has(const struct facts *f, const char *word)
{
        _cleanup_strv_free_ char **w = f->kernel.cmdline ? strv_split(f->kernel.cmdline, " \t\n") : NULL;
        return strv_contains(w, word);
}

static void collect_apparmor(struct facts *f)
{
        _cleanup_free_ char *enabled = NULL, *profiles = NULL;
        _cleanup_strv_free_ char **names = NULL;
        size_t len;

        if (f->live) {
                if (read_word(f, "/sys/module/apparmor/parameters/enabled", &enabled) < 0) {
                        f->mac.apparmor = 0;
                        strv_push(&f->mac.detail, "AppArmor: not in the running kernel (/sys/module/apparmor absent)");
                        return;
                }
                f->mac.apparmor = streq(enabled, "Y") ? 1 : 0;
                if (root_read_file(f->root, "/sys/kernel/security/apparmor/profiles", 4u * 1024 * 1024, &profiles, &len) >= 0) {
                        size_t enforce = 0, complain = 0;
                        for (const char *p = profiles; (p = strstr(p, " (")); p += 2) {
                                if (startswith(p, " (enforce)"))
                                        enforce++;
                                else if (startswith(p, " (complain)"))
                                        complain++;
                        }
                        strv_consume(&f->mac.detail, xasprintf("AppArmor: %s, %zu profiles enforcing, %zu complaining (/sys/kernel/security/apparmor/profiles)",
                                                              f->mac.apparmor ? "enabled" : "disabled", enforce, complain));
                } else
                        strv_consume(&f->mac.detail, xasprintf("AppArmor: %s (/sys/module/apparmor/parameters/enabled = %s)",
                                                              f->mac.apparmor ? "enabled" : "disabled", enabled));
                return;
        }

        /* Offline: Debian's kernel enables AppArmor unless the command line turns it off. */
        if (!facts_package(f, "apparmor")) {
                f->mac.apparmor = 0;
                strv_push(&f->mac.detail, "AppArmor: the apparmor package is not installed");
                return;
        }
        f->mac.apparmor = cmdline_has(f, "apparmor=0") ? 0 : 1;
        if (facts_list_dir(f, "/etc/apparmor.d", 4096, &names) >= 0) {
                size_t n = 0;
                for (size_t i = 0; names[i]; i++) {
                        _cleanup_free_ char *p = xasprintf("/etc/apparmor.d/%s", names[i]);
                        struct stat st;
                        if (root_stat(f->root, p, true, &st) >= 0 && S_ISREG(st.st_mode))
                                n++;
                }
                strv_consume(&f->mac.detail, xasprintf("AppArmor: package installed%s, %zu profiles in /etc/apparmor.d",
                                                      f->mac.apparmor ? "" : " but apparmor=0 on the kernel command line", n));
        }
}

static void collect_selinux(struct facts *f)
{
        _cleanup_free_ char *enforce = NULL, *buf = NULL;
        _cleanup_strv_free_ char **env = NULL;
        size_t len;

        if (f->live) {
                if (read_word(f, "/sys/fs/selinux/enforce", &enforce) < 0) {
                        f->mac.selinux = 0;
                        strv_push(&f->mac.detail, "SELinux: not active (/sys/fs/selinux/enforce absent)");
                } else {
                        f->mac.selinux = streq(enforce, "1") ? 1 : 0;
                        strv_consume(&f->mac.detail, xasprintf("SELinux: %s (/sys/fs/selinux/enforce = %s)",
                                                              f->mac.selinux ? "enforcing" : "permissive", enforce));
                }
                return;
        }
        if (collect_read(f, "/etc/selinux/config", &buf, &len) < 0 || env_file_parse(buf, len, &env) < 0) {
                f->mac.selinux = 0;
                strv_push(&f->mac.detail, "SELinux: no /etc/selinux/config");
                return;
        }
        {
                const char *mode = env_get(env, "SELINUX");
                bool off = cmdline_has(f, "selinux=0");

                f->mac.selinux = mode && streq(mode, "enforcing") && !off ? 1 : 0;
                strv_consume(&f->mac.detail, xasprintf("SELinux: SELINUX=%s in /etc/selinux/config%s", strna(mode),
                                                      off ? ", but selinux=0 on the kernel command line" : ""));
        }
}

static void collect_containers(struct facts *f)
{
        static const char *const runtimes[] = {
                "docker.io", "docker-ce", "podman", "lxc", "lxd", "incus", "systemd-container",
                "containerd", "runc", "crun", "balena-engine",
        };
        static const char *const shims[] = {
                "containerd-shim", "containerd-shim-runc-v2", "conmon", "lxc-start", "systemd-nspawn", "dockerd", "podman",
        };
        _cleanup_strv_free_ char **pids = NULL;

        for (size_t i = 0; i < ARRAY_SIZE(runtimes); i++) {
                const struct package *p = facts_package(f, runtimes[i]);
                if (p)
                        strv_consume(&f->containers.runtimes, xasprintf("%s %s", p->name, strempty(p->version)));
        }
        if (!f->live)
                return;
        if (facts_list_dir(f, "/proc", PROC_MAX_PIDS, &pids) < 0)
                return;
        for (size_t i = 0; pids[i]; i++) {
                _cleanup_free_ char *path = NULL, *comm = NULL;
                size_t len;

                if (pids[i][0] < '0' || pids[i][0] > '9')
                        continue;
                path = xasprintf("/proc/%s/comm", pids[i]);
                if (root_read_file(f->root, path, 4096, &comm, &len) < 0)
                        continue;
                comm[strcspn(comm, "\n")] = 0;
                for (size_t j = 0; j < ARRAY_SIZE(shims); j++)
                        if (streq(comm, shims[j]) && strv_length(f->containers.running) < 256)
                                strv_consume(&f->containers.running, xasprintf("%s (pid %s)", comm, pids[i]));
        }
}

static void collect_isolation(struct facts *f, const struct collect_options *o)
{
        f->mac.apparmor = f->mac.selinux = -1;
        f->collecting = FACTS_MAC;
        collect_apparmor(f);
        collect_selinux(f);
        f->collecting = FACTS_CONTAINERS;
        collect_containers(f);
}

static void isolation_facts_free(struct facts *f)
{
        strv_free(f->mac.detail);
        free(f->mac.source);
        strv_free(f->containers.runtimes);
        strv_free(f->containers.running);
}

const struct collector collector_isolation = {
        .name = "isolation",
        .area = FACTS_MAC,
        .collect = collect_isolation,
        .free = isolation_facts_free,
        .owns = { FACTS_MEMBER(mac), FACTS_MEMBER(containers) },
};
