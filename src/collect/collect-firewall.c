/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bulwark's own firewall on the target: the policy (parsed with the
 * firewall's parser, so the assessment and `bulwark firewall` never
 * disagree about what a policy says), the fail-close units and the last
 * saved verify result. Everything is read through the root fd.
 */
#include <jansson.h>

#include "collect.h"
#include "compile.h"
#include "firewall-facts.h"
#include "hash.h"
#include "macro.h"
#include "policy.h"
#include "strv.h"
#include "units.h"

#define POLICY_DIR_MAX 1024
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

static void collect_policy(struct facts *f, struct firewall_facts *fw)
{
        _cleanup_(fw_policy_freep) struct fw_policy *p = fw_policy_new();
        _cleanup_strv_free_ char **names = NULL;
        _cleanup_free_ char *buf = NULL;
        struct fw_diags d = {};
        size_t len = 0;
        bool bad = false;
        int k;

        fw->policy_path = xstrdup(FW_DEFAULT_POLICY);
        k = facts_read_file(f, FW_DEFAULT_POLICY, FW_POLICY_FILE_MAX, &buf, &len);
        if (k < 0) {
                fw->policy_err = k;
                return;
        }
        strv_push(&fw->policy_files, FW_DEFAULT_POLICY);
        if (fw_policy_parse_buffer(p, FW_DEFAULT_POLICY, buf, len, &d) < 0)
                bad = true;

        if (facts_list_dir(f, FW_DEFAULT_DROPIN, POLICY_DIR_MAX, &names) >= 0)
                for (char **n = names; n && *n; n++) {
                        _cleanup_free_ char *path = NULL, *b = NULL;
                        size_t l = 0;

                        if ((*n)[0] == '.' || !endswith(*n, ".conf"))
                                continue;
                        path = xasprintf("%s/%s", FW_DEFAULT_DROPIN, *n);
                        if (facts_read_file(f, path, FW_POLICY_FILE_MAX, &b, &l) < 0)
                                continue; /* not a regular file: the firewall would refuse it too */
                        strv_push(&fw->policy_files, path);
                        if (fw_policy_parse_buffer(p, path, b, l, &d) < 0)
                                bad = true;
                }
        if (!bad && fw_policy_finish(p, &d) < 0)
                bad = true;
        if (bad) {
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
        _cleanup_free_ char *buf = NULL;
        json_error_t je;
        json_t *j, *m, *row;
        size_t len, i;
        int k;

        fw->verify_path = xstrdup(FIREWALL_VERIFY_PATH);
        k = facts_read_file(f, FIREWALL_VERIFY_PATH, VERIFY_MAX, &buf, &len);
        if (k < 0) {
                fw->verify_err = k;
                return;
        }
        j = json_loadb(buf, len, 0, &je);
        if (!j || !streq(strempty(json_string_value(json_object_get(j, "schema"))), "bulwark-firewall-verify/1") ||
            !json_is_array(json_object_get(j, "matrix"))) {
                json_decref(j);
                fw->verify_err = -EBADMSG;
                return;
        }
        fw->verify_ruleset_sha256 = xstrdup(json_string_value(json_object_get(j, "ruleset_sha256")));
        fw->verify_island = json_is_true(json_object_get(j, "island"));
        m = json_object_get(j, "matrix");
        json_array_foreach(m, i, row) {
                struct firewall_verify_fact *v;
                const char *exp = json_string_value(json_object_get(row, "expected"));
                const char *obs = json_string_value(json_object_get(row, "observed"));

                if (i >= VERIFY_ROWS_MAX) {
                        facts_note_cap(f, "%s has more than %u matrix rows (VERIFY_ROWS_MAX); the rest was not read",
                                       FIREWALL_VERIFY_PATH, VERIFY_ROWS_MAX);
                        break;
                }
                if (!exp || !obs)
                        continue;
                fw->verify = xreallocarray(fw->verify, fw->n_verify + 1, sizeof(*fw->verify));
                v = &fw->verify[fw->n_verify++];
                *v = (struct firewall_verify_fact){
                        .from = xstrdup(json_string_value(json_object_get(row, "from"))),
                        .to = xstrdup(json_string_value(json_object_get(row, "to"))),
                        .proto = xstrdup(json_string_value(json_object_get(row, "proto"))),
                        .reason = xstrdup(json_string_value(json_object_get(row, "reason"))),
                        .port = (unsigned) json_integer_value(json_object_get(row, "port")),
                        .expected_open = streq(exp, "open"),
                        .observed_open = streq(obs, "open"),
                };
                fw->verify_probes++;
                if (v->expected_open != v->observed_open)
                        fw->verify_mismatches++;
        }
        json_decref(j);
        fw->verify_err = 0;
}

void collect_firewall(struct facts *f, const struct collect_options *o)
{
        struct firewall_facts *fw = xmalloc0(sizeof(*fw));

        collect_policy(f, fw);
        collect_fw_units(f, fw);
        collect_verify(f, fw);
        f->firewall = fw;
}
