/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* RFC 3339 / ISO 8601 in UTC, as the reports and certificates write dates and times. */
#define UTC_ISO8601 "%Y-%m-%dT%H:%M:%SZ"

/*
 * Writes t as UTC in the strftime() format fmt into buf (at most 63
 * characters). Returns false, leaving buf as it was, when t has no such
 * form or it does not fit.
 */
bool format_utc(time_t t, const char *fmt, char *buf, size_t size) __attribute__((format(strftime, 2, 0)));

/* Milliseconds on CLOCK_MONOTONIC: for deadlines and durations, never for dates. */
uint64_t now_ms(void);
