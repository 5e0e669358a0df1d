/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The engine holds every check to the rule of issue 13 whatever the check
 * does: no verdict is an error, a pass without evidence is an error, and a
 * cap on an area the check reads turns anything short of fail into error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "check.h"
#include "facts.h"
#include "macro.h"
#include "mem-root.h"

static void run_nothing(struct check_ctx *c) {}
static void run_bare_pass(struct check_ctx *c) { check_pass(c, "nothing wrong found"); }
static void run_pass(struct check_ctx *c)
{
        check_evidence(c, "file", "/etc/x", "looked at");
        check_pass(c, "property shown");
}
static void run_manual(struct check_ctx *c)
{
        check_evidence(c, "file", "/etc/x", "looked at");
        check_manual(c, "could not decide /etc/x");
}
static void run_fail(struct check_ctx *c) { check_fail(c, "defect shown"); }
static void run_pass_then_manual(struct check_ctx *c)
{
        check_evidence(c, "file", "/etc/x", "looked at");
        check_pass(c, "first part shown");
        check_manual(c, "second part undecided");
        check_pass(c, "third part shown");
}
static void run_na(struct check_ctx *c) { check_na(c, "does not apply"); }

static struct facts *facts_empty(void)
{
        struct mem_tree *t = mem_tree_new();
        struct root *r = NULL;

        mem_tree_dir(t, "/");
        assert_int_equal(mem_root_new(t, "mem", false, &r), 0);
        return facts_new(r);
}

static enum verdict run(struct facts *f, check_fn fn, unsigned areas, char **summary)
{
        const struct check_def d = { .id = "t", .title = "t", .run = fn, .facts = areas };
        const struct profile p = { .sl = 2, .crypto_policy = "nist" };
        struct check_result r;
        enum verdict v;

        check_run(&d, f, &p, &r);
        v = r.verdict;
        if (summary)
                *summary = xstrdup(r.summary);
        check_result_clear(&r);
        return v;
}

static void test_no_verdict(void **state)
{
        struct facts *f = facts_empty();
        char *s = NULL;

        assert_int_equal(run(f, run_nothing, 0, &s), VERDICT_ERROR);
        assert_non_null(strstr(s, "no verdict"));
        free(s);
        facts_model_free(f);
}

static void test_pass_needs_evidence(void **state)
{
        struct facts *f = facts_empty();
        char *s = NULL;

        assert_int_equal(run(f, run_bare_pass, 0, &s), VERDICT_ERROR);
        assert_non_null(strstr(s, "without evidence"));
        assert_non_null(strstr(s, "nothing wrong found"));
        free(s);
        assert_int_equal(run(f, run_pass, 0, NULL), VERDICT_PASS);
        /* fail, manual and n/a need no evidence to stand */
        assert_int_equal(run(f, run_fail, 0, NULL), VERDICT_FAIL);
        assert_int_equal(run(f, run_na, 0, NULL), VERDICT_NA);
        facts_model_free(f);
}

static void test_worst_wins(void **state)
{
        struct facts *f = facts_empty();
        char *s = NULL;

        assert_int_equal(run(f, run_pass_then_manual, 0, &s), VERDICT_MANUAL);
        assert_string_equal(s, "second part undecided");
        free(s);
        facts_model_free(f);
}

static void test_cap_is_error(void **state)
{
        struct facts *f = facts_empty();
        char *s = NULL;

        f->collecting = FACTS_UNITS;
        facts_note_cap(f, "/etc/x is larger than the cap");
        f->collecting = 0;

        /* An area the check does not read: untouched. */
        assert_int_equal(run(f, run_pass, FACTS_RULESET, NULL), VERDICT_PASS);
        /* pass, manual and n/a become error naming the cap; fail stands. */
        assert_int_equal(run(f, run_pass, FACTS_UNITS | FACTS_RULESET, &s), VERDICT_ERROR);
        assert_non_null(strstr(s, "/etc/x is larger than the cap"));
        free(s);
        assert_int_equal(run(f, run_manual, FACTS_UNITS, NULL), VERDICT_ERROR);
        assert_int_equal(run(f, run_na, FACTS_UNITS, NULL), VERDICT_ERROR);
        assert_int_equal(run(f, run_fail, FACTS_UNITS, NULL), VERDICT_FAIL);
        facts_model_free(f);
}

/* Every check of every table declares what it reads from, so a cap can reach it. */
static void test_tables_declare_areas(void **state)
{
        for (size_t t = 0; check_tables[t]; t++)
                for (const struct check_def *d = check_tables[t]; d->id; d++)
                        if (d->facts == 0)
                                fail_msg("check %s declares no fact areas (.facts): a cap could never make it an error", d->id);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_no_verdict),
                cmocka_unit_test(test_pass_needs_evidence),
                cmocka_unit_test(test_worst_wins),
                cmocka_unit_test(test_cap_is_error),
                cmocka_unit_test(test_tables_declare_areas),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
