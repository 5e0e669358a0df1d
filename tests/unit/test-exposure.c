/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Service sandboxing exposure (CR 5.4 evidence) on hand-built units, and
 * against `systemd-analyze security --offline=true --root=DIR` where that
 * tool exists: the numbers agree within a tolerance and the ranking is the same.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/stat.h>

#include "check.h"
#include "exposure.h"
#include "fdio.h"
#include "macro.h"
#include "strv.h"

#define TOLERANCE 15 /* 1.5 on systemd's scale */

static const char bare[] = "[Unit]\nDescription=bare\n[Service]\nExecStart=/usr/bin/foo\n";
static const char medium[] =
        "[Service]\nExecStart=/usr/bin/foo\nUser=svc\nPrivateTmp=yes\nProtectSystem=full\nProtectHome=read-only\n"
        "NoNewPrivileges=yes\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\n";
static const char network[] =
        "[Service]\nExecStart=/usr/bin/foo\nUser=svc\nProtectSystem=strict\nPrivateTmp=yes\nPrivateDevices=yes\n"
        "ProtectKernelTunables=yes\nProtectKernelModules=yes\nProtectControlGroups=yes\nRestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX\n"
        "SystemCallFilter=@system-service\nSystemCallFilter=~@privileged @resources\nSystemCallArchitectures=native\n";
static const char hardened[] =
        "[Service]\nExecStart=/usr/bin/foo\nDynamicUser=yes\nPrivateNetwork=yes\nPrivateDevices=yes\nProtectKernelTunables=yes\n"
        "ProtectKernelModules=yes\nProtectKernelLogs=yes\nProtectControlGroups=yes\nProtectClock=yes\nProtectHostname=yes\n"
        "NoNewPrivileges=yes\nCapabilityBoundingSet=\nRestrictAddressFamilies=AF_UNIX\nRestrictNamespaces=yes\n"
        "SystemCallFilter=@system-service\nSystemCallArchitectures=native\nLockPersonality=yes\nMemoryDenyWriteExecute=yes\n"
        "RestrictRealtime=yes\nProtectProc=invisible\nProcSubset=pid\nUMask=0077\nIPAddressDeny=any\nPrivateUsers=yes\n";

static const struct { const char *name; const char *text; } fixtures[] = {
        { "bare.service", bare },
        { "medium.service", medium },
        { "network.service", network },
        { "hardened.service", hardened },
};

/* Test-only reader: [Section] and Key=Value lines, in order, as the unit collector delivers them. */
static void unit_from_text(const char *name, const char *text, struct unit *u)
{
        _cleanup_strv_free_ char **lines = strv_split(text, "\n");
        const char *section = "";

        *u = (struct unit){ .name = xstrdup(name), .enabled = true, .starts = 1 };
        for (size_t i = 0; lines[i]; i++) {
                char *eq = strchr(lines[i], '=');
                struct unit_setting *s;

                if (lines[i][0] == '[') {
                        lines[i][strlen(lines[i]) - 1] = 0;
                        section = lines[i] + 1;
                        continue;
                }
                assert_non_null(eq);
                u->settings = xreallocarray(u->settings, u->n_settings + 1, sizeof(*u->settings));
                s = &u->settings[u->n_settings++];
                *s = (struct unit_setting){ .section = xstrdup(section), .key = xstrndup(lines[i], (size_t) (eq - lines[i])),
                                            .value = xstrdup(eq + 1), .source = xstrdup(name) };
        }
}

static void unit_free_test(struct unit *u)
{
        for (size_t i = 0; i < u->n_settings; i++) {
                free(u->settings[i].section);
                free(u->settings[i].key);
                free(u->settings[i].value);
                free(u->settings[i].source);
        }
        free(u->settings);
        free(u->name);
}

static unsigned score_of(const char *text)
{
        struct unit u;
        struct exposure e;

        unit_from_text("t.service", text, &u);
        unit_exposure(&u, &e);
        unit_free_test(&u);
        return e.score;
}

static void test_ranking(void **state)
{
        unsigned b = score_of(bare), m = score_of(medium), n = score_of(network), h = score_of(hardened);

        assert_true(b >= 90);
        assert_true(b > m);
        assert_true(m > n);
        assert_true(n > h);
        assert_true(h <= 15);
        assert_string_equal(exposure_level(b), "UNSAFE");
        assert_string_equal(exposure_level(h), "SAFE");
}

static void test_settings(void **state)
{
        struct unit u;
        struct exposure e;

        /* A drop-in's later assignment wins: PrivateNetwork=no after yes is exposed again. */
        assert_true(score_of("[Service]\nPrivateNetwork=yes\n") < score_of("[Service]\nPrivateNetwork=yes\nPrivateNetwork=no\n"));
        /* An empty CapabilityBoundingSet= drops every capability; "~CAP_SYS_ADMIN" only one. */
        assert_true(score_of("[Service]\nCapabilityBoundingSet=\n") < score_of("[Service]\nCapabilityBoundingSet=~CAP_SYS_ADMIN\n"));
        assert_true(score_of("[Service]\nCapabilityBoundingSet=~CAP_SYS_ADMIN\n") < score_of(bare));
        /* A non-root user costs less than root. */
        assert_true(score_of("[Service]\nUser=svc\n") < score_of(bare));
        /* DefaultDependencies=no takes ProtectSystem= etc. out of the sum, as systemd-analyze does. */
        assert_int_not_equal(score_of("[Unit]\nDefaultDependencies=no\n[Service]\nProtectSystem=strict\n"),
                             score_of("[Service]\nProtectSystem=strict\n"));
        /* Garbage values count as unset, never as hardened. */
        assert_int_equal(score_of("[Service]\nPrivateNetwork=maybe\nUMask=99x\n"), score_of(bare));

        unit_from_text("bare.service", bare, &u);
        unit_exposure(&u, &e);
        assert_true(e.n_worst > 0);
        assert_string_equal(e.worst[0], "PrivateNetwork=");
        unit_free_test(&u);
}

static int analyze_score(const char *root, const char *name, unsigned *ret)
{
        _cleanup_free_ char *cmd = xasprintf("systemd-analyze security --offline=true --root=%s %s 2>&1", root, name);
        char line[1024];
        FILE *p = popen(cmd, "re");
        int k = -ENOENT;

        if (!p)
                return -errno;
        while (fgets(line, sizeof(line), p)) {
                const char *s = strstr(line, "Overall exposure level for ");
                unsigned a, b;

                if (s && (s = strstr(s, ": ")) && sscanf(s + 2, "%u.%u", &a, &b) == 2) {
                        *ret = a * 10 + b;
                        k = 0;
                }
        }
        pclose(p);
        return k;
}

static void test_against_systemd_analyze(void **state)
{
        char root[] = "/tmp/bulwark-exposure-XXXXXX";
        unsigned ours[ARRAY_SIZE(fixtures)], theirs[ARRAY_SIZE(fixtures)];
        _cleanup_free_ char *dir = NULL;

        if (access("/usr/bin/systemd-analyze", X_OK) < 0 && access("/bin/systemd-analyze", X_OK) < 0)
                skip();
        assert_non_null(mkdtemp(root));
        dir = xasprintf("%s/etc/systemd/system", root);
        {
                _cleanup_free_ char *etc = xasprintf("%s/etc", root), *sd = xasprintf("%s/etc/systemd", root);
                assert_int_equal(mkdir(etc, 0755), 0);
                assert_int_equal(mkdir(sd, 0755), 0);
                assert_int_equal(mkdir(dir, 0755), 0);
        }
        for (size_t i = 0; i < ARRAY_SIZE(fixtures); i++) {
                _cleanup_free_ char *path = xasprintf("%s/%s", dir, fixtures[i].name);
                struct unit u;
                struct exposure e;

                assert_int_equal(write_file_atomic(path, fixtures[i].text, strlen(fixtures[i].text), 0644), 0);
                unit_from_text(fixtures[i].name, fixtures[i].text, &u);
                unit_exposure(&u, &e);
                unit_free_test(&u);
                ours[i] = e.score;
                if (analyze_score(root, fixtures[i].name, &theirs[i]) < 0) {
                        /* An old systemd without --offline: nothing to compare with. */
                        skip();
                }
                print_message("%-18s bulwark %u.%u  systemd-analyze %u.%u\n", fixtures[i].name, ours[i] / 10, ours[i] % 10, theirs[i] / 10, theirs[i] % 10);
        }
        for (size_t i = 0; i < ARRAY_SIZE(fixtures); i++) {
                _cleanup_free_ char *path = xasprintf("%s/%s", dir, fixtures[i].name);
                unlink(path);
        }
        rmdir(dir);
        {
                _cleanup_free_ char *etc = xasprintf("%s/etc", root), *sd = xasprintf("%s/etc/systemd", root);
                rmdir(sd);
                rmdir(etc);
                rmdir(root);
        }
        for (size_t i = 0; i < ARRAY_SIZE(fixtures); i++) {
                assert_true(ours[i] + TOLERANCE >= theirs[i] && theirs[i] + TOLERANCE >= ours[i]);
                /* Same ranking: a more hardened unit scores lower by both tools. */
                for (size_t j = 0; j < ARRAY_SIZE(fixtures); j++)
                        if (theirs[i] > theirs[j])
                                assert_true(ours[i] > ours[j]);
        }
}

static const struct check_result *find(const struct report *rep, const char *id)
{
        for (size_t i = 0; i < rep->n_checks; i++)
                if (streq(rep->checks[i].id, id))
                        return &rep->checks[i];
        fail_msg("no check %s", id);
        return NULL;
}

/* The CR 5.4 checks on hand-built facts: what is scored, in which order, and the verdict words. */
static void test_cr54_checks(void **state)
{
        struct profile p = { .sl = 3, .role = ROLE_NETWORK, .crypto_policy = "nist" };
        char *runtimes[] = { (char *) "podman 4.3.1", NULL };
        char *detail[] = { (char *) "AppArmor: enabled, 12 profiles enforcing", NULL };
        struct facts f = { .root_dir = (char *) "/", .live = true, .ruleset.err = -ENODATA };
        struct unit units[5];
        struct report *rep = NULL;
        const struct check_result *r;

        unit_from_text("bare.service", bare, &units[0]);
        unit_from_text("hardened.service", hardened, &units[1]);
        unit_from_text("disabled.service", bare, &units[2]);
        units[2].enabled = false;
        units[2].starts = 0;
        unit_from_text("masked.service", bare, &units[3]);
        units[3].masked = true;
        unit_from_text("tick.timer", bare, &units[4]);
        f.units.v = units;
        f.units.n = 5;
        f.mac.apparmor = 1;
        f.mac.selinux = 0;
        f.mac.detail = detail;

        assert_int_equal(assess_run(&f, &p, &rep), 0);
        r = find(rep, "service-sandboxing");
        assert_int_equal(r->verdict, VERDICT_MANUAL);
        /* Only unmasked services that start at boot, most exposed first. */
        assert_int_equal(r->n_evidence, 2);
        assert_non_null(strstr(r->evidence[0].detail, "bare.service: exposure 9.6 UNSAFE"));
        assert_non_null(strstr(r->evidence[1].detail, "hardened.service"));
        assert_non_null(strstr(r->summary, "2 services that start at boot"));
        assert_non_null(r->action);
        r = find(rep, "mandatory-access-control");
        assert_int_equal(r->verdict, VERDICT_MANUAL);
        assert_non_null(strstr(r->summary, "AppArmor"));
        assert_null(r->action);
        r = find(rep, "containers");
        assert_int_equal(r->verdict, VERDICT_NA);
        /* CR 5.4 is evidence only: never in scope, whatever the checks say. */
        for (size_t i = 0; i < rep->n_requirements; i++)
                if (streq(rep->requirements[i].req->id, "CR 5.4"))
                        assert_int_equal(rep->requirements[i].verdict, VERDICT_NA);
        report_free(rep);

        f.containers.runtimes = runtimes;
        f.mac.apparmor = 0;
        assert_int_equal(assess_run(&f, &p, &rep), 0);
        assert_int_equal(find(rep, "containers")->verdict, VERDICT_MANUAL);
        assert_non_null(find(rep, "mandatory-access-control")->action);
        report_free(rep);

        f.units.err = -EIO;
        assert_int_equal(assess_run(&f, &p, &rep), 0);
        assert_int_equal(find(rep, "service-sandboxing")->verdict, VERDICT_ERROR);
        report_free(rep);

        for (size_t i = 0; i < 5; i++)
                unit_free_test(&units[i]);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_ranking),
                cmocka_unit_test(test_settings),
                cmocka_unit_test(test_against_systemd_analyze),
                cmocka_unit_test(test_cr54_checks),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
