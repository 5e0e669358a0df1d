/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Which ruleset is loaded, without listing it: the kernel counts committed
 * nftables transactions per network namespace (the ruleset generation), and
 * the namespace has a cookie that is never reused while the system runs.
 * Boot id + namespace cookie + generation name one ruleset state: if they
 * are what they were right after Bulwark's own commit, nobody has changed
 * the ruleset since, and apply can rebuild its rollback copy from what it
 * loaded instead of listing the whole ruleset back (which costs as much as
 * loading it). What the generation does not count is state the packet path
 * writes (counters, elements added to dynamic sets); the rebuilt copy has
 * dynamic set elements as they were at the last listing, where a listing
 * now would have today's. A rollback restores policy; the packet path
 * refills dynamic sets.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fw_ruleset_id {
        char boot_id[37];      /* /proc/sys/kernel/random/boot_id */
        uint64_t netns_cookie; /* SO_NETNS_COOKIE */
        uint32_t generation;   /* NFT_MSG_GETGEN */
};

/*
 * -errno when the kernel cannot tell (no SO_NETNS_COOKIE before Linux 5.14, no
 * nftables): then list. With ret_empty, also says whether the namespace has no
 * nftables table at all (then there is nothing to list).
 */
int fw_ruleset_id_get(struct fw_ruleset_id *ret, bool *ret_empty);

/*
 * The ruleset generation alone (no namespace cookie needed, so any kernel
 * with nftables): what apply compares before and after a commit that
 * reported an error, to tell "nothing changed" from "the reply was lost".
 */
int fw_ruleset_generation(uint32_t *ret);

/*
 * The comment of table inet NAME as the kernel holds it (NFTA_TABLE_USERDATA,
 * without listing the table): "" when it has none, -ENOENT when there is no
 * such table. apply puts the SHA-256 of the ruleset in it, so that status
 * names what is loaded whatever happened to the state files.
 * The parser (exposed for tests and fuzzing) returns as fw_nft_gen_reply_parse.
 */
int fw_nft_table_comment(const char *name, char *ret, size_t size);
int fw_nft_table_comment_parse(const uint8_t *buf, size_t len, uint32_t seq, char *ret, size_t size);

/*
 * The kernel's replies, one recv() buffer at a time (exposed for tests and
 * fuzzing). gen: the NFTA_GEN_ID of the NFT_MSG_NEWGEN reply to seq, 0 when
 * found. table dump: 1 when the dump for seq holds a table or has ended
 * (*ret_any says which). Both -EAGAIN when buf holds no answer for seq yet,
 * -EBADMSG on a length that does not fit, the kernel's -errno on an error.
 */
int fw_nft_gen_reply_parse(const uint8_t *buf, size_t len, uint32_t seq, uint32_t *ret);
int fw_nft_table_dump_parse(const uint8_t *buf, size_t len, uint32_t seq, bool *ret_any);

/* "BOOT_ID COOKIE GENERATION\n" and back; parse returns -EBADMSG on anything else. */
int fw_ruleset_id_format(const struct fw_ruleset_id *id, char *buf, size_t size);
int fw_ruleset_id_parse(const char *s, struct fw_ruleset_id *ret);

bool fw_ruleset_id_equal(const struct fw_ruleset_id *a, const struct fw_ruleset_id *b);

/*
 * The ruleset text (as `nft list ruleset` prints it) without Bulwark's own
 * tables: the top-level blocks "table inet bulwark {" and "table inet
 * bulwark_lockdown {" up to their closing "}" line. Caller frees.
 */
char *fw_ruleset_foreign(const char *listing);
