/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The plan of `firewall verify`: which probes, from which zone, through
 * which interface, and what the policy expects of each. Pure: a function of
 * the policy model, the seed and the pass (see verify-plan.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "macro.h"
#include "p2p-ports.h"
#include "strv.h"
#include "verify-plan.h"

#define SAMPLE_TCP 6
#define SAMPLE_UDP 3
#define SAMPLE_FWD 2
#define MAX_PROBES 4096
#define MAX_ZONES 250 /* the links are 100.64.ZONE.0/24 */

void fw_probe_clear(struct fw_probe *pr)
{
        free(pr->from);
        free(pr->to);
        free(pr->reason);
}

void fw_verify_plan_done(struct fw_verify_plan *pl)
{
        for (size_t i = 0; i < pl->n; i++)
                fw_probe_clear(&pl->v[i]);
        free(pl->v);
        free(pl->src);
        free(pl->dst);
        strv_free(pl->notes);
        *pl = (struct fw_verify_plan){};
}

bool fw_vaddr_eq(const struct fw_vaddr *x, const struct fw_vaddr *y)
{
        return x->family == y->family && memcmp(x->a, y->a, 16) == 0;
}

static bool vaddr_in(const struct fw_prefix *pr, const struct fw_vaddr *a)
{
        struct fw_prefix host = { .family = a->family, .len = a->family == AF_INET ? 32 : 128 };

        memcpy(host.addr, a->a, 16);
        return fw_prefix_contains(pr, &host);
}

/* The n-th address of a prefix, kept inside it (a host prefix is its own address). */
static struct fw_vaddr prefix_host(const struct fw_prefix *pr, unsigned n)
{
        unsigned full = pr->family == AF_INET ? 32 : 128, bytes = full / 8, hostbits = full - pr->len;
        struct fw_vaddr v = { .family = pr->family };
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

size_t fw_verify_zone_index(const struct fw_policy *p, const char *name)
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
struct fw_vaddr fw_verify_link_addr(int family, size_t zone, unsigned host)
{
        struct fw_vaddr v = { .family = family };

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
static int zone_addr(const struct fw_policy *p, size_t zi, int family, unsigned n, struct fw_vaddr *ret)
{
        const struct fw_zone *z = &p->zones[zi];
        const struct fw_prefix *a;

        if (z->n_addresses == 0) {
                *ret = fw_verify_link_addr(family, zi, 2);
                return 0;
        }
        a = first_of(z->addresses, z->n_addresses, family);
        if (!a)
                return -EAFNOSUPPORT;
        *ret = prefix_host(a, n);
        return 0;
}

static bool conduit_permits(const struct fw_policy *p, const struct fw_conduit *c, const char *from, const char *to,
                            unsigned proto, uint16_t port, const struct fw_vaddr *src, const struct fw_vaddr *dst, bool island)
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
static bool expect_open(const struct fw_policy *p, const struct fw_probe *pr, const struct fw_vaddr *src, const struct fw_vaddr *dst, bool island)
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

static void plan_probe(struct fw_verify_plan *pl, const char *from, const char *to, unsigned proto, uint16_t port, uint16_t sport,
                     const char *reason, const struct fw_vaddr *src, const struct fw_vaddr *dst)
{
        struct fw_probe *pr;

        /* The same probe for two reasons is sent once, under the first reason. */
        for (size_t i = 0; i < pl->n; i++)
                if (streq(pl->v[i].from, from) && streq(pl->v[i].to, to) && pl->v[i].proto == proto && pl->v[i].port == port &&
                    pl->v[i].sport == sport && fw_vaddr_eq(&pl->src[i], src) && fw_vaddr_eq(&pl->dst[i], dst))
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

static void plan_conduit(const struct fw_policy *p, const struct fw_conduit *c, size_t zi, int fam, struct fw_verify_plan *pl)
{
        const char *from = p->zones[zi].name;
        const struct fw_prefix *s1 = first_of(c->sources, c->n_sources, fam);
        struct fw_vaddr src, dst;

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
                dst = fw_verify_link_addr(fam, zi, 1);
        else if (zone_addr(p, fw_verify_zone_index(p, c->to), fam, 2, &dst) < 0)
                return;

        if (c->protocols & FW_PROTO_ICMP)
                plan_probe(pl, from, c->to, FW_PROTO_ICMP, 0, 0, c->name, &src, &dst);
        /* With Sources=, the same port from elsewhere in the zone must stay closed. */
        if (s1 && c->n_ports > 0) {
                struct fw_vaddr other;
                bool listed = false;
                if (zone_addr(p, zi, fam, 1, &other) == 0) {
                        for (size_t q = 0; q < c->n_sources && !listed; q++)
                                listed = vaddr_in(&c->sources[q], &other);
                        if (!listed) {
                                _cleanup_free_ char *why = xasprintf("%s (unlisted source)", c->name);
                                plan_probe(pl, from, c->to, c->protocols & FW_PROTO_TCP ? FW_PROTO_TCP : FW_PROTO_UDP,
                                         c->ports[0].first, 0, why, &other, &dst);
                        }
                }
        }
        for (size_t r = 0; r < c->n_ports; r++)
                for (unsigned pb = FW_PROTO_TCP; pb <= FW_PROTO_UDP; pb <<= 1) {
                        if (!(c->protocols & pb))
                                continue;
                        plan_probe(pl, from, c->to, pb, c->ports[r].first, 0, c->name, &src, &dst);
                        if (c->ports[r].last != c->ports[r].first)
                                plan_probe(pl, from, c->to, pb, c->ports[r].last, 0, c->name, &src, &dst);
                }
}

static void plan_all(const struct fw_policy *p, uint32_t seed, struct fw_verify_plan *pl)
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
                        struct fw_vaddr src, dev = fw_verify_link_addr(fam, zi, 1);

                        if (zone_addr(p, zi, fam, 1, &src) < 0) {
                                strv_consume(&pl->notes, xasprintf("zone %s: no %s addresses, %s not probed from it", from,
                                                                   fam == AF_INET ? "IPv4" : "IPv6", fam == AF_INET ? "IPv4" : "IPv6"));
                                continue;
                        }
                        if (fam == AF_INET)
                                plan_probe(pl, from, "device", FW_PROTO_UDP, 68, 67, "dhcp-client", &src, &dev);
                        else
                                plan_probe(pl, from, "device", FW_PROTO_UDP, 546, 547, "dhcpv6-client", &src, &dev);
                        plan_probe(pl, from, "device", FW_PROTO_ICMP, 0, 0, "ping", &src, &dev);
                        for (size_t q = 0; q < p2p_ports_count; q++) {
                                _cleanup_free_ char *why = xasprintf("p2p:%s", p2p_ports[q].service);
                                plan_probe(pl, from, "device", p2p_ports[q].proto == IPPROTO_TCP ? FW_PROTO_TCP : FW_PROTO_UDP, p2p_ports[q].port, 0, why, &src, &dev);
                        }
                        for (unsigned k = 0; k < SAMPLE_TCP + SAMPLE_UDP; k++)
                                plan_probe(pl, from, "device", k < SAMPLE_TCP ? FW_PROTO_TCP : FW_PROTO_UDP, sample[k], 0, "sample", &src, &dev);
                        for (size_t ti = 0; ti < p->n_zones; ti++) {
                                struct fw_vaddr dst;
                                if (ti == zi || zone_addr(p, ti, fam, 2, &dst) < 0)
                                        continue;
                                plan_probe(pl, from, p->zones[ti].name, FW_PROTO_TCP, 25, 0, "p2p:smtp", &src, &dst);
                                for (unsigned k = 0; k < SAMPLE_FWD; k++)
                                        plan_probe(pl, from, p->zones[ti].name, FW_PROTO_TCP, fwd_sample[ti % FW_MAX_ZONES][k], 0, "sample", &src, &dst);
                        }
                }
}

int fw_verify_plan_check(const struct fw_policy *p, char **ret_error)
{
        if (p->n_zones == 0) {
                *ret_error = xstrdup("the policy has no zones to probe from");
                return -EINVAL;
        }
        if (p->n_zones > MAX_ZONES) {
                *ret_error = xstrdup("too many zones to verify");
                return -E2BIG;
        }
        for (size_t z = 0; z < p->n_zones; z++)
                if (strv_length(p->zones[z].interfaces) == 0) {
                        *ret_error = xasprintf("zone '%s' has no interface to probe through", p->zones[z].name);
                        return -EINVAL;
                }
        return 0;
}

size_t fw_verify_plan_passes(const struct fw_policy *p)
{
        size_t passes = 1;

        for (size_t z = 0; z < p->n_zones; z++)
                passes = MAX(passes, strv_length(p->zones[z].interfaces));
        return passes;
}

/*
 * Pass 0 uses every zone's first interface, pass j its (j+1)-th, or its last
 * when it has fewer: every interface of every zone carries probes in one pass.
 */
const char *fw_verify_zone_if(const struct fw_policy *p, size_t zi, size_t pass)
{
        size_t n = strv_length(p->zones[zi].interfaces);

        return p->zones[zi].interfaces[MIN(pass, n - 1)];
}

int fw_verify_plan_build(const struct fw_policy *p, uint32_t seed, size_t pass, bool island, struct fw_verify_plan *ret,
                         char **ret_error)
{
        struct fw_verify_plan pl = {};
        size_t keep = 0;
        int k;

        k = fw_verify_plan_check(p, ret_error);
        if (k < 0)
                return k;

        plan_all(p, seed, &pl);
        for (size_t i = 0; i < pl.n; i++) {
                bool new_in = strv_length(p->zones[fw_verify_zone_index(p, pl.v[i].from)].interfaces) > pass;
                bool new_out = !streq(pl.v[i].to, "device") &&
                               strv_length(p->zones[fw_verify_zone_index(p, pl.v[i].to)].interfaces) > pass;

                if (pass > 0 && !new_in && !new_out) {
                        fw_probe_clear(&pl.v[i]);
                        continue;
                }
                pl.v[keep] = pl.v[i];
                pl.src[keep] = pl.src[i];
                pl.dst[keep] = pl.dst[i];
                keep++;
        }
        pl.n = keep;
        for (size_t i = 0; i < pl.n; i++) {
                pl.v[i].expected_open = expect_open(p, &pl.v[i], &pl.src[i], &pl.dst[i], island);
                snprintf(pl.v[i].in_if, sizeof(pl.v[i].in_if), "%s", fw_verify_zone_if(p, fw_verify_zone_index(p, pl.v[i].from), pass));
                if (!streq(pl.v[i].to, "device"))
                        snprintf(pl.v[i].out_if, sizeof(pl.v[i].out_if), "%s",
                                 fw_verify_zone_if(p, fw_verify_zone_index(p, pl.v[i].to), pass));
        }
        *ret = pl;
        return 0;
}
