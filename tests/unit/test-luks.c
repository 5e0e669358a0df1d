/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsers behind the data-at-rest checks: /proc/crypto, crypttab, LUKS2 token JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "macro.h"
#include "parsers.h"
#include "strv.h"

#define LIT(s) s, sizeof(s) - 1

static void test_proc_crypto(void **state)
{
        static const char buf[] =
                "name         : xts(aes)\ndriver       : xts(ecb(aes-generic))\nmodule       : kernel\n\n"
                "name         : aes\ndriver       : aes-generic\npriority     : 100\n\n"
                "name         : aes\ndriver       : aes-aesni\n\n"
                "name         : sha256\ndriver       : sha256-generic\n";
        _cleanup_strv_free_ char **l = NULL;

        assert_int_equal(proc_crypto_parse(LIT(buf), &l), 0);
        assert_int_equal(strv_length(l), 3);
        assert_string_equal(l[0], "aes");
        assert_string_equal(l[1], "sha256");
        assert_string_equal(l[2], "xts(aes)");
}

static void test_proc_crypto_malformed(void **state)
{
        char **l = (char **) 0x1;

        assert_int_equal(proc_crypto_parse(LIT("name : aes\nthis line has no colon\n"), &l), -EBADMSG);
        assert_int_equal(proc_crypto_parse(LIT(" : value without key\n"), &l), -EBADMSG);
        assert_int_equal(proc_crypto_parse(LIT("name :   \n"), &l), -EBADMSG);
        assert_ptr_equal(l, (char **) 0x1);
        /* Empty input is fine; a line cut short is not. */
        assert_int_equal(proc_crypto_parse("", 0, &l), 0);
        assert_int_equal(strv_length(l), 0);
        strv_free(l);
        assert_int_equal(proc_crypto_parse(LIT("name : aes\ndri"), &l), -EBADMSG);
}

static void test_crypttab(void **state)
{
        static const char buf[] =
                "# <name> <device> <password> <options>\n"
                "encrypted_var UUID=4e3f... none luks,tpm2-device=auto\n"
                "\n"
                "swap /dev/sda3 /dev/urandom swap,cipher=aes-xts-plain64\n"
                "data\t/dev/sdb1\n";
        struct crypttab_entry *v = NULL;
        size_t n = 0;

        assert_int_equal(crypttab_parse(LIT(buf), &v, &n), 0);
        assert_int_equal(n, 3);
        assert_string_equal(v[0].name, "encrypted_var");
        assert_string_equal(v[0].options, "luks,tpm2-device=auto");
        assert_string_equal(v[1].keyfile, "/dev/urandom");
        assert_string_equal(v[2].device, "/dev/sdb1");
        assert_null(v[2].keyfile);
        assert_null(v[2].options);
        crypttab_free(v, n);
}

static void test_crypttab_malformed(void **state)
{
        struct crypttab_entry *v = (struct crypttab_entry *) 0x1;
        size_t n = 7;

        assert_int_equal(crypttab_parse(LIT("onlyname\n"), &v, &n), -EBADMSG);
        assert_int_equal(crypttab_parse(LIT("a /dev/x none luks extra\n"), &v, &n), -EBADMSG);
        assert_ptr_equal(v, (struct crypttab_entry *) 0x1);
        assert_int_equal(n, 7);
}

static void test_luks_token(void **state)
{
        static const char tpm2[] =
                "{\"type\":\"systemd-tpm2\",\"keyslots\":[\"1\"],\"tpm2-blob\":\"AAAA\",\"tpm2-pcrs\":[7],"
                "\"tpm2-pcr-bank\":\"sha256\",\"tpm2-primary-alg\":\"ecc\",\"tpm2-policy-hash\":\"00\"}";
        static const char clevis[] = "{\"type\":\"clevis\",\"keyslots\":[\"2\",\"31\"],\"jwe\":{\"ciphertext\":\"\"}}";
        struct luks_token t;

        assert_int_equal(luks_token_parse(LIT(tpm2), 3, &t), 0);
        assert_int_equal(t.id, 3);
        assert_string_equal(t.type, "systemd-tpm2");
        assert_int_equal(t.n_keyslots, 1);
        assert_int_equal(t.keyslots[0], 1);
        assert_int_equal(luks_token_kind(t.type), LUKS_TOKEN_TPM2);
        luks_token_clear(&t);

        assert_int_equal(luks_token_parse(LIT(clevis), 0, &t), 0);
        assert_int_equal(t.n_keyslots, 2);
        assert_int_equal(t.keyslots[1], 31);
        assert_int_equal(luks_token_kind(t.type), LUKS_TOKEN_CLEVIS);
        luks_token_clear(&t);

        /* Integers are tolerated; an empty list is a token that unlocks nothing. */
        assert_int_equal(luks_token_parse(LIT("{\"type\":\"x\",\"keyslots\":[4]}"), 0, &t), 0);
        assert_int_equal(t.keyslots[0], 4);
        assert_int_equal(luks_token_kind(t.type), LUKS_TOKEN_OTHER);
        luks_token_clear(&t);
        assert_int_equal(luks_token_parse(LIT("{\"type\":\"systemd-recovery\",\"keyslots\":[]}"), 0, &t), 0);
        assert_int_equal(t.n_keyslots, 0);
        assert_int_equal(luks_token_kind(t.type), LUKS_TOKEN_RECOVERY);
        luks_token_clear(&t);
}

static void test_luks_token_binding(void **state)
{
        static const char pcr7[] = "{\"type\":\"systemd-tpm2\",\"keyslots\":[\"1\"],\"tpm2-pcrs\":[7,14],\"tpm2-pin\":true}";
        static const char nopcr[] = "{\"type\":\"systemd-tpm2\",\"keyslots\":[\"1\"],\"tpm2-pcrs\":[]}";
        static const char signed_policy[] = "{\"type\":\"systemd-tpm2\",\"keyslots\":[\"1\"],\"tpm2-pcrs\":[],\"tpm2_pubkey_pcrs\":[11]}";
        static const char clevis_tpm2[] = "{\"type\":\"clevis\",\"keyslots\":[\"1\"],\"jwe\":{\"protected\":\"eyJhbGciOiJkaXIiLCJjbGV2aXMiOnsicGluIjoidHBtMiIsInRwbTIiOnsicGNyX2lkcyI6IjcifX0sImVuYyI6IkEyNTZHQ00ifQ\"}}";
        static const char clevis_tang[] = "{\"type\":\"clevis\",\"keyslots\":[\"1\"],\"jwe\":{\"protected\":\"eyJhbGciOiJFQ0RILUVTIiwiY2xldmlzIjp7InBpbiI6InRhbmciLCJ0YW5nIjp7InVybCI6Imh0dHA6Ly90In19LCJlbmMiOiJBMjU2R0NNIn0\"}}";
        static const char clevis_sss[] = "{\"type\":\"clevis\",\"keyslots\":[\"1\"],\"jwe\":{\"protected\":\"eyJhbGciOiJkaXIiLCJjbGV2aXMiOnsicGluIjoic3NzIiwic3NzIjp7InQiOjIsImp3ZSI6WyJleUpqYkdWMmFYTWlPbnNpY0dsdUlqb2lkR0Z1WnlKOWZRLi54LnkueiIsImV5SmpiR1YyYVhNaU9uc2ljR2x1SWpvaWRIQnRNaUo5ZlEuLmEuYi5jIl19fSwiZW5jIjoiQTI1NkdDTSJ9\"}}";
        static const char clevis_garbage[] = "{\"type\":\"clevis\",\"keyslots\":[\"1\"],\"jwe\":{\"protected\":\"!!notbase64\"}}";
        struct luks_token t;

        assert_int_equal(luks_token_parse(LIT(pcr7), 0, &t), 0);
        assert_int_equal(t.tpm_bound, 1);
        assert_string_equal(t.binding, "TPM2, PCRs 7,14 + PIN");
        luks_token_clear(&t);
        /* No PCR: the TPM releases the key to whatever boots. */
        assert_int_equal(luks_token_parse(LIT(nopcr), 0, &t), 0);
        assert_int_equal(t.tpm_bound, 0);
        luks_token_clear(&t);
        assert_int_equal(luks_token_parse(LIT(signed_policy), 0, &t), 0);
        assert_int_equal(t.tpm_bound, 1);
        assert_non_null(strstr(t.binding, "signed PCR policy"));
        luks_token_clear(&t);

        assert_int_equal(luks_token_parse(LIT(clevis_tpm2), 0, &t), 0);
        assert_int_equal(t.tpm_bound, 1);
        assert_string_equal(t.binding, "clevis pins tpm2");
        luks_token_clear(&t);
        assert_int_equal(luks_token_parse(LIT(clevis_tang), 0, &t), 0);
        assert_int_equal(t.tpm_bound, 0);
        assert_string_equal(t.binding, "clevis pins tang");
        luks_token_clear(&t);
        /* Shamir sharing: the nested compact JWEs' headers name the pins. */
        assert_int_equal(luks_token_parse(LIT(clevis_sss), 0, &t), 0);
        assert_int_equal(t.tpm_bound, 1);
        assert_string_equal(t.binding, "clevis pins tang,tpm2");
        luks_token_clear(&t);
        /* An undecodable header leaves the binding unknown, never "sealed". */
        assert_int_equal(luks_token_parse(LIT(clevis_garbage), 0, &t), 0);
        assert_int_equal(t.tpm_bound, -1);
        assert_null(t.binding);
        luks_token_clear(&t);
}

static void test_luks_token_malformed(void **state)
{
        static const char *const bad[] = {
                "",
                "[]",
                "{\"keyslots\":[\"1\"]}",                        /* no type */
                "{\"type\":\"systemd-tpm2\"}",                   /* no keyslots */
                "{\"type\":7,\"keyslots\":[]}",
                "{\"type\":\"\",\"keyslots\":[]}",
                "{\"type\":\"t\",\"keyslots\":\"1\"}",
                "{\"type\":\"t\",\"keyslots\":[\"-1\"]}",
                "{\"type\":\"t\",\"keyslots\":[\"32\"]}",        /* LUKS2 has 32 keyslots */
                "{\"type\":\"t\",\"keyslots\":[\"1x\"]}",
                "{\"type\":\"t\",\"keyslots\":[\"99999999999999999999\"]}",
                "{\"type\":\"t\",\"keyslots\":[null]}",
                "{\"type\":\"t\",\"type\":\"u\",\"keyslots\":[]}", /* duplicate keys */
                "{\"type\":\"t\",\"keyslots\":[\"1\"]",          /* truncated */
        };
        struct luks_token t = { .id = 42 };

        for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
                assert_int_equal(luks_token_parse(bad[i], strlen(bad[i]), 0, &t), -EBADMSG);
        assert_int_equal(t.id, 42);
        assert_null(t.type);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_proc_crypto),
                cmocka_unit_test(test_proc_crypto_malformed),
                cmocka_unit_test(test_crypttab),
                cmocka_unit_test(test_crypttab_malformed),
                cmocka_unit_test(test_luks_token),
                cmocka_unit_test(test_luks_token_binding),
                cmocka_unit_test(test_luks_token_malformed),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
