/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Network configuration formats, as the programs that read them at boot
 * understand them: systemd-networkd's DHCP= and ifupdown's interfaces(5).
 * Bytes in, values out, no I/O.
 */

#include <stdbool.h>
#include <stddef.h>

enum {
        NETWORKD_DHCP_NO   = 0,
        NETWORKD_DHCP_IPV4 = 1 << 0,
        NETWORKD_DHCP_IPV6 = 1 << 1,
        NETWORKD_DHCP_YES  = NETWORKD_DHCP_IPV4 | NETWORKD_DHCP_IPV6,
};

/*
 * A value of [Network] DHCP= as systemd-networkd reads it (config_parse_dhcp):
 * first parse_boolean() (1 yes y true t on / 0 no n false f off, any case) for
 * both families or none, then "yes" "no" "ipv4" "ipv6", then the deprecated
 * "both" "none" "v4" "v6". Returns the NETWORKD_DHCP_* bits, or -EINVAL for a
 * value networkd ignores (the earlier assignment then stays in effect).
 */
int networkd_dhcp_value(const char *v);

/* The boolean spellings systemd's parse_boolean() accepts: 1, 0, or -EINVAL. */
int systemd_parse_boolean(const char *v);

/* What one interfaces(5) file says, for the DHCP question. The caller owns it (ifupdown_conf_done()). */
struct ifupdown_conf {
        char **auto_ifaces;     /* "auto" and "allow-auto": brought up by ifup -a (networking.service) */
        char **hotplug_ifaces;  /* "allow-hotplug": brought up by udev (ifup@.service) when the device appears */
        char **dhcp_ifaces;     /* "iface NAME inet dhcp" or "inet bootp": a DHCPv4 client on UDP 68 */
        char **dhcp_lines;      /* the same stanzas' lines, for evidence */
        char **sources;         /* "source PATTERN" in order */
        char **source_dirs;     /* "source-directory PATTERN" in order */
        bool mapping;           /* a "mapping" stanza: logical names chosen by a script at run time */
};

/*
 * Parses an interfaces(5) file: '#' comment lines, backslash continuation,
 * stanzas "iface", "auto"/"allow-auto", "allow-hotplug", "mapping",
 * "source", "source-directory". Appends to *ret (so a caller can merge a file
 * and its includes); on failure *ret keeps what it had. -E2BIG past
 * PARSE_MAX_ITEMS names.
 */
int ifupdown_parse(const char *buf, size_t len, struct ifupdown_conf *ret);
void ifupdown_conf_done(struct ifupdown_conf *c);

/* Whether ifupdown's source-directory takes this file name: ^[a-zA-Z0-9_-]+$ (interfaces(5)). */
bool ifupdown_dir_name_ok(const char *name);
