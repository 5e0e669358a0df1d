/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * "Main file plus sorted drop-ins", the systemd scheme every INI consumer of
 * Bulwark reads (the crypto policy FILE + FILE.d, the firewall policy
 * /etc/bulwark/policy.conf + policy.d, and the assessment's view of that
 * firewall policy inside a target). One loader, so two readers of one tree
 * can never disagree about which files make the configuration or in which
 * order; the caller's parse callback merges each file into its model.
 *
 * The loader does no I/O of its own: it reads through a file source
 * (src/basic/file-source.h), the host's or a target root's.
 *
 * Which files, in which order:
 *   - the main file, required;
 *   - then the entries of the drop-in directory whose names end in ".conf"
 *     and do not start with '.', in strcmp() order; other names are ignored;
 *     a missing directory means no drop-ins;
 *   - a drop-in that is a symbolic link to /dev/null is masked (skipped), as
 *     systemd masks; an empty drop-in parses to nothing;
 *   - any other drop-in that is not a regular file (a directory, a FIFO, a
 *     device, a dangling link) is an error, never skipped: a reader that
 *     skipped it would see a policy the other refuses.
 */

#include <stdbool.h>
#include <stddef.h>

#include "file-source.h"

/* Entries of a drop-in directory looked at (all names, before filtering). */
#define CONF_DROPIN_DIR_ENTRIES_MAX 8192u

struct conf_files {
        const char *main_path;
        const char *dropin_dir;   /* NULL: no drop-ins */
        size_t file_max;          /* bytes of one file */
        size_t dropins_max;       /* drop-in files; more is -E2BIG */
};

/*
 * One file's bytes, in order: the main file first (dropin false), then each
 * drop-in. A negative return stops the load and is returned.
 */
typedef int (*conf_parse_fn)(const char *path, const char *buf, size_t len, bool dropin, void *userdata);

/*
 * Reads files->main_path and its drop-ins through src and hands each to
 * parse. Returns 0, parse's negative return, or the file source's -errno
 * (-E2BIG for too many drop-ins or directory entries); on a file source error
 * *ret_failed_path (when non-NULL) is the file or directory that failed,
 * which the caller frees.
 */
int conf_load_dropins(const struct file_source *src, const struct conf_files *files,
                      conf_parse_fn parse, void *userdata, char **ret_failed_path);
