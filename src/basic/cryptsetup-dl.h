/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * libcryptsetup, loaded on first use (dlopen-util.h). Types and constants
 * come from <libcryptsetup.h> as usual; calls go through these pointers,
 * whose types the compiler takes from the real prototypes.
 */

#include <libcryptsetup.h>

extern typeof(crypt_free) *sym_crypt_free;
extern typeof(crypt_get_cipher) *sym_crypt_get_cipher;
extern typeof(crypt_get_cipher_mode) *sym_crypt_get_cipher_mode;
extern typeof(crypt_get_data_offset) *sym_crypt_get_data_offset;
extern typeof(crypt_get_type) *sym_crypt_get_type;
extern typeof(crypt_get_uuid) *sym_crypt_get_uuid;
extern typeof(crypt_get_volume_key_size) *sym_crypt_get_volume_key_size;
extern typeof(crypt_init) *sym_crypt_init;
extern typeof(crypt_keyslot_get_pbkdf) *sym_crypt_keyslot_get_pbkdf;
extern typeof(crypt_keyslot_max) *sym_crypt_keyslot_max;
extern typeof(crypt_keyslot_status) *sym_crypt_keyslot_status;
extern typeof(crypt_load) *sym_crypt_load;
extern typeof(crypt_metadata_locking) *sym_crypt_metadata_locking;
extern typeof(crypt_set_log_callback) *sym_crypt_set_log_callback;
extern typeof(crypt_token_external_disable) *sym_crypt_token_external_disable;
extern typeof(crypt_token_json_get) *sym_crypt_token_json_get;
extern typeof(crypt_token_status) *sym_crypt_token_status;

/*
 * The calls that change a header, in a set and an object of their own
 * (cryptsetup-erase-dl.c) that only the wipe code uses:
 * tests/link/no-destructive.sh proves the assessment path does not even
 * hold these pointers.
 */
extern typeof(crypt_keyslot_destroy) *sym_crypt_keyslot_destroy;
extern typeof(crypt_token_json_set) *sym_crypt_token_json_set;

/*
 * Loads libcryptsetup and the reading calls above. 0, or -ELIBACC with
 * *ret_error (optional) naming the library or the missing symbol; the
 * message lives as long as the process.
 */
int dlopen_cryptsetup(const char **ret_error);

/* dlopen_cryptsetup() plus the header-changing calls. */
int dlopen_cryptsetup_erase(const char **ret_error);

/* For _cleanup_(crypt_freep): safe when the library was never loaded (cd is NULL then). */
static inline void crypt_freep(struct crypt_device **cd)
{
        if (*cd && sym_crypt_free)
                sym_crypt_free(*cd);
}
