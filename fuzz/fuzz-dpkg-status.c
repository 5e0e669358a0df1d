/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the dpkg status parser (an image's /var/lib/dpkg/status). */
#include <stdint.h>

#include "parsers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct package *v;
        size_t n;

        if (dpkg_status_parse((const char *) data, size, &v, &n) == 0)
                packages_free(v, n);
        return 0;
}
