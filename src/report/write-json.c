/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <jansson.h>

#include "catalogue.h"
#include "escape.h"
#include "macro.h"
#include "model.h"
#include "writers.h"
#include "version.h"

/* The bulwark-assessment/1 contract (docs/assessment.schema.json, docs/REPORTS.md): add fields freely, rename never. */

/*
 * Strings come from the device and may hold any bytes; jansson refuses
 * invalid UTF-8 (json_string returns NULL), so every string goes through the
 * sanitiser and a hostile package version cannot make the report vanish.
 */
static json_t *str(const char *s)
{
        _cleanup_free_ char *clean = escape_string(strempty(s), ESCAPE_JSON);
        json_t *j = json_string(clean);

        if (!j)
                abort();
        return j;
}

static json_t *str_or_null(const char *s) { return s ? str(s) : json_null(); }

static json_t *evidence_json(const struct evidence *e)
{
        json_t *o = json_pack("{s:o}", "kind", str(e->kind));

        if (e->path)
                json_object_set_new(o, "path", str(e->path));
        if (e->sha256)
                json_object_set_new(o, "sha256", str(e->sha256));
        json_object_set_new(o, "detail", str(e->detail));
        return o;
}

static json_t *check_json(const struct check_result *c)
{
        json_t *ev = json_array();

        for (size_t i = 0; i < c->n_evidence; i++)
                json_array_append_new(ev, evidence_json(&c->evidence[i]));
        return json_pack("{s:o, s:o, s:s, s:o, s:o, s:o}",
                         "id", str(c->id),
                         "title", str(c->title),
                         "verdict", verdict_to_string(c->verdict),
                         "summary", str(c->summary),
                         "evidence", ev,
                         "action", str_or_null(c->action));
}

json_t *report_to_json(const struct report *r)
{
        json_t *reqs = json_array(), *summary = json_object(), *notes = json_array(), *target, *generated;
        char ts[REPORT_TIME_MAX];

        for (size_t i = 0; i < r->n_requirements; i++) {
                const struct requirement_result *rr = &r->requirements[i];
                json_t *checks = json_array(), *o;

                for (size_t k = 0; k < rr->n_checks; k++)
                        json_array_append_new(checks, check_json(&r->checks[rr->checks[k]]));
                o = json_pack("{s:s, s:s, s:s, s:b, s:s, s:o}",
                              "id", rr->req->id,
                              "title", rr->req->title,
                              "fr", rr->req->fr,
                              "in_scope", rr->in_scope,
                              "verdict", verdict_to_string(rr->verdict),
                              "checks", checks);
                if (rr->scope_reason)
                        json_object_set_new(o, rr->in_scope ? "note" : "scope_reason", str(rr->scope_reason));
                json_array_append_new(reqs, o);
        }
        for (int v = 0; v < _VERDICT_MAX; v++)
                json_object_set_new(summary, verdict_to_string((enum verdict) v), json_integer(r->summary[v]));
        for (size_t i = 0; r->notes && r->notes[i]; i++)
                json_array_append_new(notes, str(r->notes[i]));

        generated = report_format_time(r->generated, ts) ? json_string(ts) : json_null();
        target = json_pack("{s:s, s:o, s:o, s:o}",
                           "mode", r->live ? "live" : r->image_sha256 ? "image" : "offline",
                           "root", str_or_null(r->root),
                           "hostname", str_or_null(r->hostname),
                           "os", str_or_null(r->os));
        if (r->image_sha256)
                json_object_set_new(target, "image", json_pack("{s:s, s:o, s:i, s:o}",
                                    "sha256", r->image_sha256,
                                    "partition", str_or_null(r->image_partition),
                                    "partition_number", (int) r->image_partition_number,
                                    "file_system", str_or_null(r->image_fstype)));

        return json_pack("{s:s, s:{s:s, s:s}, s:o, s:o, s:{s:i, s:o, s:o}, s:o, s:o, s:o}",
                         "schema", "bulwark-assessment/1",
                         "tool", "name", "bulwark", "version", BULWARK_VERSION,
                         "generated", generated,
                         "target", target,
                         "profile", "sl", (int) r->sl, "role", str(r->role), "crypto_policy", str(r->crypto_policy),
                         "notes", notes,
                         "requirements", reqs,
                         "summary", summary);
}

int report_write_json(const struct report *r, const struct report_write_options *o, FILE *f)
{
        json_t *j = report_to_json(r);
        int k;

        if (!j)
                return -ENOMEM;
        k = json_dumpf(j, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
        json_decref(j);
        if (k < 0 || fputc('\n', f) == EOF)
                return -EIO;
        return 0;
}
