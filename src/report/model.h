/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The report model: what an assessment decided, independent of any output
 * format. The engine fills it; one writer per format reads it (writers.h). Everything
 * is owned by the report and freed with report_free().
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

enum verdict {
        VERDICT_PASS,
        VERDICT_MANUAL,
        VERDICT_ERROR,
        VERDICT_FAIL,
        VERDICT_NA,
        _VERDICT_MAX,
};

const char *verdict_to_string(enum verdict v);
/* The worse of two verdicts for a requirement: fail > error > manual > pass; na counts for nothing. */
enum verdict verdict_worst(enum verdict a, enum verdict b);

struct evidence {
        char *kind;   /* file, socket, command, ruleset, luks, package, unit, sysctl, kernel, ... */
        char *path;   /* what it is about: a path inside the target, a socket, a device; may be NULL */
        char *sha256; /* of the file content the verdict rests on; may be NULL */
        char *detail; /* one line a person reads */
};

struct check_result {
        char *id;
        char *title;
        enum verdict verdict;
        char *summary;
        char *action; /* what the product maker should do; NULL when nothing */
        struct evidence *evidence;
        size_t n_evidence;
};

struct requirement_result {
        const struct requirement *req;
        bool in_scope;
        char *scope_reason; /* why it is out of scope, or NULL */
        enum verdict verdict;
        size_t *checks;     /* indices into report.checks */
        size_t n_checks;
};

struct report {
        char *tool_version;
        bool live;
        char *root;
        /* mode "image": the disk image read (bulwark assess --image); all NULL/0 otherwise */
        char *image_sha256;
        char *image_partition;   /* GPT name, NULL for a bare file system */
        unsigned image_partition_number;
        char *image_fstype;
        char *hostname;
        char *os;           /* PRETTY_NAME of os-release, or NULL */
        unsigned sl;
        char *role;
        char *crypto_policy;
        time_t generated;
        char **notes;       /* statements about the whole run, e.g. what offline mode cannot see */

        struct check_result *checks;
        size_t n_checks;
        struct requirement_result *requirements;
        size_t n_requirements;

        unsigned summary[_VERDICT_MAX]; /* per requirement verdict */
};

struct report *report_new(void);
void report_free(struct report *r);
static inline void report_freep(struct report **r) { report_free(*r); }

void evidence_clear(struct evidence *e);
void check_result_clear(struct check_result *c);

/*
 * The time a report is stamped with: SOURCE_DATE_EPOCH when set and valid
 * (reproducible reports, golden tests), else the current time.
 */
time_t report_clock(void);
/* "2026-11-28T01:02:03Z" (UTC) into buf; returns false when t cannot be represented. */
#define REPORT_TIME_MAX 32
bool report_format_time(time_t t, char buf[static REPORT_TIME_MAX]);

/* Counts requirement verdicts into summary and returns the exit code (bulwark(1), EXIT STATUS). */
int report_finish(struct report *r);
int report_exit_code(const struct report *r);

enum report_format {
        REPORT_TEXT,
        REPORT_JSON,
        REPORT_JUNIT,
        REPORT_MARKDOWN,
        REPORT_HTML,
        REPORT_OSCAL,
        REPORT_OSCAL_CATALOG,
        REPORT_SUMMARY,
        _REPORT_FORMAT_MAX,
};
/* The format named s (a row of the writer table); *ret untouched on -EINVAL. */
int report_format_from_string(const char *s, enum report_format *ret);

struct report_write_options {
        bool color;     /* only text uses it */
        unsigned width; /* text: wrap at this many columns; 0 means 80 */
        int verbosity;  /* text: -1 quiet, 0 default, 1 verbose (struct bw_render_options) */
        bool junit_manual_failure; /* junit: manual as <failure> */
};

/* The bulwark-assessment/1 JSON document (jansson); the caller owns the reference. */
struct json_t;
struct json_t *report_to_json(const struct report *r);

/*
 * Writes the whole report to f in fmt and returns 0 or -errno. The writers
 * are rows of the table in writers.c (writers.h); the model does not know
 * them, they know the model.
 */
int report_write(const struct report *r, enum report_format fmt, const struct report_write_options *o, FILE *f);

/* OSCAL 1.0.6 assessment-results (the catalog embedded), and the catalog alone; the caller owns the reference. */
struct json_t *report_to_oscal(const struct report *r);
struct json_t *report_to_oscal_catalog(const struct report *r);

/* Display words shared by the document formats: "Met", "Not met", "NA", "Manual", "Error". */
const char *verdict_to_status(enum verdict v);
