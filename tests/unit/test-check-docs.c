/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every check says, for docs/checks.md, what it decides from offline and
 * live and what makes it manual (.offline, .live, .manual of its check_def).
 * A row with some of the three but not all, or one that is not a sentence,
 * always fails. A row with none of them is listed; it fails only with
 * BULWARK_CHECK_DOCS_STRICT=1, until every table has its rows written
 * (issue 13: the areas are being written by several hands at once).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "check.h"
#include "macro.h"

static bool sentence(const char *s)
{
        size_t n = s ? strlen(s) : 0;
        return n > 10 && (s[n - 1] == '.' || s[n - 1] == ')');
}

static void test_rows(void **state)
{
        const char *e = getenv("BULWARK_CHECK_DOCS_STRICT");
        bool strict = e && streq(e, "1");
        unsigned missing = 0, bad = 0, total = 0;

        for (size_t t = 0; check_tables[t]; t++)
                for (const struct check_def *d = check_tables[t]; d->id; d++) {
                        const char *const v[] = { d->offline, d->live, d->manual };
                        const char *const k[] = { "offline", "live", "manual" };
                        unsigned set = 0;

                        total++;
                        for (size_t i = 0; i < ARRAY_SIZE(v); i++)
                                set += v[i] != NULL;
                        if (set == 0) {
                                missing++;
                                printf("%s: %s has no .offline, .live or .manual\n", strict ? "error" : "warning", d->id);
                                continue;
                        }
                        for (size_t i = 0; i < ARRAY_SIZE(v); i++)
                                if (!sentence(v[i])) {
                                        bad++;
                                        printf("error: %s: .%s is %s\n", d->id, k[i], v[i] ? "not a sentence" : "missing");
                                }
                }
        printf("%u checks, %u without decision docs, %u rows incomplete\n", total, missing, bad);
        assert_int_equal(bad, 0);
        if (strict)
                assert_int_equal(missing, 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_rows),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
