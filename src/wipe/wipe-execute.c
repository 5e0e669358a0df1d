/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Execute, the other half of the dispatcher (wipe.c prepares): the table of
 * execute functions per target kind and wipe_execute(), which alone reaches
 * it. In a file of its own so that a program that only prepares links none of
 * it (tests/link/prepare-no-destructive.sh), also under AddressSanitizer,
 * which registers every global of a file and so would keep this table alive
 * beside the prepare table.
 */
#include <stdlib.h>
#include <time.h>

#include "macro.h"
#include "wipe-internal.h"

/* Execute, per target kind: reached only from wipe_execute(). */
static int (*const executors[_WIPE_KIND_MAX])(struct wipe_plan *p, const struct wipe_options *o) = {
        [WIPE_KIND_DEVICE] = wipe_device_execute,
        [WIPE_KIND_PARTITION] = wipe_device_execute,
        [WIPE_KIND_FILES] = wipe_files_execute,
        [WIPE_KIND_FREE_SPACE] = wipe_free_space_execute,
        [WIPE_KIND_LUKS] = wipe_luks_execute,
};

int wipe_execute(struct wipe_plan *p, const struct wipe_options *o)
{
        struct wipe_record *r = p->record;
        int k;

        if (p->executed)
                return -EALREADY;
        p->executed = true;
        clock_gettime(CLOCK_REALTIME, &r->start);
        if (wipe_method_needs_key(r)) {
                k = random_bytes(r->key, sizeof(r->key));
                if (k < 0) {
                        wipe_record_error(r, NULL, "getrandom", 0, 0, -k);
                        wipe_record_conclude(r, k);
                        return -EIO;
                }
                r->has_key = true;
        }
        if (o->started) {
                r->status = WIPE_STATUS_STARTED;
                k = o->started(r, o->userdata);
                r->status = WIPE_STATUS_PENDING;
                if (k < 0)
                        return k;
        }
        /* The progress plan: every pass over the target, then the read-back (files: each file may be read whole). */
        r->job_done = 0;
        r->job_total = (uint64_t) r->passes * r->size +
                (r->kind == WIPE_KIND_FILES ? (r->verify == WIPE_VERIFY_NONE ? 0 : r->size)
                                            : wipe_io_verify_bytes(r->size, 4096, r->verify));
        k = r->kind < _WIPE_KIND_MAX && executors[r->kind] ? executors[r->kind](p, o) : -EINVAL;
        wipe_record_conclude(r, k);
        if (r->status == WIPE_STATUS_COMPLETED)
                return 0;
        return r->status == WIPE_STATUS_INTERRUPTED ? -ECANCELED : -EIO;
}
