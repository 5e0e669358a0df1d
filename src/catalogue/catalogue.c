/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "catalogue.h"
#include "macro.h"

/*
 * Scope choices:
 * - CR 5.2 and CR 5.3 are carried by NDR 5.2 / NDR 5.3 in IEC 62443-4-2. A
 *   component that forwards is a boundary whatever its role, and CIP asks every
 *   product maker to block messaging ports, so both apply to all roles here,
 *   decided by the same checks as their NDR.
 * - CR 5.4 has no component-level requirement; its checks are evidence only,
 *   so it is never in scope and is reported as na with that evidence.
 */
const struct requirement catalogue[] = {
        {
                .id = "CR 4.1", .title = "Information confidentiality", .fr = "FR 4",
                .sl_min = 1, .roles = ROLE_ALL, .cip = "Met",
                .asks = "Protect the confidentiality of information at rest where read authorisation applies, and support protecting it in transit.",
                .evidence = "TLS/SSH stack present; no plaintext remote services; data partitions on LUKS2 sealed to a TPM without a leftover passphrase; kernel AES/XTS; UDP 68 closed or dropped; private keys readable only by root.",
        },
        {
                .id = "CR 4.2", .title = "Information persistence", .fr = "FR 4",
                .sl_min = 2, .roles = ROLE_ALL, .cip = "Met",
                .asks = "Be able to erase all information that needs read authorisation before the component leaves service.",
                .evidence = "An erase tool for files and block devices, a factory reset, and an honest statement of what overwriting cannot reach on this storage.",
        },
        {
                .id = "CR 4.2 RE(1)", .title = "Erase of shared memory resources", .fr = "FR 4",
                .sl_min = 3, .roles = ROLE_ALL, .cip = "NA",
                .asks = "Memory released by one user must not be readable by the next.",
                .evidence = "init_on_free=1 (and init_on_alloc=1) in the kernel command line or configuration; swap absent or encrypted; /dev/shm and /tmp on tmpfs.",
        },
        {
                .id = "CR 4.2 RE(2)", .title = "Erase verification", .fr = "FR 4",
                .sl_min = 3, .roles = ROLE_ALL, .cip = "NA",
                .asks = "Be able to verify that an erase took place.",
                .evidence = "An erase tool that reads back what it wrote and records the result in a certificate.",
        },
        {
                .id = "CR 4.3", .title = "Use of cryptography", .fr = "FR 4",
                .sl_min = 1, .roles = ROLE_ALL, .cip = "Met",
                .asks = "Where cryptography is used, use internationally recognised and proven algorithms, key sizes and practice.",
                .evidence = "openssl.cnf, sshd_config, host keys and certificates, LUKS parameters and live TLS/SSH endpoints judged against the selected crypto policy.",
        },
        {
                .id = "CR 5.1", .title = "Network segmentation", .fr = "FR 5",
                .sl_min = 1, .roles = ROLE_ALL, .cip = "NA (user action)",
                .asks = "Support segmenting the network so that zones and conduits can be built.",
                .evidence = "Interfaces, VLANs and bridges, and a firewall policy that names zones.",
        },
        {
                .id = "CR 5.2", .title = "Zone boundary protection", .fr = "FR 5",
                .sl_min = 1, .roles = ROLE_ALL, .cip = "NA",
                .asks = "Monitor and control traffic at a zone boundary (carried by NDR 5.2 for network devices).",
                .evidence = "Forwarding off, or a forward chain that filters.",
        },
        {
                .id = "NDR 5.2", .title = "Zone boundary protection", .fr = "FR 5",
                .sl_min = 1, .roles = ROLE_NETWORK, .cip = "NA (user action)",
                .asks = "A network device at a zone boundary monitors and controls the traffic crossing it.",
                .evidence = "Forwarding state and a forward chain that filters.",
                .scope_note = "applies to network devices (--role network)",
        },
        {
                .id = "NDR 5.2 RE(1)", .title = "Deny all, permit by exception", .fr = "FR 5",
                .sl_min = 2, .roles = ROLE_NETWORK, .cip = "NA (user action)",
                .asks = "Deny all traffic by default and permit only named conduits.",
                .evidence = "Default-drop policies on input (and forward when forwarding) with explicit accepts only.",
                .scope_note = "applies to network devices (--role network)",
        },
        {
                .id = "NDR 5.2 RE(2)", .title = "Island mode", .fr = "FR 5",
                .sl_min = 3, .roles = ROLE_NETWORK, .cip = "NA",
                .asks = "Be able to cut all traffic across the boundary on demand.",
                .evidence = "An island mode that drops everything but operator-named conduits.",
                .scope_note = "applies to network devices (--role network)",
        },
        {
                .id = "NDR 5.2 RE(3)", .title = "Fail close", .fr = "FR 5",
                .sl_min = 3, .roles = ROLE_NETWORK, .cip = "NA",
                .asks = "When boundary protection fails, traffic stops.",
                .evidence = "Firewall enabled and loaded before network-pre.target with default-drop policies; network units Requires= it; stopping never flushes; no iif on real interfaces.",
                .scope_note = "applies to network devices (--role network)",
        },
        {
                .id = "CR 5.3", .title = "Person-to-person communication restrictions", .fr = "FR 5",
                .sl_min = 1, .roles = ROLE_ALL, .cip = "NA (user action)",
                .asks = "Keep general-purpose person-to-person messages (mail, chat) away from the control system (carried by NDR 5.3).",
                .evidence = "No mail, chat, IRC, XMPP, SIP or Matrix service installed or listening, and their ports dropped.",
        },
        {
                .id = "NDR 5.3", .title = "Person-to-person communication restrictions", .fr = "FR 5",
                .sl_min = 1, .roles = ROLE_NETWORK, .cip = "NA (user action)",
                .asks = "A network device blocks general-purpose person-to-person messages.",
                .evidence = "Messaging services absent and their ports dropped.",
                .scope_note = "applies to network devices (--role network)",
        },
        {
                .id = "CR 5.4", .title = "Application partitioning", .fr = "FR 5",
                .sl_min = 0, .roles = ROLE_ALL, .cip = "NA",
                .asks = "Partition applications from each other (a system requirement in IEC 62443-3-3).",
                .evidence = "Per-service systemd sandboxing, AppArmor or SELinux, containers.",
                .scope_note = "no component requirement in IEC 62443-4-2; reported as supporting evidence only",
        },
};

const size_t catalogue_size = ARRAY_SIZE(catalogue);

const struct requirement *catalogue_find(const char *id)
{
        for (size_t i = 0; i < catalogue_size; i++)
                if (streq(catalogue[i].id, id))
                        return &catalogue[i];
        return NULL;
}

const struct foundational_requirement catalogue_frs[] = {
        { .id = "FR 4", .slug = "fr-4", .title = "Data confidentiality" },
        { .id = "FR 5", .slug = "fr-5", .title = "Restricted data flow" },
};

const size_t catalogue_frs_size = ARRAY_SIZE(catalogue_frs);

const struct foundational_requirement *catalogue_fr_find(const char *id)
{
        for (size_t i = 0; i < catalogue_frs_size; i++)
                if (streq(catalogue_frs[i].id, id))
                        return &catalogue_frs[i];
        return NULL;
}

const char *catalogue_fr_title(const char *id)
{
        const struct foundational_requirement *fr = catalogue_fr_find(id);

        return fr ? fr->title : "";
}

static const struct {
        enum role role;
        const char *name;
} role_names[] = {
        { ROLE_EMBEDDED, "embedded" },
        { ROLE_HOST, "host" },
        { ROLE_NETWORK, "network" },
};

int role_from_string(const char *s, enum role *ret)
{
        for (size_t i = 0; i < ARRAY_SIZE(role_names); i++)
                if (streq(role_names[i].name, s)) {
                        *ret = role_names[i].role;
                        return 0;
                }
        return -EINVAL;
}

const char *role_to_string(enum role r)
{
        for (size_t i = 0; i < ARRAY_SIZE(role_names); i++)
                if (role_names[i].role == r)
                        return role_names[i].name;
        return NULL;
}

bool requirement_in_scope(const struct requirement *req, unsigned sl, enum role role, char **ret_reason)
{
        if (req->sl_min == 0) {
                *ret_reason = xstrdup(strempty(req->scope_note));
                return false;
        }
        if (!(req->roles & role)) {
                *ret_reason = xasprintf("role %s: %s", role_to_string(role), strempty(req->scope_note));
                return false;
        }
        if (sl < req->sl_min) {
                *ret_reason = xasprintf("applies from SL %u; assessed at SL %u", req->sl_min, sl);
                return false;
        }
        *ret_reason = NULL;
        return true;
}
