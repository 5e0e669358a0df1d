/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "macro.h"
#include "parsers.h"
#include "strv.h"

#define LIT(s) s, sizeof(s) - 1

static void test_dpkg_status(void **state)
{
        static const char status[] =
                "Package: openssl\nStatus: install ok installed\nPriority: optional\nArchitecture: amd64\n"
                "Version: 3.0.17-1~deb12u2\nDescription: Secure Sockets Layer toolkit\n two lines\n\n"
                "Package: telnetd\nStatus: deinstall ok config-files\nVersion: 0.17\n\n"
                "Package: exim4-base\nStatus: install ok installed\nVersion: 4.96-15\n";
        struct package *v = NULL;
        size_t n = 0;

        assert_int_equal(dpkg_status_parse(LIT(status), &v, &n), 0);
        assert_int_equal(n, 2);
        assert_string_equal(v[0].name, "openssl");
        assert_string_equal(v[0].version, "3.0.17-1~deb12u2");
        assert_string_equal(v[0].arch, "amd64");
        assert_string_equal(v[1].name, "exim4-base");
        packages_free(v, n);
}

static void test_dpkg_status_malformed(void **state)
{
        struct package *v = (struct package *) 0x1;
        size_t n = 42;

        /* A field line without a colon. */
        assert_int_equal(dpkg_status_parse(LIT("Package: a\nStatus install ok installed\n"), &v, &n), -EBADMSG);
        /* A stanza without Package:. */
        assert_int_equal(dpkg_status_parse(LIT("Version: 1\nStatus: install ok installed\n\n"), &v, &n), -EBADMSG);
        assert_ptr_equal(v, (struct package *) 0x1);
        assert_int_equal(n, 42);
        /* Truncated mid-field and empty input are fine. */
        assert_int_equal(dpkg_status_parse(LIT("Package: a\nStatus: install ok inst"), &v, &n), 0);
        assert_int_equal(n, 0);
        free(v);
        assert_int_equal(dpkg_status_parse("", 0, &v, &n), 0);
        assert_int_equal(n, 0);
        free(v);
}

static void test_env_file(void **state)
{
        static const char env[] =
                "# CIP crypt hook\n"
                "PARTITIONS=\"var:/var:reencrypt home:/home:format-if-empty\"\n"
                "export WATCHDOG_TIMEOUT='60'\n"
                "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
                "ESC=\"a\\\"b\"\n"
                "BARE=word # trailing comment\n"
                "not an assignment\n"
                "1BAD=x\n";
        _cleanup_strv_free_ char **l = NULL;

        assert_int_equal(env_file_parse(LIT(env), &l), 0);
        assert_string_equal(env_get(l, "PARTITIONS"), "var:/var:reencrypt home:/home:format-if-empty");
        assert_string_equal(env_get(l, "WATCHDOG_TIMEOUT"), "60");
        assert_string_equal(env_get(l, "PRETTY_NAME"), "Debian GNU/Linux 12 (bookworm)");
        assert_string_equal(env_get(l, "ESC"), "a\"b");
        assert_string_equal(env_get(l, "BARE"), "word");
        assert_null(env_get(l, "1BAD"));
        assert_null(env_get(l, "PART"));
}

static void test_env_file_malformed(void **state)
{
        char **l = (char **) 0x1;

        assert_int_equal(env_file_parse(LIT("A=\"unterminated\n"), &l), -EBADMSG);
        assert_int_equal(env_file_parse(LIT("A='x\n"), &l), -EBADMSG);
        assert_ptr_equal(l, (char **) 0x1);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_dpkg_status),
                cmocka_unit_test(test_dpkg_status_malformed),
                cmocka_unit_test(test_env_file),
                cmocka_unit_test(test_env_file_malformed),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
