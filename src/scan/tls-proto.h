/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The small part of the TLS wire protocol a scanner needs, written by hand
 * because a scanner must offer what no local TLS library will (SSLv3, 3DES,
 * RC4, export suites) and must survive servers that lie: a ClientHello
 * builder that offers exactly the codes it is given, a record reader that
 * reassembles handshake messages under hard caps, and parsers for
 * ServerHello / HelloRetryRequest, Certificate, ServerKeyExchange and alerts.
 * No I/O: bytes in, structs out, so the fuzzers feed them directly.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tls-suites.h" /* versions, suites, groups and signature schemes by code */

/* RFC 8446: a record carries at most 2^14 bytes plus 2048 of expansion (TLS 1.2 and before). */
#define TLS_RECORD_MAX (16384 + 2048)
/* A whole handshake flight we are willing to buffer; real chains are tens of KiB. */
#define TLS_HANDSHAKE_MAX (256 * 1024)

enum tls_content_type {
        TLS_CT_CHANGE_CIPHER_SPEC = 20,
        TLS_CT_ALERT = 21,
        TLS_CT_HANDSHAKE = 22,
        TLS_CT_APPLICATION_DATA = 23,
        TLS_CT_HEARTBEAT = 24,
};

enum tls_handshake_type {
        TLS_HS_CLIENT_HELLO = 1,
        TLS_HS_SERVER_HELLO = 2,
        TLS_HS_NEW_SESSION_TICKET = 4,
        TLS_HS_ENCRYPTED_EXTENSIONS = 8,
        TLS_HS_CERTIFICATE = 11,
        TLS_HS_SERVER_KEY_EXCHANGE = 12,
        TLS_HS_CERTIFICATE_REQUEST = 13,
        TLS_HS_SERVER_HELLO_DONE = 14,
        TLS_HS_CERTIFICATE_STATUS = 22,
};

enum tls_extension_type {
        TLS_EXT_SERVER_NAME = 0,
        TLS_EXT_STATUS_REQUEST = 5,
        TLS_EXT_SUPPORTED_GROUPS = 10,
        TLS_EXT_EC_POINT_FORMATS = 11,
        TLS_EXT_SIGNATURE_ALGORITHMS = 13,
        TLS_EXT_HEARTBEAT = 15,
        TLS_EXT_ENCRYPT_THEN_MAC = 22,
        TLS_EXT_EXTENDED_MASTER_SECRET = 23,
        TLS_EXT_SESSION_TICKET = 35,
        TLS_EXT_SUPPORTED_VERSIONS = 43,
        TLS_EXT_PSK_KEY_EXCHANGE_MODES = 45,
        TLS_EXT_KEY_SHARE = 51,
        TLS_EXT_RENEGOTIATION_INFO = 0xff01,
};

enum tls_alert_description {
        TLS_ALERT_CLOSE_NOTIFY = 0,
        TLS_ALERT_UNEXPECTED_MESSAGE = 10,
        TLS_ALERT_RECORD_OVERFLOW = 22,
        TLS_ALERT_HANDSHAKE_FAILURE = 40,
        TLS_ALERT_ILLEGAL_PARAMETER = 47,
        TLS_ALERT_DECODE_ERROR = 50,
        TLS_ALERT_PROTOCOL_VERSION = 70,
        TLS_ALERT_INSUFFICIENT_SECURITY = 71,
        TLS_ALERT_INTERNAL_ERROR = 80,
        TLS_ALERT_INAPPROPRIATE_FALLBACK = 86,
        TLS_ALERT_UNSUPPORTED_EXTENSION = 110,
        TLS_ALERT_UNRECOGNIZED_NAME = 112,
};

const char *tls_alert_to_string(uint8_t desc);

struct tls_key_share {
        uint16_t group;
        const uint8_t *key;
        size_t key_len;
};

/* What one ClientHello offers. Arrays are borrowed; counts of 0 omit the extension. */
struct tls_hello_params {
        /* SSLv3..TLS 1.2 go in legacy_version; TLS 1.3 means legacy 1.2 plus supported_versions. */
        uint16_t version;
        const uint16_t *suites;
        size_t n_suites;
        const uint16_t *groups;
        size_t n_groups;
        const uint16_t *sigalgs;
        size_t n_sigalgs;
        const struct tls_key_share *shares; /* TLS 1.3 only; none means an empty key_share */
        size_t n_shares;
        const char *sni;                    /* host name, never an address literal; NULL omits */
        bool no_extensions;                 /* plain SSLv3 style hello */
        bool no_status_request;             /* omit status_request (some servers close on it) */
        bool minimal_extensions;            /* only what selects a suite, group and version: no status_request,
                                             * encrypt_then_mac, extended_master_secret, session_ticket,
                                             * psk_key_exchange_modes */
        bool offer_deflate;                 /* compression methods {DEFLATE, null} instead of {null} */
        bool heartbeat;                     /* the heartbeat extension (RFC 6520), peer_allowed_to_send */
};

/* Builds one ClientHello record. On success *ret is malloc()ed and owned by the caller. */
int tls_build_client_hello(const struct tls_hello_params *p, uint8_t **ret, size_t *ret_len);

/*
 * Reassembles a server's byte stream into alerts and handshake messages.
 * Feed bytes with tls_reader_feed(), then pull events with tls_reader_next()
 * until it returns 0 (needs more bytes). Errors are final.
 */
struct tls_reader {
        uint8_t *raw;        /* undecoded record bytes */
        size_t raw_len;
        uint8_t *hs;         /* handshake bytes reassembled from records */
        size_t hs_len, hs_off;
        size_t hs_limit;     /* cap on buffered handshake bytes; 0 means TLS_HANDSHAKE_MAX */
        uint16_t record_version; /* of the first record seen, 0 before */
        bool seen_ccs;
        char error[160];     /* why the last error happened, for a person */
};

enum tls_event_kind {
        TLS_EVENT_ALERT = 1,
        TLS_EVENT_HANDSHAKE,
};

struct tls_event {
        enum tls_event_kind kind;
        uint8_t alert_level, alert_desc;
        uint8_t hs_type;
        const uint8_t *body; /* valid until the next call on the reader */
        size_t body_len;
};

void tls_reader_init(struct tls_reader *r, size_t hs_limit);
void tls_reader_done(struct tls_reader *r);
/* Returns 0, or -E2BIG when more bytes arrive than a handshake can need. */
int tls_reader_feed(struct tls_reader *r, const uint8_t *data, size_t n);
/* 1 with *ev filled, 0 when more bytes are needed, -EBADMSG/-EPROTO/-E2BIG with r->error set. */
int tls_reader_next(struct tls_reader *r, struct tls_event *ev);

struct tls_server_hello {
        uint16_t legacy_version;
        uint16_t version;          /* negotiated: supported_versions when present, else legacy */
        uint16_t suite;
        uint8_t compression;
        bool hello_retry;          /* a TLS 1.3 HelloRetryRequest */
        uint16_t key_share_group;  /* TLS 1.3: the server's share, or the group an HRR asks for */
        bool ext_renegotiation_info;
        bool ext_extended_master_secret;
        bool ext_encrypt_then_mac;
        bool ext_status_request;
        bool ext_session_ticket;
        bool ext_heartbeat;
        uint8_t session_id_len;
};

/* Parses a ServerHello body (the handshake header already removed). */
int tls_parse_server_hello(const uint8_t *body, size_t len, struct tls_server_hello *ret);

enum tls_kex_kind {
        TLS_KEX_OTHER,
        TLS_KEX_ECDHE,
        TLS_KEX_DHE,
};

struct tls_server_key_exchange {
        enum tls_kex_kind kind;
        uint16_t group;      /* ECDHE named curve */
        unsigned dh_bits;    /* DHE prime size in bits */
        uint16_t sigalg;     /* TLS 1.2 signature scheme; 0 before TLS 1.2 */
};

/* Parses a ServerKeyExchange of the given kind; anonymous suites carry no signature, version
 * decides whether a signature scheme precedes it. */
int tls_parse_server_key_exchange(const uint8_t *body, size_t len, enum tls_kex_kind kind, bool anonymous,
                                  uint16_t version, struct tls_server_key_exchange *ret);

/*
 * Splits a TLS 1.0-1.2 Certificate body into DER certificates. *ret_certs
 * points into body (no copy); at most max certificates. Returns the count.
 */
struct tls_der {
        const uint8_t *der;
        size_t len;
};
int tls_parse_certificate_list(const uint8_t *body, size_t len, struct tls_der *ret_certs, size_t max);
