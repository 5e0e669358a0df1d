/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <jansson.h>
#include <stddef.h>

struct root;

/* The kernel's current ruleset as libnftables lists it in JSON. */
int nft_list_live(json_t **ret);

/*
 * Loads an nftables file of the target into a throwaway network namespace
 * and lists it back as JSON, so offline verdicts rest on what nft itself
 * understands, never on pattern matching. `include` statements are resolved
 * through the root source and inlined first, so nothing is read from the host.
 * Runs in a child with a memory limit and a timeout. On a load error,
 * *ret_error gets nft's message (caller frees) and -EBADMSG is returned.
 * -E2BIG (with *ret_error naming the file and the limit) when one of our caps
 * cut the input or the listing: the ruleset is then unknown, not wrong.
 */
int nft_load_offline(const struct root *r, const char *buf, size_t len, json_t **ret, char **ret_error);

/* Inlines `include "glob"` lines through the root (exposed for tests). */
int nft_flatten_includes(const struct root *r, const char *buf, size_t len, char **ret, char **ret_error);
