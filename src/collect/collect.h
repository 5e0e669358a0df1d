/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Collectors: one per area, each fills its own part of struct facts (and
 * only its own: no collector rewrites what another set) and records failures
 * in the area's err. They read the target only through the root source
 * (rootfs.h) and the facts helpers above it (facts_read_file(),
 * facts_list_dir()). collect.c runs them as a table, in the order COLLECTORS
 * below declares, with the reason each row comes after the ones it reads.
 */

#include <stddef.h>

#include "facts.h"
#include "rootfs.h"

/* A member of struct facts, as offset and size: FACTS_MEMBER(kernel). */
struct facts_member {
        size_t off, len;
};
#define FACTS_MEMBER(field) { offsetof(struct facts, field), sizeof(((struct facts *) 0)->field) }
#define COLLECTOR_OWNS_MAX 6

/*
 * One collector, defined by the file that implements it (collector_NAME,
 * the last thing in collect-NAME.c): its functions stay static there.
 */
struct collector {
        const char *name;
        unsigned area;       /* the FACTS_* area caps are recorded against while it runs (it may switch between its own) */
        void (*collect)(struct facts *f, const struct collect_options *o);
        void (*free)(struct facts *f);   /* frees what collect put in f; safe on a zeroed area */
        bool confine_after;  /* the caller's confinement (collect_options.confine) runs right after this row */
        /* The members of struct facts it writes, and no other row does (tests/unit/test-root-source.c holds it to them). */
        struct facts_member owns[COLLECTOR_OWNS_MAX];
};

/*
 * The rows, in the order they run: one X(name) per collector declares
 * collector_name and places it in collectors[] (collect.c). A row that reads
 * another's facts comes after it; the comment says which.
 */
#define COLLECTORS(X)                                                                                   \
        /* First, and the only row before the caller's confinement: naming a socket's owner reads */    \
        /* other processes' /proc/PID/fd, which Landlock's ptrace rules refuse once confined. */         \
        X(sockets)                                                                                      \
        /* The packages: network (DHCP clients) and isolation (runtimes, AppArmor) read them. */        \
        X(system)                                                                                       \
        /* The units: storage (.swap units) and firewall (its units, enabled state, drop-ins) read them. */ \
        X(units)                                                                                        \
        /* After units. Mounts and crypttab: luks reads them. */                                        \
        X(storage)                                                                                      \
        X(kernel)                                                                                       \
        /* After system. */                                                                             \
        X(network)                                                                                      \
        /* After sockets: probes each listening TCP socket. */                                          \
        X(endpoints)                                                                                    \
        /* The crypt hook configuration: luks reads it. */                                              \
        X(cip)                                                                                          \
        /* After storage and cip: which device holds /var and /home. */                                 \
        X(luks)                                                                                         \
        /* After units. The policy and the unit state: ruleset reads them. */                           \
        X(firewall)                                                                                     \
        /* After firewall: offline without /etc/nftables.conf, the boot ruleset is the compiled policy. */ \
        X(ruleset)                                                                                      \
        /* After system. */                                                                             \
        X(isolation)                                                                                    \
        X(crypto)

#define COLLECTOR_DECLARE(name) extern const struct collector collector_##name;
COLLECTORS(COLLECTOR_DECLARE)
#undef COLLECTOR_DECLARE

/* The table, in the order it runs; NULL-terminated. Exposed for tests and docs. */
extern const struct collector *const collectors[];

/*
 * Reads one LUKS header with libcryptsetup (never activates or writes). A
 * header that cannot be read still gives a volume, with err set. The caller
 * owns ret's members (luks_volume_clear()).
 */
int luks_read_header(const char *path, const char *source, struct luks_volume *ret);
void luks_volume_clear(struct luks_volume *v);
