/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The libcryptsetup calls that change a header, in an object of their own:
 * only the wipe code references it, so a binary built from the assessment
 * path does not even contain these pointers (tests/link/no-destructive.sh),
 * also under AddressSanitizer, whose global registration keeps every global
 * of an object that is linked.
 */
#include "cryptsetup-dl.h"
#include "dl-sonames.h"
#include "dlopen-util.h"

typeof(crypt_keyslot_destroy) *sym_crypt_keyslot_destroy;
typeof(crypt_token_json_set) *sym_crypt_token_json_set;

static const struct dl_symbol cryptsetup_erase_symbols[] = {
        DL_SYMBOL(crypt_keyslot_destroy),
        DL_SYMBOL(crypt_token_json_set),
};

static struct dl_library cryptsetup_erase = DL_LIBRARY(LIBCRYPTSETUP_SONAME, cryptsetup_erase_symbols);

int dlopen_cryptsetup_erase(const char **ret_error)
{
        int k;

        k = dlopen_cryptsetup(ret_error);
        if (k < 0)
                return k;
        return dl_library_load(&cryptsetup_erase, ret_error);
}
