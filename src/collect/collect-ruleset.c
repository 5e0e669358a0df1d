/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The nftables ruleset the target runs, the one owner of f->ruleset. Live:
 * what the kernel has loaded. Offline: /etc/nftables.conf loaded into a
 * throwaway network namespace (nft-load.c); and a device whose boot firewall
 * is Bulwark's has no nftables.conf: what bulwark-firewall.service loads at
 * boot is the compiled policy, so that is loaded instead, and the generic
 * ruleset checks judge the real boot ruleset. That is why this collector runs
 * after collect_firewall(): it reads the policy and the unit state from
 * f->firewall and never parses the policy a second time.
 */
#include "collect.h"
#include "compile.h"
#include "firewall-facts.h"
#include "macro.h"
#include "nft-load.h"
#include "policy.h"
#include "units.h"

static void ruleset_from_bulwark_policy(struct facts *f)
{
        const struct firewall_facts *fw = f->firewall;
        _cleanup_free_ char *out = NULL;
        json_t *j = NULL;
        char *err = NULL;
        int k;

        if (!fw || fw->policy_err != 0 || !fw->firewall_enabled)
                return;
        if (fw_compile(fw->policy, &(struct fw_compile_options){}, &out) < 0)
                return;
        k = nft_load_offline(f->root, out, strlen(out), &j, &err);
        free(f->ruleset.source);
        f->ruleset.source = xstrdup(FW_DEFAULT_POLICY " (compiled by bulwark firewall; loaded at boot by " FW_UNIT_FIREWALL ")");
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

static void collect_ruleset(struct facts *f, const struct collect_options *o)
{
        _cleanup_free_ char *buf = NULL;
        size_t len;
        int k;

        if (f->live) {
                k = nft_list_live(&f->ruleset.json);
                f->ruleset.source = xstrdup("kernel (loaded ruleset)");
                f->ruleset.err = k < 0 ? k : 0;
                return;
        }
        f->ruleset.source = xstrdup("/etc/nftables.conf");
        k = collect_read(f, "/etc/nftables.conf", &buf, &len);
        if (k == -ENOENT) {
                f->ruleset.err = -ENOENT;
                ruleset_from_bulwark_policy(f);
                return;
        }
        if (k < 0) {
                f->ruleset.err = k;
                return;
        }
        f->ruleset.sha256 = xstrdup(facts_file(f, "/etc/nftables.conf")->sha256);
        k = nft_load_offline(f->root, buf, len, &f->ruleset.json, &f->ruleset.error_text);
        if (k == -E2BIG)
                facts_note_cap(f, "/etc/nftables.conf: %s", strempty(f->ruleset.error_text));
        f->ruleset.err = k < 0 ? k : 0;
}

static void ruleset_free(struct facts *f)
{
        if (f->ruleset.json)
                json_decref(f->ruleset.json);
        free(f->ruleset.source);
        free(f->ruleset.sha256);
        free(f->ruleset.error_text);
}

const struct collector collector_ruleset = {
        .name = "ruleset",
        .area = FACTS_RULESET,
        .collect = collect_ruleset,
        .free = ruleset_free,
        .owns = { FACTS_MEMBER(ruleset) },
};
