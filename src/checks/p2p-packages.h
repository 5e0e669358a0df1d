/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Debian packages that bring general-purpose person-to-person messaging (CR 5.3). */
struct p2p_package {
        const char *package;
        const char *what;
        /* The units that run it, for a server; NULL for a client, which exposes nothing and is judged by being installed. */
        const char *units[3];
};

/* Terminated by an entry with package == NULL. */
extern const struct p2p_package p2p_packages[];
