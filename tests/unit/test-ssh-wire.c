/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "macro.h"
#include "ssh-scan.h"
#include "ssh-wire.h"
#include "strv.h"

#define LIT(s) (const uint8_t *) (s), sizeof(s) - 1

static void test_banner(void **state)
{
        char *b = NULL;
        size_t n = 0;

        assert_int_equal(ssh_banner_parse(LIT("SSH-2.0-OpenSSH_9.2p1 Debian\r\nrest"), &b, &n), 0);
        assert_string_equal(b, "SSH-2.0-OpenSSH_9.2p1 Debian");
        assert_int_equal(n, 30);
        free(b);
        /* Lines before the identification are allowed; LF alone ends a line. */
        assert_int_equal(ssh_banner_parse(LIT("Welcome\r\nto here\nSSH-1.99-x\n"), &b, &n), 0);
        assert_string_equal(b, "SSH-1.99-x");
        free(b);
        /* Control characters are replaced, not passed on. */
        assert_int_equal(ssh_banner_parse(LIT("SSH-2.0-a\x1b[31mb\r\n"), &b, &n), 0);
        assert_string_equal(b, "SSH-2.0-a?[31mb");
        free(b);
}

static void test_banner_malformed(void **state)
{
        char *b = (char *) 0x1;
        size_t n = 7;
        char big[SSH_BANNER_LINE_MAX + 10];
        _cleanup_free_ char *many = NULL;

        assert_int_equal(ssh_banner_parse(LIT("SSH-2.0-incompl"), &b, &n), -EAGAIN);
        assert_int_equal(ssh_banner_parse(LIT("SSH-1.5-old\r\n"), &b, &n), -EPROTONOSUPPORT);
        assert_int_equal(ssh_banner_parse(LIT("SSH-3.0-x\r\n"), &b, &n), -EPROTO);
        memset(big, 'A', sizeof(big));
        assert_int_equal(ssh_banner_parse((const uint8_t *) big, sizeof(big), &b, &n), -E2BIG);
        many = xmalloc0((SSH_BANNER_LINES_MAX + 2) * 2 + 1);
        for (size_t i = 0; i < SSH_BANNER_LINES_MAX + 2; i++)
                memcpy(many + 2 * i, "x\n", 2);
        assert_int_equal(ssh_banner_parse((const uint8_t *) many, strlen(many), &b, &n), -E2BIG);
        assert_ptr_equal(b, (char *) 0x1);
        assert_int_equal(n, 7);
}

static void test_packet_roundtrip(void **state)
{
        static const uint8_t payload[] = { 20, 1, 2, 3, 4, 5 };
        _cleanup_free_ uint8_t *pkt = NULL;
        const uint8_t *p = NULL;
        size_t n, plen, consumed;

        assert_int_equal(ssh_packet_build(payload, sizeof(payload), &pkt, &n), 0);
        assert_int_equal(n % 8, 0);
        assert_int_equal(ssh_packet_parse(pkt, n, &p, &plen, &consumed), 0);
        assert_int_equal(plen, sizeof(payload));
        assert_memory_equal(p, payload, plen);
        assert_int_equal(consumed, n);
        /* Every strict prefix asks for more. */
        for (size_t i = 0; i < n; i++)
                assert_int_equal(ssh_packet_parse(pkt, i, &p, &plen, &consumed), -EAGAIN);
}

static void test_packet_malformed(void **state)
{
        const uint8_t *p = (const uint8_t *) 0x1;
        size_t plen = 9, consumed = 9;

        /* An impossible length is refused at once, before its body arrives. */
        assert_int_equal(ssh_packet_parse(LIT("\xff\xff\xff\xf0\x04"), &p, &plen, &consumed), -E2BIG);
        assert_int_equal(ssh_packet_parse(LIT("\x00\x01\x00\x01"), &p, &plen, &consumed), -E2BIG);
        /* Too short to hold padding and a message number. */
        assert_int_equal(ssh_packet_parse(LIT("\x00\x00\x00\x02\x01\x14"), &p, &plen, &consumed), -EBADMSG);
        /* Padding under 4 bytes, and padding that eats the payload. */
        assert_int_equal(ssh_packet_parse(LIT("\x00\x00\x00\x08\x02\x14\x00\x00\x00\x00\x00\x00"), &p, &plen, &consumed), -EBADMSG);
        assert_int_equal(ssh_packet_parse(LIT("\x00\x00\x00\x08\x07\x14\x00\x00\x00\x00\x00\x00"), &p, &plen, &consumed), -EBADMSG);
        assert_ptr_equal(p, (const uint8_t *) 0x1);
        assert_int_equal(plen, 9);
        assert_int_equal(consumed, 9);
}

static void test_kexinit_roundtrip(void **state)
{
        char *kex[] = { "curve25519-sha256", "diffie-hellman-group14-sha1", NULL };
        char *hk[] = { "ssh-ed25519", NULL };
        char *c[] = { "aes256-gcm@openssh.com", "aes128-ctr", NULL };
        char *c2[] = { "aes128-ctr", NULL };
        char **lists[_SSH_LIST_MAX] = { kex, hk, c, c2, NULL, NULL, NULL, NULL, NULL, NULL };
        uint8_t cookie[16] = { 1, 2, 3 };
        _cleanup_free_ uint8_t *b = NULL;
        _cleanup_strv_free_ char **u = NULL;
        struct ssh_kexinit k = {};
        size_t n;

        assert_int_equal(ssh_kexinit_build(cookie, lists, &b, &n), 0);
        assert_int_equal(ssh_kexinit_parse(b, n, &k), 0);
        assert_memory_equal(k.cookie, cookie, 16);
        assert_int_equal(strv_length(k.lists[SSH_LIST_KEX]), 2);
        assert_string_equal(k.lists[SSH_LIST_KEX][1], "diffie-hellman-group14-sha1");
        assert_string_equal(k.lists[SSH_LIST_HOSTKEY][0], "ssh-ed25519");
        assert_non_null(k.lists[SSH_LIST_LANG_S2C]);
        assert_null(k.lists[SSH_LIST_LANG_S2C][0]);
        u = ssh_list_union(&k, SSH_LIST_CIPHERS_C2S);
        assert_int_equal(strv_length(u), 2);
        assert_string_equal(u[0], "aes256-gcm@openssh.com");
        ssh_kexinit_clear(&k);

        /* Every truncation fails cleanly and leaves the result untouched. */
        for (size_t i = 0; i < n; i++) {
                struct ssh_kexinit t = { .first_kex_follows = true };
                assert_int_not_equal(ssh_kexinit_parse(b, i, &t), 0);
                assert_true(t.first_kex_follows);
                assert_null(t.lists[0]);
        }
}

static void test_kexinit_malformed(void **state)
{
        struct ssh_kexinit k = {};
        uint8_t buf[64] = { 20 };

        /* Not a KEXINIT. */
        assert_int_equal(ssh_kexinit_parse(LIT("\x15"), &k), -EPROTO);
        /* An empty name inside a list: "a,,b". */
        memcpy(buf + 17, "\x00\x00\x00\x04" "a,,b", 8);
        assert_int_equal(ssh_kexinit_parse(buf, 25, &k), -EBADMSG);
        /* A trailing comma. */
        memcpy(buf + 17, "\x00\x00\x00\x02" "a,", 6);
        assert_int_equal(ssh_kexinit_parse(buf, 23, &k), -EBADMSG);
        /* A control character in a name. */
        memcpy(buf + 17, "\x00\x00\x00\x02" "a\x01", 6);
        assert_int_equal(ssh_kexinit_parse(buf, 23, &k), -EBADMSG);
        assert_null(k.lists[0]);
}

static void test_hostkey(void **state)
{
        struct ssh_buf b = {};
        struct ssh_hostkey_info h = {};
        uint8_t n[257] = { 0x00, 0xc1 }; /* 2048-bit modulus with a sign byte */
        uint8_t q[65] = { 4 };
        uint8_t ed[32] = { 9 };

        ssh_buf_string(&b, "ssh-rsa", 7);
        ssh_buf_string(&b, "\x01\x00\x01", 3);
        ssh_buf_string(&b, n, sizeof(n));
        assert_int_equal(ssh_hostkey_parse(b.data, b.len, &h), 0);
        assert_string_equal(h.type, "ssh-rsa");
        assert_int_equal(h.bits, 2048);
        assert_true(startswith(h.fingerprint_sha256, "SHA256:") != NULL);
        assert_int_equal(strlen(h.fingerprint_sha256), 7 + 43);
        ssh_hostkey_info_clear(&h);
        /* Truncated: untouched. */
        h.bits = 77;
        assert_int_equal(ssh_hostkey_parse(b.data, b.len - 1, &h), -EBADMSG);
        assert_int_equal(h.bits, 77);
        free(b.data);
        b = (struct ssh_buf){};

        ssh_buf_string(&b, "ecdsa-sha2-nistp384", 19);
        ssh_buf_string(&b, "nistp384", 8);
        ssh_buf_string(&b, q, sizeof(q));
        assert_int_equal(ssh_hostkey_parse(b.data, b.len, &h), 0);
        assert_int_equal(h.bits, 384);
        assert_string_equal(h.curve, "nistp384");
        ssh_hostkey_info_clear(&h);
        free(b.data);
        b = (struct ssh_buf){};

        ssh_buf_string(&b, "ssh-ed25519-cert-v01@openssh.com", 32);
        ssh_buf_string(&b, "nonce", 5);
        ssh_buf_string(&b, ed, sizeof(ed));
        assert_int_equal(ssh_hostkey_parse(b.data, b.len, &h), 0);
        assert_int_equal(h.bits, 256);
        assert_true(h.certificate);
        ssh_hostkey_info_clear(&h);
        free(b.data);
        b = (struct ssh_buf){};

        /* ed25519 with a wrong key length */
        ssh_buf_string(&b, "ssh-ed25519", 11);
        ssh_buf_string(&b, ed, 31);
        assert_int_equal(ssh_hostkey_parse(b.data, b.len, &h), -EBADMSG);
        free(b.data);
}

static void test_mpint_bits(void **state)
{
        assert_int_equal(ssh_mpint_bits((const uint8_t *) "\x00\x80", 2), 8);
        assert_int_equal(ssh_mpint_bits((const uint8_t *) "\x01\x00", 2), 9);
        assert_int_equal(ssh_mpint_bits((const uint8_t *) "\x00\x00", 2), 0);
        assert_int_equal(ssh_mpint_bits(NULL, 0), 0);
}

static void test_kex_reply(void **state)
{
        const uint8_t *blob = (const uint8_t *) 0x1;
        size_t n = 3;

        assert_int_equal(ssh_kex_reply_hostkey(LIT("\x1f\x00\x00\x00\x03" "abc" "\x00\x00\x00\x00"), 31, &blob, &n), 0);
        assert_int_equal(n, 3);
        assert_memory_equal(blob, "abc", 3);
        blob = (const uint8_t *) 0x1;
        assert_int_equal(ssh_kex_reply_hostkey(LIT("\x21\x00\x00\x00\x03" "abc"), 31, &blob, &n), -EPROTO);
        assert_int_equal(ssh_kex_reply_hostkey(LIT("\x1f\xff\xff\xff\xff" "abc"), 31, &blob, &n), -EBADMSG);
        assert_int_equal(ssh_kex_reply_hostkey(LIT("\x1f\x00\x00\x00\x00"), 31, &blob, &n), -EBADMSG);
        assert_ptr_equal(blob, (const uint8_t *) 0x1);
}

static void test_target_parse(void **state)
{
        char *h = NULL, *p = NULL;

        assert_int_equal(ssh_target_parse("127.0.0.1:2222", "22", &h, &p), 0);
        assert_string_equal(h, "127.0.0.1");
        assert_string_equal(p, "2222");
        free(h), free(p);
        assert_int_equal(ssh_target_parse("[::1]:22", "22", &h, &p), 0);
        assert_string_equal(h, "::1");
        free(h), free(p);
        assert_int_equal(ssh_target_parse("fe80::1", "22", &h, &p), 0);
        assert_string_equal(h, "fe80::1");
        assert_string_equal(p, "22");
        free(h), free(p);
        h = p = NULL;
        assert_int_equal(ssh_target_parse("host:0", "22", &h, &p), -EINVAL);
        assert_int_equal(ssh_target_parse("host:65536", "22", &h, &p), -EINVAL);
        assert_int_equal(ssh_target_parse("host:-1", "22", &h, &p), -EINVAL);
        /* Digits only: strtoul() took leading blanks and a sign. */
        assert_int_equal(ssh_target_parse("host: 22", "22", &h, &p), -EINVAL);
        assert_int_equal(ssh_target_parse("host:+22", "22", &h, &p), -EINVAL);
        assert_int_equal(ssh_target_parse("host:0x16", "22", &h, &p), -EINVAL);
        assert_int_equal(ssh_target_parse(":22", "22", &h, &p), -EINVAL);
        assert_int_equal(ssh_target_parse("[]:22", "22", &h, &p), -EINVAL);
        assert_int_equal(ssh_target_parse("[::1]x", "22", &h, &p), -EINVAL);
        assert_null(h);
        assert_null(p);
}

static void test_detect_and_choose(void **state)
{
        char *kex[] = { "sntrup761x25519-sha512@openssh.com", "diffie-hellman-group14-sha1", "curve25519-sha256", NULL };
        char *kex2[] = { "mlkem768x25519-sha256", NULL };

        assert_true(ssh_detect(LIT("SSH-2.0-x")));
        assert_true(ssh_detect(LIT("SS")));
        assert_false(ssh_detect(LIT("\x16\x03\x01")));
        assert_false(ssh_detect(NULL, 0));
        assert_string_equal(ssh_probe_kex_choose(kex), "curve25519-sha256");
        assert_null(ssh_probe_kex_choose(kex2));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_banner),
                cmocka_unit_test(test_banner_malformed),
                cmocka_unit_test(test_packet_roundtrip),
                cmocka_unit_test(test_packet_malformed),
                cmocka_unit_test(test_kexinit_roundtrip),
                cmocka_unit_test(test_kexinit_malformed),
                cmocka_unit_test(test_hostkey),
                cmocka_unit_test(test_mpint_bits),
                cmocka_unit_test(test_kex_reply),
                cmocka_unit_test(test_target_parse),
                cmocka_unit_test(test_detect_and_choose),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
