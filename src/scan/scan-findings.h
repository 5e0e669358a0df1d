/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Typed findings: what the crypto policy said about each algorithm, key and
 * certificate a scan saw. tls_scan_result_judge() and ssh_scan_result_judge()
 * fill them from a scan result and a policy, so that whoever judges (the
 * endpoint checks) decides by status, never by comparing strings. They are
 * the same findings the scan documents list under "findings".
 */

#include <stddef.h>

#include "crypto-policy.h"

struct scan_finding {
        char *kind;            /* "tls-cipher", "ssh-kex", ... */
        char *path;            /* what was scanned, e.g. "127.0.0.1:443" */
        char *algorithm;
        enum cp_status status;
        char *rule;            /* the rule that decided */
        char *detail;          /* one line for a person, naming the algorithm */
};

struct scan_findings {
        struct scan_finding *v;
        size_t n;
        enum cp_status worst;  /* of v; CP_ACCEPTABLE when empty */
};

void scan_findings_add(struct scan_findings *l, const char *kind, const char *path, const char *algorithm,
                       const struct cp_verdict *v, const char *detail);
void scan_findings_clear(struct scan_findings *l);
