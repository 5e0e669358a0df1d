/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Crypto erase of a LUKS volume: with every keyslot and token destroyed and
 * the header and keyslot areas overwritten, the volume key exists nowhere on
 * the media and the data area is ciphertext nobody can decrypt. The header
 * work is done by libcryptsetup, never by a parser of our own.
 */
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "cryptsetup-dl.h"
#include "macro.h"
#include "wipe-internal.h"

#define MAX_TOKENS 32

static void quiet_log(int level, const char *msg, void *usrptr) { (void) level, (void) msg, (void) usrptr; }

static int luks_load(const char *path, struct crypt_device **ret)
{
        struct crypt_device *cd = NULL;
        int k;

        sym_crypt_set_log_callback(NULL, quiet_log, NULL);
        k = sym_crypt_init(&cd, path);
        if (k < 0)
                return k;
        sym_crypt_set_log_callback(cd, quiet_log, NULL);
        k = sym_crypt_load(cd, CRYPT_LUKS, NULL);
        if (k < 0) {
                sym_crypt_free(cd);
                return k;
        }
        *ret = cd;
        return 0;
}

static bool token_is_tpm(const char *type)
{
        return type && (streq(type, "systemd-tpm2") || streq(type, "clevis") || strstr(type, "tpm"));
}

int wipe_luks_prepare(struct wipe_plan *p, const struct wipe_options *o, char **ret_reason)
{
        struct wipe_record *r = p->record;
        const char *target = p->targets[0].path;
        _cleanup_(crypt_freep) struct crypt_device *cd = NULL;
        struct stat st;
        unsigned active = 0, tokens = 0;
        bool tpm = false;
        const char *error = NULL;
        uint64_t hdr;
        int k;

        if (stat(target, &st) < 0 || (!S_ISBLK(st.st_mode) && !S_ISREG(st.st_mode))) {
                *ret_reason = xasprintf("%s is neither a block device nor a LUKS image file", target);
                return -EINVAL;
        }
        if (S_ISBLK(st.st_mode)) {
                bool partition;

                k = media_from_devnum(major(st.st_rdev), minor(st.st_rdev), &r->media, &partition);
                if (k < 0) {
                        *ret_reason = xasprintf("%s: no sysfs entry: %s", target, strerror(-k));
                        return k;
                }
                k = safety_check_device(major(st.st_rdev), minor(st.st_rdev), target, ret_reason);
                if (k < 0)
                        return k;
                r->resolved = xstrdup(r->media.node ? r->media.node : target);
        } else {
                _cleanup_(file_users_freep) struct file_users *users = NULL;

                /* An image attached as a loop device is in use like a device with a holder. */
                k = file_users_read(&users);
                if (k < 0) {
                        *ret_reason = xasprintf("cannot read the loop devices to prove %s is not in use: %s", target, strerror(-k));
                        return k;
                }
                k = file_users_check(users, st.st_dev, st.st_ino, target, ret_reason);
                if (k < 0)
                        return k;
                if (major(st.st_dev) != 0)
                        (void) media_from_devnum(major(st.st_dev), minor(st.st_dev), &r->media, NULL);
                r->resolved = xstrdup(target);
        }
        k = dlopen_cryptsetup_erase(&error);
        if (k < 0) {
                *ret_reason = xasprintf("crypto erase of %s needs libcryptsetup: %s", target, error);
                return k;
        }
        k = luks_load(target, &cd);
        if (k < 0) {
                *ret_reason = xasprintf("%s has no LUKS header libcryptsetup can load (%s): crypto erase needs one", target, strerror(-k));
                return -EINVAL;
        }
        for (int i = 0; i < sym_crypt_keyslot_max(sym_crypt_get_type(cd)); i++) {
                crypt_keyslot_info ki = sym_crypt_keyslot_status(cd, i);
                if (ki == CRYPT_SLOT_ACTIVE || ki == CRYPT_SLOT_ACTIVE_LAST || ki == CRYPT_SLOT_UNBOUND)
                        active++;
        }
        for (int i = 0; i < MAX_TOKENS; i++) {
                const char *type = NULL;
                crypt_token_info ti = sym_crypt_token_status(cd, i, &type);

                if (ti == CRYPT_TOKEN_INACTIVE || ti == CRYPT_TOKEN_INVALID)
                        continue;
                tokens++;
                if (token_is_tpm(type))
                        tpm = true;
        }
        hdr = sym_crypt_get_data_offset(cd) * 512;
        if (hdr == 0) {
                /* Detached header or no data offset: the image is all header. */
                if (S_ISREG(st.st_mode))
                        hdr = (uint64_t) st.st_size;
                else if (hdr == 0)
                        hdr = 16 << 20;
        }
        if (S_ISREG(st.st_mode) && hdr > (uint64_t) st.st_size)
                hdr = (uint64_t) st.st_size;
        r->kind = WIPE_KIND_LUKS;
        r->size = hdr;
        wipe_record_note(r, "%s before erase: %s, %u active keyslot(s), %u token(s), header and keyslot areas %ju bytes, cipher %s-%s, %d-bit volume key",
                         target, strna(sym_crypt_get_type(cd)), active, tokens, (uintmax_t) hdr,
                         strna(sym_crypt_get_cipher(cd)), strna(sym_crypt_get_cipher_mode(cd)), sym_crypt_get_volume_key_size(cd) * 8);
        if (sym_crypt_get_volume_key_size(cd) * 8 < 256 && strstr(strempty(sym_crypt_get_cipher_mode(cd)), "xts"))
                wipe_record_caveat(r, "the volume key is %d bits in XTS mode (%d-bit strength): 800-88 asks for at least 128-bit strength for crypto erase to count as Purge",
                                   sym_crypt_get_volume_key_size(cd) * 8, sym_crypt_get_volume_key_size(cd) * 4);
        wipe_record_caveat(r, "crypto erase is NIST SP 800-88 Purge only if every byte was encrypted from the start and every copy "
                           "of the key is destroyed: header backups (cryptsetup luksHeaderBackup), escrowed recovery keys and "
                           "keys sealed in a TPM are not on this device and must be destroyed separately");
        wipe_record_caveat(r, "the data area (after byte %ju) is left as ciphertext; it is not overwritten", (uintmax_t) hdr);
        if (tpm)
                wipe_record_caveat(r, "a TPM-bound token (systemd-tpm2 or clevis) was found: the TPM can still unseal its copy of the "
                                   "key material until it is cleared; %s",
                                   o->tpm_clear ? "a TPM clear is requested through the Physical Presence Interface (takes effect at the next boot)"
                                                : "clear it with tpm2_clear, or run again with --tpm-clear");
        if (S_ISBLK(st.st_mode))
                media_device_caveats(r);
        return 0;
}

/* Asks the firmware to clear the TPM at the next boot (PPI operation 5: Clear). */
static int tpm_ppi_clear(void)
{
        _cleanup_close_ int fd = open("/sys/class/tpm/tpm0/ppi/request", O_WRONLY | O_CLOEXEC);

        if (fd < 0)
                return negative_errno();
        if (write(fd, "5", 1) != 1)
                return negative_errno();
        return 0;
}

int wipe_luks_execute(struct wipe_plan *p, const struct wipe_options *o)
{
        struct wipe_record *r = p->record;
        const struct wipe_target *t = &p->targets[0];
        _cleanup_(crypt_freep) struct crypt_device *cd = NULL;
        _cleanup_close_ int fd = -1;
        struct wipe_pattern pat = { 0 };
        struct wipe_io io;
        struct stat st;
        unsigned destroyed = 0, removed = 0;
        bool tpm = false;
        const char *error = NULL;
        int k;

        /* libcryptsetup opens by name: check the name still is what prepare found. */
        if (stat(r->resolved, &st) < 0 || (t->type == S_IFBLK ? st.st_rdev != t->rdev : st.st_dev != t->dev || st.st_ino != t->ino)) {
                wipe_record_error(r, NULL, "open", 0, r->size, ESTALE);
                wipe_record_note(r, "%s is no longer what was checked: nothing written", r->resolved);
                return -ESTALE;
        }

        /* wipe_luks_prepare() loaded it already; a failure here still must not call a NULL pointer. */
        k = dlopen_cryptsetup_erase(&error);
        if (k < 0) {
                wipe_record_error(r, NULL, "libcryptsetup", 0, 0, -k);
                return k;
        }
        k = luks_load(r->resolved, &cd);
        if (k < 0) {
                wipe_record_error(r, NULL, "luks-load", 0, 0, -k);
                return k;
        }
        for (int i = 0; i < sym_crypt_keyslot_max(sym_crypt_get_type(cd)); i++) {
                crypt_keyslot_info ki = sym_crypt_keyslot_status(cd, i);

                if (ki == CRYPT_SLOT_INACTIVE || ki == CRYPT_SLOT_INVALID)
                        continue;
                k = sym_crypt_keyslot_destroy(cd, i);
                if (k < 0)
                        wipe_record_error(r, NULL, "keyslot-destroy", (uint64_t) i, 0, -k);
                else
                        destroyed++;
        }
        for (int i = 0; i < MAX_TOKENS; i++) {
                const char *type = NULL;
                crypt_token_info ti = sym_crypt_token_status(cd, i, &type);

                if (ti == CRYPT_TOKEN_INACTIVE || ti == CRYPT_TOKEN_INVALID)
                        continue;
                if (token_is_tpm(type))
                        tpm = true;
                k = sym_crypt_token_json_set(cd, i, NULL);
                if (k < 0)
                        wipe_record_error(r, NULL, "token-remove", (uint64_t) i, 0, -k);
                else
                        removed++;
        }
        wipe_record_note(r, "destroyed %u keyslot(s) and removed %u token(s) with libcryptsetup", destroyed, removed);
        crypt_freep(&cd);
        cd = NULL;

        /* Then the header and keyslot areas themselves, so no stale copy of a keyslot survives anywhere in them. */
        fd = open(r->resolved, O_RDWR | O_CLOEXEC | O_DIRECT);
        if (fd < 0 && errno == EINVAL)
                fd = open(r->resolved, O_RDWR | O_CLOEXEC);
        if (fd < 0 || fstat(fd, &st) < 0) {
                k = negative_errno();
                wipe_record_error(r, NULL, "open", 0, r->size, -k);
                return k;
        }
        if (S_ISBLK(st.st_mode)) {
                /* The kernel refuses O_EXCL on a device in use; re-open that way now that libcryptsetup let go. */
                close(fd);
                fd = open(r->resolved, O_RDWR | O_CLOEXEC | O_EXCL | O_DIRECT);
                if (fd < 0) {
                        k = negative_errno();
                        wipe_record_error(r, NULL, "open", 0, r->size, -k);
                        return k;
                }
        }
        io = (struct wipe_io){
                .fd = fd, .size = r->size, .align = MAX(r->media.logical_block_size, 512u), .r = r, .o = o,
                .progress_total = r->size,
        };
        k = wipe_pattern_for(r, 0, 0, &pat);
        if (k < 0)
                return k;
        k = wipe_io_write(&io, &pat);
        r->bytes_written = io.written;
        (void) wipe_io_sync_and_drop(&io, S_ISBLK(st.st_mode));
        if (k == 0 && r->verify != WIPE_VERIFY_NONE) {
                size_t before = r->errors_total;
                k = wipe_io_verify(&io, &pat, r->verify);
                if (k == 0)
                        r->verify_result = r->mismatches_total == 0 && r->errors_total == before ? "pass" : "fail";
        }
        wipe_pattern_done(&pat);
        if (k < 0)
                return k;

        /* The proof that matters: libcryptsetup no longer finds anything to unlock. */
        if (luks_load(r->resolved, &cd) == 0) {
                wipe_record_error(r, NULL, "luks-still-loadable", 0, r->size, EEXIST);
        } else
                wipe_record_note(r, "after the erase libcryptsetup finds no LUKS header on %s: no keyslot can be unlocked", r->resolved);

        if (tpm && o->tpm_clear) {
                k = tpm_ppi_clear();
                if (k < 0)
                        wipe_record_error(r, "/sys/class/tpm/tpm0/ppi/request", "tpm-clear", 0, 0, -k);
                else
                        wipe_record_note(r, "TPM clear requested through the Physical Presence Interface (operation 5), effective at the next boot");
        }
        return 0;
}
