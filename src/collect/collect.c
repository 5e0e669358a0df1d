/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The orchestrator: the collectors as one table, run once each in the order
 * below. Each row fills its own area of struct facts and nothing else; a row
 * that reads another's facts comes after it, and the comment on the row says
 * which. A new collector is one new file and one row here (docs/ARCHITECTURE.md,
 * "The root source and the collectors").
 */
#include "collect.h"
#include "macro.h"

const struct collector collectors[] = {
        /*
         * First, and the only row before the caller's confinement: naming a
         * socket's owner reads other processes' /proc/PID/fd, which Landlock's
         * ptrace rules refuse once confined.
         */
        { "sockets",   FACTS_SOCKETS,     collect_sockets,   sockets_free, .confine_after = true },
        /* The packages: network (DHCP clients) and isolation (container runtimes, AppArmor) read them. */
        { "system",    FACTS_OS,          collect_system,    system_free },
        /* The units: storage (.swap units) and firewall (its units, enabled state, drop-ins) read them. */
        { "units",     FACTS_UNITS,       collect_units,     units_free },
        /* After units. Mounts and crypttab: luks reads them. */
        { "storage",   FACTS_MOUNTS,      collect_storage,   storage_free },
        { "kernel",    FACTS_CMDLINE,     collect_kernel,    kernel_free },
        /* After system. */
        { "network",   FACTS_NETIFS,      collect_network,   network_free },
        /* After sockets: probes each listening TCP socket. */
        { "endpoints", FACTS_ENDPOINTS,   collect_endpoints, endpoints_free },
        /* The crypt hook configuration: luks reads it. */
        { "cip",       FACTS_CIP_ENCRYPT, collect_cip,       cip_free },
        /* After storage and cip: which device holds /var and /home. */
        { "luks",      FACTS_LUKS,        collect_luks,      luks_facts_free },
        /* After units. The policy and the unit state: ruleset reads them. */
        { "firewall",  FACTS_FIREWALL,    collect_firewall,  firewall_free },
        /* After firewall: offline without /etc/nftables.conf, the boot ruleset is the compiled Bulwark policy. */
        { "ruleset",   FACTS_RULESET,     collect_ruleset,   ruleset_free },
        /* After system. */
        { "isolation", FACTS_MAC,         collect_isolation, isolation_facts_free },
        { "crypto",    FACTS_SSHD,        collect_crypto,    crypto_free },
        {}
};

int facts_collect_from(struct root *r, const struct collect_options *o, struct facts **ret)
{
        _cleanup_(facts_freep) struct facts *f = NULL;
        int k;

        if (!r)
                return -EINVAL;
        f = facts_new(r);
        for (const struct collector *c = collectors; c->name; c++) {
                f->collecting = c->area;
                c->collect(f, o);
                f->collecting = 0;
                if (c->confine_after && o->confine) {
                        k = o->confine(o->confine_userdata);
                        if (k < 0)
                                return k;
                }
        }
        *ret = TAKE_PTR(f);
        return 0;
}

int facts_collect(const struct collect_options *o, struct facts **ret)
{
        struct root *r = NULL;
        int k;

        k = root_open(o->root, o->live, &r);
        if (k < 0)
                return k;
        return facts_collect_from(r, o, ret);
}

void facts_free(struct facts *f)
{
        if (!f)
                return;
        for (const struct collector *c = collectors; c->name; c++)
                c->free(f);
        facts_model_free(f);
}
