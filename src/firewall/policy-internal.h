/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What the firewall policy's model (policy.c: diagnostics, the policy and
 * its conduit index, prefixes, validation and canonical order) and its
 * parser (policy-parse.c: the INI callbacks and the loader of the main file
 * and its drop-ins) share, and nobody else sees.
 */

#include "macro.h"
#include "policy.h"

/* Appends one diagnostic; d may be NULL. */
void fw_diag_add(struct fw_diags *d, const char *file, unsigned line, unsigned column, const char *fmt, ...) _printf_(5, 6);

/* The slot of a conduit name in the hash index while parsing. */
size_t *fw_conduit_slot(struct fw_policy *p, const char *name);
void fw_conduit_index_add(struct fw_policy *p, size_t index);
