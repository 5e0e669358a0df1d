/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Answers questions about an nftables ruleset as libnftables lists it in
 * JSON, by walking the base chains of a hook in priority order the way the
 * kernel does, for an abstract new packet from the network (not loopback):
 *
 *  - would a packet to a port no rule names be accepted (default-deny)?
 *  - could a packet to port P from some interface/source be accepted?
 *
 * Matches we cannot decide (a source address, an interface name, fib, ...)
 * are treated by the question: to prove a port closed, any such match may
 * hold (some sender fits it); to judge the default, a match that narrows
 * who may send is an exception and does not match the unlisted packet.
 * Pure: no I/O.
 */

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

enum rs_verdict {
        RS_ACCEPT,
        RS_DROP,
        RS_NO_CHAINS, /* nothing hooks there: the kernel accepts */
};

struct rs_hook_result {
        enum rs_verdict ipv4;
        enum rs_verdict ipv6;
        unsigned base_chains;
        unsigned drop_policies;     /* base chains with policy drop */
        char **broad_accepts;       /* accept rules that take every port: "chain: rule text" */
        char **chains;              /* "family table chain (policy P, prio N)" */
};

/* What happens to a new packet to a port no rule names, at hook ("input", "forward"). */
int ruleset_hook_default(json_t *nft, const char *hook, struct rs_hook_result *ret);
void rs_hook_result_clear(struct rs_hook_result *r);

/* Whether a new packet to proto (IPPROTO_TCP/UDP) port from some sender can be accepted on input. */
enum rs_verdict ruleset_input_port(json_t *nft, uint8_t proto, uint16_t port);

/* Interfaces matched with iif/oif (by index): rules that break when the interface is absent at load. */
char **ruleset_iif_uses(json_t *nft);

/* Interface names and address sets the rules distinguish traffic by (zone evidence). */
char **ruleset_zone_selectors(json_t *nft);

/* Whether any table/chain/rule exists at all. */
bool ruleset_is_empty(json_t *nft);
