/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The TLS scanner's connection engine (tls-engine.c), not a public API: it
 * runs probes (one ClientHello each, on its own non-blocking connection, read
 * as far as the probe asks) a few at once under per-connection and overall
 * deadlines, and hands each finished probe back. What to probe and what an
 * answer means is the planner's (tls-scan.c): the engine knows nothing of
 * tasks and asks the planner through tls_engine_ops. This is the seam a later
 * shared engine for ssh-scan and endpoint-probe grows from.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

#include "macro.h"
#include "tls-proto.h"
#include "tls-types.h"

static inline uint64_t now_us(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000000u + (uint64_t) ts.tv_nsec / 1000u;
}

enum probe_outcome {
        PROBE_PENDING,
        PROBE_HELLO,     /* ServerHello or HelloRetryRequest */
        PROBE_ALERT,
        PROBE_CLOSED,    /* EOF before any answer */
        PROBE_TIMEOUT,
        PROBE_ERROR,
};

enum read_until {
        READ_HELLO,      /* stop at ServerHello */
        READ_KEX,        /* stop at ServerKeyExchange or ServerHelloDone */
        READ_FLIGHT,     /* stop at ServerHelloDone: Certificate, SKE, CertificateStatus */
};

struct probe {
        uint16_t version;
        uint16_t *suites;
        size_t n_suites;
        const uint16_t *groups;
        size_t n_groups;
        const uint16_t *sigalgs;
        size_t n_sigalgs;
        bool with_shares;
        bool no_extensions;
        bool offer_deflate;
        bool want_cert;               /* keep the Certificate message even when not reading the whole flight */
        bool heartbeat;               /* offer the heartbeat extension (the first flight: does the server have it?) */
        enum read_until until;
        struct tls_hello_shape shape; /* set when the hello is built: the task's, the scan's, or a retry's */
        bool retried;                 /* shape changed after a refusal of this very probe */
        size_t n_offered;             /* suites really offered: the first n_offered of suites */

        bool running;                 /* the engine has it on a connection */
        enum probe_outcome outcome;
        struct tls_server_hello sh;
        uint8_t alert;
        bool have_ske;
        struct tls_server_key_exchange ske;
        bool cert_status;
        uint8_t *cert_msg;
        size_t cert_msg_len;
        int error;
        char message[200];
        char flight_error[200]; /* what went wrong after a good ServerHello */
};

_printf_(4, 5) void probe_fail(struct probe *p, enum probe_outcome outcome, int err, const char *fmt, ...);

struct tls_engine_ops {
        /*
         * The next probe to start (not running), with the planner's handle for
         * it in *ret_job; NULL when none waits. Its hello shape is final.
         */
        struct probe *(*next)(void *userdata, void **ret_job);
        /*
         * p finished (an answer, an alert, a close, a timeout or an error in
         * p->outcome); the planner runs it again, replaces it or frees it.
         * connected: it ran on a connection (false: it timed out waiting for
         * one, or the connection could not be started).
         */
        void (*consume)(void *userdata, void *job, struct probe *p, bool connected);
        /* Whether nothing will connect (refused, unreachable): the engine stops starting probes. */
        bool (*hopeless)(void *userdata);
        /* Called when the engine gives up on the probes still waiting because nothing will connect. */
        void (*abandon)(void *userdata);
};

struct tls_engine {
        const struct sockaddr_storage *addr;
        socklen_t addr_len;
        const char *sni;                       /* in the hellos; NULL for none */
        const char *starttls_domain;           /* for the STARTTLS exchange */
        enum tls_starttls starttls;
        const struct tls_key_share *shares;    /* offered by probes with with_shares */
        size_t n_shares;
        unsigned conn_timeout_ms;
        unsigned total_timeout_ms;             /* only for messages: deadline is the limit */
        unsigned max_parallel;
        uint64_t deadline;                     /* now_us() time the scan ends */
        unsigned *parallel;                    /* in/out: connections at once, halved when the backlog overflows */
        unsigned *connections;                 /* incremented per TCP connection */
        const struct tls_engine_ops *ops;
        void *userdata;
};

/* Runs probes until the planner has none left, or the deadline. */
void tls_engine_run(const struct tls_engine *e);
