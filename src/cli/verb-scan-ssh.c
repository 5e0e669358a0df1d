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
        OPT_NO_HOST_KEYS = OPT_SCAN_VERB,
        OPT_ALL_ALGORITHMS,
};

static const struct cli_option scan_ssh_options[] = {
        CLI_SCAN_OPTIONS("time limit for the whole scan in milliseconds (default 20000)",
                         "connections at once (default 6; sshd drops some beyond MaxStartups, 10)", "HOST[:PORT]"),
        { "no-host-keys", OPT_NO_HOST_KEYS, NULL, "read banner and algorithm lists only (one connection)" },
        { "all-host-key-algorithms", OPT_ALL_ALGORITHMS, NULL, "one key exchange per RSA signature algorithm too (they share one key)" },
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

static void scan_one(struct cli_target_run *t, void *userdata)
{
        const struct cli_scan *s = userdata;
        _cleanup_(ssh_scan_result_freep) struct ssh_scan_result *r = NULL;
        _cleanup_free_ char *host = NULL, *port = NULL, *error = NULL;
        enum cp_status worst = CP_ACCEPTABLE;
        int k;

        if (ssh_target_parse(t->target, "22", &host, &port) < 0) {
                t->exit = EXIT_CANNOT_EVALUATE;
                t->error = xasprintf("'%s' is not HOST, HOST:PORT or [IPV6]:PORT", t->target);
                return;
        }
        k = ssh_scan(host, port, s->verb_options, &r, &error);
        if (k < 0) {
                t->exit = EXIT_CANNOT_EVALUATE;
                t->error = xasprintf("%s: %s", t->target, error ? error : strerror(-k));
                return;
        }
        k = ssh_scan_result_to_json(r, s->policy, &t->doc, &worst);
        if (k < 0) {
                t->exit = EXIT_CANNOT_EVALUATE;
                t->error = xasprintf("%s: cannot render the result: %s", t->target, strerror(-k));
                return;
        }
        t->exit = worst >= s->fail_on ? EXIT_NOT_MET : EXIT_MET;
}

static int verb_option(struct cli_scan *s, int c, const char *arg)
{
        struct ssh_scan_options *o = s->verb_options;

        switch (c) {
        case OPT_ALL_ALGORITHMS:
                o->all_algorithms = true;
                return 0;
        case OPT_NO_HOST_KEYS:
                o->no_hostkeys = true;
                return 0;
        default:
                return CLI_SCAN_NOT_COMMON;
        }
}

int verb_scan_ssh(int argc, char **argv)
{
        _cleanup_free_ char *host = NULL, *port = NULL;
        struct ssh_scan_options o = {};
        _cleanup_(cli_scan_done) struct cli_scan s = {
                .verb = &verb_scan_ssh_def,
                .target_syntax = "HOST[:PORT]",
                .set_schema = "bulwark-scan-ssh-set/1",
                .timeout_max = 3600000,
                .parallel_max = 16,
                .timeout_ms = &o.timeout_ms,
                .max_time_ms = &o.total_timeout_ms,
                .parallel = &o.max_parallel,
                .scan_one = scan_one,
                .print_text = print_text,
                .verb_option = verb_option,
                .verb_options = &o,
                CLI_SCAN_DEFAULTS,
        };
        int k;

        if ((k = cli_scan_parse(&s, argc, argv)) != CLI_SCAN_PROCEED)
                return k;
        if (s.target && ssh_target_parse(s.target, "22", &host, &port) < 0)
                return cli_usage_error(&verb_scan_ssh_def, "'%s' is not HOST, HOST:PORT or [IPV6]:PORT", s.target);
        return cli_scan_run(&s);
}
