/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The CLI: the only code that prints to the user or exits. Each verb lives in
 * its own file and declares its options as data; --help is generated from the
 * same table the parser uses.
 */

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

/* Exit codes of DESIGN.md. */
enum {
        EXIT_MET = 0,
        EXIT_NOT_MET = 1,
        EXIT_USAGE = 2,
        EXIT_CANNOT_EVALUATE = 3,
};

struct cli_option {
        const char *name;   /* long name, without "--" */
        int val;            /* short option character or a value >= 256 */
        const char *arg;    /* argument placeholder, NULL for a flag */
        const char *help;
        /* Instead of help (NULL), when the text comes from a table of the library (the report formats). */
        const char *(*help_fn)(void);
};

/* One exit code of a verb whose codes say more than DESIGN.md's general ones. */
struct cli_exit_code {
        int code;
        const char *meaning;
};

struct verb {
        const char *name;
        const char *args;       /* synopsis after the verb */
        const char *summary;
        const struct cli_option *options; /* terminated by { NULL } */
        int (*run)(int argc, char **argv);
        /* Optional, for --help and the man page alike: paragraphs after the summary (separated by "\n\n"), */
        const char *description;
        /* and the verb's own exit codes, terminated by { -1 }, instead of the general ones. */
        const struct cli_exit_code *exit_codes;
};

extern const struct verb verb_assess;
extern const struct verb verb_requirements;
extern const struct verb verb_firewall;
extern const struct verb verb_wipe;
extern const struct verb verb_factory_reset;
extern const struct verb verb_scan;
/* `bulwark scan tls ...` and `bulwark scan ssh ...`; argv[0] is "tls" / "ssh". */
int verb_scan_tls(int argc, char **argv);
int verb_scan_ssh(int argc, char **argv);
/* What both scanners share (verb-scan.c): --fail-on STATUS (not "acceptable"), the findings and worst status of a result, its output. */
enum cp_status;
typedef struct json_t json_t;
int cli_parse_fail_on(const char *s, enum cp_status *ret);
void cli_scan_print_findings(FILE *f, json_t *doc);
void cli_scan_print_worst(FILE *f, json_t *doc);
/* Writes doc as indented JSON or through print_text to output (stdout when NULL or "-"); -errno. */
int cli_scan_write(json_t *doc, bool json, void (*print_text)(FILE *f, json_t *doc), const char *output);
extern const struct verb verb_report;

/* Builds getopt_long tables from options (plus --help); caller frees both. */
void cli_getopt_tables(const struct cli_option *options, struct option **ret_long, char **ret_short);
void cli_print_help(FILE *f, const struct verb *v);
/*
 * getopt_long() for a verb whose options may come before or after its
 * operands: the '+' tables stop at an operand, this hands it out in
 * *ret_operand, returning CLI_OPERAND, and goes on; every argument after
 * "--" is an operand. Otherwise returns what getopt_long() returns, -1 at
 * the end. Before the first call: optind = 0 and *after_dashes = false.
 */
#define CLI_OPERAND 1
int cli_getopt_operands(int argc, char **argv, const char *so, const struct option *lo, bool *after_dashes, const char **ret_operand);
/* Prints "bulwark VERB: message (see 'bulwark VERB --help')", one line, to stderr; returns EXIT_USAGE. */
int cli_usage_error(const struct verb *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * After getopt_long() returned '?' (main() sets opterr = 0): one line saying
 * which option of argv is unknown, lacks its argument or takes none, and
 * where the help is. Returns EXIT_USAGE.
 */
int cli_bad_option(const struct verb *v, char *const *argv);
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Standard getopt loop helpers for the common options. */
#define CLI_OPT_HELP 'h'

/* Writes buf to path atomically, or to stdout when path is NULL or "-". */
int cli_write_output(const char *path, const char *buf, size_t len);
/* Whether stdout is a terminal that wants colour (NO_COLOR respected). */
bool cli_use_color(FILE *f);
