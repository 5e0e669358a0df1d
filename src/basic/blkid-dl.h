/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* libblkid, loaded on first use (dlopen-util.h); types from <blkid.h>, calls through these pointers. */

#include <blkid.h>

extern typeof(blkid_do_safeprobe) *sym_blkid_do_safeprobe;
extern typeof(blkid_free_probe) *sym_blkid_free_probe;
extern typeof(blkid_new_probe_from_filename) *sym_blkid_new_probe_from_filename;
extern typeof(blkid_probe_enable_superblocks) *sym_blkid_probe_enable_superblocks;
extern typeof(blkid_probe_lookup_value) *sym_blkid_probe_lookup_value;
extern typeof(blkid_probe_set_superblocks_flags) *sym_blkid_probe_set_superblocks_flags;

/* 0, or -ELIBACC with *ret_error (optional) naming the library or the missing symbol (lives as long as the process). */
int dlopen_blkid(const char **ret_error);
