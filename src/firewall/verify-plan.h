/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The plan of `firewall verify`, pure: from the policy model alone, which
 * probes to send from which zone, through which device interface, between
 * which addresses, and what the policy (and CR 5.3) expects of each. No
 * I/O: verify-netns.c builds the test bed and sends the plan,
 * verify-result.c renders and parses what came back.
 *
 * Addresses: a zone joined to the device by link i (the i-th zone in the
 * policy's order) is 100.64.i.0/24 and fd62:776b:0:i::/64, device .1, zone
 * .2, unless the zone has Addresses=, which then give its probes' sources
 * and destinations.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"
#include "verify.h"

/* An IPv4 or IPv6 address, network byte order in a[0..3] or a[0..15]. */
struct fw_vaddr {
        int family;
        uint8_t a[16];
};

bool fw_vaddr_eq(const struct fw_vaddr *x, const struct fw_vaddr *y);

/* The probes of one pass, with their addresses in binary (src[i], dst[i] for v[i]). */
struct fw_verify_plan {
        struct fw_probe *v;
        struct fw_vaddr *src, *dst;
        size_t n;
        char **notes;         /* what was not probed and why */
};

void fw_verify_plan_done(struct fw_verify_plan *pl);

/* Refuses policies verify cannot probe: no zones, more than 250, a zone without interfaces. -EINVAL/-E2BIG. */
int fw_verify_plan_check(const struct fw_policy *p, char **ret_error);

/* How many passes it takes for every interface of every zone to carry probes: the most interfaces of a zone. */
size_t fw_verify_plan_passes(const struct fw_policy *p);

/*
 * The plan of pass `pass`: every zone joined through fw_verify_zone_if(pass).
 * Pass 0 has the whole plan; later passes only the probes that enter or
 * leave through an interface not used before. The sample ports come from
 * seed. Each probe has its interfaces and expected verdict set; observed
 * is left false. An empty plan (n == 0) is possible for later passes.
 */
int fw_verify_plan_build(const struct fw_policy *p, uint32_t seed, size_t pass, bool island, struct fw_verify_plan *ret,
                         char **ret_error);

/* Index of the zone called name in p->zones, SIZE_MAX if none. */
size_t fw_verify_zone_index(const struct fw_policy *p, const char *name);

/* The device-side interface zone zi is joined through in a pass (its last one when it has fewer). */
const char *fw_verify_zone_if(const struct fw_policy *p, size_t zi, size_t pass);

/* The address of host (1 device, 2 zone) on the link joining the device to zone zi. */
struct fw_vaddr fw_verify_link_addr(int family, size_t zi, unsigned host);

void fw_probe_clear(struct fw_probe *pr);
