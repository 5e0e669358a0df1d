/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dl_library_load() against real libraries: a soname that does not exist, a
 * symbol libc does not have, libc itself, many threads at once; then the
 * three libraries Bulwark loads lazily, called for real.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <sys/types.h>

#include "blkid-dl.h"
#include "cryptsetup-dl.h"
#include "dl-sonames.h"
#include "dlopen-util.h"
#include "macro.h"
#include "mount-dl.h"

static typeof(getpid) *sym_getpid;
static typeof(getppid) *sym_getppid;
static typeof(strlen) *sym_strlen;
static int (*sym_bulwark_no_such_symbol)(void);

static void test_freep_before_load(void **state)
{
        struct crypt_device *cd = NULL;

        /* Nothing loaded yet in this process: the cleanup helper must not call through a NULL pointer. */
        assert_null(sym_crypt_free);
        crypt_freep(&cd);
}

static void test_missing_library(void **state)
{
        static const struct dl_symbol syms[] = { DL_SYMBOL(getpid) };
        static struct dl_library l = DL_LIBRARY("libbulwark-test-does-not-exist.so.0", syms);
        const char *e = NULL, *e2 = NULL;

        assert_int_equal(dl_library_load(&l, &e), -ELIBACC);
        assert_non_null(e);
        assert_non_null(strstr(e, "libbulwark-test-does-not-exist.so.0 not available: "));
        assert_null(sym_getpid);
        /* Decided once: the same answer and the same message again. */
        assert_int_equal(dl_library_load(&l, &e2), -ELIBACC);
        assert_ptr_equal(e, e2);
        assert_int_equal(dl_library_load(&l, NULL), -ELIBACC);
}

static void test_missing_symbol(void **state)
{
        static const struct dl_symbol syms[] = { DL_SYMBOL(getppid), DL_SYMBOL(bulwark_no_such_symbol) };
        static struct dl_library l = DL_LIBRARY("libc.so.6", syms);
        const char *e = NULL;

        assert_int_equal(dl_library_load(&l, &e), -ELIBACC);
        assert_non_null(e);
        assert_non_null(strstr(e, "libc.so.6 not available"));
        assert_non_null(strstr(e, "bulwark_no_such_symbol"));
        /* All or none: the symbol that did resolve is not left half-set. */
        assert_null(sym_getppid);
        assert_null(sym_bulwark_no_such_symbol);
}

static void test_loads(void **state)
{
        static const struct dl_symbol syms[] = { DL_SYMBOL(getpid), DL_SYMBOL(strlen) };
        static struct dl_library l = DL_LIBRARY("libc.so.6", syms);
        const char *e = NULL;

        assert_int_equal(dl_library_load(&l, &e), 0);
        assert_null(e); /* untouched on success */
        assert_non_null(sym_getpid);
        assert_int_equal(sym_getpid(), getpid());
        assert_int_equal(sym_strlen("bulwark"), 7);
        assert_int_equal(dl_library_load(&l, NULL), 0);
}

static const struct dl_symbol threaded_syms[] = { DL_SYMBOL(getppid) };
static struct dl_library threaded = DL_LIBRARY("libc.so.6", threaded_syms);

static void *load_in_thread(void *arg)
{
        int *k = arg;

        *k = dl_library_load(&threaded, NULL);
        /* Loaded means the pointer is visible to this thread too. */
        if (*k == 0 && sym_getppid() != getppid())
                *k = -EIO;
        return NULL;
}

static void test_threads(void **state)
{
        pthread_t t[8];
        int k[8];

        for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
                k[i] = 1;
                assert_int_equal(pthread_create(&t[i], NULL, load_in_thread, &k[i]), 0);
        }
        for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
                assert_int_equal(pthread_join(t[i], NULL), 0);
                assert_int_equal(k[i], 0);
        }
}

static void test_cryptsetup(void **state)
{
        struct crypt_device *cd = NULL;
        const char *e = NULL;

        assert_int_equal(dlopen_cryptsetup(&e), 0);
        assert_non_null(sym_crypt_init);
        assert_non_null(sym_crypt_free);
        /* The header-changing calls are a separate set, loaded only when asked for. */
        assert_null(sym_crypt_keyslot_destroy);
        assert_int_equal(dlopen_cryptsetup_erase(&e), 0);
        assert_non_null(sym_crypt_keyslot_destroy);
        assert_non_null(sym_crypt_token_json_set);
        assert_null(e);

        /* A real call: no header on /dev/null. */
        if (sym_crypt_init(&cd, "/dev/null") == 0) {
                assert_true(sym_crypt_load(cd, CRYPT_LUKS, NULL) < 0);
                crypt_freep(&cd);
        }
        assert_int_equal(sym_crypt_keyslot_max(CRYPT_LUKS2), 32);
}

static void test_blkid(void **state)
{
        blkid_probe pr;

        assert_int_equal(dlopen_blkid(NULL), 0);
        errno = 0;
        pr = sym_blkid_new_probe_from_filename("/nonexistent/bulwark-test");
        assert_null(pr);
}

static void test_mount(void **state)
{
        static const char tab[] = "/dev/sda1 / ext4 rw 0 1\n";
        struct libmnt_table *tb;
        struct libmnt_iter *it;
        struct libmnt_fs *fs;
        FILE *f;

        assert_int_equal(dlopen_mount(NULL), 0);
        tb = sym_mnt_new_table();
        it = sym_mnt_new_iter(MNT_ITER_FORWARD);
        assert_non_null(tb);
        assert_non_null(it);
        f = fmemopen((void *) tab, sizeof(tab) - 1, "r");
        assert_non_null(f);
        assert_int_equal(sym_mnt_table_parse_stream(tb, f, "fstab"), 0);
        fclose(f);
        assert_int_equal(sym_mnt_table_next_fs(tb, it, &fs), 0);
        assert_string_equal(sym_mnt_fs_get_target(fs), "/");
        assert_string_equal(sym_mnt_fs_get_source(fs), "/dev/sda1");
        sym_mnt_free_iter(it);
        sym_mnt_unref_table(tb);
}

static void test_sonames(void **state)
{
        /* What meson read from the development symlinks: versioned sonames, never the bare .so. */
        assert_non_null(strstr(LIBCRYPTSETUP_SONAME, "libcryptsetup.so."));
        assert_non_null(strstr(LIBBLKID_SONAME, "libblkid.so."));
        assert_non_null(strstr(LIBMOUNT_SONAME, "libmount.so."));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_freep_before_load),
                cmocka_unit_test(test_missing_library),
                cmocka_unit_test(test_missing_symbol),
                cmocka_unit_test(test_loads),
                cmocka_unit_test(test_threads),
                cmocka_unit_test(test_cryptsetup),
                cmocka_unit_test(test_blkid),
                cmocka_unit_test(test_mount),
                cmocka_unit_test(test_sonames),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
