/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "catalogue.h"
#include "escape.h"
#include "macro.h"
#include "model.h"
#include "writers.h"

/*
 * The terminal report: grouped by FR, one line per requirement and per
 * check, and under every check that is not met (fail, error, manual) its
 * first TOP_EVIDENCE pieces of evidence and the action that fixes it,
 * wrapped to the width with a hanging indent; then the summary line.
 * Verbose: every piece of evidence of every check. Quiet: only the checks
 * that fail or end in error (with their action) and the summary line.
 * Colour only when the CLI says the output is a terminal.
 * Strings from the device go through ESCAPE_TEXT, so an escape sequence in a
 * hostname cannot reach the terminal.
 */

#define ANSI_RED "\033[31m"
#define ANSI_GREEN "\033[32m"
#define ANSI_YELLOW "\033[33m"
#define ANSI_GREY "\033[90m"
#define ANSI_BOLD "\033[1m"
#define ANSI_RESET "\033[0m"

#define INDENT_REQ 2
#define INDENT_CHECK 6
#define INDENT_DETAIL 14
#define VERDICT_COLUMN 8
#define TOP_EVIDENCE 3

struct out {
        FILE *f;
        bool color;
        size_t width;
        int verbosity;
        const struct check_result *last_action; /* the check whose action was written last, for "as for ..." */
};

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

static void put_spaces(FILE *f, size_t n)
{
        while (n-- > 0)
                fputc(' ', f);
}

/*
 * Writes s (already escaped: one line, no controls) starting at column col,
 * breaking at spaces before width and continuing at column indent. A word
 * longer than a line (a long path) is kept whole rather than cut.
 */
static void put_wrapped(const struct out *o, size_t col, size_t indent, const char *s)
{
        const char *p = s;
        bool line_start = true;

        while (*p == ' ')
                p++;
        while (*p) {
                const char *w = p;
                size_t wlen, wwidth;

                while (*p && *p != ' ')
                        p++;
                wlen = (size_t) (p - w);
                wwidth = utf8_width(w, wlen);
                /* Moving a word that fits no line anyway would only leave a gap. */
                if (!line_start && col + 1 + wwidth > o->width && indent + wwidth <= o->width) {
                        fputc('\n', o->f);
                        put_spaces(o->f, indent);
                        col = indent;
                } else if (!line_start) {
                        fputc(' ', o->f);
                        col++;
                }
                line_start = false;
                fwrite(w, 1, wlen, o->f);
                col += wwidth;
                while (*p == ' ')
                        p++;
        }
        fputc('\n', o->f);
}

/* Escapes and wraps; the label (trusted, ASCII) has already been written up to col. */
static void put_field(const struct out *o, size_t col, size_t indent, const char *untrusted)
{
        _cleanup_free_ char *s = escape_string(strempty(untrusted), ESCAPE_TEXT);

        put_wrapped(o, col, indent, s);
}

static size_t put_verdict(const struct out *o, enum verdict v)
{
        const char *s = verdict_to_string(v);

        if (o->color)
                fprintf(o->f, "%s%s%s", verdict_color(v), s, ANSI_RESET);
        else
                fputs(s, o->f);
        put_spaces(o->f, VERDICT_COLUMN - strlen(s));
        return VERDICT_COLUMN;
}

static void put_check_details(struct out *o, const struct check_result *c)
{
        size_t shown = o->verbosity > 0 ? c->n_evidence : o->verbosity < 0 ? 0 : MIN(c->n_evidence, (size_t) TOP_EVIDENCE);

        for (size_t e = 0; e < shown; e++) {
                const struct evidence *ev = &c->evidence[e];
                _cleanup_free_ char *kind = escape_string(strempty(ev->kind), ESCAPE_TEXT);
                _cleanup_free_ char *path = escape_string(ev->path, ESCAPE_TEXT);
                _cleanup_free_ char *detail = escape_string(strempty(ev->detail), ESCAPE_TEXT);
                _cleanup_free_ char *line = xasprintf("[%s] %s%s%s", kind, strempty(path), path ? ": " : "", detail);

                put_spaces(o->f, INDENT_DETAIL);
                fputs("evidence: ", o->f);
                put_wrapped(o, INDENT_DETAIL + 10, INDENT_DETAIL + 10, line);
        }
        if (shown < c->n_evidence && o->verbosity == 0) {
                put_spaces(o->f, INDENT_DETAIL);
                fprintf(o->f, "evidence: (%zu more; --verbose shows all)\n", c->n_evidence - shown);
        }
        if (c->action) {
                put_spaces(o->f, INDENT_DETAIL);
                fputs("action:   ", o->f);
                /* Two checks that one change fixes: the action once, then a pointer to it. */
                if (o->last_action && streq(o->last_action->action, c->action)) {
                        _cleanup_free_ char *ref = xasprintf("the same as for %s above", o->last_action->id);
                        put_field(o, INDENT_DETAIL + 10, INDENT_DETAIL + 10, ref);
                } else {
                        put_field(o, INDENT_DETAIL + 10, INDENT_DETAIL + 10, c->action);
                        o->last_action = c;
                }
        }
}

static void put_header(const struct out *o, const struct report *r)
{
        FILE *f = o->f;

        fputs(o->color ? ANSI_BOLD : "", f);
        fputs("Bulwark ", f);
        escape_write(f, strna(r->tool_version), ESCAPE_TEXT);
        fputs(" assessment of ", f);
        escape_write(f, strna(r->hostname), ESCAPE_TEXT);
        fputs(o->color ? ANSI_RESET "\n" : "\n", f);
        if (r->live)
                fputs("  target:  live system\n", f);
        else if (r->image_sha256) {
                _cleanup_free_ char *img = NULL;

                if (r->image_partition)
                        img = xasprintf("%s, partition %u '%s' (%s), sha256 %s", strempty(r->root), r->image_partition_number,
                                        r->image_partition, strna(r->image_fstype), r->image_sha256);
                else
                        img = xasprintf("%s (%s, no partition table), sha256 %s", strempty(r->root), strna(r->image_fstype),
                                        r->image_sha256);
                fputs("  target:  disk image ", f);
                put_field(o, 22, 11, img);
        } else {
                fputs("  target:  offline root tree ", f);
                put_field(o, 29, 11, r->root);
        }
        if (r->os) {
                fputs("  system:  ", f);
                put_field(o, 11, 11, r->os);
        }
        fprintf(f, "  profile: SL %u, role ", r->sl);
        escape_write(f, strempty(r->role), ESCAPE_TEXT);
        fputs(", crypto policy ", f);
        escape_write(f, strempty(r->crypto_policy), ESCAPE_TEXT);
        fputc('\n', f);
        for (size_t i = 0; r->notes && r->notes[i]; i++) {
                fputs("  note:    ", f);
                put_field(o, 11, 11, r->notes[i]);
        }
}

static bool not_met(enum verdict v) { return v == VERDICT_FAIL || v == VERDICT_ERROR || v == VERDICT_MANUAL; }

static void put_summary(const struct out *o, const struct report *r)
{
        _cleanup_free_ char *counts = xasprintf("%u pass, %u fail, %u error, %u manual, %u na (of %zu requirements)",
                                                r->summary[VERDICT_PASS], r->summary[VERDICT_FAIL], r->summary[VERDICT_ERROR],
                                                r->summary[VERDICT_MANUAL], r->summary[VERDICT_NA], r->n_requirements);

        fprintf(o->f, "%sSummary:%s ", o->color ? ANSI_BOLD : "", o->color ? ANSI_RESET : "");
        put_wrapped(o, 9, 9, counts);
}

/* Quiet: one line per failing check ("fail    CR 4.1  id: summary") and its action. */
static void put_failures(struct out *o, const struct report *r)
{
        for (size_t i = 0; i < r->n_requirements; i++) {
                const struct requirement_result *rr = &r->requirements[i];

                if (!rr->in_scope)
                        continue;
                for (size_t k = 0; k < rr->n_checks; k++) {
                        const struct check_result *c = &r->checks[rr->checks[k]];
                        _cleanup_free_ char *line = NULL;

                        if (c->verdict != VERDICT_FAIL && c->verdict != VERDICT_ERROR)
                                continue;
                        line = xasprintf("%s %s: %s", rr->req->id, c->id, strempty(c->summary));
                        put_verdict(o, c->verdict);
                        put_field(o, VERDICT_COLUMN, INDENT_DETAIL, line);
                        put_check_details(o, c);
                }
        }
}

int report_write_text(const struct report *r, const struct report_write_options *opts, FILE *f)
{
        struct out o = {
                .f = f,
                .color = opts && opts->color,
                .width = opts && opts->width >= 40 ? opts->width : 80,
                .verbosity = opts ? opts->verbosity : 0,
        };
        const char *fr = NULL;

        if (o.verbosity < 0) {
                put_failures(&o, r);
                put_summary(&o, r);
                return ferror(f) ? -EIO : 0;
        }
        put_header(&o, r);
        for (size_t i = 0; i < r->n_requirements; i++) {
                const struct requirement_result *rr = &r->requirements[i];
                _cleanup_free_ char *title = NULL;
                size_t col;

                if (!streq_ptr(fr, rr->req->fr)) {
                        fr = rr->req->fr;
                        fprintf(f, "\n%s%s %s%s\n", o.color ? ANSI_BOLD : "", fr, catalogue_fr_title(fr), o.color ? ANSI_RESET : "");
                }
                put_spaces(f, INDENT_REQ);
                col = INDENT_REQ + put_verdict(&o, rr->verdict);
                fprintf(f, "%-14s ", rr->req->id);
                col += MAX(strlen(rr->req->id), (size_t) 14) + 1;
                if (rr->in_scope)
                        title = xstrdup(rr->req->title);
                else
                        title = xasprintf("%s (out of scope: %s)", rr->req->title, strempty(rr->scope_reason));
                put_field(&o, col, INDENT_REQ + VERDICT_COLUMN + 15, title);
                if (!rr->in_scope)
                        continue;
                if (rr->n_checks == 0 && rr->scope_reason) {
                        put_spaces(f, INDENT_CHECK);
                        put_verdict(&o, rr->verdict);
                        put_field(&o, INDENT_CHECK + VERDICT_COLUMN, INDENT_DETAIL, rr->scope_reason);
                }
                for (size_t k = 0; k < rr->n_checks; k++) {
                        const struct check_result *c = &r->checks[rr->checks[k]];
                        _cleanup_free_ char *line = xasprintf("%s: %s", c->id, strempty(c->summary));

                        put_spaces(f, INDENT_CHECK);
                        put_verdict(&o, c->verdict);
                        put_field(&o, INDENT_CHECK + VERDICT_COLUMN, INDENT_DETAIL, line);
                        if (not_met(c->verdict) || o.verbosity > 0)
                                put_check_details(&o, c);
                }
        }
        fputc('\n', f);
        put_summary(&o, r);
        return ferror(f) ? -EIO : 0;
}
