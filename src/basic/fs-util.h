/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

/*
 * Whether p is an absolute path of at most 4096 bytes with no
 * empty, "." or ".." component and no trailing '/': a name a hostile input
 * cannot use to step out of the tree it is joined to.
 */
bool path_is_plain_absolute(const char *p);

/*
 * Creates path and its missing parents, like mkdir -p: the parents 0755,
 * path itself with mode. Whatever already exists is left as it is. Returns
 * 0 or the -errno of the first mkdir() that failed otherwise.
 */
int mkdir_p(const char *path, mode_t mode);
