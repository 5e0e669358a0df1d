/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for systemd unit files and drop-ins. The input is split
 * at the first NUL into a fragment and a drop-in, which are appended to the
 * same settings as the collector does.
 */
#include <stdint.h>
#include <string.h>

#include "parsers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const char *buf = (const char *) data;
        const char *nul = memchr(buf, 0, size);
        size_t first = nul ? (size_t) (nul - buf) : size;
        struct unit_setting *s = NULL;
        size_t n = 0;

        if (unit_file_parse(buf, first, "fragment.service", &s, &n) == 0 && nul)
                (void) unit_file_parse(nul + 1, size - first - 1, "override.conf", &s, &n);
        unit_settings_free(s, n);
        return 0;
}
