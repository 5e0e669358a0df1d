/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <netinet/in.h>

#include "p2p-ports.h"

/*
 * IANA registrations of the messaging protocols a control network should
 * never carry. Kept sorted: the compiler emits them as one set and the
 * output must be the same bytes every time.
 */
const struct p2p_port p2p_ports[] = {
        { "smtp",        IPPROTO_TCP, 25 },
        { "pop3",        IPPROTO_TCP, 110 },
        { "nntp",        IPPROTO_TCP, 119 },
        { "imap",        IPPROTO_TCP, 143 },
        { "irc",         IPPROTO_TCP, 194 },
        { "smtps",       IPPROTO_TCP, 465 },
        { "nntps",       IPPROTO_TCP, 563 },
        { "submission",  IPPROTO_TCP, 587 },
        { "imaps",       IPPROTO_TCP, 993 },
        { "pop3s",       IPPROTO_TCP, 995 },
        { "sip",         IPPROTO_TCP, 5060 },
        { "sip",         IPPROTO_UDP, 5060 },
        { "sips",        IPPROTO_TCP, 5061 },
        { "xmpp-client", IPPROTO_TCP, 5222 },
        { "xmpps-client", IPPROTO_TCP, 5223 },
        { "xmpp-server", IPPROTO_TCP, 5269 },
        { "irc",         IPPROTO_TCP, 6667 },
        { "ircs",        IPPROTO_TCP, 6697 },
        { "matrix",      IPPROTO_TCP, 8448 },
        { NULL, 0, 0 },
};

const size_t p2p_ports_count = sizeof(p2p_ports) / sizeof(p2p_ports[0]) - 1;

const struct p2p_port *p2p_port_find(uint8_t proto, uint16_t port)
{
        for (size_t i = 0; i < p2p_ports_count; i++)
                if (p2p_ports[i].proto == proto && p2p_ports[i].port == port)
                        return &p2p_ports[i];
        return NULL;
}
