/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "macro.h"
#include "time-util.h"
#include "model.h"
#include "strv.h"

static const char *const verdict_names[_VERDICT_MAX] = {
        [VERDICT_PASS] = "pass",
        [VERDICT_MANUAL] = "manual",
        [VERDICT_ERROR] = "error",
        [VERDICT_FAIL] = "fail",
        [VERDICT_NA] = "na",
};

const char *verdict_to_string(enum verdict v)
{
        return v >= 0 && v < _VERDICT_MAX ? verdict_names[v] : NULL;
}

enum verdict verdict_worst(enum verdict a, enum verdict b)
{
        if (a == VERDICT_NA)
                return b;
        if (b == VERDICT_NA)
                return a;
        /* The enum is ordered pass < manual < error < fail. */
        return a > b ? a : b;
}

static const char *const verdict_statuses[_VERDICT_MAX] = {
        [VERDICT_PASS] = "Met",
        [VERDICT_MANUAL] = "Manual",
        [VERDICT_ERROR] = "Error",
        [VERDICT_FAIL] = "Not met",
        [VERDICT_NA] = "NA",
};

const char *verdict_to_status(enum verdict v)
{
        return v >= 0 && v < _VERDICT_MAX ? verdict_statuses[v] : "?";
}

time_t report_clock(void)
{
        const char *e = getenv("SOURCE_DATE_EPOCH");

        if (e && *e) {
                unsigned long long v;
                char *end;

                errno = 0;
                v = strtoull(e, &end, 10);
                if (errno == 0 && *end == 0 && e[0] != '-' && v <= (unsigned long long) INT64_MAX)
                        return (time_t) v;
        }
        return time(NULL);
}

bool report_format_time(time_t t, char buf[static REPORT_TIME_MAX])
{
        return format_utc(t, UTC_ISO8601, buf, REPORT_TIME_MAX);
}

struct report *report_new(void)
{
        return xmalloc0(sizeof(struct report));
}

void evidence_clear(struct evidence *e)
{
        free(e->kind);
        free(e->path);
        free(e->sha256);
        free(e->detail);
}

void check_result_clear(struct check_result *c)
{
        free(c->id);
        free(c->title);
        free(c->summary);
        free(c->action);
        for (size_t i = 0; i < c->n_evidence; i++)
                evidence_clear(&c->evidence[i]);
        free(c->evidence);
}

void report_free(struct report *r)
{
        if (!r)
                return;
        free(r->tool_version);
        free(r->root);
        free(r->image_sha256);
        free(r->image_partition);
        free(r->image_fstype);
        free(r->hostname);
        free(r->os);
        free(r->role);
        free(r->crypto_policy);
        strv_free(r->notes);
        for (size_t i = 0; i < r->n_checks; i++)
                check_result_clear(&r->checks[i]);
        free(r->checks);
        for (size_t i = 0; i < r->n_requirements; i++) {
                free(r->requirements[i].scope_reason);
                free(r->requirements[i].checks);
        }
        free(r->requirements);
        free(r);
}

int report_finish(struct report *r)
{
        memset(r->summary, 0, sizeof(r->summary));
        for (size_t i = 0; i < r->n_requirements; i++)
                r->summary[r->requirements[i].verdict]++;
        return report_exit_code(r);
}

int report_exit_code(const struct report *r)
{
        /*
         * 0: every in-scope requirement met (manual ones await the assessor's
         * evidence and do not fail the run); 1: some not met; 3: some could
         * not be evaluated and none failed.
         */
        if (r->summary[VERDICT_FAIL] > 0)
                return 1;
        if (r->summary[VERDICT_ERROR] > 0)
                return 3;
        return 0;
}
