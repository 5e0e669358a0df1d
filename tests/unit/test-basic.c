/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include "binreader.h"
#include "cursor.h"
#include "fdio.h"
#include "fs-util.h"
#include "hash.h"
#include "macro.h"
#include "parse-util.h"
#include "sign.h"
#include "strv.h"
#include "time-util.h"

static void test_cursor_lines(void **state)
{
        static const char text[] = "one\r\ntwo\n\nlast";
        struct cursor c = cursor_make(text, sizeof(text) - 1);
        struct slice l;

        assert_true(cursor_line(&c, &l));
        assert_true(slice_eq(l, "one"));
        assert_true(cursor_line(&c, &l));
        assert_true(slice_eq(l, "two"));
        assert_true(cursor_line(&c, &l));
        assert_int_equal(l.len, 0);
        assert_true(cursor_line(&c, &l));
        assert_true(slice_eq(l, "last"));
        assert_false(cursor_line(&c, &l));
}

static void test_slice_words(void **state)
{
        struct slice s = { "  Ciphers   aes128-ctr,aes256-ctr  ", 35 }, w;

        assert_true(slice_word(&s, &w));
        assert_true(slice_eq(w, "Ciphers"));
        assert_true(slice_word(&s, &w));
        assert_true(slice_eq(w, "aes128-ctr,aes256-ctr"));
        assert_false(slice_word(&s, &w));
}

static void test_slice_numbers(void **state)
{
        uint64_t v = 7;

        assert_int_equal(slice_to_u64((struct slice){ "0044", 4 }, 16, &v), 0);
        assert_int_equal(v, 0x44);
        v = 7;
        assert_int_equal(slice_to_u64((struct slice){ "12x", 3 }, 10, &v), -EINVAL);
        assert_int_equal(v, 7);
        assert_int_equal(slice_to_u64((struct slice){ "99999999999999999999", 20 }, 10, &v), -ERANGE);
        assert_int_equal(slice_to_u64((struct slice){ "", 0 }, 10, &v), -EINVAL);
        assert_int_equal(v, 7);
}

static void test_binreader_bounds(void **state)
{
        static const uint8_t msg[] = { 0x16, 0x03, 0x03, 0x00, 0x02, 0xaa, 0xbb, 0x01 };
        struct binreader r = binreader_make(msg, sizeof(msg)), v;
        uint8_t u8 = 0x55;
        uint16_t u16;
        uint32_t u32 = 0x1234;

        assert_int_equal(binreader_u8(&r, &u8), 0);
        assert_int_equal(u8, 0x16);
        assert_int_equal(binreader_u16(&r, &u16), 0);
        assert_int_equal(u16, 0x0303);
        assert_int_equal(binreader_vector(&r, 2, &v), 0);
        assert_int_equal(binreader_left(&v), 2);
        assert_int_equal(binreader_left(&r), 1);
        /* Past the end: an error, the value and the position untouched. */
        assert_int_equal(binreader_u32(&r, &u32), -EBADMSG);
        assert_int_equal(u32, 0x1234);
        assert_int_equal(binreader_left(&r), 1);
        /* A vector whose length prefix lies about the size. */
        static const uint8_t lie[] = { 0x00, 0xff, 0x01 };
        r = binreader_make(lie, sizeof(lie));
        assert_int_equal(binreader_vector(&r, 2, &v), -EBADMSG);
        assert_int_equal(r.off, 0);
        assert_int_equal(binreader_vector(&r, 5, &v), -EINVAL);
}

static void test_strv(void **state)
{
        _cleanup_strv_free_ char **l = strv_split("b,,a c", ", ");
        _cleanup_free_ char *j = NULL;

        assert_int_equal(strv_length(l), 3);
        strv_sort(l);
        j = strv_join(l, "|");
        assert_string_equal(j, "a|b|c");
        assert_true(strv_contains(l, "c"));
        assert_false(strv_contains(l, "d"));
}

static void test_strv_consume_n(void **state)
{
        char **l = xmalloc0(sizeof(char *));
        size_t n = 0;

        for (size_t i = 0; i < 1000; i++)
                strv_consume_n(&l, &n, xasprintf("%zu", i));
        assert_int_equal(n, 1000);
        assert_int_equal(strv_length(l), 1000);
        assert_string_equal(l[0], "0");
        assert_string_equal(l[999], "999");
        assert_null(l[1000]);
        strv_free(l);
        /* Starting from NULL works too. */
        l = NULL;
        n = 0;
        strv_consume_n(&l, &n, xstrdup("x"));
        assert_int_equal(strv_length(l), 1);
        strv_free(l);
}

static void test_sha256(void **state)
{
        char hex[SHA256_HEX_LEN + 1];

        sha256_hex("abc", 3, hex);
        assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_read_full_fd_cap(void **state)
{
        int p[2];
        char *buf = (char *) 0x1;
        size_t len = 99;

        assert_int_equal(pipe(p), 0);
        assert_int_equal(write_full(p[1], "0123456789", 10), 0);
        close(p[1]);
        assert_int_equal(read_full_fd(p[0], 5, &buf, &len), -EFBIG);
        assert_ptr_equal(buf, (char *) 0x1);
        assert_int_equal(len, 99);
        close(p[0]);

        assert_int_equal(pipe(p), 0);
        assert_int_equal(write_full(p[1], "0123456789", 10), 0);
        close(p[1]);
        assert_int_equal(read_full_fd(p[0], 10, &buf, &len), 0);
        assert_int_equal(len, 10);
        assert_string_equal(buf, "0123456789");
        free(buf);
        close(p[0]);
}

static void test_write_file_atomic(void **state)
{
        char dir[] = "/tmp/bulwark-test-XXXXXX";
        _cleanup_free_ char *path = NULL, *buf = NULL;
        FILE *f;
        size_t n;

        assert_non_null(mkdtemp(dir));
        path = xasprintf("%s/out.json", dir);
        assert_int_equal(write_file_atomic(path, "{}\n", 3, 0644), 0);
        f = fopen(path, "re");
        assert_non_null(f);
        buf = xmalloc0(16);
        n = fread(buf, 1, 15, f);
        fclose(f);
        assert_int_equal(n, 3);
        assert_string_equal(buf, "{}\n");
        unlink(path);
        /* A directory that does not exist: an error, nothing half-written. */
        free(path);
        path = xasprintf("%s/missing/out.json", dir);
        assert_true(write_file_atomic(path, "x", 1, 0644) < 0);
        rmdir(dir);
}

static char *xvasprintf_wrap(const char *fmt, ...) _printf_(1, 2);
static char *xvasprintf_wrap(const char *fmt, ...)
{
        va_list ap;
        char *s;

        va_start(ap, fmt);
        s = xvasprintf(fmt, ap);
        va_end(ap);
        return s;
}

static void test_xvasprintf(void **state)
{
        _cleanup_free_ char *a = xvasprintf_wrap("%s=%d%s", "key", 42, "");
        _cleanup_free_ char *b = xvasprintf_wrap("%s", "");
        _cleanup_free_ char *c = xasprintf("%05u|%-3s|", 7u, "x");

        assert_string_equal(a, "key=42");
        assert_string_equal(b, "");
        assert_string_equal(c, "00007|x  |");
}

static void test_parse_uint(void **state)
{
        static const char *const bad[] = {
                "", " 1", "1 ", "+1", "-1", "-0", "0x10", "1e3", "12a", "a12", "1.5", "\t7", "7\n",
                "99999999999999999999999", /* ERANGE */
                "4294967296",              /* past unsigned */
        };
        unsigned v = 12345;

        assert_int_equal(parse_uint("0", 0, 10, &v), 0);
        assert_int_equal(v, 0);
        assert_int_equal(parse_uint("10", 0, 10, &v), 0);
        assert_int_equal(v, 10);
        assert_int_equal(parse_uint("007", 1, 10, &v), 0);
        assert_int_equal(v, 7);
        assert_int_equal(parse_uint("4294967295", 0, 4294967295ul, &v), 0);
        assert_int_equal(v, 4294967295u);

        /* Malformed or out of range: -EINVAL, and ret untouched. */
        for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
                v = 12345;
                assert_int_equal(parse_uint(bad[i], 0, ~0ul, &v), -EINVAL);
                assert_int_equal(v, 12345);
        }
        v = 12345;
        assert_int_equal(parse_uint(NULL, 0, 10, &v), -EINVAL);
        assert_int_equal(parse_uint("11", 0, 10, &v), -EINVAL);
        assert_int_equal(parse_uint("0", 1, 10, &v), -EINVAL);
        assert_int_equal(parse_uint("65536", 1, 65535, &v), -EINVAL);
        assert_int_equal(v, 12345);
}

static void test_now_ms(void **state)
{
        struct timespec pause = { .tv_nsec = 20 * 1000 * 1000 };
        uint64_t a = now_ms(), b;

        assert_int_equal(nanosleep(&pause, NULL), 0);
        b = now_ms();
        /* Monotonic and in milliseconds: 20 ms of sleep shows as at least 20, and not as seconds or microseconds. */
        assert_true(b >= a + 20);
        assert_true(b < a + 10000);
}

static void test_mkdir_p(void **state)
{
        char dir[] = "/tmp/bulwark-test-XXXXXX";
        _cleanup_free_ char *deep = NULL, *mid = NULL, *top = NULL, *file = NULL, *under_file = NULL;
        struct stat st;
        mode_t old = umask(022);

        assert_non_null(mkdtemp(dir));
        top = xasprintf("%s/a", dir);
        mid = xasprintf("%s/a/b", dir);
        deep = xasprintf("%s/a/b/c", dir);
        assert_int_equal(mkdir_p(deep, 0700), 0);
        assert_int_equal(stat(deep, &st), 0);
        assert_true(S_ISDIR(st.st_mode));
        assert_int_equal(st.st_mode & 07777, 0700);
        assert_int_equal(stat(mid, &st), 0);
        assert_int_equal(st.st_mode & 07777, 0755);
        /* Again: what exists is fine. */
        assert_int_equal(mkdir_p(deep, 0700), 0);

        /* A parent that is a file: the error of the mkdir below it. */
        file = xasprintf("%s/f", dir);
        assert_int_equal(write_file_atomic(file, "x", 1, 0644), 0);
        under_file = xasprintf("%s/f/sub/dir", dir);
        assert_int_equal(mkdir_p(under_file, 0755), -ENOTDIR);

        umask(old);
        unlink(file);
        rmdir(deep);
        rmdir(mid);
        rmdir(top);
        rmdir(dir);
}

static void test_read_regular(void **state)
{
        char dir[] = "/tmp/bulwark-test-XXXXXX";
        _cleanup_free_ char *file = NULL, *fifo = NULL, *buf = NULL;
        char *untouched = (char *) 0x1;
        size_t len = 99;
        int fd;

        assert_non_null(mkdtemp(dir));
        file = xasprintf("%s/file", dir);
        fifo = xasprintf("%s/fifo", dir);
        assert_int_equal(write_file_atomic(file, "0123456789", 10, 0644), 0);
        assert_int_equal(mkfifo(fifo, 0600), 0);

        assert_int_equal(read_regular_file(file, 10, &buf, &len), 0);
        assert_string_equal(buf, "0123456789");
        assert_int_equal(len, 10);

        /* Over the cap (known from fstat), a directory, a FIFO (the open must not block), a missing file: ret untouched. */
        len = 99;
        assert_int_equal(read_regular_file(file, 9, &untouched, &len), -EFBIG);
        assert_int_equal(read_regular_file(dir, 1 << 20, &untouched, &len), -EISDIR);
        assert_int_equal(read_regular_file(fifo, 1 << 20, &untouched, &len), -EBADFD);
        assert_int_equal(read_regular_file("/nonexistent/bulwark", 1 << 20, &untouched, &len), -ENOENT);
        assert_ptr_equal(untouched, (char *) 0x1);
        assert_int_equal(len, 99);

        /* The fd form leaves the fd blocking for the read and reads from where it is. */
        fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        assert_true(fd >= 0);
        free(buf);
        buf = NULL;
        assert_int_equal(read_regular_fd(fd, 10, &buf, NULL), 0);
        assert_string_equal(buf, "0123456789");
        assert_int_equal(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
        close(fd);

        unlink(fifo);
        unlink(file);
        rmdir(dir);
}

/* The public half of key alone, as a verifier has it. */
static EVP_PKEY *public_only(EVP_PKEY *key)
{
        unsigned char *der = NULL;
        const unsigned char *p;
        int n = i2d_PUBKEY(key, &der);
        EVP_PKEY *pub;

        assert_true(n > 0);
        p = der;
        pub = d2i_PUBKEY(NULL, &p, n);
        OPENSSL_free(der);
        assert_non_null(pub);
        return pub;
}

/* The real openssl program as the oracle: does it accept sig as key's signature of msg? */
static bool openssl_verifies(EVP_PKEY *key, const char *msg, const unsigned char *sig, size_t sig_len)
{
        char dir[] = "/tmp/bulwark-test-XXXXXX";
        _cleanup_free_ char *pubp = NULL, *msgp = NULL, *sigp = NULL, *cmd = NULL;
        FILE *f;
        int rc;

        assert_non_null(mkdtemp(dir));
        pubp = xasprintf("%s/pub.pem", dir);
        msgp = xasprintf("%s/msg", dir);
        sigp = xasprintf("%s/sig", dir);
        f = fopen(pubp, "we");
        assert_non_null(f);
        assert_int_equal(PEM_write_PUBKEY(f, key), 1);
        fclose(f);
        assert_int_equal(write_file_atomic(msgp, msg, strlen(msg), 0644), 0);
        assert_int_equal(write_file_atomic(sigp, sig, sig_len, 0644), 0);
        if (sign_digest_for(key))
                cmd = xasprintf("openssl dgst -sha256 -verify %s -signature %s %s >/dev/null 2>&1", pubp, sigp, msgp);
        else
                cmd = xasprintf("openssl pkeyutl -verify -pubin -inkey %s -rawin -in %s -sigfile %s >/dev/null 2>&1", pubp, msgp, sigp);
        rc = system(cmd);
        unlink(pubp);
        unlink(msgp);
        unlink(sigp);
        rmdir(dir);
        return rc == 0;
}

static void test_sign_detached(void **state)
{
        static const char msg[] = "abc  SHA256SUMS\n";
        EVP_PKEY *keys[] = {
                EVP_PKEY_Q_keygen(NULL, NULL, "ED25519"),
                EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"),
                EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t) 2048),
        };
        bool have_openssl = system("openssl version >/dev/null 2>&1") == 0;

        for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
                EVP_PKEY *other = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
                EVP_PKEY *pub;
                unsigned char *sig = NULL, *untouched = (unsigned char *) 0x1;
                size_t len = 0, ulen = 99;

                assert_non_null(keys[i]);
                pub = public_only(keys[i]);
                assert_true((sign_digest_for(keys[i]) == NULL) == (i == 0));

                assert_int_equal(sign_detached(keys[i], msg, strlen(msg), &sig, &len), 0);
                assert_true(len > 0);
                assert_int_equal(verify_detached(pub, msg, strlen(msg), sig, len), 0);
                if (have_openssl)
                        assert_true(openssl_verifies(pub, msg, sig, len));

                /* Another message, a changed signature, a short one, another key: no. */
                assert_int_equal(verify_detached(pub, msg, strlen(msg) - 1, sig, len), -EBADMSG);
                sig[len / 2] ^= 1;
                assert_int_equal(verify_detached(pub, msg, strlen(msg), sig, len), -EBADMSG);
                sig[len / 2] ^= 1;
                assert_int_equal(verify_detached(pub, msg, strlen(msg), sig, len - 1), -EBADMSG);
                assert_int_equal(verify_detached(other, msg, strlen(msg), sig, len), -EBADMSG);

                /* A public key cannot sign: an error, and the out-parameters untouched. */
                assert_int_equal(sign_detached(pub, msg, strlen(msg), &untouched, &ulen), -EIO);
                assert_ptr_equal(untouched, (unsigned char *) 0x1);
                assert_int_equal(ulen, 99);

                free(sig);
                EVP_PKEY_free(pub);
                EVP_PKEY_free(other);
                EVP_PKEY_free(keys[i]);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_cursor_lines),
                cmocka_unit_test(test_slice_words),
                cmocka_unit_test(test_slice_numbers),
                cmocka_unit_test(test_binreader_bounds),
                cmocka_unit_test(test_strv),
                cmocka_unit_test(test_strv_consume_n),
                cmocka_unit_test(test_sha256),
                cmocka_unit_test(test_read_full_fd_cap),
                cmocka_unit_test(test_write_file_atomic),
                cmocka_unit_test(test_xvasprintf),
                cmocka_unit_test(test_parse_uint),
                cmocka_unit_test(test_now_ms),
                cmocka_unit_test(test_mkdir_p),
                cmocka_unit_test(test_read_regular),
                cmocka_unit_test(test_sign_detached),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
