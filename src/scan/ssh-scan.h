/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * SSH endpoint scanner: reads the server's identification and KEXINIT
 * without authenticating, then, for every host key algorithm the server
 * offers, runs a key exchange just far enough to receive that host key
 * (K_S in the KEX reply) and closes. Probes run concurrently, each on its own
 * non-blocking socket with a per-connection deadline, all under an overall
 * deadline; every read is capped, so a hostile server ends the scan in
 * bounded time and memory with a clear error.
 */

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "crypto-policy.h"
#include "ssh-wire.h"

struct ssh_scan_options {
        unsigned timeout_ms;       /* per connection; 0: 5000 */
        unsigned total_timeout_ms; /* whole scan; 0: 20000 */
        unsigned max_parallel;     /* connections at once; 0: 6 (stays under sshd's MaxStartups 10) */
        bool no_hostkeys;          /* banner and KEXINIT only: one connection */
        bool all_algorithms;       /* probe rsa-sha2-256/-512 and ssh-rsa each, though they share one RSA key */
};

struct ssh_hostkey_result {
        char *algorithm;           /* as offered in server_host_key_algorithms */
        char *kex;                 /* the key exchange used to fetch it */
        struct ssh_hostkey_info key; /* valid when err == 0 */
        int err;                   /* 0, or -errno when the probe failed */
        char *error;               /* what went wrong, for people */
};

/*
 * One Diffie-Hellman group exchange request (RFC 4419) with min = n = max:
 * the group size the server answers with, or its refusal. Sizes below what a
 * client prefers show the smallest modulus a server still hands out, which a
 * downgrading attacker would pick.
 */
struct ssh_gex_probe {
        unsigned bits_requested;
        unsigned bits;             /* the prime the server sent; 0 when it refused */
        int err;                   /* 0, or -errno: refused (disconnect) or failed */
        char *error;
};

struct ssh_scan_result {
        char *host;
        char *port;
        char *address;             /* the numeric address connected to, e.g. "127.0.0.1" or "::1" */
        char *banner;              /* the identification line, sanitised */
        struct ssh_kexinit kexinit;
        struct ssh_hostkey_result *hostkeys;
        size_t n_hostkeys;
        char *gex_kex;             /* the group exchange probed, NULL when none is offered (or --no-host-keys) */
        struct ssh_gex_probe *gex;
        size_t n_gex;
        unsigned connections;      /* TCP connections opened */
        uint64_t elapsed_ms;
};

/*
 * Scans host:port (a name or a numeric IPv4/IPv6 address). On success
 * *ret is the caller's (ssh_scan_result_free). On failure returns -errno and,
 * when ret_error is not NULL, a description of what failed in *ret_error
 * (caller frees): e.g. "timed out after 5.0 s while reading the banner
 * (4096 bytes received)". Individual host key probes may fail without failing
 * the scan; they carry their own err/error.
 */
int ssh_scan(const char *host, const char *port, const struct ssh_scan_options *o, struct ssh_scan_result **ret,
             char **ret_error);

void ssh_scan_result_free(struct ssh_scan_result *r);
static inline void ssh_scan_result_freep(struct ssh_scan_result **r) { ssh_scan_result_free(*r); }

/*
 * Splits "HOST:PORT", "[V6]:PORT", "V6" or "HOST" (port defaults to
 * default_port) into host and port strings the caller frees. -EINVAL on
 * an empty host or a port that is not 1..65535.
 */
int ssh_target_parse(const char *s, const char *default_port, char **ret_host, char **ret_port);

/* Whether the first bytes a server sent are an SSH identification (or its prefix). */
bool ssh_detect(const uint8_t *buf, size_t len);

/* The key exchange Bulwark would run to fetch host keys from a server offering these, or NULL. */
const char *ssh_probe_kex_choose(char *const *server_kex);

/*
 * Whether a name in kex_algorithms is a signal rather than a key exchange:
 * ext-info-c/-s (RFC 8308), kex-strict-c/-s (the Terrapin countermeasure,
 * with and without -v00@openssh.com), dropbear's kexguess2@matt.ucc.asn.au.
 * Signals are listed, never judged as algorithms.
 */
bool ssh_kex_is_signal(const char *name);

/* The union of a c2s list and its s2c twin (c2s order first); never NULL; caller frees. */
char **ssh_list_union(const struct ssh_kexinit *k, enum ssh_list c2s);

/*
 * The bulwark-scan-ssh/1 document. Stable fields: "banner"; "kex",
 * "host_key", "ciphers", "macs", "compression" as arrays of the server's
 * algorithm names in its order (ciphers, MACs and compression: client-to-
 * server order, then any name only offered server-to-client); "host_keys":
 * [{"algorithm", "type", "bits", "fingerprint_sha256"}]; "findings" in the
 * assessment's evidence shape ({"kind", "path", "detail"}) plus "algorithm",
 * "status" and "rule", one per algorithm, judged by policy; "worst_status".
 * *ret is a new reference; *ret_worst (may be NULL) the worst status.
 */
/*
 * (The document also has "kex_signals", the signals of kex, and "terrapin":
 * {"exposed", "strict_kex", "chacha20_poly1305", "etm_macs"}, CVE-2023-48795:
 * a server offering chacha20-poly1305@openssh.com or an EtM MAC without
 * kex-strict-s-v00@openssh.com is exposed, a finding of kind ssh-terrapin.)
 */
int ssh_scan_result_to_json(const struct ssh_scan_result *r, const struct crypto_policy *policy, json_t **ret,
                            enum cp_status *ret_worst);

/*
 * The findings of r judged by policy, typed (the same as the document's
 * "findings"): *ret is the caller's (scan_findings_clear()).
 */
struct scan_findings;
int ssh_scan_result_judge(const struct ssh_scan_result *r, const struct crypto_policy *policy,
                          struct scan_findings *ret);
