/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <netinet/in.h>
#include <sys/socket.h>

#include "collect.h"
#include "cursor.h"
#include "hash.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

#define PROC_NET_MAX (16u * 1024 * 1024)
#define PROCS_MAX 32768
#define FDS_PER_PROC_MAX 4096
#define DHCP_EVIDENCE_MAX 32

/* ---- listening sockets (live only) ---- */

/* /proc lists processes by ascending pid; sorting the names as numbers keeps that order (the first owner wins). */
static int cmp_pid(const void *a, const void *b)
{
        unsigned long x = strtoul(*(char *const *) a, NULL, 10), y = strtoul(*(char *const *) b, NULL, 10);

        return x < y ? -1 : x > y;
}

static void map_socket_owners(struct facts *f)
{
        _cleanup_strv_free_ char **procs = NULL;

        /* A cut listing is no cap of the facts: an owner is evidence, never a verdict. */
        if (root_list_dir(f->root, "/proc", PROCS_MAX, &procs) < 0)
                return;
        qsort(procs, strv_length(procs), sizeof(char *), cmp_pid);
        for (size_t p = 0; procs[p]; p++) {
                _cleanup_free_ char *fddir = NULL, *comm = NULL;
                _cleanup_strv_free_ char **fds = NULL;

                if (procs[p][0] < '1' || procs[p][0] > '9')
                        continue;
                fddir = xasprintf("/proc/%s/fd", procs[p]);
                if (root_list_dir(f->root, fddir, FDS_PER_PROC_MAX, &fds) < 0)
                        continue;
                for (size_t d = 0; fds[d]; d++) {
                        _cleanup_free_ char *fdpath = xasprintf("%s/%s", fddir, fds[d]), *target = NULL;
                        unsigned long ino;

                        if (root_readlink(f->root, fdpath, &target) < 0)
                                continue;
                        if (sscanf(target, "socket:[%lu]", &ino) != 1)
                                continue;
                        for (size_t i = 0; i < f->sockets.n; i++) {
                                if (f->sockets.v[i].inode != ino || f->sockets.v[i].process)
                                        continue;
                                if (!comm) {
                                        _cleanup_free_ char *path = xasprintf("/proc/%s/comm", procs[p]);
                                        if (root_read_file(f->root, path, 256, &comm, NULL) < 0)
                                                comm = xstrdup("?");
                                        comm[strcspn(comm, "\n")] = 0;
                                }
                                f->sockets.v[i].process = xstrdup(comm);
                        }
                }
        }
}

static void collect_sockets(struct facts *f, const struct collect_options *o)
{
        static const struct {
                const char *path;
                int family, proto;
        } tables[] = {
                { "/proc/net/tcp", AF_INET, IPPROTO_TCP },
                { "/proc/net/tcp6", AF_INET6, IPPROTO_TCP },
                { "/proc/net/udp", AF_INET, IPPROTO_UDP },
                { "/proc/net/udp6", AF_INET6, IPPROTO_UDP },
        };

        if (!f->live) {
                f->sockets.err = -ENODATA;
                return;
        }
        for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
                _cleanup_free_ char *buf = NULL;
                size_t len;
                int k = root_read_file(f->root, tables[i].path, PROC_NET_MAX, &buf, &len);

                if (k == -EFBIG)
                        facts_note_cap(f, "%s is larger than %u bytes (PROC_NET_MAX) and was not read", tables[i].path, PROC_NET_MAX);

                if (k == -ENOENT)
                        continue; /* no IPv6 in this kernel */
                if (k >= 0)
                        k = collect_parsed(f, proc_net_parse(buf, len, tables[i].family, tables[i].proto, &f->sockets.v, &f->sockets.n), tables[i].path);
                if (k < 0) {
                        f->sockets.err = k;
                        return;
                }
        }
        map_socket_owners(f);
}

/* ---- interfaces ---- */

static void add_netif(struct facts *f, const char *name, const char *kind, const char *source)
{
        for (size_t i = 0; i < f->netifs.n; i++)
                if (streq(f->netifs.v[i].name, name))
                        return;
        f->netifs.v = xreallocarray(f->netifs.v, f->netifs.n + 1, sizeof(*f->netifs.v));
        f->netifs.v[f->netifs.n++] = (struct netif){ .name = xstrdup(name), .kind = xstrdup(kind), .source = xstrdup(source) };
}

static const char *live_kind(struct facts *f, const char *name)
{
        _cleanup_free_ char *p = NULL, *type = NULL, *uevent = NULL;

        if (streq(name, "lo"))
                return "loopback";
        p = xasprintf("/sys/class/net/%s/bridge", name);
        if (root_exists(f->root, p))
                return "bridge";
        free(p);
        p = xasprintf("/sys/class/net/%s/bonding", name);
        if (root_exists(f->root, p))
                return "bond";
        free(p);
        p = xasprintf("/sys/class/net/%s/wireless", name);
        if (root_exists(f->root, p))
                return "wireless";
        free(p);
        p = xasprintf("/sys/class/net/%s/uevent", name);
        if (root_read_file(f->root, p, 4096, &uevent, NULL) >= 0) {
                if (strstr(uevent, "DEVTYPE=vlan"))
                        return "vlan";
                if (strstr(uevent, "DEVTYPE=bridge"))
                        return "bridge";
        }
        free(p);
        p = xasprintf("/sys/class/net/%s/tun_flags", name);
        if (root_exists(f->root, p))
                return "tun";
        free(p);
        p = xasprintf("/sys/class/net/%s/device", name);
        return root_exists(f->root, p) ? "ether" : "virtual";
}

static void collect_netifs_offline(struct facts *f)
{
        _cleanup_free_ char *buf = NULL;
        _cleanup_strv_free_ char **l = NULL;
        size_t len;

        /* ifupdown: "iface NAME inet ..." with vlan-raw-device / bridge_ports. */
        if (collect_read(f, "/etc/network/interfaces", &buf, &len) >= 0) {
                struct cursor c = cursor_make(buf, len);
                struct slice line, w, name = {};
                while (cursor_line(&c, &line)) {
                        struct slice s = line;
                        if (!slice_word(&s, &w))
                                continue;
                        if (slice_eq(w, "iface") && slice_word(&s, &name)) {
                                _cleanup_free_ char *n = slice_dup(name);
                                const char *kind = streq(n, "lo") ? "loopback" : strchr(n, '.') || startswith(n, "vlan") ? "vlan" : startswith(n, "br") ? "bridge" : "ether";
                                add_netif(f, n, kind, "/etc/network/interfaces");
                        }
                }
        }
        /* systemd-networkd .netdev files declare virtual devices with Kind=. */
        if (facts_list_dir(f, "/etc/systemd/network", 1024, &l) >= 0)
                for (size_t i = 0; l[i]; i++) {
                        _cleanup_free_ char *path = NULL, *nb = NULL;
                        struct unit_setting *s = NULL;
                        size_t n = 0, nlen;
                        const char *kind = NULL, *name = NULL;

                        if (!endswith(l[i], ".netdev"))
                                continue;
                        path = xasprintf("/etc/systemd/network/%s", l[i]);
                        if (collect_read(f, path, &nb, &nlen) < 0 || collect_parsed(f, unit_file_parse(nb, nlen, path, &s, &n), path) < 0)
                                continue;
                        for (size_t k = 0; k < n; k++) {
                                /* WireGuard keys: in the file itself, or in the file it names. */
                                if ((streq(s[k].key, "PrivateKey") || streq(s[k].key, "PresharedKey")))
                                        facts_mark_sensitive(f, path, "WireGuard key in a systemd-networkd .netdev file");
                                if ((streq(s[k].key, "PrivateKeyFile") || streq(s[k].key, "PresharedKeyFile")) && s[k].value && s[k].value[0] == '/')
                                        facts_mark_sensitive(f, s[k].value, "WireGuard key file named in a systemd-networkd .netdev file");
                                if (streq(s[k].section, "NetDev") && streq(s[k].key, "Kind"))
                                        kind = s[k].value;
                                if (streq(s[k].section, "NetDev") && streq(s[k].key, "Name"))
                                        name = s[k].value;
                        }
                        if (name && kind)
                                add_netif(f, name, kind, path);
                        unit_settings_free(s, n);
                }
}

static void collect_netifs(struct facts *f)
{
        _cleanup_strv_free_ char **l = NULL;

        if (f->live && facts_list_dir(f, "/sys/class/net", 4096, &l) >= 0)
                for (size_t i = 0; l[i]; i++)
                        add_netif(f, l[i], live_kind(f, l[i]), "/sys/class/net");
        collect_netifs_offline(f);
}

/* ---- sysctl: forwarding ---- */

/* Applies one parsed sysctl file: the forwarding keys, later files overriding earlier ones. */
static void sysctl_apply(struct facts *f, char **kv)
{
        const char *v;

        if ((v = env_get(kv, "net.ipv4.ip_forward")))
                f->sysctl.ip_forward = !streq(v, "0");
        if ((v = env_get(kv, "net.ipv6.conf.all.forwarding")))
                f->sysctl.ipv6_forwarding = !streq(v, "0");
}

static void collect_sysctl(struct facts *f)
{
        static const char *const dirs[] = { "/usr/lib/sysctl.d", "/lib/sysctl.d", "/run/sysctl.d", "/etc/sysctl.d" };
        _cleanup_free_ char *buf = NULL;
        size_t len;
        int k;

        f->sysctl.ip_forward = f->sysctl.ipv6_forwarding = -1;
        if (f->live) {
                _cleanup_free_ char *v4 = NULL, *v6 = NULL;
                if (root_read_file(f->root, "/proc/sys/net/ipv4/ip_forward", 64, &v4, NULL) >= 0)
                        f->sysctl.ip_forward = v4[0] == '1';
                if (root_read_file(f->root, "/proc/sys/net/ipv6/conf/all/forwarding", 64, &v6, NULL) >= 0)
                        f->sysctl.ipv6_forwarding = v6[0] == '1';
                f->sysctl.source = xstrdup("/proc/sys/net");
                return;
        }
        /* Offline: the files systemd-sysctl would apply, later ones winning; unset means the kernel default, off. */
        f->sysctl.ip_forward = f->sysctl.ipv6_forwarding = 0;
        for (size_t d = 0; d < ARRAY_SIZE(dirs); d++) {
                _cleanup_strv_free_ char **l = NULL;
                if (facts_list_dir(f, dirs[d], 1024, &l) < 0)
                        continue;
                for (size_t i = 0; l[i]; i++) {
                        _cleanup_free_ char *path = NULL, *b = NULL;
                        _cleanup_strv_free_ char **kv = NULL;
                        size_t bl;

                        if (!endswith(l[i], ".conf"))
                                continue;
                        path = xasprintf("%s/%s", dirs[d], l[i]);
                        k = collect_read(f, path, &b, &bl);
                        if (k >= 0)
                                k = collect_parsed(f, sysctl_conf_parse(b, bl, &kv), path);
                        if (k < 0) {
                                if (k != -ENOENT && !f->sysctl.err) {
                                        f->sysctl.err = k;
                                        f->sysctl.err_path = xstrdup(path);
                                }
                                continue;
                        }
                        sysctl_apply(f, kv);
                }
        }
        k = collect_read(f, "/etc/sysctl.conf", &buf, &len);
        if (k >= 0) {
                _cleanup_strv_free_ char **kv = NULL;
                k = collect_parsed(f, sysctl_conf_parse(buf, len, &kv), "/etc/sysctl.conf");
                if (k >= 0)
                        sysctl_apply(f, kv);
        }
        if (k < 0 && k != -ENOENT && !f->sysctl.err) {
                f->sysctl.err = k;
                f->sysctl.err_path = xstrdup("/etc/sysctl.conf");
        }
        f->sysctl.source = xstrdup("sysctl.conf and sysctl.d (kernel default off when unset)");
}

/* ---- DHCP client ---- */

static void collect_dhcp(struct facts *f)
{
        static const struct {
                const char *package, *client;
        } clients[] = {
                { "isc-dhcp-client", "dhclient" },
                { "dhcpcd-base", "dhcpcd" },
                { "dhcpcd5", "dhcpcd" },
                { "dhcpcd", "dhcpcd" },
                { "udhcpc", "udhcpc" },
                { "busybox-udhcpc", "udhcpc" },
                { "network-manager", "NetworkManager" },
                { "connman", "connman" },
        };
        _cleanup_free_ char *buf = NULL;
        _cleanup_strv_free_ char **l = NULL;
        size_t len;

        f->dhcp.clients = xmalloc0(sizeof(char *));
        f->dhcp.configured = xmalloc0(sizeof(char *));
        for (size_t i = 0; i < ARRAY_SIZE(clients); i++)
                if (facts_package(f, clients[i].package) && !strv_contains(f->dhcp.clients, clients[i].client))
                        strv_push(&f->dhcp.clients, clients[i].client);

        if (collect_read(f, "/etc/network/interfaces", &buf, &len) >= 0) {
                struct cursor c = cursor_make(buf, len);
                struct slice line;
                while (cursor_line(&c, &line)) {
                        struct slice s = slice_strip(line), w[4];
                        size_t n = 0;
                        while (n < 4 && slice_word(&s, &w[n]))
                                n++;
                        if (n == 4 && slice_eq(w[0], "iface") && slice_eq(w[3], "dhcp") && strv_length(f->dhcp.configured) < DHCP_EVIDENCE_MAX)
                                strv_consume(&f->dhcp.configured, xasprintf("/etc/network/interfaces: %.*s", (int) line.len, line.p));
                }
        }
        if (facts_list_dir(f, "/etc/systemd/network", 1024, &l) >= 0)
                for (size_t i = 0; l[i]; i++) {
                        _cleanup_free_ char *path = NULL, *nb = NULL;
                        struct unit_setting *s = NULL;
                        size_t n = 0, nlen;

                        if (!endswith(l[i], ".network"))
                                continue;
                        path = xasprintf("/etc/systemd/network/%s", l[i]);
                        if (collect_read(f, path, &nb, &nlen) < 0 || collect_parsed(f, unit_file_parse(nb, nlen, path, &s, &n), path) < 0)
                                continue;
                        for (size_t k = 0; k < n; k++)
                                if (streq(s[k].section, "Network") && streq(s[k].key, "DHCP") && strv_length(f->dhcp.configured) < DHCP_EVIDENCE_MAX &&
                                    (streq(s[k].value, "yes") || streq(s[k].value, "ipv4") || streq(s[k].value, "true")))
                                        strv_consume(&f->dhcp.configured, xasprintf("%s: DHCP=%s", path, s[k].value));
                        unit_settings_free(s, n);
                }
        if (facts_package(f, "systemd") && f->dhcp.configured[0] && strstr(f->dhcp.configured[0], ".network"))
                if (!strv_contains(f->dhcp.clients, "systemd-networkd"))
                        strv_push(&f->dhcp.clients, "systemd-networkd");
}

static void collect_network(struct facts *f, const struct collect_options *o)
{
        f->collecting = FACTS_NETIFS;
        collect_netifs(f);
        f->collecting = FACTS_SYSCTL;
        collect_sysctl(f);
        f->collecting = FACTS_DHCP;
        collect_dhcp(f);
}

static void sockets_free(struct facts *f)
{
        for (size_t i = 0; i < f->sockets.n; i++)
                free(f->sockets.v[i].process);
        free(f->sockets.v);
}

static void network_free(struct facts *f)
{
        for (size_t i = 0; i < f->netifs.n; i++) {
                free(f->netifs.v[i].name);
                free(f->netifs.v[i].kind);
                free(f->netifs.v[i].source);
        }
        free(f->netifs.v);
        free(f->sysctl.source);
        free(f->sysctl.err_path);
        strv_free(f->dhcp.clients);
        strv_free(f->dhcp.configured);
}

const struct collector collector_sockets = {
        .name = "sockets",
        .area = FACTS_SOCKETS,
        .collect = collect_sockets,
        .free = sockets_free,
        .confine_after = true,
        .owns = { FACTS_MEMBER(sockets) },
};

const struct collector collector_network = {
        .name = "network",
        .area = FACTS_NETIFS,
        .collect = collect_network,
        .free = network_free,
        .owns = { FACTS_MEMBER(netifs), FACTS_MEMBER(sysctl), FACTS_MEMBER(dhcp) },
};
