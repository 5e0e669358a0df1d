/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report writers fed a hand-built report whose every string is hostile:
 * markup, quotes, Markdown table pipes and code spans, a terminal escape
 * sequence and bytes that are not UTF-8. Each writer must keep each string
 * inside its element, cell or line, and always write valid UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>

#include "catalogue.h"
#include "compare.h"
#include "escape.h"
#include "macro.h"
#include "model.h"
#include "strv.h"
#include "writers.h"

#define HOSTILE "<script>alert(\"x\")</script>&amp;'|`code`*_[a](javascript:1)\x1b[31mRED\xff\xc0\xbc\xe2\x82"
#define HOSTILE_NL "line one\nline two</failure>]]>\t|"

static struct report *hostile_report(void)
{
        struct report *r = report_new();
        struct check_result *c;

        r->tool_version = xstrdup("0.0-test");
        r->live = false;
        r->root = xstrdup("/images/" HOSTILE);
        r->hostname = xstrdup("host" HOSTILE);
        r->os = xstrdup("OS " HOSTILE);
        r->sl = 3;
        r->role = xstrdup("network");
        r->crypto_policy = xstrdup("nist");
        r->generated = 1700000000;
        strv_push(&r->notes, "note " HOSTILE_NL);

        r->n_checks = 4;
        r->checks = xmalloc0(r->n_checks * sizeof(*r->checks));
        c = &r->checks[0];
        *c = (struct check_result){ .id = xstrdup("failing-check"), .title = xstrdup("Title " HOSTILE),
                                    .verdict = VERDICT_FAIL, .summary = xstrdup("summary " HOSTILE),
                                    .action = xstrdup("action " HOSTILE_NL) };
        c->n_evidence = 2;
        c->evidence = xmalloc0(2 * sizeof(*c->evidence));
        c->evidence[0] = (struct evidence){ .kind = xstrdup("file"), .path = xstrdup("/etc/" HOSTILE),
                                            .sha256 = xstrdup("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
                                            .detail = xstrdup("detail " HOSTILE_NL) };
        c->evidence[1] = (struct evidence){ .kind = xstrdup("package"), .detail = xstrdup("no path, no hash") };
        c = &r->checks[1];
        *c = (struct check_result){ .id = xstrdup("manual-check"), .title = xstrdup("Manual"),
                                    .verdict = VERDICT_MANUAL, .summary = xstrdup("manual " HOSTILE) };
        c = &r->checks[2];
        *c = (struct check_result){ .id = xstrdup("passing-check"), .title = xstrdup("Pass"),
                                    .verdict = VERDICT_PASS, .summary = xstrdup("fine " HOSTILE) };
        c = &r->checks[3];
        *c = (struct check_result){ .id = xstrdup("error-check"), .title = xstrdup("Error"),
                                    .verdict = VERDICT_ERROR, .summary = xstrdup("could not read " HOSTILE),
                                    .action = xstrdup(
                                            "A long action of ordinary words that must be wrapped at the terminal width "
                                            "so that no line of the text report runs past eighty columns when it is "
                                            "printed, however many words it has.") };

        r->n_requirements = 3;
        r->requirements = xmalloc0(r->n_requirements * sizeof(*r->requirements));
        r->requirements[0] = (struct requirement_result){ .req = catalogue_find("CR 4.1"), .in_scope = true,
                                                          .verdict = VERDICT_FAIL };
        r->requirements[0].n_checks = 4;
        r->requirements[0].checks = xmalloc0(4 * sizeof(size_t));
        for (size_t i = 0; i < 4; i++)
                r->requirements[0].checks[i] = i;
        r->requirements[1] = (struct requirement_result){ .req = catalogue_find("CR 5.4"), .in_scope = false,
                                                          .scope_reason = xstrdup("reason " HOSTILE),
                                                          .verdict = VERDICT_NA };
        r->requirements[1].n_checks = 1;
        r->requirements[1].checks = xmalloc0(sizeof(size_t));
        r->requirements[1].checks[0] = 0;
        r->requirements[2] = (struct requirement_result){ .req = catalogue_find("NDR 5.2"), .in_scope = true,
                                                          .scope_reason = xstrdup("no check " HOSTILE),
                                                          .verdict = VERDICT_ERROR };
        report_finish(r);
        return r;
}

static char *render(const struct report *r, enum report_format fmt, bool color)
{
        struct report_write_options o = { .color = color };
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);

        assert_non_null(f);
        assert_int_equal(report_write(r, fmt, &o, f), 0);
        assert_int_equal(fclose(f), 0);
        assert_int_equal(strlen(buf), len); /* no NUL inside */
        return buf;
}

static void assert_valid_utf8(const char *s)
{
        size_t len = strlen(s);

        for (size_t i = 0; i < len;) {
                uint32_t cp;
                bool valid;

                i += utf8_decode(s + i, len - i, &cp, &valid);
                assert_true(valid);
        }
}

/* No control character but newline (and the writer's own ANSI colour sequences when allowed). */
static void assert_no_controls(const char *s, bool ansi_allowed)
{
        for (const char *p = s; *p; p++) {
                if (*p == '\n')
                        continue;
                if (*p == '\x1b' && ansi_allowed) {
                        /* Ours are SGR sequences: ESC [ digits m, never followed by the hostile "RED". */
                        assert_true(p[1] == '[');
                        assert_null(strstr(p, "\x1b[31mRED"));
                        continue;
                }
                assert_false((unsigned char) *p < 0x20 || *p == 0x7f);
        }
}

static size_t count(const char *s, const char *needle)
{
        size_t n = 0;

        for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
                n++;
        return n;
}

static void test_utf8_decode(void **state)
{
        static const struct {
                const char *s;
                size_t len, used;
                bool valid;
                uint32_t cp;
        } cases[] = {
                { "A", 1, 1, true, 'A' },
                { "\xc3\xa9", 2, 2, true, 0xE9 },
                { "\xe2\x82\xac", 3, 3, true, 0x20AC },
                { "\xf4\x8f\xbf\xbf", 4, 4, true, 0x10FFFF },
                { "\xc0\xbc", 2, 1, false, 0xFFFD },         /* overlong '<' */
                { "\xe0\x80\xbc", 3, 1, false, 0xFFFD },     /* overlong '<' */
                { "\xed\xa0\x80", 3, 1, false, 0xFFFD },     /* surrogate */
                { "\xf4\x90\x80\x80", 4, 1, false, 0xFFFD }, /* above U+10FFFF */
                { "\xe2\x82", 2, 1, false, 0xFFFD },         /* truncated */
                { "\x80", 1, 1, false, 0xFFFD },             /* lone continuation */
                { "\xff", 1, 1, false, 0xFFFD },
        };

        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                uint32_t cp = 0;
                bool valid = !cases[i].valid;

                assert_int_equal(utf8_decode(cases[i].s, cases[i].len, &cp, &valid), cases[i].used);
                assert_int_equal(valid, cases[i].valid);
                assert_int_equal(cp, cases[i].cp);
        }
}

static void test_escape_modes(void **state)
{
        _cleanup_free_ char *x = escape_string("a<b>&\"'\n\x01\xef\xbf\xbe", ESCAPE_XML);
        _cleanup_free_ char *m = escape_string("a|b`c`<i>*_[l](u) @me #1\n", ESCAPE_MARKDOWN);
        _cleanup_free_ char *t = escape_string("a\x1b[2Jb\tc\xc2\x9b", ESCAPE_TEXT);
        _cleanup_free_ char *j = escape_string("ok\x1b\xff", ESCAPE_JSON);

        assert_string_equal(x, "a&lt;b&gt;&amp;&quot;&#39;&#10;\xef\xbf\xbd\xef\xbf\xbd");
        assert_string_equal(m, "a\\|b\\`c\\`\\<i\\>\\*\\_\\[l\\](u) \\@me \\#1 ");
        /* ESC and the C1 CSI become U+FFFD: no sequence reaches the terminal. */
        assert_string_equal(t, "a\xef\xbf\xbd[2Jb c\xef\xbf\xbd");
        /* JSON keeps the control (jansson escapes it) and replaces only the invalid byte. */
        assert_string_equal(j, "ok\x1b\xef\xbf\xbd");
        assert_null(escape_string(NULL, ESCAPE_XML));
}

static void test_json_hostile(void **state)
{
        _cleanup_(report_freep) struct report *r = hostile_report();
        _cleanup_free_ char *out = render(r, REPORT_JSON, false);
        json_error_t err;
        json_t *j = json_loads(out, 0, &err);
        const char *hostname;

        assert_non_null(j);
        assert_valid_utf8(out);
        hostname = json_string_value(json_object_get(json_object_get(j, "target"), "hostname"));
        assert_non_null(hostname);
        /* Everything kept but the invalid bytes, each one U+FFFD. */
        assert_string_equal(hostname, "host<script>alert(\"x\")</script>&amp;'|`code`*_[a](javascript:1)\x1b[31mRED"
                                      "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
        assert_string_equal(json_string_value(json_object_get(j, "generated")), "2023-11-14T22:13:20Z");
        assert_int_equal(json_array_size(json_object_get(j, "requirements")), 3);
        json_decref(j);
}

static void test_junit_hostile(void **state)
{
        _cleanup_(report_freep) struct report *r = hostile_report();
        _cleanup_free_ char *out = render(r, REPORT_JUNIT, false);

        assert_valid_utf8(out);
        assert_no_controls(out, false);
        assert_null(strstr(out, "<script"));
        assert_null(strstr(out, "]]>"));
        assert_null(strstr(out, "</failure>]"));
        assert_non_null(strstr(out, "summary &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;amp;&#39;"));
        /* Attribute values keep newlines as references, so they survive normalisation. */
        assert_non_null(strstr(out, "line one&#10;line two"));
        /* One suite per requirement; one case per (requirement, check); the empty requirement gets one. */
        assert_int_equal(count(out, "<testsuite "), 3);
        assert_int_equal(count(out, "<testcase "), 4 + 1 + 1);
        assert_int_equal(count(out, "<failure "), 1);
        assert_int_equal(count(out, "<error "), 2);
        assert_int_equal(count(out, "<skipped "), 2);
        assert_non_null(strstr(out, "<skipped message=\"manual: manual &lt;script"));
        assert_non_null(strstr(out, "<skipped message=\"out of scope: reason &lt;script"));
        assert_non_null(strstr(out, "<testcase classname=\"NDR 5.2\" name=\"requirement\""));
        assert_non_null(strstr(out, "<testsuites name=\"bulwark assess\" tests=\"6\" failures=\"1\" errors=\"2\" skipped=\"2\""));
        /* Every '<' in the output opens one of our own elements. */
        for (const char *p = strchr(out, '<'); p; p = strchr(p + 1, '<')) {
                static const char *const ok[] = { "<?xml ", "<testsuites ", "</testsuites>", "<testsuite ", "</testsuite>",
                                                  "<properties>", "</properties>", "<property ", "<testcase ", "</testcase>",
                                                  "<failure ", "</failure>", "<error ", "</error>", "<skipped ", "</skipped>",
                                                  "<system-out>", "</system-out>" };
                bool found = false;

                for (size_t i = 0; i < ARRAY_SIZE(ok) && !found; i++)
                        found = startswith(p, ok[i]) != NULL;
                if (!found)
                        fail_msg("unexpected markup at: %.40s", p);
        }
}

static void test_markdown_hostile(void **state)
{
        _cleanup_(report_freep) struct report *r = hostile_report();
        _cleanup_free_ char *out = render(r, REPORT_MARKDOWN, false);
        _cleanup_strv_free_ char **lines = strv_split(out, "\n");
        bool in_summary = false;
        size_t rows = 0;

        assert_valid_utf8(out);
        assert_no_controls(out, false);
        for (size_t i = 0; lines[i]; i++) {
                const char *l = lines[i];

                /* No raw HTML, code span or mention can open anywhere. */
                for (const char *p = l; *p; p++)
                        if (*p == '<' || *p == '`' || *p == '@')
                                assert_true(p > l && p[-1] == '\\');
                if (startswith(l, "## "))
                        in_summary = streq(l, "## Summary");
                if (in_summary && l[0] == '|') {
                        size_t pipes = 0;

                        for (const char *p = l; *p; p++)
                                if (*p == '|' && (p == l || p[-1] != '\\'))
                                        pipes++;
                        assert_int_equal(pipes, 5);
                        rows++;
                }
        }
        assert_int_equal(rows, 2 + 3);
        assert_non_null(strstr(out, "## 1. CR 4.1 Information confidentiality [Not met]"));
        assert_non_null(strstr(out, "### 1.1 Why CR 4.1 is not met"));
        assert_non_null(strstr(out, "### 1.2 User action"));
        assert_non_null(strstr(out, "| CR 5.4 | Application partitioning | no | NA |"));
        assert_non_null(strstr(out, "summary \\<script\\>alert(\"x\")\\</script\\>\\&amp;'\\|\\`code\\`"));
        /* A newline in an action must not start a new block. */
        assert_non_null(strstr(out, "action line one line two\\</failure\\>\\]\\]\\>"));
}

static void test_text_hostile(void **state)
{
        _cleanup_(report_freep) struct report *r = hostile_report();
        _cleanup_free_ char *plain = render(r, REPORT_TEXT, false);
        _cleanup_free_ char *color = render(r, REPORT_TEXT, true);
        _cleanup_strv_free_ char **lines = strv_split(plain, "\n");

        assert_valid_utf8(plain);
        assert_no_controls(plain, false);
        assert_no_controls(color, true);
        assert_non_null(strstr(color, "\x1b[31mfail"));
        assert_non_null(strstr(plain, "FR 4 Data confidentiality"));
        assert_non_null(strstr(plain, "FR 5 Restricted data flow"));
        assert_non_null(strstr(plain, "Summary: 0 pass, 1 fail, 1 error, 0 manual, 1 na (of 3 requirements)"));
        assert_non_null(strstr(plain, "evidence: [file] /etc/<script>"));
        assert_non_null(strstr(plain, "action:   action line one line two"));
        /* The long action is wrapped; a line only runs past 80 columns when one word is longer than the line. */
        assert_non_null(strstr(plain, "action:   A long action"));
        for (size_t i = 0; lines[i]; i++) {
                const char *l = lines[i];
                size_t w = utf8_width(l, strlen(l));

                if (w > 80 && strstr(l, "A long action"))
                        fail_msg("not wrapped: %s", l);
        }
        /* The out-of-scope requirement shows its reason; its checks are not listed. */
        assert_non_null(strstr(plain, "CR 5.4         Application partitioning (out of scope: reason"));
}

static void test_html_hostile(void **state)
{
        static const char *const ok[] = { "<!DOCTYPE html>", "<html ", "</html>", "<head>", "</head>", "<meta ", "<title>",
                                          "</title>", "<style>", "</style>", "<body>", "</body>", "<h1>", "</h1>", "<h2 ",
                                          "</h2>", "<p>", "<p ", "</p>", "<table ", "</table>", "<thead>", "</thead>",
                                          "<tbody>", "</tbody>", "<tr>", "</tr>", "<th>", "</th>", "<td>", "</td>",
                                          "<span ", "</span>", "<a href=\"#req-", "</a>", "<section>", "</section>",
                                          "<div ", "</div>", "<ul ", "</ul>", "<li>", "</li>", "<strong>", "</strong>",
                                          "<details ", "</details>", "<summary>", "</summary>" };
        _cleanup_(report_freep) struct report *r = hostile_report();
        _cleanup_free_ char *out = render(r, REPORT_HTML, false);

        assert_valid_utf8(out);
        assert_no_controls(out, false);
        assert_non_null(strstr(out, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"));
        assert_non_null(strstr(out, "<title>IEC 62443-4-2 FR 4/FR 5 assessment of host&lt;script&gt;"));
        assert_non_null(strstr(out, "summary &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;amp;&#39;"));
        /* Self-contained: nothing is loaded from anywhere. */
        assert_null(strstr(out, " src="));
        assert_null(strstr(out, "href=\"http"));
        assert_null(strstr(out, "url("));
        for (const char *p = strchr(out, '<'); p; p = strchr(p + 1, '<')) {
                bool found = false;

                for (size_t i = 0; i < ARRAY_SIZE(ok) && !found; i++)
                        found = startswith(p, ok[i]) != NULL;
                if (!found)
                        fail_msg("unexpected markup at: %.40s", p);
        }
        /* Summary first: the summary table comes before the first requirement section. */
        assert_true(strstr(out, "<table class=\"summary\">") < strstr(out, "<section>"));
        assert_int_equal(count(out, "<section>"), 3);
        assert_non_null(strstr(out, "<h2 id=\"req-cr-4-1\">CR 4.1 Information confidentiality"));
        assert_non_null(strstr(out, "<a href=\"#req-ndr-5-2\">NDR 5.2</a>"));
}

static void test_oscal_hostile(void **state)
{
        _cleanup_(report_freep) struct report *r = hostile_report();
        _cleanup_free_ char *out = render(r, REPORT_OSCAL, false);
        _cleanup_free_ char *again = render(r, REPORT_OSCAL, false);
        json_error_t err;
        json_t *j = json_loads(out, 0, &err), *ar, *res, *obs;
        const char *uuid, *title;

        assert_non_null(j);
        assert_valid_utf8(out);
        /* Reproducible: same report, same bytes (UUID v5, no clock). */
        assert_string_equal(out, again);
        ar = json_object_get(j, "assessment-results");
        uuid = json_string_value(json_object_get(ar, "uuid"));
        assert_non_null(uuid);
        assert_int_equal(strlen(uuid), 36);
        assert_int_equal(uuid[14], '5');
        assert_true(strchr("89ab", uuid[19]) != NULL);
        /* Markup fields are Markdown in OSCAL: the device string stays text. */
        title = json_string_value(json_object_get(json_object_get(ar, "metadata"), "title"));
        assert_non_null(strstr(title, "host\\<script\\>"));
        res = json_array_get(json_object_get(ar, "results"), 0);
        obs = json_object_get(res, "observations");
        assert_int_equal(json_array_size(obs), 4);
        /* Two findings: CR 4.1 and NDR 5.2 are in scope; CR 5.4 is excluded. */
        assert_int_equal(json_array_size(json_object_get(res, "findings")), 2);
        assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(json_array_get(
                                    json_object_get(json_object_get(res, "reviewed-controls"), "control-selections"), 0),
                                    "exclude-controls"), 0), "control-id")), "cr-5.4");
        json_decref(j);

        /* Another time is another assessment: another document UUID. */
        r->generated++;
        free(again);
        again = render(r, REPORT_OSCAL, false);
        assert_string_not_equal(out, again);
}

static void test_assessment_parse(void **state)
{
        _cleanup_(report_freep) struct report *r = hostile_report();
        _cleanup_free_ char *json = render(r, REPORT_JSON, false);
        struct assessment *sentinel = (struct assessment *) 0x1, *a = sentinel;
        static const char *const bad[] = {
                "", "{", "[]", "{\"schema\": \"bulwark-assessment/2\", \"requirements\": [], \"profile\": {}}",
                "{\"schema\": \"bulwark-assessment/1\", \"requirements\": [{\"id\": \"CR 4.1\"}], \"profile\": {}}",
                "{\"schema\": \"bulwark-assessment/1\", \"schema\": \"bulwark-assessment/1\", \"requirements\": [], \"profile\": {}}",
                "{\"schema\": \"bulwark-assessment/1\", \"requirements\": [{\"id\": \"X\", \"verdict\": \"pass\", \"in_scope\": true, "
                "\"checks\": [{\"id\": \"c\", \"verdict\": \"good\"}]}], \"profile\": {}}",
        };
        char *many = NULL;
        size_t len = 0;
        FILE *f;

        for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
                assert_int_equal(assessment_parse(bad[i], strlen(bad[i]), "x", &a), -EBADMSG);
                assert_ptr_equal(a, sentinel);
        }
        /* Over the requirement limit: refused before anything is built. */
        f = open_memstream(&many, &len);
        assert_non_null(f);
        fputs("{\"schema\": \"bulwark-assessment/1\", \"profile\": {}, \"requirements\": [", f);
        for (size_t i = 0; i <= ASSESSMENT_MAX_REQUIREMENTS; i++)
                fprintf(f, "%s{}", i ? "," : "");
        fputs("]}", f);
        assert_int_equal(fclose(f), 0);
        assert_int_equal(assessment_parse(many, len, "x", &a), -E2BIG);
        assert_ptr_equal(a, sentinel);
        free(many);

        assert_int_equal(assessment_parse(json, strlen(json), "label", &a), 0);
        assert_int_equal(a->n_requirements, 3);
        assert_int_equal(a->requirements[0].verdict, VERDICT_FAIL);
        assert_int_equal(a->requirements[0].n_checks, 4);
        assert_false(a->requirements[1].in_scope);
        /* The hostile hostname comes back without its escape sequence. */
        assert_null(strchr(a->name, '\x1b'));
        assert_int_equal(a->sl, 3);
        assessment_free(a);
}

static void test_summary_hostile(void **state)
{
        _cleanup_(report_freep) struct report *r = hostile_report();
        _cleanup_free_ char *out = render(r, REPORT_SUMMARY, false);

        assert_valid_utf8(out);
        assert_no_controls(out, false);
        /* Exactly one line, naming what is not met and what could not be evaluated. */
        assert_int_equal(count(out, "\n"), 1);
        assert_non_null(strstr(out, " SL 3 network: 0 met, 1 not met (CR 4.1), 1 error (NDR 5.2), 0 manual, 1 na\n"));
}

static void test_null_fields(void **state)
{
        _cleanup_(report_freep) struct report *r = hostile_report();

        /* Optional strings absent: every writer copes. */
        free(r->hostname), r->hostname = NULL;
        free(r->os), r->os = NULL;
        free(r->root), r->root = NULL;
        free(r->checks[0].action), r->checks[0].action = NULL;
        free(r->checks[0].evidence[0].path), r->checks[0].evidence[0].path = NULL;
        r->generated = 0;
        for (int fmt = 0; fmt < _REPORT_FORMAT_MAX; fmt++)
                free(render(r, (enum report_format) fmt, false));
}

static void test_writer_table(void **state)
{
        /* Every row is complete, named once, and found under its name as its own enumerator. */
        for (int i = 0; i < _REPORT_FORMAT_MAX; i++) {
                enum report_format f = _REPORT_FORMAT_MAX;

                assert_non_null(report_writers[i].format);
                assert_non_null(report_writers[i].write);
                assert_ptr_equal(report_writer_find(report_writers[i].format), &report_writers[i]);
                assert_int_equal(report_format_from_string(report_writers[i].format, &f), 0);
                assert_int_equal(f, i);
        }
        assert_null(report_writer_find("xml"));
        assert_null(report_writer_find(""));
        assert_string_equal(report_writers[REPORT_OSCAL_CATALOG].format, "oscal-catalog");
}

static void test_format_names(void **state)
{
        enum report_format f = REPORT_TEXT;

        assert_int_equal(report_format_from_string("junit", &f), 0);
        assert_int_equal(f, REPORT_JUNIT);
        assert_int_equal(report_format_from_string("markdown", &f), 0);
        assert_int_equal(f, REPORT_MARKDOWN);
        assert_int_equal(report_format_from_string("html", &f), 0);
        assert_int_equal(f, REPORT_HTML);
        f = REPORT_JSON;
        assert_int_equal(report_format_from_string("xml", &f), -EINVAL);
        assert_int_equal(f, REPORT_JSON);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_utf8_decode),
                cmocka_unit_test(test_escape_modes),
                cmocka_unit_test(test_json_hostile),
                cmocka_unit_test(test_junit_hostile),
                cmocka_unit_test(test_markdown_hostile),
                cmocka_unit_test(test_text_hostile),
                cmocka_unit_test(test_html_hostile),
                cmocka_unit_test(test_oscal_hostile),
                cmocka_unit_test(test_assessment_parse),
                cmocka_unit_test(test_summary_hostile),
                cmocka_unit_test(test_null_fields),
                cmocka_unit_test(test_writer_table),
                cmocka_unit_test(test_format_names),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
