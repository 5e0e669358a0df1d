/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the firewall policy parser and compiler. The input
 * is split at the first NUL into a policy and a drop-in, as two files of one
 * policy; whatever parses must compile, in both modes. The seed corpus
 * (fuzz/corpus/firewall) replays as an ordinary test.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "macro.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const char *buf = (const char *) data;
        const char *nul = memchr(buf, 0, size);
        size_t first = nul ? (size_t) (nul - buf) : size;
        struct fw_policy *p = fw_policy_new();
        struct fw_diags d = {};
        int k;

        k = fw_policy_parse_buffer(p, "policy.conf", buf, first, &d);
        if (nul && fw_policy_parse_buffer(p, "policy.d/x.conf", nul + 1, size - first - 1, &d) < 0)
                k = -EBADMSG;
        if (k == 0)
                k = fw_policy_finish(p, &d);
        if (k == 0) {
                for (int island = 0; island < 2; island++) {
                        char *out = NULL;
                        if (fw_compile(p, &(struct fw_compile_options){ .island = island }, &out) < 0)
                                abort();
                        free(out);
                }
        } else if (d.n == 0)
                abort(); /* a refusal always says where and why */
        free(fw_diags_format(&d));
        fw_diags_clear(&d);
        fw_policy_free(p);
        return 0;
}
