/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The firewall policy model: diagnostics, the policy, prefixes, validation and canonical order. */
#include <arpa/inet.h>
#include <stdarg.h>

#include "policy-internal.h"
#include "strv.h"

void fw_diags_clear(struct fw_diags *d)
{
        for (size_t i = 0; i < d->n; i++) {
                free(d->v[i].file);
                free(d->v[i].message);
        }
        free(d->v);
        *d = (struct fw_diags){};
}

void fw_diag_add(struct fw_diags *d, const char *file, unsigned line, unsigned column, const char *fmt, ...)
{
        struct fw_diag *g;
        va_list ap;

        if (!d)
                return;
        d->v = xreallocarray(d->v, d->n + 1, sizeof(*d->v));
        g = &d->v[d->n++];
        va_start(ap, fmt);
        *g = (struct fw_diag){ .file = xstrdup(strempty(file)), .line = line, .column = column, .message = xvasprintf(fmt, ap) };
        va_end(ap);
}

char *fw_diags_format(const struct fw_diags *d)
{
        char *out = xstrdup("");

        for (size_t i = 0; i < d->n; i++) {
                const struct fw_diag *g = &d->v[i];
                char *n;

                if (g->line && g->column)
                        n = xasprintf("%s%s:%u:%u: error: %s\n", out, g->file, g->line, g->column, g->message);
                else if (g->line)
                        n = xasprintf("%s%s:%u: error: %s\n", out, g->file, g->line, g->message);
                else
                        n = xasprintf("%s%s: error: %s\n", out, g->file, g->message);
                free(out);
                out = n;
        }
        return out;
}

struct fw_policy *fw_policy_new(void)
{
        struct fw_policy *p = xmalloc0(sizeof(*p));

        p->dhcp_client = false;
        p->block_p2p = true;
        p->icmp_essential = true;
        return p;
}

static void zone_clear(struct fw_zone *z)
{
        free(z->name);
        strv_free(z->interfaces);
        free(z->addresses);
}

static void conduit_clear(struct fw_conduit *c)
{
        free(c->name);
        free(c->description);
        free(c->from);
        free(c->to);
        free(c->ports);
        free(c->sources);
        free(c->rate_unit);
}

/*
 * Name → index of a conduit while parsing, so that reading N sections costs
 * N, not N²: open addressing over p->conduit_slots, each slot holding
 * index + 1 (0: empty), at most half full.
 */
static uint32_t name_hash(const char *s)
{
        uint32_t h = 2166136261u; /* FNV-1a */

        for (; *s; s++)
                h = (h ^ (uint8_t) *s) * 16777619u;
        return h;
}

size_t *fw_conduit_slot(struct fw_policy *p, const char *name)
{
        size_t mask = p->conduit_slots_cap - 1, i = name_hash(name) & mask;

        while (p->conduit_slots[i] && !streq(p->conduits[p->conduit_slots[i] - 1].name, name))
                i = (i + 1) & mask;
        return &p->conduit_slots[i];
}

void fw_conduit_index_add(struct fw_policy *p, size_t index)
{
        if (2 * (p->n_conduits + 1) > p->conduit_slots_cap) {
                size_t *old = p->conduit_slots, old_cap = p->conduit_slots_cap;

                p->conduit_slots_cap = old_cap ? 2 * old_cap : 64;
                p->conduit_slots = xmalloc0(p->conduit_slots_cap * sizeof(*p->conduit_slots));
                for (size_t i = 0; i < old_cap; i++)
                        if (old[i])
                                *fw_conduit_slot(p, p->conduits[old[i] - 1].name) = old[i];
                free(old);
        }
        *fw_conduit_slot(p, p->conduits[index].name) = index + 1;
}

static void conduit_index_drop(struct fw_policy *p)
{
        free(p->conduit_slots);
        p->conduit_slots = NULL;
        p->conduit_slots_cap = 0;
}

void fw_policy_free(struct fw_policy *p)
{
        if (!p)
                return;
        conduit_index_drop(p);
        for (size_t i = 0; i < p->n_zones; i++)
                zone_clear(&p->zones[i]);
        free(p->zones);
        for (size_t i = 0; i < p->n_conduits; i++)
                conduit_clear(&p->conduits[i]);
        free(p->conduits);
        strv_free(p->files);
        free(p);
}

const struct fw_zone *fw_policy_zone(const struct fw_policy *p, const char *name)
{
        for (size_t i = 0; i < p->n_zones; i++)
                if (streq(p->zones[i].name, name))
                        return &p->zones[i];
        return NULL;
}

const char *fw_prefix_to_string(const struct fw_prefix *pr, char buf[static 64])
{
        unsigned full = pr->family == AF_INET ? 32 : 128;
        size_t n;

        /* The compiler prints thousands of these: no printf machinery (glibc's inet_ntop uses it for IPv4). */
        if (pr->family == AF_INET) {
                n = 0;
                for (int i = 0; i < 4; i++) {
                        unsigned o = pr->addr[i];
                        if (i)
                                buf[n++] = '.';
                        if (o >= 100)
                                buf[n++] = (char) ('0' + o / 100);
                        if (o >= 10)
                                buf[n++] = (char) ('0' + o / 10 % 10);
                        buf[n++] = (char) ('0' + o % 10);
                }
                buf[n] = 0;
        } else {
                if (!inet_ntop(pr->family, pr->addr, buf, INET6_ADDRSTRLEN))
                        buf[0] = 0;
                n = strlen(buf);
        }
        if (pr->len != full) {
                char d[4];
                size_t nd = 0;
                unsigned v = pr->len;

                do
                        d[nd++] = (char) ('0' + v % 10);
                while ((v /= 10) > 0 && nd < sizeof(d));
                buf[n++] = '/';
                while (nd > 0)
                        buf[n++] = d[--nd];
                buf[n] = 0;
        }
        return buf;
}

bool fw_prefix_contains(const struct fw_prefix *outer, const struct fw_prefix *inner)
{
        if (outer->family != inner->family || outer->len > inner->len)
                return false;
        for (unsigned b = 0; b < outer->len; b++) {
                uint8_t m = (uint8_t) (0x80u >> (b % 8));
                if ((outer->addr[b / 8] & m) != (inner->addr[b / 8] & m))
                        return false;
        }
        return true;
}

/* ---- validation and canonical order ---- */

static int cmp_zone(const void *a, const void *b)
{
        return strcmp(((const struct fw_zone *) a)->name, ((const struct fw_zone *) b)->name);
}

static int cmp_conduit(const void *a, const void *b)
{
        return strcmp(((const struct fw_conduit *) a)->name, ((const struct fw_conduit *) b)->name);
}

static int cmp_prefix(const void *a, const void *b)
{
        const struct fw_prefix *x = a, *y = b;

        if (x->family != y->family)
                return x->family == AF_INET ? -1 : 1;
        int c = memcmp(x->addr, y->addr, 16);
        if (c)
                return c;
        return (int) x->len - (int) y->len;
}

static int cmp_port(const void *a, const void *b)
{
        const struct fw_port_range *x = a, *y = b;

        if (x->first != y->first)
                return (int) x->first - (int) y->first;
        return (int) x->last - (int) y->last;
}

static void sort_prefixes(struct fw_prefix *v, size_t *n)
{
        size_t o = 0;

        if (*n == 0)
                return;
        qsort_safe(v, *n, sizeof(*v), cmp_prefix);
        for (size_t i = 0; i < *n; i++)
                if (o == 0 || cmp_prefix(&v[o - 1], &v[i]) != 0)
                        v[o++] = v[i];
        *n = o;
}

static void sort_ports(struct fw_port_range *v, size_t *n)
{
        size_t o = 0;

        if (*n == 0)
                return;
        qsort_safe(v, *n, sizeof(*v), cmp_port);
        /* Merge overlapping and adjacent ranges: nftables refuses overlapping interval elements. */
        for (size_t i = 0; i < *n; i++) {
                if (o > 0 && (uint32_t) v[i].first <= (uint32_t) v[o - 1].last + 1) {
                        if (v[i].last > v[o - 1].last)
                                v[o - 1].last = v[i].last;
                        continue;
                }
                v[o++] = v[i];
        }
        *n = o;
}

#include "p2p-ports.h"

int fw_policy_finish(struct fw_policy *p, struct fw_diags *diags)
{
        unsigned errors = 0;

#define LERR(loc, ...) do { fw_diag_add(diags, (loc).file, (loc).line, (loc).column, __VA_ARGS__); errors++; } while (0)

        if (p->n_zones > 0)
                qsort(p->zones, p->n_zones, sizeof(*p->zones), cmp_zone);
        /* Sorting moves conduits: the parse-time index no longer applies. */
        conduit_index_drop(p);
        if (p->n_conduits > 0)
                qsort(p->conduits, p->n_conduits, sizeof(*p->conduits), cmp_conduit);

        for (size_t i = 0; i < p->n_zones; i++) {
                struct fw_zone *z = &p->zones[i];

                if (z->interfaces)
                        strv_sort(z->interfaces);
                sort_prefixes(z->addresses, &z->n_addresses);
                if (strv_length(z->interfaces) == 0)
                        LERR(z->loc, "zone '%s' has no Interfaces=: a zone is the network behind named interfaces", z->name);
                if (strv_contains(z->interfaces, "lo"))
                        LERR(z->loc, "zone '%s' names 'lo': loopback is always accepted and belongs to no zone", z->name);
                for (size_t j = 0; j < i; j++)
                        for (char **a = z->interfaces; a && *a; a++)
                                if (strv_contains(p->zones[j].interfaces, *a))
                                        LERR(z->loc, "interface '%s' is in zone '%s' and zone '%s': an interface belongs to one zone", *a, p->zones[j].name, z->name);
        }

        for (size_t i = 0; i < p->n_conduits; i++) {
                struct fw_conduit *c = &p->conduits[i];
                const struct fw_zone *from = NULL;

                sort_prefixes(c->sources, &c->n_sources);
                sort_ports(c->ports, &c->n_ports);
                if (!c->from)
                        LERR(c->loc, "conduit '%s' has no From= (a zone or 'any')", c->name);
                else if (!streq(c->from, "any") && !(from = fw_policy_zone(p, c->from)))
                        LERR(c->loc, "conduit '%s': From=%s names no zone", c->name, c->from);
                if (!c->to)
                        LERR(c->loc, "conduit '%s' has no To= ('device' or a zone)", c->name);
                else if (!streq(c->to, "device") && !fw_policy_zone(p, c->to))
                        LERR(c->loc, "conduit '%s': To=%s names no zone (or 'device')", c->name, c->to);
                else if (c->from && streq(c->from, c->to))
                        LERR(c->loc, "conduit '%s' goes from zone '%s' to itself: traffic within a zone does not cross the device", c->name, c->to);
                if (c->protocols == 0)
                        LERR(c->loc, "conduit '%s' has no Protocol= (tcp, udp, icmp)", c->name);
                if ((c->protocols & (FW_PROTO_TCP | FW_PROTO_UDP)) && c->n_ports == 0)
                        LERR(c->loc, "conduit '%s' has no Ports=: name the ports it permits", c->name);
                if (!(c->protocols & (FW_PROTO_TCP | FW_PROTO_UDP)) && c->n_ports > 0)
                        LERR(c->loc, "conduit '%s' has Ports= but no tcp or udp in Protocol=", c->name);
                /* A source outside the zone could never match: most likely a typo. */
                if (from && from->n_addresses > 0)
                        for (size_t s = 0; s < c->n_sources; s++) {
                                bool inside = false;
                                char b[64];
                                for (size_t a = 0; a < from->n_addresses && !inside; a++)
                                        inside = fw_prefix_contains(&from->addresses[a], &c->sources[s]);
                                if (!inside)
                                        LERR(c->loc, "conduit '%s': source %s is outside the addresses of zone '%s'", c->name, fw_prefix_to_string(&c->sources[s], b), from->name);
                        }
                /* The device section closes these; a conduit cannot quietly reopen them. */
                for (size_t r = 0; r < c->n_ports; r++) {
                        if (!p->dhcp_client && (c->protocols & FW_PROTO_UDP) && c->ports[r].first <= 68 && c->ports[r].last >= 68)
                                LERR(c->loc, "conduit '%s' opens UDP 68 (DHCP client) while [Device] DHCPClient=no", c->name);
                        if (!p->block_p2p)
                                continue;
                        for (size_t q = 0; q < p2p_ports_count; q++) {
                                const struct p2p_port *pp = &p2p_ports[q];
                                unsigned bit = pp->proto == IPPROTO_TCP ? FW_PROTO_TCP : FW_PROTO_UDP;
                                if ((c->protocols & bit) && c->ports[r].first <= pp->port && c->ports[r].last >= pp->port)
                                        LERR(c->loc, "conduit '%s' opens %s %u (%s), a person-to-person port; set PersonToPerson=allow in [Device] to permit it", c->name, bit == FW_PROTO_TCP ? "TCP" : "UDP", pp->port, pp->service);
                        }
                }
        }
#undef LERR
        return errors ? -EBADMSG : 0;
}
