/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The wipe's prepare step and nothing else: what `bulwark wipe --dry-run`
 * runs, linked alone with --gc-sections from a library built with one
 * section per function, so this binary holds exactly what prepare can reach.
 * tests/link/prepare-no-destructive.sh fails when that includes an engine's
 * execute function, the I/O pipeline or a libc call that writes or removes.
 */
#include <stdio.h>

#include "wipe.h"

int main(int argc, char **argv)
{
        struct wipe_options o = { .method = WIPE_METHOD_ZERO, .verify = WIPE_VERIFY_NONE };
        struct wipe_plan *p = NULL;
        char *reason = NULL;
        int k;

        k = wipe_prepare(argv + 1, &o, &p, &reason);
        if (k < 0) {
                fprintf(stderr, "refused: %s\n", reason ? reason : "?");
                return 2;
        }
        printf("%s: %s, %ju bytes\n", argc > 1 ? argv[1] : "", wipe_kind_to_string(p->record->kind), (uintmax_t) p->record->size);
        wipe_plan_free(p);
        return 0;
}
