/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <sys/stat.h>

#include "fdio.h"
#include "fs-util.h"
#include "macro.h"
#include "units.h"

const char *const fw_network_units[] = {
        "networking.service",
        "systemd-networkd.service",
        "NetworkManager.service",
        NULL,
};

/*
 * Sandboxing that cannot get in the way of loading a ruleset at early boot:
 * nothing here adds unit dependencies (no PrivateTmp), and netlink is all
 * the firewall needs. /var stays writable for the saved rulesets.
 */
#define UNIT_SANDBOX                                    \
        "CapabilityBoundingSet=CAP_NET_ADMIN\n"         \
        "NoNewPrivileges=yes\n"                         \
        "RestrictAddressFamilies=AF_NETLINK AF_UNIX\n"  \
        "ProtectSystem=full\n"                          \
        "ProtectHome=yes\n"                             \
        "ProtectKernelModules=yes\n"                    \
        "ProtectKernelTunables=yes\n"                   \
        "ProtectKernelLogs=yes\n"                       \
        "ProtectControlGroups=yes\n"                    \
        "ProtectClock=yes\n"                            \
        "ProtectHostname=yes\n"                         \
        "RestrictNamespaces=yes\n"                      \
        "RestrictRealtime=yes\n"                        \
        "RestrictSUIDSGID=yes\n"                        \
        "LockPersonality=yes\n"                         \
        "MemoryDenyWriteExecute=yes\n"                  \
        "SystemCallArchitectures=native\n"

char *fw_unit_lockdown_text(const char *binary)
{
        return xasprintf("# Installed by bulwark firewall install-units.\n"
                         "[Unit]\n"
                         "Description=Bulwark firewall lockdown (drop all but loopback until the policy is loaded)\n"
                         "Documentation=man:bulwark-firewall(8)\n"
                         "DefaultDependencies=no\n"
                         "Wants=network-pre.target\n"
                         "Before=network-pre.target " FW_UNIT_FIREWALL " shutdown.target\n"
                         "Conflicts=shutdown.target\n"
                         "\n"
                         "[Service]\n"
                         "Type=oneshot\n"
                         "RemainAfterExit=yes\n"
                         "ExecStart=%s firewall lockdown\n"
                         UNIT_SANDBOX
                         "# No ExecStop: stopping this unit must never flush or open the ruleset.\n"
                         "\n"
                         "[Install]\n"
                         "WantedBy=sysinit.target\n",
                         binary);
}

char *fw_unit_firewall_text(const char *binary, const char *policy, const char *state_dir)
{
        _cleanup_free_ char *args = xasprintf("%s%s%s%s", policy ? " --policy " : "", strempty(policy), state_dir ? " --state-dir " : "", strempty(state_dir));

        return xasprintf("# Installed by bulwark firewall install-units.\n"
                         "[Unit]\n"
                         "Description=Bulwark firewall policy (zones and conduits)\n"
                         "Documentation=man:bulwark-firewall(8)\n"
                         "DefaultDependencies=no\n"
                         "Requires=" FW_UNIT_LOCKDOWN "\n"
                         "After=" FW_UNIT_LOCKDOWN " local-fs.target\n"
                         "Wants=network-pre.target\n"
                         "Before=network-pre.target shutdown.target\n"
                         "Conflicts=shutdown.target\n"
                         "\n"
                         "[Service]\n"
                         "Type=oneshot\n"
                         "RemainAfterExit=yes\n"
                         "# A policy that fails to load leaves the lockdown table in place: closed, not open.\n"
                         "ExecStart=%s firewall apply%s\n"
                         "ExecReload=%s firewall apply%s\n"
                         UNIT_SANDBOX
                         "# No ExecStop: stopping this unit keeps the policy loaded.\n"
                         "\n"
                         "[Install]\n"
                         "WantedBy=sysinit.target\n",
                         binary, args, binary, args);
}

char *fw_unit_dropin_text(void)
{
        return xstrdup("# Installed by bulwark firewall install-units: no network without the firewall.\n"
                       "[Unit]\n"
                       "Requires=" FW_UNIT_FIREWALL "\n"
                       "After=" FW_UNIT_FIREWALL "\n");
}

static int put(const char *path, const char *text, char **report)
{
        int k = write_file_atomic(path, text, strlen(text), 0644);
        char *n;

        if (k < 0)
                return k;
        n = xasprintf("%swrote %s\n", *report, path);
        free(*report);
        *report = n;
        return 0;
}

static int link_unit(const char *wants_dir, const char *name, const char *target, char **report)
{
        _cleanup_free_ char *lnk = xasprintf("%s/%s", wants_dir, name);
        char *n;
        int k;

        k = mkdir_p(wants_dir, 0755);
        if (k < 0)
                return k;
        (void) unlink(lnk);
        if (symlink(target, lnk) < 0)
                return negative_errno();
        n = xasprintf("%slinked %s -> %s\n", *report, lnk, target);
        free(*report);
        *report = n;
        return 0;
}

int fw_units_install(const struct fw_units_options *o, char **ret_report)
{
        const char *root = o->root ? o->root : "";
        const char *binary = o->binary ? o->binary : "/usr/bin/bulwark";
        _cleanup_free_ char *dir = o->unit_dir ? xstrdup(o->unit_dir) : xasprintf("%s/etc/systemd/system", root);
        _cleanup_free_ char *report = xstrdup("");
        /* Links point where the unit is on the target, not on the machine installing it. */
        const char *target_dir = o->unit_dir ? o->unit_dir : "/etc/systemd/system";
        static const char *const units[] = { FW_UNIT_LOCKDOWN, FW_UNIT_FIREWALL };
        int k;

        /*
         * The units run in "/" on the target: a relative policy or state
         * directory would name another place there (and the watchdog's state
         * with it). They are paths on the target, so they cannot be resolved
         * here: refuse them.
         */
        if ((o->policy && o->policy[0] != '/') || (o->state_dir && o->state_dir[0] != '/'))
                return -EINVAL;
        k = mkdir_p(dir, 0755);
        if (k < 0)
                return k;
        for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
                _cleanup_free_ char *path = xasprintf("%s/%s", dir, units[i]);
                _cleanup_free_ char *text = i == 0 ? fw_unit_lockdown_text(binary) : fw_unit_firewall_text(binary, o->policy, o->state_dir);
                k = put(path, text, &report);
                if (k < 0)
                        return k;
        }
        for (size_t i = 0; fw_network_units[i]; i++) {
                _cleanup_free_ char *d = xasprintf("%s/%s.d", dir, fw_network_units[i]);
                _cleanup_free_ char *path = xasprintf("%s/bulwark.conf", d);
                _cleanup_free_ char *text = fw_unit_dropin_text();
                k = mkdir_p(d, 0755);
                if (k < 0)
                        return k;
                k = put(path, text, &report);
                if (k < 0)
                        return k;
        }
        if (o->enable) {
                _cleanup_free_ char *wants = xasprintf("%s/sysinit.target.wants", dir);
                for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
                        _cleanup_free_ char *target = xasprintf("%s/%s", target_dir, units[i]);
                        k = link_unit(wants, units[i], target, &report);
                        if (k < 0)
                                return k;
                }
        }
        *ret_report = TAKE_PTR(report);
        return 0;
}
