/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <sys/stat.h>

#include "collect.h"
#include "cursor.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

#define DPKG_STATUS_MAX (64u * 1024 * 1024)

static void collect_hostname(struct facts *f)
{
        _cleanup_free_ char *buf = NULL;

        if (collect_read(f, "/etc/hostname", &buf, NULL) >= 0) {
                buf[strcspn(buf, " \t\r\n")] = 0;
                if (*buf)
                        f->hostname = xstrdup(buf);
        }
        if (!f->hostname && f->live) {
                char name[256];
                if (gethostname(name, sizeof(name)) == 0) {
                        name[sizeof(name) - 1] = 0;
                        f->hostname = xstrdup(name);
                }
        }
}

static void collect_os_release(struct facts *f)
{
        _cleanup_free_ char *buf = NULL;
        _cleanup_strv_free_ char **env = NULL;
        size_t len;

        if (collect_read(f, "/etc/os-release", &buf, &len) < 0 &&
            collect_read(f, "/usr/lib/os-release", &buf, &len) < 0)
                return;
        if (collect_parsed(f, env_file_parse(buf, len, &env), "/etc/os-release") < 0)
                return;
        f->os_pretty_name = xstrdup(env_get(env, "PRETTY_NAME"));
        f->os_id = xstrdup(env_get(env, "ID"));
}

static void collect_packages(struct facts *f)
{
        _cleanup_free_ char *buf = NULL;
        size_t len;
        int k;

        k = facts_read_file(f, "/var/lib/dpkg/status", DPKG_STATUS_MAX, &buf, &len);
        if (k == -ENOENT) {
                /* Not a dpkg system: no packages, which is a fact, not an error. */
                f->packages.err = 0;
                return;
        }
        if (k >= 0)
                k = collect_parsed(f, dpkg_status_parse(buf, len, &f->packages.v, &f->packages.n), "/var/lib/dpkg/status");
        f->packages.err = k < 0 ? k : 0;
}

static bool xinetd_disabled(const char *buf, size_t len)
{
        struct cursor c = cursor_make(buf, len);
        struct slice line, key;

        while (cursor_line(&c, &line)) {
                struct slice v = line;
                if (slice_split(&v, '=', &key) && slice_eq(slice_strip(key), "disable"))
                        return slice_eq(slice_strip(v), "yes");
        }
        return false;
}

/* Classic inetd and xinetd: services they would start. */
static void collect_inetd(struct facts *f)
{
        _cleanup_free_ char *buf = NULL;
        _cleanup_strv_free_ char **l = NULL;
        size_t len;
        int k;

        f->inetd.services = xmalloc0(sizeof(char *));
        k = collect_read(f, "/etc/inetd.conf", &buf, &len);
        if (k >= 0) {
                _cleanup_strv_free_ char **s = NULL;
                k = collect_parsed(f, inetd_conf_parse(buf, len, &s), "/etc/inetd.conf");
                if (k >= 0) {
                        for (size_t i = 0; s[i]; i++)
                                strv_push(&f->inetd.services, s[i]);
                        f->inetd.source = xstrdup("/etc/inetd.conf");
                }
        }
        if (k < 0 && k != -ENOENT)
                f->inetd.err = k;
        if (facts_list_dir(f, "/etc/xinetd.d", 1024, &l) < 0)
                return;
        for (size_t i = 0; l[i]; i++) {
                _cleanup_free_ char *path = xasprintf("/etc/xinetd.d/%s", l[i]), *b = NULL;
                size_t bl;
                if (collect_read(f, path, &b, &bl) < 0)
                        continue;
                /* "disable = yes" switches a service off; without it xinetd runs it. */
                bool disabled = xinetd_disabled(b, bl);
                if (!disabled) {
                        strv_push(&f->inetd.services, l[i]);
                        if (!f->inetd.source)
                                f->inetd.source = xstrdup("/etc/xinetd.d");
                }
        }
}

/* Where Bulwark itself is installed on the target: live, the running binary is on the device. */
static void collect_bulwark(struct facts *f)
{
        static const char *const paths[] = { "/usr/bin/bulwark", "/usr/sbin/bulwark", "/usr/local/bin/bulwark", "/usr/local/sbin/bulwark" };

        if (f->live) {
                _cleanup_free_ char *exe = NULL;

                if (root_readlink(f->root, "/proc/self/exe", &exe) >= 0 && *exe) {
                        f->bulwark_path = TAKE_PTR(exe);
                        return;
                }
        }
        for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
                struct stat st;
                if (root_stat(f->root, paths[i], false, &st) >= 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111)) {
                        f->bulwark_path = xstrdup(paths[i]);
                        return;
                }
        }
}

static void collect_system(struct facts *f, const struct collect_options *o)
{
        f->collecting = FACTS_OS;
        collect_hostname(f);
        collect_os_release(f);
        f->collecting = FACTS_PACKAGES;
        collect_packages(f);
        f->collecting = FACTS_INETD;
        collect_inetd(f);
        f->collecting = FACTS_ERASE;
        collect_bulwark(f);
}

static void system_free(struct facts *f)
{
        free(f->hostname);
        free(f->os_pretty_name);
        free(f->os_id);
        packages_free(f->packages.v, f->packages.n);
        strv_free(f->inetd.services);
        free(f->inetd.source);
        free(f->bulwark_path);
}

const struct collector collector_system = {
        .name = "system",
        .area = FACTS_OS,
        .collect = collect_system,
        .free = system_free,
        .owns = { FACTS_MEMBER(hostname), FACTS_MEMBER(bulwark_path), FACTS_MEMBER(os_pretty_name), FACTS_MEMBER(os_id), FACTS_MEMBER(packages), FACTS_MEMBER(inetd) },
};
