/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Self-confinement of a process that only reads: `bulwark assess` runs as
 * root over files an attacker may have shaped, so before it reads any of
 * them it gives up what an exploited parser could abuse.
 *
 *  - PR_SET_NO_NEW_PRIVS: no set-uid or file-capability gain through exec.
 *  - Landlock (where the kernel has it): the whole file system read-only,
 *    writable only below the directories given (the report's directory),
 *    through the landlock_* syscalls directly, for the best ABI the kernel
 *    offers. Without Landlock the rest still applies and the result says so.
 *  - Capabilities: everything but the kept set leaves the bounding, ambient,
 *    inheritable, permitted and effective sets.
 *
 * Confinement is for the rest of the process's life and is inherited by its
 * children (the nftables loader forks one and needs CAP_SYS_ADMIN and
 * CAP_NET_ADMIN for its throwaway network namespace).
 */

#include <stdbool.h>
#include <stdint.h>

struct confine_options {
        /* Directories that may be written below (files created, replaced, removed); NULL-terminated or NULL. */
        const char *const *write_dirs;
        /* Capabilities to keep (CAP_* numbers), n_keep_caps of them. */
        const int *keep_caps;
        unsigned n_keep_caps;
        /* Do not use Landlock, for this reason (said in the note); NULL to use it where the kernel has it. */
        const char *no_landlock_reason;
};

struct confine_result {
        int landlock_abi;        /* 0: the kernel has no Landlock (or it is disabled) */
        bool landlock;           /* the read-only ruleset is enforced */
        bool no_new_privs;
        bool caps_dropped;       /* false when not privileged (nothing to drop) or the drop failed */
        unsigned caps_kept;      /* effective capabilities left */
        char note[128];          /* one line for a report, e.g. "Self-confinement: Landlock ABI 4 (read-only), no new privileges" */
};

/*
 * Confines the calling process as described above. Never fails half-way
 * silently: each part that could not be applied is false in *ret (and said in
 * ret->note); returns 0, or a negative errno only when the kernel accepted a
 * Landlock ruleset but refused to enforce it (the process is then not
 * confined by Landlock and the caller should stop).
 */
int confine_self(const struct confine_options *o, struct confine_result *ret);

/* The Landlock ABI version the kernel offers; 0 without Landlock. */
int confine_landlock_abi(void);

/* The capabilities `bulwark assess` keeps (and how many). */
extern const int confine_assess_caps[];
extern const unsigned confine_assess_n_caps;
