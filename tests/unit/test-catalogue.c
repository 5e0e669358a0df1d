/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The catalogue and the check tables are data: their integrity is tested like code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>

#include "catalogue.h"
#include "check.h"
#include "macro.h"

static void test_requirement_ids_unique(void **state)
{
        for (size_t i = 0; i < catalogue_size; i++)
                for (size_t k = i + 1; k < catalogue_size; k++)
                        if (streq(catalogue[i].id, catalogue[k].id))
                                fail_msg("requirement %s twice", catalogue[i].id);
        assert_int_equal(catalogue_size, 14);
        assert_non_null(catalogue_find("NDR 5.2 RE(3)"));
        assert_null(catalogue_find("NDR 5.2 RE(4)"));
}

static bool kebab(const char *s)
{
        if (!islower((unsigned char) s[0]))
                return false;
        for (; *s; s++)
                if (!islower((unsigned char) *s) && !isdigit((unsigned char) *s) && *s != '-')
                        return false;
        return s[-1] != '-';
}

static void test_check_ids_unique_and_referenced_requirements_exist(void **state)
{
        for (size_t t = 0; check_tables[t]; t++)
                for (const struct check_def *d = check_tables[t]; d->id; d++) {
                        if (!kebab(d->id))
                                fail_msg("check id '%s' is not kebab-case", d->id);
                        assert_non_null(d->title);
                        assert_non_null(d->run);
                        if (!d->reqs[0])
                                fail_msg("check %s serves no requirement", d->id);
                        /* Without its fact areas a check cannot learn that a cap cut its input. */
                        if (!d->facts)
                                fail_msg("check %s names no fact areas (.facts)", d->id);
                        for (size_t i = 0; i < CHECK_MAX_REQS && d->reqs[i]; i++)
                                if (!catalogue_find(d->reqs[i]))
                                        fail_msg("check %s names unknown requirement '%s'", d->id, d->reqs[i]);
                        for (size_t u = 0; check_tables[u]; u++)
                                for (const struct check_def *e = check_tables[u]; e->id; e++)
                                        if (e != d && streq(e->id, d->id))
                                                fail_msg("check id %s twice", d->id);
                }
}

static void test_every_requirement_has_a_check(void **state)
{
        for (size_t i = 0; i < catalogue_size; i++) {
                bool found = false;
                for (size_t t = 0; check_tables[t]; t++)
                        for (const struct check_def *d = check_tables[t]; d->id; d++)
                                for (size_t k = 0; k < CHECK_MAX_REQS && d->reqs[k]; k++)
                                        if (streq(d->reqs[k], catalogue[i].id))
                                                found = true;
                if (!found)
                        fail_msg("no check serves %s", catalogue[i].id);
        }
}

static void test_scope(void **state)
{
        char *why = NULL;

        assert_true(requirement_in_scope(catalogue_find("CR 4.1"), 1, ROLE_EMBEDDED, &why));
        assert_null(why);
        assert_false(requirement_in_scope(catalogue_find("CR 4.2"), 1, ROLE_HOST, &why));
        assert_non_null(strstr(why, "SL 2"));
        free(why);
        assert_false(requirement_in_scope(catalogue_find("NDR 5.2"), 4, ROLE_EMBEDDED, &why));
        assert_non_null(strstr(why, "network"));
        free(why);
        assert_true(requirement_in_scope(catalogue_find("NDR 5.2 RE(3)"), 3, ROLE_NETWORK, &why));
        assert_false(requirement_in_scope(catalogue_find("CR 5.4"), 4, ROLE_NETWORK, &why));
        free(why);
}

static void test_every_requirement_names_a_known_fr(void **state)
{
        for (size_t i = 0; i < catalogue_size; i++) {
                const struct foundational_requirement *fr = catalogue_fr_find(catalogue[i].fr);

                assert_non_null(fr);
                assert_string_equal(fr->id, catalogue[i].fr);
                assert_true(strlen(fr->title) > 0);
        }
        assert_string_equal(catalogue_fr_title("FR 4"), "Data confidentiality");
        assert_string_equal(catalogue_fr_title("FR 5"), "Restricted data flow");
        assert_string_equal(catalogue_fr_title("FR 9"), "");
        assert_null(catalogue_fr_find("fr-4"));
}

static void test_verdict_folding(void **state)
{
        assert_int_equal(verdict_worst(VERDICT_PASS, VERDICT_MANUAL), VERDICT_MANUAL);
        assert_int_equal(verdict_worst(VERDICT_ERROR, VERDICT_MANUAL), VERDICT_ERROR);
        assert_int_equal(verdict_worst(VERDICT_ERROR, VERDICT_FAIL), VERDICT_FAIL);
        assert_int_equal(verdict_worst(VERDICT_NA, VERDICT_PASS), VERDICT_PASS);
        assert_int_equal(verdict_worst(VERDICT_NA, VERDICT_NA), VERDICT_NA);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_requirement_ids_unique),
                cmocka_unit_test(test_check_ids_unique_and_referenced_requirements_exist),
                cmocka_unit_test(test_every_requirement_has_a_check),
                cmocka_unit_test(test_scope),
                cmocka_unit_test(test_every_requirement_names_a_known_fr),
                cmocka_unit_test(test_verdict_folding),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
