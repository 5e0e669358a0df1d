/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * TLS endpoint scanner: which protocol versions, cipher suites (in the
 * server's order), groups, signature schemes, extensions and certificate
 * chain a server accepts. Every suite is found with hand-built ClientHellos,
 * so suites the local OpenSSL cannot negotiate (SSLv3, 3DES, RC4, export) are
 * seen too; OpenSSL is used only to read certificates and, for a TLS 1.3-only
 * server whose certificate travels encrypted, for one real handshake.
 *
 * Probes run concurrently over non-blocking sockets under a per-connection
 * and an overall deadline, with every buffer capped, so a hostile server can
 * cost time up to those deadlines and memory up to
 * max_parallel * TLS_HANDSHAKE_MAX, and no more.
 */

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "crypto-policy.h"
#include "starttls.h"
#include "tls-types.h"

/*
 * Scans o->host:o->port. On success *ret is owned by the caller (free with
 * tls_scan_result_free()); a server that is reachable but broken still gives
 * a result, with the failed probes in ->errors. Returns -ECONNREFUSED and
 * friends when nothing could be reached, -EPROTONOSUPPORT when the peer does
 * not speak TLS, -ETIMEDOUT; *ret_error (may be NULL) then receives a
 * malloc()ed sentence for a person.
 */
int tls_scan(const struct tls_scan_options *o, struct tls_scan_result **ret, char **ret_error);
void tls_scan_result_free(struct tls_scan_result *r);
static inline void tls_scan_result_freep(struct tls_scan_result **r) { tls_scan_result_free(*r); }

/*
 * Whether the server accepted no protocol version at all: it answers (so
 * tls_scan() succeeded) but refused every hello. Such a scan judged nothing
 * and must not pass; tls_scan_result_nothing_accepted() then returns a
 * malloc()ed sentence naming the alerts received, and NULL otherwise.
 */
bool tls_scan_result_accepted_any(const struct tls_scan_result *r);
char *tls_scan_result_nothing_accepted(const struct tls_scan_result *r);

/*
 * Recognises TLS by protocol: sends one ClientHello and answers 1 when a
 * ServerHello or an alert comes back, 0 when something else does (or the
 * peer closes), -errno when the connection fails or times out.
 */
int tls_detect(const char *host, uint16_t port, unsigned timeout_ms);

/*
 * The bulwark-tls-scan/1 JSON document with a verdict (status, rule) on every
 * protocol, suite, group, signature scheme, certificate and extension, judged
 * by policy. *ret is a new reference; *ret_worst (may be NULL) the worst status.
 * A scan that accepted nothing gets "error" (the sentence above) and its
 * "alerts"; callers must treat it as not scanned, whatever *ret_worst says.
 */
int tls_scan_result_to_json(const struct tls_scan_result *r, const struct crypto_policy *policy, json_t **ret,
                            enum cp_status *ret_worst);

/*
 * The findings of r judged by policy, typed (the same as the document's
 * "findings"): *ret is the caller's (scan_findings_clear()).
 */
struct scan_findings;
int tls_scan_result_judge(const struct tls_scan_result *r, const struct crypto_policy *policy,
                          struct scan_findings *ret);
