/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect.h"
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
        if (env_file_parse(buf, len, &env) < 0)
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
                k = dpkg_status_parse(buf, len, &f->packages.v, &f->packages.n);
        f->packages.err = k < 0 ? k : 0;
}

void collect_system(struct facts *f)
{
        collect_hostname(f);
        collect_os_release(f);
        collect_packages(f);
}
