/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* libmount, loaded on first use (dlopen-util.h); types from <libmount.h>, calls through these pointers. */

#include <libmount.h>

extern typeof(mnt_free_iter) *sym_mnt_free_iter;
extern typeof(mnt_fs_get_fstype) *sym_mnt_fs_get_fstype;
extern typeof(mnt_fs_get_options) *sym_mnt_fs_get_options;
extern typeof(mnt_fs_get_source) *sym_mnt_fs_get_source;
extern typeof(mnt_fs_get_target) *sym_mnt_fs_get_target;
extern typeof(mnt_new_iter) *sym_mnt_new_iter;
extern typeof(mnt_new_table) *sym_mnt_new_table;
extern typeof(mnt_table_next_fs) *sym_mnt_table_next_fs;
extern typeof(mnt_table_parse_stream) *sym_mnt_table_parse_stream;
extern typeof(mnt_unref_table) *sym_mnt_unref_table;
extern typeof(mnt_table_set_parser_errcb) *sym_mnt_table_set_parser_errcb;
extern typeof(mnt_table_set_userdata) *sym_mnt_table_set_userdata;
extern typeof(mnt_table_get_userdata) *sym_mnt_table_get_userdata;

/* 0, or -ELIBACC with *ret_error (optional) naming the library or the missing symbol (lives as long as the process). */
int dlopen_mount(const char **ret_error);
