/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "catalogue.h"
#include "escape.h"
#include "macro.h"
#include "model.h"
#include "writers.h"

/*
 * The assessment document a certification body reviews, in the shape of the
 * CIP project's own IEC 62443-4-2 FR-4/FR-5 assessment page: a summary table
 * first, then per requirement a numbered section "ID Title [Status]" with
 * "How ID is met" (or why it is not met / NA) backed by the evidence, and
 * "User action". Every string that can come from the device goes through
 * ESCAPE_MARKDOWN, which keeps it inline text: no table cell break, no code
 * span, no link, no raw HTML.
 */

static void put_md(FILE *f, const char *s) { escape_write(f, s, ESCAPE_MARKDOWN); }

static const char *scope_word(const struct requirement_result *rr) { return rr->in_scope ? "yes" : "no"; }

static void put_header(const struct report *r, FILE *f)
{
        char ts[REPORT_TIME_MAX];

        fputs("# IEC 62443-4-2 FR 4 and FR 5 assessment of ", f);
        put_md(f, strna(r->hostname));
        fputs("\n\n| Item | Value |\n|---|---|\n", f);
        fputs("| Target | ", f);
        put_md(f, strna(r->hostname));
        if (r->live)
                fputs(" (live system)", f);
        else {
                fputs(" (offline root tree ", f);
                put_md(f, r->root);
                fputc(')', f);
        }
        fputs(" |\n", f);
        if (r->os) {
                fputs("| Operating system | ", f);
                put_md(f, r->os);
                fputs(" |\n", f);
        }
        fprintf(f, "| Security level | SL %u |\n", r->sl);
        fputs("| Role | ", f);
        put_md(f, r->role);
        fputs(" |\n| Crypto policy | ", f);
        put_md(f, r->crypto_policy);
        fputs(" |\n| Tool | bulwark ", f);
        put_md(f, strna(r->tool_version));
        fputs(" |\n", f);
        if (r->generated > 0 && report_format_time(r->generated, ts))
                fprintf(f, "| Assessed | %s |\n", ts);
        fputs("\nStatus words: **Met** (pass), **Not met** (fail), **NA** (not applicable or out of scope), "
              "**Manual** (needs the assessor's evidence), **Error** (could not be evaluated; the reason is given).\n", f);
}

static void put_summary(const struct report *r, FILE *f)
{
        fputs("\n## Summary\n\n| Requirement | Title | In scope | Verdict |\n|---|---|---|---|\n", f);
        for (size_t i = 0; i < r->n_requirements; i++) {
                const struct requirement_result *rr = &r->requirements[i];

                fputs("| ", f);
                put_md(f, rr->req->id);
                fputs(" | ", f);
                put_md(f, rr->req->title);
                fprintf(f, " | %s | %s |\n", scope_word(rr), verdict_to_status(rr->verdict));
        }
        fprintf(f, "\nRequirements: %u met, %u not met, %u error, %u manual, %u NA.\n",
                r->summary[VERDICT_PASS], r->summary[VERDICT_FAIL], r->summary[VERDICT_ERROR],
                r->summary[VERDICT_MANUAL], r->summary[VERDICT_NA]);
        if (r->notes && r->notes[0]) {
                fputs("\nNotes on this assessment:\n\n", f);
                for (size_t i = 0; r->notes[i]; i++) {
                        fputs("- ", f);
                        put_md(f, r->notes[i]);
                        fputc('\n', f);
                }
        }
}

static void put_evidence(FILE *f, const struct evidence *ev)
{
        fputs("  - Evidence (", f);
        put_md(f, ev->kind);
        if (ev->path) {
                fputs(", ", f);
                put_md(f, ev->path);
        }
        fputs("): ", f);
        put_md(f, ev->detail);
        if (ev->sha256) {
                fputs(" (SHA-256 ", f);
                put_md(f, ev->sha256);
                fputc(')', f);
        }
        fputc('\n', f);
}

static void put_check(FILE *f, const struct check_result *c)
{
        fprintf(f, "- **%s** ", verdict_to_status(c->verdict));
        put_md(f, c->id);
        fputs(" (", f);
        put_md(f, c->title);
        fputs("): ", f);
        put_md(f, c->summary);
        fputc('\n', f);
        for (size_t e = 0; e < c->n_evidence; e++)
                put_evidence(f, &c->evidence[e]);
}

/* "How CR 4.1 is met", "Why CR 4.1 is not met", ...: words around the requirement ID. */
static void put_how_heading(FILE *f, const struct requirement_result *rr)
{
        static const char *const words[_VERDICT_MAX][2] = {
                [VERDICT_PASS] = { "How ", " is met" },
                [VERDICT_FAIL] = { "Why ", " is not met" },
                [VERDICT_NA] = { "Why ", " is NA" },
                [VERDICT_MANUAL] = { "What shows ", " (for manual review)" },
                [VERDICT_ERROR] = { "Why ", " could not be evaluated" },
        };

        fputs(words[rr->verdict][0], f);
        put_md(f, rr->req->id);
        fputs(words[rr->verdict][1], f);
}

static void put_requirement(const struct report *r, const struct requirement_result *rr, size_t n, FILE *f)
{
        bool any_action = false;

        fprintf(f, "\n## %zu. ", n);
        put_md(f, rr->req->id);
        fputc(' ', f);
        put_md(f, rr->req->title);
        fprintf(f, " [%s]\n\n", verdict_to_status(rr->verdict));

        fprintf(f, "### %zu.1 ", n);
        put_how_heading(f, rr);
        fputs("\n\n", f);
        fputs("What it asks: ", f);
        put_md(f, rr->req->asks);
        fputs("\n\nCIP platform status: ", f);
        put_md(f, rr->req->cip);
        fputs(".\n\n", f);
        if (!rr->in_scope) {
                fputs("Out of scope for this assessment: ", f);
                put_md(f, rr->scope_reason);
                fputs(". The checks below are reported as supporting evidence.\n\n", f);
        } else if (rr->scope_reason) {
                put_md(f, rr->scope_reason);
                fputs("\n\n", f);
        }
        if (rr->n_checks == 0 && !rr->scope_reason)
                fputs("No check serves this requirement.\n", f);
        for (size_t k = 0; k < rr->n_checks; k++)
                put_check(f, &r->checks[rr->checks[k]]);

        fprintf(f, "\n### %zu.2 User action\n\n", n);
        for (size_t k = 0; k < rr->n_checks; k++) {
                const struct check_result *c = &r->checks[rr->checks[k]];

                if (!c->action || c->verdict == VERDICT_PASS || (!rr->in_scope && c->verdict == VERDICT_NA))
                        continue;
                fputs("- ", f);
                put_md(f, c->id);
                fputs(": ", f);
                put_md(f, c->action);
                fputc('\n', f);
                any_action = true;
        }
        if (!any_action)
                fputs(rr->verdict == VERDICT_PASS || rr->verdict == VERDICT_NA
                      ? "No action required; the evidence above can be presented as it is.\n"
                      : "No action was named by the checks; see the findings above.\n", f);
}

int report_write_markdown(const struct report *r, const struct report_write_options *o, FILE *f)
{
        put_header(r, f);
        put_summary(r, f);
        for (size_t i = 0; i < r->n_requirements; i++)
                put_requirement(r, &r->requirements[i], i + 1, f);
        return ferror(f) ? -EIO : 0;
}
