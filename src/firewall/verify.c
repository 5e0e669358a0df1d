/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sched.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "apply.h"
#include "compile.h"
#include "fdio.h"
#include "hash.h"
#include "macro.h"
#include "p2p-ports.h"
#include "strv.h"
#include "time-util.h"
#include "verify.h"

extern char **environ;

#define SAMPLE_TCP 6
#define SAMPLE_UDP 3
#define SAMPLE_FWD 2
#define MAX_PROBES 4096

static void probe_clear(struct fw_probe *pr)
{
        free(pr->from);
        free(pr->to);
        free(pr->reason);
}

void fw_verify_result_free(struct fw_verify_result *r)
{
        if (!r)
                return;
        for (size_t i = 0; i < r->n; i++)
                probe_clear(&r->v[i]);
        free(r->v);
        strv_free(r->notes);
        free(r);
}

/* ---- planning: pure, from the policy ---- */

/* An IPv4 or IPv6 address, network byte order in a[0..3] or a[0..15]. */
struct vaddr {
        int family;
        uint8_t a[16];
};

static bool vaddr_eq(const struct vaddr *x, const struct vaddr *y)
{
        return x->family == y->family && memcmp(x->a, y->a, 16) == 0;
}

static bool vaddr_in(const struct fw_prefix *pr, const struct vaddr *a)
{
        struct fw_prefix host = { .family = a->family, .len = a->family == AF_INET ? 32 : 128 };

        memcpy(host.addr, a->a, 16);
        return fw_prefix_contains(pr, &host);
}

/* The n-th address of a prefix, kept inside it (a host prefix is its own address). */
static struct vaddr prefix_host(const struct fw_prefix *pr, unsigned n)
{
        unsigned full = pr->family == AF_INET ? 32 : 128, bytes = full / 8, hostbits = full - pr->len;
        struct vaddr v = { .family = pr->family };
        uint32_t size = hostbits >= 31 ? UINT32_MAX : (uint32_t) 1 << hostbits;
        uint32_t add = size <= 2 ? MIN(n, size - 1) : MIN(n, size - 2);

        memcpy(v.a, pr->addr, 16);
        /* Add to the low 32 bits; prefixes here are never so long that this carries further. */
        for (unsigned i = 0; i < 4 && add; i++) {
                unsigned idx = bytes - 1 - i;
                uint32_t s = (uint32_t) v.a[idx] + (add & 0xff);
                v.a[idx] = (uint8_t) s;
                add = (add >> 8) + (s >> 8);
        }
        return v;
}

static const struct fw_prefix *first_of(const struct fw_prefix *v, size_t n, int family)
{
        for (size_t i = 0; i < n; i++)
                if (v[i].family == family)
                        return &v[i];
        return NULL;
}

static size_t zone_index(const struct fw_policy *p, const char *name)
{
        for (size_t i = 0; i < p->n_zones; i++)
                if (streq(p->zones[i].name, name))
                        return i;
        return SIZE_MAX;
}

/*
 * The link joining the device to zone i: 100.64.i.0/24 (shared address
 * space) and fd62:776b:0:i::/64 (unique local), device .1, zone .2; unlikely
 * to clash with a plant network.
 */
static struct vaddr link_addr(int family, size_t zone, unsigned host)
{
        struct vaddr v = { .family = family };

        if (family == AF_INET) {
                v.a[0] = 100;
                v.a[1] = 64;
                v.a[2] = (uint8_t) zone;
                v.a[3] = (uint8_t) host;
        } else {
                static const uint8_t pre[6] = { 0xfd, 0x62, 0x77, 0x6b, 0, 0 };
                memcpy(v.a, pre, sizeof(pre));
                v.a[7] = (uint8_t) zone;
                v.a[15] = (uint8_t) host;
        }
        return v;
}

/* Where a zone's probes come from (n=1) or go to (n=2) when nothing narrows it: its addresses, else the link. */
static int zone_addr(const struct fw_policy *p, size_t zi, int family, unsigned n, struct vaddr *ret)
{
        const struct fw_zone *z = &p->zones[zi];
        const struct fw_prefix *a;

        if (z->n_addresses == 0) {
                *ret = link_addr(family, zi, 2);
                return 0;
        }
        a = first_of(z->addresses, z->n_addresses, family);
        if (!a)
                return -EAFNOSUPPORT;
        *ret = prefix_host(a, n);
        return 0;
}

static bool conduit_permits(const struct fw_policy *p, const struct fw_conduit *c, const char *from, const char *to,
                            unsigned proto, uint16_t port, const struct vaddr *src, const struct vaddr *dst, bool island)
{
        if (island && !c->island_safe)
                return false;
        if (!streq(c->from, "any") && !streq(c->from, from))
                return false;
        if (!streq(c->to, to))
                return false;
        if (!(c->protocols & proto))
                return false;
        if (proto != FW_PROTO_ICMP) {
                bool in = false;
                for (size_t r = 0; r < c->n_ports && !in; r++)
                        in = c->ports[r].first <= port && port <= c->ports[r].last;
                if (!in)
                        return false;
        }
        if (c->n_sources > 0) {
                bool in = false;
                for (size_t s = 0; s < c->n_sources && !in; s++)
                        in = vaddr_in(&c->sources[s], src);
                if (!in)
                        return false;
        }
        if (!streq(to, "device")) {
                const struct fw_zone *z = fw_policy_zone(p, to);
                if (z && z->n_addresses > 0) {
                        bool in = false;
                        for (size_t s = 0; s < z->n_addresses && !in; s++)
                                in = vaddr_in(&z->addresses[s], dst);
                        if (!in)
                                return false;
                }
        }
        return true;
}

/* What the policy (and CR 5.3, for the person-to-person ports) says should happen. */
static bool expect_open(const struct fw_policy *p, const struct fw_probe *pr, const struct vaddr *src, const struct vaddr *dst, bool island)
{
        bool to_device = streq(pr->to, "device");

        /* IPv6 needs neighbour discovery, which only ICMPEssential=yes lets in: without it nothing arrives. */
        if (src->family == AF_INET6 && !p->icmp_essential)
                return false;
        if (pr->proto == FW_PROTO_UDP && to_device && (pr->port == 68 || pr->port == 546))
                return (pr->sport == 67 || pr->sport == 547) && p->dhcp_client;
        if (pr->proto != FW_PROTO_ICMP && p2p_port_find(pr->proto == FW_PROTO_TCP ? IPPROTO_TCP : IPPROTO_UDP, pr->port))
                return false;
        for (size_t i = 0; i < p->n_conduits; i++)
                if (conduit_permits(p, &p->conduits[i], pr->from, pr->to, pr->proto, pr->port, src, dst, island))
                        return true;
        return false;
}

struct plan {
        struct fw_probe *v;
        struct vaddr *src, *dst; /* per probe */
        size_t n;
        char **notes;
};

static void plan_add(struct plan *pl, const char *from, const char *to, unsigned proto, uint16_t port, uint16_t sport,
                     const char *reason, const struct vaddr *src, const struct vaddr *dst)
{
        struct fw_probe *pr;

        /* The same probe for two reasons is sent once, under the first reason. */
        for (size_t i = 0; i < pl->n; i++)
                if (streq(pl->v[i].from, from) && streq(pl->v[i].to, to) && pl->v[i].proto == proto && pl->v[i].port == port &&
                    pl->v[i].sport == sport && vaddr_eq(&pl->src[i], src) && vaddr_eq(&pl->dst[i], dst))
                        return;
        if (pl->n >= MAX_PROBES)
                return;
        pl->v = xreallocarray(pl->v, pl->n + 1, sizeof(*pl->v));
        pl->src = xreallocarray(pl->src, pl->n + 1, sizeof(*pl->src));
        pl->dst = xreallocarray(pl->dst, pl->n + 1, sizeof(*pl->dst));
        pr = &pl->v[pl->n];
        *pr = (struct fw_probe){ .from = xstrdup(from), .to = xstrdup(to), .proto = proto, .port = port, .sport = sport, .reason = xstrdup(reason) };
        inet_ntop(src->family, src->a, pr->src, sizeof(pr->src));
        inet_ntop(dst->family, dst->a, pr->dst, sizeof(pr->dst));
        pr->family = src->family;
        pl->src[pl->n] = *src;
        pl->dst[pl->n] = *dst;
        pl->n++;
}

/* xorshift32: a tiny seeded generator, so a sample is reproducible from the seed printed with it. */
static uint32_t rnd_next(uint32_t *s)
{
        uint32_t x = *s ? *s : 0x9e3779b9u;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *s = x;
        return x;
}

static const int families[] = { AF_INET, AF_INET6 };

static void plan_conduit(const struct fw_policy *p, const struct fw_conduit *c, size_t zi, int fam, struct plan *pl)
{
        const char *from = p->zones[zi].name;
        const struct fw_prefix *s1 = first_of(c->sources, c->n_sources, fam);
        struct vaddr src, dst;

        if (c->n_sources > 0 && !s1)
                return; /* no sources of this family: the conduit does not apply to it */
        if (s1) {
                src = prefix_host(s1, 1);
                /* A source outside this zone's addresses cannot come from it (From=any). */
                if (p->zones[zi].n_addresses > 0) {
                        bool in = false;
                        for (size_t a = 0; a < p->zones[zi].n_addresses && !in; a++)
                                in = vaddr_in(&p->zones[zi].addresses[a], &src);
                        if (!in)
                                return;
                }
        } else if (zone_addr(p, zi, fam, 1, &src) < 0)
                return;
        if (streq(c->to, "device"))
                dst = link_addr(fam, zi, 1);
        else if (zone_addr(p, zone_index(p, c->to), fam, 2, &dst) < 0)
                return;

        if (c->protocols & FW_PROTO_ICMP)
                plan_add(pl, from, c->to, FW_PROTO_ICMP, 0, 0, c->name, &src, &dst);
        /* With Sources=, the same port from elsewhere in the zone must stay closed. */
        if (s1 && c->n_ports > 0) {
                struct vaddr other;
                bool listed = false;
                if (zone_addr(p, zi, fam, 1, &other) == 0) {
                        for (size_t q = 0; q < c->n_sources && !listed; q++)
                                listed = vaddr_in(&c->sources[q], &other);
                        if (!listed) {
                                _cleanup_free_ char *why = xasprintf("%s (unlisted source)", c->name);
                                plan_add(pl, from, c->to, c->protocols & FW_PROTO_TCP ? FW_PROTO_TCP : FW_PROTO_UDP,
                                         c->ports[0].first, 0, why, &other, &dst);
                        }
                }
        }
        for (size_t r = 0; r < c->n_ports; r++)
                for (unsigned pb = FW_PROTO_TCP; pb <= FW_PROTO_UDP; pb <<= 1) {
                        if (!(c->protocols & pb))
                                continue;
                        plan_add(pl, from, c->to, pb, c->ports[r].first, 0, c->name, &src, &dst);
                        if (c->ports[r].last != c->ports[r].first)
                                plan_add(pl, from, c->to, pb, c->ports[r].last, 0, c->name, &src, &dst);
                }
}

static void plan_build(const struct fw_policy *p, uint32_t seed, struct plan *pl)
{
        uint16_t sample[SAMPLE_TCP + SAMPLE_UDP], fwd_sample[FW_MAX_ZONES][SAMPLE_FWD];
        uint32_t rs = seed;

        /* One sample for both families, so that IPv4 and IPv6 are probed alike. */
        for (size_t k = 0; k < ARRAY_SIZE(sample); k++)
                sample[k] = (uint16_t) (1 + rnd_next(&rs) % 65535);
        for (size_t z = 0; z < FW_MAX_ZONES; z++)
                for (size_t k = 0; k < SAMPLE_FWD; k++)
                        fwd_sample[z][k] = (uint16_t) (1 + rnd_next(&rs) % 65535);

        for (size_t f = 0; f < ARRAY_SIZE(families); f++)
                for (size_t i = 0; i < p->n_conduits; i++)
                        for (size_t zi = 0; zi < p->n_zones; zi++) {
                                const struct fw_conduit *c = &p->conduits[i];
                                if ((!streq(c->from, "any") && !streq(c->from, p->zones[zi].name)) || streq(c->to, p->zones[zi].name))
                                        continue;
                                plan_conduit(p, c, zi, families[f], pl);
                        }

        /* Closed ports, from each zone to the device and to every other zone. */
        for (size_t f = 0; f < ARRAY_SIZE(families); f++)
                for (size_t zi = 0; zi < p->n_zones; zi++) {
                        int fam = families[f];
                        const char *from = p->zones[zi].name;
                        struct vaddr src, dev = link_addr(fam, zi, 1);

                        if (zone_addr(p, zi, fam, 1, &src) < 0) {
                                strv_consume(&pl->notes, xasprintf("zone %s: no %s addresses, %s not probed from it", from,
                                                                   fam == AF_INET ? "IPv4" : "IPv6", fam == AF_INET ? "IPv4" : "IPv6"));
                                continue;
                        }
                        if (fam == AF_INET)
                                plan_add(pl, from, "device", FW_PROTO_UDP, 68, 67, "dhcp-client", &src, &dev);
                        else
                                plan_add(pl, from, "device", FW_PROTO_UDP, 546, 547, "dhcpv6-client", &src, &dev);
                        plan_add(pl, from, "device", FW_PROTO_ICMP, 0, 0, "ping", &src, &dev);
                        for (size_t q = 0; q < p2p_ports_count; q++) {
                                _cleanup_free_ char *why = xasprintf("p2p:%s", p2p_ports[q].service);
                                plan_add(pl, from, "device", p2p_ports[q].proto == IPPROTO_TCP ? FW_PROTO_TCP : FW_PROTO_UDP, p2p_ports[q].port, 0, why, &src, &dev);
                        }
                        for (unsigned k = 0; k < SAMPLE_TCP + SAMPLE_UDP; k++)
                                plan_add(pl, from, "device", k < SAMPLE_TCP ? FW_PROTO_TCP : FW_PROTO_UDP, sample[k], 0, "sample", &src, &dev);
                        for (size_t ti = 0; ti < p->n_zones; ti++) {
                                struct vaddr dst;
                                if (ti == zi || zone_addr(p, ti, fam, 2, &dst) < 0)
                                        continue;
                                plan_add(pl, from, p->zones[ti].name, FW_PROTO_TCP, 25, 0, "p2p:smtp", &src, &dst);
                                for (unsigned k = 0; k < SAMPLE_FWD; k++)
                                        plan_add(pl, from, p->zones[ti].name, FW_PROTO_TCP, fwd_sample[ti % FW_MAX_ZONES][k], 0, "sample", &src, &dst);
                        }
                }
}

/* ---- the namespaces ---- */

static int run_ip(char *const argv[])
{
        posix_spawn_file_actions_t fa;
        pid_t pid;
        int status, k;

        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
        k = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        if (k != 0)
                return -k;
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return negative_errno();
        return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EIO;
}

#define IP(...) run_ip((char *[]){ "ip", __VA_ARGS__, NULL })

struct env {
        char dev[32];
        char (*zone)[32];
        size_t n_zones;
        int orig_fd;
        int dev_fd;
        int *zone_fd;
        bool made_dev;
        bool *made_zone;
};

/*
 * The device-side interface a zone's namespace is joined through in a pass.
 * Pass 0 uses every zone's first interface, pass j its (j+1)-th, or its last
 * when it has fewer: every interface of every zone carries probes in one pass.
 */
static char *zone_if(const struct fw_policy *p, size_t zi, size_t pass)
{
        size_t n = strv_length(p->zones[zi].interfaces);

        return p->zones[zi].interfaces[MIN(pass, n - 1)];
}

static void env_destroy(struct env *e)
{
        if (e->orig_fd >= 0) {
                (void) setns(e->orig_fd, CLONE_NEWNET);
                close(e->orig_fd);
        }
        if (e->dev_fd >= 0)
                close(e->dev_fd);
        for (size_t i = 0; i < e->n_zones; i++) {
                if (e->zone_fd[i] >= 0)
                        close(e->zone_fd[i]);
                if (e->made_zone[i])
                        (void) IP("netns", "del", e->zone[i]);
        }
        if (e->made_dev)
                (void) IP("netns", "del", e->dev);
        free(e->zone);
        free(e->zone_fd);
        free(e->made_zone);
}

static int open_netns(const char *name, int *ret)
{
        _cleanup_free_ char *path = xasprintf("/run/netns/%s", name);
        int fd = open(path, O_RDONLY | O_CLOEXEC);

        if (fd < 0)
                return negative_errno();
        *ret = fd;
        return 0;
}

static int write_proc(const char *path, const char *value)
{
        _cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);

        if (fd < 0)
                return negative_errno();
        return write_full(fd, value, strlen(value));
}

static void vaddr_str(const struct vaddr *a, char buf[static 64], const char *suffix)
{
        char t[INET6_ADDRSTRLEN];

        inet_ntop(a->family, a->a, t, sizeof(t));
        snprintf(buf, 64, "%s%s", t, suffix);
}

/*
 * Duplicate address detection keeps new IPv6 addresses, link-local ones
 * included, tentative for a second or two, and neighbour discovery with them
 * loses the first packets. These namespaces are ours alone: switch it off
 * before any interface exists, so every interface inherits that.
 */
static void no_dad(int ns_fd, int orig_fd)
{
        if (setns(ns_fd, CLONE_NEWNET) < 0)
                return;
        (void) write_proc("/proc/sys/net/ipv6/conf/default/accept_dad", "0");
        (void) write_proc("/proc/sys/net/ipv6/conf/all/accept_dad", "0");
        (void) setns(orig_fd, CLONE_NEWNET);
}

static int env_build(const struct fw_policy *p, const struct plan *pl, size_t pass, struct env *e, char **ret_error)
{
        _cleanup_free_ struct vaddr *added = NULL;
        _cleanup_free_ size_t *added_zone = NULL;
        size_t n_added = 0;
        int k;

        e->n_zones = p->n_zones;
        e->zone = xmalloc0(p->n_zones * sizeof(*e->zone) + 1);
        e->zone_fd = xmalloc0(p->n_zones * sizeof(int) + 1);
        e->made_zone = xmalloc0(p->n_zones * sizeof(bool) + 1);
        for (size_t i = 0; i < p->n_zones; i++)
                e->zone_fd[i] = -1;

        snprintf(e->dev, sizeof(e->dev), "bwv%dd", (int) getpid());
        k = IP("netns", "add", e->dev);
        if (k < 0) {
                *ret_error = xstrdup("'ip netns add' failed (root and iproute2 are needed)");
                return k;
        }
        e->made_dev = true;
        k = open_netns(e->dev, &e->dev_fd);
        if (k < 0)
                return k;
        (void) IP("-n", e->dev, "link", "set", "lo", "up");
        no_dad(e->dev_fd, e->orig_fd);

        for (size_t i = 0; i < p->n_zones; i++) {
                char *ifname = zone_if(p, i, pass);
                char a1[64], a2[64], gw[64], b1[64], b2[64], gw6[64];
                struct vaddr v;

                snprintf(e->zone[i], sizeof(e->zone[i]), "bwv%dz%zu", (int) getpid(), i);
                if ((k = IP("netns", "add", e->zone[i])) < 0)
                        goto fail;
                e->made_zone[i] = true;
                if ((k = open_netns(e->zone[i], &e->zone_fd[i])) < 0)
                        return k;
                no_dad(e->zone_fd[i], e->orig_fd);
                /* The device side carries the name the policy uses; the peer goes straight into the zone. */
                if ((k = IP("-n", e->dev, "link", "add", ifname, "type", "veth", "peer", "name", "veth0", "netns", e->zone[i])) < 0)
                        goto fail;
                v = link_addr(AF_INET, i, 1);
                vaddr_str(&v, a1, "/24");
                vaddr_str(&v, gw, "");
                v = link_addr(AF_INET, i, 2);
                vaddr_str(&v, a2, "/24");
                v = link_addr(AF_INET6, i, 1);
                vaddr_str(&v, b1, "/64");
                vaddr_str(&v, gw6, "");
                v = link_addr(AF_INET6, i, 2);
                vaddr_str(&v, b2, "/64");
                /* nodad: the addresses are usable at once, not after duplicate address detection. */
                if ((k = IP("-n", e->dev, "addr", "add", a1, "dev", ifname)) < 0 ||
                    (k = IP("-n", e->dev, "addr", "add", b1, "dev", ifname, "nodad")) < 0 ||
                    (k = IP("-n", e->dev, "link", "set", ifname, "up")) < 0 ||
                    (k = IP("-n", e->zone[i], "addr", "add", a2, "dev", "veth0")) < 0 ||
                    (k = IP("-n", e->zone[i], "addr", "add", b2, "dev", "veth0", "nodad")) < 0 ||
                    (k = IP("-n", e->zone[i], "link", "set", "veth0", "up")) < 0 ||
                    (k = IP("-n", e->zone[i], "link", "set", "lo", "up")) < 0 ||
                    (k = IP("-n", e->zone[i], "route", "add", "default", "via", gw)) < 0 ||
                    (k = IP("-n", e->zone[i], "-6", "route", "add", "default", "via", gw6)) < 0)
                        goto fail;
        }

        /* Every probe source and zone destination lives on its zone's veth, routed from the device. */
        added = xreallocarray(NULL, 2 * pl->n + 1, sizeof(*added));
        added_zone = xreallocarray(NULL, 2 * pl->n + 1, sizeof(*added_zone));
        for (size_t i = 0; i < pl->n; i++)
                for (int side = 0; side < 2; side++) {
                        const char *zn = side == 0 ? pl->v[i].from : pl->v[i].to;
                        const struct vaddr *a = side == 0 ? &pl->src[i] : &pl->dst[i];
                        struct vaddr l;
                        bool seen = false;
                        size_t zi;
                        char host[64];

                        if (streq(zn, "device"))
                                continue;
                        zi = zone_index(p, zn);
                        l = link_addr(a->family, zi, 2);
                        if (vaddr_eq(a, &l))
                                continue;
                        for (size_t j = 0; j < n_added && !seen; j++)
                                seen = added_zone[j] == zi && vaddr_eq(&added[j], a);
                        if (seen)
                                continue;
                        added[n_added] = *a;
                        added_zone[n_added++] = zi;
                        vaddr_str(a, host, a->family == AF_INET ? "/32" : "/128");
                        if (a->family == AF_INET)
                                (void) IP("-n", e->zone[zi], "addr", "add", host, "dev", "veth0");
                        else
                                (void) IP("-n", e->zone[zi], "addr", "add", host, "dev", "veth0", "nodad");
                        (void) IP("-n", e->dev, "route", "replace", host, "dev", zone_if(p, zi, pass));
                }
        return 0;
fail:
        *ret_error = xstrdup("setting up the namespaces with ip(8) failed");
        return k;
}

/* ---- probing ---- */

struct listener {
        int fd;
        unsigned proto;
};

static int in_ns(int fd)
{
        return setns(fd, CLONE_NEWNET) < 0 ? negative_errno() : 0;
}

static socklen_t make_sockaddr(const struct vaddr *a, uint16_t port, struct sockaddr_storage *ret);

/*
 * UDP listeners are bound to the address probed, so their answer leaves from
 * it: a wildcard socket would answer from the route's preferred address,
 * which the connected probe socket would not accept.
 */
static int make_udp_listener(const struct vaddr *a, uint16_t port, int *ret)
{
        struct sockaddr_storage sa;
        socklen_t sl = make_sockaddr(a, port, &sa);
        int one = 1, fd;

        fd = socket(a->family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return negative_errno();
        (void) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (a->family == AF_INET6)
                (void) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
        if (bind(fd, (struct sockaddr *) &sa, sl) < 0) {
                int k = negative_errno();
                close(fd);
                return k;
        }
        *ret = fd;
        return 0;
}

static int make_listener(unsigned proto, uint16_t port, int *ret)
{
        struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = IN6ADDR_ANY_INIT };
        int one = 1, zero = 0;
        int fd;

        /* One dual-stack socket serves the IPv4 and the IPv6 probes. */
        fd = socket(AF_INET6, (proto == FW_PROTO_TCP ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return negative_errno();
        (void) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        (void) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
        if (bind(fd, (struct sockaddr *) &sa, sizeof(sa)) < 0 || (proto == FW_PROTO_TCP && listen(fd, 64) < 0)) {
                int k = negative_errno();
                close(fd);
                return k;
        }
        *ret = fd;
        return 0;
}

static uint16_t icmp_checksum(const void *buf, size_t len)
{
        const uint8_t *b = buf;
        uint32_t sum = 0;

        for (size_t i = 0; i + 1 < len; i += 2)
                sum += (uint32_t) (b[i] << 8 | b[i + 1]);
        if (len & 1)
                sum += (uint32_t) b[len - 1] << 8;
        while (sum >> 16)
                sum = (sum & 0xffff) + (sum >> 16);
        return htons((uint16_t) ~sum);
}

static socklen_t make_sockaddr(const struct vaddr *a, uint16_t port, struct sockaddr_storage *ret)
{
        memset(ret, 0, sizeof(*ret));
        if (a->family == AF_INET) {
                struct sockaddr_in *s = (struct sockaddr_in *) ret;
                s->sin_family = AF_INET;
                s->sin_port = htons(port);
                memcpy(&s->sin_addr, a->a, 4);
                return sizeof(*s);
        }
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *) ret;
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(port);
        memcpy(&s6->sin6_addr, a->a, 16);
        return sizeof(*s6);
}

static int make_probe(const struct fw_probe *pr, const struct vaddr *src, const struct vaddr *dst, uint16_t echo_id, int *ret)
{
        struct sockaddr_storage s, d;
        socklen_t sl = make_sockaddr(src, pr->sport, &s), dl = make_sockaddr(dst, pr->port, &d);
        int one = 1, fd, k;

        if (pr->proto == FW_PROTO_ICMP) {
                /* ICMPv6 raw sockets get their checksum from the kernel; for ICMP we compute it. */
                struct icmphdr h = { .type = src->family == AF_INET ? ICMP_ECHO : 128,
                                     .un.echo.id = htons(echo_id), .un.echo.sequence = htons(1) };

                fd = socket(src->family, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, src->family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6);
                if (fd < 0)
                        return negative_errno();
                if (bind(fd, (struct sockaddr *) &s, sl) < 0)
                        goto err;
                if (src->family == AF_INET)
                        h.checksum = icmp_checksum(&h, sizeof(h));
                if (sendto(fd, &h, sizeof(h), 0, (struct sockaddr *) &d, dl) < 0)
                        goto err;
                *ret = fd;
                return 0;
        }
        fd = socket(src->family, (pr->proto == FW_PROTO_TCP ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return negative_errno();
        (void) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, (struct sockaddr *) &s, sl) < 0)
                goto err;
        if (connect(fd, (struct sockaddr *) &d, dl) < 0 && errno != EINPROGRESS)
                goto err;
        if (pr->proto == FW_PROTO_UDP && send(fd, "bulwark-probe", 13, 0) < 0)
                goto err;
        *ret = fd;
        return 0;
err:
        k = negative_errno();
        close(fd);
        return k;
}

static int run_probes(const struct fw_policy *p, struct plan *pl, struct env *e, unsigned timeout_ms, char **ret_error)
{
        _cleanup_free_ struct listener *ls = NULL;
        _cleanup_free_ int *pfd = NULL;
        _cleanup_free_ struct pollfd *fds = NULL;
        size_t n_ls = 0, open_count = 0;
        int64_t deadline;
        int k = 0;

        /* Listeners on every probed port of every target, so that only the firewall can make a probe fail. */
        ls = xreallocarray(NULL, pl->n + 1, sizeof(*ls));
        for (size_t i = 0; i < pl->n; i++) {
                const struct fw_probe *pr = &pl->v[i];
                int tfd = streq(pr->to, "device") ? e->dev_fd : e->zone_fd[zone_index(p, pr->to)];
                bool dup = false;
                int fd;

                if (pr->proto == FW_PROTO_ICMP)
                        continue;
                for (size_t j = 0; j < i && !dup; j++)
                        dup = streq(pl->v[j].to, pr->to) && pl->v[j].proto == pr->proto && pl->v[j].port == pr->port &&
                              (pr->proto == FW_PROTO_TCP || vaddr_eq(&pl->dst[j], &pl->dst[i]));
                if (dup)
                        continue;
                if ((k = in_ns(tfd)) < 0)
                        goto out;
                if (pr->proto == FW_PROTO_UDP)
                        k = make_udp_listener(&pl->dst[i], pr->port, &fd);
                else
                        k = make_listener(pr->proto, pr->port, &fd);
                if (k < 0) {
                        *ret_error = xasprintf("cannot listen on %s %u in %s", pr->proto == FW_PROTO_TCP ? "TCP" : "UDP", pr->port, pr->to);
                        goto out;
                }
                ls[n_ls++] = (struct listener){ fd, pr->proto };
        }

        pfd = xreallocarray(NULL, pl->n + 1, sizeof(*pfd));
        for (size_t i = 0; i < pl->n; i++) {
                if ((k = in_ns(e->zone_fd[zone_index(p, pl->v[i].from)])) < 0)
                        goto out;
                k = make_probe(&pl->v[i], &pl->src[i], &pl->dst[i], (uint16_t) (0x4200 + i), &pfd[i]);
                if (k < 0) {
                        *ret_error = xasprintf("cannot send probe %zu (%s -> %s)", i, pl->v[i].src, pl->v[i].dst);
                        pfd[i] = -1;
                        for (size_t j = 0; j < i; j++)
                                close(pfd[j]);
                        goto out;
                }
        }
        (void) in_ns(e->orig_fd);

        fds = xreallocarray(NULL, pl->n + n_ls + 1, sizeof(*fds));
        deadline = (int64_t) now_ms() + timeout_ms;
        /*
         * After the deadline, a few passes without waiting: on a loaded
         * machine we may wake late, and what the kernel completed meanwhile
         * (handshakes, answers queued) must still count. A UDP probe needs
         * two (our listener answers, then the probe reads).
         */
        unsigned late_passes = 3;
        while (open_count < pl->n) {
                int64_t left = deadline - (int64_t) now_ms();
                size_t nf = 0;

                if (left <= 0) {
                        if (late_passes-- == 0)
                                break;
                        left = 0;
                }
                for (size_t i = 0; i < pl->n; i++)
                        fds[nf++] = (struct pollfd){ .fd = pl->v[i].observed_open ? -1 : pfd[i],
                                                     .events = pl->v[i].proto == FW_PROTO_TCP ? POLLOUT : POLLIN };
                for (size_t i = 0; i < n_ls; i++)
                        fds[nf++] = (struct pollfd){ .fd = ls[i].proto == FW_PROTO_UDP ? ls[i].fd : -1, .events = POLLIN };
                if (poll(fds, nf, (int) MIN(left, 100)) < 0 && errno != EINTR) {
                        k = negative_errno();
                        break;
                }
                for (size_t i = 0; i < pl->n; i++) {
                        struct fw_probe *pr = &pl->v[i];
                        if (!fds[i].revents || pr->observed_open)
                                continue;
                        if (pr->proto == FW_PROTO_TCP) {
                                int err = 0;
                                socklen_t l = sizeof(err);
                                if (getsockopt(pfd[i], SOL_SOCKET, SO_ERROR, &err, &l) == 0 && err == 0)
                                        pr->observed_open = true;
                                else {
                                        /* Refused or unreachable: not open; stop watching it. */
                                        close(pfd[i]);
                                        pfd[i] = -1;
                                }
                        } else if (pr->proto == FW_PROTO_UDP) {
                                char b[64];
                                if (recv(pfd[i], b, sizeof(b), 0) > 0)
                                        pr->observed_open = true;
                        } else {
                                uint8_t b[256];
                                ssize_t m;
                                /*
                                 * A raw socket sees all ICMP of its namespace and family: match our
                                 * id in an echo reply. IPv4 raw sockets include the IP header, IPv6 ones do not.
                                 */
                                while ((m = recv(pfd[i], b, sizeof(b), 0)) > 0) {
                                        bool v4 = pr->family == AF_INET;
                                        size_t ihl = v4 ? (size_t) (b[0] & 0x0f) * 4 : 0;
                                        for (size_t j = 0; j < pl->n; j++) {
                                                struct icmphdr h;
                                                if (pl->v[j].proto != FW_PROTO_ICMP || pl->v[j].family != pr->family || (size_t) m < ihl + sizeof(h))
                                                        continue;
                                                memcpy(&h, b + ihl, sizeof(h));
                                                if (h.type == (v4 ? ICMP_ECHOREPLY : 129) && ntohs(h.un.echo.id) == 0x4200 + j)
                                                        pl->v[j].observed_open = true;
                                        }
                                }
                        }
                        if (pr->observed_open)
                                open_count++;
                }
                for (size_t i = 0; i < n_ls; i++) {
                        struct sockaddr_storage from;
                        socklen_t fl = sizeof(from);
                        char b[64];
                        ssize_t m;
                        if (!fds[pl->n + i].revents)
                                continue;
                        while ((m = recvfrom(ls[i].fd, b, sizeof(b), 0, (struct sockaddr *) &from, &fl)) > 0) {
                                (void) sendto(ls[i].fd, b, (size_t) m, 0, (struct sockaddr *) &from, fl);
                                fl = sizeof(from);
                        }
                }
        }
        for (size_t i = 0; i < pl->n; i++)
                if (pfd[i] >= 0)
                        close(pfd[i]);
out:
        for (size_t i = 0; i < n_ls; i++)
                close(ls[i].fd);
        (void) in_ns(e->orig_fd);
        return k;
}

static void plan_free(struct plan *pl)
{
        for (size_t i = 0; i < pl->n; i++)
                probe_clear(&pl->v[i]);
        free(pl->v);
        free(pl->src);
        free(pl->dst);
        strv_free(pl->notes);
        *pl = (struct plan){};
}

/*
 * One pass: every zone joined through zone_if(pass). Pass 0 sends the whole
 * plan; later passes only the probes that enter or leave through an interface
 * not used before, so each interface of a zone carries its probes, inbound
 * and forwarded out, at least once. The probes go to the end of r.
 */
static int verify_pass(const struct fw_policy *p, const struct fw_verify_options *o, uint32_t seed, const char *tx, size_t pass,
                       struct fw_verify_result *r, char **ret_error)
{
        struct env e = { .orig_fd = -1, .dev_fd = -1 };
        struct plan pl = {};
        size_t keep = 0;
        int k;

        plan_build(p, seed, &pl);
        for (size_t i = 0; i < pl.n; i++) {
                bool new_in = strv_length(p->zones[zone_index(p, pl.v[i].from)].interfaces) > pass;
                bool new_out = !streq(pl.v[i].to, "device") && strv_length(p->zones[zone_index(p, pl.v[i].to)].interfaces) > pass;

                if (pass > 0 && !new_in && !new_out) {
                        probe_clear(&pl.v[i]);
                        continue;
                }
                pl.v[keep] = pl.v[i];
                pl.src[keep] = pl.src[i];
                pl.dst[keep] = pl.dst[i];
                keep++;
        }
        pl.n = keep;
        if (pl.n == 0) {
                plan_free(&pl);
                return 0;
        }
        for (size_t i = 0; i < pl.n; i++) {
                pl.v[i].expected_open = expect_open(p, &pl.v[i], &pl.src[i], &pl.dst[i], o->island);
                snprintf(pl.v[i].in_if, sizeof(pl.v[i].in_if), "%s", zone_if(p, zone_index(p, pl.v[i].from), pass));
                if (!streq(pl.v[i].to, "device"))
                        snprintf(pl.v[i].out_if, sizeof(pl.v[i].out_if), "%s", zone_if(p, zone_index(p, pl.v[i].to), pass));
        }

        e.orig_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        if (e.orig_fd < 0) {
                k = negative_errno();
                goto out;
        }
        k = env_build(p, &pl, pass, &e, ret_error);
        if (k < 0)
                goto out;

        /* Load the ruleset inside the device namespace, and let it route between zones. */
        if ((k = in_ns(e.dev_fd)) < 0)
                goto out;
        k = fw_nft_run(tx, false, ret_error);
        if (k >= 0)
                k = write_proc("/proc/sys/net/ipv4/ip_forward", "1");
        if (k >= 0)
                k = write_proc("/proc/sys/net/ipv6/conf/all/forwarding", "1");
        (void) in_ns(e.orig_fd);
        if (k < 0)
                goto out;

        k = run_probes(p, &pl, &e, o->timeout_ms ? o->timeout_ms : 1500, ret_error);
        if (k < 0)
                goto out;

        r->v = xreallocarray(r->v, r->n + pl.n, sizeof(*r->v));
        memcpy(r->v + r->n, pl.v, pl.n * sizeof(*pl.v));
        r->n += pl.n;
        pl.n = 0; /* the strings moved to r */
        if (pass == 0) {
                r->notes = pl.notes;
                pl.notes = NULL;
        }
        k = 0;
out:
        env_destroy(&e);
        plan_free(&pl);
        return k;
}

int fw_verify(const struct fw_policy *p, const struct fw_verify_options *o, struct fw_verify_result **ret, char **ret_error)
{
        _cleanup_free_ char *compiled = NULL, *tx = NULL;
        struct fw_compile_options co = { .island = o->island };
        struct fw_verify_result *r = NULL;
        size_t passes = 1;
        uint32_t seed;
        int k;

        if (p->n_zones == 0) {
                *ret_error = xstrdup("the policy has no zones to probe from");
                return -EINVAL;
        }
        if (p->n_zones > 250) {
                *ret_error = xstrdup("too many zones to verify");
                return -E2BIG;
        }
        for (size_t z = 0; z < p->n_zones; z++)
                if (strv_length(p->zones[z].interfaces) == 0) {
                        *ret_error = xasprintf("zone '%s' has no interface to probe through", p->zones[z].name);
                        return -EINVAL;
                }

        if (o->ruleset)
                compiled = xstrdup(o->ruleset);
        else {
                k = fw_compile(p, &co, &compiled);
                if (k < 0)
                        return k;
        }

        /* Default seed from the ruleset, so a result is reproducible from the same policy. */
        {
                char h[SHA256_HEX_LEN + 1];
                sha256_hex(compiled, strlen(compiled), h);
                seed = o->have_seed ? o->seed : (uint32_t) strtoul((char[9]){ h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 0 }, NULL, 16);
        }
        r = xmalloc0(sizeof(*r));
        r->island = o->island;
        r->seed = seed;
        sha256_hex(compiled, strlen(compiled), r->ruleset_sha256);
        for (size_t z = 0; z < p->n_zones; z++)
                passes = MAX(passes, strv_length(p->zones[z].interfaces));
        tx = o->ruleset ? xstrdup(compiled) : fw_apply_transaction(compiled);

        for (size_t pass = 0; pass < passes; pass++) {
                k = verify_pass(p, o, seed, tx, pass, r, ret_error);
                if (k < 0)
                        goto out;
        }
        for (size_t i = 0; i < r->n; i++)
                if (r->v[i].expected_open != r->v[i].observed_open)
                        r->mismatches++;
        *ret = TAKE_PTR(r);
        k = 0;
out:
        fw_verify_result_free(r);
        return k;
}

static const char *proto_str(unsigned p)
{
        return p == FW_PROTO_TCP ? "tcp" : p == FW_PROTO_UDP ? "udp" : "icmp";
}

char *fw_verify_result_to_json(const struct fw_verify_result *r)
{
        json_t *j = json_object(), *arr = json_array(), *notes = json_array();
        char *s;

        json_object_set_new(j, "schema", json_string("bulwark-firewall-verify/1"));
        json_object_set_new(j, "island", json_boolean(r->island));
        json_object_set_new(j, "seed", json_integer(r->seed));
        json_object_set_new(j, "ruleset_sha256", json_string(r->ruleset_sha256));
        json_object_set_new(j, "probes", json_integer((json_int_t) r->n));
        json_object_set_new(j, "mismatches", json_integer((json_int_t) r->mismatches));
        json_object_set_new(j, "result", json_string(r->mismatches ? "fail" : "pass"));
        for (size_t i = 0; i < r->n; i++) {
                const struct fw_probe *p = &r->v[i];
                json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b}",
                                      "from", p->from, "to", p->to, "proto", proto_str(p->proto), "reason", p->reason,
                                      "src", p->src, "dst", p->dst,
                                      "expected", p->expected_open ? "open" : "closed",
                                      "observed", p->observed_open ? "open" : "closed",
                                      "match", p->expected_open == p->observed_open);
                if (p->proto != FW_PROTO_ICMP)
                        json_object_set_new(o, "port", json_integer(p->port));
                if (p->sport)
                        json_object_set_new(o, "sport", json_integer(p->sport));
                json_object_set_new(o, "family", json_string(p->family == AF_INET6 ? "ipv6" : "ipv4"));
                json_object_set_new(o, "interface", json_string(p->in_if));
                if (p->out_if[0])
                        json_object_set_new(o, "egress", json_string(p->out_if));
                json_array_append_new(arr, o);
        }
        json_object_set_new(j, "matrix", arr);
        for (char **n = r->notes; n && *n; n++)
                json_array_append_new(notes, json_string(*n));
        json_object_set_new(j, "notes", notes);
        s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(j);
        if (!s)
                abort();
        {
                char *t = xasprintf("%s\n", s);
                free(s);
                return t;
        }
}

char *fw_verify_result_to_text(const struct fw_verify_result *r)
{
        char *out = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&out, &len);

        if (!f)
                abort();
        fprintf(f, "%-14s %-10s %-14s %-5s %-6s %-32s %-16s %-9s %-9s\n", "FROM", "VIA", "TO", "PROTO", "PORT", "WHY", "SOURCE", "EXPECTED",
                "OBSERVED");
        for (size_t i = 0; i < r->n; i++) {
                const struct fw_probe *p = &r->v[i];
                char port[12] = "-";
                if (p->proto != FW_PROTO_ICMP)
                        snprintf(port, sizeof(port), "%u", p->port);
                fprintf(f, "%-14s %-10s %-14s %-5s %-6s %-32s %-16s %-9s %-9s%s\n", p->from, p->in_if, p->to, proto_str(p->proto), port,
                        p->reason, p->src,
                        p->expected_open ? "open" : "closed", p->observed_open ? "open" : "closed",
                        p->expected_open == p->observed_open ? "" : "  MISMATCH");
        }
        for (char **n = r->notes; n && *n; n++)
                fprintf(f, "note: %s\n", *n);
        fprintf(f, "%zu probes%s, %zu mismatches (seed %u): %s\n", r->n, r->island ? " in island mode" : "", r->mismatches, r->seed,
                r->mismatches ? "FAIL" : "PASS");
        fclose(f);
        return out;
}

int fw_verify_save(const char *state_dir, const char *json)
{
        _cleanup_free_ char *path = xasprintf("%s/%s", state_dir, FW_VERIFY_FILE);

        if (mkdir(state_dir, 0700) < 0 && errno != EEXIST)
                return negative_errno();
        return write_file_atomic(path, json, strlen(json), 0644);
}
