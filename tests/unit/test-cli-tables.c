/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The verb and sub-verb tables of src/cli are data: every row has its help,
 * and every row is reachable through the real binary ($BULWARK):
 * `bulwark VERB SUB --help` exits 0 with its usage line, `bulwark help VERB
 * SUB` prints the same, the verb's --help lists it, and an unknown sub-verb
 * is one line naming every row. The list comes from the tables themselves
 * (cli_verbs[] and each verb's subverbs), never from a hand list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "fdio.h"
#include "macro.h"

static bool kebab(const char *s)
{
        if (!s || !islower((unsigned char) s[0]))
                return false;
        for (; *s; s++)
                if (!islower((unsigned char) *s) && !isdigit((unsigned char) *s) && *s != '-')
                        return false;
        return s[-1] != '-';
}

static char *read_all(int fd)
{
        char *t = NULL;

        assert_true(lseek(fd, 0, SEEK_SET) == 0);
        assert_int_equal(read_full_fd(fd, 1 << 20, &t, NULL), 0);
        return t;
}

/* Runs $BULWARK with args (NULL-terminated); returns its exit code, its output in *ret_out and *ret_err. */
static int run(const char *const *args, char **ret_out, char **ret_err)
{
        const char *bulwark = getenv("BULWARK");
        char out_path[] = "/tmp/test-cli-tables-out-XXXXXX", err_path[] = "/tmp/test-cli-tables-err-XXXXXX";
        int out = mkostemp(out_path, O_CLOEXEC), err = mkostemp(err_path, O_CLOEXEC), status;
        const char *argv[16] = { "bulwark" };
        size_t n = 1;
        pid_t pid;

        assert_non_null(bulwark);
        assert_true(out >= 0 && err >= 0);
        unlink(out_path);
        unlink(err_path);
        for (; args[n - 1] && n + 1 < ARRAY_SIZE(argv); n++)
                argv[n] = args[n - 1];
        argv[n] = NULL;
        pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
                int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

                if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
                        _exit(127);
                execv(bulwark, (char *const *) argv);
                _exit(127);
        }
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        *ret_out = read_all(out);
        *ret_err = read_all(err);
        close(out);
        close(err);
        return WEXITSTATUS(status);
}

static size_t lines(const char *s)
{
        size_t n = 0;

        for (; *s; s++)
                n += *s == '\n';
        return n;
}

static void test_rows_have_help(void **state)
{
        size_t rows = 0;

        for (size_t i = 0; cli_verbs[i]; i++) {
                const struct verb *v = cli_verbs[i];

                if (!kebab(v->name) || !v->summary || !v->summary[0] || !v->run)
                        fail_msg("verb '%s': a kebab-case name, a summary and a handler", strna(v->name));
                assert_ptr_equal(cli_find_verb(v->name), v);
                for (const struct cli_subverb *s = v->subverbs; s && s->name; s++, rows++) {
                        if (!kebab(s->name))
                                fail_msg("%s %s: the name is not kebab-case", v->name, s->name);
                        if (!s->summary || !s->summary[0] || strchr(s->summary, '\n'))
                                fail_msg("%s %s: no one-line summary", v->name, s->name);
                        if (!s->run == !s->run_argv)
                                fail_msg("%s %s: exactly one of run and run_argv", v->name, s->name);
                        if (s->run && (s->min_args < 0 || (s->max_args != CLI_ARGS_ANY && s->max_args < s->min_args)))
                                fail_msg("%s %s: argument bounds %d..%d", v->name, s->name, s->min_args, s->max_args);
                        if (s->run && s->max_args != 0 && !s->args)
                                fail_msg("%s %s: takes arguments, and its synopsis names none", v->name, s->name);
                        if (s->run && s->options && !v->parse_option)
                                fail_msg("%s %s: has options, and %s no parse_option", v->name, s->name, v->name);
                        if (cli_find_subverb(v, s->name) != s)
                                fail_msg("%s %s: twice in the table", v->name, s->name);
                        for (const struct cli_option *o = s->options; o && o->name; o++)
                                if (!kebab(o->name) || !((o->help && o->help[0]) || o->help_fn))
                                        fail_msg("%s %s --%s: a kebab-case name and help", v->name, s->name, o->name);
                }
        }
        /* firewall 10, wipe 2, factory-reset 3, scan 2, report 3: a table that lost its rows fails here. */
        assert_true(rows >= 20);
}

static void test_rows_reachable(void **state)
{
        for (size_t i = 0; cli_verbs[i]; i++) {
                const struct verb *v = cli_verbs[i];
                _cleanup_free_ char *vout = NULL, *verr = NULL;

                if (!v->subverbs)
                        continue;
                assert_int_equal(run((const char *[]) { v->name, "--help", NULL }, &vout, &verr), EXIT_MET);
                if (!strstr(vout, "\nSub-verbs:\n"))
                        fail_msg("bulwark %s --help lists no sub-verbs", v->name);
                for (const struct cli_subverb *s = v->subverbs; s->name; s++) {
                        _cleanup_free_ char *out = NULL, *err = NULL, *hout = NULL, *herr = NULL, *usage = NULL, *listed = NULL;
                        int rc;

                        rc = run((const char *[]) { v->name, s->name, "--help", NULL }, &out, &err);
                        usage = xasprintf("Usage: bulwark %s %s ", v->name, s->name);
                        if (rc != EXIT_MET || !startswith(out, usage) || err[0])
                                fail_msg("bulwark %s %s --help: exit %d, first line '%.*s', stderr '%s'", v->name, s->name, rc,
                                         (int) strcspn(out, "\n"), out, err);
                        assert_int_equal(run((const char *[]) { "help", v->name, s->name, NULL }, &hout, &herr), EXIT_MET);
                        if (!streq(out, hout))
                                fail_msg("bulwark help %s %s differs from its --help", v->name, s->name);
                        if (s->run && !strstr(out, s->summary))
                                fail_msg("bulwark %s %s --help lacks its row's summary", v->name, s->name);
                        listed = xasprintf("\n  %s%s%s ", s->name, s->args ? " " : "", strempty(s->args));
                        if (!strstr(vout, listed) || !strstr(vout, s->summary))
                                fail_msg("bulwark %s --help does not list '%s' with its summary", v->name, s->name);
                }
        }
}

static void test_unknown_subverb_names_all(void **state)
{
        for (size_t i = 0; cli_verbs[i]; i++) {
                const struct verb *v = cli_verbs[i];
                const char *const given[] = { "frobnicate", NULL };

                /* A verb that is a command itself (wipe TARGET...) takes any other word as its own argument. */
                if (!v->subverbs || v->run_default)
                        continue;
                for (size_t g = 0; g < ARRAY_SIZE(given); g++) {
                        _cleanup_free_ char *out = NULL, *err = NULL;
                        int rc = run((const char *[]) { v->name, given[g], NULL }, &out, &err);

                        if (rc != EXIT_USAGE || out[0] || lines(err) != 1)
                                fail_msg("bulwark %s %s: exit %d, %zu lines on stderr: %s", v->name, strempty(given[g]), rc, lines(err), err);
                        for (const struct cli_subverb *s = v->subverbs; s->name; s++)
                                if (!strstr(err, s->name))
                                        fail_msg("bulwark %s %s: the error does not name %s: %s", v->name, strempty(given[g]), s->name, err);
                }
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_rows_have_help),
                cmocka_unit_test(test_rows_reachable),
                cmocka_unit_test(test_unknown_subverb_names_all),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
