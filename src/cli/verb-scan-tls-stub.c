/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Placeholder until the TLS scanner (branch tls, verb-scan-tls.c) is merged; that file replaces this one. */
#include "cli.h"

__attribute__((weak)) int verb_scan_tls(int argc, char **argv)
{
        cli_error("scan tls: not built into this bulwark");
        return EXIT_CANNOT_EVALUATE;
}
