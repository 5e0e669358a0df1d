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
 */

enum {
        OPT_FORMAT = 256,
        OPT_KEY,
        OPT_CHECKS,
        OPT_NAME_BY,
};

static const struct cli_option report_options[] = {
        { "format", OPT_FORMAT, "FORMAT", "merge: text (default) or json (bulwark-fleet/1)" },
        { "output", 'o', "FILE", "merge: write the summary to FILE atomically" },
        { "name-by", OPT_NAME_BY, "hostname|file", "merge: name each device by the hostname in its report (default) or by its file name without .json (e.g. the inventory name)" },
        { "checks", OPT_CHECKS, NULL, "diff: a check whose verdict got worse is a regression too, and checks are counted" },
        { "key", OPT_KEY, "PUBKEY", "verify: also check the manifest's signature with this PEM public key" },
        { NULL, 0, NULL, NULL },
};

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

static int report_diff(int argc, char **argv, unsigned flags)
{
        _cleanup_(assessment_freep) struct assessment *old = NULL, *new = NULL;
        int k;

        if (argc != 2)
                return cli_usage_error(&verb_report, "diff takes two reports: OLD NEW");
        if (load(argv[0], &old) < 0 || load(argv[1], &new) < 0)
                return EXIT_CANNOT_EVALUATE;
        k = assessment_diff(old, new, flags, stdout);
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

static int report_merge(int argc, char **argv, const char *format, const char *output, bool name_by_file)
{
        struct assessment **a;
        char *buf = NULL;
        size_t len = 0;
        FILE *f;
        int k, code;

        if (argc < 1)
                return cli_usage_error(&verb_report, "merge takes one or more reports");
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
        if (k >= 0)
                k = cli_write_output(output, buf, len);
        free(buf);
        if (k < 0) {
                cli_error("cannot write the fleet summary: %s", strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        return code;
}

static int report_verify(int argc, char **argv, const char *key)
{
        char **problems = NULL;
        size_t checked = 0;
        int k;

        if (argc != 1)
                return cli_usage_error(&verb_report, "verify takes one evidence bundle directory");
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

static int run_report(int argc, char **argv)
{
        _cleanup_free_ struct option *lo = NULL;
        _cleanup_free_ char *so = NULL;
        const char *format = "text", *output = NULL, *key = NULL, *sub;
        unsigned diff_flags = 0;
        bool name_by_file = false;
        int c;

        cli_getopt_tables(report_options, &lo, &so);
        /* Options may come before or after the sub-verb: parse all, permuting. */
        so[0] = '-';
        optind = 0;
        {
                _cleanup_free_ char **args = xmalloc0(((size_t) argc + 1) * sizeof(char *));
                int n = 0;

                while ((c = getopt_long(argc, argv, so, lo, NULL)) >= 0) {
                        switch (c) {
                        case 1:
                                args[n++] = optarg;
                                break;
                        case 'h':
                                cli_print_help(stdout, &verb_report);
                                return EXIT_MET;
                        case OPT_FORMAT:
                                if (!streq(optarg, "text") && !streq(optarg, "json"))
                                        return cli_usage_error(&verb_report, "--format takes text or json, not '%s'", optarg);
                                format = optarg;
                                break;
                        case 'o':
                                output = optarg;
                                break;
                        case OPT_KEY:
                                key = optarg;
                                break;
                        case OPT_NAME_BY:
                                if (!streq(optarg, "hostname") && !streq(optarg, "file"))
                                        return cli_usage_error(&verb_report, "--name-by takes hostname or file, not '%s'", optarg);
                                name_by_file = streq(optarg, "file");
                                break;
                        case OPT_CHECKS:
                                diff_flags |= DIFF_CHECKS;
                                break;
                        default:
                                return cli_bad_option(&verb_report, argv);
                        }
                }
                while (optind < argc)
                        args[n++] = argv[optind++];
                if (n < 1)
                        return cli_usage_error(&verb_report, "needs a sub-verb: diff, merge or verify");
                sub = args[0];
                if (streq(sub, "diff"))
                        return report_diff(n - 1, args + 1, diff_flags);
                if (streq(sub, "merge"))
                        return report_merge(n - 1, args + 1, format, output, name_by_file);
                if (streq(sub, "verify"))
                        return report_verify(n - 1, args + 1, key);
                return cli_usage_error(&verb_report, "unknown sub-verb '%s': diff, merge or verify", sub);
        }
}

const struct verb verb_report = {
        .name = "report",
        .args = "diff OLD NEW | merge FILES... | verify DIR",
        .summary = "Compare two JSON reports (exit 1 when a requirement got worse: pass = na < manual < error < fail), merge many into a fleet summary, or verify an evidence bundle.",
        .options = report_options,
        .run = run_report,
};
