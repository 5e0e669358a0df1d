/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for one LUKS2 token's JSON, as a hostile header would carry it. */
#include <stdint.h>

#include "parsers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct luks_token t;

        if (luks_token_parse((const char *) data, size, 0, &t) == 0) {
                (void) luks_token_kind(t.type);
                luks_token_clear(&t);
        }
        return 0;
}
