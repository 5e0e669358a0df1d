/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <sys/socket.h>

#include "macro.h"
#include "sock-io.h"
#include "time-util.h"

int fd_wait_until(int fd, short events, uint64_t deadline_ms)
{
        struct pollfd p = { .fd = fd, .events = events };

        /* Bounded: every round either returns or sleeps toward the deadline (EINTR aside). */
        for (;;) {
                uint64_t now = now_ms();
                int k;

                if (now >= deadline_ms)
                        return -ETIMEDOUT;
                k = poll(&p, 1, (int) MIN(deadline_ms - now, 60000u));
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0)
                        return negative_errno();
                if (k > 0)
                        return 0;
        }
}

int sock_send_all(int fd, const void *buf, size_t len, uint64_t deadline_ms)
{
        const uint8_t *p = buf;

        for (size_t off = 0; off < len;) {
                ssize_t w = send(fd, p + off, len - off, MSG_NOSIGNAL);

                if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
                        int k = fd_wait_until(fd, POLLOUT, deadline_ms);
                        if (k < 0)
                                return k;
                        continue;
                }
                if (w < 0)
                        return negative_errno();
                off += (size_t) w;
        }
        return 0;
}

ssize_t sock_recv_some(int fd, void *buf, size_t cap, uint64_t deadline_ms)
{
        for (;;) {
                int k = fd_wait_until(fd, POLLIN, deadline_ms);
                ssize_t r;

                if (k < 0)
                        return k;
                r = recv(fd, buf, cap, 0);
                if (r < 0 && (errno == EAGAIN || errno == EINTR))
                        continue;
                if (r < 0)
                        return negative_errno();
                return r == 0 ? -ECONNRESET : r;
        }
}

int sock_recv_exact(int fd, void *buf, size_t len, uint64_t deadline_ms)
{
        uint8_t *p = buf;

        for (size_t off = 0; off < len;) {
                ssize_t r = sock_recv_some(fd, p + off, len - off, deadline_ms);
                if (r < 0)
                        return (int) r;
                off += (size_t) r;
        }
        return 0;
}
