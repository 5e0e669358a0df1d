/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <jansson.h>
#include <limits.h>

#include "cli.h"
#include "crypto-policy.h"
#include "macro.h"
#include "parse-util.h"
#include "strv.h"
#include "tls-scan.h"

enum {
        OPT_SNI = OPT_SCAN_VERB,
        OPT_NO_CERT,
        OPT_CA_FILE,
        OPT_NO_VERIFY,
        OPT_STARTTLS,
};

static const struct cli_option scan_tls_options[] = {
        CLI_SCAN_OPTIONS("time limit for the whole scan in milliseconds (default 120000)",
                         "connections at once, at most (default 8; fewer when the server's backlog overflows)", "HOST:PORT"),
        { "sni", OPT_SNI, "NAME", "server name to send (default: the host, unless it is an address)" },
        { "no-certificate", OPT_NO_CERT, NULL, "skip the extra TLS 1.3 handshake that fetches the certificate" },
        { "ca-file", OPT_CA_FILE, "FILE", "PEM certificates to trust (default: the system store, /etc/ssl/certs)" },
        { "no-verify", OPT_NO_VERIFY, NULL, "do not judge chain trust and the host name (only the algorithms)" },
        { "starttls", OPT_STARTTLS, "PROTO", "plaintext exchange before TLS: smtp, submission, imap, pop3, ftp, ldap, postgres, mysql, xmpp, xmpp-server" },
        { NULL, 0, NULL, NULL },
};

static int run_scan_tls_verb(int argc, char **argv) { return verb_scan_tls(argc, argv); }

static const struct verb scan_tls_verb = {
        .name = "scan tls",
        .args = "[OPTIONS] HOST[:PORT] | [IPV6]:PORT | --targets FILE",
        .summary = "Find every protocol version (SSLv3..TLS 1.3), cipher suite (in the server's order), group,\n"
                   "signature scheme, extension and certificate a TLS server accepts, and judge each against\n"
                   "the crypto policy. The port defaults to 443.\n\n"
                   "Exit codes: 0 nothing at or above --fail-on (default: everything acceptable or legacy),\n"
                   "1 something deprecated or disallowed (or at/above --fail-on), 2 usage error,\n"
                   "3 could not scan (unreachable, not TLS, broken server, or no protocol version accepted;\n"
                   "the reason and the alerts received are on stderr).",
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

static const char *js(json_t *o, const char *key)
{
        const char *s = json_string_value(json_object_get(o, key));
        return s ? s : "";
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

        bool v6 = strchr(js(target, "host"), ':');
        fprintf(f, "TLS scan of %s%s%s:%lld (%s), policy %s: %lld connections, %.2f s\n",
                v6 ? "[" : "", js(target, "host"), v6 ? "]" : "",
                (long long) json_integer_value(json_object_get(target, "port")),
                js(target, "address"), js(doc, "policy"),
                (long long) json_integer_value(json_object_get(doc, "connections")),
                json_real_value(json_object_get(doc, "elapsed_seconds")));

        fputs("\nProtocols and cipher suites:\n", f);
        a = json_object_get(doc, "protocols");
        if (json_array_size(a) == 0)
                fputs(json_is_string(json_object_get(doc, "error")) ? "  (none accepted: not scanned, see below)\n" :
                      "  (no SSLv3 or TLS version accepted: see the findings)\n", f);
        json_array_foreach(a, i, o) {
                json_t *c, *pref = json_object_get(o, "server_preference");
                fprintf(f, "  %-8s %-11s %s%s\n", js(o, "version"), js(o, "status"),
                        json_is_true(pref) ? "server order" : json_is_false(pref) ? "client order" : "",
                        json_is_false(json_object_get(o, "complete")) ? " (incomplete: a probe failed)" : "");
                json_array_foreach(json_object_get(o, "ciphers"), k, c)
                        fprintf(f, "    %s %-48s %s\n", js(c, "code"), js(c, "iana"), js(c, "status"));
        }

        a = json_object_get(doc, "groups");
        if (json_array_size(a) > 0) {
                fputs("\nKey exchange groups:\n", f);
                json_array_foreach(a, i, o) {
                        json_t *bits = json_object_get(o, "bits");
                        if (bits)
                                fprintf(f, "  %-20s %-5lld %s\n", js(o, "name"), (long long) json_integer_value(bits), js(o, "status"));
                        else
                                fprintf(f, "  %-26s %s\n", js(o, "name"), js(o, "status"));
                }
        }
        a = json_object_get(doc, "signature_algorithms");
        if (json_array_size(a) > 0) {
                fputs("\nSignature schemes:\n", f);
                json_array_foreach(a, i, o)
                        fprintf(f, "  %-26s %-8s %s\n", js(o, "name"), js(o, "version"), js(o, "status"));
        }
        a = json_object_get(doc, "certificates");
        json_t *chains = json_object_get(doc, "certificate_chains");
        if (json_array_size(a) > 0) {
                json_array_foreach(a, i, o) {
                        json_t *s, *ch = json_array_get(chains, (size_t) json_integer_value(json_object_get(o, "chain")));
                        if (json_integer_value(json_object_get(o, "depth")) == 0 && ch) {
                                json_t *hm = json_object_get(ch, "hostname_match");
                                fprintf(f, "\nCertificate chain %lld (%s key, read with %s): %s%s%s%s%s\n",
                                        (long long) json_integer_value(json_object_get(ch, "chain")), js(ch, "key_type"),
                                        js(ch, "version"), js(ch, "trust"),
                                        json_is_string(json_object_get(ch, "trust_error")) ? " (" : "",
                                        js(ch, "trust_error"),
                                        json_is_string(json_object_get(ch, "trust_error")) ? ")" : "",
                                        json_is_true(hm) ? ", name matches" : json_is_false(hm) ? ", NAME DOES NOT MATCH" : "");
                        } else if (!ch && i == 0)
                                fputs("\nCertificate chain:\n", f);
                        fprintf(f, "  %lld %s\n    key %s %lld bits, signed %s, valid %s .. %s, %s\n",
                                (long long) json_integer_value(json_object_get(o, "depth")), js(o, "subject"),
                                js(o, "key_type"), (long long) json_integer_value(json_object_get(o, "key_bits")),
                                js(o, "signature"), js(o, "not_before"), js(o, "not_after"), js(o, "status"));
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
                           "  ocsp_stapling %s, session_ticket %s, compression %s, fallback_scsv %s,\n"
                           "  client_renegotiation %s\n",
                        tri(o, "renegotiation_info"), tri(o, "extended_master_secret"), tri(o, "encrypt_then_mac"),
                        tri(o, "ocsp_stapling"), tri(o, "session_ticket"), tri(o, "compression"), tri(o, "fallback_scsv"),
                        tri(o, "client_renegotiation"));

        o = json_object_get(doc, "vulnerabilities");
        fprintf(f, "\nSSLv2 %s; heartbeat %s, Heartbleed %s\n", tri(o, "sslv2"), tri(o, "heartbeat"), tri(o, "heartbleed"));
        o = json_object_get(doc, "hello_shape");
        if (json_is_true(json_object_get(o, "split")) || json_is_false(json_object_get(o, "status_request")))
                fprintf(f, "\nHello shape the server needed:%s%s%s\n",
                        json_is_true(json_object_get(o, "split")) ? " suites split across hellos of at most 128 codes;" : "",
                        json_is_false(json_object_get(o, "status_request")) ? " no status_request;" : "",
                        json_is_false(json_object_get(o, "optional_extensions")) ? " no optional extensions;" : "");

        bool header = false;
        json_array_foreach(json_object_get(doc, "findings"), i, o) {
                if (streq(js(o, "status"), "acceptable"))
                        continue;
                if (!header)
                        fputs("\nFindings (not acceptable):\n", f);
                header = true;
                fprintf(f, "  %-10s %s [%s]\n", js(o, "status"), js(o, "detail"), js(o, "rule"));
        }
        a = json_object_get(doc, "errors");
        if (json_array_size(a) > 0) {
                fputs("\nProbes that failed (results may be incomplete):\n", f);
                json_array_foreach(a, i, o)
                        fprintf(f, "  %s\n", json_string_value(o));
        }
        if (json_is_string(json_object_get(doc, "error")))
                fprintf(f, "\nNot scanned: %s\n", js(doc, "error"));
        else
                fprintf(f, "\nWorst status: %s\n", js(doc, "worst_status"));
}

/* Scans one target as a single `scan tls` would: its document, exit code and, when it could not scan, why. */
static void scan_one(struct cli_target_run *t, void *userdata)
{
        const struct cli_scan *s = userdata;
        _cleanup_(tls_scan_result_freep) struct tls_scan_result *res = NULL;
        _cleanup_free_ char *host = NULL, *err = NULL, *nothing = NULL;
        struct tls_scan_options o = *(const struct tls_scan_options *) s->verb_options;
        enum cp_status worst = CP_ACCEPTABLE;
        int k;

        if (parse_target(t->target, &host, &o.port) < 0) {
                t->exit = EXIT_CANNOT_EVALUATE;
                t->error = xasprintf("'%s' is not HOST:PORT or [IPV6]:PORT", t->target);
                return;
        }
        o.host = host;
        k = tls_scan(&o, &res, &err);
        if (k < 0) {
                t->exit = EXIT_CANNOT_EVALUATE;
                t->error = xasprintf("%s:%u: %s", host, o.port, err ? err : strerror(-k));
                return;
        }
        k = tls_scan_result_to_json(res, s->policy, &t->doc, &worst);
        if (k < 0) {
                t->exit = EXIT_CANNOT_EVALUATE;
                t->error = xasprintf("cannot build the result: %s", strerror(-k));
                return;
        }
        nothing = tls_scan_result_nothing_accepted(res);
        if (nothing) {
                /* A server that refused every hello was not scanned: it must not pass. */
                t->exit = EXIT_CANNOT_EVALUATE;
                t->error = xasprintf("%s:%u: %s", host, o.port, nothing);
        } else
                t->exit = worst >= s->fail_on ? EXIT_NOT_MET : EXIT_MET;
}

static int verb_option(struct cli_scan *s, int c, const char *arg)
{
        struct tls_scan_options *o = s->verb_options;

        switch (c) {
        case OPT_SNI:
                o->sni = arg;
                return 0;
        case OPT_NO_CERT:
                o->no_certificate = true;
                return 0;
        case OPT_CA_FILE:
                o->ca_file = arg;
                return 0;
        case OPT_NO_VERIFY:
                o->verify_chain = false;
                return 0;
        case OPT_STARTTLS:
                if (tls_starttls_from_string(arg, &o->starttls) < 0)
                        return cli_usage_error(&scan_tls_verb, "--starttls takes smtp, submission, imap, pop3, ftp, ldap, postgres, mysql, xmpp or xmpp-server");
                return 0;
        default:
                return CLI_SCAN_NOT_COMMON;
        }
}

int verb_scan_tls(int argc, char **argv)
{
        _cleanup_free_ char *host = NULL;
        struct tls_scan_options o = { .verify_chain = true };
        _cleanup_(cli_scan_done) struct cli_scan s = {
                .verb = &scan_tls_verb,
                .target_syntax = "HOST:PORT",
                .set_schema = "bulwark-tls-scan-set/1",
                .timeout_max = 600000,
                .parallel_max = 256,
                .timeout_ms = &o.conn_timeout_ms,
                .max_time_ms = &o.total_timeout_ms,
                .parallel = &o.max_parallel,
                .scan_one = scan_one,
                .print_text = print_text,
                .verb_option = verb_option,
                .verb_options = &o,
                CLI_SCAN_DEFAULTS,
        };
        uint16_t port;
        int k;

        if ((k = cli_scan_parse(&s, argc, argv)) != CLI_SCAN_PROCEED)
                return k;
        if (s.target && parse_target(s.target, &host, &port) < 0)
                return cli_usage_error(&scan_tls_verb, "'%s' is not HOST:PORT or [IPV6]:PORT", s.target);
        return cli_scan_run(&s);
}
