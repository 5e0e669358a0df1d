/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The LUKS part of the crypto policy (CR 4.3). Kept behind two functions so
 * the checks switch to the crypto policy module (src/policy: cp_luks_cipher(),
 * cp_pbkdf()) by changing only luks-rules.c. Each returns 0 when the
 * parameter meets the policy ("nist" unless "bsi"), or -1 with *ret_why (the
 * algorithm and the rule it breaks; the caller owns it).
 */

#include <stdint.h>

int luks_rule_cipher(const char *policy, const char *cipher, unsigned key_bits, char **ret_why);
int luks_rule_pbkdf(const char *policy, const char *pbkdf, const char *hash, uint32_t iterations, uint32_t memory_kb, char **ret_why);
