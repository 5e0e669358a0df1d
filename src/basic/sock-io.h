/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Blocking-style I/O on non-blocking sockets under one deadline: the
 * scanners' line protocols and raw probes. Deadlines are now_ms() values
 * (CLOCK_MONOTONIC milliseconds); every call returns -ETIMEDOUT once the
 * deadline has passed, whatever the peer does.
 */

#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Waits until fd is ready for events (POLLIN, POLLOUT): 0, -ETIMEDOUT or -errno. */
int fd_wait_until(int fd, short events, uint64_t deadline_ms);
/* Sends all of buf (MSG_NOSIGNAL: a peer that closed gives -EPIPE, not a signal). */
int sock_send_all(int fd, const void *buf, size_t len, uint64_t deadline_ms);
/* Receives what arrives, at most cap bytes, waiting for the first: the count, -ECONNRESET at the end of the stream, or -errno. */
ssize_t sock_recv_some(int fd, void *buf, size_t cap, uint64_t deadline_ms);
/* Receives exactly len bytes. */
int sock_recv_exact(int fd, void *buf, size_t len, uint64_t deadline_ms);
