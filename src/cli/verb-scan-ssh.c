/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <jansson.h>
#include <limits.h>

#include "cli.h"
#include "crypto-policy.h"
#include "macro.h"
#include "parse-util.h"
#include "ssh-scan.h"
#include "strv.h"

enum {
        OPT_FORMAT = 256,
        OPT_POLICY,
        OPT_TIMEOUT,
        OPT_TOTAL_TIMEOUT,
        OPT_NO_HOST_KEYS,
        OPT_FAIL_ON,
        OPT_ALL_ALGORITHMS,
        OPT_PARALLEL,
        OPT_TARGETS,
        OPT_JOBS,
};

static const struct cli_option scan_ssh_options[] = {
        { "format", OPT_FORMAT, "FORMAT", "text (default) or json" },
        { "policy", OPT_POLICY, "POLICY", "crypto policy: nist (default), bsi, or a policy file" },
        { "output", 'o', "FILE", "write the result to FILE atomically instead of standard output" },
        { "fail-on", OPT_FAIL_ON, "STATUS", "lowest status that makes the exit code 1: legacy, unknown, deprecated (default), disallowed" },
        { "timeout", OPT_TIMEOUT, "MS", "per-connection timeout in milliseconds (default 5000)" },
        { "max-time", OPT_TOTAL_TIMEOUT, "MS", "time limit for the whole scan in milliseconds (default 20000)" },
        { "parallel", OPT_PARALLEL, "N", "connections at once (default 6; sshd drops some beyond MaxStartups, 10)" },
        { "no-host-keys", OPT_NO_HOST_KEYS, NULL, "read banner and algorithm lists only (one connection)" },
        { "all-host-key-algorithms", OPT_ALL_ALGORITHMS, NULL, "one key exchange per RSA signature algorithm too (they share one key)" },
        { "targets", OPT_TARGETS, "FILE", "scan every HOST[:PORT] in FILE (one a line, # comments; - is stdin) into one document" },
        { "jobs", OPT_JOBS, "N", "with --targets: targets scanned at once (default 4, at most 64)" },
        { NULL, 0, NULL, NULL },
};

static const struct verb verb_scan_ssh_def = {
        .name = "scan ssh",
        .args = "HOST[:PORT] [OPTIONS...] | --targets FILE [OPTIONS...]",
        .summary = "Read an SSH server's banner, key exchange, host key, cipher, MAC and compression algorithms\n"
                   "(in the server's order) and its host keys without authenticating, and judge them by a crypto policy.\n"
                   "The port defaults to 22.\n\n"
                   "Exit codes: 0 nothing at or above --fail-on (default: everything acceptable or legacy),\n"
                   "1 something deprecated or disallowed (or at/above --fail-on), 2 usage error,\n"
                   "3 could not scan (unreachable, not SSH, broken server; the reason is on stderr).",
        .options = scan_ssh_options,
};

static const char *js(json_t *o, const char *key)
{
        const char *v = json_string_value(json_object_get(o, key));
        return v ? v : "";
}

static void print_algorithms(FILE *f, json_t *doc, const char *key, const char *label)
{
        json_t *a = json_object_get(json_object_get(doc, "algorithms"), key), *e;
        size_t i;

        fprintf(f, "\n%s:\n", label);
        if (json_array_size(a) == 0)
                fputs("  (none)\n", f);
        json_array_foreach(a, i, e) {
                if (json_object_get(e, "status"))
                        fprintf(f, "  %-42s %-10s %s\n", js(e, "name"), js(e, "status"), js(e, "rule"));
                else
                        fprintf(f, "  %s\n", js(e, "name"));
        }
}

static void print_text(FILE *f, json_t *doc)
{
        json_t *t = json_object_get(doc, "target"), *e;
        size_t i;
        bool header = false;

        fprintf(f, "SSH %s port %s (%s), policy %s\n", js(t, "address"), js(t, "port"), js(t, "host"), js(doc, "policy"));
        fprintf(f, "Banner: %s\n", js(doc, "banner"));
        fprintf(f, "Scanned in %lld ms with %lld connections\n",
                (long long) json_integer_value(json_object_get(doc, "elapsed_ms")),
                (long long) json_integer_value(json_object_get(doc, "connections")));
        print_algorithms(f, doc, "kex", "Key exchange");
        {
                json_t *sig = json_object_get(doc, "kex_signals"), *se, *tp = json_object_get(doc, "terrapin");
                size_t si;
                if (json_array_size(sig) > 0) {
                        fputs("  signals (not key exchanges):", f);
                        json_array_foreach(sig, si, se)
                                fprintf(f, " %s", json_string_value(se));
                        fputc('\n', f);
                }
                if (json_is_true(json_object_get(tp, "chacha20_poly1305")) || json_array_size(json_object_get(tp, "etm_macs")) > 0)
                        fprintf(f, "  Terrapin (CVE-2023-48795): %s\n", json_is_true(json_object_get(tp, "exposed")) ?
                                "EXPOSED (chacha20-poly1305 or EtM without strict key exchange)" : "mitigated by strict key exchange");
        }
        print_algorithms(f, doc, "host_key", "Host key algorithms");
        print_algorithms(f, doc, "ciphers", "Ciphers");
        print_algorithms(f, doc, "macs", "MACs");
        print_algorithms(f, doc, "compression", "Compression");
        fputs("\nHost keys:\n", f);
        json_array_foreach(json_object_get(doc, "host_keys"), i, e) {
                if (json_object_get(e, "error"))
                        fprintf(f, "  %-26s error: %s\n", js(e, "algorithm"), js(e, "error"));
                else
                        fprintf(f, "  %-26s %-20s %5lld bits  %s\n", js(e, "algorithm"), js(e, "type"),
                                (long long) json_integer_value(json_object_get(e, "bits")), js(e, "fingerprint_sha256"));
        }
        json_array_foreach(json_object_get(doc, "findings"), i, e) {
                if (streq(js(e, "status"), "acceptable"))
                        continue;
                if (!header)
                        fputs("\nFindings (not acceptable):\n", f);
                header = true;
                fprintf(f, "  %-10s %s [%s]\n", js(e, "status"), js(e, "detail"), js(e, "rule"));
        }
        fprintf(f, "\nWorst status: %s\n", js(doc, "worst_status"));
}

static int parse_status(const char *s, enum cp_status *ret)
{
        for (enum cp_status st = 0; st < _CP_STATUS_MAX; st++)
                if (streq(s, cp_status_to_string(st)) && st != CP_ACCEPTABLE) {
                        *ret = st;
                        return 0;
                }
        return -EINVAL;
}

struct scan_ctx {
        const struct ssh_scan_options *o;
        const struct crypto_policy *policy;
        enum cp_status fail_on;
};

static void scan_one(struct cli_target_run *t, void *userdata)
{
        const struct scan_ctx *ctx = userdata;
        _cleanup_(ssh_scan_result_freep) struct ssh_scan_result *r = NULL;
        _cleanup_free_ char *host = NULL, *port = NULL, *error = NULL;
        enum cp_status worst = CP_ACCEPTABLE;
        int k;

        if (ssh_target_parse(t->target, "22", &host, &port) < 0) {
                t->exit = EXIT_CANNOT_EVALUATE;
                t->error = xasprintf("'%s' is not HOST, HOST:PORT or [IPV6]:PORT", t->target);
                return;
        }
        k = ssh_scan(host, port, ctx->o, &r, &error);
        if (k < 0) {
                t->exit = EXIT_CANNOT_EVALUATE;
                t->error = xasprintf("%s: %s", t->target, error ? error : strerror(-k));
                return;
        }
        k = ssh_scan_result_to_json(r, ctx->policy, &t->doc, &worst);
        if (k < 0) {
                t->exit = EXIT_CANNOT_EVALUATE;
                t->error = xasprintf("%s: cannot render the result: %s", t->target, strerror(-k));
                return;
        }
        t->exit = worst >= ctx->fail_on ? EXIT_NOT_MET : EXIT_MET;
}

static int scan_targets(const char *path, unsigned jobs, const char *format, const char *output, struct scan_ctx *ctx)
{
        _cleanup_strv_free_ char **targets = NULL;
        _cleanup_free_ char *err = NULL, *buf = NULL;
        _cleanup_free_ struct cli_target_run *runs = NULL;
        size_t n, len = 0;
        FILE *mf;
        int k, code;

        k = cli_targets_read(path, &targets, &err);
        if (k < 0) {
                cli_error("scan ssh: --targets %s", err);
                return EXIT_USAGE;
        }
        n = strv_length(targets);
        runs = xreallocarray(NULL, n, sizeof(*runs));
        for (size_t i = 0; i < n; i++)
                runs[i] = (struct cli_target_run){ .target = targets[i] };
        cli_targets_run(runs, n, jobs, scan_one, ctx);
        code = cli_targets_worst_exit(runs, n);

        mf = open_memstream(&buf, &len);
        if (!mf)
                return EXIT_CANNOT_EVALUATE;
        if (streq(format, "json")) {
                json_t *doc = cli_targets_json("bulwark-scan-ssh-set/1", runs, n);
                json_dumpf(doc, mf, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
                fputc('\n', mf);
                json_decref(doc);
        } else
                for (size_t i = 0; i < n; i++) {
                        fprintf(mf, "%s== %s: exit %d\n", i ? "\n" : "", runs[i].target, runs[i].exit);
                        if (runs[i].doc)
                                print_text(mf, runs[i].doc);
                        if (runs[i].error)
                                fprintf(mf, "Could not scan: %s\n", runs[i].error);
                }
        for (size_t i = 0; i < n; i++) {
                if (runs[i].error)
                        cli_error("scan ssh %s", runs[i].error);
                cli_target_run_clear(&runs[i]);
        }
        if (fclose(mf) != 0)
                return EXIT_CANNOT_EVALUATE;
        k = cli_write_output(output, buf, len);
        if (k < 0) {
                cli_error("cannot write %s: %s", output ? output : "standard output", strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        return code;
}

static int run_scan_ssh(int argc, char **argv)
{
        _cleanup_free_ struct option *lo = NULL;
        _cleanup_free_ char *so = NULL, *host = NULL, *port = NULL, *error = NULL, *buf = NULL;
        _cleanup_(ssh_scan_result_freep) struct ssh_scan_result *r = NULL;
        _cleanup_(crypto_policy_freep) struct crypto_policy *cp = NULL;
        enum cp_status fail_on = CP_DEPRECATED, worst = CP_ACCEPTABLE;
        json_t *doc = NULL;
        struct ssh_scan_options o = {};
        const char *format = "text", *output = NULL, *policy = "nist", *target = NULL, *targets = NULL;
        unsigned jobs = 4;
        size_t len = 0;
        FILE *mf;
        int c, k;

        cli_getopt_tables(scan_ssh_options, &lo, &so);
        optind = 0;
        /* Options may follow the target: getopt stops at it ('+'), so take it and go on. */
        for (unsigned rounds = 0; rounds < (unsigned) argc + 1; rounds++) {
                c = getopt_long(argc, argv, so, lo, NULL);
                if (c < 0) {
                        /* "--" ends the options: what follows is operands only. */
                        bool dashes = optind > 0 && streq(argv[optind - 1], "--");

                        if (optind >= argc)
                                break;
                        if (target)
                                return cli_usage_error(&verb_scan_ssh_def, "unexpected argument '%s'", argv[optind]);
                        target = argv[optind++];
                        if (dashes) {
                                if (optind < argc)
                                        return cli_usage_error(&verb_scan_ssh_def, "unexpected argument '%s'", argv[optind]);
                                break;
                        }
                        continue;
                }
                switch (c) {
                case 'h':
                        cli_print_help(stdout, &verb_scan_ssh_def);
                        return EXIT_MET;
                case OPT_FORMAT:
                        if (!streq(optarg, "text") && !streq(optarg, "json"))
                                return cli_usage_error(&verb_scan_ssh_def, "--format takes text or json, not '%s'", optarg);
                        format = optarg;
                        break;
                case OPT_POLICY:
                        policy = optarg;
                        break;
                case 'o':
                        output = optarg;
                        break;
                case OPT_TIMEOUT:
                        if (parse_uint(optarg, 1, 3600000, &o.timeout_ms) < 0)
                                return cli_usage_error(&verb_scan_ssh_def, "--timeout takes 1..3600000 milliseconds, not '%s'", optarg);
                        break;
                case OPT_TOTAL_TIMEOUT:
                        if (parse_uint(optarg, 1, 3600000, &o.total_timeout_ms) < 0)
                                return cli_usage_error(&verb_scan_ssh_def, "--max-time takes 1..3600000 milliseconds, not '%s'", optarg);
                        break;
                case OPT_PARALLEL:
                        if (parse_uint(optarg, 1, 16, &o.max_parallel) < 0)
                                return cli_usage_error(&verb_scan_ssh_def, "--parallel takes 1..16, not '%s'", optarg);
                        break;
                case OPT_FAIL_ON:
                        if (parse_status(optarg, &fail_on) < 0)
                                return cli_usage_error(&verb_scan_ssh_def, "--fail-on takes legacy, unknown, deprecated or disallowed, not '%s'", optarg);
                        break;
                case OPT_ALL_ALGORITHMS:
                        o.all_algorithms = true;
                        break;
                case OPT_NO_HOST_KEYS:
                        o.no_hostkeys = true;
                        break;
                case OPT_TARGETS:
                        targets = optarg;
                        break;
                case OPT_JOBS:
                        if (parse_uint(optarg, 1, 64, &jobs) < 0)
                                return cli_usage_error(&verb_scan_ssh_def, "--jobs takes 1..64, not '%s'", optarg);
                        break;
                default:
                        return cli_bad_option(&verb_scan_ssh_def, argv);
                }
        }
        if (target && targets)
                return cli_usage_error(&verb_scan_ssh_def, "give HOST[:PORT] or --targets FILE, not both");
        if (!target && !targets)
                return cli_usage_error(&verb_scan_ssh_def, "needs a target, HOST[:PORT]");
        if (target && ssh_target_parse(target, "22", &host, &port) < 0)
                return cli_usage_error(&verb_scan_ssh_def, "'%s' is not HOST, HOST:PORT or [IPV6]:PORT", target);
        k = crypto_policy_load(policy, &cp, &error);
        if (k < 0) {
                cli_error("scan ssh: cannot load the crypto policy '%s': %s", policy, error ? error : strerror(-k));
                return EXIT_USAGE;
        }
        if (targets) {
                struct scan_ctx ctx = { .o = &o, .policy = cp, .fail_on = fail_on };
                return scan_targets(targets, jobs, format, output, &ctx);
        }

        k = ssh_scan(host, port, &o, &r, &error);
        if (k < 0) {
                cli_error("scan ssh %s: %s", target, error ? error : strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }

        mf = open_memstream(&buf, &len);
        if (!mf)
                return EXIT_CANNOT_EVALUATE;
        k = ssh_scan_result_to_json(r, cp, &doc, &worst);
        if (k < 0) {
                fclose(mf);
                cli_error("scan ssh: cannot render the result: %s", strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        if (streq(format, "json")) {
                json_dumpf(doc, mf, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
                fputc('\n', mf);
        } else
                print_text(mf, doc);
        json_decref(doc);
        if (fclose(mf) != 0)
                return EXIT_CANNOT_EVALUATE;
        k = cli_write_output(output, buf, len);
        if (k < 0) {
                cli_error("cannot write %s: %s", output ? output : "standard output", strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        return worst >= fail_on ? EXIT_NOT_MET : EXIT_MET;
}

int verb_scan_ssh(int argc, char **argv) { return run_scan_ssh(argc, argv); }
