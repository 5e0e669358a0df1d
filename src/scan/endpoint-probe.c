/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>

#include "endpoint-facts.h"
#include "macro.h"
#include "ssh-scan.h"
#include "time-util.h"
#include "tls-scan.h"

#define GREETING_MAX 512

const char *endpoint_proto_to_string(enum endpoint_proto p)
{
        static const char *const names[_ENDPOINT_PROTO_MAX] = {
                [ENDPOINT_UNKNOWN] = "unknown",
                [ENDPOINT_SSH] = "ssh",
                [ENDPOINT_TLS] = "tls",
                [ENDPOINT_PLAINTEXT] = "plaintext",
        };
        return p < _ENDPOINT_PROTO_MAX ? names[p] : "unknown";
}

void endpoint_facts_free(struct endpoint_facts *e)
{
        if (!e)
                return;
        for (size_t i = 0; i < e->n; i++) {
                free(e->v[i].process);
                free(e->v[i].target);
                free(e->v[i].greeting);
                free(e->v[i].error);
                ssh_scan_result_free(e->v[i].ssh);
                tls_scan_result_free(e->v[i].tls);
        }
        free(e->v);
        free(e->reason);
        free(e);
}

/*
 * Connects and collects what the server sends by itself within greeting_ms
 * (at most GREETING_MAX bytes). *ret_len 0: it stayed silent.
 */
static int read_greeting(const char *host, uint16_t port, unsigned conn_ms, unsigned greeting_ms, const char *request,
                         uint8_t buf[static GREETING_MAX], size_t *ret_len)
{
        struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV };
        struct addrinfo *ai = NULL;
        _cleanup_close_ int fd = -1;
        char portstr[8];
        uint64_t deadline;
        size_t len = 0;
        int k, err = 0;
        socklen_t l = sizeof(err);

        snprintf(portstr, sizeof(portstr), "%u", port);
        if (getaddrinfo(host, portstr, &hints, &ai) != 0)
                return -EADDRNOTAVAIL;
        fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
                freeaddrinfo(ai);
                return negative_errno();
        }
        k = connect(fd, ai->ai_addr, ai->ai_addrlen);
        freeaddrinfo(ai);
        if (k < 0 && errno != EINPROGRESS)
                return negative_errno();
        if (k < 0) {
                struct pollfd p = { .fd = fd, .events = POLLOUT };
                k = poll(&p, 1, (int) conn_ms);
                if (k == 0)
                        return -ETIMEDOUT;
                if (k < 0)
                        return negative_errno();
                if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &l) < 0)
                        return negative_errno();
                if (err)
                        return -err;
        }
        if (request && send(fd, request, strlen(request), MSG_NOSIGNAL) < 0)
                return negative_errno();
        deadline = now_ms() + greeting_ms;
        /* Bounded: each round either reads a byte or waits until the deadline. */
        while (len < GREETING_MAX) {
                struct pollfd p = { .fd = fd, .events = POLLIN };
                uint64_t now = now_ms();
                ssize_t n;

                if (now >= deadline)
                        break;
                k = poll(&p, 1, (int) (deadline - now));
                if (k < 0 && errno == EINTR)
                        continue;
                if (k <= 0)
                        break;
                n = recv(fd, buf + len, GREETING_MAX - len, 0);
                if (n <= 0)
                        break;
                len += (size_t) n;
                /* A full first line is enough to decide. */
                if (memchr(buf, '\n', len))
                        break;
        }
        *ret_len = len;
        return 0;
}

static bool readable_text(const uint8_t *p, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (!(p[i] == '\r' || p[i] == '\n' || p[i] == '\t' || (p[i] >= 0x20 && p[i] < 0x7f)))
                        return false;
        return true;
}

static char *first_line(const uint8_t *p, size_t n)
{
        size_t l = 0;
        char *s;

        while (l < n && l < 160 && p[l] != '\r' && p[l] != '\n')
                l++;
        s = xmalloc0(l + 1);
        for (size_t i = 0; i < l; i++)
                s[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char) p[i] : '?';
        return s;
}

/* Telnet servers open with option negotiation: IAC (255) and a command. */
static bool telnet_negotiation(const uint8_t *p, size_t n)
{
        return n >= 3 && p[0] == 0xff && p[1] >= 0xfb && p[1] <= 0xfe;
}

/*
 * Which STARTTLS a plaintext greeting invites: by what it says (an ESMTP or
 * FTP 220, IMAP's "* OK", POP3's "+OK"), else by the well-known port.
 */
static enum tls_starttls starttls_for(const char *line, uint16_t port)
{
        if (startswith(line, "* OK"))
                return TLS_STARTTLS_IMAP;
        if (startswith(line, "+OK"))
                return TLS_STARTTLS_POP3;
        if (startswith(line, "220")) {
                if (strcasestr(line, "SMTP") || port == 25 || port == 587)
                        return TLS_STARTTLS_SMTP;
                if (strcasestr(line, "FTP") || port == 21)
                        return TLS_STARTTLS_FTP;
        }
        return TLS_STARTTLS_NONE;
}

/* One connection that goes as far as STARTTLS's go-ahead, so a server that never gives it costs one timeout, not a scan's. */
static int starttls_offered(const char *host, uint16_t port, enum tls_starttls st, unsigned timeout_ms, char **ret_error)
{
        struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV };
        struct addrinfo *ai = NULL;
        _cleanup_close_ int fd = -1;
        char portstr[8];
        int k;

        snprintf(portstr, sizeof(portstr), "%u", port);
        if (getaddrinfo(host, portstr, &hints, &ai) != 0)
                return -EADDRNOTAVAIL;
        fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        k = fd < 0 ? negative_errno() : connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS ? negative_errno() : 0;
        freeaddrinfo(ai);
        if (k < 0)
                return k;
        return tls_starttls_preamble(fd, st, host, now_ms() + timeout_ms, ret_error);
}

static void set_error(struct endpoint *e, int err, char *msg)
{
        e->err = err;
        free(e->error);
        e->error = msg;
}

/*
 * Scans through STARTTLS: 0 with e a TLS endpoint, or -errno when the server
 * does not offer it (e->no_starttls) or it broke, recorded in e->error as
 * evidence but not as a failed probe.
 */
static int probe_starttls(struct endpoint *e, const char *host, uint16_t port, enum tls_starttls st,
                          const struct endpoint_probe_options *o)
{
        struct tls_scan_options to = {
                .host = host,
                .port = port,
                .conn_timeout_ms = o->conn_timeout_ms ?: 3000,
                .total_timeout_ms = o->tls_total_ms ?: 30000,
                .starttls = st,
        };
        _cleanup_(tls_scan_result_freep) struct tls_scan_result *r = NULL;
        _cleanup_free_ char *error = NULL, *nothing = NULL;
        int k;

        k = starttls_offered(host, port, st, o->conn_timeout_ms ?: 3000, &error);
        if (k >= 0)
                k = tls_scan(&to, &r, &error);
        if (k < 0) {
                e->no_starttls = k == -EPROTONOSUPPORT;
                set_error(e, k, xasprintf("%s STARTTLS on %s: %s", tls_starttls_to_string(st), e->target,
                                          error ? error : strerror(-k)));
                e->err = 0; /* the endpoint was probed; the error is the evidence */
                return k;
        }
        e->proto = ENDPOINT_TLS;
        e->starttls = tls_starttls_to_string(st);
        nothing = tls_scan_result_nothing_accepted(r);
        if (nothing)
                set_error(e, -EPROTO, xasprintf("TLS scan of %s (STARTTLS): %s", e->target, nothing));
        e->tls = TAKE_PTR(r);
        return 0;
}

int endpoint_probe(struct endpoint *e, const char *host, uint16_t port, const struct endpoint_probe_options *o)
{
        static const struct endpoint_probe_options defaults = {};
        uint8_t buf[GREETING_MAX];
        size_t len = 0;
        int k;

        if (!o)
                o = &defaults;
        k = read_greeting(host, port, o->conn_timeout_ms ?: 3000, o->greeting_ms ?: 700, NULL, buf, &len);
        if (k < 0) {
                set_error(e, k, xasprintf("cannot connect to %s: %s", e->target, strerror(-k)));
                return k;
        }

        if (len > 0 && (ssh_detect(buf, len) || memmem(buf, len, "\nSSH-", 5))) {
                struct ssh_scan_options so = {
                        .timeout_ms = o->conn_timeout_ms ?: 3000,
                        .total_timeout_ms = o->ssh_total_ms ?: 10000,
                };
                _cleanup_(ssh_scan_result_freep) struct ssh_scan_result *r = NULL;
                _cleanup_free_ char *portstr = xasprintf("%u", port), *error = NULL;

                e->proto = ENDPOINT_SSH;
                k = ssh_scan(host, portstr, &so, &r, &error);
                if (k < 0) {
                        set_error(e, k, xasprintf("SSH scan of %s failed: %s", e->target, error ? error : strerror(-k)));
                        return 0;
                }
                e->ssh = TAKE_PTR(r);
                return 0;
        }
        if (len > 0 && readable_text(buf, len)) {
                /* A mail or file transfer greeting: TLS may be one command away. */
                _cleanup_free_ char *line = first_line(buf, len);
                enum tls_starttls st = starttls_for(line, port);
                if (st != TLS_STARTTLS_NONE && probe_starttls(e, host, port, st, o) >= 0) {
                        e->greeting = TAKE_PTR(line);
                        return 0;
                }
        }
        /* A MySQL handshake packet (sequence 0, protocol 10) greets in binary; TLS follows an SSL request. */
        if (len >= 5 && buf[3] == 0 && buf[4] == 10 && probe_starttls(e, host, port, TLS_STARTTLS_MYSQL, o) >= 0)
                return 0;
        if (len > 0) {
                if (telnet_negotiation(buf, len)) {
                        e->proto = ENDPOINT_PLAINTEXT;
                        e->greeting = xstrdup("telnet option negotiation");
                } else if (readable_text(buf, len)) {
                        e->proto = ENDPOINT_PLAINTEXT;
                        e->greeting = first_line(buf, len);
                } else
                        e->proto = ENDPOINT_UNKNOWN;
                return 0;
        }

        /* Silent: the client speaks first. TLS is recognised by its answer to a ClientHello. */
        k = tls_detect(host, port, o->conn_timeout_ms ?: 3000);
        if (k < 0) {
                set_error(e, k, xasprintf("TLS detection on %s failed: %s", e->target, strerror(-k)));
                return 0;
        }
        if (k == 0) {
                /* Not TLS. Client-first protocols with a STARTTLS of their own, by their port. */
                enum tls_starttls st = port == 389 ? TLS_STARTTLS_LDAP : port == 5432 ? TLS_STARTTLS_POSTGRES :
                                       port == 5222 ? TLS_STARTTLS_XMPP : port == 5269 ? TLS_STARTTLS_XMPP_SERVER :
                                       TLS_STARTTLS_NONE;
                if (st != TLS_STARTTLS_NONE && probe_starttls(e, host, port, st, o) >= 0)
                        return 0;
                if (e->no_starttls) {
                        e->proto = ENDPOINT_PLAINTEXT;
                        e->greeting = xasprintf("%s without TLS", tls_starttls_to_string(st));
                        return 0;
                }
                /* Plain HTTP is the commonest client-first plaintext service: ask it. */
                e->proto = ENDPOINT_UNKNOWN;
                len = 0;
                if (read_greeting(host, port, o->conn_timeout_ms ?: 3000, o->greeting_ms ?: 700,
                                  "HEAD / HTTP/1.0\r\n\r\n", buf, &len) >= 0 &&
                    len >= 5 && memcmp(buf, "HTTP/", 5) == 0) {
                        e->proto = ENDPOINT_PLAINTEXT;
                        e->greeting = first_line(buf, len);
                }
                return 0;
        }
        e->proto = ENDPOINT_TLS;
        {
                struct tls_scan_options to = {
                        .host = host,
                        .port = port,
                        .conn_timeout_ms = o->conn_timeout_ms ?: 3000,
                        .total_timeout_ms = o->tls_total_ms ?: 30000,
                };
                _cleanup_(tls_scan_result_freep) struct tls_scan_result *r = NULL;
                _cleanup_free_ char *error = NULL;

                k = tls_scan(&to, &r, &error);
                if (k < 0) {
                        set_error(e, k, xasprintf("TLS scan of %s failed: %s", e->target, error ? error : strerror(-k)));
                        return 0;
                }
                /* It answers TLS but accepted nothing: there is nothing to judge, so it must not count as passing. */
                _cleanup_free_ char *nothing = tls_scan_result_nothing_accepted(r);
                if (nothing)
                        set_error(e, -EPROTO, xasprintf("TLS scan of %s: %s", e->target, nothing));
                e->tls = TAKE_PTR(r);
        }
        return 0;
}
