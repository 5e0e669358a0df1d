/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <poll.h>
#include <sys/socket.h>
#include <time.h>

#include "macro.h"
#include "sock-io.h"
#include "starttls.h"
#include "time-util.h"

#define LINE_MAX_BYTES 1024
#define TALK_MAX 8192

static const char *const names[_TLS_STARTTLS_MAX] = {
        [TLS_STARTTLS_NONE] = "none",
        [TLS_STARTTLS_SMTP] = "smtp",
        [TLS_STARTTLS_IMAP] = "imap",
        [TLS_STARTTLS_POP3] = "pop3",
        [TLS_STARTTLS_FTP] = "ftp",
        [TLS_STARTTLS_LDAP] = "ldap",
        [TLS_STARTTLS_POSTGRES] = "postgres",
        [TLS_STARTTLS_MYSQL] = "mysql",
        [TLS_STARTTLS_XMPP] = "xmpp",
        [TLS_STARTTLS_XMPP_SERVER] = "xmpp-server",
};

const char *tls_starttls_to_string(enum tls_starttls p)
{
        return p < _TLS_STARTTLS_MAX ? names[p] : "unknown";
}

int tls_starttls_from_string(const char *s, enum tls_starttls *ret)
{
        if (streq(s, "submission")) {
                *ret = TLS_STARTTLS_SMTP;
                return 0;
        }
        for (enum tls_starttls p = TLS_STARTTLS_SMTP; p < _TLS_STARTTLS_MAX; p++)
                if (streq(s, names[p])) {
                        *ret = p;
                        return 0;
                }
        return -EINVAL;
}

struct talk {
        int fd;
        uint64_t deadline;
        char buf[TALK_MAX + 1];
        size_t len, off;   /* bytes read, bytes consumed as lines */
        char line[LINE_MAX_BYTES + 1];
};

static int send_all(struct talk *t, const char *s)
{
        return sock_send_all(t->fd, s, strlen(s), t->deadline);
}

/* Appends what arrives to t->buf, at most up to TALK_MAX bytes in all (and at most max at once). */
static int receive(struct talk *t, size_t max)
{
        ssize_t r = sock_recv_some(t->fd, t->buf + t->len, MIN(max, TALK_MAX - t->len), t->deadline);

        if (r < 0)
                return (int) r;
        t->len += (size_t) r;
        return 0;
}

/* The next line without CR LF into t->line. */
static int read_line(struct talk *t)
{
        for (;;) {
                char *nl = memchr(t->buf + t->off, '\n', t->len - t->off);
                if (nl) {
                        size_t n = (size_t) (nl - (t->buf + t->off));
                        if (n > LINE_MAX_BYTES)
                                return -EBADMSG;
                        memcpy(t->line, t->buf + t->off, n);
                        if (n > 0 && t->line[n - 1] == '\r')
                                n--;
                        t->line[n] = 0;
                        for (size_t i = 0; i < n; i++)
                                if ((unsigned char) t->line[i] < 0x20 || (unsigned char) t->line[i] > 0x7e)
                                        t->line[i] = '?';
                        t->off = (size_t) (nl - t->buf) + 1;
                        return 0;
                }
                if (t->len - t->off > LINE_MAX_BYTES || t->len >= TALK_MAX)
                        return -EBADMSG;
                int k = receive(t, TALK_MAX);
                if (k < 0)
                        return k;
        }
}

/* An SMTP/FTP reply: "CODE-text" lines until "CODE text". *ret_code the code; with want_word, whether a line names it. */
static int read_reply(struct talk *t, int *ret_code, const char *want_word, bool *ret_found)
{
        if (ret_found)
                *ret_found = false;
        /* Bounded: read_line consumes at least one byte each time, within TALK_MAX. */
        for (;;) {
                int k = read_line(t);
                if (k < 0)
                        return k;
                size_t n = strlen(t->line);
                if (n < 3 || t->line[0] < '1' || t->line[0] > '5' || t->line[1] < '0' || t->line[1] > '9' ||
                    t->line[2] < '0' || t->line[2] > '9')
                        return -EBADMSG;
                if (want_word && ret_found && strcasestr(t->line + 3, want_word))
                        *ret_found = true;
                if (n == 3 || t->line[3] == ' ') {
                        *ret_code = (t->line[0] - '0') * 100 + (t->line[1] - '0') * 10 + (t->line[2] - '0');
                        return 0;
                }
                if (t->line[3] != '-')
                        return -EBADMSG;
        }
}

/* Exactly n more bytes into t->buf, after what is there; they start at *ret_off. */
static int read_exact(struct talk *t, size_t n, size_t *ret_off)
{
        size_t start = t->len;

        if (n > TALK_MAX - t->len)
                return -EBADMSG;
        while (t->len - start < n) {
                int k = receive(t, start + n - t->len);
                if (k < 0)
                        return k;
        }
        *ret_off = start;
        return 0;
}

/* An LDAP ExtendedResponse to our StartTLS request (message 1): its resultCode, or -EBADMSG. */
static int ldap_result(struct talk *t)
{
        size_t off, len;
        const uint8_t *p;
        int k;

        /* SEQUENCE, then a short or one-byte long length: StartTLS responses are small. */
        if ((k = read_exact(t, 2, &off)) < 0)
                return k;
        p = (const uint8_t *) t->buf + off;
        if (p[0] != 0x30)
                return -EBADMSG;
        len = p[1];
        if (len == 0x81) {
                if ((k = read_exact(t, 1, &off)) < 0)
                        return k;
                len = (uint8_t) t->buf[off];
        } else if (len & 0x80)
                return -EBADMSG;
        if ((k = read_exact(t, len, &off)) < 0)
                return k;
        p = (const uint8_t *) t->buf + off;
        /* messageID INTEGER 1, then [APPLICATION 24] ExtendedResponse, its first element the ENUMERATED resultCode. */
        if (len < 8 || p[0] != 0x02 || p[1] != 0x01 || p[3] != 0x78)
                return -EBADMSG;
        size_t i = 4;
        if (p[i] == 0x81)
                i++;
        i++;
        if (i + 3 > len || p[i] != 0x0a || p[i + 1] != 0x01)
                return -EBADMSG;
        return p[i + 2];
}

static int refused(struct talk *t, const char *what, char **ret_error)
{
        if (ret_error)
                *ret_error = xasprintf("%s: \"%s\"", what, t->line);
        return -EPROTONOSUPPORT;
}

/* Reads on until one of the needles is in what the server sent (after *from); returns its index. */
static int read_until(struct talk *t, const char *const *needles, size_t n)
{
        /* Bounded: each round reads at least a byte, within TALK_MAX. */
        for (;;) {
                t->buf[t->len] = 0;
                for (size_t i = 0; i < n; i++)
                        if (strstr(t->buf + t->off, needles[i]))
                                return (int) i;
                if (t->len >= TALK_MAX)
                        return -EBADMSG;
                int k = receive(t, TALK_MAX);
                if (k < 0)
                        return k;
        }
}

static bool xml_safe(const char *s)
{
        if (!s || !*s || strlen(s) > 253)
                return false;
        for (; *s; s++)
                if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                      *s == '.' || *s == '-' || *s == ':'))
                        return false;
        return true;
}

int tls_starttls_preamble(int fd, enum tls_starttls p, const char *domain, uint64_t deadline_ms, char **ret_error)
{
        _cleanup_free_ struct talk *t = xmalloc0(sizeof(*t));
        bool found;
        int code, k;

        t->fd = fd;
        t->deadline = deadline_ms;
        k = fd_wait_until(t->fd, POLLOUT, t->deadline); /* a non-blocking connect may still be on its way */
        if (k < 0)
                goto io;
        switch (p) {
        case TLS_STARTTLS_SMTP:
                if ((k = read_reply(t, &code, NULL, NULL)) < 0)
                        goto io;
                if (code != 220)
                        return refused(t, "SMTP greeting is not 220", ret_error);
                if ((k = send_all(t, "EHLO bulwark.invalid\r\n")) < 0 || (k = read_reply(t, &code, "STARTTLS", &found)) < 0)
                        goto io;
                if (code != 250 || !found)
                        return refused(t, "the SMTP server does not offer STARTTLS (EHLO)", ret_error);
                if ((k = send_all(t, "STARTTLS\r\n")) < 0 || (k = read_reply(t, &code, NULL, NULL)) < 0)
                        goto io;
                if (code != 220)
                        return refused(t, "STARTTLS refused", ret_error);
                return 0;
        case TLS_STARTTLS_FTP:
                if ((k = read_reply(t, &code, NULL, NULL)) < 0)
                        goto io;
                if (code != 220)
                        return refused(t, "FTP greeting is not 220", ret_error);
                if ((k = send_all(t, "AUTH TLS\r\n")) < 0 || (k = read_reply(t, &code, NULL, NULL)) < 0)
                        goto io;
                if (code != 234)
                        return refused(t, "AUTH TLS refused", ret_error);
                return 0;
        case TLS_STARTTLS_IMAP:
                if ((k = read_line(t)) < 0)
                        goto io;
                if (!startswith(t->line, "* OK"))
                        return refused(t, "IMAP greeting is not * OK", ret_error);
                if ((k = send_all(t, "a1 STARTTLS\r\n")) < 0)
                        goto io;
                for (unsigned i = 0; i < 64; i++) {
                        if ((k = read_line(t)) < 0)
                                goto io;
                        if (startswith(t->line, "a1 "))
                                return startswith(t->line, "a1 OK") ? 0 : refused(t, "STARTTLS refused", ret_error);
                }
                return refused(t, "no answer to STARTTLS", ret_error);
        case TLS_STARTTLS_POP3:
                if ((k = read_line(t)) < 0)
                        goto io;
                if (!startswith(t->line, "+OK"))
                        return refused(t, "POP3 greeting is not +OK", ret_error);
                if ((k = send_all(t, "STLS\r\n")) < 0 || (k = read_line(t)) < 0)
                        goto io;
                return startswith(t->line, "+OK") ? 0 : refused(t, "STLS refused", ret_error);
        case TLS_STARTTLS_LDAP: {
                static const char req[] = "\x30\x1d\x02\x01\x01\x77\x18\x80\x16" "1.3.6.1.4.1.1466.20037";
                if ((k = sock_send_all(t->fd, req, sizeof(req) - 1, t->deadline)) < 0)
                        goto io;
                k = ldap_result(t);
                if (k < 0)
                        goto io;
                if (k != 0) {
                        snprintf(t->line, sizeof(t->line), "resultCode %d", k);
                        return refused(t, "the LDAP server refused StartTLS", ret_error);
                }
                return 0;
        }
        case TLS_STARTTLS_POSTGRES: {
                /* SSLRequest: length 8, code 80877103; the answer is one byte, 'S' or 'N'. */
                static const char req[] = "\x00\x00\x00\x08\x04\xd2\x16\x2f";
                size_t off;
                if ((k = sock_send_all(t->fd, req, sizeof(req) - 1, t->deadline)) < 0)
                        goto io;
                if ((k = read_exact(t, 1, &off)) < 0)
                        goto io;
                if (t->buf[off] != 'S') {
                        snprintf(t->line, sizeof(t->line), "%c", t->buf[off] == 'N' ? 'N' : '?');
                        return refused(t, "the PostgreSQL server does not offer SSL", ret_error);
                }
                return 0;
        }
        case TLS_STARTTLS_MYSQL: {
                /*
                 * The server's handshake packet (3-byte length, sequence 0): protocol
                 * 10, server version, thread id, 8 bytes of salt, a filler, then the
                 * low capability flags, where CLIENT_SSL is 0x0800.
                 */
                size_t off, plen;
                if ((k = read_exact(t, 4, &off)) < 0)
                        goto io;
                plen = (uint8_t) t->buf[off] | (size_t) (uint8_t) t->buf[off + 1] << 8 | (size_t) (uint8_t) t->buf[off + 2] << 16;
                if (plen < 2 || plen > 1024) {
                        k = -EBADMSG;
                        goto io;
                }
                if ((k = read_exact(t, plen, &off)) < 0)
                        goto io;
                const uint8_t *p8 = (const uint8_t *) t->buf + off;
                const uint8_t *nul = p8[0] == 10 ? memchr(p8 + 1, 0, plen - 1) : NULL;
                size_t at = nul ? (size_t) (nul - p8) + 1 + 4 + 8 + 1 : 0;
                if (!nul || at + 2 > plen) {
                        snprintf(t->line, sizeof(t->line), "protocol %u", p8[0]);
                        return refused(t, "not a MySQL handshake", ret_error);
                }
                if (!(p8[at + 1] << 8 & 0x0800)) {
                        snprintf(t->line, sizeof(t->line), "capabilities 0x%02x%02x", p8[at + 1], p8[at]);
                        return refused(t, "the MySQL server does not offer SSL", ret_error);
                }
                /* SSLRequest, sequence 1: CLIENT_PROTOCOL_41 | CLIENT_SSL | CLIENT_SECURE_CONNECTION, 16 MiB, utf8. */
                uint8_t req[36] = { 32, 0, 0, 1, 0x00, 0x8a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 33 };
                if ((k = sock_send_all(t->fd, req, sizeof(req), t->deadline)) < 0)
                        goto io;
                return 0;
        }
        case TLS_STARTTLS_XMPP:
        case TLS_STARTTLS_XMPP_SERVER: {
                static const char *const features[] = { "</stream:features>", "<stream:features/>", "</stream:stream>" };
                static const char *const answer[] = { "<proceed", "<failure" };
                _cleanup_free_ char *open = xasprintf(
                        "<?xml version='1.0'?><stream:stream xmlns='jabber:%s' xmlns:stream='http://etherx.jabber.org/streams'"
                        " to='%s' version='1.0'>", p == TLS_STARTTLS_XMPP ? "client" : "server",
                        xml_safe(domain) ? domain : "localhost");
                if ((k = send_all(t, open)) < 0 || (k = read_until(t, features, ARRAY_SIZE(features))) < 0)
                        goto io;
                if (k == 2 || !strstr(t->buf, "urn:ietf:params:xml:ns:xmpp-tls")) {
                        snprintf(t->line, sizeof(t->line), "%.200s", t->buf);
                        return refused(t, "the XMPP server does not offer STARTTLS", ret_error);
                }
                t->off = t->len;
                if ((k = send_all(t, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")) < 0 ||
                    (k = read_until(t, answer, ARRAY_SIZE(answer))) < 0)
                        goto io;
                if (k != 0) {
                        snprintf(t->line, sizeof(t->line), "<failure>");
                        return refused(t, "STARTTLS refused", ret_error);
                }
                return 0;
        }
        default:
                return 0;
        }
io:
        if (ret_error)
                *ret_error = xasprintf("%s STARTTLS: %s", tls_starttls_to_string(p),
                                       k == -ETIMEDOUT ? "no answer in time" : k == -ECONNRESET ? "connection closed" :
                                       k == -EBADMSG ? "not a protocol line (or too long)" : strerror(-k));
        return k;
}
