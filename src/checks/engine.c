/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "check.h"
#include "crypto-policy.h"
#include "hash.h"
#include "rootfs.h"
#include "strv.h"

#define CHECK_TABLE_ROW(name) checks_##name,
const struct check_def *const check_tables[] = {
        CHECK_TABLES(CHECK_TABLE_ROW)
        NULL,
};
#undef CHECK_TABLE_ROW

static void set_verdict(struct check_ctx *c, enum verdict v, const char *fmt, va_list ap)
{
        struct check_result *r = c->result;
        enum verdict old = r->verdict;
        char *s = xvasprintf(fmt, ap);

        /* First statement wins unless a later one is worse. "na" only stands alone. */
        if (!r->summary || (old != verdict_worst(old, v) && v != VERDICT_NA)) {
                free(r->summary);
                r->summary = s;
                r->verdict = v;
        } else
                free(s);
}

#define DEFINE_SETTER(name, v)                                    \
        void name(struct check_ctx *c, const char *fmt, ...)      \
        {                                                         \
                va_list ap;                                       \
                va_start(ap, fmt);                                \
                set_verdict(c, v, fmt, ap);                       \
                va_end(ap);                                       \
        }
DEFINE_SETTER(check_pass, VERDICT_PASS)
DEFINE_SETTER(check_fail, VERDICT_FAIL)
DEFINE_SETTER(check_manual, VERDICT_MANUAL)
DEFINE_SETTER(check_na, VERDICT_NA)
DEFINE_SETTER(check_error, VERDICT_ERROR)

void check_action(struct check_ctx *c, const char *fmt, ...)
{
        va_list ap;
        char *s;

        va_start(ap, fmt);
        s = xvasprintf(fmt, ap);
        va_end(ap);
        if (c->result->action) {
                char *j = xasprintf("%s %s", c->result->action, s);
                free(s);
                s = j;
                free(c->result->action);
        }
        c->result->action = s;
}

static void add_evidence(struct check_ctx *c, const char *kind, const char *path, const char *sha, const char *fmt, va_list ap)
{
        struct check_result *r = c->result;
        struct evidence *e;

        r->evidence = xreallocarray(r->evidence, r->n_evidence + 1, sizeof(*r->evidence));
        e = &r->evidence[r->n_evidence++];
        *e = (struct evidence){ .kind = xstrdup(kind), .path = xstrdup(path), .sha256 = xstrdup(sha), .detail = xvasprintf(fmt, ap) };
}

void check_evidence(struct check_ctx *c, const char *kind, const char *path, const char *fmt, ...)
{
        const struct file_seen *fs = NULL;
        va_list ap;

        if (path && streq(kind, "file"))
                fs = facts_file(c->facts, path);
        va_start(ap, fmt);
        add_evidence(c, kind, path, fs ? fs->sha256 : NULL, fmt, ap);
        va_end(ap);
}

void check_evidence_file(struct check_ctx *c, const char *path, const char *fmt, ...)
{
        const struct file_seen *fs = facts_file(c->facts, path);
        va_list ap;

        va_start(ap, fmt);
        add_evidence(c, "file", path, fs ? fs->sha256 : NULL, fmt, ap);
        va_end(ap);
}

bool check_fact_error_text(struct check_ctx *c, int err, const char *err_text, const char *what)
{
        if (err >= 0)
                return false;
        check_error(c, "could not read %s: %s", what, err_text ? err_text : strerror(-err));
        return true;
}

bool check_fact_error(struct check_ctx *c, int err, const char *what)
{
        return check_fact_error_text(c, err, NULL, what);
}

/*
 * A cap cut what the check read: what it saw may be a part of the truth, so a
 * pass, manual or n/a verdict becomes an error naming the cap, and what the
 * check concluded from the part stays as evidence. A fail stands: the part
 * already shows the defect.
 */
static void incomplete(struct check_ctx *c, const struct check_def *d)
{
        struct check_result *r = c->result;
        const char *cap = facts_cap(c->facts, d->facts);
        _cleanup_free_ char *seen = NULL;

        if (!cap)
                return;
        if (r->verdict == VERDICT_FAIL) {
                check_evidence(c, "cap", NULL, "incomplete input: %s", cap);
                return;
        }
        seen = TAKE_PTR(r->summary);
        r->verdict = VERDICT_ERROR;
        r->summary = xasprintf("incomplete input: %s", cap);
        check_evidence(c, "cap", NULL, "from the part that was read: %s", seen);
}

void check_run(const struct check_def *d, const struct facts *f, const struct profile *p, struct check_result *r)
{
        struct check_ctx ctx;

        *r = (struct check_result){ .id = xstrdup(d->id), .title = xstrdup(d->title), .verdict = VERDICT_PASS };
        ctx = (struct check_ctx){ .facts = f, .profile = p, .result = r };
        d->run(&ctx);
        if (!r->summary) {
                /* A check that decided nothing is a bug in the check, never a pass. */
                r->verdict = VERDICT_ERROR;
                r->summary = xstrdup("internal error: the check reached no verdict");
        } else if (r->verdict == VERDICT_PASS && r->n_evidence == 0) {
                /*
                 * A pass says what it rests on: the files, units, ruleset or
                 * probes it examined. One that shows nothing has established
                 * nothing a reader can check (an absence claimed without
                 * naming where it was looked for), so it is a bug in the
                 * check, never a pass.
                 */
                _cleanup_free_ char *claim = TAKE_PTR(r->summary);

                r->verdict = VERDICT_ERROR;
                r->summary = xasprintf("internal error: the check passed without evidence of what it examined (it said: %s)", claim);
        }
        incomplete(&ctx, d);
}

static size_t add_check_result(struct report *rep, const struct check_def *d, const struct facts *f, const struct profile *p)
{
        rep->checks = xreallocarray(rep->checks, rep->n_checks + 1, sizeof(*rep->checks));
        check_run(d, f, p, &rep->checks[rep->n_checks]);
        return rep->n_checks++;
}

static bool serves(const struct check_def *d, const char *req_id)
{
        for (size_t i = 0; i < CHECK_MAX_REQS && d->reqs[i]; i++)
                if (streq(d->reqs[i], req_id))
                        return true;
        return false;
}

const struct crypto_policy *check_crypto_policy(struct check_ctx *c)
{
        const struct profile *p = c->profile;

        if (p->policy)
                return p->policy;
        if (p->policy_error)
                check_error(c, "cannot load the crypto policy: %s", p->policy_error);
        else
                check_error(c, "cannot load the crypto policy '%s': %s", p->crypto_policy, strerror(-(p->policy_err ?: -ENOENT)));
        return NULL;
}

int assess_run(const struct facts *f, const struct profile *profile, struct report **ret)
{
        _cleanup_(report_freep) struct report *rep = report_new();
        _cleanup_(crypto_policy_freep) struct crypto_policy *builtin = NULL;
        struct profile run = *profile;
        const struct profile *p = &run;

        if (!run.crypto_policy)
                run.crypto_policy = "nist";
        /* A caller that loaded no policy gets the built-in of that name; a file is the caller's to load (no I/O here). */
        if (!run.policy && run.policy_err == 0) {
                run.policy_err = crypto_policy_builtin(run.crypto_policy, &builtin);
                run.policy = builtin;
        }

        rep->live = f->live;
        rep->root = xstrdup(f->root_dir);
        if (f->root && root_image(f->root)) {
                const struct root_image_info *img = root_image(f->root);

                rep->image_sha256 = xstrdup(img->sha256);
                rep->image_partition = xstrdup(img->partition_name);
                rep->image_partition_number = img->partition;
                rep->image_fstype = xstrdup(img->fstype);
        }
        rep->hostname = xstrdup(f->hostname);
        rep->os = xstrdup(f->os_pretty_name);
        rep->sl = p->sl;
        rep->role = xstrdup(role_to_string(p->role));
        rep->crypto_policy = xstrdup(p->crypto_policy);

        /* Run each check once, in table order, whatever requirements it serves. */
        for (size_t t = 0; check_tables[t]; t++)
                for (const struct check_def *d = check_tables[t]; d->id; d++)
                        add_check_result(rep, d, f, p);

        rep->requirements = xreallocarray(NULL, catalogue_size, sizeof(*rep->requirements));
        rep->n_requirements = catalogue_size;
        for (size_t i = 0; i < catalogue_size; i++) {
                struct requirement_result *rr = &rep->requirements[i];
                size_t k = 0;

                *rr = (struct requirement_result){ .req = &catalogue[i], .verdict = VERDICT_NA };
                rr->in_scope = requirement_in_scope(&catalogue[i], p->sl, p->role, &rr->scope_reason);
                for (size_t t = 0; check_tables[t]; t++)
                        for (const struct check_def *d = check_tables[t]; d->id; d++, k++) {
                                const struct check_result *cr;

                                if (!serves(d, catalogue[i].id))
                                        continue;
                                rr->checks = xreallocarray(rr->checks, rr->n_checks + 1, sizeof(size_t));
                                rr->checks[rr->n_checks++] = k;
                                cr = &rep->checks[k];
                                if (rr->in_scope && (d->sl_min == 0 || p->sl >= d->sl_min))
                                        rr->verdict = verdict_worst(rr->verdict, cr->verdict);
                        }
                if (!rr->in_scope)
                        rr->verdict = VERDICT_NA;
                else if (rr->n_checks == 0) {
                        rr->verdict = VERDICT_ERROR;
                        free(rr->scope_reason);
                        rr->scope_reason = xstrdup("internal error: no check serves this requirement");
                }
        }
        report_finish(rep);
        *ret = TAKE_PTR(rep);
        return 0;
}
