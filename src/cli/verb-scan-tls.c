/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <jansson.h>
#include <limits.h>

#include "cli.h"
#include "crypto-policy.h"
#include "json-util.h"
#include "macro.h"
#include "parse-util.h"
#include "tls-scan.h"

enum {
        OPT_POLICY = 256,
        OPT_FORMAT,
        OPT_TIMEOUT,
        OPT_MAX_TIME,
        OPT_PARALLEL,
        OPT_SNI,
        OPT_NO_CERT,
        OPT_FAIL_ON,
};

static const struct cli_option scan_tls_options[] = {
        { "policy", OPT_POLICY, "POLICY", "crypto policy: nist (default), bsi, or a policy file" },
        { "format", OPT_FORMAT, "FORMAT", "text (default) or json" },
        { "output", 'o', "FILE", "write the result to FILE atomically instead of standard output" },
        { "fail-on", OPT_FAIL_ON, "STATUS", "lowest status that makes the exit code 1: legacy, unknown, deprecated (default), disallowed" },
        { "timeout", OPT_TIMEOUT, "MS", "per-connection timeout in milliseconds (default 5000)" },
        { "max-time", OPT_MAX_TIME, "MS", "time limit for the whole scan in milliseconds (default 120000)" },
        { "parallel", OPT_PARALLEL, "N", "connections at once, at most (default 8; fewer when the server's backlog overflows)" },
        { "sni", OPT_SNI, "NAME", "server name to send (default: the host, unless it is an address)" },
        { "no-certificate", OPT_NO_CERT, NULL, "skip the extra TLS 1.3 handshake that fetches the certificate" },
        { NULL, 0, NULL, NULL },
};

static int run_scan_tls_verb(int argc, char **argv) { return verb_scan_tls(argc, argv); }

static const struct verb scan_tls_verb = {
        .name = "scan tls",
        .args = "[OPTIONS] HOST[:PORT] | [IPV6]:PORT",
        .summary = "Find every protocol version (SSLv3..TLS 1.3), cipher suite (in the server's order), group,\n"
                   "signature scheme, extension and certificate a TLS server accepts, and judge each against\n"
                   "the crypto policy. The port defaults to 443.\n\n"
                   "Exit codes: 0 nothing at or above --fail-on (default: everything acceptable or legacy),\n"
                   "1 something deprecated or disallowed (or at/above --fail-on), 2 usage error,\n"
                   "3 could not scan (unreachable, not TLS, broken server; the reason is on stderr).",
        .options = scan_tls_options,
        .run = run_scan_tls_verb,
};

/* HOST, HOST:PORT, [V6], [V6]:PORT; a bare IPv6 address without a port is accepted too. */
static int parse_target(const char *s, char **ret_host, uint16_t *ret_port)
{
        const char *colon;
        unsigned port = 443;
        _cleanup_free_ char *host = NULL;
        struct in6_addr a6;

        if (s[0] == '[') {
                const char *end = strchr(s, ']');
                if (!end || end == s + 1)
                        return -EINVAL;
                host = xstrndup(s + 1, (size_t) (end - s - 1));
                if (end[1] == ':') {
                        if (parse_uint(end + 2, 1, 65535, &port) < 0)
                                return -EINVAL;
                } else if (end[1] != 0)
                        return -EINVAL;
        } else if (inet_pton(AF_INET6, s, &a6) == 1) {
                host = xstrdup(s);
        } else {
                colon = strrchr(s, ':');
                if (colon) {
                        if (parse_uint(colon + 1, 1, 65535, &port) < 0 || colon == s)
                                return -EINVAL;
                        host = xstrndup(s, (size_t) (colon - s));
                } else
                        host = xstrdup(s);
        }
        if (!host[0] || strlen(host) > 253)
                return -EINVAL;
        *ret_host = TAKE_PTR(host);
        *ret_port = (uint16_t) port;
        return 0;
}

static const char *tri(json_t *o, const char *key)
{
        json_t *v = json_object_get(o, key);
        return json_is_true(v) ? "yes" : json_is_false(v) ? "no" : "unknown";
}

static void print_text(FILE *f, json_t *doc)
{
        json_t *target = json_object_get(doc, "target"), *a, *o;
        size_t i, k;

        bool v6 = strchr(json_str_or_empty(target, "host"), ':');
        fprintf(f, "TLS scan of %s%s%s:%lld (%s), policy %s: %lld connections, %.2f s\n",
                v6 ? "[" : "", json_str_or_empty(target, "host"), v6 ? "]" : "",
                (long long) json_integer_value(json_object_get(target, "port")),
                json_str_or_empty(target, "address"), json_str_or_empty(doc, "policy"),
                (long long) json_integer_value(json_object_get(doc, "connections")),
                json_real_value(json_object_get(doc, "elapsed_seconds")));

        fputs("\nProtocols and cipher suites:\n", f);
        a = json_object_get(doc, "protocols");
        if (json_array_size(a) == 0)
                fputs("  (none accepted)\n", f);
        json_array_foreach(a, i, o) {
                json_t *c, *pref = json_object_get(o, "server_preference");
                fprintf(f, "  %-8s %-11s %s%s\n", json_str_or_empty(o, "version"), json_str_or_empty(o, "status"),
                        json_is_true(pref) ? "server order" : json_is_false(pref) ? "client order" : "",
                        json_is_false(json_object_get(o, "complete")) ? " (incomplete: a probe failed)" : "");
                json_array_foreach(json_object_get(o, "ciphers"), k, c)
                        fprintf(f, "    %s %-48s %s\n", json_str_or_empty(c, "code"), json_str_or_empty(c, "iana"), json_str_or_empty(c, "status"));
        }

        a = json_object_get(doc, "groups");
        if (json_array_size(a) > 0) {
                fputs("\nKey exchange groups:\n", f);
                json_array_foreach(a, i, o) {
                        json_t *bits = json_object_get(o, "bits");
                        if (bits)
                                fprintf(f, "  %-20s %-5lld %s\n", json_str_or_empty(o, "name"), (long long) json_integer_value(bits), json_str_or_empty(o, "status"));
                        else
                                fprintf(f, "  %-26s %s\n", json_str_or_empty(o, "name"), json_str_or_empty(o, "status"));
                }
        }
        a = json_object_get(doc, "signature_algorithms");
        if (json_array_size(a) > 0) {
                fputs("\nSignature schemes:\n", f);
                json_array_foreach(a, i, o)
                        fprintf(f, "  %-26s %-8s %s\n", json_str_or_empty(o, "name"), json_str_or_empty(o, "version"), json_str_or_empty(o, "status"));
        }
        a = json_object_get(doc, "certificates");
        if (json_array_size(a) > 0) {
                fputs("\nCertificate chain:\n", f);
                json_array_foreach(a, i, o) {
                        json_t *s;
                        fprintf(f, "  %zu %s\n    key %s %lld bits, signed %s, valid %s .. %s, %s\n", i, json_str_or_empty(o, "subject"),
                                json_str_or_empty(o, "key_type"), (long long) json_integer_value(json_object_get(o, "key_bits")),
                                json_str_or_empty(o, "signature"), json_str_or_empty(o, "not_before"), json_str_or_empty(o, "not_after"), json_str_or_empty(o, "status"));
                        json_array_foreach(json_object_get(o, "san"), k, s)
                                fprintf(f, "%s%s", k == 0 ? "    SAN " : ", ", json_string_value(s));
                        if (json_array_size(json_object_get(o, "san")) > 0)
                                fputc('\n', f);
                }
        }
        o = json_object_get(doc, "extensions");
        if (json_is_null(json_object_get(o, "renegotiation_info")) &&
            json_is_null(json_object_get(o, "extended_master_secret")))
                fputs("\nExtensions: not probed (no TLS 1.2 or older accepted; TLS 1.3 has them built in)\n", f);
        else
                fprintf(f, "\nExtensions: renegotiation_info %s, extended_master_secret %s, encrypt_then_mac %s,\n"
                           "  ocsp_stapling %s, session_ticket %s, compression %s\n",
                        tri(o, "renegotiation_info"), tri(o, "extended_master_secret"), tri(o, "encrypt_then_mac"),
                        tri(o, "ocsp_stapling"), tri(o, "session_ticket"), tri(o, "compression"));

        cli_scan_print_findings(f, doc);
        a = json_object_get(doc, "errors");
        if (json_array_size(a) > 0) {
                fputs("\nProbes that failed (results may be incomplete):\n", f);
                json_array_foreach(a, i, o)
                        fprintf(f, "  %s\n", json_string_value(o));
        }
        cli_scan_print_worst(f, doc);
}

int verb_scan_tls(int argc, char **argv)
{
        _cleanup_free_ struct option *lo = NULL;
        _cleanup_free_ char *so = NULL, *host = NULL, *err = NULL;
        _cleanup_(crypto_policy_freep) struct crypto_policy *policy = NULL;
        _cleanup_(tls_scan_result_freep) struct tls_scan_result *res = NULL;
        struct tls_scan_options o = {};
        const char *policy_name = "nist", *format = "text", *output = NULL;
        enum cp_status fail_on = CP_DEPRECATED, worst = CP_ACCEPTABLE;
        json_t *doc = NULL;
        int c, k;

        cli_getopt_tables(scan_tls_options, &lo, &so);
        optind = 0;
        while ((c = getopt_long(argc, argv, so, lo, NULL)) >= 0) {
                switch (c) {
                case 'h':
                        cli_print_help(stdout, &scan_tls_verb);
                        return EXIT_MET;
                case OPT_POLICY:
                        policy_name = optarg;
                        break;
                case OPT_FORMAT:
                        if (!streq(optarg, "text") && !streq(optarg, "json"))
                                return cli_usage_error(&scan_tls_verb, "--format takes text or json");
                        format = optarg;
                        break;
                case 'o':
                        output = optarg;
                        break;
                case OPT_FAIL_ON:
                        if (cli_parse_fail_on(optarg, &fail_on) < 0)
                                return cli_usage_error(&scan_tls_verb, "--fail-on takes legacy, unknown, deprecated or disallowed");
                        break;
                case OPT_TIMEOUT:
                        if (parse_uint(optarg, 1, 600000, &o.conn_timeout_ms) < 0)
                                return cli_usage_error(&scan_tls_verb, "--timeout takes milliseconds, 1..600000");
                        break;
                case OPT_MAX_TIME:
                        if (parse_uint(optarg, 1, 3600000, &o.total_timeout_ms) < 0)
                                return cli_usage_error(&scan_tls_verb, "--max-time takes milliseconds, 1..3600000");
                        break;
                case OPT_PARALLEL:
                        if (parse_uint(optarg, 1, 256, &o.max_parallel) < 0)
                                return cli_usage_error(&scan_tls_verb, "--parallel takes 1..256");
                        break;
                case OPT_SNI:
                        o.sni = optarg;
                        break;
                case OPT_NO_CERT:
                        o.no_certificate = true;
                        break;
                default:
                        return cli_bad_option(&scan_tls_verb, argv);
                }
        }
        if (optind != argc - 1)
                return cli_usage_error(&scan_tls_verb, "takes exactly one HOST:PORT");
        if (parse_target(argv[optind], &host, &o.port) < 0)
                return cli_usage_error(&scan_tls_verb, "'%s' is not HOST:PORT or [IPV6]:PORT", argv[optind]);
        o.host = host;

        k = crypto_policy_load(policy_name, &policy, &err);
        if (k < 0) {
                cli_error("scan tls: policy '%s': %s", policy_name, err ? err : strerror(-k));
                return EXIT_USAGE;
        }

        k = tls_scan(&o, &res, &err);
        if (k < 0) {
                cli_error("scan tls: %s:%u: %s", host, o.port, err ? err : strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        k = tls_scan_result_to_json(res, policy, &doc, &worst);
        if (k < 0) {
                cli_error("scan tls: cannot build the result: %s", strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }

        k = cli_scan_write(doc, streq(format, "json"), print_text, output);
        json_decref(doc);
        if (k < 0) {
                cli_error("scan tls: cannot write %s: %s", output ? output : "standard output", strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        return worst >= fail_on ? EXIT_NOT_MET : EXIT_MET;
}
