/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for what firewall apply reads back to decide whether it
 * must list the ruleset: the first byte picks
 *   0: STATE/ruleset.id (fw_ruleset_id_parse; what parses formats back to itself),
 *   1: a ruleset listing (fw_ruleset_foreign, idempotent and never longer;
 *      fw_ruleset_text_closed),
 *   2: a netlink NFT_MSG_NEWGEN reply, 3: a table dump, and the table reply
 *      status reads the comment from (the next four bytes are the sequence number).
 */
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "macro.h"
#include "ruleset-id.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        _cleanup_free_ char *text = NULL;
        uint32_t seq = 0;

        if (size < 1)
                return 0;
        text = xmalloc0(size);
        memcpy(text, data + 1, size - 1); /* NUL-terminated: the state files are read as strings */

        switch (data[0] % 4) {
        case 0: {
                struct fw_ruleset_id id, again;
                char line[128];

                if (fw_ruleset_id_parse(text, &id) == 0) {
                        if (fw_ruleset_id_format(&id, line, sizeof(line)) < 0 || fw_ruleset_id_parse(line, &again) < 0 ||
                            !fw_ruleset_id_equal(&id, &again))
                                abort();
                }
                break;
        }
        case 1: {
                _cleanup_free_ char *f = fw_ruleset_foreign(text), *g = NULL;

                if (strlen(f) > strlen(text))
                        abort();
                g = fw_ruleset_foreign(f);
                if (!streq(f, g))
                        abort();
                (void) fw_ruleset_text_closed(text);
                break;
        }
        default:
                if (size < 5)
                        return 0;
                memcpy(&seq, data + 1, 4);
                if (data[0] % 4 == 2) {
                        uint32_t gen;
                        (void) fw_nft_gen_reply_parse(data + 5, size - 5, seq, &gen);
                } else {
                        bool any;
                        char comment[64];
                        (void) fw_nft_table_dump_parse(data + 5, size - 5, seq, &any);
                        /* The same replies carry NEWTABLE messages: the comment comes out NUL-terminated and within bounds. */
                        if (fw_nft_table_comment_parse(data + 5, size - 5, seq, comment, sizeof(comment)) == 0 &&
                            strnlen(comment, sizeof(comment)) == sizeof(comment))
                                abort();
                }
                break;
        }
        return 0;
}
