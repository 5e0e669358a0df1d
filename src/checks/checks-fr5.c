/* SPDX-License-Identifier: GPL-2.0-or-later */
/* FR 5 Restricted data flow: segmentation, boundary protection, messaging. */
#include <netinet/in.h>

#include "check.h"
#include "p2p-packages.h"
#include "p2p-ports.h"
#include "ruleset-eval.h"
#include "strv.h"

/* Evidence of where the ruleset came from; returns false (after an error/fail verdict) when there is none. */
static bool ruleset_available(struct check_ctx *c, const char *what)
{
        const struct facts *f = c->facts;

        if (f->ruleset.err == -ENOENT) {
                check_fail(c, "no nftables ruleset: %s", what);
                if (f->live || !f->ruleset.boot)
                        check_evidence(c, "file", "/etc/nftables.conf", "does not exist");
                else if (f->ruleset.path)
                        check_evidence(c, "file", f->ruleset.path, "%s; %s", f->ruleset.boot, strempty(f->ruleset.error_text));
                else
                        check_evidence(c, "unit", NULL, "%s", f->ruleset.boot);
                for (char **u = f->ruleset.unloaded; u && *u; u++)
                        check_evidence(c, "file", *u, "present, but nothing loads it at boot");
                check_action(c, "Install a default-drop nftables policy (bulwark firewall) and enable it at boot.");
                return false;
        }
        if (f->ruleset.err == -EOPNOTSUPP && f->ruleset.undecided) {
                /* The boot firewall could not be decided (collect-ruleset.c says what): nothing to judge, nothing to pass. */
                check_manual(c, "the ruleset loaded at boot is not decided: %s", f->ruleset.undecided);
                check_evidence(c, "unit", NULL, "%s", f->ruleset.undecided);
                check_action(c, "Check by hand which ruleset the device loads at boot, or load an nftables ruleset from nftables.service "
                                "(ExecStart=nft -f FILE) or bulwark-firewall.service.");
                return false;
        }
        if (f->ruleset.err == -EBADMSG) {
                const char *path = f->ruleset.path ?: "/etc/nftables.conf";
                check_fail(c, "the nftables ruleset does not load, so the firewall would not be in place: %s", strempty(f->ruleset.error_text));
                check_evidence_file(c, path, "nft: %s", strempty(f->ruleset.error_text));
                check_action(c, "Fix %s so that 'nft -c -f' accepts it.", path);
                return false;
        }
        if (f->ruleset.err < 0) {
                check_error(c, "could not read the nftables ruleset: %s%s%s", strerror(-f->ruleset.err),
                            f->ruleset.error_text ? ": " : "", strempty(f->ruleset.error_text));
                return false;
        }
        if (f->live)
                check_evidence(c, "ruleset", "kernel", "the ruleset loaded in the kernel, listed by libnftables");
        else if (f->ruleset.path)
                check_evidence_file(c, f->ruleset.path, "%s; loaded into a throwaway network namespace by libnftables and listed back",
                                    strempty(f->ruleset.boot));
        else
                check_evidence(c, "ruleset", NULL, "%s; loaded into a throwaway network namespace by libnftables and listed back",
                               strempty(f->ruleset.boot));
        return true;
}

static void hook_evidence(struct check_ctx *c, const struct rs_hook_result *r)
{
        for (size_t i = 0; r->chains[i]; i++)
                check_evidence(c, "ruleset", NULL, "base chain %s", r->chains[i]);
        for (size_t i = 0; r->broad_accepts[i]; i++)
                check_evidence(c, "ruleset", NULL, "accepts every port: %s", r->broad_accepts[i]);
}

static bool forwarding(const struct facts *f)
{
        bool bridges = false;

        for (size_t i = 0; i < f->netifs.n; i++)
                if (streq(f->netifs.v[i].kind, "bridge"))
                        bridges = true;
        /* Unknown counts as forwarding: the forward path must then be shown filtered. */
        return f->sysctl.ip_forward != 0 || f->sysctl.ipv6_forwarding != 0 || bridges;
}

static void forwarding_evidence(struct check_ctx *c)
{
        const struct facts *f = c->facts;

        check_evidence(c, "sysctl", f->sysctl.source, "IPv4 forwarding %s, IPv6 forwarding %s",
                       f->sysctl.ip_forward == 1 ? "on" : f->sysctl.ip_forward == 0 ? "off" : "unknown",
                       f->sysctl.ipv6_forwarding == 1 ? "on" : f->sysctl.ipv6_forwarding == 0 ? "off" : "unknown");
        for (size_t i = 0; f->sysctl.forwarding && f->sysctl.forwarding[i]; i++)
                check_evidence(c, "sysctl", NULL, "%s", f->sysctl.forwarding[i]);
        for (size_t i = 0; f->sysctl.files && f->sysctl.files[i]; i++)
                check_evidence(c, "sysctl", NULL, "applied: %s", f->sysctl.files[i]);
        for (size_t i = 0; f->sysctl.notes && f->sysctl.notes[i]; i++)
                check_evidence(c, "sysctl", NULL, "%s", f->sysctl.notes[i]);
        for (size_t i = 0; i < f->netifs.n; i++)
                if (streq(f->netifs.v[i].kind, "bridge"))
                        check_evidence(c, "interface", f->netifs.v[i].source, "bridge %s", f->netifs.v[i].name);
}

/* ---- CR 5.1 ---- */

static void check_segmentation(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        _cleanup_strv_free_ char **zones = NULL;
        unsigned real = 0;

        for (size_t i = 0; i < f->netifs.n; i++) {
                const struct netif *n = &f->netifs.v[i];
                if (!streq(n->kind, "loopback"))
                        real++;
                check_evidence(c, "interface", n->source, "%s (%s)", n->name, n->kind);
        }
        if (f->ruleset.json)
                zones = ruleset_zone_selectors(f->ruleset.json);
        for (size_t i = 0; zones && zones[i]; i++)
                check_evidence(c, "ruleset", NULL, "traffic distinguished by %s", zones[i]);
        if (zones && zones[0]) {
                check_pass(c, "the firewall distinguishes zones (%zu selectors) across %u interfaces", strv_length(zones), real);
                return;
        }
        check_manual(c, "no firewall rule names a zone (interface or address range); segmentation must be shown from the system design (%u network interfaces)", real);
        check_action(c, "Define zones and conduits (bulwark firewall policy) or document the segmentation of the zone this device sits in.");
}

/* ---- CR 5.2 / NDR 5.2 ---- */

static void check_forward_filtered(struct check_ctx *c)
{
        struct rs_hook_result r = {};

        if (c->facts->sysctl.err < 0) {
                check_error(c, "could not read %s to tell whether the device forwards: %s", strna(c->facts->sysctl.err_path),
                            strerror(-c->facts->sysctl.err));
                return;
        }
        forwarding_evidence(c);
        if (!forwarding(c->facts)) {
                check_pass(c, "the device does not forward between interfaces (forwarding off, no bridges): it is not a zone boundary");
                return;
        }
        if (!ruleset_available(c, "the device forwards but nothing filters the forward path"))
                return;
        if (ruleset_hook_default(c->facts->ruleset.json, "forward", &r) < 0) {
                check_error(c, "the ruleset JSON has no nftables array");
                return;
        }
        hook_evidence(c, &r);
        if (r.ipv4 == RS_DROP && r.ipv6 == RS_DROP)
                check_pass(c, "forwarding is on and the forward hook drops what no rule permits");
        else if (r.base_chains == 0) {
                check_fail(c, "forwarding is on and no forward chain exists: everything crossing the device passes");
                check_action(c, "Add a forward chain with policy drop and accepts only for conduits, or turn forwarding off.");
        } else {
                check_fail(c, "forwarding is on and the forward hook accepts traffic no rule names (IPv4 %s, IPv6 %s)",
                           r.ipv4 == RS_DROP ? "dropped" : "accepted", r.ipv6 == RS_DROP ? "dropped" : "accepted");
                check_action(c, "Set the forward chain policy to drop and accept only named conduits.");
        }
        rs_hook_result_clear(&r);
}

/* ---- NDR 5.2 RE(1) ---- */

static void check_default_deny(struct check_ctx *c)
{
        struct rs_hook_result in = {}, fw = {};
        bool fwd = forwarding(c->facts);

        if (!ruleset_available(c, "nothing denies traffic by default"))
                return;
        if (ruleset_hook_default(c->facts->ruleset.json, "input", &in) < 0) {
                check_error(c, "the ruleset JSON has no nftables array");
                return;
        }
        hook_evidence(c, &in);
        if (fwd) {
                (void) ruleset_hook_default(c->facts->ruleset.json, "forward", &fw);
                hook_evidence(c, &fw);
        }
        if (in.base_chains == 0) {
                check_fail(c, "no input chain: the device accepts all traffic");
                check_action(c, "Load a ruleset whose input (and forward) chains have policy drop, with accepts only for conduits.");
        } else if (in.ipv4 != RS_DROP || in.ipv6 != RS_DROP) {
                check_fail(c, "the input hook accepts traffic that no rule names (IPv4 %s, IPv6 %s)%s",
                           in.ipv4 == RS_DROP ? "dropped" : "accepted", in.ipv6 == RS_DROP ? "dropped" : "accepted",
                           in.drop_policies == 0 ? ": every input chain has policy accept" : "");
                check_action(c, "Make the input chain policy drop and accept only established/related, loopback and named conduits.");
        } else if (fwd && (fw.ipv4 != RS_DROP || fw.ipv6 != RS_DROP)) {
                check_fail(c, "input denies by default, but the device forwards and the forward hook accepts unnamed traffic");
                check_action(c, "Give the forward chain policy drop with accepts only for conduits.");
        } else
                check_pass(c, "input%s drops what no rule permits; accepts are exceptions", fwd ? " and forward" : "");
        rs_hook_result_clear(&in);
        rs_hook_result_clear(&fw);
}

/* ---- NDR 5.2 RE(3) ---- */

static const char *const firewall_units[] = { "bulwark-lockdown.service", "bulwark-firewall.service", "nftables.service" };
static const char *const network_units[] = { "networking.service", "systemd-networkd.service", "NetworkManager.service", "connman.service" };

/* The ExecStop= line that flushes, or NULL; an empty ExecStop= in a drop-in resets the list. */
static const struct unit_setting *flushes_on_stop(const struct unit *u)
{
        const struct unit_setting *hit = NULL;

        for (size_t i = 0; i < u->n_settings; i++) {
                const struct unit_setting *s = &u->settings[i];
                if (!streq(s->section, "Service") || !streq(s->key, "ExecStop"))
                        continue;
                if (s->value[0] == 0)
                        hit = NULL;
                else if (strstr(s->value, "flush") || strstr(s->value, "delete table"))
                        hit = s;
        }
        return hit;
}

static void check_fail_close(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        const struct unit *fw = NULL;
        bool any_installed = false, early, net_requires = true, net_any = false;

        if (check_fact_error(c, f->units.err, "the systemd units"))
                return;
        for (size_t i = 0; i < ARRAY_SIZE(firewall_units); i++) {
                const struct unit *u = facts_unit(f, firewall_units[i]);
                if (!u || !u->path)
                        continue;
                any_installed = true;
                check_evidence_file(c, u->path, "%s: %s%s", u->name, u->enabled ? "enabled" : "not enabled", u->masked ? ", masked" : "");
                if (u->enabled && !fw)
                        fw = u;
        }
        if (!any_installed) {
                check_fail(c, "no firewall service is installed: nothing closes the device at boot");
                check_action(c, "Install Bulwark's fail-close units (bulwark firewall install-units).");
                return;
        }
        if (!fw) {
                check_fail(c, "the firewall service is installed but not enabled: the device boots open");
                check_action(c, "Enable the firewall units so a default-drop ruleset loads before the network (bulwark firewall install-units).");
                return;
        }
        for (size_t i = 0; i < fw->n_settings; i++)
                if (!streq_ptr(fw->settings[i].source, fw->path) && streq(fw->settings[i].section, "Unit"))
                        check_evidence_file(c, fw->settings[i].source, "drop-in: %s=%s", fw->settings[i].key, fw->settings[i].value);
        early = unit_has_word(fw, "Unit", "Before", "network-pre.target") &&
                (unit_has_word(fw, "Unit", "Wants", "network-pre.target") || unit_has_word(fw, "Unit", "Requires", "network-pre.target"));
        for (size_t i = 0; i < ARRAY_SIZE(network_units); i++) {
                const struct unit *n = facts_unit(f, network_units[i]);
                bool req = false;

                if (!n || !n->enabled)
                        continue;
                net_any = true;
                for (size_t k = 0; k < ARRAY_SIZE(firewall_units); k++)
                        if (unit_has_word(n, "Unit", "Requires", firewall_units[k]) || unit_has_word(n, "Unit", "BindsTo", firewall_units[k]))
                                req = true;
                check_evidence(c, "unit", n->path, "%s %s the firewall", n->name, req ? "Requires=" : "does not require");
                if (!req)
                        net_requires = false;
        }
        if (!early) {
                check_fail(c, "%s is not ordered Before= and Wants= network-pre.target: interfaces can come up before the ruleset", fw->name);
                check_action(c, "Order the firewall Before=network-pre.target with Wants=network-pre.target and DefaultDependencies=no.");
        }
        if (flushes_on_stop(fw)) {
                check_evidence_file(c, flushes_on_stop(fw)->source, "ExecStop=%s", flushes_on_stop(fw)->value);
                check_fail(c, "stopping %s flushes the ruleset: the device is open while it is stopped", fw->name);
                check_action(c, "Remove the flushing ExecStop (stopping must leave a drop-all ruleset).");
        }
        if (net_any && !net_requires) {
                check_fail(c, "network bring-up units do not Requires= the firewall, so a failed load leaves the network up without it");
                check_action(c, "Add Requires= and After= on the firewall to the network units in a drop-in.");
        }
        /* Offline, what the unit loads at boot must load (collect-ruleset.c): a unit that starts and loads nothing closes nothing. */
        if (!f->live && f->ruleset.err == -EOPNOTSUPP && f->ruleset.undecided)
                check_manual(c, "the ruleset %s loads at boot is not decided: %s", fw->name, f->ruleset.undecided);
        else if (!f->live && (f->ruleset.err == -ENOENT || f->ruleset.err == -EBADMSG)) {
                check_evidence(c, "ruleset", f->ruleset.path, "%s", strempty(f->ruleset.error_text ?: f->ruleset.boot));
                check_fail(c, "%s starts at boot but no ruleset loads: %s", fw->name, strempty(f->ruleset.error_text ?: f->ruleset.boot));
                check_action(c, "Make the unit load a ruleset nft accepts (nft -c -f FILE).");
        }
        if (early && !flushes_on_stop(fw) && (!net_any || net_requires))
                check_pass(c, "%s loads before network-pre.target, the network requires it, and stopping never flushes", fw->name);
}

static void check_no_iif(struct check_ctx *c)
{
        _cleanup_strv_free_ char **uses = NULL;

        if (!ruleset_available(c, "nothing to load at boot"))
                return;
        uses = ruleset_iif_uses(c->facts->ruleset.json);
        for (size_t i = 0; uses[i]; i++)
                check_evidence(c, "ruleset", NULL, "matches by interface index: %s", uses[i]);
        if (uses[0]) {
                check_fail(c, "rules match real interfaces with iif/oif, which fails to load while the interface is absent at early boot");
                check_action(c, "Use iifname/oifname instead of iif/oif.");
        } else
                check_pass(c, "no rule matches a real interface by index (iif/oif); names are used, which load at early boot");
}

/* ---- CR 5.3 / NDR 5.3 ---- */

static void check_p2p_services(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        unsigned found = 0, undecided = 0;
        const char *first_undecided = NULL;

        if (check_fact_error(c, f->packages.err, "the dpkg database"))
                return;
        /* By port and protocol: what configuration says is served there, whatever the program. */
        for (size_t i = 0; i < f->services.n; i++) {
                const struct service_port *sp = &f->services.v[i];
                const struct p2p_port *p = p2p_port_find((uint8_t) sp->proto, sp->port);
                const char *proto = sp->proto == IPPROTO_TCP ? "tcp" : "udp";

                if (!p)
                        continue;
                if (sp->starts > 0) {
                        found++;
                        check_evidence(c, "config", sp->source, "%s: %s/%u (%s), and %s starts at boot (%s)", sp->what, proto, sp->port, p->service,
                                       sp->server, strna(sp->starts_why));
                } else if (sp->starts < 0) {
                        if (!undecided++)
                                first_undecided = sp->what;
                        check_evidence(c, "config", sp->source, "%s: %s/%u (%s); whether %s starts at boot is undecided", sp->what, proto, sp->port,
                                       p->service, sp->server);
                } else
                        check_evidence(c, "config", sp->source, "%s: %s/%u (%s), but %s does not start at boot", sp->what, proto, sp->port,
                                       p->service, sp->server);
        }
        /* By name: a server counts when one of its units starts; a client by being installed. */
        for (const struct p2p_package *p = p2p_packages; p->package; p++) {
                const struct package *pkg = facts_package(f, p->package);
                bool any_unit = false;

                if (!pkg)
                        continue;
                check_evidence(c, "package", "/var/lib/dpkg/status", "%s %s installed (%s)", pkg->name, strempty(pkg->version), p->what);
                if (!p->units[0]) {
                        found++;
                        continue;
                }
                for (size_t k = 0; k < ARRAY_SIZE(p->units) && p->units[k]; k++) {
                        const struct unit *u = facts_unit(f, p->units[k]);
                        const char *why = NULL;
                        int st;

                        if (!u)
                                continue;
                        any_unit = true;
                        st = facts_unit_starts(f, p->units[k], &why);
                        if (st > 0) {
                                found++;
                                check_evidence(c, "unit", u->path, "%s starts at boot (%s; %s)", u->name, p->what, strna(why));
                        } else if (st < 0) {
                                if (!undecided++)
                                        first_undecided = u->name;
                                check_evidence(c, "unit", u->path, "whether %s starts at boot is undecided (%s)", u->name, strna(why));
                        } else
                                check_evidence(c, "unit", u->path, "%s does not start at boot", u->name);
                }
                /* CR 5.3 asks the restriction shown: a server installed without a unit that shows it stays off counts. */
                if (!any_unit) {
                        found++;
                        check_evidence(c, "package", "/var/lib/dpkg/status", "%s is installed and none of its units (%s) was found to show that it does not start",
                                       p->package, p->units[0]);
                }
        }
        for (size_t i = 0; i < f->sockets.n; i++) {
                const struct listen_socket *s = &f->sockets.v[i];
                const struct p2p_port *p = p2p_port_find((uint8_t) s->proto, s->port);
                if (!p)
                        continue;
                found++;
                check_evidence(c, "socket", NULL, "%s %s:%u listening (%s)%s%s", s->proto == IPPROTO_TCP ? "tcp" : "udp", s->addr, s->port,
                               p->service, s->process ? ", process " : "", strempty(s->process));
        }
        if (found) {
                check_fail(c, "general-purpose messaging software is installed and not shown to stay off, starts at boot or is listening (%u finding%s)", found,
                           found == 1 ? "" : "s");
                check_action(c, "Remove mail, chat, IRC, XMPP, SIP and Matrix software from the device image (e.g. apt-get purge exim4-base) and keep their ports dropped.");
        } else if (undecided) {
                check_manual(c, "whether a messaging service starts at boot could not be decided: %s", first_undecided);
                check_action(c, "Remove the messaging software, or show that it does not start at boot.");
        } else {
                /* What the absence rests on (issue 13: a pass names what it examined). */
                check_evidence(c, "package", "/var/lib/dpkg/status", "none of the messaging servers Bulwark lists starts at boot among %zu "
                               "units and %zu service listeners, and none of its messaging clients among %zu installed packages%s",
                               f->units.n, f->services.n, f->packages.n, f->live ? "; no socket on a messaging port" : "");
                check_pass(c, "no mail, chat, IRC, XMPP, SIP or Matrix service starts at boot%s, and no messaging client is installed",
                           f->live ? " or listens" : "");
        }
}

static void check_p2p_ports(struct check_ctx *c)
{
        _cleanup_strv_free_ char **open = NULL;
        unsigned n = 0;

        if (!ruleset_available(c, "nothing drops the messaging ports"))
                return;
        open = xmalloc0(sizeof(char *));
        if (ruleset_input_port(c->facts->ruleset.json, IPPROTO_TCP, 25) == RS_NO_CHAINS) {
                check_fail(c, "no input chain exists: every person-to-person messaging port is open");
                check_action(c, "Load a default-drop input policy (bulwark firewall), which drops the messaging ports.");
                return;
        }
        for (const struct p2p_port *p = p2p_ports; p->service; p++, n++)
                if (ruleset_input_port(c->facts->ruleset.json, p->proto, p->port) != RS_DROP)
                        strv_consume(&open, xasprintf("%s/%u (%s)", p->proto == IPPROTO_TCP ? "tcp" : "udp", p->port, p->service));
        for (size_t i = 0; open[i]; i++)
                check_evidence(c, "ruleset", NULL, "a new connection to %s can be accepted", open[i]);
        if (open[0]) {
                check_fail(c, "%zu of %u person-to-person messaging ports are not dropped", strv_length(open), n);
                check_action(c, "Drop the messaging ports on input (a default-drop policy does this; see bulwark firewall).");
        } else
                check_pass(c, "all %u person-to-person messaging ports are dropped on input", n);
}

const struct check_def checks_fr5[] = {
        { .id = "network-segmentation", .title = "Interfaces and zones the firewall names", .reqs = { "CR 5.1" }, .run = check_segmentation, .facts = FACTS_NETIFS | FACTS_RULESET },
        { .id = "forward-path-filtered", .title = "Forwarded traffic is filtered", .reqs = { "CR 5.2", "NDR 5.2" }, .run = check_forward_filtered, .facts = FACTS_NETIFS | FACTS_SYSCTL | FACTS_RULESET,
          .offline = "whether the device forwards from the sysctl.d files systemd-sysctl applies (/etc, /run, /usr/local/lib, /usr/lib, /lib; same-named files replaced, /dev/null masks, file-name order, last assignment wins; ip_forward, conf.all/default/per-interface forwarding, IPv6 all.forwarding and force_forwarding, globs), systemd-networkd's IPForward= in .network files when networkd starts at boot, and bridges in the network configuration; if it does, the forward hook of /etc/nftables.conf loaded into a throwaway namespace.",
          .live = "forwarding from /proc/sys/net/ipv4/conf/*/forwarding and /proc/sys/net/ipv6/conf/all/forwarding and bridges in /sys/class/net; if it forwards, the forward hook of the ruleset loaded in the kernel.",
          .manual = "never for forwarding: unknown forwarding counts as forwarding, so the forward path must be shown filtered (a glob set to 0 is not taken to turn forwarding off)." },
        { .id = "default-deny", .title = "Default-drop with explicit accepts", .reqs = { "NDR 5.2 RE(1)" }, .run = check_default_deny, .facts = FACTS_RULESET },
        { .id = "fail-close-boot", .title = "Firewall closes the device at boot and on failure", .reqs = { "NDR 5.2 RE(3)" }, .run = check_fail_close, .facts = FACTS_UNITS | FACTS_RULESET | FACTS_FIREWALL },
        { .id = "no-iif-rules", .title = "No iif/oif on real interfaces", .reqs = { "NDR 5.2 RE(3)" }, .run = check_no_iif, .facts = FACTS_RULESET },
        { .id = "p2p-services-absent", .title = "No person-to-person messaging services", .reqs = { "CR 5.3", "NDR 5.3" }, .run = check_p2p_services,
          .facts = FACTS_PACKAGES | FACTS_UNITS | FACTS_SOCKETS | FACTS_SERVICES,
          .offline = "Configured listeners on the messaging ports (mail 25/110/143/465/587/993/995, IRC 194/6667/6697, XMPP 5222/5223/5269, "
                     "SIP 5060/5061, Matrix 8448, ...) from socket units, inetd/xinetd when an inetd daemon starts and the web servers' listen "
                     "directives, counted when what serves them starts at boot; the units of known messaging servers (an installed server "
                     "counts unless its unit is shown not to start); messaging clients by package.",
          .live = "The same, and every socket listening on a messaging port (/proc/net).",
          .manual = "When whether a messaging server's unit (or a unit serving a messaging port) starts at boot is undecided; a server "
                    "installed with none of its units found fails, as nothing shows it stays off." },
        { .id = "p2p-ports-dropped", .title = "Messaging ports dropped", .reqs = { "CR 5.3", "NDR 5.3" }, .run = check_p2p_ports, .facts = FACTS_RULESET },
        {}
};
