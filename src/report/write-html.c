/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "catalogue.h"
#include "escape.h"
#include "macro.h"
#include "model.h"
#include "writers.h"

/*
 * One self-contained HTML file: no script, no external asset (the CSS is
 * inline), so it opens offline, prints, and can be attached to a
 * certification file as it is. A Content-Security-Policy that allows nothing
 * but the inline style is a second line behind the escaping: should a string
 * ever slip through, the browser still loads and runs nothing.
 *
 * Layout: the target, then the summary (a bar per FR of its requirements'
 * verdicts, drawn with CSS widths; per requirement: verdict, in scope, SL),
 * then per requirement its checks with their evidence (a <details>, open
 * under what is not met) and actions.
 */

static void put_html(FILE *f, const char *s) { escape_write(f, s, ESCAPE_XML); }

static const char style[] =
        "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
        "color:#1d2330;margin:2rem auto;max-width:70rem;padding:0 1rem}"
        "h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:2px solid #d8dde6;padding-bottom:.2rem}"
        "h3{font-size:1rem;margin:1rem 0 .3rem}"
        "table{border-collapse:collapse;width:100%;margin:.5rem 0}"
        "th,td{border:1px solid #d8dde6;padding:.35rem .55rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}"
        "th{background:#eef1f6}"
        "table.meta th{width:12rem}"
        ".v{display:inline-block;min-width:5.5rem;text-align:center;border-radius:.25rem;padding:.05rem .4rem;font-weight:600;color:#fff}"
        ".v-pass{background:#1a7f37}.v-fail{background:#c62828}.v-error{background:#b45309}"
        ".v-manual{background:#6d28d9}.v-na{background:#6b7280}"
        ".check{border:1px solid #d8dde6;border-left:6px solid #6b7280;border-radius:.25rem;margin:.6rem 0;padding:.5rem .8rem}"
        ".check.c-pass{border-left-color:#1a7f37}.check.c-fail{border-left-color:#c62828}"
        ".check.c-error{border-left-color:#b45309}.check.c-manual{border-left-color:#6d28d9}"
        ".id{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:.9em}"
        ".action{background:#fff8e1;border-left:4px solid #f59e0b;padding:.3rem .6rem;margin:.4rem 0}"
        "ul.ev{margin:.3rem 0;padding-left:1.2rem}ul.ev li{margin:.15rem 0}"
        "details.ev>summary{cursor:pointer;color:#5b6475}"
        ".chart{margin:.5rem 0 1rem}.chart .row{display:flex;align-items:center;margin:.25rem 0}"
        ".chart .fr{width:14rem;font-weight:600}.chart .bar{flex:1;display:flex;height:1.4rem;border-radius:.25rem;overflow:hidden}"
        ".chart .bar span{display:block;color:#fff;font-size:.8em;text-align:center;line-height:1.4rem;overflow:hidden}"
        ".muted{color:#5b6475}.hash{font-family:ui-monospace,monospace;font-size:.8em;color:#5b6475;overflow-wrap:anywhere}"
        "@media print{body{margin:0;max-width:none}h2{break-after:avoid}.check,tr{break-inside:avoid}"
        ".v{color:#000;border:1px solid #000;background:none!important}}";

static void put_badge(FILE *f, enum verdict v)
{
        fprintf(f, "<span class=\"v v-%s\">%s</span>", verdict_to_string(v), verdict_to_status(v));
}

/* Anchors come from the catalogue's IDs: "CR 4.2 RE(1)" -> "cr-4-2-re-1". */
static void put_anchor(FILE *f, const char *id)
{
        bool dash = false;

        fputs("req-", f);
        for (const char *p = id; *p; p++) {
                if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
                        if (dash)
                                fputc('-', f);
                        dash = false;
                        fputc(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p, f);
                } else
                        dash = true;
        }
}

static void put_sl(FILE *f, const struct requirement *req)
{
        if (req->sl_min == 0)
                fputs("none (evidence only)", f);
        else if (req->sl_min >= 4)
                fputs("SL 4", f);
        else
                fprintf(f, "SL %u-4", req->sl_min);
}

static void put_head(const struct report *r, FILE *f)
{
        char ts[REPORT_TIME_MAX];

        fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<meta name=\"generator\" content=\"bulwark ", f);
        put_html(f, strna(r->tool_version));
        fputs("\">\n<title>IEC 62443-4-2 FR 4/FR 5 assessment of ", f);
        put_html(f, strna(r->hostname));
        fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);
        fputs("<h1>IEC 62443-4-2 FR 4 and FR 5 assessment of ", f);
        put_html(f, strna(r->hostname));
        fputs("</h1>\n<table class=\"meta\">\n<tr><th>Target</th><td>", f);
        if (r->live)
                fputs("live system", f);
        else if (r->image_sha256) {
                fputs("disk image <span class=\"id\">", f);
                put_html(f, strna(r->root));
                fputs("</span>", f);
                if (r->image_partition) {
                        fprintf(f, ", partition %u <span class=\"id\">", r->image_partition_number);
                        put_html(f, r->image_partition);
                        fputs("</span>", f);
                }
                fputs(" (", f);
                put_html(f, strna(r->image_fstype));
                fputs("), <span class=\"hash\">sha256 ", f);
                put_html(f, r->image_sha256);
                fputs("</span>", f);
        } else {
                fputs("offline root tree <span class=\"id\">", f);
                put_html(f, strna(r->root));
                fputs("</span>", f);
        }
        fputs("</td></tr>\n", f);
        if (r->os) {
                fputs("<tr><th>Operating system</th><td>", f);
                put_html(f, r->os);
                fputs("</td></tr>\n", f);
        }
        fprintf(f, "<tr><th>Security level</th><td>SL %u</td></tr>\n<tr><th>Role</th><td>", r->sl);
        put_html(f, r->role);
        fputs("</td></tr>\n<tr><th>Crypto policy</th><td>", f);
        put_html(f, r->crypto_policy);
        fputs("</td></tr>\n<tr><th>Tool</th><td>bulwark ", f);
        put_html(f, strna(r->tool_version));
        fputs("</td></tr>\n", f);
        if (r->generated > 0 && report_format_time(r->generated, ts))
                fprintf(f, "<tr><th>Assessed</th><td>%s</td></tr>\n", ts);
        fputs("</table>\n", f);
        for (size_t i = 0; r->notes && r->notes[i]; i++) {
                fputs("<p class=\"muted\">Note: ", f);
                put_html(f, r->notes[i]);
                fputs("</p>\n", f);
        }
}

static const enum verdict verdict_order[] = { VERDICT_PASS, VERDICT_FAIL, VERDICT_ERROR, VERDICT_MANUAL, VERDICT_NA };

/* One bar per FR, its requirements' verdicts as segments: plain CSS widths, nothing the CSP would block. */
static void put_chart(const struct report *r, FILE *f)
{
        fputs("<div class=\"chart\" role=\"img\" aria-label=\"requirement verdicts per FR\">\n", f);
        for (size_t i = 0; i < r->n_requirements;) {
                const char *fr = r->requirements[i].req->fr;
                unsigned n[_VERDICT_MAX] = {}, total = 0;

                for (; i < r->n_requirements && streq_ptr(r->requirements[i].req->fr, fr); i++) {
                        n[r->requirements[i].verdict]++;
                        total++;
                }
                fputs("<div class=\"row\"><span class=\"fr\">", f);
                put_html(f, fr);
                fputc(' ', f);
                put_html(f, catalogue_fr_title(fr));
                fputs("</span><span class=\"bar\">", f);
                for (size_t k = 0; k < ARRAY_SIZE(verdict_order); k++) {
                        enum verdict v = verdict_order[k];

                        if (n[v] == 0)
                                continue;
                        fprintf(f, "<span class=\"v-%s\" style=\"width:%.2f%%\" title=\"%u %s\">%u %s</span>",
                                verdict_to_string(v), 100.0 * n[v] / total, n[v], verdict_to_status(v), n[v],
                                verdict_to_status(v));
                }
                fputs("</span></div>\n", f);
        }
        fputs("</div>\n", f);
}

static void put_summary(const struct report *r, FILE *f)
{
        const enum verdict *order = verdict_order;

        fputs("<h2 id=\"summary\">Summary</h2>\n<p>", f);
        for (size_t i = 0; i < ARRAY_SIZE(verdict_order); i++) {
                put_badge(f, order[i]);
                fprintf(f, " %u &#160; ", r->summary[order[i]]);
        }
        fprintf(f, "of %zu requirements</p>\n", r->n_requirements);
        put_chart(r, f);
        fputs("<table class=\"summary\">\n<thead><tr><th>Requirement</th><th>Title</th><th>Applies from</th>"
              "<th>In scope</th><th>Verdict</th></tr></thead>\n<tbody>\n", f);
        for (size_t i = 0; i < r->n_requirements; i++) {
                const struct requirement_result *rr = &r->requirements[i];

                fputs("<tr><td><a href=\"#", f);
                put_anchor(f, rr->req->id);
                fputs("\">", f);
                put_html(f, rr->req->id);
                fputs("</a></td><td>", f);
                put_html(f, rr->req->title);
                fputs("</td><td>", f);
                put_sl(f, rr->req);
                fprintf(f, "</td><td>%s</td><td>", rr->in_scope ? "yes" : "no");
                put_badge(f, rr->verdict);
                fputs("</td></tr>\n", f);
        }
        fputs("</tbody>\n</table>\n", f);
}

static void put_check(FILE *f, const struct requirement_result *rr, const struct check_result *c)
{
        fprintf(f, "<div class=\"check c-%s\">\n<p>", verdict_to_string(c->verdict));
        put_badge(f, c->verdict);
        fputs(" <span class=\"id\">", f);
        put_html(f, c->id);
        fputs("</span> &#8212; ", f);
        put_html(f, c->title);
        fputs("</p>\n<p>", f);
        put_html(f, c->summary);
        fputs("</p>\n", f);
        if (c->n_evidence > 0) {
                bool met = c->verdict == VERDICT_PASS || c->verdict == VERDICT_NA;

                fprintf(f, "<details class=\"ev\"%s><summary>Evidence (%zu)</summary>\n<ul class=\"ev\">\n",
                        met ? "" : " open", c->n_evidence);
                for (size_t e = 0; e < c->n_evidence; e++) {
                        const struct evidence *ev = &c->evidence[e];

                        fputs("<li><span class=\"muted\">", f);
                        put_html(f, ev->kind);
                        fputs("</span> ", f);
                        if (ev->path) {
                                fputs("<span class=\"id\">", f);
                                put_html(f, ev->path);
                                fputs("</span>: ", f);
                        }
                        put_html(f, ev->detail);
                        if (ev->sha256) {
                                fputs(" <span class=\"hash\">sha256 ", f);
                                put_html(f, ev->sha256);
                                fputs("</span>", f);
                        }
                        fputs("</li>\n", f);
                }
                fputs("</ul>\n</details>\n", f);
        }
        if (c->action && c->verdict != VERDICT_PASS && rr->in_scope) {
                fputs("<p class=\"action\"><strong>Action:</strong> ", f);
                put_html(f, c->action);
                fputs("</p>\n", f);
        }
        fputs("</div>\n", f);
}

static void put_requirement(const struct report *r, const struct requirement_result *rr, FILE *f)
{
        fputs("<section>\n<h2 id=\"", f);
        put_anchor(f, rr->req->id);
        fputs("\">", f);
        put_html(f, rr->req->id);
        fputc(' ', f);
        put_html(f, rr->req->title);
        fputc(' ', f);
        put_badge(f, rr->verdict);
        fputs("</h2>\n<p>", f);
        put_html(f, rr->req->asks);
        fputs(" <span class=\"muted\">CIP platform status: ", f);
        put_html(f, rr->req->cip);
        fputs(".</span></p>\n", f);
        if (!rr->in_scope) {
                fputs("<p><strong>Out of scope:</strong> ", f);
                put_html(f, rr->scope_reason);
                fputs(". The checks are shown as supporting evidence.</p>\n", f);
        } else if (rr->scope_reason) {
                fputs("<p>", f);
                put_html(f, rr->scope_reason);
                fputs("</p>\n", f);
        }
        for (size_t k = 0; k < rr->n_checks; k++)
                put_check(f, rr, &r->checks[rr->checks[k]]);
        fputs("</section>\n", f);
}

int report_write_html(const struct report *r, const struct report_write_options *o, FILE *f)
{
        put_head(r, f);
        put_summary(r, f);
        for (size_t i = 0; i < r->n_requirements; i++)
                put_requirement(r, &r->requirements[i], f);
        fputs("<p class=\"muted\">Written by bulwark. Verdicts: Met (pass), Not met (fail), NA (not applicable or out of scope), "
              "Manual (needs the assessor's evidence), Error (could not be evaluated).</p>\n</body>\n</html>\n", f);
        return ferror(f) ? -EIO : 0;
}
