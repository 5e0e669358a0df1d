/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>
#include <time.h>

#include "time-util.h"

uint64_t now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000u + (uint64_t) ts.tv_nsec / 1000000u;
}

bool format_utc(time_t t, const char *fmt, char *buf, size_t size)
{
        char tmp[64];
        struct tm tm;
        size_t n;

        if (!gmtime_r(&t, &tm))
                return false;
        /* fmt is checked where format_utc() is called (its format attribute), not here. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        n = strftime(tmp, sizeof(tmp), fmt, &tm);
#pragma GCC diagnostic pop
        if (n == 0 || n >= size)
                return false;
        memcpy(buf, tmp, n + 1);
        return true;
}
