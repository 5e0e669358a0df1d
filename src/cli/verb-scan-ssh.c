/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <jansson.h>
#include <limits.h>

#include "cli.h"
#include "macro.h"
#include "ssh-scan.h"
#include "strv.h"

enum {
        OPT_FORMAT = 256,
        OPT_POLICY,
        OPT_TIMEOUT,
        OPT_TOTAL_TIMEOUT,
        OPT_NO_HOST_KEYS,
};

static const struct cli_option scan_ssh_options[] = {
        { "format", OPT_FORMAT, "FORMAT", "text (default) or json" },
        { "policy", OPT_POLICY, "POLICY", "crypto policy: nist (default), bsi, or a policy file" },
        { "output", 'o', "FILE", "write the result to FILE atomically instead of standard output" },
        { "timeout", OPT_TIMEOUT, "SECONDS", "per-connection time limit (default 5)" },
        { "total-timeout", OPT_TOTAL_TIMEOUT, "SECONDS", "time limit for the whole scan (default 20)" },
        { "no-host-keys", OPT_NO_HOST_KEYS, NULL, "read banner and algorithm lists only (one connection)" },
        { NULL, 0, NULL, NULL },
};

static const struct verb verb_scan_ssh_def = {
        .name = "scan ssh",
        .args = "HOST[:PORT] [OPTIONS...]",
        .summary = "Read an SSH server's banner, key exchange, host key, cipher, MAC and compression algorithms\n"
                   "(in the server's order) and its host keys without authenticating, and judge them by a crypto policy.\n"
                   "Exit codes: 0 everything acceptable, 1 something the policy rejects, 2 usage error,\n"
                   "3 the endpoint could not be scanned.",
        .options = scan_ssh_options,
};

static int parse_seconds(const char *s, unsigned *ret_ms)
{
        unsigned long v;
        char *end;

        errno = 0;
        v = strtoul(s, &end, 10);
        if (errno || end == s || *end || v < 1 || v > 3600 || s[0] == '-')
                return -EINVAL;
        *ret_ms = (unsigned) v * 1000;
        return 0;
}

static void print_list(FILE *f, const char *label, char *const *l)
{
        fprintf(f, "%s\n", label);
        if (!l || !*l)
                fputs("  (none)\n", f);
        for (char *const *p = l; p && *p; p++)
                fprintf(f, "  %s\n", *p);
}

static void print_text(FILE *f, const struct ssh_scan_result *r)
{
        _cleanup_strv_free_ char **ciphers = ssh_list_union(&r->kexinit, SSH_LIST_CIPHERS_C2S);
        _cleanup_strv_free_ char **macs = ssh_list_union(&r->kexinit, SSH_LIST_MACS_C2S);
        _cleanup_strv_free_ char **comp = ssh_list_union(&r->kexinit, SSH_LIST_COMP_C2S);
        bool v6 = strchr(r->address, ':') != NULL;

        fprintf(f, "SSH %s%s%s:%s (%s)\n", v6 ? "[" : "", r->address, v6 ? "]" : "", r->port, r->host);
        fprintf(f, "banner       %s\n", r->banner);
        fprintf(f, "scanned in   %llu ms, %u connections\n\n", (unsigned long long) r->elapsed_ms, r->connections);
        print_list(f, "key exchange", r->kexinit.lists[SSH_LIST_KEX]);
        print_list(f, "host key algorithms", r->kexinit.lists[SSH_LIST_HOSTKEY]);
        print_list(f, "ciphers", ciphers);
        print_list(f, "MACs", macs);
        print_list(f, "compression", comp);
        fputs("host keys\n", f);
        for (size_t i = 0; i < r->n_hostkeys; i++) {
                const struct ssh_hostkey_result *h = &r->hostkeys[i];

                if (h->err == 0)
                        fprintf(f, "  %-40s %-22s %5u bits  %s\n", h->algorithm, h->key.type, h->key.bits,
                                h->key.fingerprint_sha256);
                else
                        fprintf(f, "  %-40s error: %s\n", h->algorithm, h->error);
        }
}

static int run_scan_ssh(int argc, char **argv)
{
        _cleanup_free_ struct option *lo = NULL;
        _cleanup_free_ char *so = NULL, *host = NULL, *port = NULL, *error = NULL, *buf = NULL;
        _cleanup_(ssh_scan_result_freep) struct ssh_scan_result *r = NULL;
        struct ssh_scan_options o = {};
        const char *format = "text", *output = NULL, *policy = "nist", *target = NULL;
        size_t len = 0;
        FILE *mf;
        int c, k;

        cli_getopt_tables(scan_ssh_options, &lo, &so);
        optind = 0;
        /* Options may follow the target: getopt stops at it ('+'), so take it and go on. */
        for (unsigned rounds = 0; rounds < (unsigned) argc + 1; rounds++) {
                c = getopt_long(argc, argv, so, lo, NULL);
                if (c < 0) {
                        if (optind >= argc)
                                break;
                        if (target)
                                return cli_usage_error(&verb_scan_ssh_def, "unexpected argument '%s'", argv[optind]);
                        target = argv[optind++];
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
                        if (parse_seconds(optarg, &o.timeout_ms) < 0)
                                return cli_usage_error(&verb_scan_ssh_def, "--timeout takes 1..3600 seconds, not '%s'", optarg);
                        break;
                case OPT_TOTAL_TIMEOUT:
                        if (parse_seconds(optarg, &o.total_timeout_ms) < 0)
                                return cli_usage_error(&verb_scan_ssh_def, "--total-timeout takes 1..3600 seconds, not '%s'", optarg);
                        break;
                case OPT_NO_HOST_KEYS:
                        o.no_hostkeys = true;
                        break;
                default:
                        return cli_usage_error(&verb_scan_ssh_def, "invalid option");
                }
        }
        if (!target)
                return cli_usage_error(&verb_scan_ssh_def, "needs a target, HOST[:PORT]");
        if (ssh_target_parse(target, "22", &host, &port) < 0)
                return cli_usage_error(&verb_scan_ssh_def, "'%s' is not HOST, HOST:PORT or [IPV6]:PORT", target);
        (void) policy;

        k = ssh_scan(host, port, &o, &r, &error);
        if (k < 0) {
                cli_error("scan ssh %s: %s", target, error ? error : strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }

        mf = open_memstream(&buf, &len);
        if (!mf)
                return EXIT_CANNOT_EVALUATE;
        if (streq(format, "json")) {
                json_t *j = ssh_scan_to_json(r);
                json_dumpf(j, mf, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
                fputc('\n', mf);
                json_decref(j);
        } else
                print_text(mf, r);
        if (fclose(mf) != 0)
                return EXIT_CANNOT_EVALUATE;
        k = cli_write_output(output, buf, len);
        if (k < 0) {
                cli_error("cannot write %s: %s", output ? output : "standard output", strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        return EXIT_MET;
}

int verb_scan_ssh(int argc, char **argv) { return run_scan_ssh(argc, argv); }
