/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cryptsetup-dl.h"
#include "dl-sonames.h"
#include "dlopen-util.h"

typeof(crypt_free) *sym_crypt_free;
typeof(crypt_get_cipher) *sym_crypt_get_cipher;
typeof(crypt_get_cipher_mode) *sym_crypt_get_cipher_mode;
typeof(crypt_get_data_offset) *sym_crypt_get_data_offset;
typeof(crypt_get_type) *sym_crypt_get_type;
typeof(crypt_get_uuid) *sym_crypt_get_uuid;
typeof(crypt_get_volume_key_size) *sym_crypt_get_volume_key_size;
typeof(crypt_init) *sym_crypt_init;
typeof(crypt_keyslot_get_pbkdf) *sym_crypt_keyslot_get_pbkdf;
typeof(crypt_keyslot_max) *sym_crypt_keyslot_max;
typeof(crypt_keyslot_status) *sym_crypt_keyslot_status;
typeof(crypt_load) *sym_crypt_load;
typeof(crypt_metadata_locking) *sym_crypt_metadata_locking;
typeof(crypt_set_log_callback) *sym_crypt_set_log_callback;
typeof(crypt_token_external_disable) *sym_crypt_token_external_disable;
typeof(crypt_token_json_get) *sym_crypt_token_json_get;
typeof(crypt_token_status) *sym_crypt_token_status;

static const struct dl_symbol cryptsetup_read_symbols[] = {
        DL_SYMBOL(crypt_free),
        DL_SYMBOL(crypt_get_cipher),
        DL_SYMBOL(crypt_get_cipher_mode),
        DL_SYMBOL(crypt_get_data_offset),
        DL_SYMBOL(crypt_get_type),
        DL_SYMBOL(crypt_get_uuid),
        DL_SYMBOL(crypt_get_volume_key_size),
        DL_SYMBOL(crypt_init),
        DL_SYMBOL(crypt_keyslot_get_pbkdf),
        DL_SYMBOL(crypt_keyslot_max),
        DL_SYMBOL(crypt_keyslot_status),
        DL_SYMBOL(crypt_load),
        DL_SYMBOL(crypt_metadata_locking),
        DL_SYMBOL(crypt_set_log_callback),
        DL_SYMBOL(crypt_token_external_disable),
        DL_SYMBOL(crypt_token_json_get),
        DL_SYMBOL(crypt_token_status),
};

static struct dl_library cryptsetup_read = DL_LIBRARY(LIBCRYPTSETUP_SONAME, cryptsetup_read_symbols);

int dlopen_cryptsetup(const char **ret_error)
{
        return dl_library_load(&cryptsetup_read, ret_error);
}
