/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>

#include <bulwark/bulwark.h>

#include "cli.h"
#include "compare.h"
#include "fdio.h"
#include "macro.h"

/*
 * bulwark report diff OLD NEW      what got better, what regressed; exit 1 on a regression (for CI):
 *                                  a requirement (--checks: or a check) whose verdict got worse by
 *                                  pass = na < manual < error < fail, or that is missing
 * bulwark report merge FILES...    fleet summary: per requirement how many devices pass, fail, which
 * bulwark report verify DIR        an evidence bundle: manifest, copies, report, signature
 *
 * One row each in report_subverbs below.
 */

enum {
        OPT_FORMAT = 256,
        OPT_KEY,
        OPT_CHECKS,
        OPT_NAME_BY,
};

struct report_args {
        const char *format, *output, *key;
        unsigned diff_flags;
        bool name_by_file;
};

static const struct cli_option diff_options[] = {
        { "checks", OPT_CHECKS, NULL, "a check whose verdict got worse is a regression too, and checks are counted" },
        { NULL, 0, NULL, NULL },
};

static const struct cli_option merge_options[] = {
        { "format", OPT_FORMAT, "FORMAT", "text (default) or json (bulwark-fleet/1)" },
        { "output", 'o', "FILE", "write the summary to FILE atomically" },
        { "name-by", OPT_NAME_BY, "hostname|file", "name each device by the hostname in its report (default) or by its file name without .json (e.g. the inventory name)" },
        { NULL, 0, NULL, NULL },
};

static const struct cli_option verify_options[] = {
        { "key", OPT_KEY, "PUBKEY", "also check the manifest's signature with this PEM public key" },
        { NULL, 0, NULL, NULL },
};

static const struct cli_option report_options[] = {
        { NULL, 0, NULL, NULL },
};

static int report_parse_option(const struct verb *cmd, int c, const char *arg, void *userdata)
{
        struct report_args *a = userdata;

        switch (c) {
        case OPT_FORMAT:
                if (!streq(arg, "text") && !streq(arg, "json"))
                        return cli_usage_error(cmd, "--format takes text or json, not '%s'", arg);
                a->format = arg;
                return 0;
        case 'o':
                a->output = arg;
                return 0;
        case OPT_KEY:
                a->key = arg;
                return 0;
        case OPT_NAME_BY:
                if (!streq(arg, "hostname") && !streq(arg, "file"))
                        return cli_usage_error(cmd, "--name-by takes hostname or file, not '%s'", arg);
                a->name_by_file = streq(arg, "file");
                return 0;
        case OPT_CHECKS:
                a->diff_flags |= DIFF_CHECKS;
                return 0;
        }
        return cli_usage_error(cmd, "unhandled option %d", c);
}

static int load(const char *path, struct assessment **ret)
{
        _cleanup_close_ int fd = -1;
        _cleanup_free_ char *buf = NULL;
        const char *label;
        size_t len = 0;
        int k;

        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) {
                k = negative_errno();
                cli_error("cannot open %s: %s", path, strerror(-k));
                return k;
        }
        k = read_full_fd(fd, ASSESSMENT_MAX_BYTES, &buf, &len);
        if (k < 0) {
                cli_error("cannot read %s: %s", path, k == -EFBIG ? "larger than 64 MiB" : strerror(-k));
                return k;
        }
        label = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        k = assessment_parse(buf, len, label, ret);
        if (k == -EBADMSG) {
                _cleanup_free_ char *why = assessment_json_error(buf, len);

                if (why)
                        cli_error("%s is not a bulwark-assessment/1 report: not JSON: %s", path, why);
                else
                        cli_error("%s is not a bulwark-assessment/1 report", path);
        } else if (k < 0)
                cli_error("%s is not a bulwark-assessment/1 report%s", path, k == -E2BIG ? " (over the size limits)" : "");
        return k;
}

static int report_diff(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        const struct report_args *a = userdata;
        _cleanup_(assessment_freep) struct assessment *old = NULL, *new = NULL;
        int k;

        if (load(argv[0], &old) < 0 || load(argv[1], &new) < 0)
                return EXIT_CANNOT_EVALUATE;
        k = assessment_diff(old, new, a->diff_flags, stdout);
        if (k < 0 || fflush(stdout) != 0) {
                cli_error("cannot write the comparison");
                return EXIT_CANNOT_EVALUATE;
        }
        return k > 0 ? EXIT_NOT_MET : EXIT_MET;
}

static void free_all(struct assessment **a, size_t n)
{
        for (size_t i = 0; i < n; i++)
                assessment_free(a[i]);
        free(a);
}

/* "devices/plc-01.json" -> "plc-01". */
static char *file_label(const char *path)
{
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        size_t n = strlen(base);

        if (n > 5 && streq(base + n - 5, ".json"))
                n -= 5;
        return xstrndup(base, n);
}

static int report_merge(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        const struct report_args *args = userdata;
        const char *format = args->format, *output = args->output;
        bool name_by_file = args->name_by_file;
        struct assessment **a;
        char *buf = NULL;
        size_t len = 0;
        FILE *f;
        int k, code;

        a = xmalloc0((size_t) argc * sizeof(*a));
        for (int i = 0; i < argc; i++)
                if (load(argv[i], &a[i]) < 0) {
                        free_all(a, (size_t) argc);
                        return EXIT_CANNOT_EVALUATE;
                } else if (name_by_file) {
                        _cleanup_free_ char *label = file_label(argv[i]);
                        assessment_set_name(a[i], label);
                }
        f = open_memstream(&buf, &len);
        if (!f)
                abort();
        k = streq(format, "json") ? fleet_write_json(a, (size_t) argc, f) : fleet_write_text(a, (size_t) argc, f);
        code = fleet_exit_code(a, (size_t) argc);
        free_all(a, (size_t) argc);
        if (fclose(f) != 0 && k >= 0)
                k = -EIO;
        if (k < 0) {
                free(buf);
                cli_error("cannot write the fleet summary: %s", strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        k = cli_write_output(output, buf, len);
        free(buf);
        if (k < 0)
                return EXIT_CANNOT_EVALUATE;
        return code;
}

static int report_verify(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        const char *key = ((const struct report_args *) userdata)->key;
        char **problems = NULL;
        size_t checked = 0;
        int k;

        k = bw_evidence_verify(argv[0], key, &problems, &checked);
        for (size_t i = 0; problems && problems[i]; i++) {
                printf("FAIL %s\n", problems[i]);
                free(problems[i]);
        }
        free(problems);
        if (k == -EBADMSG) {
                printf("%s: does not verify (%zu files checked)\n", argv[0], checked);
                return EXIT_NOT_MET;
        }
        if (k < 0) {
                cli_error("cannot verify %s: %s", argv[0], k == -EINVAL && key ? "the key is not a PEM public key" : strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        printf("%s: verified, %zu files match the manifest%s\n", argv[0], checked, key ? ", signature good" : "");
        return EXIT_MET;
}

static const struct cli_subverb report_subverbs[] = {
        { .name = "diff", .args = "OLD NEW", .min_args = 2, .max_args = 2, .options = diff_options, .run = report_diff,
          .summary = "What got better and what regressed between two reports; exit 1 when a requirement (with --checks: "
                     "or a check) got worse by pass = na < manual < error < fail, or is missing." },
        { .name = "merge", .args = "FILES...", .min_args = 1, .max_args = CLI_ARGS_ANY, .options = merge_options, .run = report_merge,
          .summary = "A fleet summary of many reports: per requirement, how many devices pass and fail, and which." },
        { .name = "verify", .args = "DIR", .min_args = 1, .max_args = 1, .options = verify_options, .run = report_verify,
          .summary = "Check an evidence bundle: its manifest, the copies, the report and, with --key, the signature." },
        { NULL },
};

static int run_report(int argc, char **argv)
{
        struct report_args a = { .format = "text" };

        return cli_dispatch(&verb_report, argc, argv, &a);
}

const struct verb verb_report = {
        .name = "report",
        .summary = "Compare two JSON reports (exit 1 when a requirement got worse: pass = na < manual < error < fail), merge many into a fleet summary, or verify an evidence bundle.",
        .options = report_options,
        .run = run_report,
        .subverbs = report_subverbs,
        .parse_option = report_parse_option,
};
