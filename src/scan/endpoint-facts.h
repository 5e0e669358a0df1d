/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Endpoint facts: what each listening TCP socket of the device speaks when
 * connected to over loopback, and, for TLS and SSH, what the scan saw.
 * Filled by collect_endpoints() (live only), read by the checks in
 * checks-endpoints.c, which judge the scans by the run's crypto policy
 * (tls_scan_result_judge(), ssh_scan_result_judge()): facts hold no verdict.
 */

#include <jansson.h>
#include <stdint.h>

#include "ssh-scan.h"
#include "tls-scan.h"

enum endpoint_proto {
        ENDPOINT_UNKNOWN,    /* silent and not TLS, or binary data: cannot tell */
        ENDPOINT_SSH,
        ENDPOINT_TLS,
        ENDPOINT_PLAINTEXT,  /* greets in readable text (FTP, SMTP, POP3, telnet ...) */
        _ENDPOINT_PROTO_MAX,
};

const char *endpoint_proto_to_string(enum endpoint_proto p);

struct endpoint {
        int family;            /* AF_INET, AF_INET6 */
        char addr[64];         /* bound address as listed, e.g. "0.0.0.0", "::", "192.0.2.1" */
        uint16_t port;
        char *process;         /* comm of the owner, when known */
        char *target;          /* what was connected to, e.g. "127.0.0.1:22", "[::1]:443" */
        bool loopback_only;    /* bound to a loopback address: not reachable from the network */
        enum endpoint_proto proto;
        char *greeting;        /* PLAINTEXT: the first line it sent, sanitised (also kept for STARTTLS) */
        const char *starttls;  /* TLS reached with STARTTLS ("smtp", ...), or NULL */
        bool no_starttls;      /* PLAINTEXT: speaks a STARTTLS protocol but does not offer it */
        struct ssh_scan_result *ssh;  /* SSH: what the scan saw, not yet judged */
        struct tls_scan_result *tls;  /* TLS: likewise */
        int err;               /* 0, or -errno when the probe or scan failed */
        char *error;           /* what failed, for people */
};

struct endpoint_facts {
        struct endpoint *v;
        size_t n;
        int err;               /* -ENODATA offline or with --no-probe; other -errno: could not probe */
        char *reason;          /* why there are no endpoints ("offline: no endpoints probed") or what failed */
        size_t skipped;        /* listening sockets over the probe limit */
};

void endpoint_facts_free(struct endpoint_facts *e);

struct endpoint_probe_options {
        unsigned greeting_ms;      /* how long to wait for a server-first protocol; 0: 700 */
        unsigned conn_timeout_ms;  /* per connection; 0: 3000 */
        unsigned ssh_total_ms;     /* 0: 10000 */
        unsigned tls_total_ms;     /* 0: 30000 */
};

/*
 * Connects to e->target's host:port (numeric), recognises the protocol by
 * what the server does (an SSH identification; a readable greeting; silence
 * followed by a TLS answer to a ClientHello) and scans TLS and SSH endpoints.
 * Fills e->proto, greeting, ssh or tls, err, error; judges nothing.
 * Returns 0, or -errno when the endpoint could not be reached at all (also
 * recorded in e).
 */
int endpoint_probe(struct endpoint *e, const char *host, uint16_t port, const struct endpoint_probe_options *o);
