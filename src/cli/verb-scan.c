/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <jansson.h>

#include "cli.h"
#include "crypto-policy.h"
#include "json-util.h"
#include "macro.h"

/* `bulwark scan tls|ssh HOST:PORT`: each protocol has its own file; what both print is here. */

int cli_parse_fail_on(const char *s, enum cp_status *ret)
{
        enum cp_status st;

        if (cp_status_from_string(s, &st) < 0 || st == CP_ACCEPTABLE)
                return -EINVAL;
        *ret = st;
        return 0;
}

void cli_scan_print_findings(FILE *f, json_t *doc)
{
        json_t *e;
        size_t i;
        bool header = false;

        json_array_foreach(json_object_get(doc, "findings"), i, e) {
                if (streq(json_str_or_empty(e, "status"), "acceptable"))
                        continue;
                if (!header)
                        fputs("\nFindings (not acceptable):\n", f);
                header = true;
                fprintf(f, "  %-10s %s [%s]\n", json_str_or_empty(e, "status"), json_str_or_empty(e, "detail"), json_str_or_empty(e, "rule"));
        }
}

void cli_scan_print_worst(FILE *f, json_t *doc)
{
        fprintf(f, "\nWorst status: %s\n", json_str_or_empty(doc, "worst_status"));
}

int cli_scan_write(json_t *doc, bool json, void (*print_text)(FILE *f, json_t *doc), const char *output)
{
        _cleanup_free_ char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);

        if (!f)
                return -ENOMEM;
        if (json) {
                json_dumpf(doc, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
                fputc('\n', f);
        } else
                print_text(f, doc);
        if (fclose(f) != 0)
                return -ENOMEM;
        return cli_write_output(output, buf, len);
}

static const struct cli_option scan_options[] = {
        { NULL, 0, NULL, NULL },
};

static int run_scan(int argc, char **argv)
{
        if (argc < 2 || streq(argv[1], "--help") || streq(argv[1], "-h")) {
                cli_print_help(argc < 2 ? stderr : stdout, &verb_scan);
                fputs("\n'bulwark scan tls --help' and 'bulwark scan ssh --help' describe each scanner.\n",
                      argc < 2 ? stderr : stdout);
                return argc < 2 ? EXIT_USAGE : EXIT_MET;
        }
        if (streq(argv[1], "tls"))
                return verb_scan_tls(argc - 1, argv + 1);
        if (streq(argv[1], "ssh"))
                return verb_scan_ssh(argc - 1, argv + 1);
        return cli_usage_error(&verb_scan, "unknown scanner '%s': tls or ssh", argv[1]);
}

const struct verb verb_scan = {
        .name = "scan",
        .args = "tls|ssh HOST:PORT",
        .summary = "Audit the cryptography a live TLS or SSH endpoint negotiates against a crypto policy.",
        .options = scan_options,
        .run = run_scan,
};
