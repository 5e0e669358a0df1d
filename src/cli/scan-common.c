/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `scan tls` and `scan ssh` share: the options every scanner has, one
 * target or a --targets file scanned through the same per-target function,
 * and one way of rendering and writing the result. Each verb keeps only what
 * is its own: its options, its target syntax, its scan and its text report.
 */
#include <jansson.h>

#include "cli.h"
#include "crypto-policy.h"
#include "macro.h"
#include "parse-util.h"
#include "strv.h"

static int parse_fail_on(const char *s, enum cp_status *ret)
{
        for (enum cp_status st = 0; st < _CP_STATUS_MAX; st++)
                if (st != CP_ACCEPTABLE && streq(s, cp_status_to_string(st))) {
                        *ret = st;
                        return 0;
                }
        return -EINVAL;
}

static int common_option(struct cli_scan *s, int c, const char *arg)
{
        const struct verb *v = s->verb;

        switch (c) {
        case OPT_SCAN_FORMAT:
                if (!streq(arg, "text") && !streq(arg, "json"))
                        return cli_usage_error(v, "--format takes text or json, not '%s'", arg);
                s->format = arg;
                return 0;
        case OPT_SCAN_POLICY:
                s->policy_name = arg;
                return 0;
        case OPT_SCAN_OUTPUT:
                s->output = arg;
                return 0;
        case OPT_SCAN_FAIL_ON:
                if (parse_fail_on(arg, &s->fail_on) < 0)
                        return cli_usage_error(v, "--fail-on takes legacy, unknown, deprecated or disallowed, not '%s'", arg);
                return 0;
        case OPT_SCAN_TIMEOUT:
                if (parse_uint(arg, 1, s->timeout_max, s->timeout_ms) < 0)
                        return cli_usage_error(v, "--timeout takes 1..%u milliseconds, not '%s'", s->timeout_max, arg);
                return 0;
        case OPT_SCAN_MAX_TIME:
                if (parse_uint(arg, 1, 3600000, s->max_time_ms) < 0)
                        return cli_usage_error(v, "--max-time takes 1..3600000 milliseconds, not '%s'", arg);
                return 0;
        case OPT_SCAN_PARALLEL:
                if (parse_uint(arg, 1, s->parallel_max, s->parallel) < 0)
                        return cli_usage_error(v, "--parallel takes 1..%u, not '%s'", s->parallel_max, arg);
                return 0;
        case OPT_SCAN_TARGETS:
                s->targets = arg;
                return 0;
        case OPT_SCAN_JOBS:
                if (parse_uint(arg, 1, 64, &s->jobs) < 0)
                        return cli_usage_error(v, "--jobs takes 1..64, not '%s'", arg);
                return 0;
        default:
                return CLI_SCAN_NOT_COMMON;
        }
}

int cli_scan_parse(struct cli_scan *s, int argc, char **argv)
{
        _cleanup_free_ struct option *lo = NULL;
        _cleanup_free_ char *so = NULL;
        _cleanup_strv_free_ char **operands = NULL;
        const struct verb *v = s->verb;
        int c, k;

        cli_getopt_tables(v->options, &lo, &so);
        optind = 0;
        while ((c = cli_getopt_operands(argc, argv, so, lo, &operands)) >= 0) {
                if (c == 'h') {
                        cli_print_help(stdout, v);
                        return EXIT_MET;
                }
                k = common_option(s, c, optarg);
                if (k == CLI_SCAN_NOT_COMMON)
                        k = s->verb_option(s, c, optarg);
                if (k == CLI_SCAN_NOT_COMMON)
                        return cli_bad_option(v, argv);
                if (k != 0)
                        return k;
        }
        if (s->targets && operands)
                return cli_usage_error(v, "give %s or --targets FILE, not both", s->target_syntax);
        if (!s->targets && !operands)
                return cli_usage_error(v, "needs a target, %s", s->target_syntax);
        if (!s->targets && strv_length(operands) != 1)
                return cli_usage_error(v, "unexpected argument '%s'", operands[1]);
        s->target = s->targets ? NULL : xstrdup(operands[0]);
        return CLI_SCAN_PROCEED;
}

void cli_scan_done(struct cli_scan *s)
{
        free(s->target);
        s->target = NULL;
}

/* The text report: one target's as it is, many with a header line each. */
static void render_text(const struct cli_scan *s, const struct cli_target_run *runs, size_t n, bool many, FILE *f)
{
        for (size_t i = 0; i < n; i++) {
                if (many)
                        fprintf(f, "%s== %s: exit %d\n", i ? "\n" : "", runs[i].target, runs[i].exit);
                if (runs[i].doc)
                        s->print_text(f, runs[i].doc);
                if (many && runs[i].error)
                        fprintf(f, "Could not scan: %s\n", runs[i].error);
        }
}

int cli_scan_run(struct cli_scan *s)
{
        _cleanup_(crypto_policy_freep) struct crypto_policy *policy = NULL;
        _cleanup_strv_free_ char **targets = NULL;
        _cleanup_free_ char *err = NULL, *buf = NULL;
        _cleanup_free_ struct cli_target_run *runs = NULL;
        bool many = s->targets;
        size_t n, len = 0;
        FILE *mf;
        int k, code;

        k = crypto_policy_load(s->policy_name, &policy, &err);
        if (k < 0) {
                cli_error("%s: cannot load the crypto policy '%s': %s", s->verb->name, s->policy_name,
                          err ? err : strerror(-k));
                return EXIT_USAGE;
        }
        s->policy = policy;
        if (many) {
                k = cli_targets_read(s->targets, &targets, &err);
                if (k < 0) {
                        cli_error("%s: --targets %s", s->verb->name, err);
                        return EXIT_USAGE;
                }
        } else
                strv_push(&targets, s->target);
        n = strv_length(targets);
        runs = xreallocarray(NULL, n, sizeof(*runs));
        for (size_t i = 0; i < n; i++)
                runs[i] = (struct cli_target_run){ .target = targets[i] };
        cli_targets_run(runs, n, many ? s->jobs : 1, s->scan_one, s);
        code = cli_targets_worst_exit(runs, n);

        mf = open_memstream(&buf, &len);
        if (!mf)
                return EXIT_CANNOT_EVALUATE;
        if (streq(s->format, "json")) {
                json_t *doc = many ? cli_targets_json(s->set_schema, runs, n) : json_incref(runs[0].doc);

                if (doc) {
                        json_dumpf(doc, mf, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
                        fputc('\n', mf);
                }
                json_decref(doc);
        } else
                render_text(s, runs, n, many, mf);
        for (size_t i = 0; i < n; i++) {
                if (runs[i].error)
                        cli_error("%s: %s", s->verb->name, runs[i].error);
                cli_target_run_clear(&runs[i]);
        }
        if (fclose(mf) != 0)
                return EXIT_CANNOT_EVALUATE;
        s->policy = NULL;
        /* A single target that could not be scanned writes nothing: the reason is on stderr. */
        if (len > 0 && cli_write_output(s->output, buf, len) < 0)
                return EXIT_CANNOT_EVALUATE;
        return code;
}
