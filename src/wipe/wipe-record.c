/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The record a run fills and a certificate is made from: the names of its
 * enums, the errors, caveats, notes and files it collects (each capped), the
 * display form of a path, and how a run's end becomes a status. No I/O.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "macro.h"
#include "strv.h"
#include "wipe-internal.h"

static const char *const verify_names[_WIPE_VERIFY_MAX] = {
        [WIPE_VERIFY_NONE] = "none",
        [WIPE_VERIFY_SAMPLE] = "sample",
        [WIPE_VERIFY_FULL] = "full",
};

static const char *const kind_names[_WIPE_KIND_MAX] = {
        [WIPE_KIND_DEVICE] = "block-device",
        [WIPE_KIND_PARTITION] = "partition",
        [WIPE_KIND_FILES] = "files",
        [WIPE_KIND_FREE_SPACE] = "free-space",
        [WIPE_KIND_LUKS] = "luks",
};

static const char *const status_names[_WIPE_STATUS_MAX] = {
        [WIPE_STATUS_PENDING] = "pending",
        [WIPE_STATUS_COMPLETED] = "completed",
        [WIPE_STATUS_FAILED] = "failed",
        [WIPE_STATUS_INTERRUPTED] = "interrupted",
        [WIPE_STATUS_STARTED] = "started",
};

const char *wipe_verify_to_string(enum wipe_verify v) { return v < _WIPE_VERIFY_MAX ? verify_names[v] : NULL; }
const char *wipe_kind_to_string(enum wipe_kind k) { return k < _WIPE_KIND_MAX ? kind_names[k] : NULL; }
const char *wipe_status_to_string(enum wipe_status s) { return s < _WIPE_STATUS_MAX ? status_names[s] : NULL; }

int wipe_verify_from_string(const char *s, enum wipe_verify *ret)
{
        for (int i = 0; i < _WIPE_VERIFY_MAX; i++)
                if (streq(s, verify_names[i])) {
                        *ret = (enum wipe_verify) i;
                        return 0;
                }
        return -EINVAL;
}

/* Phases whose failure means the pattern is not (all) on the media: no verification can pass after one. */
static bool phase_is_write(const char *phase)
{
        return streq(phase, "write") || streq(phase, "sync") || streq(phase, "zeroout") || streq(phase, "pattern");
}

void wipe_record_error(struct wipe_record *r, const char *path, const char *phase, uint64_t offset, uint64_t length, int err)
{
        _cleanup_free_ char *shown = path ? wipe_path_display(path) : NULL;

        if (phase_is_write(phase))
                r->writes_failed++;
        if (r->n_errors > 0) {
                struct wipe_error *l = &r->errors[r->n_errors - 1];

                /* Adjacent failures of one kind are one range: a read-only device is one error, not thousands. */
                if (l->err == err && streq(l->phase, phase) && streq_ptr(l->path, shown) && l->offset + l->length == offset) {
                        l->length += length;
                        return;
                }
        }
        r->errors_total++;
        if (r->n_errors >= WIPE_MAX_RECORDED)
                return;
        r->errors = xreallocarray(r->errors, r->n_errors + 1, sizeof(*r->errors));
        r->errors[r->n_errors++] = (struct wipe_error){
                .path = TAKE_PTR(shown),
                .phase = xstrdup(phase),
                .offset = offset,
                .length = length,
                .err = err,
        };
}

static void push_vfmt(char ***l, const char *fmt, va_list ap)
{
        char *s = xvasprintf(fmt, ap);

        if (strv_contains(*l, s))
                free(s);
        else
                strv_consume(l, s);
}

void wipe_record_caveat(struct wipe_record *r, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        push_vfmt(&r->caveats, fmt, ap);
        va_end(ap);
}

void wipe_record_note(struct wipe_record *r, const char *fmt, ...)
{
        va_list ap;

        va_start(ap, fmt);
        push_vfmt(&r->notes, fmt, ap);
        va_end(ap);
}

/* Bytes that are not UTF-8 cannot go into JSON as they are; \xNN keeps them readable and exact. */
static size_t utf8_char_len(const unsigned char *s)
{
        unsigned c = s[0];
        size_t n;
        uint32_t cp;

        if (c < 0x80)
                return 1;
        if (c >= 0xc2 && c <= 0xdf)
                n = 2, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef)
                n = 3, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4)
                n = 4, cp = c & 0x07;
        else
                return 0;
        for (size_t i = 1; i < n; i++) {
                if ((s[i] & 0xc0) != 0x80)
                        return 0;
                cp = (cp << 6) | (s[i] & 0x3f);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
                return 0;
        return n;
}

char *wipe_path_display(const char *path)
{
        const unsigned char *s = (const unsigned char *) path;
        size_t len = strlen(path), o = 0;
        char *out = xmalloc0(4 * len + 1);

        for (size_t i = 0; i < len;) {
                size_t n = utf8_char_len(s + i);

                if (s[i] == '\\') {
                        out[o++] = '\\';
                        out[o++] = '\\';
                        i++;
                } else if (n == 0) {
                        static const char hexd[] = "0123456789abcdef";

                        out[o++] = '\\';
                        out[o++] = 'x';
                        out[o++] = hexd[s[i] >> 4];
                        out[o++] = hexd[s[i] & 15];
                        i++;
                } else {
                        memcpy(out + o, s + i, n);
                        o += n;
                        i += n;
                }
        }
        out[o] = 0;
        return out;
}

void wipe_record_file(struct wipe_record *r, const char *path, uint64_t size, bool erased)
{
        if (r->n_files >= WIPE_MAX_RECORDED)
                return;
        r->files = xreallocarray(r->files, r->n_files + 1, sizeof(*r->files));
        r->files[r->n_files++] = (struct wipe_file_entry){ .path = wipe_path_display(path), .size = size, .erased = erased };
}

void wipe_record_free(struct wipe_record *r)
{
        if (!r)
                return;
        free(r->target);
        strv_free(r->targets);
        free(r->resolved);
        wipe_media_done(&r->media);
        strv_free(r->caveats);
        strv_free(r->notes);
        free(r->technique);
        for (size_t i = 0; i < r->n_files; i++)
                free(r->files[i].path);
        free(r->files);
        for (size_t i = 0; i < r->n_mismatches; i++)
                free(r->mismatches[i].path);
        free(r->mismatches);
        for (size_t i = 0; i < r->n_errors; i++) {
                free(r->errors[i].path);
                free(r->errors[i].phase);
        }
        free(r->errors);
        free(r->operator_name);
        free(r->organization);
        free(r->contact);
        free(r->destination);
        explicit_bzero(r->key, sizeof(r->key));
        free(r);
}

void wipe_record_conclude(struct wipe_record *r, int k)
{
        clock_gettime(CLOCK_REALTIME, &r->end);
        if (r->writes_failed > 0 && r->verify != WIPE_VERIFY_NONE) {
                /*
                 * What a failed write did not put there can still read back as the
                 * pattern (unwritten blocks of a sparse file or thin device read as
                 * zeros): a verification after a failed write never passes.
                 */
                r->verify_result = "fail";
                wipe_record_note(r, "%ju write range(s) failed: the verification cannot pass, whatever was read back", (uintmax_t) r->writes_failed);
        }
        if (k == -ECANCELED) {
                r->status = WIPE_STATUS_INTERRUPTED;
                if (r->verify != WIPE_VERIFY_NONE && r->mismatches_total == 0 && r->writes_failed == 0)
                        r->verify_result = "incomplete";
        } else if (k < 0 || r->errors_total > 0 || r->mismatches_total > 0 || r->writes_failed > 0)
                r->status = WIPE_STATUS_FAILED;
        else
                r->status = WIPE_STATUS_COMPLETED;
        if (r->mismatches_total > 0)
                r->verify_result = "fail";
}
