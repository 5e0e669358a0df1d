/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <netinet/in.h>

#include "macro.h"
#include "ruleset-eval.h"
#include "strv.h"

#define JUMP_DEPTH_MAX 16
#define PORT_UNLISTED (-1)

enum mode {
        MODE_EXISTS,  /* undecidable matches hold: can some packet be accepted? */
        MODE_DEFAULT, /* undecidable narrowing matches fail: what happens to the unlisted packet? */
};

struct packet {
        int family;   /* 4 or 6 */
        int proto;    /* IPPROTO_TCP, IPPROTO_UDP */
        int port;     /* or PORT_UNLISTED */
        enum mode mode;
};

struct walk {
        json_t *items;            /* the "nftables" array */
        const struct packet *pkt;
        char ***broad;            /* collects broad accepts in MODE_DEFAULT, may be NULL */
};

enum tri { NO, YES, MAYBE };

static json_t *items_of(json_t *nft) { return json_object_get(nft, "nftables"); }

static const char *jstr(json_t *o, const char *key) { return json_string_value(json_object_get(o, key)); }

static bool family_sees(const char *family, int ipv)
{
        return streq(family, "inet") || (ipv == 4 && streq(family, "ip")) || (ipv == 6 && streq(family, "ip6"));
}

static json_t *find_set(json_t *items, const char *family, const char *table, const char *name)
{
        size_t i;
        json_t *it;

        json_array_foreach(items, i, it) {
                json_t *s = json_object_get(it, "set");
                if (!s)
                        s = json_object_get(it, "map");
                if (s && streq_ptr(jstr(s, "family"), family) && streq_ptr(jstr(s, "table"), table) && streq_ptr(jstr(s, "name"), name))
                        return s;
        }
        return NULL;
}

/* Whether a port value (number, range, or "elem") contains port. */
static enum tri value_has_port(json_t *v, int port)
{
        if (json_is_object(v) && json_object_get(v, "elem"))
                v = json_object_get(json_object_get(v, "elem"), "val");
        if (json_is_integer(v))
                return port != PORT_UNLISTED && json_integer_value(v) == port ? YES : NO;
        if (json_is_object(v) && json_object_get(v, "range")) {
                json_t *r = json_object_get(v, "range");
                json_t *lo = json_array_get(r, 0), *hi = json_array_get(r, 1);
                if (json_is_integer(lo) && json_is_integer(hi))
                        return port != PORT_UNLISTED && port >= json_integer_value(lo) && port <= json_integer_value(hi) ? YES : NO;
        }
        if (json_is_string(v))
                return MAYBE; /* a service name nft could not resolve to a number */
        return MAYBE;
}

/* The elements of a right-hand side: an inline {"set": [...]}, a named "@set", or a single value. */
static json_t *right_elements(const struct walk *w, json_t *rule, json_t *right, json_t **single)
{
        *single = NULL;
        if (json_is_object(right) && json_object_get(right, "set"))
                return json_object_get(right, "set");
        if (json_is_string(right) && json_string_value(right)[0] == '@') {
                json_t *s = find_set(w->items, jstr(rule, "family"), jstr(rule, "table"), json_string_value(right) + 1);
                return s ? json_object_get(s, "elem") : NULL; /* NULL: an empty set, iterated as nothing */
        }
        *single = right;
        return NULL;
}

static bool is_dport(json_t *left, int proto)
{
        json_t *p = json_object_get(left, "payload");
        const char *pr, *field;

        if (!p)
                return false;
        pr = jstr(p, "protocol");
        field = jstr(p, "field");
        if (!pr || !field || !streq(field, "dport"))
                return false;
        return streq(pr, "th") || (proto == IPPROTO_TCP && streq(pr, "tcp")) || (proto == IPPROTO_UDP && streq(pr, "udp"));
}

static bool is_other_l4_dport(json_t *left, int proto)
{
        json_t *p = json_object_get(left, "payload");
        const char *pr = p ? jstr(p, "protocol") : NULL, *field = p ? jstr(p, "field") : NULL;

        if (!pr || !field || !streq(field, "dport") || streq(pr, "th"))
                return false;
        return !is_dport(left, proto);
}

static enum tri apply_op(const char *op, enum tri t)
{
        if (op && streq(op, "!=")) {
                if (t == YES)
                        return NO;
                if (t == NO)
                        return YES;
        }
        return t;
}

static enum tri match_port(const struct walk *w, json_t *rule, json_t *left, json_t *right, const char *op)
{
        json_t *single, *elems = right_elements(w, rule, right, &single), *e;
        size_t i;
        enum tri r = NO;

        if (single)
                return apply_op(op, value_has_port(single, w->pkt->port));
        json_array_foreach(elems, i, e) {
                enum tri t = value_has_port(e, w->pkt->port);
                if (t == YES)
                        return apply_op(op, YES);
                if (t == MAYBE)
                        r = MAYBE;
        }
        (void) left;
        return apply_op(op, r);
}

/* A concatenation like "iifname . tcp dport @zone_ports": decided by the dport component. */
static enum tri match_concat(const struct walk *w, json_t *rule, json_t *concat, json_t *right, const char *op)
{
        json_t *single, *elems, *part, *e;
        size_t i, idx = SIZE_MAX;

        json_array_foreach(concat, i, part)
                if (is_dport(part, w->pkt->proto))
                        idx = i;
                else if (is_other_l4_dport(part, w->pkt->proto))
                        return apply_op(op, NO);
        if (idx == SIZE_MAX)
                return MAYBE;
        elems = right_elements(w, rule, right, &single);
        if (single)
                elems = json_pack("[O]", single);
        else
                json_incref(elems);
        enum tri r = NO;
        json_array_foreach(elems, i, e) {
                json_t *val = json_object_get(e, "elem") ? json_object_get(json_object_get(e, "elem"), "val") : e;
                json_t *c = json_object_get(val, "concat");
                enum tri t = c ? value_has_port(json_array_get(c, idx), w->pkt->port) : MAYBE;
                if (t == YES) {
                        r = YES;
                        break;
                }
                if (t == MAYBE)
                        r = MAYBE;
        }
        json_decref(elems);
        if (r == YES && w->pkt->mode == MODE_DEFAULT)
                r = MAYBE; /* the other components (zone, source) narrow it */
        return apply_op(op, r);
}

static bool right_has_string(json_t *right, const char *s)
{
        size_t i;
        json_t *e;

        if (json_is_string(right))
                return streq(json_string_value(right), s);
        if (json_is_object(right))
                right = json_object_get(right, "set");
        json_array_foreach(right, i, e)
                if (json_is_string(e) && streq(json_string_value(e), s))
                        return true;
        return false;
}

static enum tri match_expr(const struct walk *w, json_t *rule, json_t *m)
{
        json_t *left = json_object_get(m, "left"), *right = json_object_get(m, "right");
        const char *op = jstr(m, "op");
        json_t *meta = json_object_get(left, "meta"), *ct = json_object_get(left, "ct"), *payload = json_object_get(left, "payload");

        if (ct && streq_ptr(jstr(ct, "key"), "state"))
                return apply_op(op, right_has_string(right, "new") ? YES : NO);
        if (meta) {
                const char *key = jstr(meta, "key");
                if (key && (streq(key, "iifname") || streq(key, "iif"))) {
                        bool lo = right_has_string(right, "lo");
                        if (op && streq(op, "!="))
                                return lo ? YES : MAYBE;
                        return lo ? NO : (w->pkt->mode == MODE_EXISTS ? YES : MAYBE);
                }
                if (key && (streq(key, "l4proto") || streq(key, "protocol"))) {
                        const char *want = w->pkt->proto == IPPROTO_TCP ? "tcp" : "udp";
                        if (json_is_integer(right))
                                return apply_op(op, json_integer_value(right) == w->pkt->proto ? YES : NO);
                        if (streq(key, "protocol"))
                                return MAYBE; /* ethertype */
                        return apply_op(op, right_has_string(right, want) ? YES : NO);
                }
                if (key && streq(key, "nfproto"))
                        return apply_op(op, right_has_string(right, w->pkt->family == 4 ? "ipv4" : "ipv6") ? YES : NO);
                return MAYBE;
        }
        if (payload) {
                const char *pr = jstr(payload, "protocol"), *field = jstr(payload, "field");
                if (is_dport(left, w->pkt->proto))
                        return match_port(w, rule, left, right, op);
                if (pr && field && (streq(pr, "ip") || streq(pr, "ip6")) && (streq(field, "protocol") || streq(field, "nexthdr"))) {
                        const char *want = w->pkt->proto == IPPROTO_TCP ? "tcp" : "udp";
                        return apply_op(op, right_has_string(right, want) ? YES : NO);
                }
                if (pr && (streq(pr, "tcp") || streq(pr, "udp")) && !streq(pr, w->pkt->proto == IPPROTO_TCP ? "tcp" : "udp"))
                        return NO; /* matching a header of another protocol implies that protocol */
                if (pr && (streq(pr, "icmp") || streq(pr, "icmpv6")))
                        return NO;
                if (pr && streq(pr, "ip") && w->pkt->family == 6)
                        return NO;
                if (pr && streq(pr, "ip6") && w->pkt->family == 4)
                        return NO;
                return w->pkt->mode == MODE_EXISTS ? YES : MAYBE;
        }
        if (json_object_get(left, "concat"))
                return match_concat(w, rule, json_object_get(left, "concat"), right, op);
        return MAYBE;
}

static enum rs_verdict walk_chain(const struct walk *w, const char *family, const char *table, const char *chain, unsigned depth, bool *ret_decided);

/* Runs a verdict statement: returns true when it ends the base chain walk. */
static bool do_verdict(const struct walk *w, json_t *rule, json_t *stmt, unsigned depth, enum rs_verdict *ret)
{
        if (json_object_get(stmt, "accept")) {
                *ret = RS_ACCEPT;
                return true;
        }
        if (json_object_get(stmt, "drop") || json_object_get(stmt, "reject")) {
                *ret = RS_DROP;
                return true;
        }
        json_t *j = json_object_get(stmt, "jump"), *g = json_object_get(stmt, "goto");
        if (j || g) {
                bool decided = false;
                enum rs_verdict v;

                if (depth >= JUMP_DEPTH_MAX)
                        return false;
                v = walk_chain(w, jstr(rule, "family"), jstr(rule, "table"), jstr(j ? j : g, "target"), depth + 1, &decided);
                if (decided || g) {
                        *ret = decided ? v : RS_ACCEPT; /* goto returns past the calling chain: its policy decides, approximated */
                        return decided;
                }
        }
        return false;
}

/* Evaluates one rule: -1 no verdict, else the verdict. */
static int eval_rule(const struct walk *w, json_t *rule, unsigned depth)
{
        json_t *exprs = json_object_get(rule, "expr"), *e;
        bool maybe = false, narrowing = false;
        size_t i;

        json_array_foreach(exprs, i, e) {
                json_t *m = json_object_get(e, "match");
                json_t *vmap = json_object_get(e, "vmap");
                enum rs_verdict v;

                if (m) {
                        enum tri t = match_expr(w, rule, m);
                        if (t == NO)
                                return -1;
                        if (t == MAYBE) {
                                maybe = true;
                                narrowing = true;
                        }
                        continue;
                }
                if (vmap) {
                        json_t *key = json_object_get(vmap, "key"), *data = json_object_get(vmap, "data"), *single, *elems, *pair;
                        size_t k;

                        if (is_other_l4_dport(key, w->pkt->proto))
                                return -1; /* "tcp dport vmap" implies TCP: other packets skip the rule */
                        elems = right_elements(w, rule, data, &single);
                        json_array_foreach(elems, k, pair) {
                                json_t *kv = json_is_array(pair) ? pair : json_object_get(json_object_get(pair, "elem"), "val");
                                json_t *key_val = json_array_get(kv, 0), *verdict = json_array_get(kv, 1);
                                enum tri t;

                                if (!kv || !verdict)
                                        continue;
                                if (is_dport(key, w->pkt->proto))
                                        t = value_has_port(key_val, w->pkt->port);
                                else if (json_object_get(key, "ct"))
                                        t = json_is_string(key_val) && streq(json_string_value(key_val), "new") ? YES : NO;
                                else
                                        t = w->pkt->mode == MODE_EXISTS ? YES : MAYBE;
                                if (t == YES || (t == MAYBE && w->pkt->mode == MODE_EXISTS)) {
                                        if (do_verdict(w, rule, verdict, depth, &v))
                                                return (int) v;
                                }
                        }
                        return -1;
                }
                if (json_object_get(e, "limit") || json_object_get(e, "quota")) {
                        maybe = true;
                        continue;
                }
                if (do_verdict(w, rule, e, depth, &v)) {
                        if (v == RS_DROP && maybe && w->pkt->mode == MODE_EXISTS)
                                return -1; /* a conditional drop lets some packets by */
                        if (v == RS_ACCEPT && narrowing && w->pkt->mode == MODE_DEFAULT)
                                return -1; /* an exception for some senders, not for the unlisted packet */
                        if (v == RS_DROP && maybe && w->pkt->mode == MODE_DEFAULT)
                                return -1;
                        if (v == RS_ACCEPT && w->pkt->mode == MODE_DEFAULT && w->broad && depth == 0) {
                                char *d = json_dumps(exprs, JSON_COMPACT);
                                strv_consume(w->broad, xasprintf("%s: %.200s", jstr(rule, "chain"), d ? d : "?"));
                                free(d);
                        }
                        return (int) v;
                }
        }
        return -1;
}

static enum rs_verdict walk_chain(const struct walk *w, const char *family, const char *table, const char *chain, unsigned depth, bool *ret_decided)
{
        size_t i;
        json_t *it;

        *ret_decided = false;
        if (!family || !table || !chain)
                return RS_ACCEPT;
        json_array_foreach(w->items, i, it) {
                json_t *r = json_object_get(it, "rule");
                int v;

                if (!r || !streq_ptr(jstr(r, "family"), family) || !streq_ptr(jstr(r, "table"), table) || !streq_ptr(jstr(r, "chain"), chain))
                        continue;
                v = eval_rule(w, r, depth);
                if (v >= 0) {
                        *ret_decided = true;
                        return (enum rs_verdict) v;
                }
        }
        return RS_ACCEPT;
}

struct base_chain {
        json_t *chain;
        long prio;
};

static int cmp_prio(const void *a, const void *b)
{
        const struct base_chain *x = a, *y = b;
        return (x->prio > y->prio) - (x->prio < y->prio);
}

static enum rs_verdict eval_hook(json_t *nft, const char *hook, const struct packet *pkt, char ***broad, unsigned *ret_n)
{
        json_t *items = items_of(nft), *it;
        struct base_chain bc[64];
        size_t i, n = 0;
        struct walk w = { .items = items, .pkt = pkt, .broad = broad };

        json_array_foreach(items, i, it) {
                json_t *c = json_object_get(it, "chain");
                if (!c || !streq_ptr(jstr(c, "hook"), hook) || !streq_ptr(jstr(c, "type"), "filter") ||
                    !family_sees(strempty(jstr(c, "family")), pkt->family) || n >= ARRAY_SIZE(bc))
                        continue;
                bc[n++] = (struct base_chain){ c, (long) json_integer_value(json_object_get(c, "prio")) };
        }
        if (ret_n)
                *ret_n = (unsigned) n;
        if (n == 0)
                return RS_NO_CHAINS;
        qsort(bc, n, sizeof(bc[0]), cmp_prio);
        /* Every base chain sees the packet in turn; an accept only ends its own chain, a drop ends all. */
        for (i = 0; i < n; i++) {
                bool decided;
                enum rs_verdict v = walk_chain(&w, jstr(bc[i].chain, "family"), jstr(bc[i].chain, "table"), jstr(bc[i].chain, "name"), 0, &decided);
                if (!decided)
                        v = streq_ptr(jstr(bc[i].chain, "policy"), "drop") ? RS_DROP : RS_ACCEPT;
                if (v == RS_DROP)
                        return RS_DROP;
        }
        return RS_ACCEPT;
}

int ruleset_hook_default(json_t *nft, const char *hook, struct rs_hook_result *ret)
{
        struct packet p4 = { 4, IPPROTO_TCP, PORT_UNLISTED, MODE_DEFAULT }, p4u = p4, p6 = p4, p6u;
        json_t *items = items_of(nft), *it;
        struct rs_hook_result r;
        size_t i;

        if (!json_is_array(items))
                return -EBADMSG;
        r = (struct rs_hook_result){ .broad_accepts = xmalloc0(sizeof(char *)), .chains = xmalloc0(sizeof(char *)) };
        p4u.proto = IPPROTO_UDP;
        p6.family = 6;
        p6u = p6;
        p6u.proto = IPPROTO_UDP;

        r.ipv4 = eval_hook(nft, hook, &p4, &r.broad_accepts, &r.base_chains);
        if (r.ipv4 == RS_DROP)
                r.ipv4 = eval_hook(nft, hook, &p4u, &r.broad_accepts, NULL);
        r.ipv6 = eval_hook(nft, hook, &p6, &r.broad_accepts, NULL);
        if (r.ipv6 == RS_DROP)
                r.ipv6 = eval_hook(nft, hook, &p6u, &r.broad_accepts, NULL);
        json_array_foreach(items, i, it) {
                json_t *c = json_object_get(it, "chain");
                if (!c || !streq_ptr(jstr(c, "hook"), hook))
                        continue;
                if (streq_ptr(jstr(c, "policy"), "drop"))
                        r.drop_policies++;
                strv_consume(&r.chains, xasprintf("%s %s %s (type %s, policy %s, priority %lld)", strempty(jstr(c, "family")),
                                                  strempty(jstr(c, "table")), strempty(jstr(c, "name")), strempty(jstr(c, "type")),
                                                  jstr(c, "policy") ? jstr(c, "policy") : "accept",
                                                  (long long) json_integer_value(json_object_get(c, "prio"))));
        }
        /* The same broad accept is seen by up to four packets; keep one of each. */
        char **uniq = xmalloc0(sizeof(char *));
        for (i = 0; r.broad_accepts[i]; i++)
                if (!strv_contains(uniq, r.broad_accepts[i]))
                        strv_push(&uniq, r.broad_accepts[i]);
        strv_free(r.broad_accepts);
        r.broad_accepts = uniq;
        *ret = r;
        return 0;
}

void rs_hook_result_clear(struct rs_hook_result *r)
{
        strv_free(r->broad_accepts);
        strv_free(r->chains);
        *r = (struct rs_hook_result){};
}

enum rs_verdict ruleset_input_port(json_t *nft, uint8_t proto, uint16_t port)
{
        struct packet p = { 4, proto, port, MODE_EXISTS };
        enum rs_verdict v4, v6;

        v4 = eval_hook(nft, "input", &p, NULL, NULL);
        p.family = 6;
        v6 = eval_hook(nft, "input", &p, NULL, NULL);
        if (v4 == RS_DROP && v6 == RS_DROP)
                return RS_DROP;
        if (v4 == RS_NO_CHAINS && v6 == RS_NO_CHAINS)
                return RS_NO_CHAINS;
        return RS_ACCEPT;
}

/* Walks every match of every rule and calls fn on its left/right. */
static void foreach_match(json_t *nft, void (*fn)(json_t *left, json_t *right, void *u), void *u)
{
        json_t *items = items_of(nft), *it, *e;
        size_t i, k;

        json_array_foreach(items, i, it) {
                json_t *r = json_object_get(it, "rule");
                if (!r)
                        continue;
                json_array_foreach(json_object_get(r, "expr"), k, e) {
                        json_t *m = json_object_get(e, "match");
                        if (m)
                                fn(json_object_get(m, "left"), json_object_get(m, "right"), u);
                }
        }
}

static void add_names(char ***l, const char *prefix, json_t *right)
{
        size_t i;
        json_t *e;

        if (json_is_string(right)) {
                _cleanup_free_ char *s = xasprintf("%s %s", prefix, json_string_value(right));
                if (!strv_contains(*l, s))
                        strv_push(l, s);
                return;
        }
        if (json_is_object(right))
                right = json_object_get(right, "set");
        json_array_foreach(right, i, e)
                add_names(l, prefix, e);
}

static void collect_iif(json_t *left, json_t *right, void *u)
{
        json_t *meta = json_object_get(left, "meta");
        const char *key = meta ? jstr(meta, "key") : NULL;

        if (key && (streq(key, "iif") || streq(key, "oif")) && !right_has_string(right, "lo"))
                add_names(u, key, right);
}

char **ruleset_iif_uses(json_t *nft)
{
        char **l = xmalloc0(sizeof(char *));
        foreach_match(nft, collect_iif, &l);
        return l;
}

static void collect_zone(json_t *left, json_t *right, void *u)
{
        json_t *meta = json_object_get(left, "meta"), *payload = json_object_get(left, "payload");
        const char *key = meta ? jstr(meta, "key") : NULL;

        if (key && (streq(key, "iifname") || streq(key, "oifname") || streq(key, "iif") || streq(key, "oif"))) {
                if (!right_has_string(right, "lo"))
                        add_names(u, key, right);
                return;
        }
        if (payload && (streq_ptr(jstr(payload, "field"), "saddr") || streq_ptr(jstr(payload, "field"), "daddr")) &&
            (streq_ptr(jstr(payload, "protocol"), "ip") || streq_ptr(jstr(payload, "protocol"), "ip6"))) {
                char *d = json_dumps(right, JSON_COMPACT | JSON_ENCODE_ANY);
                _cleanup_free_ char *s = xasprintf("%s %s %.120s", jstr(payload, "protocol"), jstr(payload, "field"), d ? d : "?");
                free(d);
                if (!strv_contains(*(char ***) u, s))
                        strv_push(u, s);
        }
        if (json_object_get(left, "concat")) {
                json_t *part;
                size_t i;
                json_array_foreach(json_object_get(left, "concat"), i, part) {
                        json_t *m = json_object_get(part, "meta");
                        if (m && streq_ptr(jstr(m, "key"), "iifname")) {
                                char *d = json_dumps(right, JSON_COMPACT | JSON_ENCODE_ANY);
                                _cleanup_free_ char *s = xasprintf("iifname in %.120s", d ? d : "?");
                                free(d);
                                if (!strv_contains(*(char ***) u, s))
                                        strv_push(u, s);
                        }
                }
        }
}

char **ruleset_zone_selectors(json_t *nft)
{
        char **l = xmalloc0(sizeof(char *));
        foreach_match(nft, collect_zone, &l);
        return l;
}

bool ruleset_is_empty(json_t *nft)
{
        json_t *items = items_of(nft), *it;
        size_t i;

        json_array_foreach(items, i, it)
                if (json_object_get(it, "table"))
                        return false;
        return true;
}
