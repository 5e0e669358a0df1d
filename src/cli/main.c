/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <locale.h>

#include "cli.h"
#include "macro.h"
#include "version.h"

static void usage(FILE *f)
{
        fputs("Usage: bulwark VERB [OPTIONS...]\n\n"
              "Assess and enforce IEC 62443-4-2 data confidentiality (FR 4) and\n"
              "restricted data flow (FR 5) on a Linux device, and write the evidence.\n\n"
              "Verbs:\n", f);
        for (size_t i = 0; cli_verbs[i]; i++)
                fprintf(f, "  %-14s %s\n", cli_verbs[i]->name, cli_verbs[i]->summary);
        fputs("\n'bulwark help VERB' or 'bulwark VERB --help' describes each verb.\n"
              "Exit codes: 0 all in-scope requirements met, 1 some not met,\n"
              "2 usage error, 3 could not evaluate.\n", f);
}

/* `bulwark help VERB [SUB-VERB]` is `bulwark VERB [SUB-VERB] --help`. */
static int help_verb(int argc, char **argv)
{
        const struct verb *v = cli_find_verb(argv[0]);
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
        v = cli_find_verb(argv[1]);
        if (v)
                return v->run(argc - 1, argv + 1);
        cli_error("unknown verb '%s'. Try 'bulwark --help'.", argv[1]);
        return EXIT_USAGE;
}
