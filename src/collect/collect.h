/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Collectors: one per area, each fills its part of struct facts and records
 * failures in the area's err. Only code under src/collect touches the system.
 */

#include "facts.h"
#include "rootfs.h"

void collect_system(struct facts *f);      /* hostname, os-release, packages */
void collect_firewall(struct facts *f);    /* Bulwark policy, units, verify result (src/firewall) */

/* Internal helpers shared by the collectors. */
/* Reads through the root, remembering the file for evidence; max defaults apply when 0. */
int collect_read(struct facts *f, const char *path, char **ret, size_t *ret_len);
