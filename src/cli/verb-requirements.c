/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "catalogue.h"
#include "check.h"
#include "cli.h"
#include "macro.h"

static const struct cli_option requirements_options[] = {
        { NULL, 0, NULL, NULL },
};

static void print_requirement(const struct requirement *r, bool details)
{
        if (!details) {
                printf("%-14s %-46s SL %s, %s\n", r->id, r->title,
                       r->sl_min ? (const char *[]){ "", "1-4", "2-4", "3-4", "4" }[r->sl_min] : "-",
                       r->roles == ROLE_ALL ? "all roles" : "network role");
                return;
        }
        printf("%s  %s (%s)\n\n", r->id, r->title, r->fr);
        printf("Asks:      %s\n", r->asks);
        printf("Evidence:  %s\n", r->evidence);
        printf("CIP:       %s\n", r->cip);
        if (r->sl_min)
                printf("Applies:   SL %u-4, %s\n", r->sl_min, r->roles == ROLE_ALL ? "all roles" : "network role");
        else
                printf("Applies:   %s\n", r->scope_note);
        printf("Checks:\n");
        for (size_t t = 0; check_tables[t]; t++)
                for (const struct check_def *d = check_tables[t]; d->id; d++)
                        for (size_t i = 0; i < CHECK_MAX_REQS && d->reqs[i]; i++)
                                if (streq(d->reqs[i], r->id))
                                        printf("  %-34s %s\n", d->id, d->title);
}

static int run_requirements(int argc, char **argv)
{
        if (argc > 1 && (streq(argv[1], "--help") || streq(argv[1], "-h"))) {
                cli_print_help(stdout, &verb_requirements);
                return EXIT_MET;
        }
        if (argc > 2)
                return cli_usage_error(&verb_requirements, "takes at most one requirement ID (quote it: 'CR 4.1')");
        if (argc == 2) {
                const struct requirement *r = catalogue_find(argv[1]);
                if (!r)
                        return cli_usage_error(&verb_requirements, "no requirement '%s'; 'bulwark requirements' lists them", argv[1]);
                print_requirement(r, true);
                return EXIT_MET;
        }
        for (size_t i = 0; i < catalogue_size; i++)
                print_requirement(&catalogue[i], false);
        return EXIT_MET;
}

const struct verb verb_requirements = {
        .name = "requirements",
        .args = "[ID]",
        .summary = "List the requirement catalogue, or show what one requirement asks and which checks decide it.",
        .options = requirements_options,
        .run = run_requirements,
};
