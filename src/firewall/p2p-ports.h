/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The maintained list of person-to-person messaging ports (CR 5.3 / NDR 5.3):
 * mail, news, chat, IRC, XMPP, SIP, Matrix. The firewall blocks them by
 * default, `firewall verify` probes them, and the assessment's CR 5.3 check
 * looks for listeners on them. One list, so the three never disagree.
 */

#include <stddef.h>
#include <stdint.h>

struct p2p_port {
        const char *service;  /* short name, e.g. "smtp" */
        uint8_t proto;        /* IPPROTO_TCP or IPPROTO_UDP */
        uint16_t port;
};

/* Sorted by port, then protocol; terminated by an entry with service == NULL. */
extern const struct p2p_port p2p_ports[];
extern const size_t p2p_ports_count;

/* The entry for proto/port, or NULL when it is not a person-to-person port. */
const struct p2p_port *p2p_port_find(uint8_t proto, uint16_t port);
