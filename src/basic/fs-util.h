/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <sys/types.h>

/*
 * Creates path and its missing parents, like mkdir -p: the parents 0755,
 * path itself with mode. Whatever already exists is left as it is. Returns
 * 0 or the -errno of the first mkdir() that failed otherwise.
 */
int mkdir_p(const char *path, mode_t mode);
