/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Parses s as a decimal number in [min, max]: digits only, from the first
 * character to the last (no sign, no white space, no "0x"). Returns 0, or
 * -EINVAL for anything else (also out of range); *ret is set only on success.
 */
int parse_uint(const char *s, unsigned long min, unsigned long max, unsigned *ret);
