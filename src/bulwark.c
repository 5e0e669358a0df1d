/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The public API: a thin layer over collect → checks → report. */
#include <bulwark/bulwark.h>

#include "check.h"
#include "evidence.h"
#include "facts.h"
#include "macro.h"
#include "model.h"
#include "strv.h"
#include "version.h"

struct bw_report {
        struct report *report;
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
                .policy = p.crypto_policy,
                .no_probe = o->no_probe,
                .confine = o->confine,
                .confine_userdata = o->confine_userdata,
        };
        struct report *rep = NULL;
        bw_report *b;
        int k;

        if (p.sl < 1 || p.sl > 4)
                return -EINVAL;
        if (o->role && role_from_string(o->role, &p.role) < 0)
                return -EINVAL;

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
        *ret = b;
        return 0;
}

int bw_report_render(const bw_report *r, const char *format, bool color, char **ret_buf, size_t *ret_len)
{
        struct report_write_options wo = { .color = color };
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

int bw_report_exit_code(const bw_report *r) { return report_exit_code(r->report); }

void bw_report_free(bw_report *r)
{
        if (!r)
                return;
        report_free(r->report);
        free(r);
}

int bw_evidence_write(const bw_report *r, const char *dir, const char *sign_key)
{
        return evidence_bundle_write(r->report, dir, sign_key);
}

int bw_evidence_verify(const char *dir, const char *verify_key, char ***ret_problems, size_t *ret_checked)
{
        return evidence_bundle_verify(dir, verify_key, ret_problems, ret_checked);
}
