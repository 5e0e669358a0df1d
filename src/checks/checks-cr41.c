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
        } else {
                /* What the absence rests on (issue 13: a pass names what it examined). */
                check_evidence(c, "package", "/var/lib/dpkg/status", "the plaintext servers Bulwark lists: none enabled among the units, "
                               "none started by inetd (%s)%s; %zu packages read", f->inetd.source ?: "no inetd configuration",
                               f->live ? ", no socket on their ports" : "", f->packages.n);
                check_pass(c, "no plaintext remote service is enabled%s%s", f->live ? " or listening on a network address" : "",
                           installed ? " (some are installed but not enabled)" : "");
        }
}

static void check_dhcp_port(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        bool listening = false, client = false;
        enum rs_verdict v = RS_NO_CHAINS;

        for (size_t i = 0; i < f->sockets.n; i++) {
                const struct listen_socket *s = &f->sockets.v[i];
                if (s->proto == IPPROTO_UDP && s->port == 68 && s->family == AF_INET) {
                        listening = true;
                        check_evidence(c, "socket", NULL, "udp %s:68 open%s%s", s->addr, s->process ? ", process " : "", strempty(s->process));
                }
        }
        for (size_t i = 0; f->dhcp.configured && f->dhcp.configured[i]; i++) {
                client = true;
                check_evidence(c, "file", NULL, "DHCP configured: %s", f->dhcp.configured[i]);
        }
        for (size_t i = 0; f->dhcp.clients && f->dhcp.clients[i]; i++)
                check_evidence(c, "package", "/var/lib/dpkg/status", "DHCP client installed: %s", f->dhcp.clients[i]);
        if (f->ruleset.json) {
                v = ruleset_input_port(f->ruleset.json, IPPROTO_UDP, 68);
                check_evidence(c, "ruleset", f->live ? "kernel" : "/etc/nftables.conf", "a new datagram to udp/68 is %s by the %s ruleset",
                               v == RS_DROP ? "dropped" : "accepted", f->live ? "loaded" : "configured");
        } else
                check_evidence(c, "ruleset", NULL, "no ruleset: %s", f->ruleset.err == -ENOENT ? "no /etc/nftables.conf" : strempty(f->ruleset.error_text));
        if (v == RS_DROP) {
                check_pass(c, "UDP port 68 is dropped by the firewall%s", listening || client ? " although a DHCP client is in use" : "");
                return;
        }
        if (listening) {
                check_fail(c, "UDP port 68 is open (a DHCP client listens) and no firewall rule drops it");
                check_action(c, "Use a static address and remove the DHCP client, or drop UDP 68 with nftables (bulwark firewall: dhcp-client = no).");
        } else if (client) {
                check_fail(c, "a DHCP client is configured, so UDP port 68 will be open, and no firewall rule drops it");
                check_action(c, "Configure a static address, or drop UDP 68 with nftables (bulwark firewall: dhcp-client = no).");
        } else if (!f->live)
                check_pass(c, "no DHCP client is configured in the image");
        else
                check_pass(c, "no socket listens on UDP port 68");
}

const struct check_def checks_cr41[] = {
        { .id = "tls-ssh-stack-present", .title = "TLS and SSH stack installed", .reqs = { "CR 4.1" }, .run = check_tls_ssh_stack, .facts = FACTS_PACKAGES,
          .offline = "The dpkg database of the tree: openssl or libssl3, and openssh-server or openssh-client, installed.",
          .live = "The dpkg database of the running device.",
          .manual = "Never: the packages are installed or not (a dpkg database that cannot be read is an error)." },
        { .id = "plaintext-services", .title = "No plaintext remote services", .reqs = { "CR 4.1" }, .run = check_plaintext_services, .facts = FACTS_PACKAGES | FACTS_UNITS | FACTS_INETD | FACTS_SOCKETS },
        { .id = "dhcp-client-port-closed", .title = "UDP 68 (DHCP client) closed or dropped", .reqs = { "CR 4.1" }, .run = check_dhcp_port, .facts = FACTS_PACKAGES | FACTS_SOCKETS | FACTS_DHCP | FACTS_RULESET },
        {}
};
