/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the small line formats of line-formats.c: the first
 * byte picks sysctl.conf, inetd.conf, crypttab or the kernel command line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers.h"
#include "strv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const char *buf;
        size_t len;
        char **l;

        if (size < 1)
                return 0;
        buf = (const char *) data + 1;
        len = size - 1;

        switch (data[0] % 4) {
        case 0:
                if (sysctl_conf_parse(buf, len, &l) == 0)
                        strv_free(l);
                break;
        case 1:
                if (inetd_conf_parse(buf, len, &l) == 0)
                        strv_free(l);
                break;
        case 2: {
                struct crypttab_entry *v;
                size_t n;

                if (crypttab_parse(buf, len, &v, &n) == 0)
                        crypttab_free(v, n);
                break;
        }
        case 3: {
                /* The command line is a C string; a key to look up may follow the first NUL. */
                const char *nul = memchr(buf, 0, len);
                size_t cl = nul ? (size_t) (nul - buf) : len;
                char *cmdline = strndup(buf, cl);
                char *key = nul ? strndup(nul + 1, len - cl - 1) : strdup("init_on_free");

                free(cmdline_get(cmdline, key));
                free(key);
                free(cmdline);
                break;
        }
        }
        return 0;
}
