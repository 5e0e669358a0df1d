/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cli.h"

/* Placeholder until the SSH scanner's branch is merged; it replaces this file. */
int verb_scan_ssh(int argc, char **argv)
{
        cli_error("scan ssh: not built in this branch");
        return EXIT_CANNOT_EVALUATE;
}
