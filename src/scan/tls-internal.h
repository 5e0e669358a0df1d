/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Pieces of the TLS scanner shared between its files; not a public API. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "tls-proto.h"
#include "tls-types.h"

/*
 * The suite codes a ClientHello offers: every code of the suite table plus
 * the whole blocks where suites were ever assigned, so a server's private or
 * forgotten suites are seen too (they are reported by code). TLS 1.3 suites
 * are offered only in TLS 1.3 hellos and the others never. Returns the
 * count; *ret is malloc()ed.
 */
size_t tls_offer_codes(bool tls13, uint16_t **ret);

/* How a suite's key exchange looks in ServerKeyExchange; TLS_KEX_OTHER for what we do not parse. */
enum tls_kex_kind tls_suite_kex(uint16_t code);
/* Whether the suite authenticates the server (not anonymous). */
bool tls_suite_signed(uint16_t code);
bool tls_suite_is_cbc(uint16_t code);

/* Summarises one DER certificate with OpenSSL. On success the caller owns *ret (tls_scan_cert_clear()). */
int tls_cert_summarise(const uint8_t *der, size_t len, struct tls_scan_cert *ret);
void tls_scan_cert_clear(struct tls_scan_cert *c);

/* How chains are judged: verify is false for probes that only read algorithms. */
struct tls_verify {
        bool verify;
        const char *ca_file;           /* NULL: the system certificate directory */
        const char *name;              /* host name or address literal to match the leaf against; NULL: none */
};

/*
 * Appends one chain (DER certificates, leaf first) to r->certs and
 * r->chains, verified as v says. Returns 0, -EEXIST when a chain with this
 * leaf is already there, -EBADMSG when the leaf cannot be parsed.
 */
int tls_result_add_chain(struct tls_scan_result *r, const struct tls_der *ders, size_t n, uint16_t version,
                         const struct tls_verify *v);
/* Whether r holds a chain whose leaf's key is of this type ("RSA", "EC", ...). */
bool tls_result_has_key_type(const struct tls_scan_result *r, const char *key_type);

/* DER certificates copied out of a handshake. */
struct tls_der_chain {
        uint8_t *der[16];
        size_t len[16];
        size_t n;
};
void tls_der_chain_clear(struct tls_der_chain *c);

/*
 * One full TLS 1.3 handshake with OpenSSL, non-blocking under timeout_ms,
 * for what TLS 1.3 encrypts: the certificate chain as DER (when ret_chain is
 * not NULL; the caller clears it) and the CertificateVerify signature scheme.
 * sigalgs (an OpenSSL list, NULL for its default) restricts what the client
 * offers. The handshake does not verify the chain (a scanner must see what an
 * untrusted server sends); tls_result_add_chain() judges it afterwards.
 */
/*
 * Whether the server lets a client start a renegotiation on a TLS 1.2 (or
 * older) connection (CVE-2011-1473: each one costs the server a full
 * handshake): 1 it completes, 0 it is refused, -errno when it could not be
 * tried (the first handshake failed, no secure renegotiation, timeout).
 */
int tls12_client_renegotiation(const struct sockaddr_storage *addr, socklen_t addr_len, const char *sni,
                               enum tls_starttls starttls, unsigned timeout_ms, char **ret_error);

/*
 * Heartbleed (CVE-2014-0160), without reading leaked bytes: 1 the server
 * answered a heartbeat that claimed more than it carried, 0 it did not (or
 * has no heartbeats), -errno when the probe could not get that far.
 */
int tls_heartbleed_probe(const struct sockaddr_storage *addr, socklen_t addr_len, const char *sni, enum tls_starttls st,
                         uint16_t version, const uint16_t *suites, size_t n_suites, unsigned timeout_ms, char **ret_error);

/* SSL 2.0: 1 the server answers an SSL 2.0 CLIENT-HELLO with a SERVER-HELLO, 0 not, -errno. */
int tls_sslv2_probe(const struct sockaddr_storage *addr, socklen_t addr_len, enum tls_starttls st, const char *domain,
                    unsigned timeout_ms, char **ret_error);
/*
 * The same two probes on a socket already connected (or connecting, non-blocking), under a
 * now_ms() deadline: what the fuzz harness (fuzz/fuzz-scan-wire.c) feeds a server's bytes to.
 */
int tls_heartbleed_probe_fd(int fd, const char *sni, enum tls_starttls st, uint16_t version, const uint16_t *suites,
                            size_t n_suites, uint64_t deadline, char **ret_error);
int tls_sslv2_probe_fd(int fd, enum tls_starttls st, const char *domain, uint64_t deadline, char **ret_error);

void *tls13_client_ctx_new(void);       /* an SSL_CTX for tls13_fetch_certificates() */
void tls13_client_ctx_free(void *ctx);
int tls13_fetch_certificates(void *ctx, const struct sockaddr_storage *addr, socklen_t addr_len, const char *sni,
                             enum tls_starttls starttls, const char *sigalgs, unsigned timeout_ms,
                             struct tls_der_chain *ret_chain, uint16_t *ret_sigalg, char **ret_error);
