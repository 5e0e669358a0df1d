/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bulwark's own firewall as evidence: a policy that names zones (CR 5.1),
 * island mode available (NDR 5.2 RE(2)), and the saved `firewall verify`
 * matrix of real probes (NDR 5.2 RE(1); the person-to-person rows for
 * CR 5.3 / NDR 5.3; the UDP 68 rows for CR 4.1). The generic ruleset and
 * unit-ordering checks live in checks-fr5.c and decide for any firewall.
 */
#include "check.h"
#include "firewall-facts.h"
#include "strv.h"
#include "units.h"

static const struct firewall_facts *fw_facts(struct check_ctx *c)
{
        const struct firewall_facts *fw = c->facts->firewall;

        if (!fw)
                check_error(c, "the Bulwark firewall facts were not collected");
        return fw;
}

static void check_policy_zones(struct check_ctx *c)
{
        const struct firewall_facts *fw = fw_facts(c);
        _cleanup_free_ char *zones = NULL;

        if (!fw)
                return;
        if (fw->policy_err == -ENOENT) {
                check_na(c, "no Bulwark firewall policy (%s); segmentation is decided by the other checks", fw->policy_path);
                return;
        }
        if (fw->policy_err == -EBADMSG) {
                for (char **p = fw->policy_files; p && *p; p++)
                        check_evidence_file(c, *p, "policy file");
                check_fail(c, "the Bulwark firewall policy is invalid: %s", strempty(fw->diagnostics));
                check_action(c, "Fix the policy (bulwark firewall check names file, line and column), then apply it.");
                return;
        }
        if (check_fact_error(c, fw->policy_err, fw->policy_path))
                return;
        for (char **p = fw->policy_files; p && *p; p++)
                check_evidence_file(c, *p, "Bulwark firewall policy");
        if (strv_length(fw->zones) == 0) {
                check_fail(c, "the Bulwark firewall policy names no zones");
                check_action(c, "Describe the network segments behind each interface as [Zone NAME] sections (bulwark-firewall(8)).");
                return;
        }
        zones = strv_join(fw->zones, ", ");
        check_pass(c, "the Bulwark firewall policy names %zu zone(s) (%s) and %zu conduit(s)", strv_length(fw->zones), zones, fw->n_conduits);
}

static void check_island_available(struct check_ctx *c)
{
        const struct firewall_facts *fw = fw_facts(c);

        if (!fw)
                return;
        if (fw->policy_err == 0)
                for (char **p = fw->policy_files; p && *p; p++)
                        check_evidence_file(c, *p, "Bulwark firewall policy");
        if (fw->firewall_unit)
                check_evidence_file(c, fw->firewall_unit, "%s", fw->firewall_enabled ? "enabled" : "installed, not enabled");
        if (fw->policy_err != 0 || !fw->firewall_unit) {
                check_fail(c, "island mode is not available: %s",
                           fw->policy_err != 0 ? "no valid Bulwark firewall policy" : "the Bulwark firewall units are not installed");
                check_action(c, "Write /etc/bulwark/policy.conf, mark the conduits that must survive isolation (e.g. a local console) "
                                "IslandSafe=yes, and run 'bulwark firewall install-units'; 'bulwark firewall island on' then cuts "
                                "all other traffic across zone boundaries.");
                return;
        }
        check_pass(c, "island mode is available ('bulwark firewall island on'): %zu of %zu conduit(s) stay open in it", fw->n_island_safe, fw->n_conduits);
}

/* Which rows of the verify matrix a check looks at. */
enum verify_scope { VERIFY_ALL, VERIFY_P2P, VERIFY_UDP68 };

static bool row_in_scope(const struct firewall_verify_fact *v, enum verify_scope s)
{
        switch (s) {
        case VERIFY_P2P:
                return v->reason && startswith(v->reason, "p2p:");
        case VERIFY_UDP68:
                return v->proto && streq(v->proto, "udp") && v->port == 68 && v->to && streq(v->to, "device");
        default:
                return true;
        }
}

static void check_verify(struct check_ctx *c, enum verify_scope scope)
{
        const struct firewall_facts *fw = fw_facts(c);
        size_t rows = 0, bad = 0;

        if (!fw)
                return;
        if (fw->verify_err == -ENOENT) {
                if (fw->policy_err == -ENOENT) {
                        check_na(c, "no Bulwark firewall policy and no verify result; the ruleset checks decide");
                        return;
                }
                check_manual(c, "no saved behavioural verification of the firewall (%s)", fw->verify_path);
                check_action(c, "Run 'bulwark firewall verify --save' on the device (or in CI against the policy): it probes every "
                                "conduit and the closed ports with real packets in throwaway network namespaces.");
                return;
        }
        if (fw->verify_err == -EBADMSG) {
                check_evidence_file(c, fw->verify_path, "not a bulwark-firewall-verify/1 document");
                check_error(c, "the saved verify result %s cannot be read", fw->verify_path);
                return;
        }
        if (check_fact_error(c, fw->verify_err, fw->verify_path))
                return;

        for (size_t i = 0; i < fw->n_verify; i++) {
                const struct firewall_verify_fact *v = &fw->verify[i];
                if (!row_in_scope(v, scope))
                        continue;
                rows++;
                /* For UDP 68 an open port is the CR 4.1 finding itself, even when the policy asked for it. */
                if (v->expected_open == v->observed_open && !(scope == VERIFY_UDP68 && v->observed_open))
                        continue;
                bad++;
                if (bad <= 10)
                        check_evidence(c, "probe", fw->verify_path, "%s -> %s %s/%u (%s): expected %s, observed %s",
                                       strempty(v->from), strempty(v->to), strempty(v->proto), v->port, strempty(v->reason),
                                       v->expected_open ? "open" : "closed", v->observed_open ? "open" : "closed");
        }
        check_evidence_file(c, fw->verify_path, "%zu probes, %zu mismatches%s", fw->verify_probes, fw->verify_mismatches,
                            fw->verify_island ? " (island mode)" : "");

        if (rows == 0) {
                check_manual(c, "the saved verify result has no %s probes", scope == VERIFY_P2P ? "person-to-person" : scope == VERIFY_UDP68 ? "UDP 68" : "");
                check_action(c, "Re-run 'bulwark firewall verify --save' with this version of Bulwark.");
                return;
        }
        if (bad > 0) {
                if (scope == VERIFY_UDP68) {
                        check_fail(c, "UDP 68 (DHCP client) answered %zu of %zu real probes", bad, rows);
                        check_action(c, "Use static addresses and set DHCPClient=no in [Device] of the Bulwark policy, so UDP 68 is dropped; verify again.");
                        return;
                }
                check_fail(c, "%zu of %zu probes did not behave as the policy says", bad, rows);
                check_action(c, "Look at the mismatches in 'bulwark firewall verify'; fix the policy or the loaded ruleset and verify again.");
                return;
        }
        /*
         * The probes speak for the ruleset they ran against: unless that is
         * shown to be the one the current policy compiles to (and, offline,
         * the one that loads at boot), they do not decide the device.
         */
        if (!fw->verify_island) {
                if (fw->policy_err != 0 || !fw->compiled_sha256[0] || !fw->verify_ruleset_sha256) {
                        check_manual(c, "the saved verify result (%zu probes, all matched) cannot be tied to the current policy: %s", rows,
                                     fw->policy_err != 0 ? "no valid Bulwark policy" : "it names no ruleset hash");
                        check_action(c, "Re-run 'bulwark firewall verify --save' with this version of Bulwark against the current policy.");
                        return;
                }
                if (!streq(fw->compiled_sha256, fw->verify_ruleset_sha256)) {
                        check_manual(c, "the saved verify result (%zu probes, all matched) is for another ruleset than the current policy compiles to", rows);
                        check_action(c, "Re-run 'bulwark firewall verify --save' after changing the policy.");
                        return;
                }
                if (!c->facts->live && c->facts->ruleset.sha256 && !streq(c->facts->ruleset.sha256, fw->verify_ruleset_sha256)) {
                        check_evidence(c, "ruleset", c->facts->ruleset.path, "loads at boot instead: %s", strempty(c->facts->ruleset.boot));
                        check_manual(c, "the saved verify result (%zu probes, all matched) is for the Bulwark policy, but another ruleset loads at boot", rows);
                        check_action(c, "Load the Bulwark policy at boot (bulwark firewall install-units) or verify the ruleset that does load.");
                        return;
                }
        }
        switch (scope) {
        case VERIFY_P2P:
                check_pass(c, "all %zu real probes to person-to-person ports were dropped", rows);
                break;
        case VERIFY_UDP68:
                check_pass(c, "real probes to UDP 68 (DHCP client) from every zone were dropped (%zu probes)", rows);
                break;
        default:
                check_pass(c, "every one of %zu real probes (conduits open, everything else dropped) matched the policy", rows);
        }
}

static void check_verify_all(struct check_ctx *c) { check_verify(c, VERIFY_ALL); }
static void check_verify_p2p(struct check_ctx *c) { check_verify(c, VERIFY_P2P); }
static void check_verify_udp68(struct check_ctx *c) { check_verify(c, VERIFY_UDP68); }

/*
 * Which ruleset loads at boot (collect-ruleset.c decides it from the firewall
 * unit that starts at boot and what its ExecStart= loads). Live the kernel's
 * ruleset is what is loaded now, which says nothing of the next boot beyond
 * what the units say.
 */
static void check_boot_ruleset(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        /* Offline the boot ruleset is the one collected; live it is decided from the units, the kernel's is judged by the other checks. */
        int err = f->live ? f->ruleset.boot_err : f->ruleset.err;

        if (check_fact_error(c, f->units.err, "the systemd units"))
                return;
        for (char **u = f->ruleset.unloaded; u && *u; u++)
                check_evidence(c, "file", *u, "present, but not what loads at boot");
        if (err == -EOPNOTSUPP && f->ruleset.undecided) {
                check_evidence(c, "unit", NULL, "%s", f->ruleset.undecided);
                check_manual(c, "the ruleset loaded at boot is not decided: %s", f->ruleset.undecided);
                check_action(c, "Check by hand which ruleset the device loads at boot, or load an nftables ruleset from nftables.service "
                                "(ExecStart=nft -f FILE) or bulwark-firewall.service.");
                return;
        }
        if (err == -ENOENT) {
                if (f->ruleset.path)
                        check_evidence(c, "file", f->ruleset.path, "%s", strempty(f->ruleset.boot));
                else
                        check_evidence(c, "unit", NULL, "%s", strempty(f->ruleset.boot));
                check_fail(c, "no firewall ruleset loads at boot: %s", strempty(f->ruleset.error_text ?: f->ruleset.boot));
                check_action(c, "Enable a firewall unit that loads a default-drop ruleset at boot (bulwark firewall install-units, "
                                "or systemctl enable nftables.service with ExecStart=nft -f /etc/nftables.conf).");
                return;
        }
        if (err == -EBADMSG) {
                if (f->ruleset.path)
                        check_evidence_file(c, f->ruleset.path, "nft: %s", strempty(f->ruleset.error_text));
                check_fail(c, "the ruleset that loads at boot is rejected, so no firewall is in place: %s", strempty(f->ruleset.error_text));
                check_action(c, "Fix the ruleset so that 'nft -c -f' accepts it.");
                return;
        }
        if (err < 0) {
                check_error(c, "could not read the ruleset that loads at boot (%s): %s%s%s", strempty(f->ruleset.path ?: f->ruleset.source),
                            strerror(-err), !f->live && f->ruleset.error_text ? ": " : "", f->live ? "" : strempty(f->ruleset.error_text));
                return;
        }
        if (f->live) {
                /* The file is there for nft -f; that nft accepts it shows only in a ruleset now loaded from it. */
                if (f->ruleset.err < 0) {
                        check_error(c, "could not list the kernel's ruleset: %s", strerror(-f->ruleset.err));
                        return;
                }
                check_evidence(c, "unit", f->ruleset.path, "%s", strempty(f->ruleset.boot));
                check_evidence(c, "ruleset", "kernel", "a ruleset is loaded in the kernel now, listed by libnftables");
                if (f->ruleset.path) {
                        check_manual(c, "%s; whether nft accepts that file at the next boot is not tried live (assess --root on the image loads it)",
                                     strempty(f->ruleset.boot));
                        return;
                }
                check_pass(c, "%s", strempty(f->ruleset.boot));
                return;
        }
        if (f->ruleset.path)
                check_evidence_file(c, f->ruleset.path, "%s; nft loads it", strempty(f->ruleset.boot));
        else
                check_evidence(c, "ruleset", NULL, "%s; nft loads it", strempty(f->ruleset.boot));
        check_pass(c, "%s", strempty(f->ruleset.boot));
}

const struct check_def checks_firewall[] = {
        { .id = "bulwark-policy-zones", .title = "A Bulwark firewall policy names the zones", .reqs = { "CR 5.1" }, .run = check_policy_zones, .facts = FACTS_FIREWALL,
          .offline = "/etc/bulwark/policy.conf and its policy.d drop-ins, loaded through the root by bulwark firewall's own loader: the [Zone] sections it names.",
          .live = "The same files on the running device, by the same loader.",
          .manual = "Never: without a Bulwark policy it is n/a (the other segmentation checks decide), an invalid policy or one without zones fails." },
        { .id = "island-mode-available", .title = "Island mode can be switched on", .reqs = { "NDR 5.2 RE(2)" }, .run = check_island_available, .facts = FACTS_FIREWALL,
          .offline = "A valid Bulwark policy (its IslandSafe= conduits) and the bulwark-firewall.service unit installed in the tree.",
          .live = "The same policy and unit files on the running device.",
          .manual = "Never: without a valid policy or the installed units it fails." },
        { .id = "firewall-verify-result", .title = "Real probes match the policy (deny all, permit by exception)", .reqs = { "NDR 5.2 RE(1)" }, .run = check_verify_all, .facts = FACTS_FIREWALL | FACTS_RULESET,
          .offline = "The saved result of 'bulwark firewall verify --save' (/var/lib/bulwark/firewall/verify.json): every probe as the policy expects, the result tied by its ruleset hash to what the current policy compiles to and to the ruleset that loads at boot.",
          .live = "The same saved result on the running device, tied by its ruleset hash to what the current policy compiles to.",
          .manual = "There is a policy but no saved result, or the result names no ruleset hash, is for another ruleset than the policy compiles to, or (offline) another ruleset loads at boot." },
        { .id = "firewall-verify-p2p", .title = "Real probes to person-to-person ports are dropped", .reqs = { "CR 5.3", "NDR 5.3" }, .run = check_verify_p2p, .facts = FACTS_FIREWALL | FACTS_RULESET,
          .offline = "The person-to-person rows of the saved 'bulwark firewall verify --save' result, tied to the current policy and the ruleset that loads at boot as for firewall-verify-result.",
          .live = "The same rows of the saved result on the running device, tied to the current policy.",
          .manual = "As firewall-verify-result, or the saved result has no person-to-person probes." },
        { .id = "firewall-verify-udp68", .title = "Real probes to UDP 68 (DHCP client) are dropped", .reqs = { "CR 4.1" }, .run = check_verify_udp68, .facts = FACTS_FIREWALL | FACTS_RULESET,
          .offline = "The UDP 68 rows of the saved 'bulwark firewall verify --save' result, tied to the current policy and the ruleset that loads at boot as for firewall-verify-result.",
          .live = "The same rows of the saved result on the running device, tied to the current policy.",
          .manual = "As firewall-verify-result, or the saved result has no UDP 68 probes." },
        { .id = "firewall-loaded-at-boot", .title = "A firewall ruleset loads at boot", .reqs = { "NDR 5.2 RE(3)" }, .run = check_boot_ruleset, .facts = FACTS_UNITS | FACTS_RULESET | FACTS_FIREWALL,
          .offline = "Which firewall unit starts at boot as the unit resolver decides it (bulwark-firewall.service, nftables.service, netfilter-persistent, iptables, firewalld, ufw, shorewall) and what it loads: the file its ExecStart= (drop-ins applied) gives to nft -f, loaded by libnftables in a throwaway network namespace, or the compiled Bulwark policy. ufw with ENABLED=no in /etc/ufw/ufw.conf loads nothing. A ruleset file that nothing loads at boot counts for nothing.",
          .live = "Which firewall unit starts at boot and what it loads, decided from the unit files as offline, and the ruleset the kernel holds now; a file for nft -f is not loaded live; the Bulwark policy is loaded and compiled.",
          .manual = "Live when what loads at boot is a file for nft -f (it is loaded offline only). Offline and live when whether a firewall unit starts at boot is undecided, when nftables.service's ExecStart= is not one 'nft -f FILE' (a shell, a variable, options such as -c), when both Bulwark's unit and nftables.service start, or when the boot firewall is one Bulwark does not evaluate (iptables-persistent, firewalld, ufw)." },
        {}
};
