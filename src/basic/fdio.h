/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

/*
 * Reads an fd to its end into a NUL-terminated buffer of at most `max` bytes.
 * Returns 0, -EFBIG when there is more than `max` (nothing is returned then),
 * or -errno. The caller owns *ret. Works on proc files, whose st_size is 0.
 */
int read_full_fd(int fd, size_t max, char **ret, size_t *ret_len);

/*
 * Reads a regular file of at most `max` bytes from fd, which the caller
 * opened O_NONBLOCK so that a FIFO in its place could not block the open:
 * -EISDIR for a directory, -EBADFD for anything else that is not a regular
 * file, -EFBIG when it holds more than `max` (known from fstat, so an
 * 8 GiB sparse file costs nothing), else as read_full_fd(). Clears
 * O_NONBLOCK before reading. *ret and *ret_len are set only on success.
 */
int read_regular_fd(int fd, size_t max, char **ret, size_t *ret_len);
/* Opens path O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC and reads it as read_regular_fd() does. */
int read_regular_file(const char *path, size_t max, char **ret, size_t *ret_len);

/* Writes all of buf, retrying on short writes and EINTR. */
int write_full(int fd, const void *buf, size_t len);

/*
 * Replaces `path` with `len` bytes of `buf` atomically: a temporary file in
 * the same directory, fsync, rename, fsync of the directory. Readers see the
 * old or the new file, and after a return of 0 the new one survives a crash.
 */
int write_file_atomic(const char *path, const void *buf, size_t len, unsigned mode);

/* fsyncs the directory holding `path`, so a rename or creation there is durable. */
int fsync_parent_dir(const char *path);
