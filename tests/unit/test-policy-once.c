/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The crypto policy is loaded once per run by the caller and lent to the
 * checks, which do no I/O: a profile whose policy name points nowhere but
 * which carries a loaded policy is judged by that policy, never reloaded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "check.h"
#include "crypto-policy.h"
#include "facts.h"
#include "macro.h"

static const char policy_text[] = "[policy]\nbase = bsi\nname = lent-policy\n";

static const struct check_result *result_of(const struct report *r, const char *id)
{
        for (size_t i = 0; i < r->n_checks; i++)
                if (streq(r->checks[i].id, id))
                        return &r->checks[i];
        fail_msg("no check %s", id);
        return NULL;
}

static void test_checks_use_the_lent_policy(void **state)
{
        _cleanup_(crypto_policy_freep) struct crypto_policy *policy = NULL;
        struct collect_options co = { .root = FIXTURES_DIR "/crypto-weak", .live = false };
        struct facts *f = NULL;
        struct report *r = NULL;
        char *err = NULL;

        assert_int_equal(crypto_policy_parse(policy_text, strlen(policy_text), "/nonexistent/lent.conf", &policy, &err), 0);
        struct profile p = { .sl = 2, .role = ROLE_EMBEDDED, .crypto_policy = "/nonexistent/lent.conf", .policy = policy };

        assert_int_equal(facts_collect(&co, &f), 0);
        assert_int_equal(assess_run(f, &p, &r), 0);
        for (size_t i = 0; i < r->n_checks; i++)
                assert_null(strstr(strempty(r->checks[i].summary), "cannot load the crypto policy"));
        /* Judged by the lent policy (its name, its BSI base), not by a file it would have had to read. */
        assert_non_null(strstr(result_of(r, "openssl-config-policy")->summary, "lent-policy"));
        report_free(r);
        facts_free(f);
}

/* A load that failed is reported by each check that needs the policy, in the loader's words. */
static void test_failed_load_reported(void **state)
{
        struct collect_options co = { .root = FIXTURES_DIR "/crypto-weak", .live = false };
        struct profile p = { .sl = 2, .role = ROLE_EMBEDDED, .crypto_policy = "/x/p.conf",
                             .policy_err = -ENOENT, .policy_error = "/x/p.conf: gone" };
        struct facts *f = NULL;
        struct report *r = NULL;

        assert_int_equal(facts_collect(&co, &f), 0);
        assert_int_equal(assess_run(f, &p, &r), 0);
        assert_int_equal(result_of(r, "openssl-config-policy")->verdict, VERDICT_ERROR);
        assert_string_equal(result_of(r, "openssl-config-policy")->summary, "cannot load the crypto policy: /x/p.conf: gone");
        report_free(r);
        facts_free(f);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_checks_use_the_lent_policy),
                cmocka_unit_test(test_failed_load_reported),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
