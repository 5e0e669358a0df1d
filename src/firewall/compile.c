/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <stdio.h>

#include "compile.h"
#include "macro.h"
#include "p2p-ports.h"
#include "strv.h"

/* One permitted (source prefix, protocol, port range); source family 0 means any source. */
struct entry {
        struct fw_prefix src;
        bool has_src;
        unsigned proto; /* FW_PROTO_TCP or FW_PROTO_UDP */
        uint16_t first, last;
};

struct entries {
        struct entry *v;
        size_t n, cap;
};

static void entries_add(struct entries *e, const struct entry *x)
{
        if (e->n == e->cap) {
                e->cap = e->cap ? 2 * e->cap : 16;
                e->v = xreallocarray(e->v, e->cap, sizeof(*e->v));
        }
        e->v[e->n++] = *x;
}

static const char *proto_name(unsigned proto)
{
        return proto == FW_PROTO_TCP ? "tcp" : "udp";
}

static void print_range(FILE *f, uint16_t a, uint16_t b)
{
        if (a == b)
                fprintf(f, "%u", a);
        else
                fprintf(f, "%u-%u", a, b);
}

static int cmp_u32(const void *a, const void *b)
{
        uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;
        return x < y ? -1 : x > y;
}

static int cmp_prefix_ptr(const void *a, const void *b)
{
        const struct fw_prefix *x = *(const struct fw_prefix *const *) a, *y = *(const struct fw_prefix *const *) b;
        int c = memcmp(x->addr, y->addr, 16);
        return c ? c : (int) x->len - (int) y->len;
}

/*
 * Writes the elements of a set of "[prefix . ]proto . port-range" such that no
 * two elements overlap (nftables refuses overlapping intervals in
 * concatenations): ports are cut into elementary segments at every range
 * boundary; per segment the covering source prefixes are reduced to the
 * maximal ones (CIDR prefixes either nest or are disjoint); neighbouring
 * segments with the same prefixes are joined again.
 */
static int cmp_entry_first(const void *a, const void *b)
{
        const struct entry *x = *(const struct entry *const *) a, *y = *(const struct entry *const *) b;
        return (int) x->first - (int) y->first;
}

static size_t emit_elements(FILE *f, const struct entries *all, int family, unsigned proto, bool first_elem)
{
        _cleanup_free_ uint32_t *cuts = NULL;
        _cleanup_free_ const struct entry **sel = NULL, **active = NULL;
        _cleanup_free_ const struct fw_prefix **cover = NULL, **prev = NULL;
        size_t n_cuts = 0, n_sel = 0, n_active = 0, next = 0, n_prev = 0, count = 0;
        uint32_t prev_lo = 0, prev_hi = 0;
        bool have_prev = false;

        sel = xreallocarray(NULL, all->n + 1, sizeof(*sel));
        for (size_t i = 0; i < all->n; i++) {
                const struct entry *e = &all->v[i];
                if (e->proto != proto || (family ? (!e->has_src || e->src.family != family) : e->has_src))
                        continue;
                sel[n_sel++] = e;
        }
        if (n_sel == 0)
                return 0;
        qsort_safe(sel, n_sel, sizeof(*sel), cmp_entry_first);
        cuts = xreallocarray(NULL, n_sel * 2, sizeof(*cuts));
        for (size_t i = 0; i < n_sel; i++) {
                cuts[n_cuts++] = sel[i]->first;
                cuts[n_cuts++] = (uint32_t) sel[i]->last + 1;
        }
        qsort_safe(cuts, n_cuts, sizeof(*cuts), cmp_u32);
        active = xreallocarray(NULL, n_sel, sizeof(*active));
        cover = xreallocarray(NULL, n_sel, sizeof(*cover));
        prev = xreallocarray(NULL, n_sel, sizeof(*prev));

#define FLUSH()                                                                                          \
        do {                                                                                             \
                for (size_t q = 0; have_prev && q < (family ? n_prev : 1); q++) {                        \
                        char b[64];                                                                      \
                        fputs(first_elem && count == 0 ? "\t\telements = { " : ",\n\t\t\t     ", f);      \
                        if (family)                                                                      \
                                fprintf(f, "%s . ", fw_prefix_to_string(prev[q], b));                    \
                        fprintf(f, "%s . ", proto_name(proto));                                          \
                        print_range(f, (uint16_t) prev_lo, (uint16_t) prev_hi);                          \
                        count++;                                                                         \
                }                                                                                        \
        } while (0)

        /* Sweep the segments in port order, keeping the entries that cover the current one. */
        for (size_t c = 0; c + 1 < n_cuts; c++) {
                uint32_t lo = cuts[c], hi = cuts[c + 1] - 1;
                size_t n_cover = 0, o = 0, keep = 0;

                if (cuts[c] == cuts[c + 1])
                        continue;
                while (next < n_sel && sel[next]->first <= lo)
                        active[n_active++] = sel[next++];
                /* Every range end is a cut, so an entry still reaching lo covers the whole segment. */
                for (size_t i = 0; i < n_active; i++)
                        if (active[i]->last >= lo)
                                active[keep++] = active[i];
                n_active = keep;
                for (size_t i = 0; i < n_active; i++)
                        cover[n_cover++] = &active[i]->src;
                if (n_cover == 0) {
                        FLUSH();
                        have_prev = false;
                        continue;
                }
                if (family) {
                        /* Keep only prefixes not inside another one, sorted, unique. */
                        qsort_safe(cover, n_cover, sizeof(*cover), cmp_prefix_ptr);
                        for (size_t i = 0; i < n_cover; i++) {
                                bool inside = false;
                                for (size_t j = 0; j < n_cover && !inside; j++)
                                        if (j != i && fw_prefix_contains(cover[j], cover[i]) &&
                                            (cover[j]->len < cover[i]->len || j < i))
                                                inside = true;
                                if (!inside)
                                        cover[o++] = cover[i];
                        }
                } else
                        o = 1;
                if (have_prev && prev_hi + 1 == lo && n_prev == o &&
                    (!family || memcmp(prev, cover, o * sizeof(*cover)) == 0)) {
                        prev_hi = hi;
                        continue;
                }
                FLUSH();
                memcpy(prev, cover, o * sizeof(*cover));
                n_prev = o;
                prev_lo = lo;
                prev_hi = hi;
                have_prev = true;
        }
        FLUSH();
#undef FLUSH
        return count;
}

/* Emits a set if it would have elements; returns whether it did. */
static bool emit_set(FILE *f, const char *name, const struct entries *e, int family)
{
        static const unsigned protos[] = { FW_PROTO_TCP, FW_PROTO_UDP };
        _cleanup_free_ char *body = NULL;
        size_t body_len = 0, count = 0;
        FILE *m;

        m = open_memstream(&body, &body_len);
        if (!m)
                abort();
        for (size_t i = 0; i < ARRAY_SIZE(protos); i++)
                count += emit_elements(m, e, family, protos[i], count == 0);
        fclose(m);
        if (count == 0)
                return false;
        fprintf(f, "\tset %s {\n\t\ttype %sinet_proto . inet_service\n\t\tflags interval\n%s }\n\t}\n\n",
                name, family == AF_INET ? "ipv4_addr . " : family == AF_INET6 ? "ipv6_addr . " : "", body);
        return true;
}

/* What one zone chain (in_<zone>, fwd_<from>_<to>) permits. */
struct chain_plan {
        char *name;                  /* chain name */
        const char *from, *to;       /* zone names (or "any"/"device"), owned by the policy */
        struct entries normal, island;
        const struct fw_conduit **singles; /* conduits that need their own rules */
        size_t n_singles;
};

static void plan_clear(struct chain_plan *c)
{
        free(c->name);
        free(c->normal.v);
        free(c->island.v);
        free(c->singles);
}

static bool conduit_single(const struct fw_conduit *c)
{
        return c->rate > 0 || c->log || (c->protocols & FW_PROTO_ICMP);
}

static void plan_add(struct chain_plan *pl, const struct fw_conduit *c)
{
        static const unsigned protos[] = { FW_PROTO_TCP, FW_PROTO_UDP };
        struct entries *e = c->island_safe ? &pl->island : &pl->normal;

        if (conduit_single(c)) {
                pl->singles = xreallocarray(pl->singles, pl->n_singles + 1, sizeof(*pl->singles));
                pl->singles[pl->n_singles++] = c;
                return;
        }
        for (size_t p = 0; p < ARRAY_SIZE(protos); p++) {
                if (!(c->protocols & protos[p]))
                        continue;
                for (size_t r = 0; r < c->n_ports; r++) {
                        if (c->n_sources == 0)
                                entries_add(e, &(struct entry){ .proto = protos[p], .first = c->ports[r].first, .last = c->ports[r].last });
                        for (size_t s = 0; s < c->n_sources; s++)
                                entries_add(e, &(struct entry){ .src = c->sources[s], .has_src = true, .proto = protos[p],
                                                                .first = c->ports[r].first, .last = c->ports[r].last });
                }
        }
}

static void emit_prefix_list(FILE *f, const struct fw_prefix *v, size_t n, int family)
{
        bool first = true;
        char b[64];

        fputs("{ ", f);
        for (size_t i = 0; i < n; i++) {
                if (v[i].family != family)
                        continue;
                fprintf(f, "%s%s", first ? "" : ", ", fw_prefix_to_string(&v[i], b));
                first = false;
        }
        fputs(" }", f);
}

static bool has_family(const struct fw_prefix *v, size_t n, int family)
{
        for (size_t i = 0; i < n; i++)
                if (v[i].family == family)
                        return true;
        return false;
}

/* "return" unless the address (saddr or daddr) is in the zone's ranges. */
static void emit_zone_address_guard(FILE *f, const struct fw_zone *z, const char *dir)
{
        if (!z || z->n_addresses == 0)
                return;
        if (has_family(z->addresses, z->n_addresses, AF_INET)) {
                fprintf(f, "\t\tmeta nfproto ipv4 ip %s != ", dir);
                emit_prefix_list(f, z->addresses, z->n_addresses, AF_INET);
                fputs(" return\n", f);
        } else
                fputs("\t\tmeta nfproto ipv4 return\n", f);
        if (has_family(z->addresses, z->n_addresses, AF_INET6)) {
                fprintf(f, "\t\tmeta nfproto ipv6 ip6 %s != ", dir);
                emit_prefix_list(f, z->addresses, z->n_addresses, AF_INET6);
                fputs(" return\n", f);
        } else
                fputs("\t\tmeta nfproto ipv6 return\n", f);
}

static void emit_accept_tail(FILE *f, const struct fw_conduit *c, bool island_mode)
{
        if (c->rate)
                fprintf(f, " limit rate %u/%s", c->rate, c->rate_unit);
        if (c->log)
                fprintf(f, " log prefix \"bulwark %s: \"", c->name);
        if (!c->island_safe && !island_mode)
                fprintf(f, " ct mark set ct mark or 0x%08x", FW_CT_MARK_NOT_ISLAND);
        fprintf(f, " accept comment \"%s\"\n", c->name);
}

static void emit_single(FILE *f, const struct fw_conduit *c, bool island_mode)
{
        static const int fams[] = { AF_INET, AF_INET6 };

        for (size_t fi = 0; fi < ARRAY_SIZE(fams); fi++) {
                int fam = fams[fi];
                const char *ipk = fam == AF_INET ? "ip" : "ip6";

                /* With sources, a rule per family that has some; without, rules that match both. */
                if (c->n_sources > 0 && !has_family(c->sources, c->n_sources, fam))
                        continue;
                if (c->protocols & (FW_PROTO_TCP | FW_PROTO_UDP)) {
                        if (c->n_sources == 0 && fam == AF_INET6)
                                goto icmp; /* the family-less rule below covers both */
                        fputs("\t\t", f);
                        if (c->n_sources > 0) {
                                fprintf(f, "%s saddr ", ipk);
                                emit_prefix_list(f, c->sources, c->n_sources, fam);
                                fputc(' ', f);
                        }
                        fprintf(f, "meta l4proto %s th dport { ",
                                (c->protocols & FW_PROTO_TCP) && (c->protocols & FW_PROTO_UDP) ? "{ tcp, udp }" : (c->protocols & FW_PROTO_TCP) ? "tcp" : "udp");
                        for (size_t r = 0; r < c->n_ports; r++) {
                                if (r)
                                        fputs(", ", f);
                                print_range(f, c->ports[r].first, c->ports[r].last);
                        }
                        fputs(" }", f);
                        emit_accept_tail(f, c, island_mode);
                }
        icmp:
                if (c->protocols & FW_PROTO_ICMP) {
                        fputs("\t\t", f);
                        if (c->n_sources > 0) {
                                fprintf(f, "%s saddr ", ipk);
                                emit_prefix_list(f, c->sources, c->n_sources, fam);
                                fputc(' ', f);
                        }
                        fputs(fam == AF_INET ? "icmp type echo-request" : "icmpv6 type echo-request", f);
                        emit_accept_tail(f, c, island_mode);
                }
        }
}

static void emit_chain(FILE *f, const struct chain_plan *pl, const struct fw_zone *src_zone, const struct fw_zone *dst_zone, bool island_mode)
{
        static const struct { const char *suffix; int family; const char *match; } kinds[] = {
                { "svc", 0, "meta l4proto . th dport" },
                { "src4", AF_INET, "ip saddr . meta l4proto . th dport" },
                { "src6", AF_INET6, "ip6 saddr . meta l4proto . th dport" },
        };
        const struct { const struct entries *e; const char *tag; bool island; } groups[] = {
                { &pl->island, "island", true },
                { &pl->normal, "conduits", false },
        };

        /* Sets first, then the chain that refers to them. */
        bool emitted[2][3] = {};
        for (size_t g = 0; g < ARRAY_SIZE(groups); g++) {
                if (island_mode && !groups[g].island)
                        continue;
                for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
                        _cleanup_free_ char *sn = xasprintf("%s_%s_%s", pl->name, groups[g].tag, kinds[k].suffix);
                        emitted[g][k] = emit_set(f, sn, groups[g].e, kinds[k].family);
                }
        }

        fprintf(f, "\tchain %s {\n", pl->name);
        emit_zone_address_guard(f, src_zone, "saddr");
        emit_zone_address_guard(f, dst_zone, "daddr");
        for (size_t g = 0; g < ARRAY_SIZE(groups); g++) {
                if (island_mode && !groups[g].island)
                        continue;
                for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
                        if (!emitted[g][k])
                                continue;
                        fprintf(f, "\t\t%s @%s_%s_%s", kinds[k].match, pl->name, groups[g].tag, kinds[k].suffix);
                        if (!groups[g].island)
                                fprintf(f, " ct mark set ct mark or 0x%08x", FW_CT_MARK_NOT_ISLAND);
                        fputs(" accept\n", f);
                }
        }
        for (size_t i = 0; i < pl->n_singles; i++) {
                if (island_mode && !pl->singles[i]->island_safe)
                        continue;
                emit_single(f, pl->singles[i], island_mode);
        }
        fputs("\t}\n\n", f);
}

static bool plan_empty(const struct chain_plan *pl, bool island_mode)
{
        if (pl->island.n > 0)
                return false;
        if (!island_mode && pl->normal.n > 0)
                return false;
        for (size_t i = 0; i < pl->n_singles; i++)
                if (!island_mode || pl->singles[i]->island_safe)
                        return false;
        return true;
}

static void emit_counters(FILE *f)
{
        static const char *const names[] = { "drop_dhcp", "drop_forward", "drop_input", "drop_invalid", "drop_p2p" };

        for (size_t i = 0; i < ARRAY_SIZE(names); i++)
                fprintf(f, "\tcounter %s {\n\t}\n\n", names[i]);
}

static void emit_p2p_set(FILE *f)
{
        fputs("\tset p2p {\n\t\ttype inet_proto . inet_service\n\t\telements = { ", f);
        for (size_t i = 0; i < p2p_ports_count; i++)
                fprintf(f, "%s%s . %u", i ? ",\n\t\t\t     " : "", p2p_ports[i].proto == IPPROTO_TCP ? "tcp" : "udp", p2p_ports[i].port);
        fputs(" }\n\t}\n\n", f);
}

static void emit_established(FILE *f, bool island_mode)
{
        fputs("\t\tct state invalid counter name \"drop_invalid\" drop\n", f);
        if (island_mode)
                fprintf(f, "\t\tct state established,related ct mark and 0x%08x == 0 accept\n", FW_CT_MARK_NOT_ISLAND);
        else
                fputs("\t\tct state established,related accept\n", f);
}

static void emit_icmp_errors(FILE *f)
{
        fputs("\t\ticmp type { destination-unreachable, time-exceeded, parameter-problem } accept\n"
              "\t\ticmpv6 type { destination-unreachable, packet-too-big, time-exceeded, parameter-problem } accept\n", f);
}

int fw_compile(const struct fw_policy *p, const struct fw_compile_options *o, char **ret)
{
        bool island = o && o->island;
        _cleanup_free_ char *out = NULL;
        size_t out_len = 0, n_in = 0, n_fwd = 0;
        struct chain_plan *in = NULL, *fwd = NULL;
        FILE *f;

        /* Plan: one input chain per source zone (and "any"), one forward chain per (from, to). */
        for (size_t i = 0; i < p->n_conduits; i++) {
                const struct fw_conduit *c = &p->conduits[i];
                bool to_device = streq(c->to, "device");
                char name[2 * FW_NAME_MAX + 16]; /* zone names are at most FW_NAME_MAX */
                struct chain_plan **v = to_device ? &in : &fwd;
                size_t *n = to_device ? &n_in : &n_fwd, j;

                if (to_device)
                        snprintf(name, sizeof(name), "in_%s", c->from);
                else
                        snprintf(name, sizeof(name), "fwd_%s_to_%s", c->from, c->to);

                for (j = 0; j < *n; j++)
                        if (streq((*v)[j].name, name))
                                break;
                if (j == *n) {
                        *v = xreallocarray(*v, *n + 1, sizeof(**v));
                        (*v)[(*n)++] = (struct chain_plan){ .name = xstrdup(name), .from = c->from, .to = c->to };
                }
                plan_add(&(*v)[j], c);
        }

        f = open_memstream(&out, &out_len);
        if (!f)
                return -ENOMEM;

        fputs("# Generated by bulwark firewall compile. Do not edit: change the policy and apply it.\n", f);
        fprintf(f, "table inet %s {\n", FW_TABLE);
        fprintf(f, "\tcomment \"bulwark zones and conduits%s\"\n\n", island ? " (island mode)" : "");
        emit_counters(f);
        if (p->block_p2p)
                emit_p2p_set(f);

        /* Sort chain plans by name so the output does not depend on conduit order beyond names. */
        for (size_t a = 0; a < n_in; a++)
                for (size_t b = a + 1; b < n_in; b++)
                        if (strcmp(in[a].name, in[b].name) > 0) {
                                struct chain_plan t = in[a];
                                in[a] = in[b];
                                in[b] = t;
                        }
        for (size_t a = 0; a < n_fwd; a++)
                for (size_t b = a + 1; b < n_fwd; b++)
                        if (strcmp(fwd[a].name, fwd[b].name) > 0) {
                                struct chain_plan t = fwd[a];
                                fwd[a] = fwd[b];
                                fwd[b] = t;
                        }

        for (size_t i = 0; i < n_in; i++) {
                const char *zn = in[i].from;
                if (plan_empty(&in[i], island))
                        continue;
                emit_chain(f, &in[i], streq(zn, "any") ? NULL : fw_policy_zone(p, zn), NULL, island);
        }
        for (size_t i = 0; i < n_fwd; i++) {
                const char *from = fwd[i].from, *to = fwd[i].to;
                if (plan_empty(&fwd[i], island))
                        continue;
                emit_chain(f, &fwd[i], streq(from, "any") ? NULL : fw_policy_zone(p, from), fw_policy_zone(p, to), island);
        }

        /* Per source zone, a forward dispatcher on the outgoing interface. */
        for (size_t z = 0; z <= p->n_zones; z++) {
                const char *from = z < p->n_zones ? p->zones[z].name : "any";
                bool any = false;

                for (size_t t = 0; t < p->n_zones; t++) {
                        _cleanup_free_ char *cn = xasprintf("fwd_%s_to_%s", from, p->zones[t].name);
                        for (size_t i = 0; i < n_fwd; i++) {
                                if (!streq(fwd[i].name, cn) || plan_empty(&fwd[i], island))
                                        continue;
                                if (!any)
                                        fprintf(f, "\tchain fwd_%s {\n\t\toifname vmap { ", from);
                                for (char **ifn = p->zones[t].interfaces; ifn && *ifn; ifn++)
                                        fprintf(f, "%s\"%s\" : jump %s", any || ifn != p->zones[t].interfaces ? ", " : "", *ifn, cn);
                                any = true;
                        }
                }
                if (any)
                        fputs(" }\n\t}\n\n", f);
        }

        /* input */
        fprintf(f, "\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n");
        fputs("\t\tiifname \"lo\" accept\n", f);
        emit_established(f, island);
        if (p->dhcp_client)
                fputs("\t\tudp sport 67 udp dport 68 accept\n\t\tudp sport 547 udp dport 546 accept\n", f);
        else
                fputs("\t\tudp dport { 68, 546 } counter name \"drop_dhcp\" drop\n", f);
        if (p->block_p2p)
                fputs("\t\tmeta l4proto . th dport @p2p counter name \"drop_p2p\" drop\n", f);
        if (p->icmp_essential) {
                emit_icmp_errors(f);
                fputs("\t\ticmpv6 type { nd-router-solicit, nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } ip6 hoplimit 255 accept\n"
                      "\t\ticmpv6 type { mld-listener-query, mld-listener-report, mld2-listener-report } ip6 saddr fe80::/10 accept\n", f);
        }
        for (size_t i = 0; i < n_in; i++)
                if (streq(in[i].name, "in_any") && !plan_empty(&in[i], island))
                        fputs("\t\tjump in_any\n", f);
        {
                bool any = false;
                for (size_t z = 0; z < p->n_zones; z++) {
                        _cleanup_free_ char *cn = xasprintf("in_%s", p->zones[z].name);
                        for (size_t i = 0; i < n_in; i++) {
                                if (!streq(in[i].name, cn) || plan_empty(&in[i], island))
                                        continue;
                                for (char **ifn = p->zones[z].interfaces; ifn && *ifn; ifn++) {
                                        fprintf(f, "%s\"%s\" : jump %s", any ? ", " : "\t\tiifname vmap { ", *ifn, cn);
                                        any = true;
                                }
                        }
                }
                if (any)
                        fputs(" }\n", f);
        }
        if (p->log_drops)
                fputs("\t\tlimit rate 10/second log prefix \"bulwark drop input: \"\n", f);
        fputs("\t\tcounter name \"drop_input\" drop\n\t}\n\n", f);

        /* forward */
        fprintf(f, "\tchain forward {\n\t\ttype filter hook forward priority filter; policy drop;\n");
        emit_established(f, island);
        if (p->block_p2p)
                fputs("\t\tmeta l4proto . th dport @p2p counter name \"drop_p2p\" drop\n", f);
        if (p->icmp_essential)
                emit_icmp_errors(f);
        {
                bool any_chain = false;
                for (size_t i = 0; i < n_fwd; i++)
                        if (streq(fwd[i].from, "any") && !plan_empty(&fwd[i], island))
                                any_chain = true;
                if (any_chain)
                        fputs("\t\tjump fwd_any\n", f);
        }
        {
                bool any = false;
                for (size_t z = 0; z < p->n_zones; z++) {
                        bool has = false;
                        for (size_t i = 0; i < n_fwd; i++)
                                if (streq(fwd[i].from, p->zones[z].name) && !plan_empty(&fwd[i], island))
                                        has = true;
                        if (!has)
                                continue;
                        for (char **ifn = p->zones[z].interfaces; ifn && *ifn; ifn++) {
                                fprintf(f, "%s\"%s\" : jump fwd_%s", any ? ", " : "\t\tiifname vmap { ", *ifn, p->zones[z].name);
                                any = true;
                        }
                }
                if (any)
                        fputs(" }\n", f);
        }
        if (p->log_drops)
                fputs("\t\tlimit rate 10/second log prefix \"bulwark drop forward: \"\n", f);
        fputs("\t\tcounter name \"drop_forward\" drop\n\t}\n}\n", f);

        for (size_t i = 0; i < n_in; i++)
                plan_clear(&in[i]);
        for (size_t i = 0; i < n_fwd; i++)
                plan_clear(&fwd[i]);
        free(in);
        free(fwd);

        if (fclose(f) != 0)
                return -ENOMEM;
        *ret = TAKE_PTR(out);
        return 0;
}

const char *fw_lockdown_ruleset(void)
{
        return "# bulwark lockdown: drop everything but loopback until the policy is loaded\n"
               "table inet " FW_LOCKDOWN_TABLE " {\n"
               "\tchain input {\n"
               "\t\ttype filter hook input priority filter - 10; policy drop;\n"
               "\t\tiifname \"lo\" accept\n"
               "\t}\n\n"
               "\tchain forward {\n"
               "\t\ttype filter hook forward priority filter - 10; policy drop;\n"
               "\t}\n"
               "}\n";
}

char *fw_apply_transaction(const char *compiled)
{
        /*
         * "add" then "delete" makes the delete valid whether or not the table
         * exists; the whole buffer is one netlink batch, so the kernel applies
         * all of it or none.
         */
        return xasprintf("add table inet " FW_TABLE "\n"
                         "delete table inet " FW_TABLE "\n"
                         "add table inet " FW_LOCKDOWN_TABLE "\n"
                         "delete table inet " FW_LOCKDOWN_TABLE "\n"
                         "%s",
                         compiled);
}
