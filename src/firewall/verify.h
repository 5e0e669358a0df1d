/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Behavioural verification: builds a throwaway device network namespace and
 * one namespace per zone, joined by veth pairs named as the policy names the
 * device's interfaces; loads the compiled ruleset in the device namespace;
 * then sends real TCP, UDP and ICMP probes from each zone namespace, with
 * listeners on every probed port so that only the firewall can make a probe
 * fail. Probed: every conduit (first and last port of each range), UDP 68
 * from port 67 (the DHCP client), every person-to-person port, and a seeded
 * random sample of other ports, to the device and across zones.
 *
 * Expectations come from the policy model, not from the ruleset, so verify
 * checks the compiler (or a hand-written ruleset given instead) against the
 * policy. The person-to-person ports are expected closed whatever the policy
 * says: CR 5.3 asks for that.
 *
 * Needs CAP_SYS_ADMIN and CAP_NET_ADMIN (root) and iproute2. IPv4 and
 * IPv6: a zone with Addresses= of one family only is probed in that family
 * (and the notes say so); IPv6 expects neighbour discovery to pass, which
 * ICMPEssential=yes provides.
 *
 * verify-plan.c plans the probes (pure), verify-netns.c builds the test bed
 * and sends them (fw_verify()), verify-result.c renders and parses the result.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"

struct fw_probe {
        char *from;          /* zone */
        char *to;            /* "device" or a zone */
        unsigned proto;      /* FW_PROTO_* */
        uint16_t port;       /* 0 for ICMP */
        uint16_t sport;      /* 0: any */
        int family;          /* AF_INET or AF_INET6 */
        char *reason;        /* conduit name, "dhcp-client", "p2p:smtp", "sample" */
        char src[46];
        char dst[46];
        char in_if[16];      /* the device interface the probe came in on (IFNAMSIZ) */
        char out_if[16];     /* forwarded probes: the interface towards the zone; "" to the device */
        bool expected_open;
        bool observed_open;
};

struct fw_verify_result {
        struct fw_probe *v;
        size_t n;
        size_t mismatches;
        bool island;
        unsigned seed;
        char ruleset_sha256[65];
        char **notes;         /* what was not probed and why */
};

struct fw_verify_options {
        bool island;
        bool have_seed;
        unsigned seed;
        const char *ruleset; /* load this nft text instead of the compiled policy; NULL to compile */
        unsigned timeout_ms; /* per round; default 1500 */
};

int fw_verify(const struct fw_policy *p, const struct fw_verify_options *o, struct fw_verify_result **ret, char **ret_error);
void fw_verify_result_free(struct fw_verify_result *r);
static inline void fw_verify_result_freep(struct fw_verify_result **r) { fw_verify_result_free(*r); }

/* Renderings; caller frees. JSON schema "bulwark-firewall-verify/1". */
char *fw_verify_result_to_json(const struct fw_verify_result *r);
char *fw_verify_result_to_text(const struct fw_verify_result *r);

/*
 * Parses a "bulwark-firewall-verify/1" document (what fw_verify_result_to_json()
 * writes). Rows without both verdicts, or with a port outside 0..65535, are
 * skipped; mismatches is counted from the rows read. Reads at most max_rows
 * rows of the matrix; *ret_truncated (optional) says whether there were more.
 * Strings a row lacks stay NULL (from, to, reason) or "" (the fixed-size
 * ones); an unknown proto is 0. -EBADMSG when buf is not such a document.
 */
int fw_verify_result_parse(const char *buf, size_t len, size_t max_rows, struct fw_verify_result **ret, bool *ret_truncated);

/* Stores JSON as STATE/verify.json, where the assessment looks for it. */
int fw_verify_save(const char *state_dir, const char *json);
#define FW_VERIFY_FILE "verify.json"
