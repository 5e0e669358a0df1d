/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * sshd_config as sshd reads it: keywords case-insensitive, the first value
 * of a keyword wins, "Match" blocks are remembered but not applied to the
 * global settings, and "Include" is handled where it appears (the caller
 * resolves the pattern, through the root fd, and feeds each file back
 * through a callback). Algorithm lists get OpenSSH's defaults when unset
 * and the "+", "-" and "^" modifiers are applied the way OpenSSH's
 * kex_assemble_names() does. Defaults are those of Debian 12's OpenSSH
 * 9.2p1 (checked against `sshd -T` in the tests).
 */

#include <stdbool.h>
#include <stddef.h>

#define SSHD_CONFIG_MAX_BYTES (1024u * 1024)
#define SSHD_CONFIG_MAX_LINES 20000u
#define SSHD_CONFIG_MAX_DEPTH 16u       /* OpenSSH's own Include depth limit */
#define SSHD_CONFIG_MAX_SETTINGS 4000u

enum sshd_list {
        SSHD_KEX,
        SSHD_CIPHERS,
        SSHD_MACS,
        SSHD_HOSTKEY_ALGORITHMS,
        _SSHD_LIST_MAX,
};

struct sshd_setting {
        char *keyword;   /* lower case */
        char *value;     /* the rest of the line, unquoted words joined by one blank */
        char *source;    /* "file:line" */
};

struct sshd_config {
        /* Global settings, first value wins (as sshd). */
        struct sshd_setting *settings;
        size_t n_settings;
        /* Settings inside Match blocks, in order, "Match" lines included; not applied globally. */
        struct sshd_setting *match_settings;
        size_t n_match_settings;
        unsigned n_match_blocks;
        /* Include patterns as written, with where they were. */
        char **includes;         /* "pattern" */
        char **include_sources;  /* "file:line" */
        /* Every HostKey line (HostKey may repeat). */
        char **host_keys;
        /* Problems sshd would refuse to start with, or that we could not follow: "file:line: ..." */
        char **problems;

        /* Internal parse state. */
        unsigned depth;
        bool in_match;
        size_t total_lines;
};

/*
 * Called for an Include. `pattern` is absolute (relative patterns are made
 * relative to /etc/ssh, as sshd does); the callback globs it and calls
 * sshd_config_parse() for each file with depth + 1. Returns 0 or -errno
 * (recorded as a problem, parsing goes on).
 */
typedef int (*sshd_include_fn)(struct sshd_config *c, const char *pattern, unsigned depth, void *userdata);

struct sshd_config *sshd_config_new(void);
void sshd_config_free(struct sshd_config *c);
static inline void sshd_config_freep(struct sshd_config **c) { sshd_config_free(*c); }

/*
 * Parses one file's bytes into c. `source` names it in "file:line" strings.
 * include may be NULL: patterns are then only recorded. Returns 0, -E2BIG
 * over a size/line/depth limit, -EBADMSG for a line sshd cannot parse
 * (unterminated quote, keyword without value); on error what was parsed so
 * far stays in c and the error is recorded in c->problems.
 */
int sshd_config_parse(struct sshd_config *c, const char *buf, size_t len, const char *source, unsigned depth,
                      sshd_include_fn include, void *userdata);

/* The first global value of keyword (case-insensitive), or NULL. */
const struct sshd_setting *sshd_config_get(const struct sshd_config *c, const char *keyword);

/*
 * The effective algorithm list (configured value with modifiers applied, or
 * the default). Caller owns the strv. ret_source gets "file:line" of the
 * setting or "OpenSSH 9.2p1 default" (static or owned by c).
 */
int sshd_config_algorithms(const struct sshd_config *c, enum sshd_list which, char ***ret, const char **ret_source);

/* "KexAlgorithms", "Ciphers", "MACs", "HostKeyAlgorithms". */
const char *sshd_list_keyword(enum sshd_list which);
/* The OpenSSH 9.2p1 (Debian 12) default list, comma-separated. */
const char *sshd_list_default(enum sshd_list which);
