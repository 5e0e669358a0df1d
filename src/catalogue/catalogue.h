/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The IEC 62443-4-2 requirements Bulwark covers (FR 4 and FR 5), as data:
 * the lowest domain layer, used by checks, report and cli alike, using only
 * basic. IDs and short titles only; the descriptions are our own words.
 */

#include <stdbool.h>
#include <stddef.h>

enum role {
        ROLE_EMBEDDED = 1u << 0,
        ROLE_HOST = 1u << 1,
        ROLE_NETWORK = 1u << 2,
        ROLE_ALL = ROLE_EMBEDDED | ROLE_HOST | ROLE_NETWORK,
};

int role_from_string(const char *s, enum role *ret);
const char *role_to_string(enum role r);

struct requirement {
        const char *id;        /* exactly as in every output, e.g. "NDR 5.2 RE(1)" */
        const char *title;
        const char *fr;        /* "FR 4" or "FR 5" */
        unsigned sl_min;       /* applies from this SL (0: never a component requirement) */
        unsigned roles;        /* enum role bits it applies to */
        const char *cip;       /* CIP platform status */
        const char *asks;      /* what it asks, in our words */
        const char *evidence;  /* what shows it on a device */
        const char *scope_note;/* why it may be out of scope, for the reason text */
};

/* A foundational requirement (IEC 62443-4-2 groups the requirements under seven; Bulwark covers two). */
struct foundational_requirement {
        const char *id;    /* "FR 4", as in requirement.fr */
        const char *slug;  /* "fr-4": the OSCAL group id */
        const char *title; /* "Data confidentiality" */
};

/* Every FR a requirement of the catalogue names, in the standard's order. */
extern const struct foundational_requirement catalogue_frs[];
extern const size_t catalogue_frs_size;

const struct foundational_requirement *catalogue_fr_find(const char *id);
/* The FR's title, or "" for an id the catalogue does not hold. */
const char *catalogue_fr_title(const char *id);

extern const struct requirement catalogue[];
extern const size_t catalogue_size;

const struct requirement *catalogue_find(const char *id);

/* Decides whether req is in scope for sl/role; *ret_reason (caller frees) says why not. */
bool requirement_in_scope(const struct requirement *req, unsigned sl, enum role role, char **ret_reason);
