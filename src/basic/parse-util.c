/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <limits.h>

#include "macro.h"
#include "parse-util.h"

int parse_uint(const char *s, unsigned long min, unsigned long max, unsigned *ret)
{
        unsigned long v;
        char *end;

        /* strtoul() alone takes leading white space, a sign, and "-1" as ULONG_MAX. */
        if (!s || s[0] < '0' || s[0] > '9')
                return -EINVAL;
        errno = 0;
        v = strtoul(s, &end, 10);
        if (errno != 0 || *end != 0 || v < min || v > max || v > UINT_MAX)
                return -EINVAL;
        *ret = (unsigned) v;
        return 0;
}
