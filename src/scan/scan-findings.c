/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "macro.h"
#include "scan-findings.h"

void scan_findings_add(struct scan_findings *l, const char *kind, const char *path, const char *algorithm,
                       const struct cp_verdict *v, const char *detail)
{
        if (l->n == 0)
                l->worst = CP_ACCEPTABLE;
        l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
        l->v[l->n++] = (struct scan_finding){
                .kind = xstrdup(kind),
                .path = xstrdup(path),
                .algorithm = xstrdup(algorithm),
                .status = v->status,
                .rule = xstrdup(v->rule),
                .detail = xstrdup(detail),
        };
        l->worst = cp_status_worst(l->worst, v->status);
}

void scan_findings_clear(struct scan_findings *l)
{
        for (size_t i = 0; i < l->n; i++) {
                free(l->v[i].kind);
                free(l->v[i].path);
                free(l->v[i].algorithm);
                free(l->v[i].rule);
                free(l->v[i].detail);
        }
        free(l->v);
        *l = (struct scan_findings){ .worst = CP_ACCEPTABLE };
}
