/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Loading rulesets with libnftables, safely.
 *
 * apply: the running ruleset is saved to STATE/previous.nft (rebuilt from
 * STATE/foreign.nft + applied.nft instead of listed when STATE/ruleset.id
 * shows nothing changed since our last apply, see ruleset-id.h), then the new
 * table goes in as one transaction that also removes the boot lockdown
 * table; if the kernel refuses any part, nothing changed. With a confirm
 * timeout a detached watchdog (own session, SIGHUP ignored, no terminal), so
 * it outlives the SSH session that started it, rolls back unless `confirm`
 * removes STATE/pending in time.
 *
 * The island state (STATE/island) is saved with previous.nft and restored
 * by a rollback, like the ruleset it goes with.
 *
 * rollback: restores previous.nft, unless that ruleset was open (see
 * fw_ruleset_text_closed), in which case it loads the lockdown ruleset
 * instead: a rollback never opens the device. An apply with
 * FW_ROLLBACK_TO_PREVIOUS records in previous.nft that its rollback restores
 * exactly the previous ruleset, open or not.
 */

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * -EPERM when this process may not talk to nftables in its network namespace
 * (no CAP_NET_ADMIN over it: an unprivileged user, or a user namespace that
 * does not own the network namespace); 0 otherwise. Every function here that
 * reaches nftables returns -EPERM then, before doing anything.
 */
int fw_nft_permission(void);

/* Runs nft commands from buf as one transaction. On failure *ret_error (if given) holds nft's message; caller frees. */
int fw_nft_run(const char *buf, bool dry_run, char **ret_error);
/*
 * The dry run of fw_nft_run() for a process without CAP_NET_ADMIN: in a
 * network namespace of a user namespace of its own, in a child. 0 accepted;
 * -EINVAL refused (*ret_error nft's message); -EPERM when no such namespace
 * can be made here (*ret_error the kernel's reason: user namespaces
 * disabled, a seccomp filter, a chroot); another -errno otherwise.
 */
int fw_nft_check_userns(const char *tx, char **ret_error);
/* Runs a list command and returns its JSON output; caller owns the reference. */
int fw_nft_list_json(const char *cmd, json_t **ret);
/* Returns the running ruleset in nft syntax; caller frees. */
int fw_nft_list_ruleset(char **ret);
/*
 * Whether a ruleset, as `nft list ruleset` prints it, closes the input path
 * of both IPv4 and IPv6: an input base chain whose policy is drop (its header
 * line "type ... hook input ...; policy drop;") in an inet table, or in both
 * an ip and an ip6 table. Chains of arp, bridge and netdev tables do not count.
 */
bool fw_ruleset_text_closed(const char *text);

enum fw_rollback_to {
        FW_ROLLBACK_TO_LOCKDOWN,  /* default: an open previous ruleset is not restored, lockdown is loaded */
        FW_ROLLBACK_TO_PREVIOUS,  /* exactly the previous ruleset, open or not (firewalld's --timeout) */
};

enum fw_apply_warning {
        FW_WARN_ROLLBACK_LOCKDOWN, /* the running ruleset is open: an unconfirmed change rolls back to lockdown */
        FW_WARN_ROLLBACK_OPEN,     /* the running ruleset is open and will be restored as it is */
};

struct fw_apply_options {
        const char *state_dir;
        enum fw_rollback_to rollback_to;
        /* Called before the commit, when the rollback target is worth a word to the user. */
        void (*warn)(enum fw_apply_warning w, void *userdata);
        void *userdata;
        unsigned confirm_seconds; /* 0: no confirmation needed */
        bool island;              /* compiled is the island form: recorded in STATE/island once committed */
};

/*
 * Applies compiled (output of fw_compile). error text through ret_error as fw_nft_run.
 * -EUCLEAN: nftables reported an error, but the kernel's ruleset generation
 * moved (or could not be read): the change may be in place. With a confirm
 * timeout the watchdog is armed all the same and rolls it back.
 * Any other error: nothing was committed; that includes a state directory
 * that exists but where the rollback copy cannot be written (-ENOSPC, say):
 * only a read-only one (-EROFS) lets a plain apply go on without state.
 */
int fw_apply(const char *compiled, const struct fw_apply_options *o, char **ret_error);

/* Keeps the pending change: the watchdog stands down. -ENOENT when nothing is pending. */
int fw_confirm(const char *state_dir);

enum fw_rollback_result {
        FW_ROLLBACK_PREVIOUS,          /* the saved ruleset is loaded again */
        FW_ROLLBACK_LOCKDOWN,          /* it was open: lockdown instead */
        FW_ROLLBACK_LOCKDOWN_FALLBACK, /* restoring it failed (retried): lockdown instead; *ret_error says why */
};

/*
 * Restores the ruleset saved by the last apply (or lockdown, see above),
 * trying three times, a second apart; if that keeps failing, loads the
 * lockdown ruleset and writes STATE/rollback-failed, which status reports.
 * ret says which happened. -ENOENT when there is nothing saved; another
 * -errno when even the lockdown failed (the record is written then too).
 */
int fw_rollback(const char *state_dir, enum fw_rollback_result *ret, char **ret_error);

/* Loads the lockdown table (drop all but loopback) over whatever is there. */
int fw_lockdown(char **ret_error);

int fw_island_get(const char *state_dir, bool *ret);
int fw_island_set(const char *state_dir, bool on);

struct fw_counter {
        char name[32];
        uint64_t packets;
        uint64_t bytes;
};

enum fw_watchdog_state {
        FW_WATCHDOG_NONE,     /* nothing pending */
        FW_WATCHDOG_RUNNING,
        FW_WATCHDOG_DEAD,     /* pending, but its watchdog is gone: nothing will roll back */
        FW_WATCHDOG_UNKNOWN,  /* a pending file without a pid (older bulwark) */
};

struct fw_status {
        bool loaded;            /* table inet bulwark is in the kernel */
        bool lockdown;          /* table inet bulwark_lockdown is */
        bool island;            /* of the loaded table (its comment), else STATE/island */
        bool pending;
        long pending_seconds;   /* until rollback; negative when overdue */
        enum fw_watchdog_state watchdog;
        long watchdog_pid;
        char rollback_failed[160];     /* first line of STATE/rollback-failed; "" when none */
        long long rollback_failed_time;
        char applied_sha256[65]; /* of the compiled ruleset loaded, from the kernel's table comment (else STATE/applied.nft); "" when none */
        long long applied_time;  /* when STATE/applied.nft was written, if it is that ruleset; 0 otherwise */
        bool state_behind;       /* STATE/applied.nft is not what the kernel has (an apply was killed after its commit) */
        struct fw_counter counters[8];
        size_t n_counters;
};

int fw_status_get(const char *state_dir, struct fw_status *ret);
