/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <jansson.h>

#include "compare.h"
#include "escape.h"
#include "macro.h"

int verdict_from_string(const char *s, enum verdict *ret)
{
        for (int v = 0; v < _VERDICT_MAX; v++)
                if (streq(verdict_to_string((enum verdict) v), s)) {
                        *ret = (enum verdict) v;
                        return 0;
                }
        return -EBADMSG;
}

/* Strings from a report are shown on a terminal later: keep them valid UTF-8 and free of controls. */
static char *clean(const char *s) { return escape_string(s, ESCAPE_TEXT); }

static const char *get_str(json_t *o, const char *key)
{
        return json_string_value(json_object_get(o, key));
}

static void requirement_clear(struct assessed_requirement *r)
{
        free(r->id);
        free(r->title);
        for (size_t i = 0; i < r->n_checks; i++) {
                free(r->checks[i].id);
                free(r->checks[i].summary);
        }
        free(r->checks);
}

void assessment_free(struct assessment *a)
{
        if (!a)
                return;
        free(a->name);
        free(a->hostname);
        free(a->generated);
        free(a->role);
        free(a->crypto_policy);
        for (size_t i = 0; i < a->n_requirements; i++)
                requirement_clear(&a->requirements[i]);
        free(a->requirements);
        free(a);
}

static int parse_requirement(json_t *jr, size_t *budget, struct assessed_requirement *r)
{
        json_t *checks = json_object_get(jr, "checks"), *jc;
        const char *id = get_str(jr, "id"), *verdict = get_str(jr, "verdict");
        size_t i;

        if (!json_is_object(jr) || !id || !verdict || !json_is_boolean(json_object_get(jr, "in_scope")) || !json_is_array(checks))
                return -EBADMSG;
        if (verdict_from_string(verdict, &r->verdict) < 0)
                return -EBADMSG;
        if (json_array_size(checks) > *budget)
                return -E2BIG;
        *budget -= json_array_size(checks);
        r->id = clean(id);
        r->title = clean(strempty(get_str(jr, "title")));
        r->in_scope = json_is_true(json_object_get(jr, "in_scope"));
        r->checks = xmalloc0(MAX(json_array_size(checks), (size_t) 1) * sizeof(*r->checks));
        json_array_foreach(checks, i, jc) {
                struct assessed_check *c = &r->checks[r->n_checks];
                const char *cid = get_str(jc, "id"), *cv = get_str(jc, "verdict");

                if (!cid || !cv || verdict_from_string(cv, &c->verdict) < 0)
                        return -EBADMSG;
                c->id = clean(cid);
                c->summary = clean(strempty(get_str(jc, "summary")));
                r->n_checks++;
        }
        return 0;
}

int assessment_parse(const char *buf, size_t len, const char *label, struct assessment **ret)
{
        _cleanup_(assessment_freep) struct assessment *a = NULL;
        json_t *root, *reqs, *profile, *jr;
        size_t budget = ASSESSMENT_MAX_CHECKS, i;
        json_error_t err;
        int k = 0;

        if (len > ASSESSMENT_MAX_BYTES)
                return -E2BIG;
        /* Duplicate keys would let a report say two things at once. */
        root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
        if (!root)
                return -EBADMSG;
        reqs = json_object_get(root, "requirements");
        profile = json_object_get(root, "profile");
        if (!streq_ptr(get_str(root, "schema"), "bulwark-assessment/1") || !json_is_array(reqs) || !json_is_object(profile)) {
                k = -EBADMSG;
                goto out;
        }
        if (json_array_size(reqs) > ASSESSMENT_MAX_REQUIREMENTS) {
                k = -E2BIG;
                goto out;
        }
        a = xmalloc0(sizeof(*a));
        a->hostname = clean(get_str(json_object_get(root, "target"), "hostname"));
        a->name = xstrdup(a->hostname && *a->hostname ? a->hostname : strna(label));
        a->generated = clean(get_str(root, "generated"));
        a->sl = (unsigned) json_integer_value(json_object_get(profile, "sl"));
        a->role = clean(strempty(get_str(profile, "role")));
        a->crypto_policy = clean(strempty(get_str(profile, "crypto_policy")));
        a->requirements = xmalloc0(MAX(json_array_size(reqs), (size_t) 1) * sizeof(*a->requirements));
        json_array_foreach(reqs, i, jr) {
                k = parse_requirement(jr, &budget, &a->requirements[a->n_requirements]);
                a->n_requirements++;
                if (k < 0)
                        goto out;
        }
        *ret = TAKE_PTR(a);
out:
        json_decref(root);
        return k;
}

char *assessment_json_error(const char *buf, size_t len)
{
        _cleanup_free_ char *text = NULL;
        json_error_t err;
        json_t *root;

        root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
        if (root) {
                json_decref(root);
                return NULL;
        }
        /* The text may quote the input ("near 'x'"): made safe for a terminal like every string of a report. */
        text = clean(err.text);
        return xasprintf("line %d, column %d (byte %d): %s", err.line, err.column, err.position, text);
}

void assessment_set_name(struct assessment *a, const char *name)
{
        free(a->name);
        a->name = clean(name);
}

/*
 * The order a regression is judged by (docs, bulwark-report(1)): pass and na
 * are both "nothing to do", then manual, error, fail. Worse is a higher rank;
 * pass <-> na is a change of the same rank.
 */
static int rank(enum verdict v)
{
        switch (v) {
        case VERDICT_PASS:
        case VERDICT_NA: return 0;
        case VERDICT_MANUAL: return 1;
        case VERDICT_ERROR: return 2;
        case VERDICT_FAIL: return 3;
        default: return 3;
        }
}

static const struct assessed_requirement *find_req(const struct assessment *a, const char *id)
{
        for (size_t i = 0; i < a->n_requirements; i++)
                if (streq(a->requirements[i].id, id))
                        return &a->requirements[i];
        return NULL;
}

static const struct assessed_check *find_check(const struct assessed_requirement *r, const char *id)
{
        for (size_t i = 0; r && i < r->n_checks; i++)
                if (streq(r->checks[i].id, id))
                        return &r->checks[i];
        return NULL;
}

/* Out of scope counts as na: a requirement leaving the scope is not a regression of the device. */
static enum verdict effective(const struct assessed_requirement *r) { return r->in_scope ? r->verdict : VERDICT_NA; }

enum change { CHANGE_NONE, CHANGE_SAME_RANK, CHANGE_BETTER, CHANGE_WORSE };

static enum change compare_verdicts(enum verdict o, enum verdict n)
{
        return rank(n) > rank(o) ? CHANGE_WORSE : rank(n) < rank(o) ? CHANGE_BETTER : n != o ? CHANGE_SAME_RANK : CHANGE_NONE;
}

struct diff_counts {
        unsigned regressed, improved, changed, unchanged, added;
};

static void count(struct diff_counts *c, enum change ch)
{
        switch (ch) {
        case CHANGE_WORSE: c->regressed++; break;
        case CHANGE_BETTER: c->improved++; break;
        case CHANGE_SAME_RANK: c->changed++; break;
        default: c->unchanged++; break;
        }
}

/* How a line starts: counted (requirements; checks with --checks) or detail under its requirement. */
static const char *label(enum change ch, bool counted)
{
        if (counted)
                return ch == CHANGE_WORSE ? "regressed" : ch == CHANGE_BETTER ? "improved" : "changed";
        return ch == CHANGE_WORSE ? "  worse" : ch == CHANGE_BETTER ? "  better" : "  changed";
}

static void write_counts(FILE *f, const struct diff_counts *c, const char *what)
{
        fprintf(f, "%u regressed, %u improved, %u changed, %u unchanged, %u new of %u %s\n",
                c->regressed, c->improved, c->changed, c->unchanged, c->added,
                c->regressed + c->improved + c->changed + c->unchanged + c->added, what);
}

int assessment_diff(const struct assessment *old, const struct assessment *new, unsigned flags, FILE *f)
{
        struct diff_counts reqs = {}, checks = {};
        bool by_check = flags & DIFF_CHECKS;

        if (old->sl != new->sl || !streq(old->role, new->role) || !streq(old->crypto_policy, new->crypto_policy))
                fprintf(f, "note: the profiles differ: SL %u, role %s, policy %s -> SL %u, role %s, policy %s\n",
                        old->sl, old->role, old->crypto_policy, new->sl, new->role, new->crypto_policy);

        for (size_t i = 0; i < old->n_requirements; i++) {
                const struct assessed_requirement *o = &old->requirements[i], *n = find_req(new, o->id);
                enum change ch;

                if (!n) {
                        /* Gone from the report: nothing says it is still met. */
                        fprintf(f, "regressed  %-14s missing from the new report (was %s)\n", o->id, verdict_to_string(effective(o)));
                        reqs.regressed++;
                        continue;
                }
                ch = compare_verdicts(effective(o), effective(n));
                count(&reqs, ch);
                if (ch != CHANGE_NONE)
                        fprintf(f, "%-10s %-14s %s -> %s\n", label(ch, true), o->id,
                                verdict_to_string(effective(o)), verdict_to_string(effective(n)));
                /* Check by check, for in-scope requirements. */
                for (size_t k = 0; n->in_scope && k < o->n_checks; k++) {
                        const struct assessed_check *oc = &o->checks[k], *nc = find_check(n, oc->id);
                        enum change cch;

                        if (!nc) {
                                fprintf(f, "%-10s %-14s check %s missing from the new report (was %s)\n",
                                        label(CHANGE_WORSE, by_check), o->id, oc->id, verdict_to_string(oc->verdict));
                                checks.regressed++;
                                continue;
                        }
                        cch = compare_verdicts(oc->verdict, nc->verdict);
                        count(&checks, cch);
                        if (cch == CHANGE_WORSE)
                                fprintf(f, "%-10s %-14s check %s: %s -> %s: %s\n", label(cch, by_check), o->id, oc->id,
                                        verdict_to_string(oc->verdict), verdict_to_string(nc->verdict), nc->summary);
                        else if (cch != CHANGE_NONE)
                                fprintf(f, "%-10s %-14s check %s: %s -> %s\n", label(cch, by_check), o->id, oc->id,
                                        verdict_to_string(oc->verdict), verdict_to_string(nc->verdict));
                }
                for (size_t k = 0; n->in_scope && k < n->n_checks; k++)
                        if (!find_check(o, n->checks[k].id)) {
                                fprintf(f, "%-10s %-14s check %s: %s\n", by_check ? "new" : "  new", n->id,
                                        n->checks[k].id, verdict_to_string(n->checks[k].verdict));
                                checks.added++;
                        }
        }
        for (size_t i = 0; i < new->n_requirements; i++)
                if (!find_req(old, new->requirements[i].id)) {
                        fprintf(f, "new        %-14s %s\n", new->requirements[i].id, verdict_to_string(effective(&new->requirements[i])));
                        reqs.added++;
                }
        write_counts(f, &reqs, "requirements");
        if (by_check)
                write_counts(f, &checks, "checks");
        if (ferror(f))
                return -EIO;
        return (int) (reqs.regressed + (by_check ? checks.regressed : 0));
}

/* The requirement IDs of all assessments, in first-seen order. */
static char **fleet_ids(struct assessment *const *a, size_t n, size_t *ret_n)
{
        char **ids = NULL;
        size_t m = 0;

        for (size_t d = 0; d < n; d++)
                for (size_t i = 0; i < a[d]->n_requirements; i++) {
                        bool seen = false;

                        for (size_t j = 0; j < m && !seen; j++)
                                seen = streq(ids[j], a[d]->requirements[i].id);
                        if (seen)
                                continue;
                        ids = xreallocarray(ids, m + 1, sizeof(char *));
                        ids[m++] = a[d]->requirements[i].id;
                }
        *ret_n = m;
        return ids;
}

int fleet_exit_code(struct assessment *const *a, size_t n)
{
        bool error = false;

        for (size_t d = 0; d < n; d++)
                for (size_t i = 0; i < a[d]->n_requirements; i++) {
                        enum verdict v = effective(&a[d]->requirements[i]);
                        if (v == VERDICT_FAIL)
                                return 1;
                        error = error || v == VERDICT_ERROR;
                }
        return error ? 3 : 0;
}

static void count_verdicts(struct assessment *const *a, size_t n, const char *id, unsigned counts[static _VERDICT_MAX],
                           const char **title)
{
        memset(counts, 0, sizeof(unsigned) * _VERDICT_MAX);
        for (size_t d = 0; d < n; d++) {
                const struct assessed_requirement *r = find_req(a[d], id);

                if (!r)
                        continue;
                counts[effective(r)]++;
                if (!*title)
                        *title = r->title;
        }
}

int fleet_write_text(struct assessment *const *a, size_t n, FILE *f)
{
        _cleanup_free_ char **ids = NULL;
        size_t m = 0;

        ids = fleet_ids(a, n, &m);
        fprintf(f, "Fleet of %zu devices\n\n%-14s %-44s %5s %5s %5s %6s %5s\n", n, "Requirement", "Title",
                "pass", "fail", "error", "manual", "na");
        for (size_t i = 0; i < m; i++) {
                unsigned c[_VERDICT_MAX];
                const char *title = NULL;

                count_verdicts(a, n, ids[i], c, &title);
                fprintf(f, "%-14s %-44.44s %5u %5u %5u %6u %5u\n", ids[i], strempty(title),
                        c[VERDICT_PASS], c[VERDICT_FAIL], c[VERDICT_ERROR], c[VERDICT_MANUAL], c[VERDICT_NA]);
                for (int v = VERDICT_ERROR; v <= VERDICT_FAIL; v++) {
                        bool first = true;

                        if (c[v] == 0)
                                continue;
                        for (size_t d = 0; d < n; d++) {
                                const struct assessed_requirement *r = find_req(a[d], ids[i]);

                                if (!r || effective(r) != (enum verdict) v)
                                        continue;
                                if (first)
                                        fprintf(f, "    %s: %s", verdict_to_string((enum verdict) v), a[d]->name);
                                else
                                        fprintf(f, ", %s", a[d]->name);
                                first = false;
                        }
                        fputc('\n', f);
                }
        }
        return ferror(f) ? -EIO : 0;
}

int fleet_write_json(struct assessment *const *a, size_t n, FILE *f)
{
        static const char *const device_keys[_VERDICT_MAX] = {
                [VERDICT_PASS] = "pass_devices", [VERDICT_FAIL] = "fail_devices", [VERDICT_ERROR] = "error_devices",
                [VERDICT_MANUAL] = "manual_devices", [VERDICT_NA] = "na_devices",
        };
        _cleanup_free_ char **ids = NULL;
        json_t *root, *devices = json_array(), *reqs = json_array();
        size_t m = 0;
        int k;

        ids = fleet_ids(a, n, &m);
        for (size_t d = 0; d < n; d++) {
                json_t *s = json_object();

                for (int v = 0; v < _VERDICT_MAX; v++)
                        json_object_set_new(s, verdict_to_string((enum verdict) v), json_integer(0));
                for (size_t i = 0; i < a[d]->n_requirements; i++) {
                        const char *v = verdict_to_string(effective(&a[d]->requirements[i]));
                        json_object_set_new(s, v, json_integer(json_integer_value(json_object_get(s, v)) + 1));
                }
                json_array_append_new(devices, json_pack("{s:s, s:o, s:i, s:s, s:o}", "name", a[d]->name,
                                                         "generated", a[d]->generated ? json_string(a[d]->generated) : json_null(),
                                                         "sl", (int) a[d]->sl, "role", a[d]->role, "summary", s));
        }
        for (size_t i = 0; i < m; i++) {
                unsigned c[_VERDICT_MAX];
                const char *title = NULL;
                json_t *o;

                count_verdicts(a, n, ids[i], c, &title);
                o = json_pack("{s:s, s:s}", "id", ids[i], "title", strempty(title));
                for (int v = 0; v < _VERDICT_MAX; v++) {
                        json_t *who = json_array();

                        json_object_set_new(o, verdict_to_string((enum verdict) v), json_integer(c[v]));
                        for (size_t d = 0; d < n; d++) {
                                const struct assessed_requirement *r = find_req(a[d], ids[i]);
                                if (r && effective(r) == (enum verdict) v)
                                        json_array_append_new(who, json_string(a[d]->name));
                        }
                        json_object_set_new(o, device_keys[v], who);
                }
                json_array_append_new(reqs, o);
        }
        root = json_pack("{s:s, s:i, s:o, s:o}", "schema", "bulwark-fleet/1", "devices_total", (int) n,
                         "devices", devices, "requirements", reqs);
        k = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
        json_decref(root);
        if (k < 0 || fputc('\n', f) == EOF)
                return -EIO;
        return 0;
}
