/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Checks are data: one static table per requirement group, each row a stable
 * id, the requirements it serves, and a pure function from facts to a
 * verdict with evidence. Checks never touch the system.
 */

#include <stdarg.h>

#include "catalogue.h"
#include "facts.h"
#include "macro.h"
#include "model.h"

struct crypto_policy;

struct profile {
        unsigned sl;
        enum role role;
        const char *crypto_policy; /* "nist", "bsi" or a file path */
        /*
         * The crypto policy, loaded once per run by the caller (bw_assess());
         * checks never load it. NULL: assess_run() takes the built-in one of
         * that name, or, when the load failed, policy_err (-errno) and
         * policy_error (the loader's message, may be NULL) say why.
         */
        const struct crypto_policy *policy;
        int policy_err;
        const char *policy_error;
};

struct check_ctx {
        const struct facts *facts;
        const struct profile *profile;
        struct check_result *result;
};

typedef void (*check_fn)(struct check_ctx *c);

#define CHECK_MAX_REQS 3

struct check_def {
        const char *id;                       /* stable, kebab-case */
        const char *title;
        const char *reqs[CHECK_MAX_REQS];     /* requirement ids it serves */
        unsigned sl_min;                      /* 0: as its requirement */
        check_fn run;
        /*
         * The fact areas (FACTS_*) run reads. When a cap cut one of them, the
         * engine turns anything short of "fail" into "error" naming the cap:
         * a partial view never passes.
         */
        unsigned facts;
        /*
         * For docs/checks.md (bulwark requirements --markdown), one sentence
         * each: what the verdict is decided from offline (a tree or an image)
         * and live (the running device), and what makes it "manual" rather
         * than pass or fail. A test holds every row to having all three.
         */
        const char *offline;
        const char *live;
        const char *manual;
};

/*
 * The check tables, in the order the engine runs them, each terminated by an
 * entry with id == NULL. A new table is one file (checks-NAME.c, defining
 * checks_NAME[]) and one row here: the row declares it and puts it in
 * check_tables[].
 */
#define CHECK_TABLES(X)         \
        X(cr41)                 \
        X(luks)                 \
        X(cr42)                 \
        X(cr43)                 \
        X(endpoints)            \
        X(fr5)                  \
        X(firewall)             \
        X(cr54)

#define CHECK_TABLE_DECLARE(name) extern const struct check_def checks_##name[];
CHECK_TABLES(CHECK_TABLE_DECLARE)
#undef CHECK_TABLE_DECLARE

/* All tables, NULL-terminated. */
extern const struct check_def *const check_tables[];

/*
 * Verdict setters: the first call sets the verdict and summary; later calls
 * only worsen it. A pass must come with evidence (check_evidence*()) of what
 * it rests on, or check_run() makes it an error.
 */
void check_pass(struct check_ctx *c, const char *fmt, ...) _printf_(2, 3);
void check_fail(struct check_ctx *c, const char *fmt, ...) _printf_(2, 3);
void check_manual(struct check_ctx *c, const char *fmt, ...) _printf_(2, 3);
void check_na(struct check_ctx *c, const char *fmt, ...) _printf_(2, 3);
void check_error(struct check_ctx *c, const char *fmt, ...) _printf_(2, 3);
void check_action(struct check_ctx *c, const char *fmt, ...) _printf_(2, 3);

/* Evidence. For a file the engine adds its sha256 when the collector read it. */
void check_evidence(struct check_ctx *c, const char *kind, const char *path, const char *fmt, ...) _printf_(4, 5);
void check_evidence_file(struct check_ctx *c, const char *path, const char *fmt, ...) _printf_(3, 4);

/* When an area could not be collected: error with the reason; returns true so the check can return. */
bool check_fact_error(struct check_ctx *c, int err, const char *what);
/* The same with the collector's own words when it has them (err_text, may be NULL), e.g. a library that could not be loaded. */
bool check_fact_error_text(struct check_ctx *c, int err, const char *err_text, const char *what);

/*
 * The run's crypto policy, or NULL after reporting why it could not be
 * loaded as the check's error, in the words the loader gave.
 */
const struct crypto_policy *check_crypto_policy(struct check_ctx *c);

/*
 * Runs one check into r (which it initialises) and holds its verdict to the
 * rule: a check that sets no verdict, or passes without a single piece of
 * evidence of what it examined, is an internal error; when a cap cut one of
 * d->facts' areas, anything short of fail becomes error naming the cap.
 */
void check_run(const struct check_def *d, const struct facts *f, const struct profile *p, struct check_result *r);

/* Runs every check and builds the report. */
int assess_run(const struct facts *f, const struct profile *p, struct report **ret);
