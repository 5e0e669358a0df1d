/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "binreader.h"
#include "macro.h"
#include "tls-internal.h"
#include "tls-proto.h"

/* A TLS 1.2 ServerHello choosing 0xC02F with renegotiation_info and EMS. */
static const uint8_t sh12[] = {
        0x03, 0x03,
        0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
        0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
        0x00,             /* session id */
        0xc0, 0x2f, 0x00, /* suite, compression */
        0x00, 0x09,       /* extensions */
        0xff, 0x01, 0x00, 0x01, 0x00,
        0x00, 0x17, 0x00, 0x00,
};

static void test_client_hello_shape(void **state)
{
        static const uint16_t suites[] = { 0xC02F, 0x000A, 0x0005 };
        static const uint16_t groups[] = { 0x001d };
        struct tls_hello_params p = { .version = TLS_VERSION_TLS12, .suites = suites, .n_suites = 3,
                                      .groups = groups, .n_groups = 1, .sni = "example.org" };
        _cleanup_free_ uint8_t *buf = NULL;
        size_t len = 0;
        struct binreader r, hs, v;
        uint8_t type;
        uint16_t u16;
        uint32_t u24;

        assert_int_equal(tls_build_client_hello(&p, &buf, &len), 0);
        r = binreader_make(buf, len);
        assert_int_equal(binreader_u8(&r, &type), 0);
        assert_int_equal(type, TLS_CT_HANDSHAKE);
        assert_int_equal(binreader_u16(&r, &u16), 0);
        assert_int_equal(u16, TLS_VERSION_TLS10);
        assert_int_equal(binreader_vector(&r, 2, &hs), 0);
        assert_int_equal(binreader_left(&r), 0);
        assert_int_equal(binreader_u8(&hs, &type), 0);
        assert_int_equal(type, TLS_HS_CLIENT_HELLO);
        assert_int_equal(binreader_u24(&hs, &u24), 0);
        assert_int_equal(u24, binreader_left(&hs));
        assert_int_equal(binreader_u16(&hs, &u16), 0);
        assert_int_equal(u16, TLS_VERSION_TLS12);
        assert_int_equal(binreader_skip(&hs, 32), 0);
        assert_int_equal(binreader_vector(&hs, 1, &v), 0);
        assert_int_equal(binreader_vector(&hs, 2, &v), 0);
        assert_int_equal(v.len, 6);
        assert_int_equal(binreader_u16(&v, &u16), 0);
        assert_int_equal(u16, 0xC02F);
        /* SNI is present by name. */
        assert_non_null(memmem(buf, len, "example.org", 11));

        /* No suites, or an SNI longer than a label list allows, is refused. */
        p.n_suites = 0;
        assert_int_equal(tls_build_client_hello(&p, &buf, &len), -EINVAL);
}

static void test_client_hello_tls13(void **state)
{
        static const uint16_t suites[] = { 0x1301 };
        static const uint8_t key[32] = { 9 };
        struct tls_key_share share = { 0x001d, key, sizeof(key) };
        struct tls_hello_params p = { .version = TLS_VERSION_TLS13, .suites = suites, .n_suites = 1,
                                      .shares = &share, .n_shares = 1 };
        _cleanup_free_ uint8_t *buf = NULL;
        size_t len = 0;

        assert_int_equal(tls_build_client_hello(&p, &buf, &len), 0);
        /* supported_versions with exactly TLS 1.3. */
        assert_non_null(memmem(buf, len, (const uint8_t[]){ 0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04 }, 7));
        /* key_share: x25519 with a 32-byte key. */
        assert_non_null(memmem(buf, len, (const uint8_t[]){ 0x00, 0x1d, 0x00, 0x20, 0x09 }, 5));
}

static void test_server_hello(void **state)
{
        struct tls_server_hello sh = { .suite = 0x4242 };

        assert_int_equal(tls_parse_server_hello(sh12, sizeof(sh12), &sh), 0);
        assert_int_equal(sh.version, TLS_VERSION_TLS12);
        assert_int_equal(sh.suite, 0xC02F);
        assert_true(sh.ext_renegotiation_info);
        assert_true(sh.ext_extended_master_secret);
        assert_false(sh.ext_encrypt_then_mac);
        assert_false(sh.hello_retry);

        /* Every truncation is malformed and leaves ret untouched. */
        for (size_t n = 0; n < sizeof(sh12); n++) {
                struct tls_server_hello t = { .suite = 0x4242 };
                if (n == 38) /* ends right after compression: no extensions is valid */
                        continue;
                assert_int_equal(tls_parse_server_hello(sh12, n, &t), -EBADMSG);
                assert_int_equal(t.suite, 0x4242);
        }
        /* An extension length beyond the block. */
        uint8_t bad[sizeof(sh12)];
        memcpy(bad, sh12, sizeof(bad));
        bad[sizeof(bad) - 1 - 4 - 2] = 0x20;
        assert_int_equal(tls_parse_server_hello(bad, sizeof(bad), &sh), -EBADMSG);
}

static void test_reader_events(void **state)
{
        struct tls_reader r;
        struct tls_event ev;
        uint8_t rec[5 + 4 + sizeof(sh12)];

        rec[0] = 22, rec[1] = 3, rec[2] = 3, rec[3] = 0, rec[4] = 4 + sizeof(sh12);
        rec[5] = 2, rec[6] = 0, rec[7] = 0, rec[8] = sizeof(sh12);
        memcpy(rec + 9, sh12, sizeof(sh12));

        /* One byte at a time: nothing until the record is complete. */
        tls_reader_init(&r, 0);
        for (size_t i = 0; i < sizeof(rec) - 1; i++) {
                assert_int_equal(tls_reader_feed(&r, rec + i, 1), 0);
                assert_int_equal(tls_reader_next(&r, &ev), 0);
        }
        assert_int_equal(tls_reader_feed(&r, rec + sizeof(rec) - 1, 1), 0);
        assert_int_equal(tls_reader_next(&r, &ev), 1);
        assert_int_equal(ev.kind, TLS_EVENT_HANDSHAKE);
        assert_int_equal(ev.hs_type, TLS_HS_SERVER_HELLO);
        assert_int_equal(ev.body_len, sizeof(sh12));
        assert_memory_equal(ev.body, sh12, sizeof(sh12));
        assert_int_equal(tls_reader_next(&r, &ev), 0);

        /* An alert. */
        assert_int_equal(tls_reader_feed(&r, (const uint8_t[]){ 21, 3, 3, 0, 2, 2, 40 }, 7), 0);
        assert_int_equal(tls_reader_next(&r, &ev), 1);
        assert_int_equal(ev.kind, TLS_EVENT_ALERT);
        assert_int_equal(ev.alert_desc, TLS_ALERT_HANDSHAKE_FAILURE);
        tls_reader_done(&r);
}

static void test_reader_hostile(void **state)
{
        struct tls_reader r;
        struct tls_event ev;

        /* Impossible record length. */
        tls_reader_init(&r, 0);
        assert_int_equal(tls_reader_feed(&r, (const uint8_t[]){ 22, 3, 3, 0xff, 0xff }, 5), 0);
        assert_int_equal(tls_reader_next(&r, &ev), -EBADMSG);
        assert_non_null(strstr(r.error, "65535"));
        tls_reader_done(&r);

        /* Not TLS at all. */
        tls_reader_init(&r, 0);
        assert_int_equal(tls_reader_feed(&r, (const uint8_t *) "SSH-2.0-OpenSSH\r\n", 17), 0);
        assert_int_equal(tls_reader_next(&r, &ev), -EBADMSG);
        tls_reader_done(&r);

        /* A handshake message claiming 16 MiB is refused at its header. */
        tls_reader_init(&r, 0);
        assert_int_equal(tls_reader_feed(&r, (const uint8_t[]){ 22, 3, 3, 0, 4, 11, 0xff, 0xff, 0xff }, 9), 0);
        assert_int_equal(tls_reader_next(&r, &ev), -E2BIG);
        tls_reader_done(&r);

        /* Handshake bytes beyond the cap across many records. */
        tls_reader_init(&r, 1024);
        uint8_t rec[5 + 512];
        memset(rec, 0, sizeof(rec));
        rec[0] = 22, rec[1] = 3, rec[2] = 3, rec[3] = 2, rec[4] = 0;
        rec[5] = 11, rec[6] = 0, rec[7] = 0x03, rec[8] = 0xf0; /* claims 1008 bytes: fits the cap */
        int k = 0;
        for (int i = 0; i < 4 && k == 0; i++) {
                assert_int_equal(tls_reader_feed(&r, rec, sizeof(rec)), 0);
                k = tls_reader_next(&r, &ev);
        }
        assert_true(k == 1 || k == -E2BIG);
        tls_reader_done(&r);

        /* An empty alert record. */
        tls_reader_init(&r, 0);
        assert_int_equal(tls_reader_feed(&r, (const uint8_t[]){ 21, 3, 3, 0, 1, 2 }, 6), 0);
        assert_int_equal(tls_reader_next(&r, &ev), -EBADMSG);
        tls_reader_done(&r);
}

static void test_server_key_exchange(void **state)
{
        /* ECDHE x25519, 1-byte point, rsa_pss_rsae_sha256, 2-byte signature. */
        static const uint8_t ecdhe[] = { 3, 0x00, 0x1d, 1, 0xaa, 0x08, 0x04, 0x00, 0x02, 0xbb, 0xcc };
        /* DHE: p = 0x00 0x80 0x01 (16 bits after leading zero), g = 2, Ys = 5, no TLS 1.2 scheme. */
        static const uint8_t dhe[] = { 0, 3, 0x00, 0x80, 0x01, 0, 1, 2, 0, 1, 5, 0, 1, 0xdd };
        struct tls_server_key_exchange ske = { .group = 0x4242 };

        assert_int_equal(tls_parse_server_key_exchange(ecdhe, sizeof(ecdhe), TLS_KEX_ECDHE, false, TLS_VERSION_TLS12, &ske), 0);
        assert_int_equal(ske.group, 0x001d);
        assert_int_equal(ske.sigalg, 0x0804);
        assert_int_equal(tls_parse_server_key_exchange(dhe, sizeof(dhe), TLS_KEX_DHE, false, TLS_VERSION_TLS10, &ske), 0);
        assert_int_equal(ske.dh_bits, 16);
        for (size_t n = 0; n < sizeof(ecdhe); n++) {
                struct tls_server_key_exchange t = { .group = 0x4242 };
                assert_true(tls_parse_server_key_exchange(ecdhe, n, TLS_KEX_ECDHE, false, TLS_VERSION_TLS12, &t) < 0);
                assert_int_equal(t.group, 0x4242);
        }
}

static void test_certificate_list(void **state)
{
        static const uint8_t list[] = { 0, 0, 8, 0, 0, 2, 0xaa, 0xbb, 0, 0, 0 + 0, };
        static const uint8_t good[] = { 0, 0, 10, 0, 0, 2, 0xaa, 0xbb, 0, 0, 2, 0xcc, 0xdd };
        struct tls_der d[4];

        assert_int_equal(tls_parse_certificate_list(good, sizeof(good), d, 4), 2);
        assert_int_equal(d[1].len, 2);
        assert_int_equal(d[1].der[0], 0xcc);
        assert_int_equal(tls_parse_certificate_list(good, sizeof(good), d, 1), -E2BIG);
        assert_int_equal(tls_parse_certificate_list(list, sizeof(list), d, 4), -EBADMSG);
        assert_int_equal(tls_parse_certificate_list(good, sizeof(good) - 1, d, 4), -EBADMSG);
}

static void test_offer_codes(void **state)
{
        _cleanup_free_ uint16_t *legacy = NULL, *modern = NULL, *buf_codes = NULL;
        size_t nl = tls_offer_codes(false, &legacy), nm = tls_offer_codes(true, &modern);
        bool has_3des = false, has_rc4 = false, has_export = false;

        /* Every suite Debian's OpenSSL lacks is still offered; signalling values and TLS 1.3 suites are not. */
        for (size_t i = 0; i < nl; i++) {
                has_3des |= legacy[i] == 0x000A;
                has_rc4 |= legacy[i] == 0x0005;
                has_export |= legacy[i] == 0x0003;
                assert_int_not_equal(legacy[i], 0x00FF);
                assert_int_not_equal(legacy[i], 0x5600);
                const struct tls_suite *t = tls_suite_by_code(legacy[i]);
                assert_false(t ? tls_suite_is_tls13(t) : (legacy[i] >> 8) == 0x13);
        }
        assert_true(has_3des && has_rc4 && has_export);
        /* TLS 1.3 suites, including those outside 0x13xx (TLS_SM4_GCM_SM3 is 0x00C6). */
        for (size_t i = 0; i < nm; i++) {
                const struct tls_suite *t = tls_suite_by_code(modern[i]);
                assert_true(t ? tls_suite_is_tls13(t) : (modern[i] >> 8) == 0x13);
        }
        assert_true(nm >= 5);

        /* All of them fit one ClientHello record. */
        struct tls_hello_params p = { .version = TLS_VERSION_TLS12, .suites = legacy, .n_suites = nl };
        _cleanup_free_ uint8_t *hello = NULL;
        size_t len;
        assert_int_equal(tls_build_client_hello(&p, &hello, &len), 0);
        assert_true(len - 5 <= 16384);
        (void) buf_codes;
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_client_hello_shape),
                cmocka_unit_test(test_client_hello_tls13),
                cmocka_unit_test(test_server_hello),
                cmocka_unit_test(test_reader_events),
                cmocka_unit_test(test_reader_hostile),
                cmocka_unit_test(test_server_key_exchange),
                cmocka_unit_test(test_certificate_list),
                cmocka_unit_test(test_offer_codes),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
