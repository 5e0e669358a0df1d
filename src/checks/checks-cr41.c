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

static bool loopback_addr(const char *a) { return startswith(a, "127.") || streq(a, "::1"); }

static void check_plaintext_services(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        unsigned enabled = 0, installed = 0;

        if (check_fact_error(c, f->packages.err, "the dpkg database") ||
            check_fact_error(c, f->inetd.err, "the inetd configuration"))
                return;
        for (size_t i = 0; i < ARRAY_SIZE(plaintext_services); i++) {
                const struct plaintext_service *p = &plaintext_services[i];

                for (size_t k = 0; k < ARRAY_SIZE(p->packages) && p->packages[k]; k++) {
                        const struct package *pkg = facts_package(f, p->packages[k]);
                        if (pkg) {
                                installed++;
                                check_evidence(c, "package", "/var/lib/dpkg/status", "%s %s installed (%s)", pkg->name, strempty(pkg->version), p->name);
                        }
                }
                for (size_t k = 0; k < ARRAY_SIZE(p->units) && p->units[k]; k++) {
                        const struct unit *u = facts_unit(f, p->units[k]);
                        if (u && u->enabled) {
                                enabled++;
                                check_evidence(c, "unit", u->path, "%s enabled (%s)", u->name, p->name);
                        }
                }
                for (size_t k = 0; k < ARRAY_SIZE(p->inetd) && p->inetd[k]; k++)
                        if (strv_contains(f->inetd.services, p->inetd[k])) {
                                enabled++;
                                check_evidence(c, "file", f->inetd.source, "inetd starts %s (%s)", p->inetd[k], p->name);
                        }
                for (size_t k = 0; k < f->sockets.n; k++) {
                        const struct listen_socket *s = &f->sockets.v[k];
                        if (s->proto != p->proto || s->port != p->port || loopback_addr(s->addr))
                                continue;
                        enabled++;
                        check_evidence(c, "socket", NULL, "%s %s:%u listening (%s)%s%s", s->proto == IPPROTO_TCP ? "tcp" : "udp",
                                       s->addr, s->port, p->name, s->process ? ", process " : "", strempty(s->process));
                }
        }
        if (enabled) {
                check_fail(c, "%u plaintext remote service%s enabled or listening", enabled, enabled == 1 ? " is" : "s are");
                check_action(c, "Disable or remove plaintext services (telnet, ftp, rsh, tftp, plain http/mqtt); offer SSH, HTTPS and MQTT over TLS instead.");
        } else
                check_pass(c, "no plaintext remote service is enabled%s%s", f->live ? " or listening on a network address" : "",
                           installed ? " (some are installed but not enabled)" : "");
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
        } else if (f->live)
                check_pass(c, "no DHCPv4 client starts at boot and no socket is bound to UDP port 68");
        else
                check_pass(c, "no DHCPv4 client starts at boot (systemd-networkd, ifupdown, NetworkManager, dhclient/dhcpcd/udhcpc/connman units)");
}

const struct check_def checks_cr41[] = {
        { .id = "tls-ssh-stack-present", .title = "TLS and SSH stack installed", .reqs = { "CR 4.1" }, .run = check_tls_ssh_stack, .facts = FACTS_PACKAGES },
        { .id = "plaintext-services", .title = "No plaintext remote services", .reqs = { "CR 4.1" }, .run = check_plaintext_services, .facts = FACTS_PACKAGES | FACTS_UNITS | FACTS_INETD | FACTS_SOCKETS },
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
