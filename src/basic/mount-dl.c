/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "dl-sonames.h"
#include "dlopen-util.h"
#include "mount-dl.h"

typeof(mnt_free_iter) *sym_mnt_free_iter;
typeof(mnt_fs_get_fstype) *sym_mnt_fs_get_fstype;
typeof(mnt_fs_get_options) *sym_mnt_fs_get_options;
typeof(mnt_fs_get_source) *sym_mnt_fs_get_source;
typeof(mnt_fs_get_target) *sym_mnt_fs_get_target;
typeof(mnt_new_iter) *sym_mnt_new_iter;
typeof(mnt_new_table) *sym_mnt_new_table;
typeof(mnt_table_next_fs) *sym_mnt_table_next_fs;
typeof(mnt_table_parse_stream) *sym_mnt_table_parse_stream;
typeof(mnt_unref_table) *sym_mnt_unref_table;
typeof(mnt_table_set_parser_errcb) *sym_mnt_table_set_parser_errcb;
typeof(mnt_table_set_userdata) *sym_mnt_table_set_userdata;
typeof(mnt_table_get_userdata) *sym_mnt_table_get_userdata;

static const struct dl_symbol mount_symbols[] = {
        DL_SYMBOL(mnt_free_iter),
        DL_SYMBOL(mnt_fs_get_fstype),
        DL_SYMBOL(mnt_fs_get_options),
        DL_SYMBOL(mnt_fs_get_source),
        DL_SYMBOL(mnt_fs_get_target),
        DL_SYMBOL(mnt_new_iter),
        DL_SYMBOL(mnt_new_table),
        DL_SYMBOL(mnt_table_next_fs),
        DL_SYMBOL(mnt_table_parse_stream),
        DL_SYMBOL(mnt_unref_table),
        DL_SYMBOL(mnt_table_set_parser_errcb),
        DL_SYMBOL(mnt_table_set_userdata),
        DL_SYMBOL(mnt_table_get_userdata),
};

static struct dl_library mount_library = DL_LIBRARY(LIBMOUNT_SONAME, mount_symbols);

int dlopen_mount(const char **ret_error)
{
        return dl_library_load(&mount_library, ret_error);
}
