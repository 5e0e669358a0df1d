/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Secure erase (IEC 62443-4-2 CR 4.2, RE(2)): the erase engines for block
 * devices, files, free space and LUKS headers, their verification, and the
 * record a certificate is made from.
 *
 * The flow is two steps so a caller can show what will happen and ask before
 * anything is written: wipe_prepare() resolves the targets into a plan,
 * refuses what must not be touched (mounted in any namespace, swapped-on,
 * held, under a loop device, holding /, not exactly named) and describes the
 * media and what an overwrite will not reach; wipe_execute() consumes the
 * plan: it erases exactly what prepare resolved, syncs, verifies and
 * completes the record. Prepare cannot reach the erase code. Nothing
 * here prints: progress goes through a callback, which may cancel.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "keystream.h"

enum wipe_method {
        WIPE_METHOD_ZERO,
        WIPE_METHOD_RANDOM,
        WIPE_METHOD_CLEAR,
        WIPE_METHOD_DISCARD,
        WIPE_METHOD_CRYPTO,
        _WIPE_METHOD_MAX,
};

enum wipe_verify {
        WIPE_VERIFY_NONE,
        WIPE_VERIFY_SAMPLE,
        WIPE_VERIFY_FULL,
        _WIPE_VERIFY_MAX,
};

enum wipe_kind {
        WIPE_KIND_DEVICE,       /* a whole block device */
        WIPE_KIND_PARTITION,
        WIPE_KIND_FILES,        /* files and, with recursive, trees */
        WIPE_KIND_FREE_SPACE,   /* the unallocated space of a mounted file system */
        WIPE_KIND_LUKS,         /* crypto erase of a LUKS header (device or image file) */
        _WIPE_KIND_MAX,
};

enum wipe_status {
        WIPE_STATUS_PENDING,
        WIPE_STATUS_COMPLETED,  /* everything written and, when asked, verified equal */
        WIPE_STATUS_FAILED,     /* I/O errors or a verification mismatch */
        WIPE_STATUS_INTERRUPTED,/* cancelled by the progress callback (SIGINT, SIGTERM, SIGHUP) */
        WIPE_STATUS_STARTED,    /* about to write: what o->started records, replaced at the end */
        _WIPE_STATUS_MAX,
};

/*
 * Called after every chunk. Returning < 0 cancels cleanly: the run stops,
 * syncs what it wrote and records itself as interrupted.
 */
struct wipe_record;

struct wipe_progress {
        const char *phase;      /* "write", "verify" */
        uint64_t done, total;   /* this phase (one pass, or the read-back), over all files */
        /*
         * The whole run: every pass and the read-back. job_total is planned
         * before the first byte (passes x size, and what the verification
         * will read) and never below what is done plus what the current
         * phase still has to do.
         */
        uint64_t job_done, job_total;
};

typedef int (*wipe_progress_fn)(const struct wipe_progress *p, void *userdata);

struct wipe_options {
        enum wipe_method method;
        enum wipe_verify verify;
        bool recursive;          /* files: descend into directories (never crossing a file system) */
        bool free_space;         /* the target is a directory: wipe the free space of its file system */
        bool tpm_clear;          /* crypto: also clear the TPM when a TPM-bound token was found */
        const char *operator_name;
        /* NIST SP 800-88 Appendix G: the sanitizer's organization, a contact, where the media goes next. */
        const char *organization;
        const char *contact;
        const char *destination;
        wipe_progress_fn progress;
        /*
         * When set, called once with status started after the start time and
         * the pattern's key are set and before the first byte is written (the
         * CLI writes its "started" certificate there). Returning < 0 stops the
         * run with nothing written.
         */
        int (*started)(const struct wipe_record *r, void *userdata);
        void *userdata;         /* passed to progress and started */
};

struct wipe_error {
        char *path;             /* the file, for file targets; NULL for the device itself */
        char *phase;            /* "open", "write", "sync", "verify", "rename", "unlink", "discard", ... */
        uint64_t offset;
        uint64_t length;
        int err;                /* positive errno */
};

struct wipe_mismatch {
        char *path;
        uint64_t offset;        /* first differing byte of the chunk */
};

struct wipe_media {
        char *node;             /* /dev/NAME of the device (or the one holding the file system) */
        char *vendor;
        char *model;
        char *serial;
        char *type;             /* hdd, ssd, nvme, emmc, sd, usb-flash, loop, virtual, unknown */
        int rotational;         /* 1, 0, -1 unknown */
        int removable;
        bool read_only;
        char *fstype;           /* file targets: the file system */
        char *backing_file;     /* loop devices */
        uint32_t logical_block_size;
};

struct wipe_file_entry {
        char *path;             /* for display: bytes that are not UTF-8 as \xNN, a backslash as \\ */
        uint64_t size;
        bool erased;            /* false: kept (overwrite failed, interrupted, not reached, changed since prepare) */
};

#define WIPE_MAX_RECORDED 1000 /* errors, mismatches and file names each */

struct wipe_record {
        char *target;           /* as named by the user: the names for display, joined by spaces when several */
        char **targets;         /* each name for display, in order (the joined string cannot be split back) */
        char *resolved;         /* the kernel node or absolute path actually erased */
        enum wipe_kind kind;
        uint64_t size;          /* bytes addressed (sum over files, free space written, device size) */
        struct wipe_media media;
        char **caveats;         /* what the erase does not reach, and what to use instead */
        char **notes;           /* what was done besides writing (keyslots destroyed, discards issued) */

        enum wipe_method method;
        char *technique;        /* human words for what was written */
        const char *category;   /* NIST SP 800-88: "Clear" or "Purge" */
        unsigned passes;
        uint64_t bytes_written;
        uint64_t files_wiped;
        uint64_t writes_failed; /* write, sync or zero-out ranges that failed: verification can then never pass */

        struct wipe_file_entry *files;
        size_t n_files;

        enum wipe_verify verify;
        const char *verify_result; /* "pass", "fail", "not-run", "incomplete" */
        uint64_t bytes_verified;
        uint64_t samples;
        bool sample_read_whole; /* --verify sample read (a file of) the target in full, as that reads less */
        uint64_t job_done;      /* progress: bytes written and read back so far, every pass */
        uint64_t job_total;     /* progress: planned (struct wipe_progress) */
        uint64_t sample_seed;
        struct wipe_mismatch *mismatches;
        size_t n_mismatches;
        uint64_t mismatches_total;

        struct wipe_error *errors;
        size_t n_errors;
        uint64_t errors_total;

        bool has_key;
        uint8_t key[KEYSTREAM_KEY_LEN]; /* random: the pattern's key, so the erase can be re-verified later */

        struct timespec start;
        struct timespec end;
        enum wipe_status status;
        char *operator_name;
        char *organization;
        char *contact;
        char *destination;
};

const char *wipe_method_to_string(enum wipe_method m);
/* What the method writes, in words for --help and the man page. */
const char *wipe_method_description(enum wipe_method m);
int wipe_method_from_string(const char *s, enum wipe_method *ret);
const char *wipe_verify_to_string(enum wipe_verify v);
int wipe_verify_from_string(const char *s, enum wipe_verify *ret);
const char *wipe_kind_to_string(enum wipe_kind k);
const char *wipe_status_to_string(enum wipe_status s);

/*
 * One target as prepare resolved it. Execute erases exactly this: it finds
 * the name again from the directory fd prepare opened and refuses when the
 * object there is not the same (device and inode, or device number).
 */
struct wipe_target {
        char *path;             /* absolute, exactly as named */
        int dirfd;              /* the parent directory, opened by prepare */
        char *name;             /* the last component, looked up in dirfd */
        mode_t type;            /* S_IFREG, S_IFDIR or S_IFBLK */
        dev_t dev;
        ino_t ino;
        dev_t rdev;             /* block devices */
};

/* A regular file prepare found (named, or inside a named tree): only these are erased. */
struct wipe_plan_file {
        dev_t dev;
        ino_t ino;
        uint64_t size;
        char *path;
        bool visited;
};

/*
 * What prepare resolved and execute consumes: the record (describe it, ask,
 * then execute), the targets as a list (never joined into one string), and
 * for file targets every regular file found.
 */
struct wipe_plan {
        struct wipe_record *record;
        struct wipe_target *targets;
        size_t n_targets;
        struct wipe_plan_file *files; /* sorted by dev, ino */
        size_t n_files;
        bool executed;
};

/*
 * Resolves the targets and refuses what must not be erased. On success the
 * caller owns *ret (free with wipe_plan_free); its record describes the
 * targets, the media and the caveats, with status pending. Nothing is opened
 * for writing. On refusal returns -EBUSY (mounted in any mount namespace,
 * swap, backing a loop device, held, holds /), -EINVAL (not exactly named,
 * wrong type for the method) or -errno, and *ret_reason (caller frees) says
 * why in words.
 */
int wipe_prepare(char *const *targets, const struct wipe_options *o, struct wipe_plan **ret, char **ret_reason);

/*
 * Erases what the plan resolved, syncs, verifies as o asks and completes
 * p->record. Returns 0 when the status is completed, -EIO when failed,
 * -ECANCELED when interrupted; the record is complete in every case and
 * makes a (partial) certificate. When o->started fails, returns its error
 * with nothing written and the record's status pending. A plan is executed
 * at most once.
 */
int wipe_execute(struct wipe_plan *p, const struct wipe_options *o);

void wipe_plan_free(struct wipe_plan *p);
static inline void wipe_plan_freep(struct wipe_plan **p) { wipe_plan_free(*p); }
#define _cleanup_wipe_plan_ __attribute__((cleanup(wipe_plan_freep)))

/*
 * Verifies target again against a certificate's record: same pattern, same
 * key, read back in full. Used by `bulwark wipe verify` long after the erase.
 * ret_r gets a record whose verify_result says pass or fail.
 */
int wipe_reverify(const struct wipe_record *cert, const char *target, const struct wipe_options *o, struct wipe_record **ret_r);

void wipe_record_free(struct wipe_record *r);
static inline void wipe_record_freep(struct wipe_record **r) { wipe_record_free(*r); }
#define _cleanup_wipe_record_ __attribute__((cleanup(wipe_record_freep)))

/* Internal, shared between the engine files. */
void wipe_record_error(struct wipe_record *r, const char *path, const char *phase, uint64_t offset, uint64_t length, int err);
void wipe_record_caveat(struct wipe_record *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void wipe_record_note(struct wipe_record *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
