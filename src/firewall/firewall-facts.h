/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What the assessment knows about Bulwark's own firewall on the target:
 * the policy (loaded by the firewall's own loader), the fail-close units, and
 * the last saved `firewall verify` result. Filled by collect_firewall()
 * through the root fd only, read by checks-firewall.c.
 */

#include <stdbool.h>
#include <stddef.h>

struct fw_policy;

struct firewall_verify_fact {
        char *from, *to, *proto, *reason;
        unsigned port;
        bool expected_open, observed_open;
};

struct firewall_facts {
        /* The policy: err 0 parsed, -ENOENT none, -EBADMSG invalid (diagnostics say why), other -errno. */
        int policy_err;
        char *policy_path;           /* /etc/bulwark/policy.conf */
        char **policy_files;         /* every file read, policy.d drop-ins included */
        char *diagnostics;           /* file:line:column errors, when invalid */
        struct fw_policy *policy;    /* NULL unless parsed */
        char **zones;                /* zone names */
        size_t n_conduits;
        size_t n_island_safe;
        char compiled_sha256[65];    /* of the ruleset the policy compiles to; "" when none */

        /* Units (bulwark firewall install-units). */
        char *lockdown_unit;         /* path of bulwark-lockdown.service, or NULL */
        char *firewall_unit;         /* path of bulwark-firewall.service, or NULL */
        bool lockdown_enabled;       /* linked in a .wants directory */
        bool firewall_enabled;
        char **network_dropins;      /* drop-ins that make network units require the firewall */

        /* The saved verify result: err 0 read, -ENOENT none, -EBADMSG unreadable. */
        int verify_err;
        char *verify_path;
        char *verify_ruleset_sha256;
        bool verify_island;
        size_t verify_probes;
        size_t verify_mismatches;
        struct firewall_verify_fact *verify;
        size_t n_verify;
};

void firewall_facts_free(struct firewall_facts *f);

/* Where the collector looks. */
#define FIREWALL_VERIFY_PATH "/var/lib/bulwark/firewall/verify.json"
