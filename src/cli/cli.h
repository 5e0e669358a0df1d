/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <jansson.h>

/*
 * The CLI: the only code that prints to the user or exits. Each verb lives in
 * its own file and declares its options, and its sub-verbs (struct
 * cli_subverb, run by cli_dispatch()), as data; --help is generated from the
 * same tables the parser uses (docs/ARCHITECTURE.md, "The command line").
 */

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "crypto-policy.h"

/* The exit codes of every verb (bulwark(1), EXIT STATUS). */
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

/* One exit code of a verb whose codes say more than the general ones above. */
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
        /*
         * Optional: the sub-verbs, one row each, terminated by { NULL }; run() then calls
         * cli_dispatch(). options are then the ones every sub-verb takes (before or after
         * its name), each row adds its own, and parse_option() receives them all.
         */
        const struct cli_subverb *subverbs;
        /* Returns 0, or the exit code to stop with (cli_usage_error()); cmd is "VERB SUB-VERB" for messages. */
        int (*parse_option)(const struct verb *cmd, int c, const char *arg, void *userdata);
        /*
         * Optional: a verb that is a command of its own too (wipe TARGET...): only its first
         * argument can name a sub-verb, anything else runs this with the whole command line,
         * and the sub-verbs take none of the verb's options.
         */
        int (*run_default)(int argc, char **argv);
};

/*
 * One sub-verb, as cryptsetup's action table {name, handler, argc, help}: the
 * generic cli_dispatch() finds it, parses its options (GNU order: before or
 * after its name and arguments; "--" ends them), checks the argument count,
 * and prints its --help (and `bulwark help VERB SUB-VERB`) from the row.
 */
struct cli_subverb {
        const char *name;
        const char *args;       /* synopsis of its arguments ("on|off", "OLD NEW", "[POLICY]"), NULL for none */
        int min_args, max_args; /* how many arguments it takes; max_args CLI_ARGS_ANY: no limit */
        /* Its options besides the verb's common ones; NULL or terminated by { NULL }. */
        const struct cli_option *options;
        const char *summary;    /* one line in the verb's --help, and the first paragraph of its own */
        const char *description; /* optional: paragraphs after the options of its --help */
        const struct cli_exit_code *exit_codes; /* optional, else the verb's */
        /* Runs with the options parsed (into userdata) and only its arguments in argv. */
        int (*run)(const struct verb *cmd, int argc, char **argv, void *userdata);
        /*
         * Instead of run: a command that parses its own options and --help (scan tls, scan ssh).
         * argv[0] is its name; options given before it follow it.
         */
        int (*run_argv)(int argc, char **argv);
};

#define CLI_ARGS_ANY (-1)

/* The verbs, in the order of `bulwark --help`, terminated by NULL (verbs.c). */
extern const struct verb *const cli_verbs[];
const struct verb *cli_find_verb(const char *name);
const struct cli_subverb *cli_find_subverb(const struct verb *v, const char *name);
/*
 * Runs `bulwark VERB [OPTIONS...] SUB-VERB [OPTIONS...] [ARGS...]` for a verb with
 * sub-verbs (argv[0] is the verb): finds the row, or says in one line which
 * sub-verbs there are (exit 2); parses the options through v->parse_option with
 * userdata; checks the argument count; runs the row. Returns the exit code.
 */
int cli_dispatch(const struct verb *v, int argc, char **argv, void *userdata);
/* The verb's --help: cli_print_help() with its sub-verbs listed from the table. */
void cli_print_verb_help(FILE *f, const struct verb *v);

extern const struct verb verb_assess;
extern const struct verb verb_requirements;
extern const struct verb verb_firewall;
extern const struct verb verb_wipe;
extern const struct verb verb_factory_reset;
extern const struct verb verb_scan;
/* `bulwark scan tls ...` and `bulwark scan ssh ...`; argv[0] is "tls" / "ssh". */
int verb_scan_tls(int argc, char **argv);
int verb_scan_ssh(int argc, char **argv);
extern const struct verb verb_report;

/* Builds getopt_long tables from options (plus --help); caller frees both. */
void cli_getopt_tables(const struct cli_option *options, struct option **ret_long, char **ret_short);
void cli_print_help(FILE *f, const struct verb *v);
/*
 * Many targets (`--targets FILE` of the scan verbs): one HOST:PORT per line,
 * '#' starts a comment, blank lines are skipped; "-" is standard input. At
 * most 4096 targets and 1 MiB. On failure *ret_error says which line.
 */
int cli_targets_read(const char *path, char ***ret, char **ret_error);

struct cli_target_run {
        const char *target;
        json_t *doc;           /* the scan's document, or NULL when it could not scan */
        int exit;              /* this target's exit code, as a single scan would give */
        char *error;           /* why it could not be scanned (exit 3), or NULL */
};
typedef void (*cli_target_fn)(struct cli_target_run *t, void *userdata);
/* Calls fn for every target, at most jobs at once, each on a thread of its own. */
void cli_targets_run(struct cli_target_run *v, size_t n, unsigned jobs, cli_target_fn fn, void *userdata);
/* The worst exit code: 3 (could not scan) over 1 (findings) over 0. */
int cli_targets_worst_exit(const struct cli_target_run *v, size_t n);
/* {"schema", "count", "targets": [{"target", "exit", "error", "scan"}], "exit"}: a new reference. */
json_t *cli_targets_json(const char *schema, const struct cli_target_run *v, size_t n);
void cli_target_run_clear(struct cli_target_run *t);

/*
 * A scan verb (src/cli/scan-common.c): the options all scanners share, one
 * target or a --targets file, and how the result is rendered and written.
 * The verb's table starts with CLI_SCAN_OPTIONS(...); it fills the
 * description below, calls cli_scan_parse() and then cli_scan_run(), which
 * calls scan_one for every target (with the struct cli_scan as userdata,
 * policy and fail_on set).
 */
enum {
        OPT_SCAN_OUTPUT = 'o',
        OPT_SCAN_FORMAT = 0x1000,
        OPT_SCAN_POLICY,
        OPT_SCAN_FAIL_ON,
        OPT_SCAN_TIMEOUT,
        OPT_SCAN_MAX_TIME,
        OPT_SCAN_PARALLEL,
        OPT_SCAN_TARGETS,
        OPT_SCAN_JOBS,
        /* The verb's own options take values from here on. */
        OPT_SCAN_VERB = 0x1100,
};
#define CLI_SCAN_OPTIONS(max_time_help, parallel_help, target_syntax)                                                      \
        { "format", OPT_SCAN_FORMAT, "FORMAT", "text (default) or json" },                                                  \
        { "policy", OPT_SCAN_POLICY, "POLICY", "crypto policy: nist (default), bsi, or a policy file" },                    \
        { "output", OPT_SCAN_OUTPUT, "FILE", "write the result to FILE atomically instead of standard output" },            \
        { "fail-on", OPT_SCAN_FAIL_ON, "STATUS",                                                                            \
          "lowest status that makes the exit code 1: legacy, unknown, deprecated (default), disallowed" },                  \
        { "timeout", OPT_SCAN_TIMEOUT, "MS", "per-connection timeout in milliseconds (default 5000)" },                     \
        { "max-time", OPT_SCAN_MAX_TIME, "MS", max_time_help },                                                             \
        { "parallel", OPT_SCAN_PARALLEL, "N", parallel_help },                                                              \
        { "targets", OPT_SCAN_TARGETS, "FILE",                                                                              \
          "scan every " target_syntax " in FILE (one a line, # comments; - is stdin) into one document" },                  \
        { "jobs", OPT_SCAN_JOBS, "N", "with --targets: targets scanned at once (default 4, at most 64)" }

#define CLI_SCAN_NOT_COMMON (-1)

struct cli_scan {
        /* Set by the verb. */
        const struct verb *verb;       /* its options table starts with CLI_SCAN_OPTIONS() */
        int (*verb_option)(struct cli_scan *s, int c, const char *arg);
        const char *target_syntax;     /* "HOST[:PORT]", for messages */
        const char *set_schema;        /* the --targets document's schema */
        unsigned timeout_max, parallel_max;
        unsigned *timeout_ms, *max_time_ms, *parallel; /* where the verb's scan options keep them */
        cli_target_fn scan_one;
        void (*print_text)(FILE *f, json_t *doc);
        void *verb_options;            /* the verb's own scan options, for scan_one */
        /* The common options, defaults set by the verb (CLI_SCAN_DEFAULTS). */
        const char *format, *output, *policy_name, *targets;
        enum cp_status fail_on;
        unsigned jobs;
        char *target;                  /* set by cli_scan_parse(): the one target, or NULL with --targets */
        /* Set by cli_scan_run() while scanning. */
        const struct crypto_policy *policy;
};
#define CLI_SCAN_DEFAULTS .format = "text", .policy_name = "nist", .fail_on = CP_DEPRECATED, .jobs = 4

/*
 * Parses argv (options may follow the target): the common options here, the
 * verb's through s->verb_option (0 taken, CLI_SCAN_NOT_COMMON not an option
 * of the verb, else an exit code), --help and bad options for both.
 * CLI_SCAN_PROCEED with s->target the one target (NULL with --targets),
 * else the exit code to return. cli_scan_done() frees what it keeps.
 */
#define CLI_SCAN_PROCEED (-2)
int cli_scan_parse(struct cli_scan *s, int argc, char **argv);
void cli_scan_done(struct cli_scan *s);
/* Loads the policy, scans s->target (or every one of --targets), writes the result; returns the exit code. */
int cli_scan_run(struct cli_scan *s);

/*
 * getopt_long() over tables from cli_getopt_tables() with GNU argument
 * order: options may follow operands (`bulwark scan tls HOST:PORT --format
 * json`). Returns the next option as getopt_long() does, or -1 at the end;
 * operands met on the way (and everything after "--") are appended to
 * *operands, in order.
 */
int cli_getopt_operands(int argc, char **argv, const char *so, const struct option *lo, char ***operands);
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

/*
 * Writes buf to path atomically, or to stdout when path is NULL or "-". On
 * failure it says so on stderr ("cannot write PATH: reason") and returns -errno.
 */
int cli_write_output(const char *path, const char *buf, size_t len);
/* Whether stdout is a terminal that wants colour (NO_COLOR respected). */
bool cli_use_color(FILE *f);
/* The width to wrap text to: the terminal's, else $COLUMNS (40..1000), else 0 (the writer's default, 80). */
unsigned cli_terminal_width(FILE *f);
