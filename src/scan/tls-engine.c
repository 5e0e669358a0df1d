/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The connection engine of the TLS scanner: non-blocking connections, one
 * probe each, polled together; finished probes go back to the planner
 * through the consume callback (tls-engine.h).
 */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <sys/socket.h>

#include "macro.h"
#include "tls-engine.h"
#include "tls-internal.h"

struct conn {
        int fd;
        bool connected;
        struct probe *probe;
        void *job;            /* the planner's handle for the probe */
        uint8_t *out;
        size_t out_len, out_off;
        struct tls_reader rd;
        uint64_t deadline;
        uint64_t started;
        bool got_hello;
};

void probe_fail(struct probe *p, enum probe_outcome outcome, int err, const char *fmt, ...)
{
        va_list ap;

        p->outcome = outcome;
        p->error = err;
        va_start(ap, fmt);
        vsnprintf(p->message, sizeof(p->message), fmt, ap);
        va_end(ap);
}

static int conn_start(const struct tls_engine *s, struct conn *c, struct probe *p, void *job)
{
        p->n_offered = p->shape.split ? MIN(p->n_suites, (size_t) TLS_HELLO_SPLIT_SUITES) : p->n_suites;

        struct tls_hello_params hp = {
                .version = p->version,
                .suites = p->suites, .n_suites = p->n_offered,
                .groups = p->groups, .n_groups = p->n_groups,
                .sigalgs = p->sigalgs, .n_sigalgs = p->n_sigalgs,
                .shares = p->with_shares ? s->shares : NULL, .n_shares = p->with_shares ? s->n_shares : 0,
                .sni = s->sni,
                .no_extensions = p->no_extensions,
                .minimal_extensions = p->shape.minimal,
                .heartbeat = p->heartbeat && !p->shape.minimal,
                .no_status_request = p->shape.no_status_request,
                .offer_deflate = p->offer_deflate,
        };
        int k;

        *c = (struct conn){ .fd = -1, .probe = p, .job = job };
        p->running = true;
        k = tls_build_client_hello(&hp, &c->out, &c->out_len);
        if (k < 0) {
                probe_fail(p, PROBE_ERROR, k, "cannot build ClientHello: %s", strerror(-k));
                return k;
        }
        tls_reader_init(&c->rd, p->until == READ_HELLO ? 64 * 1024 : TLS_HANDSHAKE_MAX);
        c->fd = socket(s->addr->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
        if (c->fd < 0) {
                k = negative_errno();
                probe_fail(p, PROBE_ERROR, k, "socket: %s", strerror(-k));
                return k;
        }
        (void) setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, sizeof(int));
        (*s->connections)++;
        c->started = now_us();
        c->deadline = MIN(now_us() + (uint64_t) s->conn_timeout_ms * 1000u, s->deadline);
        if (connect(c->fd, (const struct sockaddr *) s->addr, s->addr_len) < 0 && errno != EINPROGRESS) {
                k = negative_errno();
                probe_fail(p, PROBE_ERROR, k, "connect: %s", strerror(-k));
                return k;
        }
        return 0;
}

static void conn_close(struct conn *c)
{
        if (c->fd >= 0)
                close(c->fd);
        c->fd = -1;
        free(c->out);
        c->out = NULL;
        tls_reader_done(&c->rd);
}

/* Processes what the reader holds; returns 1 when the probe is finished. */
static int conn_consume(struct conn *c)
{
        struct probe *p = c->probe;
        struct tls_event ev;
        int k;

        /* Bounded by the bytes buffered: each event consumes some. */
        while ((k = tls_reader_next(&c->rd, &ev)) > 0) {
                if (ev.kind == TLS_EVENT_ALERT) {
                        if (c->got_hello) {
                                /* An alert after the hello (e.g. no shared signature scheme): keep the hello. */
                                return 1;
                        }
                        p->outcome = PROBE_ALERT;
                        p->alert = ev.alert_desc;
                        return 1;
                }
                if (!c->got_hello) {
                        if (ev.hs_type != TLS_HS_SERVER_HELLO) {
                                probe_fail(p, PROBE_ERROR, -EPROTO, "expected ServerHello, got handshake message type %u", ev.hs_type);
                                return 1;
                        }
                        k = tls_parse_server_hello(ev.body, ev.body_len, &p->sh);
                        if (k < 0) {
                                probe_fail(p, PROBE_ERROR, k, "malformed ServerHello (%zu bytes)", ev.body_len);
                                return 1;
                        }
                        c->got_hello = true;
                        p->outcome = PROBE_HELLO;
                        /* TLS 1.3 encrypts everything after the hello; the older ones we may read on. */
                        if (p->until == READ_HELLO || p->sh.version == TLS_VERSION_TLS13 || p->sh.hello_retry)
                                return 1;
                        continue;
                }
                switch (ev.hs_type) {
                case TLS_HS_CERTIFICATE:
                        if ((p->until == READ_FLIGHT || p->want_cert) && !p->cert_msg) {
                                p->cert_msg = xreallocarray(NULL, MAX(ev.body_len, 1), 1);
                                memcpy(p->cert_msg, ev.body, ev.body_len);
                                p->cert_msg_len = ev.body_len;
                        }
                        break;
                case TLS_HS_SERVER_KEY_EXCHANGE: {
                        enum tls_kex_kind kind = tls_suite_kex(p->sh.suite);
                        if (kind != TLS_KEX_OTHER &&
                            tls_parse_server_key_exchange(ev.body, ev.body_len, kind, !tls_suite_signed(p->sh.suite),
                                                          p->sh.version, &p->ske) >= 0)
                                p->have_ske = true;
                        if (p->until == READ_KEX)
                                return 1;
                        break;
                }
                case TLS_HS_CERTIFICATE_STATUS:
                        p->cert_status = true;
                        break;
                case TLS_HS_SERVER_HELLO_DONE:
                        return 1;
                default:
                        break;
                }
        }
        if (k < 0) {
                if (c->got_hello) {
                        /* The hello stands; what broke after it is reported, not fatal. */
                        snprintf(p->flight_error, sizeof(p->flight_error), "%s", c->rd.error);
                        return 1;
                }
                probe_fail(p, PROBE_ERROR, k, "%s", c->rd.error);
                return 1;
        }
        return 0;
}

/* Handles poll events; returns 1 when the probe is finished. */
static int conn_io(const struct tls_engine *s, struct conn *c, short revents)
{
        struct probe *p = c->probe;
        uint8_t buf[16384];
        ssize_t n;

        if (!c->connected) {
                int err = 0;
                socklen_t len = sizeof(err);
                if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
                        err = errno;
                if (err != 0) {
                        probe_fail(p, PROBE_ERROR, -err, "connect: %s", strerror(err));
                        return 1;
                }
                if (!(revents & (POLLOUT | POLLIN | POLLHUP | POLLERR)))
                        return 0;
                c->connected = true;
                /*
                 * A connect that took a SYN retransmission (the kernel's first is
                 * after 1 s) means the server's accept queue overflowed: small
                 * backlogs are common on embedded servers and gnutls-serv. Fewer
                 * connections at once cost less than waiting for retransmissions.
                 */
                if (now_us() - c->started > 500000u && *s->parallel > 2)
                        *s->parallel /= 2;
                if (s->starttls != TLS_STARTTLS_NONE) {
                        /* The plaintext exchange, within this connection's time; the hello follows. */
                        _cleanup_free_ char *e = NULL;
                        int k = tls_starttls_preamble(c->fd, s->starttls, s->starttls_domain, c->deadline / 1000u, &e);
                        if (k < 0) {
                                probe_fail(p, PROBE_ERROR, k, "%s", e ? e : strerror(-k));
                                return 1;
                        }
                        revents |= POLLOUT;
                }
        }
        if (c->out_off < c->out_len && (revents & (POLLOUT | POLLERR | POLLHUP))) {
                n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);
                if (n < 0 && errno != EAGAIN && errno != EINTR) {
                        probe_fail(p, PROBE_ERROR, -errno, "sending ClientHello: %s", strerror(errno));
                        return 1;
                }
                if (n > 0)
                        c->out_off += (size_t) n;
        }
        if (!(revents & (POLLIN | POLLHUP | POLLERR)))
                return 0;
        n = recv(c->fd, buf, sizeof(buf), 0);
        if (n < 0) {
                if (errno == EAGAIN || errno == EINTR)
                        return 0;
                if (c->got_hello)
                        return 1;
                probe_fail(p, PROBE_ERROR, -errno, "%s after %s", strerror(errno),
                           c->rd.record_version || c->rd.raw_len ? "a partial answer" : "the ClientHello");
                return 1;
        }
        if (n == 0) {
                if (c->got_hello)
                        return 1;
                if (c->rd.raw_len > 0 || c->rd.hs_len > 0)
                        probe_fail(p, PROBE_ERROR, -EBADMSG, "connection closed in the middle of a record (truncated answer)");
                else
                        p->outcome = PROBE_CLOSED;
                return 1;
        }
        if (tls_reader_feed(&c->rd, buf, (size_t) n) < 0) {
                probe_fail(p, PROBE_ERROR, -E2BIG, "%s", c->rd.error);
                return 1;
        }
        return conn_consume(c);
}

void tls_engine_run(const struct tls_engine *s)
{
        unsigned max = s->max_parallel;

        if (*s->parallel == 0 || *s->parallel > max)
                *s->parallel = max;
        _cleanup_free_ struct conn *conns = xreallocarray(NULL, max, sizeof(struct conn));
        _cleanup_free_ struct pollfd *pfds = xreallocarray(NULL, max, sizeof(struct pollfd));
        size_t n_conns = 0;

        /* Every iteration either starts, finishes or times out a connection, or waits for one. */
        for (;;) {
                uint64_t now = now_us();

                while (n_conns < *s->parallel) {
                        void *job = NULL;
                        struct probe *p = s->ops->next(s->userdata, &job);

                        if (!p)
                                break;
                        if (now >= s->deadline) {
                                probe_fail(p, PROBE_TIMEOUT, -ETIMEDOUT, "overall scan time limit reached");
                                s->ops->consume(s->userdata, job, p, false);
                                continue;
                        }
                        if (conn_start(s, &conns[n_conns], p, job) < 0) {
                                conn_close(&conns[n_conns]);
                                p->running = false;
                                s->ops->consume(s->userdata, job, p, false);
                                if (s->ops->hopeless(s->userdata))
                                        break; /* nothing will connect; let the rest time out quickly */
                                continue;
                        }
                        n_conns++;
                }
                if (n_conns == 0) {
                        void *job = NULL;
                        if (!s->ops->next(s->userdata, &job))
                                break;
                        if (s->ops->hopeless(s->userdata)) {
                                s->ops->abandon(s->userdata);
                                break;
                        }
                        continue;
                }

                uint64_t wake = s->deadline;
                for (size_t i = 0; i < n_conns; i++) {
                        wake = MIN(wake, conns[i].deadline);
                        pfds[i] = (struct pollfd){
                                .fd = conns[i].fd,
                                .events = POLLIN | (conns[i].out_off < conns[i].out_len || !conns[i].connected ? POLLOUT : 0),
                        };
                }
                now = now_us();
                int timeout = wake > now ? (int) MIN((wake - now + 999) / 1000, 60000u) : 0;
                int r = poll(pfds, n_conns, timeout);
                if (r < 0 && errno != EINTR)
                        break;
                now = now_us();

                for (size_t i = 0; i < n_conns;) {
                        struct conn *c = &conns[i];
                        int fin = 0;

                        if (r > 0 && pfds[i].revents)
                                fin = conn_io(s, c, pfds[i].revents);
                        if (!fin && now >= c->deadline) {
                                bool overall = c->deadline >= s->deadline;
                                probe_fail(c->probe, PROBE_TIMEOUT, -ETIMEDOUT,
                                           "no complete answer within %s%u ms (%s)",
                                           overall ? "the scan's time limit of " : "",
                                           overall ? s->total_timeout_ms : s->conn_timeout_ms,
                                           !c->connected ? "connecting" :
                                           c->rd.record_version || c->rd.raw_len ? "server sends too slowly" :
                                           "server silent");
                                fin = 1;
                        }
                        if (!fin) {
                                i++;
                                continue;
                        }
                        struct probe *p = c->probe;
                        void *job = c->job;
                        conn_close(c);
                        p->running = false;
                        s->ops->consume(s->userdata, job, p, true);
                        /* Keep conns and pfds aligned: move the last one into this slot. */
                        conns[i] = conns[n_conns - 1];
                        pfds[i] = pfds[n_conns - 1];
                        n_conns--;
                }
        }
        for (size_t i = 0; i < n_conns; i++)
                conn_close(&conns[i]);
}
