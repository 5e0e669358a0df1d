/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sub-verbs as a table, like the verbs of verbs.c: each verb that has them
 * (firewall, report, factory-reset, wipe, scan) declares one row per
 * sub-verb (struct cli_subverb) and calls cli_dispatch(), which is the only
 * code that finds a sub-verb, parses its options, counts its arguments and
 * prints its --help. A new sub-verb is one row and its handler.
 */
#include "cli.h"
#include "macro.h"

const struct cli_subverb *cli_find_subverb(const struct verb *v, const char *name)
{
        for (const struct cli_subverb *s = v->subverbs; s && s->name; s++)
                if (streq(s->name, name))
                        return s;
        return NULL;
}

static size_t options_count(const struct cli_option *o)
{
        size_t n = 0;

        while (o && o[n].name)
                n++;
        return n;
}

static bool options_have(const struct cli_option *o, size_t n, const char *name)
{
        for (size_t i = 0; i < n; i++)
                if (streq(o[i].name, name))
                        return true;
        return false;
}

/* a, then those of b that a lacks (by name), terminated by { NULL }; caller frees. */
static struct cli_option *options_merge(const struct cli_option *a, const struct cli_option *b)
{
        size_t na = options_count(a), nb = options_count(b), n = 0;
        struct cli_option *m = xmalloc0((na + nb + 1) * sizeof(*m));

        for (size_t i = 0; i < na; i++)
                m[n++] = a[i];
        for (size_t i = 0; i < nb; i++)
                if (!options_have(m, n, b[i].name))
                        m[n++] = b[i];
        return m;
}

/* Every option any sub-verb of v takes: what may come before the sub-verb's name. */
static struct cli_option *options_union(const struct verb *v)
{
        struct cli_option *u = options_merge(v->options, NULL);

        for (const struct cli_subverb *s = v->subverbs; s && s->name; s++) {
                struct cli_option *m = options_merge(u, s->options);

                free(u);
                u = m;
        }
        return u;
}

/* "compile, check, apply or verify". */
static char *subverb_list(const struct verb *v)
{
        char *l = NULL;

        for (const struct cli_subverb *s = v->subverbs; s && s->name; s++) {
                char *n = !l ? xstrdup(s->name) : xasprintf("%s%s%s", l, s[1].name ? ", " : " or ", s->name);

                free(l);
                l = n;
        }
        return l ? l : xstrdup("");
}

void cli_print_verb_help(FILE *f, const struct verb *v)
{
        _cleanup_free_ char *list = xstrdup("Sub-verbs:"), *description = NULL;
        struct verb copy = *v;

        for (const struct cli_subverb *s = v->subverbs; s && s->name; s++) {
                _cleanup_free_ char *head = xasprintf("%s%s%s", s->name, s->args ? " " : "", strempty(s->args));
                char *n = xasprintf("%s\n  %-28s %s", list, head, s->summary);

                free(list);
                list = n;
        }
        description = xasprintf("%s\n\n'bulwark %s SUB-VERB --help' (or 'bulwark help %s SUB-VERB') describes each sub-verb%s.%s%s",
                                list, v->name, v->name, v->run_default ? "" : " with its options",
                                v->description ? "\n\n" : "", strempty(v->description));
        copy.description = description;
        if (!copy.args)
                copy.args = "[OPTIONS...] SUB-VERB [ARGUMENTS...]";
        cli_print_help(f, &copy);
}

/* The command "VERB SUB-VERB" as a verb of its own: its --help and its error messages. */
struct command {
        struct verb verb;
        char *name, *args;
        struct cli_option *options;
};

static void command_init(struct command *c, const struct verb *v, const struct cli_subverb *s, const struct cli_option *common)
{
        c->name = xasprintf("%s %s", v->name, s->name);
        c->args = xasprintf("[OPTIONS...]%s%s", s->args ? " " : "", strempty(s->args));
        c->options = options_merge(common, s->options);
        c->verb = (struct verb) {
                .name = c->name,
                .args = c->args,
                .summary = s->summary,
                .options = c->options,
                .description = s->description,
                .exit_codes = s->exit_codes ? s->exit_codes : v->exit_codes,
        };
}

static void command_done(struct command *c)
{
        free(c->name);
        free(c->args);
        free(c->options);
}

/*
 * getopt_long() returned '?'. An option another sub-verb of v takes is named
 * as such ("--confirm is an option of apply and island"); anything else is
 * cli_bad_option()'s line.
 */
static int bad_option(const struct verb *v, const struct cli_subverb *sub, const struct verb *cmd, char *const *argv)
{
        const char *arg = optind > 0 ? argv[optind - 1] : NULL;
        _cleanup_free_ char *name = NULL, *owners = NULL;
        const char *last = NULL;

        if (!arg || !startswith(arg, "--") || optopt != 0)
                return cli_bad_option(cmd, argv);
        name = xstrndup(arg + 2, strcspn(arg + 2, "="));
        for (const struct cli_subverb *s = v->subverbs; s && s->name; s++) {
                char *n;

                if (s == sub || !options_have(s->options, options_count(s->options), name))
                        continue;
                if (last) {
                        n = owners ? xasprintf("%s, %s", owners, last) : xstrdup(last);
                        free(owners);
                        owners = n;
                }
                last = s->name;
        }
        if (!last)
                return cli_bad_option(cmd, argv);
        return cli_usage_error(cmd, "--%s is an option of %s%s%s, not of %s", name, strempty(owners), owners ? " and " : "", last, sub->name);
}

static int arguments_error(const struct verb *cmd, const struct cli_subverb *s, int argc, char **argv)
{
        if (s->max_args == 0)
                return cli_usage_error(cmd, "takes no arguments, not '%s'", argv[0]);
        return cli_usage_error(cmd, "expects %s, not %d argument%s", strempty(s->args), argc, argc == 1 ? "" : "s");
}

/*
 * Runs row s of v. argv[at] is its name; the other words of argv[1..] are its
 * options and arguments, in any order, of which common and s->options are
 * known (GNU getopt permutes them).
 */
static int run_row(const struct verb *v, const struct cli_subverb *s, const struct cli_option *common,
                   int argc, char **argv, int at, void *userdata)
{
        _cleanup_free_ char **args = xmalloc0(((size_t) argc + 1) * sizeof(char *));
        _cleanup_free_ struct option *lo = NULL;
        _cleanup_free_ char *so = NULL;
        struct command cmd;
        int n = 0, c, r;

        /* The sub-verb's name first, then what came before it, then what followed. */
        args[n++] = argv[at];
        for (int i = 1; i < argc; i++)
                if (i != at)
                        args[n++] = argv[i];
        if (s->run_argv)
                return s->run_argv(n, args);

        command_init(&cmd, v, s, common);
        cli_getopt_tables(cmd.options, &lo, &so);
        optind = 0;
        /* so + 1: without the leading '+', so that options may follow the arguments. */
        while ((c = getopt_long(n, args, so + 1, lo, NULL)) >= 0) {
                if (c == 'h') {
                        cli_print_help(stdout, &cmd.verb);
                        r = EXIT_MET;
                        goto out;
                }
                if (c == '?') {
                        r = bad_option(v, s, &cmd.verb, args);
                        goto out;
                }
                r = v->parse_option ? v->parse_option(&cmd.verb, c, optarg, userdata) : cli_bad_option(&cmd.verb, args);
                if (r != 0)
                        goto out;
        }
        n -= optind;
        if (n < s->min_args || (s->max_args != CLI_ARGS_ANY && n > s->max_args))
                r = arguments_error(&cmd.verb, s, n, args + optind);
        else
                r = s->run(&cmd.verb, n, args + optind, userdata);
out:
        command_done(&cmd);
        return r;
}

int cli_dispatch(const struct verb *v, int argc, char **argv, void *userdata)
{
        _cleanup_free_ struct cli_option *all = NULL;
        _cleanup_free_ struct option *lo = NULL;
        _cleanup_free_ char *so = NULL, *names = NULL;
        const struct cli_subverb *s;
        struct verb known;
        bool help = false;
        int c;

        if (v->run_default) {
                /* Only the first word can be a sub-verb: any other is the verb's own argument (a file named "verify" after an option). */
                if (argc >= 2 && (s = cli_find_subverb(v, argv[1])))
                        return run_row(v, s, NULL, argc, argv, 1, userdata);
                return v->run_default(argc, argv);
        }

        /* The sub-verb is the first word that is no option, nor an option's value. */
        all = options_union(v);
        known = *v;
        known.options = all;
        cli_getopt_tables(all, &lo, &so);
        optind = 0;
        while ((c = getopt_long(argc, argv, so, lo, NULL)) >= 0) {
                if (c == '?')
                        return cli_bad_option(&known, argv);
                if (c == 'h')
                        help = true;
        }
        if (optind < argc) {
                s = cli_find_subverb(v, argv[optind]);
                if (s)
                        return run_row(v, s, v->options, argc, argv, optind, userdata);
                names = subverb_list(v);
                return cli_usage_error(v, "unknown sub-verb '%s': %s", argv[optind], names);
        }
        if (help) {
                cli_print_verb_help(stdout, v);
                return EXIT_MET;
        }
        names = subverb_list(v);
        return cli_usage_error(v, "needs a sub-verb: %s", names);
}
