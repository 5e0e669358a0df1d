/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Opens path below the directory rootfd as openat2(RESOLVE_IN_ROOT |
 * RESOLVE_NO_MAGICLINKS) would, for kernels without openat2 (before 5.6:
 * CIP's 4.4 and 4.19 SLTS kernels) and for tools that do not know the
 * syscall (valgrind 3.19): one component at a time with O_NOFOLLOW, symlinks
 * read and resolved by hand, absolute targets and ".." clamped at rootfd, at
 * most CHASE_MAX_LINKS links. The final component is opened with flags (plus
 * O_CLOEXEC); with O_NOFOLLOW a final symlink is not followed, as openat2.
 * Unlike openat2 it cannot detect a rename racing the walk: use it only as a
 * fallback. Returns 0 and *ret_fd, or -errno (-ELOOP for too many links).
 */
int chase_in_root(int rootfd, const char *path, int flags, int *ret_fd);

#define CHASE_MAX_LINKS 40
