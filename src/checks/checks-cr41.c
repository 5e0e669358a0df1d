/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CR 4.1 Information confidentiality: in transit and at rest. */
#include <netinet/in.h>
#include <sys/socket.h>

#include "check.h"
#include "ruleset-eval.h"
#include "strv.h"

static void check_tls_ssh_stack(struct check_ctx *c)
{
        static const char *const wanted[] = { "openssl", "libssl3", "openssh-server", "openssh-client" };
        const struct facts *f = c->facts;
        bool tls = false, ssh = false;

        if (check_fact_error(c, f->packages.err, "the dpkg database"))
                return;
        for (size_t i = 0; i < ARRAY_SIZE(wanted); i++) {
                const struct package *p = facts_package(f, wanted[i]);
                if (!p)
                        continue;
                check_evidence(c, "package", "/var/lib/dpkg/status", "%s %s (%s)", p->name, strempty(p->version), strempty(p->arch));
                if (startswith(p->name, "libssl") || streq(p->name, "openssl"))
                        tls = true;
                else
                        ssh = true;
        }
        if (tls && ssh)
                check_pass(c, "TLS (OpenSSL) and SSH (OpenSSH) are installed for protection in transit");
        else {
                check_fail(c, "%s", !tls && !ssh ? "neither OpenSSL nor OpenSSH is installed" : !tls ? "OpenSSL (libssl) is not installed" : "OpenSSH is not installed");
                check_action(c, "Install openssl/libssl3 and openssh so that data in transit can be protected (CIP security image package set).");
        }
}

/* Remote services that carry data or credentials in clear text. */
static const struct plaintext_service {
        const char *name;
        const char *packages[4];
        const char *units[3];
        const char *inetd[3];
        uint8_t proto;
        uint16_t port;
} plaintext_services[] = {
        { "telnet", { "telnetd", "inetutils-telnetd", "telnetd-ssl" }, { "telnet.socket", "inetutils-telnetd.service" }, { "telnet" }, IPPROTO_TCP, 23 },
        { "ftp", { "vsftpd", "proftpd-basic", "pure-ftpd", "inetutils-ftpd" }, { "vsftpd.service", "proftpd.service", "pure-ftpd.service" }, { "ftp" }, IPPROTO_TCP, 21 },
        { "rsh/rlogin/rexec", { "rsh-server", "rsh-redone-server" }, { "rsh.socket", "rlogin.socket" }, { "shell", "login", "exec" }, IPPROTO_TCP, 514 },
        { "rlogin", {}, {}, {}, IPPROTO_TCP, 513 },
        { "rexec", {}, {}, {}, IPPROTO_TCP, 512 },
        { "tftp", { "tftpd-hpa", "tftpd", "atftpd" }, { "tftpd-hpa.service", "atftpd.service" }, { "tftp" }, IPPROTO_UDP, 69 },
        { "http (no TLS)", {}, {}, {}, IPPROTO_TCP, 80 },
        { "http-alt (no TLS)", {}, {}, {}, IPPROTO_TCP, 8080 },
        { "mqtt (no TLS)", {}, {}, {}, IPPROTO_TCP, 1883 },
        { "snmp v1/v2c", { "snmpd" }, { "snmpd.service" }, {}, IPPROTO_UDP, 161 },
        { "vnc", { "x11vnc", "tigervnc-standalone-server" }, {}, {}, IPPROTO_TCP, 5900 },
        { "modbus/tcp (no TLS)", {}, {}, {}, IPPROTO_TCP, 502 },
};

static bool loopback_addr(const char *a) { return a && (startswith(a, "127.") || streq(a, "::1") || streq(a, "localhost")); }

static const struct plaintext_service *plaintext_by_port(int proto, uint16_t port)
{
        for (size_t i = 0; i < ARRAY_SIZE(plaintext_services); i++)
                if (plaintext_services[i].proto == proto && plaintext_services[i].port == port)
                        return &plaintext_services[i];
        return NULL;
}

/* How a finding of the exposure checks is counted: started, undecided, or only configured. */
struct exposure_tally {
        unsigned found, undecided;
        const char *first_undecided;
        char **servers;   /* units already counted, so a unit found by port and by name counts once */
};

static void tally_port(struct check_ctx *c, struct exposure_tally *t, const struct service_port *sp, const char *name)
{
        const char *proto = sp->proto == IPPROTO_TCP ? "tcp" : "udp";

        if (sp->starts > 0) {
                t->found++;
                if (!strv_contains(t->servers, sp->server))
                        strv_push(&t->servers, sp->server);
                check_evidence(c, "config", sp->source, "%s: %s/%u%s%s (%s), and %s starts at boot (%s)", sp->what, proto, sp->port,
                               sp->addr ? " on " : " on every address", strempty(sp->addr), name, sp->server, strna(sp->starts_why));
        } else if (sp->starts < 0) {
                if (!t->undecided++)
                        t->first_undecided = sp->what;
                check_evidence(c, "config", sp->source, "%s: %s/%u (%s); whether %s starts at boot is undecided (%s)", sp->what, proto, sp->port,
                               name, sp->server, strna(sp->starts_why));
        } else
                check_evidence(c, "config", sp->source, "%s: %s/%u (%s), but %s does not start at boot", sp->what, proto, sp->port, name,
                               sp->starts_why ? sp->starts_why : sp->server);
}

static void tally_unit(struct check_ctx *c, struct exposure_tally *t, const char *unit, const char *name)
{
        const struct unit *u = facts_unit(c->facts, unit);
        const char *why = NULL;
        int s;

        if (!u || strv_contains(t->servers, unit))
                return;
        s = facts_unit_starts(c->facts, unit, &why);
        if (s > 0) {
                t->found++;
                strv_push(&t->servers, unit);
                check_evidence(c, "unit", u->path, "%s starts at boot (%s; %s)", unit, name, strna(why));
        } else if (s < 0) {
                if (!t->undecided++)
                        t->first_undecided = unit;
                check_evidence(c, "unit", u->path, "whether %s starts at boot is undecided (%s; %s)", unit, name, strna(why));
        } else
                check_evidence(c, "unit", u->path, "%s is installed but does not start at boot (%s)", unit, name);
}

static void check_plaintext_services(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        struct exposure_tally t = { .servers = xmalloc0(sizeof(char *)) };
        unsigned installed = 0, listening = 0;

        if (check_fact_error(c, f->packages.err, "the dpkg database") ||
            check_fact_error(c, f->inetd.err, "the inetd configuration"))
                goto out;
        /* What configuration says is served, by port and protocol, whatever the program is called. */
        for (size_t i = 0; i < f->services.n; i++) {
                const struct service_port *sp = &f->services.v[i];
                const struct plaintext_service *p = plaintext_by_port(sp->proto, sp->port);

                if (!p || sp->tls)
                        continue;
                if (loopback_addr(sp->addr)) {
                        check_evidence(c, "config", sp->source, "%s: %s/%u on the loopback only, not reachable from the network", sp->what,
                                       sp->proto == IPPROTO_TCP ? "tcp" : "udp", sp->port);
                        continue;
                }
                tally_port(c, &t, sp, p->name);
        }
        for (size_t i = 0; f->services.undecided && f->services.undecided[i]; i++) {
                if (!t.undecided++)
                        t.first_undecided = f->services.undecided[i];
                check_evidence(c, "config", NULL, "undecided: %s", f->services.undecided[i]);
        }
        /* By name: the units the servers ship; packages are hints and evidence only. */
        for (size_t i = 0; i < ARRAY_SIZE(plaintext_services); i++) {
                const struct plaintext_service *p = &plaintext_services[i];

                for (size_t k = 0; k < ARRAY_SIZE(p->packages) && p->packages[k]; k++) {
                        const struct package *pkg = facts_package(f, p->packages[k]);
                        if (pkg) {
                                installed++;
                                check_evidence(c, "package", "/var/lib/dpkg/status", "%s %s installed (%s)", pkg->name, strempty(pkg->version), p->name);
                        }
                }
                for (size_t k = 0; k < ARRAY_SIZE(p->units) && p->units[k]; k++)
                        tally_unit(c, &t, p->units[k], p->name);
                for (size_t k = 0; k < f->sockets.n; k++) {
                        const struct listen_socket *s = &f->sockets.v[k];
                        if (s->proto != p->proto || s->port != p->port || loopback_addr(s->addr))
                                continue;
                        listening++;
                        check_evidence(c, "socket", NULL, "%s %s:%u listening (%s)%s%s", s->proto == IPPROTO_TCP ? "tcp" : "udp",
                                       s->addr, s->port, p->name, s->process ? ", process " : "", strempty(s->process));
                }
        }
        if (t.found + listening) {
                check_fail(c, "%u plaintext remote service%s started at boot or listening", t.found + listening,
                           t.found + listening == 1 ? " is" : "s are");
                check_action(c, "Disable or remove plaintext services (telnet, ftp, rsh, tftp, plain http/mqtt); offer SSH, HTTPS and MQTT over TLS instead.");
        } else if (t.undecided) {
                check_manual(c, "whether a plaintext service is exposed could not be decided: %s", t.first_undecided);
                check_action(c, "Show that the undecided service does not start at boot, or put TLS on it.");
        } else {
                /* What the absence rests on (issue 13: a pass names what it examined). */
                check_evidence(c, "unit", NULL, "%zu units resolved, %zu service listeners read (socket units, inetd/xinetd when an inetd "
                               "daemon starts, mosquitto, web servers)%s: none on a plaintext port starts at boot", f->units.n, f->services.n,
                               f->live ? ", and no socket on those ports" : "");
                check_pass(c, "no plaintext remote service starts at boot%s (socket units, inetd/xinetd, mosquitto, web servers and the known units)%s",
                           f->live ? " or listens on a network address" : "", installed ? "; some are installed but not started" : "");
        }
out:
        strv_free(t.servers);
}

/*
 * A DHCPv4 client receives on a packet socket (AF_PACKET), which sees frames
 * before netfilter: a ruleset that drops udp dport 68 does not stop a running
 * client from parsing what arrives. So the port is closed only when no client
 * runs; the ruleset is evidence, never the verdict.
 */
static void check_dhcp_port(struct check_ctx *c)
{
        const struct facts *f = c->facts;

        for (size_t i = 0; f->dhcp.starting && f->dhcp.starting[i]; i++)
                check_evidence(c, "config", NULL, "DHCPv4 client starts: %s", f->dhcp.starting[i]);
        for (size_t i = 0; f->dhcp.undecided && f->dhcp.undecided[i]; i++)
                check_evidence(c, "config", NULL, "undecided: %s", f->dhcp.undecided[i]);
        for (size_t i = 0; f->dhcp.configured && f->dhcp.configured[i]; i++)
                check_evidence(c, "config", NULL, "%s", f->dhcp.configured[i]);
        for (size_t i = 0; f->dhcp.clients && f->dhcp.clients[i]; i++)
                check_evidence(c, "package", "/var/lib/dpkg/status", "DHCP client software installed: %s", f->dhcp.clients[i]);
        if (f->ruleset.json) {
                enum rs_verdict v = ruleset_input_port(f->ruleset.json, IPPROTO_UDP, 68);
                check_evidence(c, "ruleset", f->ruleset.source, "a new datagram to udp/68 is %s by the %s ruleset%s",
                               v == RS_DROP ? "dropped" : "accepted", f->live ? "loaded" : "boot",
                               v == RS_DROP ? ", which a DHCP client's packet socket receives anyway (it sees frames before netfilter)" : "");
        }
        if (f->dhcp.v4 > 0) {
                check_fail(c, "a DHCPv4 client runs at boot, so UDP port 68 is open: it receives on a packet socket, which an nftables drop of udp/68 does not filter");
                check_action(c, "Use static addressing and let no DHCP client start (systemd-networkd DHCP=no or ipv6, ifupdown inet static, "
                                "NetworkManager ipv4.method=manual with no-auto-default=*), or, where DHCP is needed, confine the client otherwise "
                                "(only on an interface of a trusted zone, from a trusted DHCP server) and record that as the residual risk; "
                                "a firewall rule for udp/68 alone does not close the port.");
        } else if (f->dhcp.v4 < 0) {
                check_manual(c, "whether a DHCPv4 client starts at boot could not be decided: %s", f->dhcp.undecided[0]);
                check_action(c, "Show that no DHCP client starts (static addressing), or resolve what the evidence names as undecided.");
        } else {
                /* What the absence rests on (issue 13: a pass names what it examined). */
                check_evidence(c, "unit", NULL, "%zu units resolved; networkd, ifupdown, NetworkManager and DHCP client units read: "
                               "none runs a DHCPv4 client at boot%s", f->units.n, f->live ? "; no socket bound to UDP 68" : "");
                if (f->live)
                        check_pass(c, "no DHCPv4 client starts at boot and no socket is bound to UDP port 68");
                else
                        check_pass(c, "no DHCPv4 client starts at boot (systemd-networkd, ifupdown, NetworkManager, dhclient/dhcpcd/udhcpc/connman units)");
        }
}

const struct check_def checks_cr41[] = {
        { .id = "tls-ssh-stack-present", .title = "TLS and SSH stack installed", .reqs = { "CR 4.1" }, .run = check_tls_ssh_stack, .facts = FACTS_PACKAGES,
          .offline = "The dpkg database of the tree: openssl or libssl3, and openssh-server or openssh-client, installed.",
          .live = "The dpkg database of the running device.",
          .manual = "Never: the packages are installed or not (a dpkg database that cannot be read is an error)." },
        { .id = "plaintext-services", .title = "No plaintext remote services", .reqs = { "CR 4.1" }, .run = check_plaintext_services,
          .facts = FACTS_PACKAGES | FACTS_UNITS | FACTS_INETD | FACTS_SOCKETS | FACTS_SERVICES,
          .offline = "The ports services are configured to listen on (socket units' ListenStream=/ListenDatagram=, /etc/inetd.conf and "
                     "/etc/xinetd.d counted only when an inetd daemon starts, mosquitto listeners and their TLS, apache2 Listen, nginx listen, "
                     "lighttpd server.port), matched by port and protocol against telnet 23, ftp 21, rexec/rlogin/rsh 512-514, tftp 69, http 80/8080, "
                     "mqtt 1883, snmp 161, vnc 5900, modbus 502, each counted when what serves it starts at boot; the units of known servers by name; "
                     "installed packages are evidence only.",
          .live = "The same, and every TCP/UDP socket listening on a non-loopback address on one of those ports (/proc/net).",
          .manual = "When whether a matching service starts at boot is undecided, or an inetd service's port cannot be found in /etc/services, "
                    "or lighttpd configuration comes from include_shell." },
        { .id = "dhcp-client-port-closed", .title = "UDP 68 (DHCP client) closed", .reqs = { "CR 4.1" }, .run = check_dhcp_port,
          .facts = FACTS_PACKAGES | FACTS_UNITS | FACTS_SOCKETS | FACTS_DHCP | FACTS_RULESET,
          .offline = "Whether a DHCPv4 client starts at boot: systemd-networkd .network files in every network directory with their drop-ins "
                     "(DHCP= as networkd parses it), /etc/network/interfaces with its source and source-directory includes (inet dhcp or bootp on "
                     "an auto or allow-hotplug interface), NetworkManager profiles and its automatic wired profile, and units running dhclient, dhcpcd, "
                     "udhcpc, pump or connman, each counted only when the unit that runs it starts at boot. A running client receives on a packet socket "
                     "that nftables does not filter, so it fails even when the boot ruleset drops udp/68 (that is shown as evidence).",
          .live = "The same from the running system's units and configuration, and any socket bound to UDP 68 (/proc/net/udp); "
                  "a drop rule for udp/68 in the loaded ruleset does not close the port while a client runs.",
          .manual = "When whether a client starts cannot be decided: a unit whose start at boot is undecided, an ifupdown mapping stanza, "
                    "an include pattern wordexp(3) would expand in ways not followed, or a configuration file that could not be read." },
        {}
};
