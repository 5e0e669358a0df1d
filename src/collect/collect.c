/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The orchestrator: the collectors as one table, run once each in the order
 * below. Each row fills its own area of struct facts and nothing else; a row
 * that reads another's facts comes after it, and the comment on the row says
 * which. A new collector is one new file and one row of COLLECTORS in
 * collect.h (docs/ARCHITECTURE.md, "Adding a collector").
 */
#include "collect.h"
#include "macro.h"

/* The rows of COLLECTORS (collect.h), in its order; each is defined by its own file. */
const struct collector *const collectors[] = {
#define COLLECTOR_ROW(name) &collector_##name,
        COLLECTORS(COLLECTOR_ROW)
#undef COLLECTOR_ROW
        NULL
};

int facts_collect_from(struct root *r, const struct collect_options *o, struct facts **ret)
{
        _cleanup_(facts_freep) struct facts *f = NULL;
        int k;

        if (!r)
                return -EINVAL;
        f = facts_new(r);
        for (const struct collector *const *c = collectors; *c; c++) {
                f->collecting = (*c)->area;
                (*c)->collect(f, o);
                f->collecting = 0;
                if ((*c)->confine_after && o->confine) {
                        k = o->confine(o->confine_userdata);
                        if (k < 0)
                                return k;
                }
        }
        *ret = TAKE_PTR(f);
        return 0;
}

int facts_collect(const struct collect_options *o, struct facts **ret)
{
        struct root *r = NULL;
        int k;

        k = root_open(o->root, o->live, &r);
        if (k < 0)
                return k;
        return facts_collect_from(r, o, ret);
}

void facts_free(struct facts *f)
{
        if (!f)
                return;
        for (const struct collector *const *c = collectors; *c; c++)
                (*c)->free(f);
        facts_model_free(f);
}
