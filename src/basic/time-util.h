/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stdint.h>

/* Milliseconds on CLOCK_MONOTONIC: for deadlines and durations, never for dates. */
uint64_t now_ms(void);
