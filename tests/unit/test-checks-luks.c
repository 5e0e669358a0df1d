/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The data-at-rest checks on hand-built facts: the cases no image on this
 * machine can produce (a live dm-crypt mapping, plain dm-crypt, a recovery
 * token, a read-only root, the crypt hook's ENCRYPTION_OPTIONAL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "check.h"
#include "macro.h"
#include "strv.h"

struct fixture {
        struct facts f;
        struct luks_volume v[4];
        struct data_mount d[2];
        struct luks_keyslot slots[4][4];
        struct luks_token tokens[4][2];
        int tslots[4][2][4];
};

static struct report *run(struct fixture *x, size_t nv, size_t nd)
{
        struct profile p = { .sl = 2, .role = ROLE_EMBEDDED, .crypto_policy = "nist" };
        struct report *rep = NULL;

        x->f.root_dir = (char *) "/";
        x->f.ruleset.err = -ENODATA; /* no ruleset: these facts are about storage */
        x->f.luks.v = x->v;
        x->f.luks.n = nv;
        x->f.data_mounts.v = x->d;
        x->f.data_mounts.n = nd;
        assert_int_equal(assess_run(&x->f, &p, &rep), 0);
        return rep;
}

static const struct check_result *result(const struct report *rep, const char *id)
{
        for (size_t i = 0; i < rep->n_checks; i++)
                if (streq(rep->checks[i].id, id))
                        return &rep->checks[i];
        fail_msg("no check %s", id);
        return NULL;
}

/* A LUKS2 volume at index i with the given keyslots, and tokens of type[j] bound to slot lists. */
static void volume(struct fixture *x, size_t i, const char *device, const int *slots, size_t n_slots)
{
        x->v[i] = (struct luks_volume){ .device = (char *) device, .source = (char *) "block device", .version = 2,
                                        .cipher = (char *) "aes-xts-plain64", .key_bits = 512, .keyslots = x->slots[i], .n_keyslots = n_slots,
                                        .tokens = x->tokens[i] };
        for (size_t s = 0; s < n_slots; s++)
                x->slots[i][s] = (struct luks_keyslot){ .id = slots[s], .pbkdf = (char *) "argon2id", .iterations = 4, .memory_kb = 1048576 };
}

static void token(struct fixture *x, size_t i, const char *type, int slot)
{
        size_t t = x->v[i].n_tokens++;

        x->tslots[i][t][0] = slot;
        x->tokens[i][t] = (struct luks_token){ .id = (int) t, .type = (char *) type, .keyslots = x->tslots[i][t], .n_keyslots = 1,
                                               .binding = (char *) "TPM2, PCRs 7", .tpm_bound = 1 };
}

static void test_live_dm_crypt(void **state)
{
        static const int slots[] = { 1, 2 };
        struct fixture x = { .f.live = true, .f.cip.tpm_version = 2 };
        struct report *rep;

        volume(&x, 0, "/dev/sda3", slots, 2);
        x.v[0].mountpoint = (char *) "/var";
        token(&x, 0, "systemd-tpm2", 1);
        token(&x, 0, "systemd-recovery", 2);
        x.d[0] = (struct data_mount){ .path = (char *) "/var", .held_by = (char *) "/var", .source = (char *) "/dev/mapper/encrypted_var",
                                      .crypt_name = (char *) "encrypted_var", .crypt_device = (char *) "/dev/sda3", .crypt_type = (char *) "LUKS2",
                                      .how = (char *) "/proc/self/mountinfo" };
        x.d[1] = (struct data_mount){ .path = (char *) "/home", .link = (char *) "/var/home", .held_by = (char *) "/var",
                                      .source = (char *) "/dev/mapper/encrypted_var", .crypt_device = (char *) "/dev/sda3",
                                      .crypt_type = (char *) "LUKS2", .how = (char *) "/proc/self/mountinfo" };
        rep = run(&x, 1, 2);
        assert_int_equal(result(rep, "data-at-rest-encrypted")->verdict, VERDICT_PASS);
        assert_non_null(strstr(result(rep, "data-at-rest-encrypted")->summary, "(/var, /home) is on LUKS2"));
        /* The recovery key is bound to its token: no passphrase-only slot, but it is named in the evidence. */
        assert_int_equal(result(rep, "luks-tpm-sealed")->verdict, VERDICT_PASS);
        {
                const struct check_result *r = result(rep, "luks-tpm-sealed");
                bool named = false;
                for (size_t i = 0; i < r->n_evidence; i++)
                        named = named || strstr(r->evidence[i].detail, "recovery key");
                assert_true(named);
        }
        assert_int_equal(result(rep, "luks-crypto-parameters")->verdict, VERDICT_PASS);
        report_free(rep);
}

static void test_plain_and_luks1_mappings(void **state)
{
        struct fixture x = { .f.live = true };
        struct report *rep;

        x.d[0] = (struct data_mount){ .path = (char *) "/var", .held_by = (char *) "/var", .source = (char *) "/dev/dm-0",
                                      .crypt_type = (char *) "PLAIN", .how = (char *) "/proc/self/mountinfo" };
        x.d[1] = (struct data_mount){ .path = (char *) "/home", .held_by = (char *) "/home", .source = (char *) "/dev/dm-1",
                                      .crypt_type = (char *) "LUKS1", .how = (char *) "/proc/self/mountinfo" };
        rep = run(&x, 0, 2);
        assert_int_equal(result(rep, "data-at-rest-encrypted")->verdict, VERDICT_FAIL);
        assert_non_null(result(rep, "data-at-rest-encrypted")->action);
        report_free(rep);
}

static void test_token_without_slots_and_unbound_slot(void **state)
{
        static const int slots[] = { 0, 1 };
        struct fixture x = { .f.live = true };
        struct report *rep;

        volume(&x, 0, "/dev/sdb1", slots, 2);
        token(&x, 0, "clevis", 1);
        x.slots[0][0].pbkdf = (char *) "pbkdf2";
        x.slots[0][0].hash = (char *) "sha1";
        x.slots[0][0].iterations = 100; /* below SP 800-132's 1000: a finding on the passphrase slot */
        rep = run(&x, 1, 0);
        assert_int_equal(result(rep, "luks-tpm-sealed")->verdict, VERDICT_FAIL);
        assert_non_null(strstr(result(rep, "luks-tpm-sealed")->summary, "keyslot 0"));
        assert_int_equal(result(rep, "luks-crypto-parameters")->verdict, VERDICT_FAIL);
        report_free(rep);

        /* A TPM token that unlocks no keyslot seals nothing. */
        x = (struct fixture){ .f.live = true };
        volume(&x, 0, "/dev/sdb1", slots, 1);
        token(&x, 0, "systemd-tpm2", 5);
        x.tokens[0][0].n_keyslots = 0;
        rep = run(&x, 1, 0);
        assert_int_equal(result(rep, "luks-tpm-sealed")->verdict, VERDICT_FAIL);
        assert_non_null(strstr(result(rep, "luks-tpm-sealed")->summary, "no systemd-tpm2 or clevis token"));
        report_free(rep);

        /* A TPM token bound to no PCR covers its keyslot but seals nothing. */
        x = (struct fixture){ .f.live = true };
        volume(&x, 0, "/dev/sdb1", slots + 1, 1);
        token(&x, 0, "systemd-tpm2", 1);
        x.tokens[0][0].tpm_bound = 0;
        x.tokens[0][0].binding = (char *) "TPM2 without any PCR binding";
        rep = run(&x, 1, 0);
        assert_int_equal(result(rep, "luks-tpm-sealed")->verdict, VERDICT_FAIL);
        assert_non_null(strstr(result(rep, "luks-tpm-sealed")->summary, "without binding it"));
        report_free(rep);
}

static void test_offline_hook_optional_and_read_only_root(void **state)
{
        char *parts[] = { (char *) "var:/var:reencrypt", NULL };
        struct fixture x = { .f.live = false };
        struct report *rep;

        x.f.cip.encrypt_partitions = parts;
        x.f.crypt_hook.optional = true;
        x.f.crypt_hook.script = (char *) "/usr/share/encrypt_partition/encrypt_partition_tpm2";
        x.f.crypt_hook.backend = (char *) "systemd-tpm2";
        x.f.crypt_hook.wipes_initial_key = true;
        x.d[0] = (struct data_mount){ .path = (char *) "/var", .held_by = (char *) "/var", .source = (char *) "/dev/disk/by-partlabel/var",
                                      .crypt_device = (char *) "/dev/disk/by-partlabel/var", .crypt_type = (char *) "crypt hook",
                                      .how = (char *) "/usr/share/encrypt_partition/encrypt_partition.env" };
        x.d[1] = (struct data_mount){ .path = (char *) "/home", .held_by = (char *) "/", .source = (char *) "/dev/sda2", .read_only = true,
                                      .how = (char *) "/etc/fstab" };
        rep = run(&x, 0, 2);
        /* ENCRYPTION_OPTIONAL: a device without a TPM boots unencrypted, so this needs a person. */
        assert_int_equal(result(rep, "data-at-rest-encrypted")->verdict, VERDICT_MANUAL);
        /* The script would enrol and wipe at first boot; whether it did is in the header, not examined offline. */
        assert_int_equal(result(rep, "luks-tpm-sealed")->verdict, VERDICT_MANUAL);
        assert_non_null(strstr(result(rep, "luks-tpm-sealed")->summary, "whether it did"));
        assert_int_equal(result(rep, "luks-crypto-parameters")->verdict, VERDICT_MANUAL);
        report_free(rep);

        x.f.crypt_hook.optional = false;
        x.f.crypt_hook.wipes_initial_key = false;
        rep = run(&x, 0, 2);
        assert_int_equal(result(rep, "data-at-rest-encrypted")->verdict, VERDICT_PASS);
        assert_int_equal(result(rep, "luks-tpm-sealed")->verdict, VERDICT_MANUAL);
        report_free(rep);
}

static void test_unreadable_block_devices(void **state)
{
        struct fixture x = { .f.live = true };
        struct report *rep;

        /* Not root: no header could be read, which is an error, never "no LUKS volume". */
        x.f.luks.err = -EACCES;
        rep = run(&x, 0, 0);
        assert_int_equal(result(rep, "luks-tpm-sealed")->verdict, VERDICT_ERROR);
        assert_non_null(strstr(result(rep, "luks-tpm-sealed")->summary, "run bulwark as root"));
        report_free(rep);
}

static void test_kernel_crypto(void **state)
{
        char *crypto[] = { (char *) "aes", (char *) "sha256", NULL };
        char *crypto_xts[] = { (char *) "aes", (char *) "xts(aes)", NULL };
        char *modules[] = { (char *) "xts: built-in (/lib/modules/6.1.0/modules.builtin)", NULL };
        struct fixture x = { .f.live = true };
        struct report *rep;

        x.f.kernel.crypto = crypto_xts;
        rep = run(&x, 0, 0);
        assert_int_equal(result(rep, "kernel-crypto-aes-xts")->verdict, VERDICT_PASS);
        report_free(rep);

        /* xts not instantiated yet: /proc/crypto alone cannot say. */
        x.f.kernel.crypto = crypto;
        rep = run(&x, 0, 0);
        assert_int_equal(result(rep, "kernel-crypto-aes-xts")->verdict, VERDICT_MANUAL);
        report_free(rep);

        x.f.kernel.crypto_modules = modules;
        rep = run(&x, 0, 0);
        assert_int_equal(result(rep, "kernel-crypto-aes-xts")->verdict, VERDICT_PASS);
        report_free(rep);
}

/* A verdict from the headers that were read covers those volumes only: an encrypted mount without its header is manual, named. */
static void test_header_missing_for_one_mount(void **state)
{
        static const int slots[] = { 1 };
        struct fixture x = { .f.live = false };
        struct report *rep;

        volume(&x, 0, "/dev/sda3", slots, 1);
        x.v[0].mountpoint = (char *) "/var";
        token(&x, 0, "systemd-tpm2", 1);
        x.d[0] = (struct data_mount){ .path = (char *) "/var", .held_by = (char *) "/var", .source = (char *) "/dev/mapper/var",
                                      .crypt_name = (char *) "var", .crypt_device = (char *) "/dev/sda3", .crypt_type = (char *) "LUKS2",
                                      .how = (char *) "/etc/crypttab" };
        x.d[1] = (struct data_mount){ .path = (char *) "/srv", .held_by = (char *) "/srv", .source = (char *) "/dev/mapper/srv",
                                      .crypt_name = (char *) "srv", .crypt_device = (char *) "/dev/sda4", .crypt_type = (char *) "LUKS2",
                                      .how = (char *) "/etc/crypttab" };
        rep = run(&x, 1, 2);
        assert_int_equal(result(rep, "luks-tpm-sealed")->verdict, VERDICT_MANUAL);
        assert_non_null(strstr(result(rep, "luks-tpm-sealed")->summary, "/srv"));
        assert_int_equal(result(rep, "luks-crypto-parameters")->verdict, VERDICT_MANUAL);
        assert_non_null(strstr(result(rep, "luks-crypto-parameters")->summary, "/srv"));
        report_free(rep);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_live_dm_crypt),
                cmocka_unit_test(test_plain_and_luks1_mappings),
                cmocka_unit_test(test_token_without_slots_and_unbound_slot),
                cmocka_unit_test(test_offline_hook_optional_and_read_only_root),
                cmocka_unit_test(test_unreadable_block_devices),
                cmocka_unit_test(test_kernel_crypto),
                cmocka_unit_test(test_header_missing_for_one_mount),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
