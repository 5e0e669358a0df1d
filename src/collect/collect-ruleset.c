/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The nftables ruleset the target runs, the one owner of f->ruleset. Live:
 * what the kernel has loaded. Offline: the ruleset that loads at boot, found
 * the way the device finds it: which firewall unit starts at boot (the unit
 * resolver's facts_unit_starts()) and what that unit loads: nftables.service
 * the file its ExecStart= (drop-ins applied) gives to `nft -f`, loaded into a
 * throwaway network namespace (nft-load.c); bulwark-firewall.service the
 * compiled Bulwark policy (read from f->firewall, which is why this collector
 * runs after collect_firewall(); the policy is never parsed a second time).
 * A firewall Bulwark does not evaluate (iptables-persistent, firewalld, ufw),
 * an ExecStart= that is not one `nft -f FILE`, or a unit whose start is
 * undecided leaves the ruleset undecided (err -EOPNOTSUPP, undecided says
 * why); no firewall unit starting at boot is no ruleset (-ENOENT), whatever
 * ruleset files lie on the target (they are listed in unloaded).
 */
#include "collect.h"
#include "compile.h"
#include "firewall-facts.h"
#include "macro.h"
#include "nft-load.h"
#include "policy.h"
#include "rootfs.h"
#include "strv.h"
#include "units.h"

/* Firewalls that load rules at boot which are not an nftables file Bulwark evaluates. */
static const struct other_firewall {
        const char *unit;
        const char *what;
} other_firewalls[] = {
        { "netfilter-persistent.service", "iptables-persistent rules (/etc/iptables/rules.v4, rules.v6)" },
        { "iptables.service", "iptables rules (/etc/sysconfig/iptables)" },
        { "ip6tables.service", "ip6tables rules" },
        { "firewalld.service", "firewalld zones" },
        { "ufw.service", "ufw rules (/etc/ufw)" },
        { "shorewall.service", "Shorewall rules" },
};

/*
 * ufw.service runs ufw-init, which loads nothing unless /etc/ufw/ufw.conf
 * says ENABLED=yes: 1 when it says yes, 0 when it says no, -1 when that is
 * not decided (no file, another value, a line it does not model).
 */
static int ufw_enabled(struct facts *f)
{
        _cleanup_free_ char *buf = NULL;
        _cleanup_strv_free_ char **lines = NULL;
        int v = -1;

        if (collect_read(f, "/etc/ufw/ufw.conf", &buf, NULL) < 0)
                return -1;
        lines = strv_split(buf, "\n");
        for (char **l = lines; l && *l; l++) {
                const char *e = startswith(*l, "ENABLED=");

                if (!e)
                        continue;
                /* The last assignment wins, as when ufw-init sources the file. */
                v = streq(e, "yes") || streq(e, "\"yes\"") ? 1 : streq(e, "no") || streq(e, "\"no\"") ? 0 : -1;
        }
        return v;
}

/* Ruleset files a device may carry without loading them. */
static const char *const ruleset_files[] = {
        "/etc/nftables.conf", "/etc/iptables/rules.v4", "/etc/iptables/rules.v6", "/etc/sysconfig/nftables.conf",
};

static void ruleset_undecided(struct facts *f, char *why)
{
        free(f->ruleset.undecided);
        f->ruleset.undecided = why;
        f->ruleset.err = -EOPNOTSUPP;
}

/*
 * The file one ExecStart= line loads when it is `nft -f FILE` (the binary by
 * any path, systemd's prefixes, options that do not change what is loaded);
 * NULL for anything else: a variable, a shell, -c (check only), another
 * program. systemd does not run ExecStart= through a shell, so words are
 * split on blanks; a quote is not modelled and makes the line undecided.
 */
static char *nft_file_of(const char *cmd)
{
        static const char *const harmless[] = { "-e", "--echo", "-a", "--handle", "-n", "--numeric", "-N", "--reversedns",
                                                "-s", "--stateless", "-j", "--json", "-y", "--numeric-priority", NULL };
        _cleanup_strv_free_ char **w = NULL;
        const char *prog, *file = NULL;

        if (strpbrk(cmd, "\"'\\$%;|&<>`"))
                return NULL;
        w = strv_split(cmd, " \t");
        if (!w || !w[0])
                return NULL;
        prog = w[0] + strspn(w[0], "-@:+!");
        if (!streq(prog, "nft") && !endswith(prog, "/nft"))
                return NULL;
        for (size_t i = 1; w[i]; i++) {
                if (streq(w[i], "-f") || streq(w[i], "--file")) {
                        if (!w[i + 1] || file)
                                return NULL;
                        file = w[++i];
                } else if (startswith(w[i], "--file="))
                        file = file ? NULL : w[i] + strlen("--file=");
                else if (!strv_contains((char **) harmless, w[i]))
                        return NULL;
        }
        return file && file[0] == '/' ? xstrdup(file) : NULL;
}

static void ruleset_from_file(struct facts *f, const char *path, bool load)
{
        _cleanup_free_ char *buf = NULL;
        size_t len;
        int k;

        f->ruleset.source = xstrdup(path);
        f->ruleset.path = xstrdup(path);
        if (!load) {
                /* Live: the kernel's ruleset is what is judged; the boot file only has to be there for nft -f. */
                f->ruleset.err = root_exists(f->root, path) ? 0 : -ENOENT;
                if (f->ruleset.err < 0)
                        f->ruleset.error_text = xasprintf("%s does not exist: nft -f fails at boot and loads nothing", path);
                return;
        }
        k = collect_read(f, path, &buf, &len);
        if (k < 0) {
                f->ruleset.err = k;
                if (k == -ENOENT)
                        f->ruleset.error_text = xasprintf("%s does not exist: nft -f fails at boot and loads nothing", path);
                return;
        }
        f->ruleset.sha256 = xstrdup(facts_file(f, path)->sha256);
        k = nft_load_offline(f->root, buf, len, &f->ruleset.json, &f->ruleset.error_text);
        if (k == -E2BIG)
                facts_note_cap(f, "%s: %s", path, strempty(f->ruleset.error_text));
        f->ruleset.err = k < 0 ? k : 0;
}

/* nftables.service starts at boot: the file its ExecStart= (after drop-ins) loads. */
static void ruleset_from_nftables_unit(struct facts *f, const struct unit *u, const char *why, bool load)
{
        _cleanup_free_ char *file = NULL;
        size_t n = strv_length(u->exec_start);

        if (n != 1 || !(file = nft_file_of(u->exec_start[0]))) {
                _cleanup_free_ char *cmds = n ? strv_join(u->exec_start, "; ") : xstrdup("(none)");
                ruleset_undecided(f, xasprintf("nftables.service starts at boot (%s) but what it loads is not decided: ExecStart=%s "
                                               "is not one 'nft -f FILE'", strempty(why), cmds));
                return;
        }
        f->ruleset.boot = xasprintf("nftables.service starts at boot (%s) and runs %s", strempty(why), u->exec_start[0]);
        ruleset_from_file(f, file, load);
}

static void ruleset_from_bulwark_policy(struct facts *f, const char *why, bool load)
{
        const struct firewall_facts *fw = f->firewall;
        _cleanup_free_ char *out = NULL;
        json_t *j = NULL;
        char *err = NULL;
        int k;

        f->ruleset.source = xstrdup(FW_DEFAULT_POLICY " (compiled by bulwark firewall; loaded at boot by " FW_UNIT_FIREWALL ")");
        f->ruleset.boot = xasprintf(FW_UNIT_FIREWALL " starts at boot (%s) and loads the compiled " FW_DEFAULT_POLICY, strempty(why));
        if (!fw || fw->policy_err != 0) {
                f->ruleset.err = -EBADMSG;
                f->ruleset.error_text = xasprintf(FW_UNIT_FIREWALL " starts at boot but the policy does not load: %s",
                                                  !fw ? "not collected" : fw->policy_err == -EBADMSG ? strempty(fw->diagnostics) :
                                                  strerror(-fw->policy_err));
                return;
        }
        if (fw_compile(fw->policy, &(struct fw_compile_options){}, &out) < 0) {
                ruleset_undecided(f, xstrdup("the Bulwark policy loads but could not be compiled here"));
                return;
        }
        if (!load) {
                /* Live: the policy is valid and compiles; the kernel's ruleset is what the other checks judge. */
                f->ruleset.err = 0;
                return;
        }
        k = nft_load_offline(f->root, out, strlen(out), &j, &err);
        f->ruleset.sha256 = xstrdup(fw->compiled_sha256);
        if (k < 0) {
                if (k == -E2BIG)
                        facts_note_cap(f, "the ruleset compiled from %s: %s", FW_DEFAULT_POLICY, strempty(err));
                f->ruleset.err = k;
                f->ruleset.error_text = err;
                return;
        }
        free(err);
        f->ruleset.json = j;
        f->ruleset.err = 0;
}

/*
 * Offline: the ruleset the device loads at boot, decided from which firewall
 * unit starts at boot (facts_unit_starts(), the unit resolver's answer) and
 * what it loads, never from a file merely being present.
 */
static void ruleset_at_boot(struct facts *f, bool load)
{
        const char *why_bw = NULL, *why_nft = NULL, *why;
        const struct unit *nft = facts_unit(f, "nftables.service");
        int bw = facts_unit_starts(f, FW_UNIT_FIREWALL, &why_bw), nf = facts_unit_starts(f, "nftables.service", &why_nft);
        _cleanup_strv_free_ char **others = NULL, **undecided = NULL, **skipped = NULL;

        for (size_t i = 0; i < ARRAY_SIZE(other_firewalls); i++) {
                int s = facts_unit_starts(f, other_firewalls[i].unit, &why);

                if (s != 0 && streq(other_firewalls[i].unit, "ufw.service") && ufw_enabled(f) == 0) {
                        strv_consume(&skipped, xstrdup("ufw.service starts but /etc/ufw/ufw.conf says ENABLED=no, so it loads no rules"));
                        continue;
                }
                if (s > 0)
                        strv_consume(&others, xasprintf("%s starts at boot (%s) and loads %s", other_firewalls[i].unit,
                                                        strempty(why), other_firewalls[i].what));
                else if (s < 0)
                        strv_consume(&undecided, xasprintf("whether %s starts at boot: %s", other_firewalls[i].unit, strempty(why)));
        }
        if (bw < 0)
                strv_consume(&undecided, xasprintf("whether " FW_UNIT_FIREWALL " starts at boot: %s", strempty(why_bw)));
        if (nf < 0)
                strv_consume(&undecided, xasprintf("whether nftables.service starts at boot: %s", strempty(why_nft)));

        if (undecided) {
                _cleanup_free_ char *j = strv_join(undecided, "; ");
                f->ruleset.source = xstrdup("(undecided)");
                ruleset_undecided(f, xasprintf("which firewall loads at boot is not decided: %s", j));
        } else if (others) {
                _cleanup_free_ char *j = strv_join(others, "; ");
                f->ruleset.source = xstrdup(others[0]);
                ruleset_undecided(f, xasprintf("%s: Bulwark does not evaluate that firewall's rules", j));
        } else if (bw > 0 && nf > 0) {
                f->ruleset.source = xstrdup("(undecided)");
                ruleset_undecided(f, xasprintf("both " FW_UNIT_FIREWALL " (%s) and nftables.service (%s) start at boot: "
                                               "the ruleset in effect depends on their order", strempty(why_bw), strempty(why_nft)));
        } else if (bw > 0)
                ruleset_from_bulwark_policy(f, why_bw, load);
        else if (nf > 0)
                ruleset_from_nftables_unit(f, nft, why_nft, load);
        else {
                f->ruleset.source = xstrdup("(none)");
                f->ruleset.err = -ENOENT;
                f->ruleset.boot = xstrdup(nft && nft->masked ? "nftables.service is masked, and no other firewall unit starts at boot" :
                                          nft && nft->path ? "nftables.service is installed but does not start at boot, and no other firewall unit does" :
                                          "no firewall unit (nftables, bulwark-firewall, netfilter-persistent, firewalld, ufw) starts at boot");
                if (skipped) {
                        _cleanup_free_ char *j = strv_join(skipped, "; ");
                        char *b = xasprintf("%s (%s)", f->ruleset.boot, j);
                        free(f->ruleset.boot);
                        f->ruleset.boot = b;
                }
                f->ruleset.error_text = xstrdup(f->ruleset.boot);
        }
        f->ruleset.boot_err = f->ruleset.err;
        /* Files a firewall could load, present on the device but not what loads at boot: evidence, never the ruleset. */
        for (size_t i = 0; i < ARRAY_SIZE(ruleset_files); i++)
                if (!streq_ptr(f->ruleset.path, ruleset_files[i]) && root_exists(f->root, ruleset_files[i]))
                        strv_push(&f->ruleset.unloaded, ruleset_files[i]);
}

static void collect_ruleset(struct facts *f, const struct collect_options *o)
{
        int k;

        if (f->live) {
                json_t *j = NULL;

                /*
                 * What loads at the next boot, decided from the units as
                 * offline but without loading the file (boot_err and the boot
                 * fields); the ruleset judged is the kernel's.
                 */
                ruleset_at_boot(f, false);
                free(f->ruleset.source);
                f->ruleset.source = NULL;
                free(f->ruleset.error_text);
                f->ruleset.error_text = NULL;
                k = nft_list_live(&j);
                f->ruleset.json = j;
                f->ruleset.source = xstrdup("kernel (loaded ruleset)");
                f->ruleset.err = k < 0 ? k : 0;
                return;
        }
        ruleset_at_boot(f, true);
}

static void ruleset_free(struct facts *f)
{
        if (f->ruleset.json)
                json_decref(f->ruleset.json);
        free(f->ruleset.source);
        free(f->ruleset.sha256);
        free(f->ruleset.error_text);
        free(f->ruleset.path);
        free(f->ruleset.boot);
        free(f->ruleset.undecided);
        strv_free(f->ruleset.unloaded);
}

const struct collector collector_ruleset = {
        .name = "ruleset",
        .area = FACTS_RULESET,
        .collect = collect_ruleset,
        .free = ruleset_free,
        .owns = { FACTS_MEMBER(ruleset) },
};
