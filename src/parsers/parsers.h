/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Parsers for the text formats the collectors read. Bytes in, structs out,
 * no I/O: unit tests and fuzzers feed them buffers. Each returns 0 or a
 * negative errno (-EBADMSG for malformed input, -E2BIG over a limit) and sets
 * its ret_ parameters only on success; the caller owns what they return.
 */

#include <stddef.h>
#include <stdint.h>

#include "facts.h"

/* Limits: input is hostile until proven otherwise. */
#define PARSE_MAX_ITEMS 100000

/* /var/lib/dpkg/status: installed packages only ("install ok installed"). */
int dpkg_status_parse(const char *buf, size_t len, struct package **ret, size_t *ret_n);
void packages_free(struct package *v, size_t n);

/*
 * Shell-style KEY=VALUE files (os-release, CIP's encrypt_partition.env and
 * reset-env, /etc/default/grub): single and double quotes, backslash escapes
 * in double quotes, comments. Returns a strv of "KEY=VALUE" with quotes removed.
 */
int env_file_parse(const char *buf, size_t len, char ***ret);
/* Looks KEY up in such a strv; the last assignment wins. */
const char *env_get(char *const *env, const char *key);
