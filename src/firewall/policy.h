/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The firewall policy: zones (network segments behind named interfaces,
 * optionally narrowed to address ranges) and conduits (what may flow from a
 * zone to the device or to another zone). Read from systemd-style INI with
 * inih: /etc/bulwark/policy.conf, then /etc/bulwark/policy.d/ *.conf in name
 * order, so an application package can ship its own conduit.
 *
 * Merging follows systemd: a section named again in a later file adds to it;
 * a scalar key set again wins; a list key appends, and an empty assignment
 * ("Ports=") clears the list so far.
 */

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "file-source.h"

#define FW_NAME_MAX 32
#define FW_MAX_ZONES 64
#define FW_MAX_CONDUITS 20000
#define FW_MAX_LIST 4096          /* items in one list key, over all files */
#define FW_POLICY_FILE_MAX (4u * 1024 * 1024)
#define FW_DROPIN_MAX 1024        /* drop-in files read */

/* One diagnostic about the user's input, nftables-style: file:line:column: message. */
struct fw_diag {
        char *file;
        unsigned line;   /* 1-based; 0 when it concerns the whole policy */
        unsigned column; /* 1-based; 0 when unknown */
        char *message;
};

struct fw_diags {
        struct fw_diag *v;
        size_t n;
};

void fw_diags_clear(struct fw_diags *d);
/* Formats every diagnostic as "file:line:column: error: message\n"; caller frees. */
char *fw_diags_format(const struct fw_diags *d);

/* Where a definition came from, for diagnostics found after parsing. */
struct fw_loc {
        const char *file; /* points into fw_policy.files */
        unsigned line;
        unsigned column;
};

struct fw_prefix {
        int family;          /* AF_INET or AF_INET6 */
        uint8_t addr[16];    /* network address, host bits zero */
        unsigned len;        /* prefix length */
};

struct fw_port_range {
        uint16_t first;
        uint16_t last;
};

enum {
        FW_PROTO_TCP = 1 << 0,
        FW_PROTO_UDP = 1 << 1,
        FW_PROTO_ICMP = 1 << 2, /* echo request, IPv4 and IPv6 */
};

struct fw_zone {
        char *name;
        char **interfaces;        /* sorted, unique */
        struct fw_prefix *addresses;
        size_t n_addresses;
        struct fw_loc loc;
};

struct fw_conduit {
        char *name;
        char *description;
        char *from;               /* a zone name or "any" */
        char *to;                 /* "device" or a zone name */
        unsigned protocols;       /* FW_PROTO_* */
        struct fw_port_range *ports;
        size_t n_ports;
        struct fw_prefix *sources;
        size_t n_sources;
        unsigned rate;            /* new connections per rate_unit; 0 = unlimited */
        char *rate_unit;          /* "second", "minute", "hour", "day" */
        bool log;
        bool island_safe;
        struct fw_loc loc;
};

struct fw_policy {
        /* [Device] */
        bool dhcp_client;         /* false closes UDP 68 (and 546 for DHCPv6) */
        bool block_p2p;           /* drop the person-to-person ports of p2p-ports.h */
        bool icmp_essential;      /* ICMP errors and IPv6 neighbour discovery */
        bool log_drops;

        struct fw_zone *zones;    /* sorted by name */
        size_t n_zones;
        struct fw_conduit *conduits; /* sorted by name */
        size_t n_conduits;
        size_t conduits_cap;      /* allocated */

        char **files;             /* the files read, in order */
        size_t *conduit_slots;    /* hash index of conduit names while parsing (policy.c) */
        size_t conduit_slots_cap;
};

struct fw_policy *fw_policy_new(void);
void fw_policy_free(struct fw_policy *p);
static inline void fw_policy_freep(struct fw_policy **p) { fw_policy_free(*p); }

/*
 * Parses one file's bytes into p (merging with what earlier files set).
 * filename is used only in diagnostics. Problems are appended to diags;
 * returns 0, or -EBADMSG when this file had errors.
 */
int fw_policy_parse_buffer(struct fw_policy *p, const char *filename, const char *buf, size_t len, struct fw_diags *diags);

/*
 * Checks the merged policy (zones referenced by conduits exist, interfaces
 * belong to one zone, conduits do not open ports the device section closes)
 * and sorts it into its canonical order. Returns 0 or -EBADMSG with diags.
 */
int fw_policy_finish(struct fw_policy *p, struct fw_diags *diags);

/*
 * Reads main_path (required) and the *.conf files of dropin_dir (optional,
 * missing is fine) in name order through src, with the shared drop-in
 * loader (src/parsers/conf-dropins.h: a drop-in linked to /dev/null is
 * masked, any other non-regular one an error), parses and finishes them. On
 * success the caller owns *ret; on -EBADMSG diags say why, other -errno are
 * I/O errors (also described in diags). The firewall verbs read the host
 * (fw_policy_load()); the assessment reads the target's root through the
 * same function, so both always see the same policy.
 */
int fw_policy_load_from(const struct file_source *src, const char *main_path, const char *dropin_dir,
                        struct fw_policy **ret, struct fw_diags *diags);
/* fw_policy_load_from() on the host's files. */
int fw_policy_load(const char *main_path, const char *dropin_dir, struct fw_policy **ret, struct fw_diags *diags);

const struct fw_zone *fw_policy_zone(const struct fw_policy *p, const char *name);

/* Parses "10.0.0.0/24", "fd00::/64" or a single address; -EDOM when host bits are set. */
int fw_prefix_parse(const char *s, struct fw_prefix *ret);
/* "10.0.0.0/24", "fd00::/64", "10.0.0.5" for a host prefix. buf must hold 64 bytes. */
const char *fw_prefix_to_string(const struct fw_prefix *pr, char buf[static 64]);
bool fw_prefix_contains(const struct fw_prefix *outer, const struct fw_prefix *inner);

#define FW_DEFAULT_POLICY "/etc/bulwark/policy.conf"
#define FW_DEFAULT_DROPIN "/etc/bulwark/policy.d"
#define FW_DEFAULT_STATE_DIR "/var/lib/bulwark/firewall"
