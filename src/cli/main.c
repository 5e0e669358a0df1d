/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <locale.h>

#include "cli.h"
#include "macro.h"
#include "version.h"

static const struct verb *const verbs[] = {
        &verb_assess,
        &verb_requirements,
        &verb_firewall,
        &verb_wipe,
        &verb_factory_reset,
        &verb_scan,
        &verb_report,
};

static void usage(FILE *f)
{
        fputs("Usage: bulwark VERB [OPTIONS...]\n\n"
              "Assess and enforce IEC 62443-4-2 data confidentiality (FR 4) and\n"
              "restricted data flow (FR 5) on a Linux device, and write the evidence.\n\n"
              "Verbs:\n", f);
        for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
                fprintf(f, "  %-14s %s\n", verbs[i]->name, verbs[i]->summary);
        fputs("\n'bulwark help VERB' or 'bulwark VERB --help' describes each verb.\n"
              "Exit codes: 0 all in-scope requirements met, 1 some not met,\n"
              "2 usage error, 3 could not evaluate.\n", f);
}

static const struct verb *find_verb(const char *name)
{
        for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
                if (streq(name, verbs[i]->name))
                        return verbs[i];
        return NULL;
}

/* `bulwark help VERB [SUB-VERB]` is `bulwark VERB [SUB-VERB] --help`. */
static int help_verb(int argc, char **argv)
{
        const struct verb *v = find_verb(argv[0]);
        _cleanup_free_ char **args = NULL;

        if (!v) {
                cli_error("unknown verb '%s'. Try 'bulwark --help'.", argv[0]);
                return EXIT_USAGE;
        }
        args = xmalloc0(((size_t) argc + 2) * sizeof(char *));
        for (int i = 0; i < argc; i++)
                args[i] = argv[i];
        args[argc] = (char *) "--help";
        return v->run(argc + 1, args);
}

int main(int argc, char **argv)
{
        const struct verb *v;

        setlocale(LC_ALL, "C");
        /* getopt prints nothing: each verb says in one line what is wrong (cli_bad_option()). */
        opterr = 0;
        if (argc < 2) {
                usage(stderr);
                return EXIT_USAGE;
        }
        if (streq(argv[1], "help") && argc > 2)
                return help_verb(argc - 2, argv + 2);
        if (streq(argv[1], "--help") || streq(argv[1], "-h") || streq(argv[1], "help")) {
                usage(stdout);
                return EXIT_MET;
        }
        if (streq(argv[1], "--version")) {
                printf("bulwark %s\n", BULWARK_VERSION);
                return EXIT_MET;
        }
        v = find_verb(argv[1]);
        if (v)
                return v->run(argc - 1, argv + 1);
        cli_error("unknown verb '%s'. Try 'bulwark --help'.", argv[1]);
        return EXIT_USAGE;
}
