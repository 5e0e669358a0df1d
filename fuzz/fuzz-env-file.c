/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for shell-style KEY=VALUE files (os-release, CIP's *.env, /etc/default/grub). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers.h"
#include "strv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char **env;

        if (env_file_parse((const char *) data, size, &env) != 0)
                return 0;
        /* Every entry is KEY=VALUE and looking each key up finds a value. */
        for (char **e = env; *e; e++) {
                const char *eq = strchr(*e, '=');
                char key[256];

                if (!eq)
                        abort();
                if ((size_t) (eq - *e) < sizeof(key)) {
                        memcpy(key, *e, (size_t) (eq - *e));
                        key[eq - *e] = 0;
                        if (!env_get(env, key))
                                abort();
                }
        }
        strv_free(env);
        return 0;
}
