/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdarg.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "fdio.h"
#include "macro.h"
#include "parse-util.h"
#include "strv.h"

void cli_getopt_tables(const struct cli_option *options, struct option **ret_long, char **ret_short)
{
        size_t n = 0, ns = 0;
        struct option *lo;
        char *so;

        while (options && options[n].name)
                n++;
        lo = xmalloc0((n + 2) * sizeof(*lo));
        so = xmalloc0(3 * n + 8);
        so[ns++] = '+'; /* stop at the first non-option: verbs have their own sub-verbs */
        so[ns++] = 'h';
        for (size_t i = 0; i < n; i++) {
                lo[i] = (struct option){ options[i].name, options[i].arg ? required_argument : no_argument, NULL, options[i].val };
                if (options[i].val > 0 && options[i].val < 256) {
                        so[ns++] = (char) options[i].val;
                        if (options[i].arg)
                                so[ns++] = ':';
                }
        }
        lo[n] = (struct option){ "help", no_argument, NULL, 'h' };
        *ret_long = lo;
        *ret_short = so;
}

int cli_getopt_operands(int argc, char **argv, const char *so, const struct option *lo, char ***operands)
{
        /* Bounded: every round returns or takes one operand. */
        for (;;) {
                int c = getopt_long(argc, argv, so, lo, NULL);
                if (c >= 0)
                        return c;
                if (optind >= argc)
                        return -1;
                if (optind > 1 && streq(argv[optind - 1], "--")) {
                        while (optind < argc)
                                strv_push(operands, argv[optind++]);
                        return -1;
                }
                strv_push(operands, argv[optind++]);
        }
}

static const char *option_help(const struct cli_option *o)
{
        return o->help ?: o->help_fn ? o->help_fn() : "";
}

void cli_print_help(FILE *f, const struct verb *v)
{
        fprintf(f, "Usage: bulwark %s %s\n\n%s\n\nOptions:\n", v->name, strempty(v->args), v->summary);
        for (const struct cli_option *o = v->options; o && o->name; o++) {
                char head[64];
                int k;

                if (o->val > 0 && o->val < 256)
                        k = snprintf(head, sizeof(head), "-%c, --%s%s%s", o->val, o->name, o->arg ? " " : "", strempty(o->arg));
                else
                        k = snprintf(head, sizeof(head), "    --%s%s%s", o->name, o->arg ? " " : "", strempty(o->arg));
                fprintf(f, "  %-28s %s\n", head, option_help(o));
                if (k >= 28)
                        (void) 0;
        }
        fprintf(f, "  %-28s %s\n", "-h, --help", "show this help");
        if (v->description)
                fprintf(f, "\n%s\n", v->description);
        if (v->exit_codes) {
                fputs("\nExit status:\n", f);
                for (const struct cli_exit_code *e = v->exit_codes; e->code >= 0; e++)
                        fprintf(f, "  %d  %s\n", e->code, e->meaning);
        }
}

void cli_error(const char *fmt, ...)
{
        va_list ap;

        fputs("bulwark: ", stderr);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fputc('\n', stderr);
}

int cli_usage_error(const struct verb *v, const char *fmt, ...)
{
        va_list ap;

        fprintf(stderr, "bulwark %s: ", v->name);
        va_start(ap, fmt);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
        fprintf(stderr, " (see 'bulwark %s --help')\n", v->name);
        return EXIT_USAGE;
}

int cli_bad_option(const struct verb *v, char *const *argv)
{
        const char *arg = optind > 0 ? argv[optind - 1] : NULL;
        _cleanup_free_ char *name = NULL;
        const struct cli_option *o = NULL;
        unsigned prefixed = 0;

        /* getopt said nothing (opterr = 0 in main()): the one line is ours. */
        if (optopt != 0)
                for (const struct cli_option *p = v->options; p && p->name && !o; p++)
                        if (p->val == optopt)
                                o = p;
        if (optopt == 0 || (o && arg && startswith(arg, "--"))) {
                /* A long option: unknown or ambiguous, needing an argument, or given one it takes none. */
                name = xstrndup(strempty(arg), strcspn(strempty(arg), "="));
                if (o && o->arg)
                        return cli_usage_error(v, "needs an argument: --%s %s", o->name, o->arg);
                if (o)
                        return cli_usage_error(v, "--%s takes no argument", o->name);
                for (const struct cli_option *p = v->options; startswith(name, "--") && p && p->name; p++)
                        if (startswith(p->name, name + 2))
                                prefixed++;
                return cli_usage_error(v, "%s option '%s'", prefixed > 1 ? "ambiguous" : "unrecognized", name);
        }
        if (o && o->arg)
                return cli_usage_error(v, "needs an argument: -%c %s", optopt, o->arg);
        if (optopt > 0 && optopt < 256)
                return cli_usage_error(v, "invalid option '-%c'", optopt);
        return cli_usage_error(v, "invalid option '%s'", strempty(arg));
}

int cli_write_output(const char *path, const char *buf, size_t len)
{
        int k = 0;

        if (!path || streq(path, "-")) {
                if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0)
                        k = -EIO;
        } else
                k = write_file_atomic(path, buf, len, 0644);
        if (k < 0)
                cli_error("cannot write %s: %s", path && !streq(path, "-") ? path : "standard output", strerror(-k));
        return k;
}

unsigned cli_terminal_width(FILE *f)
{
        struct winsize ws = {};
        const char *e = getenv("COLUMNS");
        unsigned w = 0;

        if (isatty(fileno(f)) && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
                return ws.ws_col;
        if (e && parse_uint(e, 40, 1000, &w) >= 0)
                return w;
        return 0;
}

bool cli_use_color(FILE *f)
{
        const char *term = getenv("TERM");

        if (getenv("NO_COLOR"))
                return false;
        return isatty(fileno(f)) && term && !streq(term, "dumb");
}
