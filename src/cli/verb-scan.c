/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `bulwark scan tls|ssh ...`: dispatches to the protocol's own verb file. */
#include "cli.h"
#include "macro.h"

static const struct cli_option scan_options[] = {
        { NULL, 0, NULL, NULL },
};

static int run_scan(int argc, char **argv)
{
        if (argc < 2) {
                cli_print_help(stderr, &verb_scan);
                return EXIT_USAGE;
        }
        if (streq(argv[1], "--help") || streq(argv[1], "-h")) {
                cli_print_help(stdout, &verb_scan);
                fputs("\nProtocols:\n  tls HOST:PORT   TLS versions, suites, groups, certificate\n"
                      "  ssh HOST:PORT   SSH banner, KEXINIT algorithms, host keys\n"
                      "'bulwark scan tls --help' and 'bulwark scan ssh --help' describe each.\n", stdout);
                return EXIT_MET;
        }
        if (streq(argv[1], "tls"))
                return verb_scan_tls(argc - 1, argv + 1);
        if (streq(argv[1], "ssh"))
                return verb_scan_ssh(argc - 1, argv + 1);
        return cli_usage_error(&verb_scan, "unknown protocol '%s': tls or ssh", argv[1]);
}

const struct verb verb_scan = {
        .name = "scan",
        .args = "tls|ssh HOST:PORT [OPTIONS...]",
        .summary = "Audit the cryptography a live TLS or SSH endpoint negotiates against a crypto policy.",
        .options = scan_options,
        .run = run_scan,
};
