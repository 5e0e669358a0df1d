/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the firewall policy (INI through inih): the input is
 * split at NUL bytes into policy.conf and up to seven drop-ins, parsed and
 * merged as fw_policy_load() does, finished, and — when valid — compiled to
 * an nftables ruleset in both normal and island mode.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const char *buf = (const char *) data, *end = buf + size;
        struct fw_policy *p = fw_policy_new();
        struct fw_diags diags = {};
        bool ok = true;

        for (unsigned i = 0; i < 8 && buf <= end; i++) {
                const char *nul = memchr(buf, 0, (size_t) (end - buf));
                size_t len = nul ? (size_t) (nul - buf) : (size_t) (end - buf);
                char name[32];

                snprintf(name, sizeof(name), i == 0 ? "policy.conf" : "policy.d/%u.conf", i);
                if (fw_policy_parse_buffer(p, name, buf, len, &diags) < 0)
                        ok = false;
                if (!nul)
                        break;
                buf = nul + 1;
        }
        if (ok && fw_policy_finish(p, &diags) == 0) {
                for (int island = 0; island < 2; island++) {
                        struct fw_compile_options o = { .island = island };
                        char *out = NULL;

                        if (fw_compile(p, &o, &out) == 0)
                                free(fw_apply_transaction(out));
                        free(out);
                }
        }
        free(fw_diags_format(&diags));
        fw_diags_clear(&diags);
        fw_policy_free(p);
        return 0;
}
