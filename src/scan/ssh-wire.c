/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <openssl/evp.h>

#include "binreader.h"
#include "macro.h"
#include "ssh-wire.h"
#include "strv.h"

void ssh_buf_put(struct ssh_buf *b, const void *p, size_t n)
{
        if (n == 0)
                return;
        b->data = xreallocarray(b->data, b->len + n, 1);
        memcpy(b->data + b->len, p, n);
        b->len += n;
}

void ssh_buf_u8(struct ssh_buf *b, uint8_t v) { ssh_buf_put(b, &v, 1); }

void ssh_buf_u32(struct ssh_buf *b, uint32_t v)
{
        uint8_t p[4] = { v >> 24, v >> 16, v >> 8, v };
        ssh_buf_put(b, p, 4);
}

void ssh_buf_string(struct ssh_buf *b, const void *p, size_t n)
{
        ssh_buf_u32(b, (uint32_t) n);
        ssh_buf_put(b, p, n);
}

void ssh_buf_mpint(struct ssh_buf *b, const uint8_t *p, size_t n)
{
        while (n > 0 && p[0] == 0) {
                p++;
                n--;
        }
        /* A set top bit would make it negative: prefix a zero byte (RFC 4251 5). */
        if (n > 0 && (p[0] & 0x80)) {
                ssh_buf_u32(b, (uint32_t) n + 1);
                ssh_buf_u8(b, 0);
                ssh_buf_put(b, p, n);
        } else
                ssh_buf_string(b, p, n);
}

/* Printable ASCII only: banners and names end up in terminals and JSON. */
static char *sanitize(const uint8_t *p, size_t n)
{
        char *s = xmalloc0(n + 1);

        for (size_t i = 0; i < n; i++)
                s[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char) p[i] : '?';
        return s;
}

int ssh_banner_parse(const uint8_t *buf, size_t len, char **ret_banner, size_t *ret_consumed)
{
        size_t off = 0;

        for (unsigned line = 0; line <= SSH_BANNER_LINES_MAX; line++) {
                const uint8_t *lf;
                size_t n;

                lf = memchr(buf + off, '\n', len - off);
                if (!lf)
                        return len - off > SSH_BANNER_LINE_MAX ? -E2BIG : -EAGAIN;
                n = (size_t) (lf - (buf + off));
                if (n + 1 > SSH_BANNER_LINE_MAX)
                        return -E2BIG;
                if (n >= 4 && memcmp(buf + off, "SSH-", 4) == 0) {
                        size_t l = n;

                        if (l > 0 && buf[off + l - 1] == '\r')
                                l--;
                        if (!(l >= 8 && memcmp(buf + off, "SSH-2.0-", 8) == 0) &&
                            !(l >= 9 && memcmp(buf + off, "SSH-1.99-", 9) == 0))
                                return l >= 6 && memcmp(buf + off, "SSH-1.", 6) == 0 ? -EPROTONOSUPPORT : -EPROTO;
                        *ret_banner = sanitize(buf + off, l);
                        *ret_consumed = off + n + 1;
                        return 0;
                }
                off += n + 1;
        }
        return -E2BIG;
}

int ssh_packet_parse(const uint8_t *buf, size_t len, const uint8_t **ret_payload, size_t *ret_payload_len,
                     size_t *ret_consumed)
{
        struct binreader r = binreader_make(buf, len);
        uint32_t plen;
        uint8_t padlen;

        if (binreader_u32(&r, &plen) < 0)
                return -EAGAIN;
        /* Check the length before waiting for the body: an impossible length must not make us wait. */
        if (plen > SSH_PACKET_MAX)
                return -E2BIG;
        /* padding_length byte, at least one payload byte (the message number), at least 4 bytes of padding */
        if (plen < 1 + 1 + 4)
                return -EBADMSG;
        if (binreader_left(&r) < plen)
                return -EAGAIN;
        if (binreader_u8(&r, &padlen) < 0)
                return -EAGAIN;
        if (padlen < 4 || (size_t) padlen + 1 >= plen)
                return -EBADMSG;
        *ret_payload = buf + 5;
        *ret_payload_len = plen - 1 - padlen;
        *ret_consumed = (size_t) plen + 4;
        return 0;
}

int ssh_packet_build(const uint8_t *payload, size_t len, uint8_t **ret, size_t *ret_len)
{
        struct ssh_buf b = {};
        size_t pad;
        uint8_t zeros[16] = {};

        if (len > SSH_PACKET_MAX - 32)
                return -E2BIG;
        pad = 8 - ((4 + 1 + len) % 8);
        if (pad < 4)
                pad += 8;
        ssh_buf_u32(&b, (uint32_t) (1 + len + pad));
        ssh_buf_u8(&b, (uint8_t) pad);
        ssh_buf_put(&b, payload, len);
        /* No encryption yet, so padding content does not matter (RFC 4253 6 allows any). */
        ssh_buf_put(&b, zeros, pad);
        *ret = b.data;
        *ret_len = b.len;
        return 0;
}

void ssh_kexinit_clear(struct ssh_kexinit *k)
{
        for (size_t i = 0; i < _SSH_LIST_MAX; i++) {
                strv_free(k->lists[i]);
                k->lists[i] = NULL;
        }
}

static bool name_char_ok(uint8_t c)
{
        /* RFC 4251 6: printable US-ASCII, no comma, no whitespace. */
        return c > 0x20 && c < 0x7f && c != ',';
}

static int name_list_parse(struct binreader *r, char ***ret)
{
        _cleanup_strv_free_ char **l = NULL;
        struct binreader v;
        size_t start = 0, n = 0;
        int k;

        k = binreader_vector(r, 4, &v);
        if (k < 0)
                return k;
        if (v.len == 0) {
                *ret = xmalloc0(sizeof(char *));
                return 0;
        }
        for (size_t i = 0; i <= v.len; i++) {
                if (i < v.len && v.data[i] != ',') {
                        if (!name_char_ok(v.data[i]))
                                return -EBADMSG;
                        continue;
                }
                if (i == start)
                        return -EBADMSG; /* empty name */
                if (++n > SSH_NAMES_MAX)
                        return -E2BIG;
                strv_consume(&l, xstrndup((const char *) v.data + start, i - start));
                start = i + 1;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

int ssh_kexinit_parse(const uint8_t *payload, size_t len, struct ssh_kexinit *ret)
{
        struct binreader r = binreader_make(payload, len);
        struct ssh_kexinit k = {};
        const uint8_t *cookie;
        uint8_t msg, follows;
        uint32_t reserved;
        int e;

        if (binreader_u8(&r, &msg) < 0)
                return -EBADMSG;
        if (msg != SSH_MSG_KEXINIT)
                return -EPROTO;
        if (binreader_bytes(&r, 16, &cookie) < 0)
                return -EBADMSG;
        memcpy(k.cookie, cookie, 16);
        for (size_t i = 0; i < _SSH_LIST_MAX; i++) {
                e = name_list_parse(&r, &k.lists[i]);
                if (e < 0) {
                        ssh_kexinit_clear(&k);
                        return e;
                }
        }
        if (binreader_u8(&r, &follows) < 0 || binreader_u32(&r, &reserved) < 0) {
                ssh_kexinit_clear(&k);
                return -EBADMSG;
        }
        k.first_kex_follows = follows != 0;
        /* Trailing bytes are allowed: RFC 4253 7.1 reserves them for extension. */
        *ret = k;
        return 0;
}

int ssh_kexinit_build(const uint8_t cookie[16], char **const lists[_SSH_LIST_MAX], uint8_t **ret, size_t *ret_len)
{
        struct ssh_buf b = {};

        ssh_buf_u8(&b, SSH_MSG_KEXINIT);
        ssh_buf_put(&b, cookie, 16);
        for (size_t i = 0; i < _SSH_LIST_MAX; i++) {
                _cleanup_free_ char *j = lists[i] ? strv_join(lists[i], ",") : xstrdup("");
                ssh_buf_string(&b, j, strlen(j));
        }
        ssh_buf_u8(&b, 0);
        ssh_buf_u32(&b, 0);
        *ret = b.data;
        *ret_len = b.len;
        return 0;
}

int ssh_kex_reply_hostkey(const uint8_t *payload, size_t len, uint8_t expect_msg, const uint8_t **ret_blob,
                          size_t *ret_blob_len)
{
        struct binreader r = binreader_make(payload, len), ks;
        uint8_t msg;

        if (binreader_u8(&r, &msg) < 0)
                return -EBADMSG;
        if (msg != expect_msg)
                return -EPROTO;
        if (binreader_vector(&r, 4, &ks) < 0 || ks.len == 0)
                return -EBADMSG;
        *ret_blob = ks.data;
        *ret_blob_len = ks.len;
        return 0;
}

unsigned ssh_mpint_bits(const uint8_t *p, size_t n)
{
        unsigned bits;

        while (n > 0 && p[0] == 0) {
                p++;
                n--;
        }
        if (n == 0)
                return 0;
        bits = (unsigned) (n - 1) * 8;
        for (uint8_t c = p[0]; c; c >>= 1)
                bits++;
        return bits;
}

static int mpint_read(struct binreader *r, unsigned *ret_bits)
{
        struct binreader v;
        int k;

        k = binreader_vector(r, 4, &v);
        if (k < 0)
                return k;
        /* Negative numbers are never valid here. */
        if (v.len > 0 && (v.data[0] & 0x80))
                return -EBADMSG;
        /* 16384-bit keys are the practical maximum; anything far beyond is hostile. */
        if (v.len > 4096)
                return -E2BIG;
        if (ret_bits)
                *ret_bits = ssh_mpint_bits(v.data, v.len);
        return 0;
}

int ssh_gex_group_parse(const uint8_t *payload, size_t len, unsigned *ret_pbits)
{
        struct binreader r = binreader_make(payload, len);
        unsigned pbits, gbits;
        uint8_t msg;

        if (binreader_u8(&r, &msg) < 0)
                return -EBADMSG;
        if (msg != SSH_MSG_KEX_ECDH_REPLY) /* KEX_DH_GEX_GROUP shares number 31 */
                return -EPROTO;
        if (mpint_read(&r, &pbits) < 0 || mpint_read(&r, &gbits) < 0)
                return -EBADMSG;
        if (pbits < 512 || gbits < 2)
                return -EBADMSG;
        *ret_pbits = pbits;
        return 0;
}

int ssh_disconnect_parse(const uint8_t *payload, size_t len, uint32_t *ret_code, char **ret_reason)
{
        struct binreader r = binreader_make(payload, len), v;
        uint32_t code;
        uint8_t msg;

        if (binreader_u8(&r, &msg) < 0)
                return -EBADMSG;
        if (msg != SSH_MSG_DISCONNECT)
                return -EPROTO;
        if (binreader_u32(&r, &code) < 0 || binreader_vector(&r, 4, &v) < 0)
                return -EBADMSG;
        *ret_code = code;
        *ret_reason = sanitize(v.data, MIN(v.len, (size_t) 512));
        return 0;
}

void ssh_hostkey_info_clear(struct ssh_hostkey_info *h)
{
        free(h->type);
        free(h->curve);
        *h = (struct ssh_hostkey_info){};
}

static int string_read(struct binreader *r, size_t max, char **ret)
{
        struct binreader v;
        int k;

        k = binreader_vector(r, 4, &v);
        if (k < 0)
                return k;
        if (v.len == 0 || v.len > max)
                return -EBADMSG;
        for (size_t i = 0; i < v.len; i++)
                if (!name_char_ok(v.data[i]))
                        return -EBADMSG;
        *ret = xstrndup((const char *) v.data, v.len);
        return 0;
}

static int key_fields_parse(struct binreader *r, const char *base, struct ssh_hostkey_info *h)
{
        struct binreader v;

        if (streq(base, "ssh-rsa")) {
                unsigned e;
                /* e, n */
                if (mpint_read(r, &e) < 0 || mpint_read(r, &h->bits) < 0)
                        return -EBADMSG;
                return 0;
        }
        if (streq(base, "ssh-dss")) {
                /* p, q, g, y: the size is p's */
                if (mpint_read(r, &h->bits) < 0 || mpint_read(r, NULL) < 0 || mpint_read(r, NULL) < 0 ||
                    mpint_read(r, NULL) < 0)
                        return -EBADMSG;
                return 0;
        }
        if (startswith(base, "ecdsa-sha2-") || startswith(base, "sk-ecdsa-sha2-")) {
                static const struct { const char *name; unsigned bits; } curves[] = {
                        { "nistp256", 256 }, { "nistp384", 384 }, { "nistp521", 521 },
                };
                if (string_read(r, 64, &h->curve) < 0 || binreader_vector(r, 4, &v) < 0 || v.len == 0)
                        return -EBADMSG;
                for (size_t i = 0; i < ARRAY_SIZE(curves); i++)
                        if (streq(h->curve, curves[i].name))
                                h->bits = curves[i].bits;
                return 0;
        }
        if (streq(base, "ssh-ed25519") || startswith(base, "sk-ssh-ed25519")) {
                if (binreader_vector(r, 4, &v) < 0 || v.len != 32)
                        return -EBADMSG;
                h->bits = 256;
                return 0;
        }
        if (streq(base, "ssh-ed448")) {
                if (binreader_vector(r, 4, &v) < 0 || v.len != 57)
                        return -EBADMSG;
                h->bits = 456;
                return 0;
        }
        /* A type we do not know (x509v3-*, ...): report the name, size unknown. */
        return 0;
}

static void fingerprint(const uint8_t *blob, size_t len, char out[64])
{
        unsigned char md[32], b64[48];
        unsigned mdlen = 0;
        int n;

        if (EVP_Digest(blob, len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32) {
                out[0] = 0;
                return;
        }
        n = EVP_EncodeBlock(b64, md, 32);
        while (n > 0 && b64[n - 1] == '=')
                n--;
        snprintf(out, 64, "SHA256:%.*s", n, (const char *) b64);
}

int ssh_hostkey_parse(const uint8_t *blob, size_t len, struct ssh_hostkey_info *ret)
{
        struct binreader r = binreader_make(blob, len);
        struct ssh_hostkey_info h = {};
        _cleanup_free_ char *base = NULL;
        const char *suffix;
        int k;

        k = string_read(&r, 128, &h.type);
        if (k < 0)
                return -EBADMSG;
        suffix = strstr(h.type, "-cert-v01@openssh.com");
        if (suffix) {
                struct binreader nonce;

                h.certificate = true;
                base = xstrndup(h.type, (size_t) (suffix - h.type));
                if (binreader_vector(&r, 4, &nonce) < 0) {
                        ssh_hostkey_info_clear(&h);
                        return -EBADMSG;
                }
        } else
                base = xstrdup(h.type);
        k = key_fields_parse(&r, base, &h);
        if (k < 0) {
                ssh_hostkey_info_clear(&h);
                return k;
        }
        fingerprint(blob, len, h.fingerprint_sha256);
        *ret = h;
        return 0;
}
