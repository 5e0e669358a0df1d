/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "dl-sonames.h"
#include "dlopen-util.h"
#include "ext2fs-dl.h"

typeof(ext2fs_open2) *sym_ext2fs_open2;
typeof(ext2fs_close_free) *sym_ext2fs_close_free;
typeof(ext2fs_namei) *sym_ext2fs_namei;
typeof(ext2fs_namei_follow) *sym_ext2fs_namei_follow;
typeof(ext2fs_read_inode2) *sym_ext2fs_read_inode2;
typeof(ext2fs_file_open) *sym_ext2fs_file_open;
typeof(ext2fs_file_read) *sym_ext2fs_file_read;
typeof(ext2fs_file_close) *sym_ext2fs_file_close;
typeof(ext2fs_check_directory) *sym_ext2fs_check_directory;
typeof(ext2fs_dir_iterate2) *sym_ext2fs_dir_iterate2;
typeof(ext2fs_inline_data_get) *sym_ext2fs_inline_data_get;
typeof(ext2fs_is_fast_symlink) *sym_ext2fs_is_fast_symlink;
io_manager *sym_unix_io_manager;

static const struct dl_symbol ext2fs_symbols[] = {
        DL_SYMBOL(ext2fs_open2),
        DL_SYMBOL(ext2fs_close_free),
        DL_SYMBOL(ext2fs_namei),
        DL_SYMBOL(ext2fs_namei_follow),
        DL_SYMBOL(ext2fs_read_inode2),
        DL_SYMBOL(ext2fs_file_open),
        DL_SYMBOL(ext2fs_file_read),
        DL_SYMBOL(ext2fs_file_close),
        DL_SYMBOL(ext2fs_check_directory),
        DL_SYMBOL(ext2fs_dir_iterate2),
        DL_SYMBOL(ext2fs_inline_data_get),
        DL_SYMBOL(ext2fs_is_fast_symlink),
        DL_SYMBOL(unix_io_manager),
};

static struct dl_library ext2fs_library = DL_LIBRARY(LIBEXT2FS_SONAME, ext2fs_symbols);

int dlopen_ext2fs(const char **ret_error)
{
        return dl_library_load(&ext2fs_library, ret_error);
}
