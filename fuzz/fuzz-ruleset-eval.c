/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the nftables ruleset evaluator: arbitrary JSON as
 * libnftables would list it (a hostile image's /etc/nftables.conf reaches the
 * evaluator only after libnftables, but its JSON is still shaped by the
 * attacker: names, comments, nesting, jumps between chains).
 */
#include <netinet/in.h>
#include <stdint.h>

#include "ruleset-eval.h"
#include "strv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const uint16_t ports[] = { 22, 68, 443, 0, 65535 };
        json_t *nft = json_loadb((const char *) data, size, 0, NULL);
        struct rs_hook_result r;

        if (!nft)
                return 0;
        (void) ruleset_is_empty(nft);
        for (unsigned h = 0; h < 2; h++)
                if (ruleset_hook_default(nft, h ? "forward" : "input", &r) == 0)
                        rs_hook_result_clear(&r);
        for (unsigned i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
                (void) ruleset_input_port(nft, IPPROTO_TCP, ports[i]);
                (void) ruleset_input_port(nft, IPPROTO_UDP, ports[i]);
        }
        strv_free(ruleset_iif_uses(nft));
        strv_free(ruleset_zone_selectors(nft));
        json_decref(nft);
        return 0;
}
