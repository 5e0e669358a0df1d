/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * STARTTLS: the plaintext exchange some protocols need before a TLS
 * handshake (RFC 3207 SMTP, RFC 3501 IMAP, RFC 2595 POP3, RFC 4217 FTP,
 * RFC 4511 4.14 LDAP StartTLS, PostgreSQL's SSLRequest, MySQL's SSL request
 * after its greeting).
 * Every read is capped and every wait bounded by a deadline.
 */

#include <stdint.h>

enum tls_starttls {
        TLS_STARTTLS_NONE,
        TLS_STARTTLS_SMTP,      /* also submission (587) */
        TLS_STARTTLS_IMAP,
        TLS_STARTTLS_POP3,
        TLS_STARTTLS_FTP,
        TLS_STARTTLS_LDAP,
        TLS_STARTTLS_POSTGRES,
        TLS_STARTTLS_MYSQL,
        TLS_STARTTLS_XMPP,          /* client-to-server (RFC 6120) */
        TLS_STARTTLS_XMPP_SERVER,   /* server-to-server */
        _TLS_STARTTLS_MAX,
};

const char *tls_starttls_to_string(enum tls_starttls p);
/* "smtp", "submission", "imap", "pop3", "ftp", "ldap", "postgres", "mysql", "xmpp", "xmpp-server"; -EINVAL otherwise. */
int tls_starttls_from_string(const char *s, enum tls_starttls *ret);

/*
 * On a connected socket (blocking or not): greeting, the protocol's request
 * for TLS and its go-ahead, until deadline_ms (CLOCK_MONOTONIC milliseconds).
 * domain (may be NULL) is the XMPP stream's "to".
 * Returns 0 when the next byte the server expects is a ClientHello;
 * -EPROTONOSUPPORT when the server does not offer STARTTLS (*ret_error
 * quotes what it said), -ETIMEDOUT, -EBADMSG for a line over 1 KiB or more
 * than 8 KiB of talk, -ECONNRESET when it closes.
 */
int tls_starttls_preamble(int fd, enum tls_starttls p, const char *domain, uint64_t deadline_ms, char **ret_error);
