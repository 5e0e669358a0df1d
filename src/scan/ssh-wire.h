/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The SSH transport layer as far as a scanner needs it (RFC 4253): the
 * identification line, unencrypted binary packets, KEXINIT, the key exchange
 * replies that carry the host key, and host key blobs. Pure functions over
 * buffers, so unit tests and fuzzers feed them bytes; nothing here does I/O.
 *
 * Every parser returns 0, -EAGAIN when the buffer holds only a prefix of a
 * valid item (read more and call again), -EBADMSG for malformed input,
 * -E2BIG when a limit is exceeded, or -EPROTO for a protocol violation.
 * ret_ parameters are set only on success.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits. RFC 4253 6.1 requires 35000-byte packets; big RSA host keys and
 * sntrup/ML-KEM replies stay far below 64 KiB, so anything larger is hostile. */
#define SSH_PACKET_MAX 65536u
#define SSH_BANNER_LINE_MAX 1024u   /* RFC says 255; be lenient, but bounded */
#define SSH_BANNER_LINES_MAX 64u    /* lines before the identification */
#define SSH_NAMES_MAX 256u          /* names per name-list */

enum {
        SSH_MSG_DISCONNECT = 1,
        SSH_MSG_IGNORE = 2,
        SSH_MSG_UNIMPLEMENTED = 3,
        SSH_MSG_DEBUG = 4,
        SSH_MSG_EXT_INFO = 7,
        SSH_MSG_KEXINIT = 20,
        SSH_MSG_KEX_ECDH_INIT = 30,        /* also KEXDH_INIT, and GEX_GROUP... see below */
        SSH_MSG_KEX_ECDH_REPLY = 31,       /* also KEXDH_REPLY and KEX_DH_GEX_GROUP */
        SSH_MSG_KEX_DH_GEX_INIT = 32,
        SSH_MSG_KEX_DH_GEX_REPLY = 33,
        SSH_MSG_KEX_DH_GEX_REQUEST = 34,
};

/* The ten name-lists of KEXINIT, in wire order. */
enum ssh_list {
        SSH_LIST_KEX,
        SSH_LIST_HOSTKEY,
        SSH_LIST_CIPHERS_C2S,
        SSH_LIST_CIPHERS_S2C,
        SSH_LIST_MACS_C2S,
        SSH_LIST_MACS_S2C,
        SSH_LIST_COMP_C2S,
        SSH_LIST_COMP_S2C,
        SSH_LIST_LANG_C2S,
        SSH_LIST_LANG_S2C,
        _SSH_LIST_MAX,
};

struct ssh_kexinit {
        uint8_t cookie[16];
        char **lists[_SSH_LIST_MAX];  /* strv each, in the peer's order; never NULL after parsing */
        bool first_kex_follows;
};

void ssh_kexinit_clear(struct ssh_kexinit *k);

/*
 * Finds the identification line in buf (RFC 4253 4.2: other lines may come
 * first). On success *ret_banner is the "SSH-..." line without CR/LF, with
 * bytes outside printable ASCII replaced by '?' (caller frees), and
 * *ret_consumed the bytes up to and including its LF. -EAGAIN: no complete
 * identification yet; -E2BIG: a line longer than SSH_BANNER_LINE_MAX or more
 * than SSH_BANNER_LINES_MAX lines before it; -EPROTONOSUPPORT: SSH-1 only.
 */
int ssh_banner_parse(const uint8_t *buf, size_t len, char **ret_banner, size_t *ret_consumed);

/*
 * One unencrypted binary packet at the start of buf. *ret_payload points into
 * buf (payload only, no padding); *ret_consumed is the whole packet's size.
 */
int ssh_packet_parse(const uint8_t *buf, size_t len, const uint8_t **ret_payload, size_t *ret_payload_len,
                     size_t *ret_consumed);

/* Wraps payload into an unencrypted packet (block size 8, at least 4 bytes of padding); caller frees. */
int ssh_packet_build(const uint8_t *payload, size_t len, uint8_t **ret, size_t *ret_len);

/* A KEXINIT payload (message number included). On failure *ret is untouched. */
int ssh_kexinit_parse(const uint8_t *payload, size_t len, struct ssh_kexinit *ret);

/* Builds a KEXINIT payload from ten strv lists (NULL means empty); caller frees. */
int ssh_kexinit_build(const uint8_t cookie[16], char **const lists[_SSH_LIST_MAX], uint8_t **ret, size_t *ret_len);

/*
 * The server host key K_S from a KEXDH/KEX_ECDH reply (message 31) or a
 * KEX_DH_GEX_REPLY (33): *ret_blob points into payload.
 */
int ssh_kex_reply_hostkey(const uint8_t *payload, size_t len, uint8_t expect_msg, const uint8_t **ret_blob,
                          size_t *ret_blob_len);

/* The prime's size in bits and the generator from a KEX_DH_GEX_GROUP (31) payload. */
int ssh_gex_group_parse(const uint8_t *payload, size_t len, unsigned *ret_pbits);

/* The reason text of a DISCONNECT payload, sanitised to printable ASCII; caller frees. */
int ssh_disconnect_parse(const uint8_t *payload, size_t len, uint32_t *ret_code, char **ret_reason);

struct ssh_hostkey_info {
        char *type;          /* key type inside the blob: ssh-rsa, ssh-ed25519, ecdsa-sha2-nistp256, ... */
        unsigned bits;       /* RSA/DSA modulus/prime bits; curve size for ECDSA/EdDSA; 0 unknown */
        char *curve;         /* nistp256, ... for ECDSA; NULL otherwise */
        bool certificate;    /* an OpenSSH certificate (*-cert-v01@openssh.com) */
        char fingerprint_sha256[64]; /* "SHA256:" + unpadded base64, as ssh-keygen -l prints it */
};

void ssh_hostkey_info_clear(struct ssh_hostkey_info *h);

/* Parses a public host key blob (RFC 4253 6.6, RFC 5656, RFC 8709, OpenSSH certificates). */
int ssh_hostkey_parse(const uint8_t *blob, size_t len, struct ssh_hostkey_info *ret);

/* Bits of an SSH mpint's magnitude (leading zero bytes ignored). */
unsigned ssh_mpint_bits(const uint8_t *p, size_t n);

/*
 * A growing output buffer for building messages; aborts on allocation
 * failure like the x* helpers.
 */
struct ssh_buf {
        uint8_t *data;
        size_t len;
};
void ssh_buf_put(struct ssh_buf *b, const void *p, size_t n);
void ssh_buf_u8(struct ssh_buf *b, uint8_t v);
void ssh_buf_u32(struct ssh_buf *b, uint32_t v);
void ssh_buf_string(struct ssh_buf *b, const void *p, size_t n);
/* An mpint from an unsigned big-endian magnitude. */
void ssh_buf_mpint(struct ssh_buf *b, const uint8_t *p, size_t n);
