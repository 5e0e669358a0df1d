/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * libext2fs, loaded on first use (dlopen-util.h) by `assess --image` alone;
 * types and macros from <ext2fs/ext2fs.h>, calls through these pointers.
 * Only real exported symbols are used: Debian builds the library with
 * NO_INLINE_FUNCS, so its header's inline helpers are calls into it.
 */

#include <ext2fs/ext2fs.h>

extern typeof(ext2fs_open2) *sym_ext2fs_open2;
extern typeof(ext2fs_close_free) *sym_ext2fs_close_free;
extern typeof(ext2fs_namei) *sym_ext2fs_namei;
extern typeof(ext2fs_namei_follow) *sym_ext2fs_namei_follow;
extern typeof(ext2fs_read_inode2) *sym_ext2fs_read_inode2;
extern typeof(ext2fs_file_open) *sym_ext2fs_file_open;
extern typeof(ext2fs_file_read) *sym_ext2fs_file_read;
extern typeof(ext2fs_file_close) *sym_ext2fs_file_close;
extern typeof(ext2fs_check_directory) *sym_ext2fs_check_directory;
extern typeof(ext2fs_dir_iterate2) *sym_ext2fs_dir_iterate2;
extern typeof(ext2fs_inline_data_get) *sym_ext2fs_inline_data_get;
extern typeof(ext2fs_is_fast_symlink) *sym_ext2fs_is_fast_symlink;
/* A data symbol: the address of the library's io_manager variable. */
extern io_manager *sym_unix_io_manager;

/* 0, or -ELIBACC with *ret_error (optional) naming the library or the missing symbol (lives as long as the process). */
int dlopen_ext2fs(const char **ret_error);
