/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The report writers as a table: one row per output format, each a
 * function that writes the whole report to f and returns 0 or -errno. A new
 * format is one file (write-FORMAT.c, defining its write function) and one
 * row in writers.c (plus its enumerator in model.h, which C callers use to
 * name a format). Writers read the model; the model never calls a writer.
 */

#include <stddef.h>
#include <stdio.h>

#include "model.h"

typedef int (*report_write_fn)(const struct report *r, const struct report_write_options *o, FILE *f);

struct report_writer {
        const char *format; /* the name --format and bw_report_render() take */
        const char *note;   /* a few words after the name in --help ("one line"), or NULL */
        report_write_fn write;
};

/* Every format, in the order --help lists them; row i is enum report_format i. */
extern const struct report_writer report_writers[_REPORT_FORMAT_MAX];

/* The row named format, or NULL. */
const struct report_writer *report_writer_find(const char *format);

int report_write_text(const struct report *r, const struct report_write_options *o, FILE *f);
int report_write_json(const struct report *r, const struct report_write_options *o, FILE *f);
int report_write_junit(const struct report *r, const struct report_write_options *o, FILE *f);
int report_write_markdown(const struct report *r, const struct report_write_options *o, FILE *f);
int report_write_html(const struct report *r, const struct report_write_options *o, FILE *f);
/* OSCAL 1.0.6 assessment-results (the catalog embedded), and the catalog alone. */
int report_write_oscal(const struct report *r, const struct report_write_options *o, FILE *f);
int report_write_oscal_catalog(const struct report *r, const struct report_write_options *o, FILE *f);
/* One line naming what is not met, for the journal and scripts. */
int report_write_summary(const struct report *r, const struct report_write_options *o, FILE *f);
