/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Collectors: one per area, each fills its own part of struct facts (and
 * only its own: no collector rewrites what another set) and records failures
 * in the area's err. They read the target only through the root source
 * (rootfs.h) and the facts helpers above it (facts_read_file(),
 * facts_list_dir()). collect.c runs them as a table, in an order declared
 * there with the reason each row comes after the ones it reads.
 */

#include "facts.h"
#include "rootfs.h"

/* One row of the orchestrator's table (collect.c). */
struct collector {
        const char *name;
        unsigned area;       /* the FACTS_* area caps are recorded against while it runs (it may switch between its own) */
        void (*collect)(struct facts *f, const struct collect_options *o);
        void (*free)(struct facts *f);   /* frees what collect put in f; safe on a zeroed area */
        bool confine_after;  /* the caller's confinement (collect_options.confine) runs right after this row */
};

/* The table, in the order it runs; NULL-terminated by name. Exposed for tests and docs. */
extern const struct collector collectors[];

/* hostname, os-release, packages, inetd, Bulwark itself */
void collect_system(struct facts *f, const struct collect_options *o);
void system_free(struct facts *f);
/* systemd units, drop-ins, enabled state */
void collect_units(struct facts *f, const struct collect_options *o);
void units_free(struct facts *f);
/*
 * Listening sockets and, live, the process holding each. Runs first: finding
 * the owner means reading other processes' /proc/PID/fd, which a process
 * confined with Landlock may not (ptrace rules), so it comes before the
 * caller's confinement (collect_options.confine).
 */
void collect_sockets(struct facts *f, const struct collect_options *o);
void sockets_free(struct facts *f);
/* interfaces, sysctl forwarding, DHCP clients */
void collect_network(struct facts *f, const struct collect_options *o);
void network_free(struct facts *f);
/*
 * The nftables ruleset: the kernel's, /etc/nftables.conf, or offline without
 * it the compiled Bulwark policy when its unit loads it at boot; the one
 * writer of f->ruleset. After collect_firewall(), whose facts it reads.
 */
void collect_ruleset(struct facts *f, const struct collect_options *o);
void ruleset_free(struct facts *f);
/* mounts, swaps, crypttab */
void collect_storage(struct facts *f, const struct collect_options *o);
void storage_free(struct facts *f);
/* command line, kernel config, /proc/crypto, crypto modules */
void collect_kernel(struct facts *f, const struct collect_options *o);
void kernel_free(struct facts *f);
/* CIP crypt hook configuration and factory reset */
void collect_cip(struct facts *f, const struct collect_options *o);
void cip_free(struct facts *f);
/* Bulwark policy, units, verify result (src/firewall); reads the units' facts */
void collect_firewall(struct facts *f, const struct collect_options *o);
void firewall_free(struct facts *f);
/* Probes listening TCP sockets over loopback (live, unless o->no_probe); reads the sockets' facts. */
void collect_endpoints(struct facts *f, const struct collect_options *o);
void endpoints_free(struct facts *f);

/*
 * Data at rest: LUKS headers of live block devices and of o->luks_images
 * (host paths the user named), /var and /home's devices, the CIP crypt hook.
 * Reads the mounts, crypttab and crypt hook configuration of collect_storage()
 * and collect_cip().
 */
void collect_luks(struct facts *f, const struct collect_options *o);
void luks_facts_free(struct facts *f);
/* CR 5.4 evidence: AppArmor/SELinux state, container runtimes and running containers. */
void collect_isolation(struct facts *f, const struct collect_options *o);
void isolation_facts_free(struct facts *f);
/* sshd_config, openssl.cnf, keys and certificates into f->crypto (collect-crypto.h has the types). Never fails as a whole: each area records its err. */
void collect_crypto(struct facts *f, const struct collect_options *o);
void crypto_free(struct facts *f);

/*
 * Reads one LUKS header with libcryptsetup (never activates or writes). A
 * header that cannot be read still gives a volume, with err set. The caller
 * owns ret's members (luks_volume_clear()).
 */
int luks_read_header(const char *path, const char *source, struct luks_volume *ret);
void luks_volume_clear(struct luks_volume *v);
