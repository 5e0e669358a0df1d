/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * libbulwark: assess a Linux device against IEC 62443-4-2 FR 4 and FR 5.
 *
 * Functions return >= 0 on success and a negative errno on failure. What
 * comes back through a ret_ parameter is owned by the caller and set only on
 * success. The library never prints and never exits.
 */

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bw_report bw_report;

struct bw_assess_options {
        const char *root;               /* NULL or "/" for the running system, else an image's root tree */
        /*
         * Instead of root: a raw disk image (GPT or a bare ext2/3/4 file
         * system), read without mounting; image_partition names its root
         * partition (GPT name or number), NULL to find it.
         */
        const char *image;
        const char *image_partition;
        /* When not NULL, gets a sentence on why bw_assess() failed where there is more to say than -errno (caller frees). */
        char **error;
        unsigned sl;                    /* 1..4 */
        const char *role;               /* "embedded", "host" or "network" */
        const char *crypto_policy;      /* "nist", "bsi" or a policy file */
        const char *const *luks_images; /* NULL-terminated LUKS images to inspect too, or NULL */
        bool no_probe;                  /* live: do not connect to listening sockets */
        const char *const *notes;       /* NULL-terminated statements about the run to put first in the report's notes, or NULL */
        /*
         * Called once during collection, after what only an unconfined process
         * may read (live: which process holds each listening socket, from other
         * processes' /proc/PID/fd) and before anything else of the target is
         * read; a negative return ends bw_assess() with it. The notes are read
         * after it returns, so it may fill them. NULL: not called.
         */
        int (*confine)(void *userdata);
        void *confine_userdata;
};

/* Collects facts, runs every check and returns the report. */
int bw_assess(const struct bw_assess_options *o, bw_report **ret);

/*
 * Renders the report in format (one of bw_report_format(): "text", "json",
 * "junit", "markdown", "html", "oscal", "oscal-catalog", "summary") into a
 * malloc'd buffer the caller frees. color only affects "text".
 */
int bw_report_render(const bw_report *r, const char *format, bool color, char **ret_buf, size_t *ret_len);

/* How much a rendering shows, for a person or for a CI system. Zero-initialised: the defaults. */
struct bw_render_options {
        bool color;        /* text: ANSI colours */
        unsigned width;    /* text: wrap at this many columns (40 and more; 0: 80) */
        /*
         * text: -1 only what is not met (fail, error) and the summary line;
         * 0 every verdict, and under what is not met (fail, error, manual)
         * its first evidence lines and its action; 1 every piece of evidence
         * of every check.
         */
        int verbosity;
        bool junit_manual_failure; /* junit: manual is a <failure>, not <skipped> */
};

/* bw_report_render() with every rendering option. */
int bw_report_render_with(const bw_report *r, const char *format, const struct bw_render_options *o, char **ret_buf,
                          size_t *ret_len);

/*
 * The i-th format bw_report_render() takes, from the report writer table,
 * or NULL past the last one. When ret_note is not NULL it gets a few words
 * on the format for a help text ("one line"), or NULL.
 */
const char *bw_report_format(size_t i, const char **ret_note);

/*
 * Writes the evidence bundle of r into dir (created, or empty): the report,
 * a copy of every file named as evidence (read again from the target, and
 * only if unchanged), an index of them, and a SHA-256 manifest, signed when
 * sign_key (a PEM private key) is given. Secret files (private keys, password
 * hashes, key files) are never copied: the index records their hash, mode
 * and owner. Files are 0640, directories 0750. Returns -ENODATA for a report
 * that was not made by bw_assess() in this process. See
 * src/report/evidence.h for the layout.
 */
int bw_evidence_write(const bw_report *r, const char *dir, const char *sign_key);

/*
 * Verifies an evidence bundle (and its signature with verify_key, a PEM public
 * key, when given). Returns 0 when it verifies, -EBADMSG when it does not,
 * with one line per problem in *ret_problems (NULL-terminated, the caller
 * frees each string and the array), or another -errno when it cannot be read.
 */
int bw_evidence_verify(const char *dir, const char *verify_key, char ***ret_problems, size_t *ret_checked);

/* 0 every in-scope requirement met, 1 some not met, 3 some could not be evaluated. */
int bw_report_exit_code(const bw_report *r);

void bw_report_free(bw_report *r);

/* Library version, e.g. "0.1.0". */
const char *bw_version(void);

#ifdef __cplusplus
}
#endif
