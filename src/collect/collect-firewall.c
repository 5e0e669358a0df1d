/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bulwark's own firewall on the target: the policy (loaded by the
 * firewall's own loader, fw_policy_load_from(), through the root, so the
 * assessment and `bulwark firewall` never disagree about which files make
 * the policy or what it says), the fail-close units and the last saved
 * verify result. Everything is read through the root fd.
 */
#include "collect.h"
#include "compile.h"
#include "facts-source.h"
#include "firewall-facts.h"
#include "hash.h"
#include "macro.h"
#include "policy.h"
#include "strv.h"
#include "units.h"
#include "verify.h"

#define VERIFY_MAX (16u * 1024 * 1024)
#define VERIFY_ROWS_MAX 20000

void firewall_facts_free(struct firewall_facts *f)
{
        if (!f)
                return;
        free(f->policy_path);
        strv_free(f->policy_files);
        free(f->diagnostics);
        fw_policy_free(f->policy);
        strv_free(f->zones);
        free(f->lockdown_unit);
        free(f->firewall_unit);
        strv_free(f->network_dropins);
        free(f->verify_path);
        free(f->verify_ruleset_sha256);
        for (size_t i = 0; i < f->n_verify; i++) {
                free(f->verify[i].from);
                free(f->verify[i].to);
                free(f->verify[i].proto);
                free(f->verify[i].reason);
        }
        free(f->verify);
        free(f);
}

/* The target's root, recording the policy files read (the evidence of the policy checks). */
struct policy_source {
        struct file_source root;
        struct firewall_facts *fw;
};

static int policy_source_read_file(void *userdata, const char *path, size_t max, char **ret, size_t *ret_len)
{
        struct policy_source *ps = userdata;
        int k;

        k = ps->root.read_file(ps->root.userdata, path, max, ret, ret_len);
        if (k >= 0)
                strv_push(&ps->fw->policy_files, path);
        return k;
}

static int policy_source_list_dir(void *userdata, const char *path, size_t max_entries, char ***ret)
{
        struct policy_source *ps = userdata;

        return ps->root.list_dir(ps->root.userdata, path, max_entries, ret);
}

static int policy_source_readlink(void *userdata, const char *path, char **ret)
{
        struct policy_source *ps = userdata;

        return ps->root.readlink(ps->root.userdata, path, ret);
}

/* The policy as `bulwark firewall` would load it on the device: the same loader, through the root. */
static void collect_policy(struct facts *f, struct firewall_facts *fw)
{
        _cleanup_(fw_policy_freep) struct fw_policy *p = NULL;
        struct policy_source ps = { .root = facts_file_source(f), .fw = fw };
        const struct file_source src = {
                .read_file = policy_source_read_file,
                .list_dir = policy_source_list_dir,
                .readlink = policy_source_readlink,
                .userdata = &ps,
        };
        struct fw_diags d = {};
        int k;

        fw->policy_path = xstrdup(FW_DEFAULT_POLICY);
        k = fw_policy_load_from(&src, FW_DEFAULT_POLICY, FW_DEFAULT_DROPIN, &p, &d);
        if (k < 0 && strv_length(fw->policy_files) == 0) {
                /* The main file itself: missing (no Bulwark policy) or unreadable. */
                fw->policy_err = k;
                fw_diags_clear(&d);
                return;
        }
        if (k < 0) {
                /* Invalid, or a drop-in the firewall cannot read: it would refuse the policy with these words. */
                fw->policy_err = -EBADMSG;
                fw->diagnostics = fw_diags_format(&d);
                fw_diags_clear(&d);
                return;
        }
        fw_diags_clear(&d);

        for (size_t i = 0; i < p->n_zones; i++)
                strv_push(&fw->zones, p->zones[i].name);
        fw->n_conduits = p->n_conduits;
        for (size_t i = 0; i < p->n_conduits; i++)
                if (p->conduits[i].island_safe)
                        fw->n_island_safe++;
        {
                _cleanup_free_ char *out = NULL;
                if (fw_compile(p, &(struct fw_compile_options){}, &out) >= 0)
                        sha256_hex(out, strlen(out), fw->compiled_sha256);
        }
        fw->policy = TAKE_PTR(p);
        fw->policy_err = 0;
}

/* The unit collector already read fragments, drop-ins and enable links: use its facts. */
static void collect_fw_units(struct facts *f, struct firewall_facts *fw)
{
        const struct unit *l = facts_unit(f, FW_UNIT_LOCKDOWN), *u = facts_unit(f, FW_UNIT_FIREWALL);

        fw->lockdown_unit = l && l->path ? xstrdup(l->path) : NULL;
        fw->firewall_unit = u && u->path ? xstrdup(u->path) : NULL;
        fw->lockdown_enabled = fw->lockdown_unit && l->enabled;
        fw->firewall_enabled = fw->firewall_unit && u->enabled;
        for (size_t i = 0; fw_network_units[i]; i++) {
                const struct unit *n = facts_unit(f, fw_network_units[i]);

                for (size_t k = 0; n && k < n->n_settings; k++) {
                        const struct unit_setting *s = &n->settings[k];
                        if (endswith(s->source, "/bulwark.conf") && streq(s->key, "Requires") && strstr(s->value, FW_UNIT_FIREWALL) &&
                            !strv_contains(fw->network_dropins, s->source))
                                strv_push(&fw->network_dropins, s->source);
                }
        }
}

static void collect_verify(struct facts *f, struct firewall_facts *fw)
{
        _cleanup_(fw_verify_result_freep) struct fw_verify_result *r = NULL;
        _cleanup_free_ char *buf = NULL;
        bool truncated = false;
        size_t len;
        int k;

        fw->verify_path = xstrdup(FIREWALL_VERIFY_PATH);
        k = facts_read_file(f, FIREWALL_VERIFY_PATH, VERIFY_MAX, &buf, &len);
        if (k < 0) {
                fw->verify_err = k;
                return;
        }
        /* The firewall's own parser of what `firewall verify --save` writes (src/firewall/verify-result.c). */
        k = fw_verify_result_parse(buf, len, VERIFY_ROWS_MAX, &r, &truncated);
        if (k < 0) {
                fw->verify_err = k;
                return;
        }
        if (truncated)
                facts_note_cap(f, "%s has more than %u matrix rows (VERIFY_ROWS_MAX); the rest was not read",
                               FIREWALL_VERIFY_PATH, VERIFY_ROWS_MAX);
        fw->verify_ruleset_sha256 = r->ruleset_sha256[0] ? xstrdup(r->ruleset_sha256) : NULL;
        fw->verify_island = r->island;
        fw->verify = xreallocarray(NULL, r->n + 1, sizeof(*fw->verify));
        for (size_t i = 0; i < r->n; i++) {
                struct fw_probe *pr = &r->v[i];

                fw->verify[i] = (struct firewall_verify_fact){
                        .from = TAKE_PTR(pr->from),
                        .to = TAKE_PTR(pr->to),
                        .proto = pr->proto == FW_PROTO_TCP ? xstrdup("tcp") : pr->proto == FW_PROTO_UDP ? xstrdup("udp") :
                                 pr->proto == FW_PROTO_ICMP ? xstrdup("icmp") : NULL,
                        .reason = TAKE_PTR(pr->reason),
                        .port = pr->port,
                        .expected_open = pr->expected_open,
                        .observed_open = pr->observed_open,
                };
        }
        fw->n_verify = fw->verify_probes = r->n;
        fw->verify_mismatches = r->mismatches;
        fw->verify_err = 0;
}

static void firewall_free(struct facts *f)
{
        firewall_facts_free(f->firewall);
}

static void collect_firewall(struct facts *f, const struct collect_options *o)
{
        struct firewall_facts *fw = xmalloc0(sizeof(*fw));

        collect_policy(f, fw);
        collect_fw_units(f, fw);
        collect_verify(f, fw);
        f->firewall = fw;
}

const struct collector collector_firewall = {
        .name = "firewall",
        .area = FACTS_FIREWALL,
        .collect = collect_firewall,
        .free = firewall_free,
        .owns = { FACTS_MEMBER(firewall) },
};
