/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <jansson.h>
#include <limits.h>

#include "cli.h"
#include "crypto-policy.h"
#include "json-util.h"
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
        { NULL, 0, NULL, NULL },
};

static const struct verb verb_scan_ssh_def = {
        .name = "scan ssh",
        .args = "HOST[:PORT] [OPTIONS...]",
        .summary = "Read an SSH server's banner, key exchange, host key, cipher, MAC and compression algorithms\n"
                   "(in the server's order) and its host keys without authenticating, and judge them by a crypto policy.\n"
                   "The port defaults to 22.\n\n"
                   "Exit codes: 0 nothing at or above --fail-on (default: everything acceptable or legacy),\n"
                   "1 something deprecated or disallowed (or at/above --fail-on), 2 usage error,\n"
                   "3 could not scan (unreachable, not SSH, broken server; the reason is on stderr).",
        .options = scan_ssh_options,
};

static void print_algorithms(FILE *f, json_t *doc, const char *key, const char *label)
{
        json_t *a = json_object_get(json_object_get(doc, "algorithms"), key), *e;
        size_t i;

        fprintf(f, "\n%s:\n", label);
        if (json_array_size(a) == 0)
                fputs("  (none)\n", f);
        json_array_foreach(a, i, e) {
                if (json_object_get(e, "status"))
                        fprintf(f, "  %-42s %-10s %s\n", json_str_or_empty(e, "name"), json_str_or_empty(e, "status"), json_str_or_empty(e, "rule"));
                else
                        fprintf(f, "  %s\n", json_str_or_empty(e, "name"));
        }
}

static void print_text(FILE *f, json_t *doc)
{
        json_t *t = json_object_get(doc, "target"), *e;
        size_t i;

        fprintf(f, "SSH %s port %s (%s), policy %s\n", json_str_or_empty(t, "address"), json_str_or_empty(t, "port"), json_str_or_empty(t, "host"), json_str_or_empty(doc, "policy"));
        fprintf(f, "Banner: %s\n", json_str_or_empty(doc, "banner"));
        fprintf(f, "Scanned in %lld ms with %lld connections\n",
                (long long) json_integer_value(json_object_get(doc, "elapsed_ms")),
                (long long) json_integer_value(json_object_get(doc, "connections")));
        print_algorithms(f, doc, "kex", "Key exchange");
        print_algorithms(f, doc, "host_key", "Host key algorithms");
        print_algorithms(f, doc, "ciphers", "Ciphers");
        print_algorithms(f, doc, "macs", "MACs");
        print_algorithms(f, doc, "compression", "Compression");
        fputs("\nHost keys:\n", f);
        json_array_foreach(json_object_get(doc, "host_keys"), i, e) {
                if (json_object_get(e, "error"))
                        fprintf(f, "  %-26s error: %s\n", json_str_or_empty(e, "algorithm"), json_str_or_empty(e, "error"));
                else
                        fprintf(f, "  %-26s %-20s %5lld bits  %s\n", json_str_or_empty(e, "algorithm"), json_str_or_empty(e, "type"),
                                (long long) json_integer_value(json_object_get(e, "bits")), json_str_or_empty(e, "fingerprint_sha256"));
        }
        cli_scan_print_findings(f, doc);
        cli_scan_print_worst(f, doc);
}

static int run_scan_ssh(int argc, char **argv)
{
        _cleanup_free_ struct option *lo = NULL;
        _cleanup_free_ char *so = NULL, *host = NULL, *port = NULL, *error = NULL;
        _cleanup_(ssh_scan_result_freep) struct ssh_scan_result *r = NULL;
        _cleanup_(crypto_policy_freep) struct crypto_policy *cp = NULL;
        enum cp_status fail_on = CP_DEPRECATED, worst = CP_ACCEPTABLE;
        json_t *doc = NULL;
        struct ssh_scan_options o = {};
        const char *format = "text", *output = NULL, *policy = "nist", *target = NULL, *operand;
        bool dashes = false;
        int c, k;

        cli_getopt_tables(scan_ssh_options, &lo, &so);
        optind = 0;
        /* Options may follow the target. */
        while ((c = cli_getopt_operands(argc, argv, so, lo, &dashes, &operand)) >= 0) {
                switch (c) {
                case CLI_OPERAND:
                        if (target)
                                return cli_usage_error(&verb_scan_ssh_def, "unexpected argument '%s'", operand);
                        target = operand;
                        break;
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
                        if (cli_parse_fail_on(optarg, &fail_on) < 0)
                                return cli_usage_error(&verb_scan_ssh_def, "--fail-on takes legacy, unknown, deprecated or disallowed, not '%s'", optarg);
                        break;
                case OPT_ALL_ALGORITHMS:
                        o.all_algorithms = true;
                        break;
                case OPT_NO_HOST_KEYS:
                        o.no_hostkeys = true;
                        break;
                default:
                        return cli_bad_option(&verb_scan_ssh_def, argv);
                }
        }
        if (!target)
                return cli_usage_error(&verb_scan_ssh_def, "needs a target, HOST[:PORT]");
        if (ssh_target_parse(target, "22", &host, &port) < 0)
                return cli_usage_error(&verb_scan_ssh_def, "'%s' is not HOST, HOST:PORT or [IPV6]:PORT", target);
        k = crypto_policy_load(policy, &cp, &error);
        if (k < 0) {
                cli_error("scan ssh: cannot load the crypto policy '%s': %s", policy, error ? error : strerror(-k));
                return EXIT_USAGE;
        }

        k = ssh_scan(host, port, &o, &r, &error);
        if (k < 0) {
                cli_error("scan ssh %s: %s", target, error ? error : strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }

        k = ssh_scan_result_to_json(r, cp, &doc, &worst);
        if (k < 0) {
                cli_error("scan ssh: cannot render the result: %s", strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        k = cli_scan_write(doc, streq(format, "json"), print_text, output);
        json_decref(doc);
        if (k < 0) {
                cli_error("cannot write %s: %s", output ? output : "standard output", strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        return worst >= fail_on ? EXIT_NOT_MET : EXIT_MET;
}

int verb_scan_ssh(int argc, char **argv) { return run_scan_ssh(argc, argv); }
