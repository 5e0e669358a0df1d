/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdarg.h>
#include <sys/random.h>

#include "binreader.h"
#include "macro.h"
#include "tls-proto.h"

/* Raw bytes waiting to be decoded: one incomplete record plus one read's worth. */
#define TLS_RAW_MAX (TLS_RECORD_MAX + 5 + 65536)

const char *tls_alert_to_string(uint8_t desc)
{
        static const struct {
                uint8_t code;
                const char *name;
        } alerts[] = {
                { 0, "close_notify" },           { 10, "unexpected_message" },
                { 20, "bad_record_mac" },        { 22, "record_overflow" },
                { 30, "decompression_failure" }, { 40, "handshake_failure" },
                { 42, "bad_certificate" },       { 47, "illegal_parameter" },
                { 50, "decode_error" },          { 51, "decrypt_error" },
                { 70, "protocol_version" },      { 71, "insufficient_security" },
                { 80, "internal_error" },        { 86, "inappropriate_fallback" },
                { 90, "user_canceled" },         { 109, "missing_extension" },
                { 110, "unsupported_extension" }, { 112, "unrecognized_name" },
                { 120, "no_application_protocol" },
        };
        for (size_t i = 0; i < ARRAY_SIZE(alerts); i++)
                if (alerts[i].code == desc)
                        return alerts[i].name;
        return "unknown_alert";
}

/* A growable output buffer for the builder; it aborts on allocation failure like x*alloc. */
struct obuf {
        uint8_t *p;
        size_t len, cap;
};

static void ob_reserve(struct obuf *b, size_t n)
{
        if (b->len + n <= b->cap)
                return;
        size_t cap = MAX(b->cap * 2, b->len + n + 256);
        b->p = xreallocarray(b->p, cap, 1);
        b->cap = cap;
}

static void ob_put(struct obuf *b, const void *data, size_t n)
{
        ob_reserve(b, n);
        if (n)
                memcpy(b->p + b->len, data, n);
        b->len += n;
}

static void ob_u8(struct obuf *b, uint8_t v) { ob_put(b, &v, 1); }
static void ob_u16(struct obuf *b, uint16_t v) { ob_put(b, (uint8_t[]){ v >> 8, v & 0xff }, 2); }

/* Reserves a length prefix of n bytes; ob_close() fills it with what follows. */
static size_t ob_open(struct obuf *b, unsigned n)
{
        size_t at = b->len;
        ob_put(b, (uint8_t[4]){ 0 }, n);
        return at;
}

static int ob_close(struct obuf *b, size_t at, unsigned n)
{
        size_t v = b->len - at - n;

        if (n < 4 && v >= (size_t) 1 << (8 * n))
                return -E2BIG;
        for (unsigned i = 0; i < n; i++)
                b->p[at + i] = (uint8_t) (v >> (8 * (n - 1 - i)));
        return 0;
}

static void ob_ext_begin(struct obuf *b, uint16_t type, size_t *at)
{
        ob_u16(b, type);
        *at = ob_open(b, 2);
}

static int build_extensions(struct obuf *b, const struct tls_hello_params *p)
{
        size_t at, at2;
        int k = 0;

        if (p->sni && p->sni[0]) {
                size_t n = strlen(p->sni);
                if (n > 255)
                        return -E2BIG;
                ob_ext_begin(b, TLS_EXT_SERVER_NAME, &at);
                at2 = ob_open(b, 2);
                ob_u8(b, 0); /* host_name */
                ob_u16(b, (uint16_t) n);
                ob_put(b, p->sni, n);
                k |= ob_close(b, at2, 2);
                k |= ob_close(b, at, 2);
        }
        if (p->n_groups > 0) {
                ob_ext_begin(b, TLS_EXT_SUPPORTED_GROUPS, &at);
                at2 = ob_open(b, 2);
                for (size_t i = 0; i < p->n_groups; i++)
                        ob_u16(b, p->groups[i]);
                k |= ob_close(b, at2, 2);
                k |= ob_close(b, at, 2);
                /* Only the uncompressed point format: anything else is long dead. */
                ob_ext_begin(b, TLS_EXT_EC_POINT_FORMATS, &at);
                ob_u8(b, 1);
                ob_u8(b, 0);
                k |= ob_close(b, at, 2);
        }
        if (p->n_sigalgs > 0) {
                ob_ext_begin(b, TLS_EXT_SIGNATURE_ALGORITHMS, &at);
                at2 = ob_open(b, 2);
                for (size_t i = 0; i < p->n_sigalgs; i++)
                        ob_u16(b, p->sigalgs[i]);
                k |= ob_close(b, at2, 2);
                k |= ob_close(b, at, 2);
        }
        if (!p->minimal_extensions && !p->no_status_request) {
                /* OCSP status request with no responder ids and no request extensions. */
                ob_ext_begin(b, TLS_EXT_STATUS_REQUEST, &at);
                ob_put(b, (uint8_t[]){ 1, 0, 0, 0, 0 }, 5);
                k |= ob_close(b, at, 2);
        }
        if (!p->minimal_extensions) {
                ob_ext_begin(b, TLS_EXT_ENCRYPT_THEN_MAC, &at);
                k |= ob_close(b, at, 2);
                ob_ext_begin(b, TLS_EXT_EXTENDED_MASTER_SECRET, &at);
                k |= ob_close(b, at, 2);
                ob_ext_begin(b, TLS_EXT_SESSION_TICKET, &at);
                k |= ob_close(b, at, 2);
        }
        ob_ext_begin(b, TLS_EXT_RENEGOTIATION_INFO, &at);
        ob_u8(b, 0);
        k |= ob_close(b, at, 2);
        if (p->heartbeat) {
                ob_ext_begin(b, TLS_EXT_HEARTBEAT, &at);
                ob_u8(b, 1); /* peer_allowed_to_send */
                k |= ob_close(b, at, 2);
        }

        if (p->version == TLS_VERSION_TLS13) {
                ob_ext_begin(b, TLS_EXT_SUPPORTED_VERSIONS, &at);
                ob_u8(b, 2);
                ob_u16(b, TLS_VERSION_TLS13);
                k |= ob_close(b, at, 2);
                if (!p->minimal_extensions) {
                        ob_ext_begin(b, TLS_EXT_PSK_KEY_EXCHANGE_MODES, &at);
                        ob_u8(b, 1);
                        ob_u8(b, 1); /* psk_dhe_ke */
                        k |= ob_close(b, at, 2);
                }
                ob_ext_begin(b, TLS_EXT_KEY_SHARE, &at);
                at2 = ob_open(b, 2);
                for (size_t i = 0; i < p->n_shares; i++) {
                        ob_u16(b, p->shares[i].group);
                        if (p->shares[i].key_len == 0 || p->shares[i].key_len > 0xffff)
                                return -EINVAL;
                        ob_u16(b, (uint16_t) p->shares[i].key_len);
                        ob_put(b, p->shares[i].key, p->shares[i].key_len);
                }
                k |= ob_close(b, at2, 2);
                k |= ob_close(b, at, 2);
        }
        return k < 0 ? -E2BIG : 0;
}

int tls_build_client_hello(const struct tls_hello_params *p, uint8_t **ret, size_t *ret_len)
{
        struct obuf b = {};
        uint8_t random[32];
        uint16_t legacy;
        size_t rec, hs, body, at;
        int k;

        if (!p || !ret || !ret_len || p->n_suites == 0 || p->n_suites > 0x7fff)
                return -EINVAL;
        if (p->version < TLS_VERSION_SSL3 || p->version > TLS_VERSION_TLS13)
                return -EINVAL;
        if (getrandom(random, sizeof(random), 0) != sizeof(random))
                return -EIO;
        legacy = MIN(p->version, TLS_VERSION_TLS12);

        /* Record version 1.0 for everything newer, as browsers do: some stacks reject more. */
        ob_u8(&b, TLS_CT_HANDSHAKE);
        ob_u16(&b, p->version == TLS_VERSION_SSL3 ? TLS_VERSION_SSL3 : TLS_VERSION_TLS10);
        rec = ob_open(&b, 2);
        ob_u8(&b, TLS_HS_CLIENT_HELLO);
        hs = ob_open(&b, 3);
        body = b.len;
        ob_u16(&b, legacy);
        ob_put(&b, random, sizeof(random));
        ob_u8(&b, 0); /* no session id */
        at = ob_open(&b, 2);
        for (size_t i = 0; i < p->n_suites; i++)
                ob_u16(&b, p->suites[i]);
        k = ob_close(&b, at, 2);
        if (p->offer_deflate)
                ob_put(&b, (uint8_t[]){ 2, 1, 0 }, 3);
        else
                ob_put(&b, (uint8_t[]){ 1, 0 }, 2);
        if (!p->no_extensions) {
                at = ob_open(&b, 2);
                k |= build_extensions(&b, p);
                k |= ob_close(&b, at, 2);
        }
        (void) body;
        k |= ob_close(&b, hs, 3);
        k |= ob_close(&b, rec, 2);
        if (k < 0 || b.len - 5 > 16384) {
                free(b.p);
                return -E2BIG;
        }
        *ret = b.p;
        *ret_len = b.len;
        return 0;
}

void tls_reader_init(struct tls_reader *r, size_t hs_limit)
{
        *r = (struct tls_reader){ .hs_limit = hs_limit ? hs_limit : TLS_HANDSHAKE_MAX };
}

void tls_reader_done(struct tls_reader *r)
{
        free(r->raw);
        free(r->hs);
        r->raw = r->hs = NULL;
        r->raw_len = r->hs_len = r->hs_off = 0;
}

static int reader_fail(struct tls_reader *r, int err, const char *fmt, ...) _printf_(3, 4);
static int reader_fail(struct tls_reader *r, int err, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(r->error, sizeof(r->error), fmt, ap);
        va_end(ap);
        return err;
}

int tls_reader_feed(struct tls_reader *r, const uint8_t *data, size_t n)
{
        if (n > TLS_RAW_MAX - r->raw_len)
                return reader_fail(r, -E2BIG, "server sent more than %d bytes without a complete record", TLS_RAW_MAX);
        if (!r->raw)
                r->raw = xmalloc0(TLS_RAW_MAX);
        memcpy(r->raw + r->raw_len, data, n);
        r->raw_len += n;
        return 0;
}

static int reader_append_handshake(struct tls_reader *r, const uint8_t *p, size_t n)
{
        /* Drop what was already handed out, then append. */
        if (r->hs_off > 0) {
                memmove(r->hs, r->hs + r->hs_off, r->hs_len - r->hs_off);
                r->hs_len -= r->hs_off;
                r->hs_off = 0;
        }
        if (n > r->hs_limit - r->hs_len)
                return reader_fail(r, -E2BIG, "handshake data exceeds %zu bytes", r->hs_limit);
        if (!r->hs)
                r->hs = xmalloc0(r->hs_limit);
        memcpy(r->hs + r->hs_len, p, n);
        r->hs_len += n;
        return 0;
}

int tls_reader_next(struct tls_reader *r, struct tls_event *ev)
{
        /* Each pass either returns or consumes one whole record, so this ends. */
        for (;;) {
                size_t avail = r->hs_len - r->hs_off;

                if (avail >= 4) {
                        const uint8_t *h = r->hs + r->hs_off;
                        size_t len = ((size_t) h[1] << 16) | ((size_t) h[2] << 8) | h[3];

                        if (len > r->hs_limit - 4)
                                return reader_fail(r, -E2BIG, "handshake message type %u claims %zu bytes, limit is %zu",
                                                   h[0], len, r->hs_limit);
                        if (avail >= 4 + len) {
                                *ev = (struct tls_event){ .kind = TLS_EVENT_HANDSHAKE, .hs_type = h[0],
                                                          .body = h + 4, .body_len = len };
                                r->hs_off += 4 + len;
                                return 1;
                        }
                }

                if (r->raw_len < 5)
                        return 0;
                uint8_t type = r->raw[0];
                uint16_t version = (uint16_t) (r->raw[1] << 8 | r->raw[2]);
                size_t len = (size_t) r->raw[3] << 8 | r->raw[4];

                if (type < TLS_CT_CHANGE_CIPHER_SPEC || type > TLS_CT_APPLICATION_DATA)
                        return reader_fail(r, -EBADMSG, "not a TLS record: content type %u (bytes %02x %02x %02x)",
                                           type, r->raw[0], r->raw[1], r->raw[2]);
                if ((version >> 8) != 3 || (version & 0xff) > 4)
                        return reader_fail(r, -EBADMSG, "not a TLS record: version 0x%04x", version);
                if (len > TLS_RECORD_MAX)
                        return reader_fail(r, -EBADMSG, "record length %zu exceeds the maximum %d", len, TLS_RECORD_MAX);
                if (len == 0 && type != TLS_CT_APPLICATION_DATA)
                        return reader_fail(r, -EBADMSG, "empty record of content type %u", type);
                if (r->raw_len < 5 + len)
                        return 0;
                if (r->record_version == 0)
                        r->record_version = version;

                const uint8_t *payload = r->raw + 5;
                int k = 0, emitted = 0;

                switch (type) {
                case TLS_CT_ALERT:
                        if (len < 2) {
                                k = reader_fail(r, -EBADMSG, "truncated alert record");
                                break;
                        }
                        *ev = (struct tls_event){ .kind = TLS_EVENT_ALERT, .alert_level = payload[0],
                                                  .alert_desc = payload[1] };
                        emitted = 1;
                        break;
                case TLS_CT_CHANGE_CIPHER_SPEC:
                        r->seen_ccs = true;
                        break;
                case TLS_CT_HANDSHAKE:
                        k = reader_append_handshake(r, payload, len);
                        break;
                default:
                        k = reader_fail(r, -EPROTO, "application data before the handshake finished");
                        break;
                }
                if (k < 0)
                        return k;
                memmove(r->raw, r->raw + 5 + len, r->raw_len - 5 - len);
                r->raw_len -= 5 + len;
                if (emitted)
                        return 1;
        }
}

static const uint8_t hrr_random[32] = {
        0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
        0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

int tls_parse_server_hello(const uint8_t *body, size_t len, struct tls_server_hello *ret)
{
        struct binreader r = binreader_make(body, len), sid, exts;
        struct tls_server_hello sh = {};
        const uint8_t *random;

        if (binreader_u16(&r, &sh.legacy_version) < 0 ||
            binreader_bytes(&r, 32, &random) < 0 ||
            binreader_vector(&r, 1, &sid) < 0 ||
            binreader_u16(&r, &sh.suite) < 0 ||
            binreader_u8(&r, &sh.compression) < 0)
                return -EBADMSG;
        if (sid.len > 32)
                return -EBADMSG;
        sh.session_id_len = (uint8_t) sid.len;
        sh.version = sh.legacy_version;
        sh.hello_retry = memcmp(random, hrr_random, 32) == 0;

        /* Extensions are optional before TLS 1.2 servers learnt them. */
        if (binreader_left(&r) > 0) {
                if (binreader_vector(&r, 2, &exts) < 0 || binreader_left(&r) != 0)
                        return -EBADMSG;
                /* Each pass consumes at least four bytes. */
                while (binreader_left(&exts) > 0) {
                        struct binreader e;
                        uint16_t type;

                        if (binreader_u16(&exts, &type) < 0 || binreader_vector(&exts, 2, &e) < 0)
                                return -EBADMSG;
                        switch (type) {
                        case TLS_EXT_SUPPORTED_VERSIONS:
                                if (binreader_u16(&e, &sh.version) < 0)
                                        return -EBADMSG;
                                break;
                        case TLS_EXT_KEY_SHARE:
                                if (binreader_u16(&e, &sh.key_share_group) < 0)
                                        return -EBADMSG;
                                break;
                        case TLS_EXT_RENEGOTIATION_INFO:
                                sh.ext_renegotiation_info = true;
                                break;
                        case TLS_EXT_EXTENDED_MASTER_SECRET:
                                sh.ext_extended_master_secret = true;
                                break;
                        case TLS_EXT_ENCRYPT_THEN_MAC:
                                sh.ext_encrypt_then_mac = true;
                                break;
                        case TLS_EXT_STATUS_REQUEST:
                                sh.ext_status_request = true;
                                break;
                        case TLS_EXT_SESSION_TICKET:
                                sh.ext_session_ticket = true;
                                break;
                        case TLS_EXT_HEARTBEAT:
                                sh.ext_heartbeat = true;
                                break;
                        default:
                                break;
                        }
                }
        }
        if ((sh.legacy_version >> 8) != 3 || (sh.version >> 8) != 3 || (sh.version & 0xff) > 4)
                return -EBADMSG;
        *ret = sh;
        return 0;
}

static unsigned bignum_bits(const uint8_t *p, size_t n)
{
        size_t i = 0;

        while (i < n && p[i] == 0)
                i++;
        if (i == n)
                return 0;
        unsigned bits = (unsigned) (n - i - 1) * 8;
        for (uint8_t top = p[i]; top; top >>= 1)
                bits++;
        return bits;
}

int tls_parse_server_key_exchange(const uint8_t *body, size_t len, enum tls_kex_kind kind, bool anonymous,
                                  uint16_t version, struct tls_server_key_exchange *ret)
{
        struct binreader r = binreader_make(body, len), v;
        struct tls_server_key_exchange ske = { .kind = kind };
        uint8_t curve_type;

        switch (kind) {
        case TLS_KEX_ECDHE:
                if (binreader_u8(&r, &curve_type) < 0)
                        return -EBADMSG;
                if (curve_type != 3) /* explicit curves: nobody should, we do not parse them */
                        return -EOPNOTSUPP;
                if (binreader_u16(&r, &ske.group) < 0 || binreader_vector(&r, 1, &v) < 0 || v.len == 0)
                        return -EBADMSG;
                break;
        case TLS_KEX_DHE:
                if (binreader_vector(&r, 2, &v) < 0 || v.len == 0)
                        return -EBADMSG;
                ske.dh_bits = bignum_bits(v.data, v.len);
                if (binreader_vector(&r, 2, &v) < 0 || binreader_vector(&r, 2, &v) < 0)
                        return -EBADMSG;
                break;
        default:
                return -EOPNOTSUPP;
        }
        if (!anonymous) {
                if (version >= TLS_VERSION_TLS12 && binreader_u16(&r, &ske.sigalg) < 0)
                        return -EBADMSG;
                if (binreader_vector(&r, 2, &v) < 0)
                        return -EBADMSG;
        }
        if (binreader_left(&r) != 0)
                return -EBADMSG;
        *ret = ske;
        return 0;
}

int tls_parse_certificate_list(const uint8_t *body, size_t len, struct tls_der *ret_certs, size_t max)
{
        struct binreader r = binreader_make(body, len), list, check;
        size_t n = 0;

        if (binreader_vector(&r, 3, &list) < 0 || binreader_left(&r) != 0)
                return -EBADMSG;
        /* Validate first, so ret_certs is only written on success. Each pass consumes three bytes or more. */
        check = list;
        while (binreader_left(&check) > 0) {
                struct binreader c;

                if (binreader_vector(&check, 3, &c) < 0 || c.len == 0)
                        return -EBADMSG;
                if (++n > max)
                        return -E2BIG;
        }
        for (size_t i = 0; i < n; i++) {
                struct binreader c;
                (void) binreader_vector(&list, 3, &c);
                ret_certs[i] = (struct tls_der){ c.data, c.len };
        }
        return (int) n;
}
