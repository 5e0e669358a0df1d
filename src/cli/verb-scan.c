/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cli.h"
#include "macro.h"

/* `bulwark scan tls|ssh HOST:PORT`: one row per scanner; each scanner's file parses its own options and --help. */

static const struct cli_option scan_options[] = {
        { NULL, 0, NULL, NULL },
};

static const struct cli_subverb scan_subverbs[] = {
        { .name = "tls", .args = "HOST[:PORT]", .run_argv = verb_scan_tls,
          .summary = "Every protocol version, cipher suite, group, signature scheme, extension and certificate a TLS server accepts, judged by the crypto policy." },
        { .name = "ssh", .args = "HOST[:PORT]", .run_argv = verb_scan_ssh,
          .summary = "An SSH server's banner, algorithms and host keys, read without authenticating, judged by the crypto policy." },
        { NULL },
};

static int run_scan(int argc, char **argv)
{
        return cli_dispatch(&verb_scan, argc, argv, NULL);
}

const struct verb verb_scan = {
        .name = "scan",
        .summary = "Audit the cryptography a live TLS or SSH endpoint negotiates against a crypto policy.\n"
                   "The scanners' options: bulwark-scan(1), 'bulwark scan tls --help' and 'bulwark scan ssh --help'.",
        .options = scan_options,
        .run = run_scan,
        .subverbs = scan_subverbs,
};
