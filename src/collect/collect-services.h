/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "facts.h"

/*
 * What services are configured to listen on, with whether what serves each
 * port starts at boot: socket units' Listen*=, inetd.conf and xinetd.d when an
 * inetd daemon starts, and the listeners of common servers (mosquitto,
 * nginx, apache2, lighttpd). Runs in the network collector, after units and
 * packages; fills f->services.
 */
void collect_services(struct facts *f);
void services_free(struct facts *f);

/*
 * A socket unit's ListenStream=/ListenDatagram= value as systemd.socket(5)
 * reads it: "PORT", "ADDR:PORT", "[ADDR6]:PORT" (with an optional %IFACE).
 * Returns 0 with *ret_port and *ret_addr (NULL for every address; caller
 * owns it), -EINVAL for a path, abstract or vsock socket or anything else.
 */
int socket_listen_parse(const char *v, char **ret_addr, uint16_t *ret_port);
