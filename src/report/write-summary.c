/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "catalogue.h"
#include "escape.h"
#include "macro.h"
#include "model.h"
#include "writers.h"

/*
 * One line, for the journal (the daily timer) and for scripts:
 *   bulwark: SL 2 embedded: 3 met, 1 not met (CR 4.1), 0 error, 1 manual, 9 na
 * The requirements not met and in error are named, so the line alone says
 * what to look at.
 */

static void put_ids(FILE *f, const struct report *r, enum verdict v)
{
        bool first = true;

        if (r->summary[v] == 0)
                return;
        fputs(" (", f);
        for (size_t i = 0; i < r->n_requirements; i++) {
                if (r->requirements[i].verdict != v)
                        continue;
                fputs(first ? "" : ", ", f);
                escape_write(f, r->requirements[i].req->id, ESCAPE_TEXT);
                first = false;
        }
        fputc(')', f);
}

int report_write_summary(const struct report *r, const struct report_write_options *o, FILE *f)
{
        fputs("bulwark: ", f);
        escape_write(f, strna(r->hostname), ESCAPE_TEXT);
        fprintf(f, " SL %u ", r->sl);
        escape_write(f, strempty(r->role), ESCAPE_TEXT);
        fprintf(f, ": %u met, %u not met", r->summary[VERDICT_PASS], r->summary[VERDICT_FAIL]);
        put_ids(f, r, VERDICT_FAIL);
        fprintf(f, ", %u error", r->summary[VERDICT_ERROR]);
        put_ids(f, r, VERDICT_ERROR);
        fprintf(f, ", %u manual, %u na\n", r->summary[VERDICT_MANUAL], r->summary[VERDICT_NA]);
        return ferror(f) ? -EIO : 0;
}
