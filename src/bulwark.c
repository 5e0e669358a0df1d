/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The public API: a thin layer over collect → checks → report. */
#include <bulwark/bulwark.h>

#include "check.h"
#include "crypto-policy.h"
#include "evidence-copy.h"
#include "evidence.h"
#include "facts.h"
#include "macro.h"
#include "model.h"
#include "rootfs.h"
#include "strv.h"
#include "version.h"
#include "writers.h"

struct bw_report {
        struct report *report;
        struct facts *facts; /* kept for the evidence bundle: its root source, hashes and secret files */
};

const char *bw_version(void) { return BULWARK_VERSION; }

int bw_assess(const struct bw_assess_options *o, bw_report **ret)
{
        _cleanup_(facts_freep) struct facts *f = NULL;
        struct profile p = { .sl = o->sl ? o->sl : 2, .role = ROLE_EMBEDDED, .crypto_policy = o->crypto_policy ? o->crypto_policy : "nist" };
        struct collect_options co = {
                .root = o->root && !streq(o->root, "/") ? o->root : "/",
                .live = !o->root || streq(o->root, "/"),
                .luks_images = (char **) o->luks_images,
                .no_probe = o->no_probe,
                .confine = o->confine,
                .confine_userdata = o->confine_userdata,
        };
        _cleanup_(crypto_policy_freep) struct crypto_policy *policy = NULL;
        _cleanup_free_ char *policy_error = NULL;
        struct report *rep = NULL;
        bw_report *b;
        int k;

        if (p.sl < 1 || p.sl > 4)
                return -EINVAL;
        if (o->role && role_from_string(o->role, &p.role) < 0)
                return -EINVAL;

        /* The crypto policy, loaded once for the run (before any confinement) and lent to the checks. */
        k = crypto_policy_load(p.crypto_policy, &policy, &policy_error);
        if (k < 0) {
                /* Not fatal: what needs the policy reports why it could not be loaded. */
                p.policy_err = k;
                p.policy_error = policy_error;
        }
        p.policy = policy;

        if (o->image) {
                _cleanup_free_ char *why = NULL;
                struct root *r = NULL;

                k = root_open_image(o->image, o->image_partition, &r, &why);
                if (k < 0) {
                        if (o->error)
                                *o->error = TAKE_PTR(why);
                        return k;
                }
                co.live = false;
                k = facts_collect_from(r, &co, &f);
        } else
                k = facts_collect(&co, &f);
        if (k < 0)
                return k;
        k = assess_run(f, &p, &rep);
        if (k < 0)
                return k;
        /* The caller's notes (the CLI's self-confinement) come first, then what the checks said. */
        if (o->notes && o->notes[0]) {
                char **notes = NULL;

                for (size_t i = 0; o->notes[i]; i++)
                        strv_push(&notes, o->notes[i]);
                for (size_t i = 0; rep->notes && rep->notes[i]; i++)
                        strv_push(&notes, rep->notes[i]);
                strv_free(rep->notes);
                rep->notes = notes;
        }
        rep->tool_version = xstrdup(BULWARK_VERSION);
        rep->generated = report_clock();
        b = xmalloc0(sizeof(*b));
        b->report = rep;
        b->facts = TAKE_PTR(f);
        *ret = b;
        return 0;
}

int bw_report_render(const bw_report *r, const char *format, bool color, char **ret_buf, size_t *ret_len)
{
        return bw_report_render_with(r, format, &(struct bw_render_options) { .color = color }, ret_buf, ret_len);
}

int bw_report_render_with(const bw_report *r, const char *format, const struct bw_render_options *o, char **ret_buf,
                          size_t *ret_len)
{
        struct report_write_options wo = {
                .color = o->color,
                .width = o->width,
                .verbosity = o->verbosity,
                .junit_manual_failure = o->junit_manual_failure,
        };
        enum report_format fmt;
        char *buf = NULL;
        size_t len = 0;
        FILE *f;
        int k;

        if (report_format_from_string(format, &fmt) < 0)
                return -EINVAL;
        f = open_memstream(&buf, &len);
        if (!f)
                return negative_errno();
        k = report_write(r->report, fmt, &wo, f);
        if (fclose(f) != 0 && k >= 0)
                k = -EIO;
        if (k < 0) {
                free(buf);
                return k;
        }
        *ret_buf = buf;
        *ret_len = len;
        return 0;
}

const char *bw_report_format(size_t i, const char **ret_note)
{
        if (i >= ARRAY_SIZE(report_writers))
                return NULL;
        if (ret_note)
                *ret_note = report_writers[i].note;
        return report_writers[i].format;
}

int bw_report_exit_code(const bw_report *r) { return report_exit_code(r->report); }

void bw_report_free(bw_report *r)
{
        if (!r)
                return;
        report_free(r->report);
        facts_free(r->facts);
        free(r);
}

int bw_evidence_write(const bw_report *r, const char *dir, const char *sign_key)
{
        _cleanup_free_ struct evidence_request *req = NULL;
        _cleanup_free_ struct bundle_file *bf = NULL;
        struct evidence_copy *copies = NULL;
        size_t n_req = 0, n = 0;
        int k;

        if (!r->facts)
                return -ENODATA;
        /*
         * Files named as evidence are copied; so is any other evidence whose
         * path is a regular file of the target (the dpkg database behind a
         * package finding). collect reads them and keeps secrets out; the
         * report layer only writes what it is handed.
         */
        for (size_t i = 0; i < r->report->n_checks; i++)
                for (size_t e = 0; e < r->report->checks[i].n_evidence; e++) {
                        const struct evidence *ev = &r->report->checks[i].evidence[e];

                        if (!ev->path)
                                continue;
                        req = xreallocarray(req, n_req + 1, sizeof(*req));
                        req[n_req++] = (struct evidence_request){
                                .path = ev->path,
                                .sha256 = ev->sha256,
                                .is_file = streq_ptr(ev->kind, "file") || ev->sha256,
                        };
                }
        k = evidence_copy_collect(r->facts, req, n_req, &copies, &n);
        if (k < 0)
                return k;
        bf = xreallocarray(NULL, n + 1, sizeof(*bf));
        for (size_t i = 0; i < n; i++)
                bf[i] = (struct bundle_file){
                        .path = copies[i].path,
                        .status = copies[i].status == EVIDENCE_COPIED ? BUNDLE_FILE_COPIED :
                                  copies[i].status == EVIDENCE_WITHHELD ? BUNDLE_FILE_WITHHELD : BUNDLE_FILE_NOT_COPIED,
                        .reason = copies[i].reason,
                        .have_stat = copies[i].have_stat,
                        .mode = copies[i].mode,
                        .uid = copies[i].uid,
                        .gid = copies[i].gid,
                        .size = copies[i].size,
                        .sha256 = copies[i].have_sha256 ? copies[i].sha256 : NULL,
                        .data = copies[i].data,
                        .len = copies[i].len,
                };
        k = evidence_bundle_write(r->report, bf, n, dir, sign_key);
        evidence_copies_free(copies, n);
        return k;
}

int bw_evidence_verify(const char *dir, const char *verify_key, char ***ret_problems, size_t *ret_checked)
{
        return evidence_bundle_verify(dir, verify_key, ret_problems, ret_checked);
}
