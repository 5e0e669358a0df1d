/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdarg.h>

#include "cli.h"
#include "fdio.h"
#include "macro.h"
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

/* roff: a backslash is \e, a minus \-, and a line must not start with . or '. */
static void put_roff(FILE *f, const char *s)
{
        if (*s == '.' || *s == '\'')
                fputs("\\&", f);
        for (; *s; s++) {
                if (*s == '\\')
                        fputs("\\e", f);
                else if (*s == '-')
                        fputs("\\-", f);
                else if (*s == '\n')
                        fputs("\n.br\n", f);
                else
                        fputc(*s, f);
        }
}

/*
 * The man page of a verb, from the same option table as --help, so the two
 * cannot disagree (the build writes bulwark-VERB.1 with
 * BULWARK_HELP_FORMAT=man bulwark VERB --help).
 */
static void print_man(FILE *f, const struct verb *v)
{
        /* "scan tls" is the page bulwark-scan-tls(1). */
        fputs(".TH BULWARK\\-", f);
        for (const char *p = v->name; *p; p++)
                if (*p == '-' || *p == ' ')
                        fputs("\\-", f);
                else
                        fputc(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p, f);
        fputs(" 1 \"\" \"bulwark\" \"Bulwark Manual\"\n.SH NAME\nbulwark\\-", f);
        for (const char *p = v->name; *p; p++)
                if (*p == '-' || *p == ' ')
                        fputs("\\-", f);
                else
                        fputc(*p, f);
        fputs(" \\- ", f);
        put_roff(f, v->summary);
        fputs("\n.SH SYNOPSIS\n.B bulwark ", f);
        put_roff(f, v->name);
        fputc('\n', f);
        put_roff(f, strempty(v->args));
        fputs("\n.SH DESCRIPTION\n", f);
        put_roff(f, v->summary);
        fputs("\n.SH OPTIONS\n", f);
        for (const struct cli_option *o = v->options; o && o->name; o++) {
                fputs(".TP\n.B ", f);
                if (o->val > 0 && o->val < 256)
                        fprintf(f, "\\-%c, ", o->val);
                fputs("\\-\\-", f);
                put_roff(f, o->name);
                if (o->arg) {
                        fputs(" \\fI", f);
                        put_roff(f, o->arg);
                        fputs("\\fR", f);
                }
                fputc('\n', f);
                put_roff(f, o->help);
                fputc('\n', f);
        }
        fputs(".TP\n.B \\-h, \\-\\-help\nShow the options and exit.\n"
              ".SH EXIT STATUS\n.TP\n.B 0\nEvery in\\-scope requirement met (or the verb succeeded).\n"
              ".TP\n.B 1\nSome requirement not met, or a regression or verification failure.\n"
              ".TP\n.B 2\nUsage error.\n.TP\n.B 3\nCould not evaluate.\n"
              ".SH SEE ALSO\n.BR bulwark (1)\n", f);
}

void cli_print_help(FILE *f, const struct verb *v)
{
        if (streq_ptr(getenv("BULWARK_HELP_FORMAT"), "man")) {
                /* The page is all: a verb's own lines after its help would be roff input too. */
                print_man(f, v);
                exit(fflush(f) == 0 ? EXIT_MET : EXIT_CANNOT_EVALUATE);
        }
        fprintf(f, "Usage: bulwark %s %s\n\n%s\n\nOptions:\n", v->name, strempty(v->args), v->summary);
        for (const struct cli_option *o = v->options; o && o->name; o++) {
                char head[64];
                int k;

                if (o->val > 0 && o->val < 256)
                        k = snprintf(head, sizeof(head), "-%c, --%s%s%s", o->val, o->name, o->arg ? " " : "", strempty(o->arg));
                else
                        k = snprintf(head, sizeof(head), "    --%s%s%s", o->name, o->arg ? " " : "", strempty(o->arg));
                fprintf(f, "  %-28s %s\n", head, o->help);
                if (k >= 28)
                        (void) 0;
        }
        fprintf(f, "  %-28s %s\n", "-h, --help", "show this help");
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
        fprintf(stderr, "\nTry 'bulwark %s --help'.\n", v->name);
        return EXIT_USAGE;
}

int cli_write_output(const char *path, const char *buf, size_t len)
{
        if (!path || streq(path, "-")) {
                if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0)
                        return -EIO;
                return 0;
        }
        return write_file_atomic(path, buf, len, 0644);
}

bool cli_use_color(FILE *f)
{
        const char *term = getenv("TERM");

        if (getenv("NO_COLOR"))
                return false;
        return isatty(fileno(f)) && term && !streq(term, "dumb");
}
