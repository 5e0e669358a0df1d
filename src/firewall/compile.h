/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Compiles a finished policy into one nftables table, `inet bulwark`:
 * default-drop input and forward, loopback and established/related first,
 * one chain per zone reached through an iifname verdict map, and per zone
 * interval sets of (proto . port) and (source . proto . port), so the rule
 * count grows with zones, not with conduits. Only conduits with a rate limit,
 * logging or ICMP get rules of their own. Drops count into named counters
 * (drop_invalid, drop_dhcp, drop_p2p, drop_input, drop_forward) that
 * `status` and the assessment read.
 *
 * Same policy, same bytes: everything is emitted in sorted order and the
 * output names no paths or times.
 */

#include <stdbool.h>

#include "policy.h"

/* The conntrack mark bit set by conduits that are not island-safe: island mode drops their established flows. */
#define FW_CT_MARK_NOT_ISLAND 0x40000000u

#define FW_TABLE "bulwark"
#define FW_LOCKDOWN_TABLE "bulwark_lockdown"

struct fw_compile_options {
        bool island; /* only island-safe conduits; established flows of others are cut */
};

/* Writes the table as nft syntax into a malloc'd string the caller owns. */
int fw_compile(const struct fw_policy *p, const struct fw_compile_options *o, char **ret);

/*
 * The drop-all ruleset loaded at boot before any interface comes up: only
 * loopback passes. A static string.
 */
const char *fw_lockdown_ruleset(void);

/*
 * The transaction `apply` sends: replace table inet bulwark and remove the
 * lockdown table, atomically, so a failure anywhere leaves what was there.
 * Caller frees.
 */
char *fw_apply_transaction(const char *compiled);
