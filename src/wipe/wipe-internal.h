/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* Shared between the wipe engine files; not for callers of wipe.h. */

#include "wipe.h"

enum pattern_kind {
        PATTERN_ZERO,
        PATTERN_BYTE,
        PATTERN_KEYSTREAM,
};

struct wipe_pattern {
        enum pattern_kind kind;
        uint8_t byte;
        keystream *ks;
};

/* One fd being overwritten or read back, in large aligned chunks. */
struct wipe_io {
        int fd;
        uint64_t size;             /* bytes to write or verify, from offset 0 */
        uint32_t align;            /* O_DIRECT alignment (logical block size, at least 512) */
        const char *path;          /* recorded with errors for file targets, else NULL */
        struct wipe_record *r;
        const struct wipe_options *o;
        uint64_t progress_base;    /* bytes of earlier files in this phase */
        uint64_t progress_total;   /* the phase's total over all files */
        uint64_t reported;         /* the last done reported by this write or verify, for the job's count */
        bool grow_until_full;      /* free space: ENOSPC ends the pass, it is not an error */
        uint64_t written;          /* out: bytes written without error */
        bool cancelled;            /* out */
};

/*
 * Writes go in 1 MiB chunks, so the pattern is still in the CPU cache when the
 * kernel copies it (loop devices, bounce buffers); reads in 8 MiB, which the
 * block layer splits into several requests in flight at once.
 */
#define WIPE_CHUNK_WRITE ((size_t) 1 << 20)
#define WIPE_CHUNK_READ ((size_t) 8 << 20)
#define WIPE_CHUNK WIPE_CHUNK_READ /* buffer size: the larger of the two */

/* Writes pattern over [0, io->size). Errors go to the record per range; returns -ECANCELED or 0. */
int wipe_io_write(struct wipe_io *io, const struct wipe_pattern *p);

/* Reads back and compares, in full or by 800-88 sampling; mismatches go to the record. */
int wipe_io_verify(struct wipe_io *io, const struct wipe_pattern *p, enum wipe_verify v);

/* The bytes a verification v of size bytes reads (sampling reads less than the whole, or reads the whole). */
uint64_t wipe_io_verify_bytes(uint64_t size, uint32_t align, enum wipe_verify v);

/* Makes later reads come from the media, not the page cache: sync, then drop cached pages. */
int wipe_io_sync_and_drop(struct wipe_io *io, bool is_blockdev);

/*
 * The method table (wipe-methods.c): a row per erase method. The engines do
 * not know methods; they run the passes of r's scheme and read back its last
 * pass.
 */
#define WIPE_KIND_BIT(k) (1u << (k))
#define WIPE_KINDS_BLOCK (WIPE_KIND_BIT(WIPE_KIND_DEVICE) | WIPE_KIND_BIT(WIPE_KIND_PARTITION))
#define WIPE_KINDS_OVERWRITE (WIPE_KINDS_BLOCK | WIPE_KIND_BIT(WIPE_KIND_FILES) | WIPE_KIND_BIT(WIPE_KIND_FREE_SPACE))
#define WIPE_MAX_PASSES 8

/* One pass over the target: a pattern written, or (block devices) a discard request that leaves zeros. */
struct wipe_pass {
        enum pattern_kind pattern;      /* what the pass leaves on the media, and what verification reads back after it */
        uint8_t byte;                   /* PATTERN_BYTE */
        bool discard;                   /* BLKSECDISCARD, else BLKDISCARD, then BLKZEROOUT (pattern is PATTERN_ZERO) */
};

/* What a method writes on one kind of media, and the words the certificate uses for it. */
struct wipe_scheme {
        const char *technique;
        unsigned n_passes;
        struct wipe_pass passes[WIPE_MAX_PASSES];
};

enum wipe_readback {
        WIPE_READBACK_NONE,             /* cannot be verified: --verify none only */
        WIPE_READBACK_LAST_PASS,        /* reads back the pattern of the last pass (in full or sampled) */
};

struct wipe_method_info {
        const char *name;               /* --method NAME, and the certificate's sanitization.method */
        const char *description;        /* --help and the man page */
        const char *category;           /* NIST SP 800-88 "Clear" or "Purge", as prepare describes it */
        unsigned kinds;                 /* WIPE_KIND_BIT()s of the targets it erases */
        enum wipe_readback readback;    /* whether and how the result is verified */
        const char *caveat;             /* when set: what the method cannot promise, for every record it makes */
        struct wipe_scheme scheme;
        /*
         * 800-88 Clear for removable flash, when it differs (n_passes 0: it
         * does not). The two schemes of a row differ in their number of
         * passes, so a certificate's method and passes name one.
         */
        struct wipe_scheme scheme_removable_flash;
};

const struct wipe_method_info *wipe_method_info(enum wipe_method m);
/* The scheme of r (its method and passes), or NULL. */
const struct wipe_scheme *wipe_method_scheme(const struct wipe_record *r);
/* Prepare: chooses the scheme for r's media and sets passes, category and technique. */
void wipe_method_describe(struct wipe_record *r);
/* Whether r's scheme writes a keystream, so execute draws a key first. */
bool wipe_method_needs_key(const struct wipe_record *r);

/* Pattern of r's pass (0-based; past the last, the last); the caller frees p->ks. */
int wipe_pattern_for(const struct wipe_record *r, unsigned pass, uint64_t stream_id, struct wipe_pattern *ret);
void wipe_pattern_done(struct wipe_pattern *p);

/* Media and file system facts (media.c). */
int media_from_devnum(unsigned maj, unsigned min, struct wipe_media *m, bool *ret_is_partition);
void media_fs_caveats(struct wipe_record *r, int fd, const char *path);
void media_device_caveats(struct wipe_record *r);
void wipe_media_done(struct wipe_media *m);

/* Safety (safety.c): refuses a device that is mounted (in any mount namespace), swapped on, held, backing a loop device or under /. */
int safety_check_device(unsigned maj, unsigned min, const char *node, char **ret_reason);

/* What uses regular files right now: loop devices backed by them and active swap files (safety.c). */
struct file_users;
int file_users_read(struct file_users **ret);
void file_users_free(struct file_users *u);
static inline void file_users_freep(struct file_users **u) { file_users_free(*u); }
/* -EBUSY with *ret_reason naming the user when the file (by device and inode) is in use, else 0. */
int file_users_check(const struct file_users *u, dev_t dev, ino_t ino, const char *path, char **ret_reason);

/* A path for the record: valid UTF-8 kept, other bytes as \xNN, a backslash doubled (wipe-record.c). */
char *wipe_path_display(const char *path);

/*
 * Ends a run in the record (wipe-record.c): the end time, and the status and
 * verification result that k (the engine's return), the errors and the
 * mismatches make.
 */
void wipe_record_conclude(struct wipe_record *r, int k);

/* The plan's file set: the entry for dev/ino, or NULL (wipe.c). */
struct wipe_plan_file *wipe_plan_find_file(struct wipe_plan *p, dev_t dev, ino_t ino);
void wipe_plan_add_file(struct wipe_plan *p, dev_t dev, ino_t ino, uint64_t size, const char *path);
void wipe_plan_sort_files(struct wipe_plan *p);
/* Adds the file to the record's list (capped), erased or kept. */
void wipe_record_file(struct wipe_record *r, const char *path, uint64_t size, bool erased);

/*
 * Engines, one per target kind (the dispatcher in wipe.c picks them from two
 * tables). Prepare fills the plan and its record and never writes; the
 * execute functions are reached only through wipe_execute().
 */
int wipe_files_prepare(struct wipe_plan *p, const struct wipe_options *o, char **ret_reason);
int wipe_files_execute(struct wipe_plan *p, const struct wipe_options *o);
int wipe_free_space_prepare(struct wipe_plan *p, const struct wipe_options *o, char **ret_reason);
int wipe_free_space_execute(struct wipe_plan *p, const struct wipe_options *o);
int wipe_device_prepare(struct wipe_plan *p, const struct wipe_options *o, char **ret_reason);   /* wipe-device.c */
int wipe_device_execute(struct wipe_plan *p, const struct wipe_options *o);
int wipe_luks_prepare(struct wipe_plan *p, const struct wipe_options *o, char **ret_reason);
int wipe_luks_execute(struct wipe_plan *p, const struct wipe_options *o);
