/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <jansson.h>
#include <openssl/evp.h>

#include "catalogue.h"
#include "escape.h"
#include "macro.h"
#include "model.h"
#include "writers.h"
#include "version.h"

/*
 * OSCAL 1.0.6 JSON (validated against the NIST schemas in docs/oscal/).
 *
 * - The catalogue becomes an OSCAL catalog: groups "fr-4" and "fr-5", one
 *   control per requirement, requirement enhancements nested in their base
 *   control ("CR 4.2 RE(1)" is control cr-4.2-re-1 inside cr-4.2).
 * - An assessment becomes assessment-results with one result: the reviewed
 *   controls (in scope included, out of scope excluded with the reason), one
 *   observation per check (its evidence as relevant-evidence), one finding
 *   per in-scope requirement targeting the control's objective. The catalog
 *   travels in the back-matter (base64) so the document stands alone.
 *
 * Verdicts map onto OSCAL's two objective states: pass -> satisfied (reason
 * pass); fail -> not-satisfied (fail); error and manual -> not-satisfied
 * (other) with remarks, since neither shows the objective met; na in scope ->
 * satisfied (other). The exact verdict is kept as a bulwark property.
 *
 * UUIDs are version 5 (SHA-1) in Bulwark's namespace over what they name, so
 * the same assessment (same target, profile and SOURCE_DATE_EPOCH) gives the
 * same bytes. Markup fields are Markdown in OSCAL JSON, so device strings in
 * them are escaped as Markdown; plain string fields are trimmed (OSCAL
 * forbids leading and trailing white space) and never empty.
 */

#define OSCAL_VERSION "1.0.6"
#define BULWARK_NS "urn:bulwark:oscal"

/* UUID v5 of the URL "urn:bulwark". */
static const uint8_t bulwark_uuid_ns[16] = {
        0x1b, 0x77, 0x58, 0x41, 0xe0, 0xf1, 0x5c, 0x97, 0xbd, 0x53, 0xfa, 0xd7, 0x12, 0x59, 0x63, 0x10,
};

/* RFC 4122 section 4.3: SHA-1 over namespace and name, version 5, variant 10. */
static void uuid5(const char *name, char out[static 37])
{
        uint8_t md[EVP_MAX_MD_SIZE];
        unsigned mdlen = 0;
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();

        if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) != 1 ||
            EVP_DigestUpdate(ctx, bulwark_uuid_ns, sizeof(bulwark_uuid_ns)) != 1 ||
            EVP_DigestUpdate(ctx, name, strlen(name)) != 1 || EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen < 16)
                abort();
        EVP_MD_CTX_free(ctx);
        md[6] = (uint8_t) ((md[6] & 0x0F) | 0x50);
        md[8] = (uint8_t) ((md[8] & 0x3F) | 0x80);
        snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                 md[0], md[1], md[2], md[3], md[4], md[5], md[6], md[7],
                 md[8], md[9], md[10], md[11], md[12], md[13], md[14], md[15]);
}

static json_t *uuid_json(const char *fmt, ...) _printf_(1, 2);
static json_t *uuid_json(const char *fmt, ...)
{
        char u[37];
        va_list ap;
        char *name;

        va_start(ap, fmt);
        name = xvasprintf(fmt, ap);
        va_end(ap);
        uuid5(name, u);
        free(name);
        return json_string(u);
}

static json_t *take(json_t *j)
{
        if (!j)
                abort();
        return j;
}

/* A markup-line / markup-multiline field: Markdown, so device strings are escaped. */
static json_t *markup(const char *s)
{
        _cleanup_free_ char *e = escape_string(s && *s ? s : "(none)", ESCAPE_MARKDOWN);

        return take(json_string(e));
}

/* A StringDatatype field: valid UTF-8, no leading or trailing white space, not empty. */
static json_t *plain(const char *s)
{
        _cleanup_free_ char *e = escape_string(strempty(s), ESCAPE_TEXT);
        char *p = e, *end;

        while (*p == ' ')
                p++;
        end = p + strlen(p);
        while (end > p && end[-1] == ' ')
                *--end = 0;
        return take(json_string(*p ? p : "(none)"));
}

static json_t *prop(const char *name, const char *value)
{
        return take(json_pack("{s:s, s:s, s:o}", "name", name, "ns", BULWARK_NS, "value", plain(value)));
}

/* "CR 4.2 RE(1)" -> "cr-4.2-re-1": a Token (letters, digits, . - _). */
static char *control_id(const char *req_id)
{
        char *s = xmalloc0(strlen(req_id) * 2 + 1), *o = s;
        bool dash = false;

        for (const char *p = req_id; *p; p++) {
                if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.') {
                        if (dash && o > s)
                                *o++ = '-';
                        dash = false;
                        *o++ = (char) (*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
                } else
                        dash = true;
        }
        return s;
}

static bool is_enhancement_of(const struct requirement *e, const struct requirement *base)
{
        const char *rest = startswith(e->id, base->id);

        return rest && startswith(rest, " RE(");
}

static json_t *catalog_control(const struct requirement *req)
{
        _cleanup_free_ char *id = control_id(req->id);
        json_t *c, *parts, *props, *children = json_array();
        char sl[32];

        if (req->sl_min == 0)
                snprintf(sl, sizeof(sl), "none");
        else
                snprintf(sl, sizeof(sl), "%u", req->sl_min);
        props = json_pack("[{s:s, s:o}, o, o, o]",
                          "name", "label", "value", plain(req->id),
                          prop("sl-min", sl),
                          prop("cip-platform-status", req->cip),
                          prop("roles", req->roles == ROLE_NETWORK ? "network" : "embedded host network"));
        parts = json_pack("[{s:s, s:s, s:o}, {s:s, s:s, s:o}]",
                          "id", "", "name", "statement", "prose", markup(req->asks),
                          "id", "", "name", "guidance", "prose", markup(req->evidence));
        json_object_set_new(json_array_get(parts, 0), "id", take(json_sprintf("%s_smt", id)));
        json_object_set_new(json_array_get(parts, 1), "id", take(json_sprintf("%s_gdn", id)));
        if (req->scope_note)
                json_array_append_new(parts, take(json_pack("{s:o, s:s, s:s, s:o}",
                                                            "id", take(json_sprintf("%s_scope", id)),
                                                            "name", "scope", "ns", BULWARK_NS,
                                                            "prose", markup(req->scope_note))));
        c = take(json_pack("{s:s, s:o, s:o, s:o}", "id", id, "title", markup(req->title), "props", props, "parts", parts));
        for (size_t i = 0; i < catalogue_size; i++)
                if (is_enhancement_of(&catalogue[i], req))
                        json_array_append_new(children, catalog_control(&catalogue[i]));
        if (json_array_size(children) > 0)
                json_object_set_new(c, "controls", children);
        else
                json_decref(children);
        return c;
}

static bool is_enhancement(const struct requirement *req)
{
        for (size_t i = 0; i < catalogue_size; i++)
                if (&catalogue[i] != req && is_enhancement_of(req, &catalogue[i]))
                        return true;
        return false;
}

static json_t *metadata(const char *title, const char *ts)
{
        return take(json_pack("{s:o, s:s, s:s, s:s}", "title", markup(title), "last-modified", ts,
                              "version", BULWARK_VERSION, "oscal-version", OSCAL_VERSION));
}

static json_t *catalog_json(const char *ts)
{
        json_t *gs = json_array();

        for (size_t g = 0; g < catalogue_frs_size; g++) {
                const struct foundational_requirement *fr = &catalogue_frs[g];
                _cleanup_free_ char *title = xasprintf("%s %s", fr->id, fr->title);
                json_t *controls = json_array();

                for (size_t i = 0; i < catalogue_size; i++)
                        if (streq(catalogue[i].fr, fr->id) && !is_enhancement(&catalogue[i]))
                                json_array_append_new(controls, catalog_control(&catalogue[i]));
                json_array_append_new(gs, take(json_pack("{s:s, s:s, s:o}", "id", fr->slug, "title", title,
                                                         "controls", controls)));
        }
        /* The catalogue's identity is the tool version that carries it, not the time. */
        return take(json_pack("{s:{s:o, s:o, s:o}}", "catalog",
                              "uuid", uuid_json("catalog:%s", BULWARK_VERSION),
                              "metadata", metadata("IEC 62443-4-2 FR 4 and FR 5 requirements as assessed by Bulwark", ts),
                              "groups", gs));
}

static void stamp(const struct report *r, char ts[static REPORT_TIME_MAX])
{
        /* OSCAL requires a date-time; a report without one is stamped at the epoch, never with "now". */
        if (!report_format_time(r->generated, ts))
                snprintf(ts, REPORT_TIME_MAX, "1970-01-01T00:00:00Z");
}

json_t *report_to_oscal_catalog(const struct report *r)
{
        char ts[REPORT_TIME_MAX];

        stamp(r, ts);
        return catalog_json(ts);
}

static const char *oscal_state(enum verdict v) { return v == VERDICT_PASS || v == VERDICT_NA ? "satisfied" : "not-satisfied"; }

static const char *oscal_reason(enum verdict v)
{
        return v == VERDICT_PASS ? "pass" : v == VERDICT_FAIL ? "fail" : "other";
}

static json_t *observation(const struct report *r, const char *doc, const struct check_result *c)
{
        json_t *o, *ev = json_array();

        for (size_t e = 0; e < c->n_evidence; e++) {
                const struct evidence *x = &c->evidence[e];
                _cleanup_free_ char *d = xasprintf("[%s] %s%s%s", strempty(x->kind), strempty(x->path), x->path ? ": " : "",
                                                   strempty(x->detail));
                json_t *item = take(json_pack("{s:o}", "description", markup(d)));
                json_t *props = json_array();

                json_array_append_new(props, prop("evidence-kind", x->kind));
                if (x->path)
                        json_array_append_new(props, prop("path", x->path));
                if (x->sha256)
                        json_array_append_new(props, prop("sha256", x->sha256));
                json_object_set_new(item, "props", props);
                json_array_append_new(ev, item);
        }
        o = take(json_pack("{s:o, s:o, s:o, s:[o, o], s:[s], s:s}",
                           "uuid", uuid_json("%s:observation:%s", doc, c->id),
                           "title", markup(c->title),
                           "description", markup(c->summary),
                           "props", prop("check-id", c->id), prop("verdict", verdict_to_string(c->verdict)),
                           "methods", r->live ? "TEST" : "EXAMINE",
                           "collected", ""));
        if (json_array_size(ev) > 0)
                json_object_set_new(o, "relevant-evidence", ev);
        else
                json_decref(ev);
        return o;
}

static json_t *finding(const struct report *r, const char *doc, const struct requirement_result *rr)
{
        _cleanup_free_ char *id = control_id(rr->req->id);
        _cleanup_free_ char *title = xasprintf("%s %s", rr->req->id, rr->req->title);
        _cleanup_free_ char *desc = NULL;
        json_t *f, *status, *related = json_array();
        char *remarks = NULL;

        desc = xasprintf("%s: %s.%s%s", rr->req->id, verdict_to_status(rr->verdict), rr->scope_reason ? " " : "",
                         strempty(rr->scope_reason));
        status = take(json_pack("{s:s, s:s}", "state", oscal_state(rr->verdict), "reason", oscal_reason(rr->verdict)));
        if (rr->verdict == VERDICT_MANUAL)
                json_object_set_new(status, "remarks", markup("Needs evidence an assessor reviews by hand."));
        else if (rr->verdict == VERDICT_ERROR)
                json_object_set_new(status, "remarks", markup("Could not be evaluated; see the observations."));
        else if (rr->verdict == VERDICT_NA)
                json_object_set_new(status, "remarks", markup("Not applicable on this target."));
        for (size_t k = 0; k < rr->n_checks; k++) {
                const struct check_result *c = &r->checks[rr->checks[k]];

                json_array_append_new(related, take(json_pack("{s:o}", "observation-uuid",
                                                              uuid_json("%s:observation:%s", doc, c->id))));
                if (c->action && c->verdict != VERDICT_PASS) {
                        char *n = xasprintf("%s%s%s: %s", strempty(remarks), remarks ? " " : "", c->id, c->action);
                        free(remarks);
                        remarks = n;
                }
        }
        f = take(json_pack("{s:o, s:o, s:o, s:[o], s:{s:s, s:o, s:o}}",
                           "uuid", uuid_json("%s:finding:%s", doc, rr->req->id),
                           "title", markup(title),
                           "description", markup(desc),
                           "props", prop("verdict", verdict_to_string(rr->verdict)),
                           "target", "type", "objective-id", "target-id", take(json_sprintf("%s_obj", id)),
                           "status", status));
        if (json_array_size(related) > 0)
                json_object_set_new(f, "related-observations", related);
        else
                json_decref(related);
        if (remarks) {
                _cleanup_free_ char *u = xasprintf("User action: %s", remarks);
                json_object_set_new(f, "remarks", markup(u));
                free(remarks);
        }
        return f;
}

static char *base64(const char *buf, size_t len)
{
        char *out;

        if (len > INT32_MAX / 2)
                abort();
        out = xmalloc0(4 * ((len + 2) / 3) + 1);
        EVP_EncodeBlock((unsigned char *) out, (const unsigned char *) buf, (int) len);
        return out;
}

json_t *report_to_oscal(const struct report *r)
{
        char ts[REPORT_TIME_MAX], doc[37], plan_uuid[37], sl[8];
        _cleanup_free_ char *docname = NULL, *title = NULL, *cat_text = NULL, *cat_b64 = NULL, *plan = NULL, *excluded = NULL;
        json_t *include = json_array(), *exclude = json_array(), *observations = json_array(), *findings = json_array();
        json_t *selection, *result, *cat;
        size_t n_excluded = 0;

        stamp(r, ts);
        /* The document names one assessment: this target, this profile, this time. */
        docname = xasprintf("assessment-results:%s:%s:%s:%u:%s:%s:%s", r->live ? "live" : "offline", strempty(r->root),
                            strempty(r->hostname), r->sl, strempty(r->role), strempty(r->crypto_policy), ts);
        uuid5(docname, doc);
        {
                _cleanup_free_ char *n = xasprintf("%s:assessment-plan", doc);
                uuid5(n, plan_uuid);
        }
        snprintf(sl, sizeof(sl), "%u", r->sl);

        for (size_t i = 0; i < r->n_requirements; i++) {
                const struct requirement_result *rr = &r->requirements[i];
                _cleanup_free_ char *id = control_id(rr->req->id);
                json_t *sel = take(json_pack("{s:s}", "control-id", id));

                if (rr->in_scope) {
                        json_array_append_new(include, sel);
                        json_array_append_new(findings, finding(r, doc, rr));
                } else {
                        char *n = xasprintf("%s%s%s (%s)", strempty(excluded), excluded ? "; " : "", rr->req->id,
                                            strempty(rr->scope_reason));
                        json_array_append_new(exclude, sel);
                        free(excluded);
                        excluded = n;
                        n_excluded++;
                }
        }
        for (size_t i = 0; i < r->n_checks; i++)
                json_array_append_new(observations, observation(r, doc, &r->checks[i]));

        selection = take(json_pack("{s:o}", "description", markup("Requirements in scope for the assessed security level and role.")));
        if (json_array_size(include) > 0)
                json_object_set_new(selection, "include-controls", include);
        else
                json_decref(include);
        if (n_excluded > 0) {
                _cleanup_free_ char *why = xasprintf("Out of scope: %s.", excluded);
                json_object_set_new(selection, "exclude-controls", exclude);
                json_object_set_new(selection, "remarks", markup(why));
        } else
                json_decref(exclude);

        title = xasprintf("Bulwark assessment of %s", strna(r->hostname));
        plan = xasprintf("bulwark assess: SL %u, role %s, crypto policy %s, %s target%s%s.", r->sl, strempty(r->role),
                         strempty(r->crypto_policy), r->live ? "live" : "offline", r->live ? "" : " ", r->live ? "" : strempty(r->root));
        result = take(json_pack("{s:o, s:o, s:o, s:s, s:s, s:[o, o, o, o], s:{s:[o]}}",
                                "uuid", uuid_json("%s:result", doc),
                                "title", markup(title),
                                "description", markup(plan),
                                "start", ts,
                                "end", ts,
                                "props", prop("security-level", sl),
                                prop("role", r->role), prop("crypto-policy", r->crypto_policy),
                                prop("target-mode", r->live ? "live" : r->image_sha256 ? "image" : "offline"),
                                "reviewed-controls", "control-selections", selection));
        /* The evidence was collected when the assessment ran. */
        for (size_t i = 0; i < json_array_size(observations); i++)
                json_object_set_new(json_array_get(observations, i), "collected", json_string(ts));
        if (json_array_size(observations) > 0)
                json_object_set_new(result, "observations", observations);
        else
                json_decref(observations);
        if (json_array_size(findings) > 0)
                json_object_set_new(result, "findings", findings);
        else
                json_decref(findings);

        cat = catalog_json(ts);
        cat_text = json_dumps(cat, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
        json_decref(cat);
        if (!cat_text)
                abort();
        cat_b64 = base64(cat_text, strlen(cat_text));

        /* import-ap is required; it points at the plan, described in the back-matter. */
        return take(json_pack(
                "{s:{s:s, s:o, s:{s:o}, s:[o], s:{s:[{s:s, s:o, s:o}, {s:o, s:o, s:o, s:{s:s, s:s, s:s}}]}}}",
                "assessment-results",
                "uuid", doc,
                "metadata", metadata(title, ts),
                "import-ap", "href", take(json_sprintf("#%s", plan_uuid)),
                "results", result,
                "back-matter", "resources",
                "uuid", plan_uuid,
                "title", markup("Assessment plan"),
                "description", markup(plan),
                "uuid", uuid_json("%s:catalog", doc),
                "title", markup("Requirement catalogue (OSCAL catalog)"),
                "description", markup("The IEC 62443-4-2 FR 4 and FR 5 requirements the findings refer to."),
                "base64", "filename", "bulwark-catalog.json", "media-type", "application/json", "value", cat_b64));
}

int report_write_oscal(const struct report *r, const struct report_write_options *o, FILE *f)
{
        json_t *j = report_to_oscal(r);
        int k = json_dumpf(j, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
        json_decref(j);
        if (k < 0 || fputc('\n', f) == EOF)
                return -EIO;
        return 0;
}

int report_write_oscal_catalog(const struct report *r, const struct report_write_options *o, FILE *f)
{
        json_t *j = report_to_oscal_catalog(r);
        int k = json_dumpf(j, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);

        json_decref(j);
        if (k < 0 || fputc('\n', f) == EOF)
                return -EIO;
        return 0;
}
