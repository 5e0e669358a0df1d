/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The root of what is assessed, as one directory fd. Every file access of the
 * collectors goes through here. Offline (an image's root tree) paths resolve
 * with openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS): an absolute or ".."
 * symlink in the tree resolves inside it and never reaches the host. Only
 * regular files are read, never FIFOs, devices or sockets, and reads are
 * capped, so a sparse 8 GiB file or a symlink loop costs nothing.
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#define ROOT_READ_MAX_DEFAULT (4u * 1024 * 1024)

struct root;

/* Opens the root at path. live says whether it is the running system ("/"). */
int root_open(const char *path, bool live, struct root **ret);
void root_free(struct root *r);
static inline void root_freep(struct root **r) { root_free(*r); }

bool root_is_live(const struct root *r);
const char *root_path(const struct root *r);
int root_fd(const struct root *r);

/* openat2 inside the root. flags are open(2) flags; O_CLOEXEC is always added. */
int root_openat(const struct root *r, const char *path, int flags, int *ret_fd);

/*
 * Reads a regular file inside the root into a NUL-terminated buffer (caller
 * owns it). Returns -ENOENT if missing, -EFTYPE-like -EBADFD for anything not a
 * regular file, -EFBIG when larger than max, -ELOOP for symlink loops.
 */
int root_read_file(const struct root *r, const char *path, size_t max, char **ret, size_t *ret_len);

/* stat() inside the root; follows symlinks inside the root unless nofollow. */
int root_stat(const struct root *r, const char *path, bool nofollow, struct stat *ret);
bool root_exists(const struct root *r, const char *path);

/*
 * Lists a directory inside the root: names only, sorted, without "." and
 * "..", at most max_entries. The caller owns the strv. Returns 0 when that is
 * the whole directory and 1 when it holds more (the strv is then an arbitrary
 * max_entries of them): a caller must never take a partial listing for all.
 */
int root_list_dir(const struct root *r, const char *path, size_t max_entries, char ***ret);

/* readlink of the last component (not followed), inside the root. */
int root_readlink(const struct root *r, const char *path, char **ret);
