/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for /proc/crypto. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers.h"
#include "strv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char **l;

        if (proc_crypto_parse((const char *) data, size, &l) != 0)
                return 0;
        /* Promised: sorted and unique. */
        for (size_t i = 0; l[i] && l[i + 1]; i++)
                if (strcmp(l[i], l[i + 1]) >= 0)
                        abort();
        strv_free(l);
        return 0;
}
