/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fnmatch.h>
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
        strv_free(f->sysctl.forwarding);
        strv_free(f->sysctl.files);
        strv_free(f->sysctl.notes);
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
