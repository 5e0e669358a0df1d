/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "catalogue.h"
#include "macro.h"
#include "model.h"

#define ANSI_RED "\033[31m"
#define ANSI_GREEN "\033[32m"
#define ANSI_YELLOW "\033[33m"
#define ANSI_GREY "\033[90m"
#define ANSI_BOLD "\033[1m"
#define ANSI_RESET "\033[0m"

static const char *verdict_color(enum verdict v)
{
        switch (v) {
        case VERDICT_PASS: return ANSI_GREEN;
        case VERDICT_FAIL: return ANSI_RED;
        case VERDICT_ERROR:
        case VERDICT_MANUAL: return ANSI_YELLOW;
        default: return ANSI_GREY;
        }
}

static void put_verdict(FILE *f, enum verdict v, bool color)
{
        if (color)
                fprintf(f, "%s%-6s%s", verdict_color(v), verdict_to_string(v), ANSI_RESET);
        else
                fprintf(f, "%-6s", verdict_to_string(v));
}

int report_write_text(const struct report *r, const struct report_write_options *o, FILE *f)
{
        bool color = o && o->color;
        const char *fr = NULL;

        fprintf(f, "Bulwark assessment of %s (%s%s%s), SL %u, role %s, crypto policy %s\n",
                strna(r->hostname), r->live ? "live" : "offline: ", r->live ? "" : strempty(r->root),
                "", r->sl, strempty(r->role), strempty(r->crypto_policy));
        if (r->os)
                fprintf(f, "System: %s\n", r->os);
        for (size_t i = 0; r->notes && r->notes[i]; i++)
                fprintf(f, "Note: %s\n", r->notes[i]);

        for (size_t i = 0; i < r->n_requirements; i++) {
                const struct requirement_result *rr = &r->requirements[i];

                if (!streq_ptr(fr, rr->req->fr)) {
                        fr = rr->req->fr;
                        fprintf(f, "\n%s%s%s\n", color ? ANSI_BOLD : "", fr, color ? ANSI_RESET : "");
                }
                fputs("  ", f);
                put_verdict(f, rr->verdict, color);
                fprintf(f, " %-14s %s", rr->req->id, rr->req->title);
                if (!rr->in_scope)
                        fprintf(f, " (out of scope: %s)", strempty(rr->scope_reason));
                fputc('\n', f);
                if (!rr->in_scope)
                        continue;
                for (size_t k = 0; k < rr->n_checks; k++) {
                        const struct check_result *c = &r->checks[rr->checks[k]];

                        fputs("      ", f);
                        put_verdict(f, c->verdict, color);
                        fprintf(f, " %s: %s\n", c->id, strempty(c->summary));
                        if (c->verdict == VERDICT_FAIL || c->verdict == VERDICT_ERROR) {
                                for (size_t e = 0; e < c->n_evidence; e++)
                                        fprintf(f, "             evidence: %s%s%s\n",
                                                c->evidence[e].path ? c->evidence[e].path : "",
                                                c->evidence[e].path ? ": " : "", strempty(c->evidence[e].detail));
                                if (c->action)
                                        fprintf(f, "             action: %s\n", c->action);
                        }
                }
        }
        fprintf(f, "\nSummary: %u pass, %u fail, %u error, %u manual, %u na\n",
                r->summary[VERDICT_PASS], r->summary[VERDICT_FAIL], r->summary[VERDICT_ERROR],
                r->summary[VERDICT_MANUAL], r->summary[VERDICT_NA]);
        return ferror(f) ? -EIO : 0;
}
