/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Where a configuration is read from, as a table of operations: the host
 * (file_source_host, here) or an assessed target's root (src/collect, through
 * the root fd). Code that must read one configuration the same way from
 * either place, such as the drop-in loader of src/parsers/conf-dropins.h,
 * takes a file source instead of opening files itself.
 *
 * Both implementations answer alike: read_file reads a regular file only
 * (-EISDIR for a directory, -EBADFD for any other non-regular file, -ENOENT
 * when missing or a dangling link, -EFBIG over max); list_dir returns the
 * names of a directory without "." and "..", sorted by strcmp(), at most
 * max_entries of them; readlink returns the target of a symbolic link
 * (-EINVAL when path is not one).
 */

#include <stddef.h>

#include "fdio.h" /* read_regular_file(), read_regular_fd(): the host's read_file */

struct file_source {
        int (*read_file)(void *userdata, const char *path, size_t max, char **ret, size_t *ret_len);
        int (*list_dir)(void *userdata, const char *path, size_t max_entries, char ***ret);
        int (*readlink)(void *userdata, const char *path, char **ret);
        void *userdata;
};

/* The host's file system, paths as given (relative to the working directory). */
extern const struct file_source file_source_host;

/* The host operations on their own (list_dir_sorted() returns 1 when cut at max_entries). */
int list_dir_sorted(const char *path, size_t max_entries, char ***ret);

/*
 * The same on an fd already opened (the root source opens inside the root). list_dir_fd() takes fd over.
 * The listings return 0 when complete and 1 when they stopped at max_entries: the caller must not take a
 * cut listing for the whole directory.
 */
int list_dir_fd(int fd, size_t max_entries, char ***ret);
int readlink_malloc(const char *path, char **ret);
