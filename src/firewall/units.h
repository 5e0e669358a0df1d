/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Fail close at boot (NDR 5.2 RE(3)). Two units and three drop-ins:
 *
 *   bulwark-lockdown.service  loads a drop-all table (loopback only) before
 *                             network-pre.target; no ExecStop, so stopping
 *                             it never opens anything.
 *   bulwark-firewall.service  Requires= the lockdown, then applies the policy
 *                             over it in one transaction that also removes
 *                             the lockdown table. A broken policy fails the
 *                             transaction: the lockdown stays.
 *   <net>.service.d/bulwark.conf for networking, systemd-networkd and
 *                             NetworkManager: Requires= and After= the
 *                             firewall, so a failed load keeps them down.
 *
 * Both units are enabled by links in sysinit.target.wants, as systemctl
 * enable would make them, so an offline assessment sees them enabled.
 */

#include <stdbool.h>

#define FW_UNIT_LOCKDOWN "bulwark-lockdown.service"
#define FW_UNIT_FIREWALL "bulwark-firewall.service"

struct fw_units_options {
        const char *root;      /* install below this directory; NULL for / */
        const char *unit_dir;  /* default ROOT/etc/systemd/system */
        const char *binary;    /* bulwark as the units call it; default /usr/bin/bulwark */
        bool enable;           /* create the .wants links */
        const char *policy;    /* passed to apply when not the default */
        const char *state_dir; /* passed to apply when not the default */
};

/* The network bring-up units that get a Requires= drop-in. NULL-terminated. */
extern const char *const fw_network_units[];

/*
 * Writes units, drop-ins and links. *ret_report lists what was written (caller frees).
 * -EINVAL, before writing anything, when policy or state_dir is not an absolute path.
 */
int fw_units_install(const struct fw_units_options *o, char **ret_report);

/* The unit texts, for tests and the man page; caller frees. */
char *fw_unit_lockdown_text(const char *binary);
char *fw_unit_firewall_text(const char *binary, const char *policy, const char *state_dir);
char *fw_unit_dropin_text(void);
