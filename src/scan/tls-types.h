/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The TLS scanner's types: its options and its result. Apart from the
 * functions in tls-scan.h, so that the planner (tls-plan.c), the connection
 * engine (tls-engine.c) and the certificate code build on the types without
 * depending on the scanner that drives them.
 */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "crypto-policy.h"
#include "starttls.h"
#include "tls-proto.h"

struct tls_scan_options {
        const char *host;            /* host name or address literal (no brackets) */
        uint16_t port;
        const char *sni;             /* server name to send; NULL: host, unless it is an address */
        unsigned conn_timeout_ms;    /* per connection; 0: 5000 */
        unsigned total_timeout_ms;   /* whole scan; 0: 120000 */
        unsigned max_parallel;       /* connections at once, at most; 0: 8 (halved while the server drops SYNs) */
        bool no_certificate;         /* skip the TLS 1.3 certificate handshake */
        bool verify_chain;           /* judge chain trust and the host name (scan tls; not assess's loopback probes) */
        const char *ca_file;         /* PEM bundle to trust; NULL: the system store (the OpenSSL certificate directory) */
        enum tls_starttls starttls;  /* plaintext exchange before every hello (SMTP, IMAP, POP3, FTP) */
};

enum tls_tristate {
        TLS_UNKNOWN = -1,
        TLS_NO = 0,
        TLS_YES = 1,
};

/*
 * The shape of ClientHello a server needed. The first hello of every probe
 * offers every suite code (over 500) and every extension; a server that
 * refuses that in a way that suggests the hello itself (decode_error,
 * illegal_parameter, record_overflow, a close or a reset) gets it again with
 * the suite list split into hellos of at most TLS_HELLO_SPLIT_SUITES codes
 * and/or without the optional extensions, before the scan concludes anything.
 */
#define TLS_HELLO_SPLIT_SUITES 128

struct tls_hello_shape {
        bool split;                    /* suites split across hellos of at most TLS_HELLO_SPLIT_SUITES */
        bool no_status_request;        /* without status_request (OCSP stapling then unknown) */
        bool minimal;                  /* without any optional extension: also no encrypt_then_mac,
                                        * extended_master_secret, session_ticket, psk_key_exchange_modes */
};

struct tls_scan_protocol {
        uint16_t version;
        struct tls_hello_shape shape;  /* of the first hello this version was accepted with */
        bool supported;
        bool complete;                 /* false when a probe failed midway: the list may be short */
        enum tls_tristate server_preference;
        uint16_t *suites;              /* accepted, in the server's order when it has one */
        size_t n_suites;
};

struct tls_scan_group {
        uint16_t code;                 /* IANA named group */
        uint16_t max_version;          /* highest version it was negotiated with */
        bool tls13, tls12;             /* seen in a TLS 1.3 key share / a TLS 1.0-1.2 ServerKeyExchange */
};

struct tls_scan_cert {
        char *subject;
        char *issuer;
        char *key_type;                /* RSA, EC, ED25519, ED448, DSA, ... */
        unsigned key_bits;
        char *curve;                   /* EC curve short name, or NULL */
        char *signature;               /* signature algorithm long name, e.g. sha256WithRSAEncryption */
        char *signature_hash;          /* sha1, sha256, ...; NULL for EdDSA */
        time_t not_before, not_after;
        char **san;                    /* "DNS:name" / "IP:addr" strv, may be NULL */
        char **eku;                    /* short names (serverAuth, ...), strv, may be NULL */
        bool self_signed;
        char sha256[65];               /* fingerprint of the DER */
        unsigned chain;                /* index into tls_scan_result.chains */
        unsigned depth;                /* within its chain: 0 is the leaf */
};

enum tls_trust {
        TLS_TRUST_UNKNOWN,             /* not verified (not asked, or the CA file could not be read) */
        TLS_TRUST_TRUSTED,             /* a path to a trusted root (validity dates not checked here) */
        TLS_TRUST_SELF_SIGNED,         /* the leaf is self-signed and not trusted */
        TLS_TRUST_UNTRUSTED,           /* any other failure to build a path: trust_error says which */
};

/* One certificate chain the server sent: a server with RSA and ECDSA keys has two. */
struct tls_scan_chain {
        size_t first, n;               /* its certificates: certs[first .. first + n) */
        uint16_t version;              /* the protocol it was read with */
        enum tls_trust trust;
        char *trust_error;             /* OpenSSL's reason, when not trusted */
        char *hostname;                /* the name the leaf was checked against, or NULL (an address, no --sni) */
        enum tls_tristate hostname_match;
};

#define TLS_SCAN_N_VERSIONS 5
/* The versions a scan probes, oldest first: the order of protocols[]. */
#define TLS_SCAN_VERSIONS { TLS_VERSION_SSL3, TLS_VERSION_TLS10, TLS_VERSION_TLS11, TLS_VERSION_TLS12, TLS_VERSION_TLS13 }

struct tls_scan_result {
        char *host;
        uint16_t port;
        char *address;                 /* the numeric address connected to */

        struct tls_scan_protocol protocols[TLS_SCAN_N_VERSIONS]; /* SSLv3, TLS 1.0, 1.1, 1.2, 1.3 */

        struct tls_scan_group *groups;
        size_t n_groups;
        unsigned dhe_bits;             /* smallest DHE prime seen, 0 when no DHE */
        uint16_t *sigalgs;             /* TLS 1.2 signature schemes the server signs with */
        size_t n_sigalgs;
        uint16_t *tls13_sigalgs;       /* TLS 1.3 CertificateVerify schemes the server signs with */
        size_t n_tls13_sigalgs;

        enum tls_tristate renegotiation_info;
        enum tls_tristate extended_master_secret;
        enum tls_tristate encrypt_then_mac;
        enum tls_tristate ocsp_stapling;
        enum tls_tristate session_ticket;
        enum tls_tristate compression;
        enum tls_tristate fallback_scsv; /* a hello below the highest version with TLS_FALLBACK_SCSV is refused */
        enum tls_tristate client_renegotiation; /* the server completes a renegotiation the client starts */
        enum tls_tristate heartbeat;     /* the server echoed the heartbeat extension in the first flight */
        enum tls_tristate heartbleed;    /* CVE-2014-0160: it answers a heartbeat longer than it was sent */
        enum tls_tristate sslv2;         /* it answers an SSL 2.0 CLIENT-HELLO */

        struct tls_scan_cert *certs;   /* every chain's certificates, each chain leaf first */
        size_t n_certs;
        struct tls_scan_chain *chains;
        size_t n_chains;

        /* How the server refused hellos, over the whole scan: an empty scan is explained by these. */
        struct tls_scan_alert {
                uint8_t code;          /* alert description */
                unsigned count;
        } *alerts;
        size_t n_alerts;
        unsigned closed;               /* hellos answered by closing the connection */
        struct tls_hello_shape shape;  /* what the server needed: full hellos are both false */

        char **errors;                 /* probes that failed; the scan went on without them */
        unsigned connections;
        uint64_t elapsed_us;
};

/* The index into protocols[] of a version, or -EINVAL. */
static inline int tls_scan_version_index(uint16_t version)
{
        static const uint16_t order[TLS_SCAN_N_VERSIONS] = TLS_SCAN_VERSIONS;

        for (int i = 0; i < TLS_SCAN_N_VERSIONS; i++)
                if (order[i] == version)
                        return i;
        return -EINVAL;
}
