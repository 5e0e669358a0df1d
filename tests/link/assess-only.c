/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The assessment path and nothing else: what `bulwark assess` calls in the
 * library, linked alone against the static libbulwark. The linker pulls in
 * only the objects this path references (transitively), so a destructive
 * entry point present in this binary is one the assessment can reach;
 * tests/link/no-destructive.sh fails on any.
 */
#include <bulwark/bulwark.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
        struct bw_assess_options o = { .root = argc > 1 ? argv[1] : NULL, .sl = 2, .role = "embedded", .crypto_policy = "nist" };
        bw_report *r = NULL;
        char *buf = NULL;
        size_t len = 0;
        int code;

        if (bw_assess(&o, &r) < 0)
                return 3;
        code = bw_report_exit_code(r);
        for (int i = 2; i < argc; i++) {
                if (bw_report_render(r, argv[i], false, &buf, &len) < 0)
                        return 3;
                fwrite(buf, 1, len, stdout);
                free(buf);
        }
        bw_report_free(r);
        return code;
}
