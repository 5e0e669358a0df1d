/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CR 5.4 Application partitioning: no component requirement in 62443-4-2, so
 * these checks only gather the evidence a system integrator uses (62443-3-3
 * SR 5.4): per-service sandboxing, mandatory access control, containers.
 * Verdicts are "manual" (evidence to review) or "na" (nothing there).
 */
#include "check.h"
#include "exposure.h"
#include "strv.h"

#define EXPOSURE_EVIDENCE_MAX 40

struct scored {
        const struct unit *u;
        struct exposure e;
};

static int cmp_scored(const void *a, const void *b)
{
        const struct scored *x = a, *y = b;

        if (x->e.score != y->e.score)
                return x->e.score < y->e.score ? 1 : -1;
        return strcmp(x->u->name, y->u->name);
}

static void check_service_sandboxing(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        _cleanup_free_ struct scored *v = NULL;
        size_t n = 0, unsafe = 0, ok = 0;

        if (check_fact_error(c, f->units.err, "the systemd units"))
                return;
        v = xmalloc0((f->units.n + 1) * sizeof(*v));
        for (size_t i = 0; i < f->units.n; i++) {
                const struct unit *u = &f->units.v[i];

                /* What starts at boot (or may: undecided starts are scored too), as the unit resolver decides it. */
                if (u->starts == 0 || u->masked || !endswith(u->name, ".service"))
                        continue;
                v[n].u = u;
                unit_exposure(u, &v[n].e);
                if (v[n].e.score >= 90)
                        unsafe++;
                else if (v[n].e.score < 50)
                        ok++;
                n++;
        }
        if (n == 0) {
                check_evidence(c, "unit", NULL, "%zu units read, none a service that starts at boot", f->units.n);
                check_na(c, "no service unit starts at boot: nothing to score");
                return;
        }
        qsort(v, n, sizeof(*v), cmp_scored);
        for (size_t i = 0; i < n && i < EXPOSURE_EVIDENCE_MAX; i++) {
                _cleanup_free_ char *worst = NULL;

                for (size_t j = 0; j < v[i].e.n_worst; j++) {
                        char *s = xasprintf("%s%s%s", strempty(worst), worst ? ", " : "", v[i].e.worst[j]);
                        free(worst);
                        worst = s;
                }
                check_evidence(c, "unit", v[i].u->path, "%s: exposure %u.%u %s%s%s", v[i].u->name, v[i].e.score / 10, v[i].e.score % 10,
                               exposure_level(v[i].e.score), worst ? "; heaviest unset: " : "", strempty(worst));
        }
        if (n > EXPOSURE_EVIDENCE_MAX)
                check_evidence(c, "unit", NULL, "%zu more services not listed", n - EXPOSURE_EVIDENCE_MAX);
        check_manual(c, "%zu services that start at boot scored on systemd-analyze security's scale: %zu UNSAFE or worse (>= 9.0), %zu below 5.0; most exposed %s (%u.%u)",
                     n, unsafe, ok, v[0].u->name, v[0].e.score / 10, v[0].e.score % 10);
        if (unsafe)
                check_action(c, "Sandbox the most exposed services with drop-ins (DynamicUser= or User=, ProtectSystem=strict, PrivateNetwork= where no network is needed, "
                                "CapabilityBoundingSet=, SystemCallFilter=@system-service, RestrictAddressFamilies=) and check with systemd-analyze security.");
}

static void check_mandatory_access_control(struct check_ctx *c)
{
        const struct facts *f = c->facts;

        for (size_t i = 0; f->mac.detail && f->mac.detail[i]; i++)
                check_evidence(c, "mac", NULL, "%s", f->mac.detail[i]);
        if (f->mac.apparmor == 1 || f->mac.selinux == 1)
                check_manual(c, "%s%s%s %s: review which applications are confined", f->mac.apparmor == 1 ? "AppArmor" : "",
                             f->mac.apparmor == 1 && f->mac.selinux == 1 ? " and " : "", f->mac.selinux == 1 ? "SELinux" : "",
                             f->live ? "enabled" : "configured (config-based)");
        else if (f->mac.apparmor < 0 || f->mac.selinux < 0)
                check_manual(c, "whether %s%s%s is %s could not be determined", f->mac.apparmor < 0 ? "AppArmor" : "",
                             f->mac.apparmor < 0 && f->mac.selinux < 0 ? " or " : "", f->mac.selinux < 0 ? "SELinux" : "",
                             f->live ? "enabled" : "configured");
        else {
                check_manual(c, "no mandatory access control (AppArmor or SELinux) is %s", f->live ? "enabled" : "configured");
                check_action(c, "Where applications need partitioning, enable AppArmor (install apparmor, profiles in /etc/apparmor.d) or SELinux.");
        }
}

static void check_containers(struct check_ctx *c)
{
        static const char *const units[] = {
                "docker.service", "docker.socket", "containerd.service", "podman.service", "podman.socket",
                "lxc.service", "lxc-net.service", "lxd.service", "incus.service", "machines.target",
        };
        const struct facts *f = c->facts;
        size_t enabled = 0;

        /* "None installed" needs the package list and the units read. */
        if (check_fact_error(c, f->packages.err, "the dpkg database") || check_fact_error(c, f->units.err, "the systemd units") ||
            check_fact_error(c, f->containers.err, "the container runtimes"))
                return;
        for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
                const struct unit *u = facts_unit(f, units[i]);
                if (u && u->starts != 0 && !u->masked) {
                        check_evidence(c, "unit", u->path, "%s %s", u->name, u->starts > 0 ? "starts at boot" : "may start at boot (undecided)");
                        enabled++;
                }
        }
        for (size_t i = 0; i < f->units.n; i++)
                if (startswith(f->units.v[i].name, "systemd-nspawn@") && f->units.v[i].starts != 0) {
                        check_evidence(c, "unit", f->units.v[i].path, "%s starts at boot (a systemd-nspawn container)", f->units.v[i].name);
                        enabled++;
                }

        for (size_t i = 0; f->containers.runtimes && f->containers.runtimes[i]; i++)
                check_evidence(c, "package", "/var/lib/dpkg/status", "%s", f->containers.runtimes[i]);
        for (size_t i = 0; f->containers.running && f->containers.running[i]; i++)
                check_evidence(c, "process", "/proc", "%s", f->containers.running[i]);
        if (strv_length(f->containers.runtimes) == 0 && strv_length(f->containers.running) == 0 && enabled == 0) {
                check_evidence(c, "package", "/var/lib/dpkg/status", "%zu packages, no container runtime among them", f->packages.n);
                check_na(c, "no container runtime installed%s", f->live ? " or running" : "");
                return;
        }
        check_manual(c, "%zu container runtime package(s) installed, %zu container unit(s) start at boot, %zu container process(es) running%s",
                     strv_length(f->containers.runtimes), enabled, strv_length(f->containers.running), f->live ? "" : " (not known offline)");
}

const struct check_def checks_cr54[] = {
        { .id = "service-sandboxing", .title = "systemd service sandboxing exposure", .reqs = { "CR 5.4" }, .run = check_service_sandboxing, .facts = FACTS_UNITS,
          .offline = "The service units that start at boot (the unit resolver; masked ones left out), each scored on systemd-analyze security's exposure scale from its settings after drop-ins.",
          .live = "The same units on the running device, scored the same way.",
          .manual = "Always when a service starts at boot: CR 5.4 has no component requirement, the scores are evidence for the integrator (n/a when none starts)." },
        { .id = "mandatory-access-control", .title = "AppArmor or SELinux state", .reqs = { "CR 5.4" }, .run = check_mandatory_access_control, .facts = FACTS_MAC | FACTS_PACKAGES | FACTS_CMDLINE,
          .offline = "The apparmor and SELinux packages, /etc/apparmor.d, /etc/selinux/config and the kernel command line in the image.",
          .live = "securityfs and selinuxfs of the running kernel (AppArmor enabled and its profiles, SELinux enforcing).",
          .manual = "Always: whether AppArmor or SELinux is in place (or could not be determined) is evidence for the integrator to review." },
        { .id = "containers", .title = "Container runtimes and running containers", .reqs = { "CR 5.4" }, .run = check_containers, .facts = FACTS_CONTAINERS | FACTS_UNITS | FACTS_PACKAGES,
          .offline = "Container runtime packages in the dpkg database and container units (docker, containerd, podman, lxc, nspawn) that start at boot.",
          .live = "The same, and the container processes running.",
          .manual = "Whenever a runtime is installed, a container unit starts or a container runs (n/a when none is): evidence for the integrator." },
        {}
};
