/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fnmatch.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>

#include "collect-services.h"
#include "collect.h"
#include "cursor.h"
#include "hash.h"
#include "macro.h"
#include "net-config.h"
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

/*
 * What systemd-sysctl applies at boot decides whether the device forwards:
 * sysctl.d files of every directory, a same-named file in an earlier
 * directory replacing a later one (a link to /dev/null masking it), all
 * sorted by file name; a later assignment of a key replaces an earlier one
 * and moves to the end of the order. Then the kernel's own rules: IPv4
 * forwards packets that arrive on an interface whose conf.IF.forwarding is
 * on; writing net.ipv4.ip_forward or conf.all.forwarding (one knob) sets
 * every interface and default when it changes the value; interfaces that
 * appear later take default, and udev re-applies each interface's own keys
 * as it shows up (99-systemd.rules), so a named interface ends with its own
 * last value. IPv6 forwards when conf.all.forwarding is on (per-interface
 * forwarding only switches host/router behaviour), or where an interface
 * has force_forwarding.
 */
static const char *const sysctl_dirs[] = { "/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d", "/usr/lib/sysctl.d", "/lib/sysctl.d" };

struct sysctl_opt {
        char *key, *value, *source;
};

static bool sysctl_value(const char *v, long *ret)
{
        char *end;
        long l;

        errno = 0;
        l = strtol(v, &end, 0); /* the kernel reads 0x1 and 010 too */
        if (errno || end == v)
                return false;
        while (*end == ' ' || *end == '\t' || *end == '\n')
                end++;
        if (*end)
                return false; /* the kernel refuses it: nothing is written */
        *ret = l;
        return true;
}

static bool is_glob(const char *k)
{
        return strpbrk(k, "*?[") != NULL;
}

/* The interface of net.ipv4.conf.IF.KEY (IF may hold '/' for '.'), or NULL. */
static char *conf_iface(const char *key, const char *family, const char *leaf)
{
        _cleanup_free_ char *prefix = xasprintf("net.%s.conf.", family);
        const char *p = startswith(key, prefix), *dot;

        if (!p || !(dot = strrchr(p, '.')) || !streq(dot + 1, leaf) || dot == p)
                return NULL;
        return xstrndup(p, (size_t) (dot - p));
}

static void forwarding_on(struct facts *f, const char *what)
{
        strv_push(&f->sysctl.forwarding, what);
}

/* Whether a glob writes key: keys with their own assignment or a "-KEY" exclusion are left out. */
static bool glob_writes(const char *glob, const char *key, const struct sysctl_opt *o, size_t n, char *const *excluded)
{
        if (fnmatch(glob, key, 0) != 0 || strv_contains(excluded, key))
                return false;
        for (size_t i = 0; i < n; i++)
                if (streq(o[i].key, key))
                        return false;
        return true;
}

static void sysctl_evaluate(struct facts *f, struct sysctl_opt *o, size_t n, char *const *excluded)
{
        /* Candidate keys for globs: which interfaces exist at boot is not in the tree. */
        static const char *const probe_ifaces[] = { "all", "default", "eth0", "eth1", "enp1s0", "end0", "wlan0", "br0", "lan0", "x" };
        long all4 = 0, dflt4 = 0, all6 = 0, v;

        for (size_t i = 0; i < n; i++) {
                const char *k = o[i].key;
                _cleanup_free_ char *if4 = NULL, *if6 = NULL, *ff6 = NULL;

                if (is_glob(k)) {
                        /* A glob writes every matching key that has no explicit assignment. On it
                         * counts as forwarding wherever it could match; off is not taken to turn
                         * anything off, as which interfaces it reaches is not known offline. */
                        bool v4 = false, v6;
                        if (!sysctl_value(o[i].value, &v) || v == 0)
                                continue;
                        v4 = glob_writes(k, "net.ipv4.ip_forward", o, n, excluded) || glob_writes(k, "net.ipv4.conf.all.forwarding", o, n, excluded);
                        v6 = glob_writes(k, "net.ipv6.conf.all.forwarding", o, n, excluded);
                        for (size_t j = 0; j < ARRAY_SIZE(probe_ifaces); j++) {
                                _cleanup_free_ char *a4 = xasprintf("net.ipv4.conf.%s.forwarding", probe_ifaces[j]);
                                _cleanup_free_ char *a6 = xasprintf("net.ipv6.conf.%s.force_forwarding", probe_ifaces[j]);
                                v4 = v4 || glob_writes(k, a4, o, n, excluded);
                                v6 = v6 || glob_writes(k, a6, o, n, excluded);
                        }
                        if (v4 || v6) {
                                _cleanup_free_ char *w = xasprintf("%s = %s (%s): a glob that matches forwarding keys", k, o[i].value, o[i].source);
                                if (v4)
                                        f->sysctl.ip_forward = 1;
                                if (v6)
                                        f->sysctl.ipv6_forwarding = 1;
                                forwarding_on(f, w);
                        }
                        continue;
                }
                if (!sysctl_value(o[i].value, &v))
                        continue;
                if (streq(k, "net.ipv4.ip_forward") || streq(k, "net.ipv4.conf.all.forwarding")) {
                        if (v != all4)
                                all4 = dflt4 = v;
                } else if (streq(k, "net.ipv4.conf.default.forwarding"))
                        dflt4 = v;
                else if (streq(k, "net.ipv6.conf.all.forwarding"))
                        all6 = v;
                else if ((if4 = conf_iface(k, "ipv4", "forwarding")) && v != 0) {
                        _cleanup_free_ char *w = xasprintf("%s = %s (%s): IPv4 forwarding on packets arriving on %s", k, o[i].value, o[i].source, if4);
                        f->sysctl.ip_forward = 1;
                        forwarding_on(f, w);
                } else if ((ff6 = conf_iface(k, "ipv6", "force_forwarding")) && v != 0) {
                        _cleanup_free_ char *w = xasprintf("%s = %s (%s): IPv6 forwarding forced on %s", k, o[i].value, o[i].source, ff6);
                        f->sysctl.ipv6_forwarding = 1;
                        forwarding_on(f, w);
                } else if ((if6 = conf_iface(k, "ipv6", "forwarding")) && v != 0) {
                        _cleanup_free_ char *w = xasprintf("%s = %s (%s): router behaviour on %s only; IPv6 forwards by conf.all.forwarding", k, o[i].value, o[i].source, if6);
                        strv_push(&f->sysctl.notes, w);
                }
        }
        /* Named interfaces ended above with their own last value; the others with all's or default's. */
        for (size_t i = n; i > 0; i--) {
                const char *k = o[i - 1].key;
                if ((streq(k, "net.ipv4.ip_forward") || streq(k, "net.ipv4.conf.all.forwarding")) && all4 != 0) {
                        _cleanup_free_ char *w = xasprintf("%s = %s (%s): IPv4 forwarding on every interface", k, o[i - 1].value, o[i - 1].source);
                        forwarding_on(f, w);
                        break;
                }
        }
        if (all4 == 0 && dflt4 != 0) {
                _cleanup_free_ char *w = xasprintf("net.ipv4.conf.default.forwarding ends as %ld: IPv4 forwarding on every interface that appears after boot", dflt4);
                forwarding_on(f, w);
        }
        if (all4 != 0 || dflt4 != 0)
                f->sysctl.ip_forward = 1;
        if (all6 != 0) {
                f->sysctl.ipv6_forwarding = 1;
                forwarding_on(f, "net.ipv6.conf.all.forwarding ends on: IPv6 forwarding");
        }
}

static void collect_sysctl_live(struct facts *f)
{
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_free_ char *v6 = NULL;
        long v;

        f->sysctl.source = xstrdup("/proc/sys/net");
        if (facts_list_dir(f, "/proc/sys/net/ipv4/conf", 4096, &l) < 0) {
                _cleanup_free_ char *v4 = NULL;
                if (root_read_file(f->root, "/proc/sys/net/ipv4/ip_forward", 64, &v4, NULL) >= 0 && sysctl_value(v4, &v)) {
                        f->sysctl.ip_forward = v != 0;
                        if (v)
                                forwarding_on(f, "/proc/sys/net/ipv4/ip_forward is on");
                }
        } else {
                f->sysctl.ip_forward = 0;
                for (size_t i = 0; l[i]; i++) {
                        _cleanup_free_ char *p = xasprintf("/proc/sys/net/ipv4/conf/%s/forwarding", l[i]), *b = NULL;
                        if (streq(l[i], "lo") || streq(l[i], "all"))
                                continue;
                        if (root_read_file(f->root, p, 64, &b, NULL) < 0 || !sysctl_value(b, &v)) {
                                f->sysctl.ip_forward = -1;
                                continue;
                        }
                        if (v) {
                                _cleanup_free_ char *w = xasprintf("%s is %ld", p, v);
                                f->sysctl.ip_forward = 1;
                                forwarding_on(f, w);
                        }
                }
        }
        if (root_read_file(f->root, "/proc/sys/net/ipv6/conf/all/forwarding", 64, &v6, NULL) >= 0 && sysctl_value(v6, &v)) {
                f->sysctl.ipv6_forwarding = v != 0;
                if (v)
                        forwarding_on(f, "/proc/sys/net/ipv6/conf/all/forwarding is on");
        }
}

/*
 * systemd-networkd turns forwarding on itself for a link whose .network file
 * says IPForward= (yes, ipv4, ipv6): it writes net.ipv4.ip_forward or
 * net.ipv6.conf.all.forwarding when it configures the link, after
 * systemd-sysctl. Counted when networkd starts at boot or that is undecided.
 */
static void networkd_forwarding(struct facts *f)
{
        static const char *const dirs[] = { "/etc/systemd/network", "/run/systemd/network", "/usr/lib/systemd/network", "/lib/systemd/network" };
        _cleanup_strv_free_ char **seen = NULL;
        const char *why = NULL;
        int starts = facts_unit_starts(f, "systemd-networkd.service", &why);

        for (size_t d = 0; d < ARRAY_SIZE(dirs); d++) {
                _cleanup_strv_free_ char **l = NULL;
                if (facts_list_dir(f, dirs[d], 1024, &l) < 0)
                        continue;
                for (size_t i = 0; l[i]; i++) {
                        _cleanup_free_ char *path = NULL, *buf = NULL;
                        struct unit_setting *v = NULL;
                        const char *val = NULL;
                        size_t n = 0, len;

                        if (!endswith(l[i], ".network") || strv_contains(seen, l[i]))
                                continue;
                        strv_push(&seen, l[i]); /* an earlier directory's file of that name replaces it */
                        path = xasprintf("%s/%s", dirs[d], l[i]);
                        if (collect_read(f, path, &buf, &len) < 0 || unit_file_parse(buf, len, path, &v, &n) < 0)
                                continue;
                        for (size_t j = 0; j < n; j++)
                                if (streq(v[j].section, "Network") && streq(v[j].key, "IPForward"))
                                        val = v[j].value;
                        if (val && !streq(val, "no") && !streq(val, "false") && !streq(val, "0") && !streq(val, "off") && *val) {
                                bool v4 = !streq(val, "ipv6"), v6 = !streq(val, "ipv4");
                                _cleanup_free_ char *w = xasprintf("%s: IPForward=%s, written by systemd-networkd when it configures the link (networkd %s)",
                                                                   path, val, starts == 0 ? "does not start at boot: not counted" : "starts at boot or may");
                                if (starts != 0) {
                                        if (v4)
                                                f->sysctl.ip_forward = 1;
                                        if (v6)
                                                f->sysctl.ipv6_forwarding = 1;
                                        forwarding_on(f, w);
                                } else
                                        strv_push(&f->sysctl.notes, w);
                        }
                        unit_settings_free(v, n);
                }
        }
}

static void collect_sysctl(struct facts *f)
{
        _cleanup_strv_free_ char **names = NULL, **excluded = NULL;
        struct sysctl_opt *o = NULL;
        size_t n = 0;

        f->sysctl.ip_forward = f->sysctl.ipv6_forwarding = -1;
        if (f->live) {
                collect_sysctl_live(f);
                return;
        }
        /* The file names, each taken from the first directory that has it. */
        for (size_t d = 0; d < ARRAY_SIZE(sysctl_dirs); d++) {
                _cleanup_strv_free_ char **l = NULL;
                int k = facts_list_dir(f, sysctl_dirs[d], 1024, &l);
                if (k < 0)
                        continue;
                for (size_t i = 0; l[i]; i++) {
                        bool seen = false;
                        if (!endswith(l[i], ".conf"))
                                continue;
                        for (size_t j = 0; names && names[j]; j++)
                                if (streq(strrchr(names[j], '/') + 1, l[i]))
                                        seen = true;
                        if (!seen)
                                strv_consume(&names, xasprintf("%s/%s", sysctl_dirs[d], l[i]));
                }
        }
        /* Sorted by file name, whatever the directory. */
        for (size_t i = 0; names && names[i]; i++)
                for (size_t j = i + 1; names[j]; j++)
                        if (strcmp(strrchr(names[j], '/') + 1, strrchr(names[i], '/') + 1) < 0) {
                                char *t = names[i];
                                names[i] = names[j];
                                names[j] = t;
                        }
        f->sysctl.ip_forward = f->sysctl.ipv6_forwarding = 0;
        for (size_t i = 0; names && names[i]; i++) {
                _cleanup_free_ char *b = NULL, *target = NULL;
                _cleanup_strv_free_ char **kv = NULL;
                size_t bl;
                int k;

                if (root_readlink(f->root, names[i], &target) >= 0 && streq(target, "/dev/null")) {
                        _cleanup_free_ char *w = xasprintf("%s is masked (a link to /dev/null)", names[i]);
                        strv_push(&f->sysctl.files, w);
                        continue;
                }
                k = collect_read(f, names[i], &b, &bl);
                if (k >= 0)
                        k = collect_parsed(f, sysctl_conf_parse(b, bl, &kv), names[i]);
                if (k == -ENOENT) {
                        /* A dangling link: systemd-sysctl skips it too. */
                        _cleanup_free_ char *w = xasprintf("%s is skipped: it leads nowhere in the tree", names[i]);
                        strv_push(&f->sysctl.notes, w);
                        continue;
                }
                if (k < 0) {
                        if (!f->sysctl.err) {
                                f->sysctl.err = k;
                                f->sysctl.err_path = xstrdup(names[i]);
                        }
                        continue;
                }
                strv_push(&f->sysctl.files, names[i]);
                for (size_t j = 0; kv[j]; j++) {
                        char *eq = strchr(kv[j], '=');
                        if (kv[j][0] == '-' || !eq) {
                                strv_push(&excluded, kv[j] + 1); /* a glob exclusion: it sets nothing */
                                continue;
                        }
                        *eq = 0;
                        for (size_t m = 0; m < n; m++)
                                if (streq(o[m].key, kv[j])) {
                                        free(o[m].key);
                                        free(o[m].value);
                                        free(o[m].source);
                                        memmove(o + m, o + m + 1, (n - m - 1) * sizeof(*o));
                                        n--;
                                        break;
                                }
                        o = xreallocarray(o, n + 1, sizeof(*o));
                        o[n++] = (struct sysctl_opt) { xstrdup(kv[j]), xstrdup(eq + 1), xstrdup(names[i]) };
                }
        }
        if (!root_exists(f->root, "/etc/sysctl.d/99-sysctl.conf") && root_exists(f->root, "/etc/sysctl.conf"))
                strv_push(&f->sysctl.notes, "/etc/sysctl.conf is not applied: systemd-sysctl reads it only through a sysctl.d link (Debian's /etc/sysctl.d/99-sysctl.conf)");
        sysctl_evaluate(f, o, n, excluded);
        for (size_t m = 0; m < n; m++) {
                free(o[m].key);
                free(o[m].value);
                free(o[m].source);
        }
        free(o);
        networkd_forwarding(f);
        f->sysctl.source = xstrdup("sysctl.d as systemd-sysctl applies it, and systemd-networkd's IPForward= (kernel default off when unset)");
}

/* ---- DHCP client ---- */

/*
 * Which DHCPv4 client starts at boot, from the programs that run one:
 * systemd-networkd (.network files with DHCP= as networkd reads it),
 * ifupdown (interfaces(5) with its includes, for interfaces brought up at
 * boot), NetworkManager (keyfile profiles, and the automatic wired profile),
 * and units that run dhclient/dhcpcd/udhcpc/pump/connman themselves. Each
 * counts only when the unit that runs it starts (facts_unit_starts()).
 */

#define IFUPDOWN_DEPTH_MAX 8
#define IFUPDOWN_FILES_MAX 256
#define NETWORK_FILES_MAX 1024

static void dhcp_note(char ***l, const char *fmt, ...) _printf_(2, 3);
static void dhcp_note(char ***l, const char *fmt, ...)
{
        va_list ap;

        if (strv_length(*l) >= DHCP_EVIDENCE_MAX)
                return;
        va_start(ap, fmt);
        strv_consume(l, xvasprintf(fmt, ap));
        va_end(ap);
}

/* Records a client that would run, by whether the unit that runs it starts at boot. */
static void dhcp_runs_if(struct facts *f, const char *unit, const char *what)
{
        const char *why = NULL;
        int s = facts_unit_starts(f, unit, &why);

        if (s > 0)
                dhcp_note(&f->dhcp.starting, "%s, and %s starts at boot (%s)", what, unit, strna(why));
        else if (s < 0)
                dhcp_note(&f->dhcp.undecided, "%s, and whether %s starts at boot is undecided (%s)", what, unit, strna(why));
        else
                dhcp_note(&f->dhcp.configured, "%s, but %s does not start at boot", what, unit);
}

static const char *settings_get(const struct unit_setting *s, size_t n, const char *section, const char *key)
{
        const char *v = NULL;

        for (size_t i = 0; i < n; i++)
                if (streq(s[i].section, section) && streq(s[i].key, key))
                        v = s[i].value;
        return v;
}

/* A link to /dev/null or an empty file masks a same-named file of lower precedence (systemd's null_or_empty). */
static bool conf_masked(struct facts *f, const char *path)
{
        _cleanup_free_ char *link = NULL;
        struct stat st;

        if (root_readlink(f->root, path, &link) >= 0 && streq(link, "/dev/null"))
                return true;
        return root_stat(f->root, path, false, &st) >= 0 && S_ISREG(st.st_mode) && st.st_size == 0;
}

static const char *const networkd_dirs[] = {
        "/etc/systemd/network", "/run/systemd/network", "/usr/local/lib/systemd/network", "/usr/lib/systemd/network", "/lib/systemd/network",
};

/* The drop-ins of NAME.network in every directory, same names overriding by precedence, in name order. */
static char **networkd_dropins(struct facts *f, const char *name)
{
        char **paths = xmalloc0(sizeof(char *)), **names = xmalloc0(sizeof(char *));

        for (size_t d = 0; d < ARRAY_SIZE(networkd_dirs); d++) {
                _cleanup_free_ char *dir = xasprintf("%s/%s.d", networkd_dirs[d], name);
                _cleanup_strv_free_ char **l = NULL;

                if (facts_list_dir(f, dir, 256, &l) < 0)
                        continue;
                for (size_t i = 0; l[i]; i++)
                        if (endswith(l[i], ".conf") && !strv_contains(names, l[i]))
                                strv_push(&names, l[i]);
        }
        strv_sort(names);
        for (size_t i = 0; names[i]; i++)
                for (size_t d = 0; d < ARRAY_SIZE(networkd_dirs); d++) {
                        _cleanup_free_ char *path = xasprintf("%s/%s.d/%s", networkd_dirs[d], name, names[i]);
                        if (!root_exists(f->root, path) && !conf_masked(f, path))
                                continue;
                        if (!conf_masked(f, path))
                                strv_push(&paths, path);
                        break;
                }
        strv_free(names);
        return paths;
}

static void dhcp_networkd(struct facts *f)
{
        _cleanup_strv_free_ char **seen = xmalloc0(sizeof(char *)), **enabled = xmalloc0(sizeof(char *)), **maybe = xmalloc0(sizeof(char *));

        for (size_t d = 0; d < ARRAY_SIZE(networkd_dirs); d++) {
                _cleanup_strv_free_ char **l = NULL;

                if (facts_list_dir(f, networkd_dirs[d], NETWORK_FILES_MAX, &l) < 0)
                        continue;
                for (size_t i = 0; l[i]; i++) {
                        _cleanup_free_ char *path = NULL, *buf = NULL;
                        _cleanup_strv_free_ char **dropins = NULL;
                        struct unit_setting *s = NULL;
                        size_t n = 0, len;
                        const char *value = NULL, *from = NULL;
                        int dhcp = NETWORKD_DHCP_NO;
                        bool bond = false;

                        if (!endswith(l[i], ".network") || strv_contains(seen, l[i]))
                                continue;
                        /* The first directory holding a name wins; the others' files of that name are never read. */
                        strv_push(&seen, l[i]);
                        path = xasprintf("%s/%s", networkd_dirs[d], l[i]);
                        if (conf_masked(f, path))
                                continue;
                        if (collect_read(f, path, &buf, &len) < 0 || collect_parsed(f, unit_file_parse(buf, len, path, &s, &n), path) < 0) {
                                dhcp_note(&maybe, "%s could not be read", path);
                                unit_settings_free(s, n);
                                continue;
                        }
                        dropins = networkd_dropins(f, l[i]);
                        for (size_t k = 0; dropins[k]; k++) {
                                _cleanup_free_ char *b = NULL;
                                size_t bl;
                                if (collect_read(f, dropins[k], &b, &bl) < 0 ||
                                    collect_parsed(f, unit_file_parse(b, bl, dropins[k], &s, &n), dropins[k]) < 0)
                                        dhcp_note(&maybe, "%s could not be read", dropins[k]);
                        }
                        /* [Match] Virtualization=: a file for containers (systemd's 80-container-host0.network) is not for the device. */
                        const char *virt = settings_get(s, n, "Match", "Virtualization");
                        if (virt && *virt && virt[0] != '!') {
                                static const char *const containers[] = { "container", "openvz", "lxc", "lxc-libvirt", "systemd-nspawn",
                                                                          "docker", "podman", "rkt", "wsl", "proot", "pouch" };
                                bool in_container = false;
                                for (size_t k = 0; k < ARRAY_SIZE(containers); k++)
                                        in_container = in_container || streq(virt, containers[k]);
                                if (in_container) {
                                        dhcp_note(&f->dhcp.configured, "%s: [Match] Virtualization=%s, applies only inside a container", path, virt);
                                        unit_settings_free(s, n);
                                        continue;
                                }
                                if (systemd_parse_boolean(virt) != 0) {
                                        dhcp_note(&maybe, "%s: [Match] Virtualization=%s applies only when the device runs virtualised, which is not known offline", path, virt);
                                        unit_settings_free(s, n);
                                        continue;
                                }
                        }
                        /* Each valid assignment replaces the last; one networkd cannot parse is ignored. */
                        for (size_t k = 0; k < n; k++) {
                                if (!streq(s[k].section, "Network"))
                                        continue;
                                if (streq(s[k].key, "DHCP")) {
                                        int v = networkd_dhcp_value(s[k].value);
                                        if (v < 0) {
                                                dhcp_note(&f->dhcp.configured, "%s: DHCP=%s is not a value networkd accepts and is ignored", s[k].source, s[k].value);
                                                continue;
                                        }
                                        dhcp = v;
                                        value = s[k].value;
                                        from = s[k].source;
                                } else if (streq(s[k].key, "Bond"))
                                        bond = s[k].value[0] != 0; /* networkd turns DHCP off for bond members */
                        }
                        if ((dhcp & NETWORKD_DHCP_IPV4) && !bond)
                                dhcp_note(&enabled, "%s: DHCP=%s%s%s (DHCPv4 client)", path, value, streq(from, path) ? "" : " in ", streq(from, path) ? "" : from);
                        else if (dhcp & NETWORKD_DHCP_IPV4)
                                dhcp_note(&f->dhcp.configured, "%s: DHCP=%s, ignored by networkd because Bond= is set", path, value);
                        else if (value)
                                dhcp_note(&f->dhcp.configured, "%s: DHCP=%s (%s)", path, value,
                                          dhcp == NETWORKD_DHCP_IPV6 ? "DHCPv6 only, UDP 546, not 68" : "no DHCP client");
                        unit_settings_free(s, n);
                }
        }
        for (size_t i = 0; enabled[i]; i++)
                dhcp_runs_if(f, "systemd-networkd.service", enabled[i]);
        /* Files that may apply matter only when networkd runs at all. */
        for (size_t i = 0; maybe[i]; i++)
                dhcp_note(facts_unit_starts(f, "systemd-networkd.service", NULL) != 0 ? &f->dhcp.undecided : &f->dhcp.configured, "%s", maybe[i]);
}

/* ---- ifupdown ---- */

static bool has_glob(const char *s) { return strpbrk(s, "*?[") != NULL; }

/* pattern relative to base (the directory of the file it is in), as interfaces(5) says. */
static char *ifupdown_abs(const char *base, const char *pattern)
{
        return pattern[0] == '/' ? xstrdup(pattern) : xasprintf("%s/%s", base, pattern);
}

static char *dir_of(const char *path)
{
        const char *sl = strrchr(path, '/');

        return sl && sl != path ? xstrndup(path, sl - path) : xstrdup("/");
}

struct ifupdown_walk {
        struct ifupdown_conf all;
        size_t files;
        bool cut;
};

static void ifupdown_file(struct facts *f, struct ifupdown_walk *w, const char *path, unsigned depth);

/* Expands a pattern whose wildcards are in its last component only (wordexp sorts the matches). */
static char **ifupdown_expand(struct facts *f, const char *abs, bool *undecided)
{
        _cleanup_free_ char *dir = dir_of(abs);
        _cleanup_strv_free_ char **l = NULL;
        const char *base = strrchr(abs, '/') + 1;
        char **out = xmalloc0(sizeof(char *));

        if (has_glob(dir) || strpbrk(abs, "$~`{")) {
                *undecided = true;
                return out;
        }
        if (!has_glob(base)) {
                strv_push(&out, abs);
                return out;
        }
        if (facts_list_dir(f, dir, IFUPDOWN_FILES_MAX, &l) < 0)
                return out;
        for (size_t i = 0; l[i]; i++)
                if (l[i][0] != '.' && fnmatch(base, l[i], 0) == 0)
                        strv_consume(&out, xasprintf("%s/%s", streq(dir, "/") ? "" : dir, l[i]));
        return out;
}

static void ifupdown_file(struct facts *f, struct ifupdown_walk *w, const char *path, unsigned depth)
{
        _cleanup_(ifupdown_conf_done) struct ifupdown_conf c = {};
        _cleanup_free_ char *buf = NULL, *base = NULL;
        size_t len;
        int k;

        if (depth > IFUPDOWN_DEPTH_MAX || w->files >= IFUPDOWN_FILES_MAX) {
                if (!w->cut)
                        facts_note_cap(f, "ifupdown includes go deeper than %u or beyond %u files (at %s); not read",
                                       IFUPDOWN_DEPTH_MAX, IFUPDOWN_FILES_MAX, path);
                w->cut = true;
                return;
        }
        w->files++;
        k = collect_read(f, path, &buf, &len);
        if (k == -ENOENT && depth == 0)
                return;
        if (k >= 0)
                k = collect_parsed(f, ifupdown_parse(buf, len, &c), path);
        if (k < 0) {
                /* ifup reports a source it cannot read and goes on; what it held is unknown here. */
                if (k != -ENOENT && k != -EISDIR)
                        dhcp_note(&f->dhcp.undecided, "%s could not be read (%s)", path, strerror(-k));
                return;
        }
        for (size_t i = 0; c.dhcp_lines && c.dhcp_lines[i]; i++)
                strv_consume(&w->all.dhcp_lines, xasprintf("%s: %s", path, c.dhcp_lines[i]));
        for (size_t i = 0; c.dhcp_ifaces && c.dhcp_ifaces[i]; i++)
                strv_push(&w->all.dhcp_ifaces, c.dhcp_ifaces[i]);
        for (size_t i = 0; c.auto_ifaces && c.auto_ifaces[i]; i++)
                strv_push(&w->all.auto_ifaces, c.auto_ifaces[i]);
        for (size_t i = 0; c.hotplug_ifaces && c.hotplug_ifaces[i]; i++)
                strv_push(&w->all.hotplug_ifaces, c.hotplug_ifaces[i]);
        if (c.mapping)
                dhcp_note(&f->dhcp.undecided, "%s has a mapping stanza: the interface names a script picks at run time are not followed", path);
        w->all.mapping = w->all.mapping || c.mapping;

        base = dir_of(path);
        for (size_t i = 0; c.sources && c.sources[i]; i++) {
                _cleanup_free_ char *abs = ifupdown_abs(base, c.sources[i]);
                _cleanup_strv_free_ char **files = NULL;
                bool undecided = false;

                files = ifupdown_expand(f, abs, &undecided);
                if (undecided)
                        dhcp_note(&f->dhcp.undecided, "%s: source %s is expanded by wordexp(3) in ways not followed here", path, c.sources[i]);
                for (size_t j = 0; files[j]; j++)
                        ifupdown_file(f, w, files[j], depth + 1);
        }
        for (size_t i = 0; c.source_dirs && c.source_dirs[i]; i++) {
                _cleanup_free_ char *abs = ifupdown_abs(base, c.source_dirs[i]);
                _cleanup_strv_free_ char **dirs = NULL;
                bool undecided = false;

                dirs = ifupdown_expand(f, abs, &undecided);
                if (undecided)
                        dhcp_note(&f->dhcp.undecided, "%s: source-directory %s is expanded by wordexp(3) in ways not followed here", path, c.source_dirs[i]);
                for (size_t j = 0; dirs[j]; j++) {
                        _cleanup_strv_free_ char **l = NULL;
                        if (facts_list_dir(f, dirs[j], IFUPDOWN_FILES_MAX, &l) < 0)
                                continue;
                        for (size_t e = 0; l[e]; e++) {
                                _cleanup_free_ char *p = NULL;
                                if (!ifupdown_dir_name_ok(l[e]))
                                        continue; /* ^[a-zA-Z0-9_-]+$ only, like run-parts */
                                p = xasprintf("%s/%s", dirs[j], l[e]);
                                ifupdown_file(f, w, p, depth + 1);
                        }
                }
        }
}

static void ifupdown_walk_done(struct ifupdown_walk *w) { ifupdown_conf_done(&w->all); }

/*
 * ifup's dhcp method runs the first of dhclient, pump, udhcpc, dhcpcd it finds
 * executable (/sbin, /usr/sbin); with none it prints "No DHCP client software
 * found!" and fails. An installed package that ships one counts too, for trees
 * whose binaries were left out.
 */
static const char *ifupdown_client(struct facts *f)
{
        static const char *const bins[] = { "dhclient", "pump", "udhcpc", "dhcpcd" };
        static const char *const pkgs[] = { "isc-dhcp-client", "pump", "udhcpc", "busybox-udhcpc", "dhcpcd-base", "dhcpcd5", "dhcpcd" };

        for (size_t i = 0; i < ARRAY_SIZE(bins); i++)
                for (size_t d = 0; d < 2; d++) {
                        _cleanup_free_ char *p = xasprintf("%s/%s", d ? "/usr/sbin" : "/sbin", bins[i]);
                        struct stat st;
                        if (root_stat(f->root, p, false, &st) >= 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111))
                                return bins[i];
                }
        for (size_t i = 0; i < ARRAY_SIZE(pkgs); i++)
                if (facts_package(f, pkgs[i]))
                        return pkgs[i];
        return NULL;
}

static void dhcp_ifupdown(struct facts *f)
{
        _cleanup_(ifupdown_walk_done) struct ifupdown_walk w = {};
        /* ifupdown ships the udev rule that runs ifup@IFACE.service for allow-hotplug interfaces at coldplug. */
        bool rule = root_exists(f->root, "/lib/udev/rules.d/80-ifupdown.rules") || root_exists(f->root, "/usr/lib/udev/rules.d/80-ifupdown.rules") ||
                    facts_package(f, "ifupdown");

        const char *client;

        ifupdown_file(f, &w, "/etc/network/interfaces", 0);
        for (size_t i = 0; w.all.dhcp_lines && w.all.dhcp_lines[i]; i++)
                dhcp_note(&f->dhcp.configured, "%s", w.all.dhcp_lines[i]);
        if (w.all.dhcp_ifaces && w.all.dhcp_ifaces[0] && !(client = ifupdown_client(f))) {
                dhcp_note(&f->dhcp.configured, "ifupdown: no DHCP client (dhclient, pump, udhcpc, dhcpcd) is installed, so ifup's dhcp method "
                                               "fails and runs none (\"No DHCP client software found!\")");
                return;
        }
        for (size_t i = 0; w.all.dhcp_ifaces && w.all.dhcp_ifaces[i]; i++) {
                const char *name = w.all.dhcp_ifaces[i];
                _cleanup_free_ char *what = NULL;

                if (strv_contains(w.all.auto_ifaces, name)) {
                        what = xasprintf("ifupdown: %s inet dhcp is marked auto, brought up by ifup -a", name);
                        dhcp_runs_if(f, "networking.service", what);
                } else if (strv_contains(w.all.hotplug_ifaces, name)) {
                        if (rule)
                                dhcp_note(&f->dhcp.starting, "ifupdown: %s inet dhcp is allow-hotplug, brought up by udev (ifupdown's 80-ifupdown.rules) when the device appears", name);
                        else
                                dhcp_note(&f->dhcp.configured, "ifupdown: %s inet dhcp is allow-hotplug, but neither ifupdown nor its 80-ifupdown.rules is installed to bring it up", name);
                } else
                        dhcp_note(&f->dhcp.configured, "ifupdown: %s inet dhcp is neither auto nor allow-hotplug: not brought up at boot", name);
        }
}

/* ---- NetworkManager ---- */

/* Files the keyfile plugin skips (nm_keyfile_utils_ignore_filename()): hidden, backups, package leftovers. */
static bool nm_ignored(const char *n)
{
        static const char *const suffixes[] = { "~", ".swp", ".bak", ".orig", ".rej", ".rpmnew", ".rpmsave", ".rpmorig", ".dpkg-dist", ".dpkg-old", ".dpkg-new", ".dpkg-tmp", ".nmmeta", ".tmp" };

        if (n[0] == '.')
                return true;
        for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++)
                if (endswith(n, suffixes[i]))
                        return true;
        return false;
}

static void dhcp_networkmanager(struct facts *f)
{
        static const char *const conn_dirs[] = { "/etc/NetworkManager/system-connections", "/run/NetworkManager/system-connections", "/usr/lib/NetworkManager/system-connections" };
        static const char *const conf_files[] = { "/usr/lib/NetworkManager/conf.d", "/run/NetworkManager/conf.d", "/etc/NetworkManager/NetworkManager.conf", "/etc/NetworkManager/conf.d" };
        _cleanup_strv_free_ char **profiles = xmalloc0(sizeof(char *)), **unreadable = xmalloc0(sizeof(char *));
        const char *no_auto = NULL;
        _cleanup_free_ char *no_auto_copy = NULL, *no_auto_src = NULL;

        if (!facts_unit(f, "NetworkManager.service"))
                return;
        for (size_t d = 0; d < ARRAY_SIZE(conn_dirs); d++) {
                _cleanup_strv_free_ char **l = NULL;

                if (facts_list_dir(f, conn_dirs[d], NETWORK_FILES_MAX, &l) < 0)
                        continue;
                for (size_t i = 0; l[i]; i++) {
                        _cleanup_free_ char *path = xasprintf("%s/%s", conn_dirs[d], l[i]), *buf = NULL;
                        struct unit_setting *s = NULL;
                        size_t n = 0, len;
                        const char *method, *autoconnect, *master;

                        if (nm_ignored(l[i]))
                                continue;
                        /* Profiles may hold Wi-Fi and VPN secrets. */
                        facts_mark_sensitive(f, path, "NetworkManager connection profile (may hold secrets)");
                        if (collect_read(f, path, &buf, &len) < 0 || collect_parsed(f, unit_file_parse(buf, len, path, &s, &n), path) < 0) {
                                dhcp_note(&unreadable, "%s could not be read", path);
                                unit_settings_free(s, n);
                                continue;
                        }
                        method = settings_get(s, n, "ipv4", "method");
                        autoconnect = settings_get(s, n, "connection", "autoconnect");
                        master = settings_get(s, n, "connection", "master") ?: settings_get(s, n, "connection", "controller");
                        /* An absent ipv4.method is normalised to "auto"; a port of a bridge/bond gets no addresses. */
                        if ((!method || streq(method, "auto")) && !(master && *master) && systemd_parse_boolean(autoconnect) != 0)
                                dhcp_note(&profiles, "%s: [ipv4] method=%s, autoconnect (DHCPv4 client)", path, method ?: "auto (absent, the default)");
                        else
                                dhcp_note(&f->dhcp.configured, "%s: [ipv4] method=%s%s%s", path, strna(method),
                                          systemd_parse_boolean(autoconnect) == 0 ? ", autoconnect=false" : "", master && *master ? ", port of another device" : "");
                        unit_settings_free(s, n);
                }
        }
        /* Without no-auto-default=*, NetworkManager makes a DHCP profile for each wired device that has none. */
        for (size_t d = 0; d < ARRAY_SIZE(conf_files); d++) {
                _cleanup_strv_free_ char **files = xmalloc0(sizeof(char *));
                _cleanup_strv_free_ char **l = NULL;

                if (endswith(conf_files[d], ".conf"))
                        strv_push(&files, conf_files[d]);
                else if (facts_list_dir(f, conf_files[d], 256, &l) >= 0)
                        for (size_t i = 0; l[i]; i++)
                                if (endswith(l[i], ".conf"))
                                        strv_consume(&files, xasprintf("%s/%s", conf_files[d], l[i]));
                for (size_t i = 0; files[i]; i++) {
                        _cleanup_free_ char *buf = NULL;
                        struct unit_setting *s = NULL;
                        size_t n = 0, len;
                        const char *v;

                        if (collect_read(f, files[i], &buf, &len) < 0 || collect_parsed(f, unit_file_parse(buf, len, files[i], &s, &n), files[i]) < 0) {
                                unit_settings_free(s, n);
                                continue;
                        }
                        if ((v = settings_get(s, n, "main", "no-auto-default"))) {
                                free(no_auto_copy);
                                free(no_auto_src);
                                no_auto_copy = xstrdup(v);
                                no_auto_src = xstrdup(files[i]);
                        }
                        unit_settings_free(s, n);
                }
        }
        no_auto = no_auto_copy;
        _cleanup_strv_free_ char **no_auto_l = no_auto ? strv_split(no_auto, ",; \t") : NULL;
        for (size_t i = 0; profiles[i]; i++)
                dhcp_runs_if(f, "NetworkManager.service", profiles[i]);
        for (size_t i = 0; unreadable[i]; i++)
                dhcp_note(facts_unit_starts(f, "NetworkManager.service", NULL) != 0 ? &f->dhcp.undecided : &f->dhcp.configured, "%s", unreadable[i]);
        if (!no_auto || !strv_contains(no_auto_l, "*"))
                dhcp_runs_if(f, "NetworkManager.service",
                             "NetworkManager creates an automatic DHCP profile for each wired device without one (no-auto-default is not *)");
        else
                dhcp_note(&f->dhcp.configured, "%s: no-auto-default=%s (no automatic wired DHCP profile)", no_auto_src, no_auto);
}

/* ---- units that run a DHCP client themselves ---- */

static const char *exec_program(const char *cmd, char **ret_args)
{
        /* ExecStart= prefixes (@ - : + !) come before the path. */
        while (*cmd && strchr("@-:+!", *cmd))
                cmd++;
        size_t n = strcspn(cmd, " \t");
        const char *sl = memrchr(cmd, '/', n);
        *ret_args = xstrdup(cmd + n);
        return sl ? sl + 1 : cmd;
}

static bool dhcpcd_v4_off(struct facts *f)
{
        _cleanup_free_ char *buf = NULL;
        size_t len;
        struct cursor c;
        struct slice line, w;

        if (collect_read(f, "/etc/dhcpcd.conf", &buf, &len) < 0)
                return false;
        c = cursor_make(buf, len);
        /* Global options come before the first interface/ssid/profile block. */
        while (cursor_content_line(&c, "#", &line)) {
                struct slice s = line;
                if (!slice_word(&s, &w))
                        continue;
                if (slice_eq(w, "interface") || slice_eq(w, "ssid") || slice_eq(w, "profile"))
                        break;
                if (slice_eq(w, "ipv6only") || slice_eq(w, "noipv4"))
                        return true;
        }
        return false;
}

static void dhcp_units(struct facts *f)
{
        static const char *const programs[] = { "dhclient", "dhcpcd", "udhcpc", "pump", "connmand" };

        for (size_t i = 0; i < f->units.n; i++) {
                const struct unit *u = &f->units.v[i];

                if (u->starts == 0 || u->masked)
                        continue;
                for (size_t k = 0; u->exec_start && u->exec_start[k]; k++) {
                        _cleanup_free_ char *args = NULL, *what = NULL, *prog = NULL;
                        const char *p = exec_program(u->exec_start[k], &args);
                        size_t plen = strcspn(p, " \t");
                        bool match = false;

                        prog = xstrndup(p, plen);
                        for (size_t j = 0; j < ARRAY_SIZE(programs); j++)
                                match = match || streq(prog, programs[j]);
                        if (!match)
                                continue;
                        /* -6: the DHCPv6 client only (UDP 546). */
                        if (strstr(args, " -6") && !strstr(args, " -4"))
                                continue;
                        if (streq(prog, "dhcpcd") && dhcpcd_v4_off(f))
                                continue;
                        what = xasprintf("%s runs %s (ExecStart=%s)", u->name, prog, u->exec_start[k]);
                        dhcp_runs_if(f, u->name, what);
                }
        }
}

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

        f->dhcp.clients = xmalloc0(sizeof(char *));
        f->dhcp.configured = xmalloc0(sizeof(char *));
        f->dhcp.starting = xmalloc0(sizeof(char *));
        f->dhcp.undecided = xmalloc0(sizeof(char *));
        for (size_t i = 0; i < ARRAY_SIZE(clients); i++)
                if (facts_package(f, clients[i].package) && !strv_contains(f->dhcp.clients, clients[i].client))
                        strv_push(&f->dhcp.clients, clients[i].client);

        dhcp_networkd(f);
        dhcp_ifupdown(f);
        dhcp_networkmanager(f);
        dhcp_units(f);
        /* Live: a socket bound to UDP 68 is a client running now. */
        for (size_t i = 0; i < f->sockets.n; i++) {
                const struct listen_socket *s = &f->sockets.v[i];
                if (s->proto == IPPROTO_UDP && s->port == 68 && s->family == AF_INET)
                        dhcp_note(&f->dhcp.starting, "udp %s:68 is bound%s%s", s->addr, s->process ? " by " : "", strempty(s->process));
        }
        f->dhcp.v4 = f->dhcp.starting[0] ? 1 : f->dhcp.undecided[0] ? -1 : 0;
}

static void collect_network(struct facts *f, const struct collect_options *o)
{
        f->collecting = FACTS_NETIFS;
        collect_netifs(f);
        f->collecting = FACTS_SYSCTL;
        collect_sysctl(f);
        f->collecting = FACTS_DHCP;
        collect_dhcp(f);
        f->collecting = FACTS_SERVICES;
        collect_services(f);
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
        strv_free(f->sysctl.forwarding);
        strv_free(f->sysctl.files);
        strv_free(f->sysctl.notes);
        strv_free(f->dhcp.clients);
        strv_free(f->dhcp.configured);
        strv_free(f->dhcp.starting);
        strv_free(f->dhcp.undecided);
        services_free(f);
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
        .owns = { FACTS_MEMBER(netifs), FACTS_MEMBER(sysctl), FACTS_MEMBER(dhcp), FACTS_MEMBER(services) },
};
