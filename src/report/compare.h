/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Reading bulwark-assessment/1 reports back, to compare two of them (what got
 * better, what regressed) and to merge many into a fleet summary. Reports
 * are untrusted input: they arrive from devices. Parsers take buffers.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model.h"

/* Upper bounds on what one report may hold; more is refused with -E2BIG. */
#define ASSESSMENT_MAX_BYTES (64u * 1024 * 1024)
#define ASSESSMENT_MAX_REQUIREMENTS 1024
#define ASSESSMENT_MAX_CHECKS 4096

struct assessed_check {
        char *id;
        enum verdict verdict;
        char *summary;
};

struct assessed_requirement {
        char *id;
        char *title;
        bool in_scope;
        enum verdict verdict;
        struct assessed_check *checks;
        size_t n_checks;
};

struct assessment {
        char *name;      /* what to call the device: hostname, else the label given to the parser */
        char *hostname;
        char *generated;
        unsigned sl;
        char *role;
        char *crypto_policy;
        struct assessed_requirement *requirements;
        size_t n_requirements;
};

int verdict_from_string(const char *s, enum verdict *ret);

/*
 * Parses a bulwark-assessment/1 JSON document of len bytes. label names the
 * device when the report has no hostname (e.g. the file name). Returns 0,
 * -EBADMSG when it is not JSON or not that schema, -E2BIG over the limits.
 * The caller owns *ret (assessment_free).
 */
int assessment_parse(const char *buf, size_t len, const char *label, struct assessment **ret);
void assessment_free(struct assessment *a);
/*
 * Why buf is not JSON, with the position of the first error ("line 3,
 * column 7 (byte 41): ..."), or NULL when it parses (then it is the schema
 * that is wrong). Caller frees.
 */
char *assessment_json_error(const char *buf, size_t len);
/* Names the device name (e.g. its inventory name) instead of its hostname; made safe for a terminal. */
void assessment_set_name(struct assessment *a, const char *name);
static inline void assessment_freep(struct assessment **a) { assessment_free(*a); }

/*
 * Writes what changed from old to new, requirement by requirement, with the
 * checks that changed under each. A requirement regressed when its verdict
 * got worse by the order pass = na < manual < error < fail (out of scope
 * counts as na) or it is missing from new; pass <-> na is "changed". The
 * last line counts requirements, each in exactly one of regressed, improved,
 * changed, unchanged, new. With DIFF_CHECKS, checks are counted the same way
 * on a second line and a check that got worse is a regression too; without
 * it they are detail lines ("  worse", "  better"). Returns the number of
 * regressions (>= 0) or -errno.
 */
enum {
        DIFF_CHECKS = 1u << 0,
};
int assessment_diff(const struct assessment *old, const struct assessment *new, unsigned flags, FILE *f);

/* Fleet summary of n assessments, as text or as JSON (bulwark-fleet/1). Returns 0 or -errno. */
int fleet_write_text(struct assessment *const *a, size_t n, FILE *f);
int fleet_write_json(struct assessment *const *a, size_t n, FILE *f);
/* Whether any device fails (1) or errors (3) any in-scope requirement; 0 otherwise. */
int fleet_exit_code(struct assessment *const *a, size_t n);
