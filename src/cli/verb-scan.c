/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cli.h"
#include "macro.h"

/* `bulwark scan tls|ssh HOST:PORT`: each protocol has its own file. */

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
        .summary = "Audit the cryptography a live TLS or SSH endpoint negotiates against a crypto policy.\n"
                   "The scanners' options: bulwark-scan-tls(1) and bulwark-scan-ssh(1) (or 'bulwark scan tls --help').",
        .options = scan_options,
        .run = run_scan,
};
