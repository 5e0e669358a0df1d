/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A second implementation of the root source (src/rootfs/rootfs.h): the
 * target as a tree in memory, standing in for the disk image reader of issue
 * 16. Tests run the real collectors on it to show that they depend on the
 * operations table and nothing else (no fd, no host path).
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

struct root;

struct mem_node {
        char *path;        /* absolute, "/" for the root */
        mode_t mode;       /* type and permissions */
        uid_t uid;
        gid_t gid;
        ino_t ino;         /* hard links share one */
        char *data;        /* regular files */
        size_t len;
        char *link;        /* symlinks */
};

struct mem_tree {
        struct mem_node *v;
        size_t n;
        ino_t next_ino;
        unsigned calls;    /* operations asked of it */
        bool lie;          /* break the contract: hand back more than max bytes or entries (tests the dispatcher) */
};

struct mem_tree *mem_tree_new(void);
/* Adds a node (parents must exist); returns it. */
struct mem_node *mem_tree_file(struct mem_tree *t, const char *path, const char *data, size_t len, mode_t perm);
struct mem_node *mem_tree_dir(struct mem_tree *t, const char *path);
struct mem_node *mem_tree_symlink(struct mem_tree *t, const char *path, const char *target);
/* Another name for the same file (a hard link: same inode). */
struct mem_node *mem_tree_hardlink(struct mem_tree *t, const char *path, const char *existing);
/* Copies a host directory tree in (lstat, not followed): a test's way of building the same target twice. */
int mem_tree_load(struct mem_tree *t, const char *host_dir);

/* A root source over t (taken over). name is what reports call the target. */
int mem_root_new(struct mem_tree *t, const char *name, bool live, struct root **ret);
