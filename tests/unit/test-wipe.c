/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include "certificate.h"
#include "factory-reset.h"
#include "keystream.h"
#include "macro.h"
#include "strv.h"
#include "wipe-internal.h"

#define LIT(s) s, sizeof(s) - 1

/* The keystream is AES-256-CTR: check it against OpenSSL directly, and that any offset can be regenerated. */
static void test_keystream(void **state)
{
        uint8_t key[KEYSTREAM_KEY_LEN], a[8192], b[8192], ref[8192] = { 0 }, iv[16] = { 0 };
        keystream *ks = NULL;
        EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
        int outl;

        for (size_t i = 0; i < sizeof(key); i++)
                key[i] = (uint8_t) i;
        assert_int_equal(keystream_new(key, 5, &ks), 0);
        assert_int_equal(keystream_fill(ks, 0, a, sizeof(a)), 0);

        iv[7] = 5; /* stream id in the high 64 bits */
        assert_int_equal(EVP_EncryptInit_ex(ctx, EVP_aes_256_ctr(), NULL, key, iv), 1);
        assert_int_equal(EVP_EncryptUpdate(ctx, ref, &outl, ref, sizeof(ref)), 1);
        assert_memory_equal(a, ref, sizeof(a));

        /* Unaligned offsets and lengths regenerate the same bytes. */
        assert_int_equal(keystream_fill(ks, 1234, b, 999), 0);
        assert_memory_equal(b, a + 1234, 999);
        assert_int_equal(keystream_fill(ks, 16, b, 16), 0);
        assert_memory_equal(b, a + 16, 16);
        keystream_free(ks);

        /* Another stream id is another pattern. */
        assert_int_equal(keystream_new(key, 6, &ks), 0);
        assert_int_equal(keystream_fill(ks, 0, b, 64), 0);
        assert_memory_not_equal(a, b, 64);
        keystream_free(ks);
        EVP_CIPHER_CTX_free(ctx);

        assert_int_equal(random_bytes(a, 100), 0);
}

static void test_method_names(void **state)
{
        enum wipe_method m = WIPE_METHOD_CRYPTO;
        enum wipe_verify v = WIPE_VERIFY_NONE;

        assert_int_equal(wipe_method_from_string("random", &m), 0);
        assert_int_equal(m, WIPE_METHOD_RANDOM);
        assert_int_equal(wipe_method_from_string("shred", &m), -EINVAL);
        assert_int_equal(m, WIPE_METHOD_RANDOM); /* untouched on failure */
        assert_int_equal(wipe_verify_from_string("sample", &v), 0);
        assert_int_equal(v, WIPE_VERIFY_SAMPLE);
        assert_int_equal(wipe_verify_from_string("", &v), -EINVAL);
        for (int i = 0; i < _WIPE_METHOD_MAX; i++)
                assert_non_null(wipe_method_to_string((enum wipe_method) i));
}

/*
 * The method table: every method has a row the engines can run (a name, words
 * for --help, a kind, passes), and a certificate's method and passes name one
 * scheme, whose patterns are what the methods wrote before the table.
 */
static void test_method_table(void **state)
{
        struct wipe_record r = { .has_key = true };
        struct wipe_pattern p;

        (void) state;
        for (int i = 0; i < _WIPE_METHOD_MAX; i++) {
                const struct wipe_method_info *m = wipe_method_info((enum wipe_method) i);

                assert_non_null(m);
                assert_non_null(m->name);
                assert_non_null(m->description);
                assert_true(streq(m->category, "Clear") || streq(m->category, "Purge"));
                assert_true(m->kinds != 0 && m->kinds < WIPE_KIND_BIT(_WIPE_KIND_MAX));
                assert_true(m->scheme.n_passes >= 1 && m->scheme.n_passes <= WIPE_MAX_PASSES);
                assert_non_null(m->scheme.technique);
                assert_true(m->scheme_removable_flash.n_passes <= WIPE_MAX_PASSES);
                assert_true(m->scheme_removable_flash.n_passes != m->scheme.n_passes);
                for (unsigned j = 0; j < m->scheme.n_passes; j++)
                        assert_true(!m->scheme.passes[j].discard || (m->scheme.passes[j].pattern == PATTERN_ZERO && !(m->kinds & ~WIPE_KINDS_BLOCK)));
        }
        assert_null(wipe_method_info(_WIPE_METHOD_MAX));

        /* clear: two byte passes on removable flash, else one keystream pass. */
        r.method = WIPE_METHOD_CLEAR;
        r.media = (struct wipe_media){ .type = (char *) "usb-flash", .rotational = 0, .removable = 1 };
        wipe_method_describe(&r);
        assert_int_equal(r.passes, 2);
        assert_string_equal(r.category, "Clear");
        assert_false(wipe_method_needs_key(&r));
        assert_int_equal(wipe_pattern_for(&r, 0, 0, &p), 0);
        assert_true(p.kind == PATTERN_BYTE && p.byte == 0x55);
        assert_int_equal(wipe_pattern_for(&r, 1, 0, &p), 0);
        assert_true(p.kind == PATTERN_BYTE && p.byte == 0xaa);
        r.media = (struct wipe_media){ .type = (char *) "hdd", .rotational = 1, .removable = 0 };
        wipe_method_describe(&r);
        assert_int_equal(r.passes, 1);
        assert_true(wipe_method_needs_key(&r));
        assert_int_equal(wipe_pattern_for(&r, 0, 0, &p), 0);
        assert_true(p.kind == PATTERN_KEYSTREAM);
        wipe_pattern_done(&p);
        r.has_key = false;
        assert_int_equal(wipe_pattern_for(&r, 0, 0, &p), -ENOKEY);
        free(r.technique);
        r.technique = NULL;

        /* discard reads back zeros; zero needs no key. */
        r.method = WIPE_METHOD_DISCARD;
        r.passes = 1;
        assert_int_equal(wipe_pattern_for(&r, 0, 0, &p), 0);
        assert_true(p.kind == PATTERN_ZERO);
        assert_true(wipe_method_scheme(&r)->passes[0].discard);
        r.method = WIPE_METHOD_ZERO;
        assert_false(wipe_method_needs_key(&r));
        r.method = WIPE_METHOD_CRYPTO;
        assert_true(wipe_method_needs_key(&r));
}

/* A method erases only the target kinds of its row: discard is for block devices, not files and not free space. */
static void test_prepare_method_kinds(void **state)
{
        char dir[] = "/tmp/bulwark-test-wipe.XXXXXX";
        _cleanup_free_ char *file = NULL;
        struct wipe_options o = { .method = WIPE_METHOD_DISCARD, .verify = WIPE_VERIFY_NONE };
        struct wipe_plan *p = NULL;
        char *reason = NULL;
        int fd;

        (void) state;
        assert_non_null(mkdtemp(dir));
        file = xasprintf("%s/f", dir);
        fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        assert_true(fd >= 0);
        close(fd);

        assert_int_equal(wipe_prepare((char *[]){ file, NULL }, &o, &p, &reason), -EINVAL);
        assert_null(p);
        assert_string_equal(reason, "--method discard is for block devices");
        free(reason);
        reason = NULL;

        /* Free space is filled with files: a discard there would write zeros and certify a device request. */
        o.free_space = true;
        assert_int_equal(wipe_prepare((char *[]){ dir, NULL }, &o, &p, &reason), -EINVAL);
        assert_null(p);
        assert_string_equal(reason, "--method discard is for block devices");
        free(reason);
        reason = NULL;

        /* The same free space with an overwrite method is planned, with the words of its row. */
        o.method = WIPE_METHOD_ZERO;
        assert_int_equal(wipe_prepare((char *[]){ dir, NULL }, &o, &p, &reason), 0);
        assert_int_equal(p->record->kind, WIPE_KIND_FREE_SPACE);
        assert_string_equal(p->record->technique, "overwrite, one pass of zeros");
        assert_int_equal(p->record->passes, 1);
        assert_non_null(p->record->targets);
        assert_string_equal(p->record->targets[0], dir);
        assert_null(p->record->targets[1]);
        wipe_plan_free(p);

        assert_int_equal(unlink(file), 0);
        assert_int_equal(rmdir(dir), 0);
}

static struct wipe_record *sample_record(void)
{
        struct wipe_record *r = xmalloc0(sizeof(*r));

        r->target = xstrdup("/dev/sdz");
        r->resolved = xstrdup("/dev/sdz");
        r->kind = WIPE_KIND_DEVICE;
        r->size = 1 << 20;
        r->method = WIPE_METHOD_ZERO;
        r->category = "Clear";
        r->technique = xstrdup("overwrite | zeros");
        r->passes = 1;
        r->verify = WIPE_VERIFY_FULL;
        r->verify_result = "pass";
        r->status = WIPE_STATUS_COMPLETED;
        r->media.rotational = 1;
        r->media.removable = -1;
        r->media.serial = xstrdup("SER-1");
        r->start.tv_sec = 1700000000;
        r->end.tv_sec = 1700000100;
        wipe_record_caveat(r, "a caveat with \"quotes\" and unicode \u00e9");
        wipe_record_error(r, NULL, "write", 0, 4096, 5);
        wipe_record_error(r, NULL, "write", 4096, 4096, 5); /* merges with the one before */
        return r;
}

static void test_certificate_roundtrip(void **state)
{
        struct wipe_record *r = sample_record(), *back = NULL;
        _cleanup_free_ char *js = NULL, *md = NULL, *detail = NULL, *status = NULL;
        json_t *c = NULL;

        r->status = WIPE_STATUS_STARTED;
        assert_int_equal(r->n_errors, 1);
        assert_int_equal(r->errors[0].length, 8192);
        assert_int_equal(wipe_certificate_build(r, &c), 0);
        assert_int_equal(wipe_certificate_seal(c, NULL, NULL), 0);
        assert_int_equal(wipe_certificate_render_json(c, &js), 0);
        assert_int_equal(wipe_certificate_render_markdown(c, &md), 0);
        assert_non_null(strstr(md, "| Media serial number | SER-1 |"));
        assert_non_null(strstr(md, "overwrite \\| zeros")); /* a '|' does not break the table */

        assert_int_equal(wipe_certificate_check(js, strlen(js), NULL, &status, &detail), 0);
        /* Authentic is not completed: the caller is told the status. */
        assert_string_equal(status, "started");
        free(detail);
        detail = NULL;
        /* Requiring a signature from an unsigned certificate fails. */
        assert_int_equal(wipe_certificate_check(js, strlen(js), "/nonexistent-ca.pem", NULL, &detail), -ENOKEY);
        free(detail);
        detail = NULL;

        /* Any change, even whitespace-free ones inside values, breaks the hash. */
        {
                char *p = strstr(js, "SER-1");
                assert_non_null(p);
                p[4] = '2';
                assert_int_equal(wipe_certificate_check(js, strlen(js), NULL, NULL, &detail), -EBADMSG);
                free(detail);
                detail = NULL;
                p[4] = '1';
        }
        /* The integrity object is covered too, all but the hash value itself. */
        {
                char *p = strstr(js, "\"hash_algorithm\"");
                assert_non_null(p);
                p[1] = 'H';
                assert_int_equal(wipe_certificate_check(js, strlen(js), NULL, NULL, &detail), -EBADMSG);
                free(detail);
                detail = NULL;
                p[1] = 'h';
                p = strstr(js, "the certificate without");
                assert_non_null(p);
                p[0] = 'T';
                assert_int_equal(wipe_certificate_check(js, strlen(js), NULL, NULL, &detail), -EBADMSG);
                free(detail);
                detail = NULL;
                p[0] = 't';
                assert_int_equal(wipe_certificate_check(js, strlen(js), NULL, NULL, &detail), 0);
                free(detail);
                detail = NULL;
        }
        assert_int_equal(wipe_certificate_check(LIT("{\"schema\":\"other\"}"), NULL, NULL, &detail), -EBADMSG);
        free(detail);
        detail = NULL;
        assert_int_equal(wipe_certificate_check(LIT("not json"), NULL, NULL, &detail), -EBADMSG);

        assert_int_equal(wipe_certificate_to_record(c, &back), 0);
        assert_int_equal(back->method, WIPE_METHOD_ZERO);
        assert_int_equal(back->kind, WIPE_KIND_DEVICE);
        assert_int_equal(back->size, 1 << 20);
        assert_false(back->has_key);
        wipe_record_free(back);
        json_decref(c);
        wipe_record_free(r);
}

static void test_factory_reset_config(void **state)
{
        static const char efi_helper[] =
                "#!/bin/sh\nmarker_file=\"/sys/firmware/efi/efivars/FactoryResetRequest-abc688c9-fee3-41f7-87d3-1076e4a29e8f\"\n";
        static const char file_helper[] =
                "marker=\"$(basename \".factory-reset\")\"\nmarker_storage_device=\"/dev/disk/by-partlabel/var\"\n";
        static const char env[] = "INITRAMFS_FACTORY_RESET_DEVICES=\"/dev/disk/by-partlabel/var /dev/disk/by-partlabel/home\"\n"
                                  "INITRAMFS_FACTORY_RESET_LUKS_FORMAT_TYPE=\"ext4\"\n";
        struct factory_reset_config c;
        uint8_t buf[64];

        assert_int_equal(factory_reset_config_parse(LIT(env), LIT(efi_helper), &c), 0);
        assert_int_equal(c.mode, FACTORY_RESET_MODE_EFIVAR);
        assert_string_equal(c.efivar_file, FACTORY_RESET_EFIVAR_FILE);
        assert_int_equal(strv_length(c.reset_devices), 2);
        assert_string_equal(c.luks_format_type, "ext4");
        factory_reset_config_done(&c);

        assert_int_equal(factory_reset_config_parse(NULL, 0, LIT(file_helper), &c), 0);
        assert_int_equal(c.mode, FACTORY_RESET_MODE_FILE);
        assert_string_equal(c.marker_name, FACTORY_RESET_MARKER_FILE);
        assert_string_equal(c.marker_device, FACTORY_RESET_MARKER_DEVICE);
        factory_reset_config_done(&c);

        /* A marker path outside efivarfs, or with a slash in the name, is not taken. */
        assert_int_equal(factory_reset_config_parse(NULL, 0, LIT("marker_file=\"/tmp/x-abc688c9-fee3-41f7-87d3-1076e4a29e8f\"\n"), &c), 0);
        assert_int_equal(c.mode, FACTORY_RESET_MODE_UNKNOWN);
        factory_reset_config_done(&c);
        assert_int_equal(factory_reset_config_parse(NULL, 0, LIT("marker=\"$(basename \"../../etc/x\")\"\n"), &c), 0);
        assert_int_equal(c.mode, FACTORY_RESET_MODE_UNKNOWN);
        factory_reset_config_done(&c);

        assert_int_equal(factory_reset_efivar_bytes(buf, sizeof(buf)), 17);
        assert_memory_equal(buf, "\x07\x00\x00\x00" "FactoryReset\n", 17);
        assert_int_equal(factory_reset_efivar_bytes(buf, 10), 0);

        /* Only set-factory-reset's bytes are a request; problem untouched on success. */
        {
                char *problem = NULL;

                assert_int_equal(factory_reset_efivar_judge(buf, 17, &problem), 0);
                assert_null(problem);
                assert_int_equal(factory_reset_efivar_judge("\x06\x00\x00\x00" "FactoryReset\n", 17, &problem), -EBADMSG);
                assert_non_null(strstr(problem, "volatile"));
                free(problem);
                assert_int_equal(factory_reset_efivar_judge("\x07\x00\x00\x00", 4, &problem), -EBADMSG);
                assert_non_null(strstr(problem, "empty"));
                free(problem);
                assert_int_equal(factory_reset_efivar_judge("\x07\x00\x00\x00" "Reset", 9, &problem), -EBADMSG);
                assert_non_null(strstr(problem, "other bytes"));
                free(problem);
                assert_int_equal(factory_reset_efivar_judge("", 0, &problem), -EBADMSG);
                free(problem);
                assert_int_equal(factory_reset_efivar_judge("\x07\x00\x00\x00" "FactoryReset\nX", 18, &problem), -EBADMSG);
                free(problem);
        }
}

/* Paths in the record are valid UTF-8 for JSON, and still exact: other bytes as \xNN, a backslash doubled. */
static void test_path_display(void **state)
{
        static const struct { const char *in, *out; } cases[] = {
                { "/w/my file", "/w/my file" },
                { "/w/new\nline", "/w/new\nline" },
                { "/w/caf\xc3\xa9", "/w/caf\xc3\xa9" },
                { "/w/bad\xff\xfe", "/w/bad\\xff\\xfe" },
                { "/w/a\\xff", "/w/a\\\\xff" },           /* a literal backslash cannot be mistaken for an escape */
                { "/w/\xc3", "/w/\\xc3" },                   /* truncated sequence */
                { "/w/\xc0\xaf", "/w/\\xc0\\xaf" },         /* overlong '/' */
                { "/w/\xed\xa0\x80", "/w/\\xed\\xa0\\x80" }, /* a surrogate */
                { "", "" },
        };

        (void) state;
        for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
                _cleanup_free_ char *d = wipe_path_display(cases[i].in);
                assert_string_equal(d, cases[i].out);
        }
}

/* Prepare resolves names as they are: a space or a '*' is part of the name, and the plan holds exactly that file. */
static void test_prepare_plan(void **state)
{
        char dir[] = "/tmp/bulwark-test-wipe.XXXXXX";
        const char *names[] = { "my file", "my", "file", "*", "-rf" };
        _cleanup_free_ char *target = NULL, *star = NULL, *missing = NULL;
        struct wipe_options o = { .method = WIPE_METHOD_ZERO, .verify = WIPE_VERIFY_NONE };
        struct wipe_plan *p = NULL;
        char *reason = NULL;
        struct stat st;

        (void) state;
        assert_non_null(mkdtemp(dir));
        for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
                _cleanup_free_ char *f = xasprintf("%s/%s", dir, names[i]);
                int fd = open(f, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
                assert_true(fd >= 0);
                assert_int_equal(write(fd, names[i], strlen(names[i])), (ssize_t) strlen(names[i]));
                close(fd);
        }
        target = xasprintf("%s/my file", dir);
        assert_int_equal(wipe_prepare((char *[]){ target, NULL }, &o, &p, &reason), 0);
        assert_int_equal(p->n_targets, 1);
        assert_string_equal(p->targets[0].name, "my file");
        assert_int_equal(p->n_files, 1);
        assert_string_equal(p->files[0].path, target);
        assert_int_equal(stat(target, &st), 0);
        assert_true(p->files[0].ino == st.st_ino);
        assert_int_equal(p->record->kind, WIPE_KIND_FILES);
        wipe_plan_free(p);
        p = NULL;

        star = xasprintf("%s/*", dir);
        assert_int_equal(wipe_prepare((char *[]){ star, NULL }, &o, &p, &reason), 0);
        assert_int_equal(p->n_files, 1);
        assert_string_equal(p->files[0].path, star);
        wipe_plan_free(p);
        p = NULL;

        missing = xasprintf("%s/m*", dir);
        assert_int_equal(wipe_prepare((char *[]){ missing, NULL }, &o, &p, &reason), -ENOENT);
        assert_null(p);
        assert_non_null(strstr(reason, "globs are not expanded"));
        free(reason);
        reason = NULL;

        assert_int_equal(wipe_prepare((char *[]){ target, target, NULL }, &o, &p, &reason), -EINVAL);
        assert_non_null(strstr(reason, "named twice"));
        free(reason);

        /* Prepare wrote nothing: every file still has its content. */
        for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
                _cleanup_free_ char *f = xasprintf("%s/%s", dir, names[i]);
                assert_int_equal(stat(f, &st), 0);
                assert_int_equal(st.st_size, (off_t) strlen(names[i]));
                assert_int_equal(unlink(f), 0);
        }
        assert_int_equal(rmdir(dir), 0);
}

static void put(const char *dir, const char *name, const char *content)
{
        _cleanup_free_ char *f = xasprintf("%s/%s", dir, name);
        int fd = open(f, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

        assert_true(fd >= 0);
        assert_int_equal(write(fd, content, strlen(content)), (ssize_t) strlen(content));
        close(fd);
}

static char *get(const char *dir, const char *name)
{
        _cleanup_free_ char *f = xasprintf("%s/%s", dir, name);
        char buf[256];
        int fd = open(f, O_RDONLY | O_CLOEXEC);
        ssize_t n;

        if (fd < 0)
                return NULL;
        n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        assert_true(n >= 0);
        buf[n] = 0;
        return xstrdup(buf);
}

/*
 * Execute erases what prepare resolved, not what has the name later: a file
 * renamed into the target's place is not written, and a file created in a
 * planned tree after prepare is kept. Real files on a tmpfs (/dev/shm).
 */
static void test_execute_erases_the_plan(void **state)
{
        char dir[] = "/dev/shm/bulwark-test-wipe.XXXXXX";
        _cleanup_free_ char *target = NULL, *tree = NULL, *a = NULL, *b = NULL, *c = NULL;
        struct wipe_options o = { .method = WIPE_METHOD_ZERO, .verify = WIPE_VERIFY_FULL };
        struct wipe_plan *p = NULL;
        char *reason = NULL;

        (void) state;
        if (!mkdtemp(dir))
                skip();
        put(dir, "target", "PLANNED");
        put(dir, "other", "INTRUDER");
        target = xasprintf("%s/target", dir);
        assert_int_equal(wipe_prepare((char *[]){ target, NULL }, &o, &p, &reason), 0);
        {
                _cleanup_free_ char *orig = xasprintf("%s/target.orig", dir), *other = xasprintf("%s/other", dir);
                assert_int_equal(rename(target, orig), 0);
                assert_int_equal(rename(other, target), 0);
        }
        assert_int_equal(wipe_execute(p, &o), -EIO);
        assert_int_equal(p->record->status, WIPE_STATUS_FAILED);
        assert_int_equal(p->record->n_files, 1);
        assert_false(p->record->files[0].erased);
        assert_int_equal(wipe_execute(p, &o), -EALREADY); /* a plan runs once */
        wipe_plan_free(p);
        p = NULL;
        a = get(dir, "target");
        b = get(dir, "target.orig");
        assert_string_equal(a, "INTRUDER");
        assert_string_equal(b, "PLANNED");

        tree = xasprintf("%s/tree", dir);
        assert_int_equal(mkdir(tree, 0700), 0);
        put(tree, "a", "PLANNED-A");
        o.recursive = true;
        assert_int_equal(wipe_prepare((char *[]){ tree, NULL }, &o, &p, &reason), 0);
        assert_int_equal(p->n_files, 1);
        put(tree, "late", "LATE");
        assert_int_equal(wipe_execute(p, &o), 0);
        wipe_plan_free(p);
        c = get(tree, "late");
        assert_string_equal(c, "LATE");
        assert_null(get(tree, "a"));

        {
                _cleanup_free_ char *f1 = xasprintf("%s/late", tree), *f2 = xasprintf("%s/target", dir), *f3 = xasprintf("%s/target.orig", dir);
                assert_int_equal(unlink(f1), 0);
                assert_int_equal(unlink(f2), 0);
                assert_int_equal(unlink(f3), 0);
        }
        assert_int_equal(rmdir(tree), 0);
        assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_keystream),
                cmocka_unit_test(test_method_names),
                cmocka_unit_test(test_method_table),
                cmocka_unit_test(test_prepare_method_kinds),
                cmocka_unit_test(test_path_display),
                cmocka_unit_test(test_prepare_plan),
                cmocka_unit_test(test_execute_erases_the_plan),
                cmocka_unit_test(test_certificate_roundtrip),
                cmocka_unit_test(test_factory_reset_config),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
