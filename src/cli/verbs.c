/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The verb table: `bulwark --help` lists it in this order; each verb's sub-verbs are a table in its own file. */
#include "cli.h"
#include "macro.h"

const struct verb *const cli_verbs[] = {
        &verb_assess,
        &verb_requirements,
        &verb_firewall,
        &verb_wipe,
        &verb_factory_reset,
        &verb_scan,
        &verb_report,
        NULL,
};

const struct verb *cli_find_verb(const char *name)
{
        for (size_t i = 0; cli_verbs[i]; i++)
                if (streq(name, cli_verbs[i]->name))
                        return cli_verbs[i];
        return NULL;
}
