/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "macro.h"
#include "sock-io.h"
#include "time-util.h"
#include "tls-internal.h"
#include "tls-proto.h"

/*
 * Probes for weaknesses of an implementation rather than a choice of
 * algorithms, each on a connection of its own, blocking under a deadline.
 *
 * Heartbleed (CVE-2014-0160), safely: after the server's first flight, one
 * heartbeat request that claims 16384 bytes of payload and carries none,
 * then a well-formed one (1 byte of payload, 16 of padding). A patched
 * server drops the first (RFC 6520 4) and answers the second with a
 * 20-byte record; a vulnerable one answers the first with its own memory.
 * Only the record header is read: the leaked bytes are never read, kept or
 * shown.
 */

static int probe(int fd, const struct tls_hello_params *hp, enum tls_starttls st, const char *domain, uint64_t deadline,
                 char **ret_error)
{
        _cleanup_free_ uint8_t *hello = NULL;
        struct tls_server_hello sh = {};
        struct tls_reader rd;
        bool got_hello = false, done = false;
        size_t hello_len;
        int k;

        if ((k = fd_wait_until(fd, POLLOUT, deadline)) < 0)
                return k;
        if (st != TLS_STARTTLS_NONE && (k = tls_starttls_preamble(fd, st, domain, deadline, ret_error)) < 0)
                return k;
        if ((k = tls_build_client_hello(hp, &hello, &hello_len)) < 0 || (k = sock_send_all(fd, hello, hello_len, deadline)) < 0)
                return k;

        tls_reader_init(&rd, 64 * 1024);
        /* Bounded by the reader's cap: every round feeds bytes or ends. */
        while (!done) {
                uint8_t buf[16384];
                struct tls_event ev;
                ssize_t n;

                n = sock_recv_some(fd, buf, sizeof(buf), deadline);
                if (n < 0) {
                        k = (int) n;
                        goto out;
                }
                if ((k = tls_reader_feed(&rd, buf, (size_t) n)) < 0)
                        goto out;
                while ((k = tls_reader_next(&rd, &ev)) > 0) {
                        if (ev.kind == TLS_EVENT_ALERT) {
                                k = -EPROTO;
                                goto out;
                        }
                        if (!got_hello) {
                                if (ev.hs_type != TLS_HS_SERVER_HELLO || tls_parse_server_hello(ev.body, ev.body_len, &sh) < 0) {
                                        k = -EBADMSG;
                                        goto out;
                                }
                                got_hello = true;
                                if (!sh.ext_heartbeat) {
                                        k = 0; /* no heartbeats at all: nothing to bleed */
                                        goto out;
                                }
                        } else if (ev.hs_type == TLS_HS_SERVER_HELLO_DONE)
                                done = true;
                }
                if (k < 0)
                        goto out;
        }

        {
                uint8_t v1 = (uint8_t) (sh.version >> 8), v2 = (uint8_t) sh.version;
                uint8_t req[8 + 25] = { TLS_CT_HEARTBEAT, v1, v2, 0, 3, 1, 0x40, 0x00,
                                        TLS_CT_HEARTBEAT, v1, v2, 0, 20, 1, 0, 1, 'B' };
                uint8_t hdr[5];

                memset(req + 17, 'P', 16);
                if ((k = sock_send_all(fd, req, sizeof(req), deadline)) < 0)
                        goto out;
                /* The first record back decides; its body is not read. */
                if ((k = sock_recv_exact(fd, hdr, sizeof(hdr), deadline)) < 0) {
                        if (k == -ECONNRESET)
                                k = 0; /* closed on the malformed request: not answering it */
                        goto out;
                }
                if (hdr[0] == TLS_CT_HEARTBEAT)
                        k = ((size_t) hdr[3] << 8 | hdr[4]) > 64 ? 1 : 0;
                else
                        k = 0;
        }
out:
        tls_reader_done(&rd);
        if (k < 0 && ret_error && !*ret_error)
                *ret_error = xasprintf("%s", k == -ETIMEDOUT ? "no answer in time" : k == -EPROTO ? "the hello was refused" :
                                       strerror(-k));
        return k;
}

/*
 * SSLv2 (RFC 6176 forbids it): an SSL 2.0 CLIENT-HELLO offering the seven
 * SSL 2.0 cipher kinds; a SERVER-HELLO (message type 4) in an SSL 2.0 record
 * means the server speaks it. Returns 1, 0 (anything else: a TLS alert, a
 * close), -errno.
 */
/* Connects a non-blocking TCP socket to addr: the fd, or -errno. */
static int connect_to(const struct sockaddr_storage *addr, socklen_t addr_len)
{
        int fd = socket(addr->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

        if (fd < 0)
                return negative_errno();
        if (connect(fd, (const struct sockaddr *) addr, addr_len) < 0 && errno != EINPROGRESS) {
                int k = negative_errno();
                close(fd);
                return k;
        }
        return fd;
}

int tls_sslv2_probe_fd(int fd, enum tls_starttls st, const char *domain, uint64_t deadline, char **ret_error)
{
        static const uint8_t specs[] = { 0x01, 0x00, 0x80, 0x02, 0x00, 0x80, 0x03, 0x00, 0x80, 0x04, 0x00, 0x80,
                                         0x05, 0x00, 0x80, 0x06, 0x00, 0x40, 0x07, 0x00, 0xc0 };
        uint8_t hello[2 + 9 + sizeof(specs) + 16], hdr[3];
        size_t n = 0;
        int k;

        /* Record header (2 bytes, top bit set), CLIENT-HELLO, version 0.2, the lengths, specs, challenge. */
        hello[n++] = 0x80;
        hello[n++] = (uint8_t) (sizeof(hello) - 2);
        hello[n++] = 1;
        hello[n++] = 0x00;
        hello[n++] = 0x02;
        hello[n++] = 0;
        hello[n++] = (uint8_t) sizeof(specs);
        hello[n++] = 0;
        hello[n++] = 0;
        hello[n++] = 0;
        hello[n++] = 16;
        memcpy(hello + n, specs, sizeof(specs));
        n += sizeof(specs);
        memset(hello + n, 0x5a, 16);

        if ((k = fd_wait_until(fd, POLLOUT, deadline)) < 0)
                return k;
        if (st != TLS_STARTTLS_NONE && (k = tls_starttls_preamble(fd, st, domain, deadline, ret_error)) < 0)
                return k;
        if ((k = sock_send_all(fd, hello, sizeof(hello), deadline)) < 0)
                return k;
        k = sock_recv_exact(fd, hdr, sizeof(hdr), deadline);
        if (k == -ECONNRESET)
                return 0; /* closed on it: no SSLv2 */
        if (k < 0) {
                if (ret_error)
                        *ret_error = xstrdup(k == -ETIMEDOUT ? "no answer in time" : strerror(-k));
                return k;
        }
        /* A two-byte SSL 2.0 header with the top bit, then SERVER-HELLO. A TLS alert starts 0x15. */
        return (hdr[0] & 0x80) && hdr[2] == 4 ? 1 : 0;
}

int tls_sslv2_probe(const struct sockaddr_storage *addr, socklen_t addr_len, enum tls_starttls st, const char *domain,
                    unsigned timeout_ms, char **ret_error)
{
        uint64_t deadline = now_ms() + timeout_ms;
        _cleanup_close_ int fd = connect_to(addr, addr_len);

        if (fd < 0)
                return fd;
        return tls_sslv2_probe_fd(fd, st, domain, deadline, ret_error);
}

int tls_heartbleed_probe_fd(int fd, const char *sni, enum tls_starttls st, uint16_t version, const uint16_t *suites,
                            size_t n_suites, uint64_t deadline, char **ret_error)
{
        static const uint16_t groups[] = { 0x001d, 0x0017, 0x0018, 0x0019 };
        static const uint16_t sigalgs[] = { 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0403, 0x0503, 0x0603, 0x0201, 0x0203 };
        struct tls_hello_params hp = {
                .version = version, .suites = suites, .n_suites = n_suites,
                .groups = groups, .n_groups = ARRAY_SIZE(groups),
                .sigalgs = sigalgs, .n_sigalgs = ARRAY_SIZE(sigalgs),
                .sni = sni, .heartbeat = true,
        };

        return probe(fd, &hp, st, sni, deadline, ret_error);
}

int tls_heartbleed_probe(const struct sockaddr_storage *addr, socklen_t addr_len, const char *sni, enum tls_starttls st,
                         uint16_t version, const uint16_t *suites, size_t n_suites, unsigned timeout_ms, char **ret_error)
{
        uint64_t deadline = now_ms() + timeout_ms;
        _cleanup_close_ int fd = connect_to(addr, addr_len);

        if (fd < 0)
                return fd;
        return tls_heartbleed_probe_fd(fd, sni, st, version, suites, n_suites, deadline, ret_error);
}
