/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for the boot loader formats: GRUB defaults as sh sources them, grub.cfg, BLS entries, sysctl.d. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers.h"
#include "strv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct shell_env e = {};
        struct grub_cfg g = {};
        const char *v, *why;
        char *opts, **kv;
        bool uki;

        if (shell_env_source(&e, (const char *) data, size, "fuzz") == 0)
                for (char **p = e.vars; p && *p; p++) {
                        char key[256];
                        const char *eq = strchr(*p, '=');
                        if (!eq)
                                abort();
                        if ((size_t) (eq - *p) < sizeof(key)) {
                                memcpy(key, *p, (size_t) (eq - *p));
                                key[eq - *p] = 0;
                                /* A decided variable is found, unless a later command stopped evaluation. */
                                if (shell_env_get(&e, key, &v, &why) == 0)
                                        abort();
                        }
                }
        shell_env_clear(&e);
        if (grub_cfg_parse((const char *) data, size, &g) == 0) {
                if (!g.entries || !g.defaults)
                        abort();
                grub_cfg_clear(&g);
        }
        if (bls_entry_parse((const char *) data, size, &opts, &uki) == 0)
                free(opts);
        if (pe_section_text((const char *) data, size, ".cmdline", &opts) == 1)
                free(opts);
        if (sysctl_conf_parse((const char *) data, size, &kv) == 0)
                strv_free(kv);
        return 0;
}
