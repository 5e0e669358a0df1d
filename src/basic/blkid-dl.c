/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "blkid-dl.h"
#include "dl-sonames.h"
#include "dlopen-util.h"

typeof(blkid_do_safeprobe) *sym_blkid_do_safeprobe;
typeof(blkid_free_probe) *sym_blkid_free_probe;
typeof(blkid_new_probe_from_filename) *sym_blkid_new_probe_from_filename;
typeof(blkid_probe_enable_superblocks) *sym_blkid_probe_enable_superblocks;
typeof(blkid_probe_lookup_value) *sym_blkid_probe_lookup_value;
typeof(blkid_probe_set_superblocks_flags) *sym_blkid_probe_set_superblocks_flags;

static const struct dl_symbol blkid_symbols[] = {
        DL_SYMBOL(blkid_do_safeprobe),
        DL_SYMBOL(blkid_free_probe),
        DL_SYMBOL(blkid_new_probe_from_filename),
        DL_SYMBOL(blkid_probe_enable_superblocks),
        DL_SYMBOL(blkid_probe_lookup_value),
        DL_SYMBOL(blkid_probe_set_superblocks_flags),
};

static struct dl_library blkid_library = DL_LIBRARY(LIBBLKID_SONAME, blkid_symbols);

int dlopen_blkid(const char **ret_error)
{
        return dl_library_load(&blkid_library, ret_error);
}
