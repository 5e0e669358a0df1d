/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The TLS scanner's planner (tls-plan.c), not a public API: the tasks of a
 * scan, what each one probes next and what each answer means for the result.
 * It does no I/O: tls-engine.c runs the probes it hands out and gives them
 * back (run_tasks()), and tests/unit/test-tls-plan.c feeds it answers by
 * hand. tls-scan.c builds the tasks per phase and resolves, detects and
 * fetches what the plan cannot (TLS 1.3 certificates, vulnerabilities).
 */

#include "tls-engine.h"
#include "tls-internal.h"

/* Every ECDHE code point ever assigned (0x0001-0x0012 too: mbedTLS still accepts secp192k1), then ffdhe. */
static const uint16_t groups_tls12[] = {
        0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x001a, 0x001b, 0x001c,
        0x0015, 0x0016, 0x0013, 0x0014, 0x0012, 0x0011, 0x0010, 0x000f, 0x000e, 0x000d, 0x000c,
        0x000b, 0x000a, 0x0009, 0x0008, 0x0007, 0x0006, 0x0005, 0x0004, 0x0003, 0x0002, 0x0001,
        0x0100, 0x0101, 0x0102, 0x0103, 0x0104,
};

static const uint16_t groups_tls13[] = {
        0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104,
        0x001f, 0x0020, 0x0021, 0x11ec, 0x11eb, 0x11ed, 0x0200, 0x0201, 0x0202, 0x6399,
};

static const uint16_t sigalgs_all[] = {
        0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0403, 0x0503, 0x0603, 0x0807, 0x0808,
        0x081a, 0x081b, 0x081c, 0x0401, 0x0501, 0x0601, 0x0301, 0x0303, 0x0201, 0x0203,
        0x0402, 0x0502, 0x0602, 0x0302, 0x0202,
};

/* What a TLS 1.3 CertificateVerify can use (RFC 8446 4.2.3). */
static const uint16_t sigalgs_tls13[] = {
        0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0403, 0x0503, 0x0603, 0x0807, 0x0808,
        0x081a, 0x081b, 0x081c,
};

static const uint16_t versions[TLS_SCAN_N_VERSIONS] = TLS_SCAN_VERSIONS;

enum task_kind {
        TASK_CHAIN,       /* accepted suites of one version */
        TASK_PREFERENCE,  /* server or client order */
        TASK_GROUP13,
        TASK_GROUP12,
        TASK_SIGALG12,
        TASK_ETM,
        TASK_DHE,
        TASK_COMPRESSION,
        TASK_DETECT,
        TASK_CERT,        /* the certificate behind one kind of authentication (RSA, ECDSA, DSS) */
        TASK_FALLBACK,    /* TLS_FALLBACK_SCSV in a hello one version below the highest (RFC 7507) */
};

struct task {
        enum task_kind kind;
        uint16_t version;
        uint16_t param;       /* group or signature scheme */
        uint16_t *remaining;  /* TASK_CHAIN: codes not chosen yet; TASK_GROUP*: groups */
        size_t n_remaining;
        uint16_t *offer;      /* suites a probe offers when not taken from accepted ones */
        size_t n_offer;
        unsigned step;
        struct probe *probe;  /* the next one to run or the one running */
        bool done;
        bool shape_ok;        /* a hello came back: refusals from now on are answers, not shape trouble */
        struct tls_hello_shape shape; /* what the task's probes use once one worked */
        /* TASK_CHAIN over split hellos: which chunk, where suites were found, and the ordering pass. */
        unsigned chunk;
        int first_hit_chunk;
        bool spanned, ordering;
        /* TASK_GROUP12: the curve of an ECDSA certificate, which must stay offered for the server to sign. */
        uint16_t pin;
        bool pin_known, pinned;
        uint16_t *pinned_groups;
};

struct scan {
        const struct tls_scan_options *o;
        struct sockaddr_storage addr;
        socklen_t addr_len;
        const char *sni;
        struct tls_verify verify;
        uint8_t x25519_pub[32];
        uint8_t p256_pub[65];
        struct tls_key_share shares[2];
        size_t n_shares;
        uint64_t deadline;
        struct tls_scan_result *res;
        unsigned any_tls;     /* probes that saw a TLS answer */
        char first_error[200];
        int first_errno;
        int detect;           /* TASK_DETECT outcome */
        unsigned parallel;    /* connections at once now: halved when the server's backlog overflows */
        struct tls_hello_shape shape[2]; /* learned for TLS 1.0-1.2 and 1.3 hellos: a hello came back only
                                          * with this, so new probes start there */
};

struct probe *probe_new(uint16_t version, const uint16_t *suites, size_t n_suites, enum read_until until);
void probe_free(struct probe *p);
_printf_(2, 3) void scan_note(struct scan *s, const char *fmt, ...);
bool codes_contain(const uint16_t *v, size_t n, uint16_t c);
void codes_push(uint16_t **v, size_t *n, uint16_t c);
void collect_suites(const struct tls_scan_result *r, uint16_t version, bool (*pred)(uint16_t),
                    uint16_t **ret, size_t *ret_n);
bool pred_ecdhe(uint16_t c);
bool pred_dhe(uint16_t c);
bool pred_signed(uint16_t c);
bool pred_cbc(uint16_t c);
bool codes_contain_alert(const struct tls_scan_result *r, uint8_t code);
bool probe_retry(struct scan *s, struct task *t, struct probe *p);
void task_advance(struct scan *s, struct task *t, struct probe *prev);

/* What the engine asks the planner (userdata: a struct plan); a test can play the engine with it. */
struct plan {
        struct scan *s;
        struct task *tasks;
        size_t n_tasks;
};
extern const struct tls_engine_ops tls_plan_ops;
/* Starts each task's first probe and runs them all on the engine. */
void run_tasks(struct scan *s, struct task *tasks, size_t n_tasks);
void tasks_free(struct task *tasks, size_t n);
struct task *task_push(struct task **tasks, size_t *n, enum task_kind kind, uint16_t version, uint16_t param);
void task_set_codes(struct task *t, const uint16_t *codes, size_t n);
/* Sets what t's probes offer: the codes that pass pred (all when NULL). */
void offer_set(struct task *t, const uint16_t *codes, size_t n, bool (*pred)(uint16_t));
