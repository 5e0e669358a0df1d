/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Collectors: one per area, each fills its part of struct facts and records
 * failures in the area's err. Only code under src/collect touches the system.
 */

#include "facts.h"
#include "rootfs.h"

void collect_system(struct facts *f);      /* hostname, os-release, packages, inetd */
void collect_units(struct facts *f);       /* systemd units, drop-ins, enabled state */
/*
 * Listening sockets and, live, the process holding each. Runs first: finding
 * the owner means reading other processes' /proc/PID/fd, which a process
 * confined with Landlock may not (ptrace rules), so it comes before the
 * caller's confinement (collect_options.confine).
 */
void collect_sockets(struct facts *f);
void collect_network(struct facts *f);     /* interfaces, sysctl, DHCP */
/*
 * The nftables ruleset: the kernel's, /etc/nftables.conf, or offline without
 * it the compiled Bulwark policy when its unit loads it at boot; the one
 * writer of f->ruleset. After collect_firewall(), whose facts it reads.
 */
void collect_ruleset(struct facts *f);
void ruleset_free(struct facts *f);
void collect_storage(struct facts *f);     /* mounts, swaps, crypttab */
void collect_kernel(struct facts *f);      /* command line, kernel config, /proc/crypto, crypto modules */
void collect_cip(struct facts *f);         /* TPM, CIP crypt hook and factory reset */
void collect_firewall(struct facts *f);    /* Bulwark policy, units, verify result (src/firewall) */
/* Probes listening TCP sockets over loopback (live, unless o->no_probe); after collect_network(). */
void collect_endpoints(struct facts *f, const struct collect_options *o);

void units_free(struct facts *f);
void network_free(struct facts *f);
void storage_free(struct facts *f);
void kernel_free(struct facts *f);
void cip_free(struct facts *f);

/*
 * Data at rest: LUKS headers of live block devices and of luks_images (host
 * paths the user named), /var and /home's devices, the CIP crypt hook. Runs
 * after collect_storage/cip and reads their mounts, crypttab and crypt hook
 * configuration.
 */
void collect_luks(struct facts *f, char *const *luks_images);
void luks_facts_free(struct facts *f);
/* CR 5.4 evidence: AppArmor/SELinux state, container runtimes and running containers. */
void collect_isolation(struct facts *f);
void isolation_facts_free(struct facts *f);

/*
 * Reads one LUKS header with libcryptsetup (never activates or writes). A
 * header that cannot be read still gives a volume, with err set. The caller
 * owns ret's members (luks_volume_clear()).
 */
int luks_read_header(const char *path, const char *source, struct luks_volume *ret);
void luks_volume_clear(struct luks_volume *v);

/* Internal helpers shared by the collectors. */
/*
 * Passes a parser's return through; -E2BIG (more than PARSE_MAX_ITEMS items,
 * or another limit of the parser) is recorded as a cap of the area for path.
 */
int collect_parsed(struct facts *f, int k, const char *path);
/* Reads through the root, remembering the file for evidence; max defaults apply when 0. */
int collect_read(struct facts *f, const char *path, char **ret, size_t *ret_len);
