/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The root source: the files of what is assessed, behind a table of read
 * operations. Every read of a target goes through here: the collectors, the
 * nftables include resolver, evidence copying, the factory reset
 * configuration. An implementation fills struct root_ops; today there is one,
 * the directory (root-dir.c: one O_PATH fd, paths resolved with
 * openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS), one component at a time
 * where the kernel lacks openat2). A disk image reader (issue 16) is one more
 * implementation of the same table, and tests/unit/mem-root.c is an in-memory
 * one that proves the collectors need nothing else.
 *
 * No file descriptor leaves an implementation: callers get bytes, names,
 * link targets and struct stat. Errors are -errno. The contract every
 * implementation keeps (the root_*() functions enforce what they can check,
 * so an implementation cannot loosen it):
 *  - paths are absolute inside the target; symlinks resolve inside it (an
 *    absolute or ".." link never reaches the host), -ELOOP for loops;
 *  - only regular files are read: -EISDIR for a directory, -EBADFD for a
 *    FIFO, device or socket (opening one must not block);
 *  - a read never returns more than max bytes: -EFBIG for a larger file, and
 *    a file that is larger costs no more than finding out (an 8 GiB sparse
 *    file costs one stat);
 *  - a listing holds at most max_entries names (1 when the directory holds
 *    more, so a partial listing is never taken for the whole).
 * The caps that are facts (the read budget, "cut by a cap" records) are kept
 * one layer up, by facts_read_file() and facts_list_dir().
 */

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#define ROOT_READ_MAX_DEFAULT (4u * 1024 * 1024)

struct root;

/* What an image root source read, for the report: the image, its hash, the partition. */
struct root_image_info {
        char *path;
        uint64_t size;
        char sha256[65];
        unsigned partition;       /* GPT entry number, 0 for a bare file system image */
        char *partition_name;     /* GPT name; NULL without a GPT */
        char *partition_type;     /* type GUID, lower case */
        uint64_t partition_offset, partition_size;
        char *fstype;             /* "ext4", ... */
};

/* What an implementation provides. data is its own state, passed back to every operation. */
struct root_ops {
        const char *kind;      /* "directory"; "image" later */
        /*
         * Reads the regular file at path (symlinks followed inside the root)
         * into a NUL-terminated buffer of at most max bytes. ret_st, when not
         * NULL, gets the stat of the very file read.
         */
        int (*read_file)(void *data, const char *path, size_t max, char **ret, size_t *ret_len, struct stat *ret_st);
        /* stat() inside the root; the last component not followed when nofollow. */
        int (*stat)(void *data, const char *path, bool nofollow, struct stat *ret);
        /* Whether path names anything (following symlinks inside the root). */
        bool (*exists)(void *data, const char *path);
        /* The names in a directory, any order, at most max_entries of them; 1 when it holds more. */
        int (*list_dir)(void *data, const char *path, size_t max_entries, char ***ret);
        /* The target of the symlink that is path's last component (not followed). */
        int (*readlink)(void *data, const char *path, char **ret);
        /* Images only (NULL otherwise): what was read. */
        const struct root_image_info *(*image)(void *data);
        void (*free)(void *data);
};

/*
 * A root source over an implementation; *ret takes data over (ops->free frees
 * it with the root, also when root_new() fails). path names the target for
 * reports ("/" live); live says whether it is the running system.
 */
int root_new(const struct root_ops *ops, void *data, const char *path, bool live, struct root **ret);
void root_free(struct root *r);
static inline void root_freep(struct root **r) { root_free(*r); }

/* The directory implementation (root-dir.c): the tree at path, "/" live. */
int root_open(const char *path, bool live, struct root **ret);

/*
 * The disk-image implementation (root-image.c): the root file system of the
 * raw image at path (GPT, or a bare file system), read without mounting
 * anything. partition: a GPT name or number, NULL to find the root. On
 * failure *ret_error (caller frees) says why in a sentence.
 */
int root_open_image(const char *path, const char *partition, struct root **ret, char **ret_error);
/* The image's description, or NULL for a directory root. */
const struct root_image_info *root_image(const struct root *r);

bool root_is_live(const struct root *r);
const char *root_path(const struct root *r);
const char *root_kind(const struct root *r);

/*
 * Reads a regular file inside the root into a NUL-terminated buffer (caller
 * owns it). Returns -ENOENT if missing, -EISDIR for a directory, -EBADFD for
 * anything else that is not a regular file, -EFBIG when larger than max,
 * -ELOOP for symlink loops.
 */
int root_read_file(const struct root *r, const char *path, size_t max, char **ret, size_t *ret_len);
/* The same, and *ret_st the stat of the file read (its inode, mode, owner), on success. */
int root_read_file_stat(const struct root *r, const char *path, size_t max, char **ret, size_t *ret_len, struct stat *ret_st);

/* stat() inside the root; follows symlinks inside the root unless nofollow. */
int root_stat(const struct root *r, const char *path, bool nofollow, struct stat *ret);
bool root_exists(const struct root *r, const char *path);

/*
 * Lists a directory inside the root: names only, sorted, without "." and
 * "..", at most max_entries. The caller owns the strv. Returns 0 when that is
 * the whole directory and 1 when it holds more (the strv is then an arbitrary
 * max_entries of them): a caller must never take a partial listing for all.
 */
int root_list_dir(const struct root *r, const char *path, size_t max_entries, char ***ret);

/* readlink of the last component (not followed), inside the root. */
int root_readlink(const struct root *r, const char *path, char **ret);
