/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for what the scanners read from a server over a
 * socket: the STARTTLS exchanges (SMTP, IMAP, POP3, FTP, LDAP, PostgreSQL,
 * MySQL, XMPP), the SSL 2.0 SERVER-HELLO and the heartbeat response. The
 * first byte picks the reader; the rest is what the server sends, written
 * into one end of a socket pair that is then shut for writing, so every
 * read ends at the input's end and no run waits for its deadline.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fdio.h"
#include "macro.h"
#include "starttls.h"
#include "time-util.h"
#include "tls-internal.h"
#include "tls-proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A socket pair's limit on what one end may hold unread; the harness does not write more. */
#define INPUT_MAX (64u * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const uint16_t suites[] = { 0xc02f, 0xc030, 0x009c, 0x002f };
        int sv[2], k = 0;
        char *error = NULL;
        uint8_t which;

        if (size < 1 || size - 1 > INPUT_MAX)
                return 0;
        which = data[0] % (_TLS_STARTTLS_MAX + 2);
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) < 0)
                abort();
        {
                int sz = (int) (2 * INPUT_MAX);
                (void) setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
                (void) setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
        }
        if (write_full(sv[1], data + 1, size - 1) < 0)
                goto out; /* more than the pair holds: not an input this harness takes */
        (void) shutdown(sv[1], SHUT_WR);

        /* Generous: with the input in place and the stream ended, no read waits. */
        uint64_t deadline = now_ms() + 2000;
        if (which >= TLS_STARTTLS_SMTP && which < _TLS_STARTTLS_MAX)
                k = tls_starttls_preamble(sv[0], (enum tls_starttls) which, "fuzz.example", deadline, &error);
        else if (which == _TLS_STARTTLS_MAX)
                k = tls_sslv2_probe_fd(sv[0], TLS_STARTTLS_NONE, NULL, deadline, &error);
        else
                k = tls_heartbleed_probe_fd(sv[0], "fuzz.example", TLS_STARTTLS_NONE, TLS_VERSION_TLS12, suites,
                                            ARRAY_SIZE(suites), deadline, &error);
        /* A run that had all its input must end on it, never wait out the deadline. */
        if (k == -ETIMEDOUT)
                abort();
out:
        free(error);
        close(sv[0]);
        close(sv[1]);
        return 0;
}
