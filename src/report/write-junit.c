/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "catalogue.h"
#include "escape.h"
#include "macro.h"
#include "model.h"
#include "writers.h"

/*
 * JUnit XML as GitLab reads it (lib/gitlab/ci/parsers/test/junit.rb): a
 * <testsuites> root, one <testsuite> per requirement, one <testcase> per check
 * with classname = requirement ID (GitLab's "Suite" column) and name = check
 * id. GitLab keys test cases by classname and name and keeps only the first
 * of duplicates; a check that serves two requirements appears under each,
 * which keeps the keys unique. The status comes from the child element:
 *   fail   -> <failure message="summary" type="fail">summary, evidence, action</failure>
 *   error  -> <error message="summary" type="error">...</error>
 *   na     -> <skipped message="na: summary">...</skipped>
 *   out of scope -> <skipped message="out of scope: reason">...</skipped>
 *   manual -> <skipped message="manual: summary">evidence, action</skipped>
 * manual is "skipped", not "failure": the check awaits an assessor's evidence
 * and does not fail the run (exit code 0), so CI must not show it red; with
 * --junit-manual=failure (junit_manual_failure) it is a <failure
 * type="manual">, for pipelines where nothing may wait unseen. GitLab
 * shows the element text as the details, so everything a reviewer needs is in
 * the body; the message attribute carries the one-line summary for other
 * readers (Jenkins, junit2html). Evidence of passing checks goes to
 * <system-out>, which GitLab ignores for passes but other tools show.
 */

static void put_xml(FILE *f, const char *s) { escape_write(f, s, ESCAPE_XML); }

static void put_details(FILE *f, const struct check_result *c)
{
        put_xml(f, c->summary);
        fputc('\n', f);
        if (c->n_evidence > 0)
                fputs("Evidence:\n", f);
        for (size_t e = 0; e < c->n_evidence; e++) {
                const struct evidence *ev = &c->evidence[e];

                fputs("  - [", f);
                put_xml(f, ev->kind);
                fputs("] ", f);
                if (ev->path) {
                        put_xml(f, ev->path);
                        fputs(": ", f);
                }
                put_xml(f, ev->detail);
                if (ev->sha256) {
                        fputs(" (sha256 ", f);
                        put_xml(f, ev->sha256);
                        fputc(')', f);
                }
                fputc('\n', f);
        }
        if (c->action) {
                fputs("Action: ", f);
                put_xml(f, c->action);
                fputc('\n', f);
        }
}

struct counts {
        unsigned tests, failures, errors, skipped;
};

enum junit_status { J_PASS, J_FAILURE, J_ERROR, J_SKIPPED };

/* The one place that maps a verdict to JUnit's statuses, for the counts and the elements alike. */
static enum junit_status junit_status(const struct report_write_options *o, bool in_scope, enum verdict v)
{
        if (!in_scope || v == VERDICT_NA)
                return J_SKIPPED;
        switch (v) {
        case VERDICT_PASS: return J_PASS;
        case VERDICT_FAIL: return J_FAILURE;
        case VERDICT_MANUAL: return o && o->junit_manual_failure ? J_FAILURE : J_SKIPPED;
        default: return J_ERROR;
        }
}

static void count_check(struct counts *n, enum junit_status st)
{
        n->tests++;
        n->skipped += st == J_SKIPPED;
        n->failures += st == J_FAILURE;
        n->errors += st == J_ERROR;
}

/* A requirement without checks still gets one test case, so no requirement is ever dropped. */
static bool needs_placeholder(const struct requirement_result *rr) { return rr->n_checks == 0; }

static struct counts count_requirement(const struct report *r, const struct report_write_options *o,
                                       const struct requirement_result *rr)
{
        struct counts n = {};

        if (needs_placeholder(rr))
                count_check(&n, junit_status(o, rr->in_scope, rr->verdict));
        for (size_t k = 0; k < rr->n_checks; k++)
                count_check(&n, junit_status(o, rr->in_scope, r->checks[rr->checks[k]].verdict));
        return n;
}

static void put_counts(FILE *f, const struct counts *n)
{
        fprintf(f, " tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"0\"",
                n->tests, n->failures, n->errors, n->skipped);
}

static void put_testcase_open(FILE *f, const struct requirement_result *rr, const char *name)
{
        fputs("    <testcase classname=\"", f);
        put_xml(f, rr->req->id);
        fputs("\" name=\"", f);
        put_xml(f, name);
        fputs("\" time=\"0\">\n", f);
}

static void put_placeholder(FILE *f, const struct report_write_options *o, const struct requirement_result *rr)
{
        const char *why = rr->scope_reason ? rr->scope_reason : "no check serves this requirement";
        enum junit_status st = junit_status(o, rr->in_scope, rr->verdict);

        put_testcase_open(f, rr, "requirement");
        if (st == J_SKIPPED) {
                const char *what = !rr->in_scope || rr->verdict == VERDICT_NA ? "out of scope" : verdict_to_string(rr->verdict);

                fprintf(f, "      <skipped message=\"%s: ", what);
                put_xml(f, why);
                fprintf(f, "\">%s: ", what);
                put_xml(f, why);
                fputs("</skipped>\n", f);
        } else if (st != J_PASS) {
                const char *el = st == J_FAILURE ? "failure" : "error";

                fprintf(f, "      <%s message=\"", el);
                put_xml(f, why);
                fprintf(f, "\" type=\"%s\">", verdict_to_string(rr->verdict));
                put_xml(f, why);
                fprintf(f, "\n</%s>\n", el);
        }
        fputs("    </testcase>\n", f);
}

static void put_check(FILE *f, const struct report_write_options *o, const struct requirement_result *rr,
                      const struct check_result *c)
{
        enum junit_status st = junit_status(o, rr->in_scope, c->verdict);

        put_testcase_open(f, rr, c->id);
        if (!rr->in_scope) {
                fputs("      <skipped message=\"out of scope: ", f);
                put_xml(f, rr->scope_reason);
                fputs("\">out of scope: ", f);
                put_xml(f, rr->scope_reason);
                fputs("\n", f);
                put_details(f, c);
                fputs("</skipped>\n", f);
        } else if (st == J_FAILURE || st == J_ERROR) {
                const char *el = st == J_FAILURE ? "failure" : "error";

                fprintf(f, "      <%s message=\"", el);
                put_xml(f, c->summary);
                fprintf(f, "\" type=\"%s\">", verdict_to_string(c->verdict));
                put_details(f, c);
                fprintf(f, "</%s>\n", el);
        } else if (st == J_SKIPPED) {
                fprintf(f, "      <skipped message=\"%s: ", verdict_to_string(c->verdict));
                put_xml(f, c->summary);
                fprintf(f, "\">%s: ", verdict_to_string(c->verdict));
                put_details(f, c);
                fputs("</skipped>\n", f);
        } else {
                fputs("      <system-out>", f);
                put_details(f, c);
                fputs("</system-out>\n", f);
        }
        fputs("    </testcase>\n", f);
}

int report_write_junit(const struct report *r, const struct report_write_options *o, FILE *f)
{
        struct counts total = {};
        char ts[REPORT_TIME_MAX] = "";

        for (size_t i = 0; i < r->n_requirements; i++) {
                struct counts n = count_requirement(r, o, &r->requirements[i]);

                total.tests += n.tests;
                total.failures += n.failures;
                total.errors += n.errors;
                total.skipped += n.skipped;
        }
        /* JUnit's timestamp has no zone designator; ours is always UTC. */
        if (r->generated > 0 && report_format_time(r->generated, ts))
                ts[strlen(ts) - 1] = 0;

        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
        fputs("<testsuites name=\"bulwark assess\"", f);
        put_counts(f, &total);
        fputs(">\n", f);
        for (size_t i = 0; i < r->n_requirements; i++) {
                const struct requirement_result *rr = &r->requirements[i];
                struct counts n = count_requirement(r, o, rr);

                fputs("  <testsuite name=\"", f);
                put_xml(f, rr->req->id);
                fputc(' ', f);
                put_xml(f, rr->req->title);
                fputc('"', f);
                put_counts(f, &n);
                if (ts[0])
                        fprintf(f, " timestamp=\"%s\"", ts);
                fputs(" hostname=\"", f);
                put_xml(f, strna(r->hostname));
                fputs("\">\n    <properties>\n", f);
                fputs("      <property name=\"requirement\" value=\"", f);
                put_xml(f, rr->req->id);
                fprintf(f, "\"/>\n      <property name=\"verdict\" value=\"%s\"/>\n", verdict_to_string(rr->verdict));
                fprintf(f, "      <property name=\"in_scope\" value=\"%s\"/>\n", rr->in_scope ? "true" : "false");
                fprintf(f, "      <property name=\"sl\" value=\"%u\"/>\n", r->sl);
                fputs("      <property name=\"role\" value=\"", f);
                put_xml(f, r->role);
                fputs("\"/>\n    </properties>\n", f);
                if (needs_placeholder(rr))
                        put_placeholder(f, o, rr);
                for (size_t k = 0; k < rr->n_checks; k++)
                        put_check(f, o, rr, &r->checks[rr->checks[k]]);
                fputs("  </testsuite>\n", f);
        }
        fputs("</testsuites>\n", f);
        return ferror(f) ? -EIO : 0;
}
