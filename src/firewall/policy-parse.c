/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The firewall policy parser: systemd-style INI read with inih into the
 * model, one file at a time, and the loader of the main file and its
 * drop-ins (the shared loader of src/parsers/conf-dropins.h).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <ini.h>
#include <stdarg.h>

#include "conf-dropins.h"
#include "fdio.h"
#include "policy-internal.h"
#include "strv.h"

/*
 * inih (as packaged by Debian) reads lines into a 200-byte buffer and splits
 * longer ones silently, so we refuse them first with a located error rather
 * than parse half a line.
 */
#define INI_LINE_MAX 198

enum section_kind { SECTION_NONE, SECTION_DEVICE, SECTION_ZONE, SECTION_CONDUIT, SECTION_BAD };

struct parse_state {
        struct fw_policy *p;
        struct fw_diags *diags;
        const char *file;     /* interned in p->files */
        const char *pos, *end;
        unsigned line;        /* the line inih is working on */
        const char *raw;      /* its bytes */
        size_t raw_len;
        enum section_kind kind;
        char *section_name;   /* the zone or conduit name */
        size_t section_index; /* its index in p->zones or p->conduits */
        unsigned errors;
};

static bool valid_name(const char *s)
{
        size_t n = strlen(s);

        if (n == 0 || n > FW_NAME_MAX)
                return false;
        if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
                return false;
        for (size_t i = 0; i < n; i++)
                if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
                        return false;
        return true;
}

_printf_(3, 4) static void perr(struct parse_state *s, unsigned column, const char *fmt, ...)
{
        va_list ap;
        char *m;

        va_start(ap, fmt);
        m = xvasprintf(fmt, ap);
        va_end(ap);
        fw_diag_add(s->diags, s->file, s->line, column, "%s", m);
        free(m);
        s->errors++;
}

/* Column (1-based) of the first non-blank byte of the current line. */
static unsigned col_first(const struct parse_state *s)
{
        size_t i = 0;

        while (i < s->raw_len && (s->raw[i] == ' ' || s->raw[i] == '\t'))
                i++;
        return (unsigned) i + 1;
}

/* Column of the value: after the first '=' or ':' and any blanks. */
static unsigned col_value(const struct parse_state *s)
{
        size_t i = 0;

        while (i < s->raw_len && s->raw[i] != '=' && s->raw[i] != ':')
                i++;
        if (i < s->raw_len)
                i++;
        while (i < s->raw_len && (s->raw[i] == ' ' || s->raw[i] == '\t'))
                i++;
        return (unsigned) i + 1;
}

static void section_begin(struct parse_state *s, const char *hdr, size_t len, unsigned column)
{
        _cleanup_free_ char *text = xstrndup(hdr, len);
        char *sp, *type, *name;

        free(s->section_name);
        s->section_name = NULL;
        s->kind = SECTION_BAD;

        type = text;
        while (*type == ' ' || *type == '\t')
                type++;
        sp = strpbrk(type, " \t");
        name = NULL;
        if (sp) {
                *sp = 0;
                name = sp + 1;
                while (*name == ' ' || *name == '\t')
                        name++;
                for (char *e = name + strlen(name); e > name && (e[-1] == ' ' || e[-1] == '\t');)
                        *--e = 0;
        }

        if (streq(type, "Device")) {
                if (name && *name) {
                        perr(s, column, "[Device] takes no name");
                        return;
                }
                s->kind = SECTION_DEVICE;
                return;
        }
        if (!streq(type, "Zone") && !streq(type, "Conduit")) {
                perr(s, column, "unknown section [%s]: expected [Device], [Zone NAME] or [Conduit NAME]", type);
                return;
        }
        if (!name || !*name) {
                perr(s, column, "[%s] needs a name, e.g. [%s %s]", type, type, streq(type, "Zone") ? "engineering" : "engineering-ssh");
                return;
        }
        if (!valid_name(name)) {
                perr(s, column + 1 + (unsigned) (name - text), "invalid name '%s': use up to %d letters, digits, '-' and '_', starting with a letter", name, FW_NAME_MAX);
                return;
        }
        if (streq(type, "Zone")) {
                struct fw_zone *z;

                if (streq(name, "device") || streq(name, "any")) {
                        perr(s, column + 1 + (unsigned) (name - text), "'%s' is reserved and cannot name a zone", name);
                        return;
                }
                s->kind = SECTION_ZONE;
                for (size_t i = 0; i < s->p->n_zones; i++)
                        if (streq(s->p->zones[i].name, name)) {
                                s->section_index = i;
                                goto done;
                        }
                if (s->p->n_zones >= FW_MAX_ZONES) {
                        perr(s, column, "more than %d zones", FW_MAX_ZONES);
                        s->kind = SECTION_BAD;
                        return;
                }
                s->p->zones = xreallocarray(s->p->zones, s->p->n_zones + 1, sizeof(*s->p->zones));
                s->section_index = s->p->n_zones;
                z = &s->p->zones[s->p->n_zones++];
                *z = (struct fw_zone){ .name = xstrdup(name), .loc = { s->file, s->line, column } };
        } else {
                struct fw_conduit *c;

                s->kind = SECTION_CONDUIT;
                if (s->p->conduit_slots_cap > 0) {
                        size_t found = *fw_conduit_slot(s->p, name);
                        if (found) {
                                s->section_index = found - 1;
                                goto done;
                        }
                }
                if (s->p->n_conduits >= FW_MAX_CONDUITS) {
                        perr(s, column, "more than %d conduits", FW_MAX_CONDUITS);
                        s->kind = SECTION_BAD;
                        return;
                }
                if (s->p->n_conduits == s->p->conduits_cap) {
                        s->p->conduits_cap = s->p->conduits_cap ? 2 * s->p->conduits_cap : 16;
                        s->p->conduits = xreallocarray(s->p->conduits, s->p->conduits_cap, sizeof(*s->p->conduits));
                }
                s->section_index = s->p->n_conduits;
                c = &s->p->conduits[s->p->n_conduits];
                *c = (struct fw_conduit){ .name = xstrdup(name), .loc = { s->file, s->line, column } };
                fw_conduit_index_add(s->p, s->p->n_conduits++);
        }
done:
        s->section_name = xstrdup(name);
}

/*
 * inih's line reader. We hand it one line at a time, which tells us the line
 * number and the raw bytes for every apply_setting() call (Debian's inih is built
 * without INI_HANDLER_LINENO), and lets us see section headers even when
 * no key follows them.
 */
static char *next_line_and_section(char *str, int num, void *stream)
{
        struct parse_state *s = stream;
        const char *nl;
        size_t len, take;

        if (s->pos >= s->end)
                return NULL;
        nl = memchr(s->pos, '\n', (size_t) (s->end - s->pos));
        len = nl ? (size_t) (nl - s->pos) + 1 : (size_t) (s->end - s->pos);
        take = MIN(len, (size_t) num - 1);
        memcpy(str, s->pos, take);
        str[take] = 0;
        s->raw = s->pos;
        s->raw_len = nl ? len - 1 : len;
        if (s->raw_len > 0 && s->raw[s->raw_len - 1] == '\r')
                s->raw_len--;
        s->line++;
        s->pos += len;

        /* A section header: "[...]" after optional blanks. */
        {
                size_t i = 0;
                while (i < s->raw_len && (s->raw[i] == ' ' || s->raw[i] == '\t'))
                        i++;
                if (i < s->raw_len && s->raw[i] == '[') {
                        const char *close = memchr(s->raw + i, ']', s->raw_len - i);
                        if (close)
                                section_begin(s, s->raw + i + 1, (size_t) (close - s->raw - i - 1), (unsigned) i + 1);
                        else {
                                perr(s, (unsigned) i + 1, "section header without closing ']'");
                                s->kind = SECTION_BAD;
                        }
                }
        }
        return str;
}

static int parse_bool(const char *v, bool *ret)
{
        static const char *const yes[] = { "yes", "true", "on", "1" }, *const no[] = { "no", "false", "off", "0" };

        for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
                if (streq(v, yes[i])) {
                        *ret = true;
                        return 0;
                }
                if (streq(v, no[i])) {
                        *ret = false;
                        return 0;
                }
        }
        return -EINVAL;
}

static int parse_u32(const char *s, size_t len, uint32_t max, uint32_t *ret)
{
        uint64_t v = 0;

        if (len == 0 || len > 10)
                return -EINVAL;
        for (size_t i = 0; i < len; i++) {
                if (s[i] < '0' || s[i] > '9')
                        return -EINVAL;
                v = v * 10 + (uint64_t) (s[i] - '0');
        }
        if (v > max)
                return -ERANGE;
        *ret = (uint32_t) v;
        return 0;
}

int fw_prefix_parse(const char *s, struct fw_prefix *ret)
{
        char a[INET6_ADDRSTRLEN + 1];
        const char *slash = strchr(s, '/');
        size_t alen = slash ? (size_t) (slash - s) : strlen(s);
        struct fw_prefix pr = {};
        unsigned full;

        if (alen == 0 || alen >= sizeof(a))
                return -EINVAL;
        memcpy(a, s, alen);
        a[alen] = 0;
        if (inet_pton(AF_INET, a, pr.addr) == 1)
                pr.family = AF_INET;
        else if (inet_pton(AF_INET6, a, pr.addr) == 1)
                pr.family = AF_INET6;
        else
                return -EINVAL;
        full = pr.family == AF_INET ? 32 : 128;
        pr.len = full;
        if (slash) {
                uint32_t l;
                if (parse_u32(slash + 1, strlen(slash + 1), full, &l) < 0)
                        return -ERANGE;
                pr.len = l;
        }
        /* Host bits set is almost always a typo for another network; say so rather than guess. */
        for (unsigned b = pr.len; b < full; b++)
                if (pr.addr[b / 8] & (0x80u >> (b % 8)))
                        return -EDOM;
        *ret = pr;
        return 0;
}

/* Splits a list value into items, calling fn with each item and its column. */
typedef void (*item_fn)(struct parse_state *s, const char *item, unsigned column, void *userdata);

static void for_each_item(struct parse_state *s, const char *value, unsigned vcol, item_fn fn, void *userdata)
{
        const char *p = value;
        unsigned n = 0;

        while (*p) {
                const char *e;
                char item[INI_LINE_MAX + 1]; /* an item is part of one line */

                while (*p == ' ' || *p == '\t' || *p == ',')
                        p++;
                if (!*p)
                        break;
                e = p;
                while (*e && *e != ' ' && *e != '\t' && *e != ',')
                        e++;
                if (++n > FW_MAX_LIST) {
                        perr(s, vcol + (unsigned) (p - value), "more than %d items", FW_MAX_LIST);
                        return;
                }
                if ((size_t) (e - p) >= sizeof(item)) {
                        perr(s, vcol + (unsigned) (p - value), "item longer than %d characters", INI_LINE_MAX);
                        return;
                }
                memcpy(item, p, (size_t) (e - p));
                item[e - p] = 0;
                fn(s, item, vcol + (unsigned) (p - value), userdata);
                p = e;
        }
}

struct prefix_list {
        struct fw_prefix **v;
        size_t *n;
};

static void add_prefix(struct parse_state *s, const char *item, unsigned column, void *userdata)
{
        struct prefix_list *l = userdata;
        struct fw_prefix pr;
        int k;

        k = fw_prefix_parse(item, &pr);
        if (k == -EDOM) {
                perr(s, column, "'%s' has host bits set after the prefix length; write the network address", item);
                return;
        }
        if (k < 0) {
                perr(s, column, "'%s' is not an IPv4 or IPv6 address or prefix (e.g. 10.1.0.0/24, fd00::/64)", item);
                return;
        }
        if (*l->n >= FW_MAX_LIST) {
                perr(s, column, "more than %d addresses", FW_MAX_LIST);
                return;
        }
        *l->v = xreallocarray(*l->v, *l->n + 1, sizeof(**l->v));
        (*l->v)[(*l->n)++] = pr;
}

static void add_interface(struct parse_state *s, const char *item, unsigned column, void *userdata)
{
        char ***l = userdata;
        size_t n = strlen(item);

        /* IFNAMSIZ - 1; wildcards would need an interval set and hide typos. */
        if (n > 15) {
                perr(s, column, "interface name '%s' is longer than 15 characters", item);
                return;
        }
        for (size_t i = 0; i < n; i++)
                if (item[i] == '/' || item[i] == '"' || item[i] == '*' || item[i] == '\\' || (unsigned char) item[i] < 0x21 || (unsigned char) item[i] > 0x7e) {
                        perr(s, column + (unsigned) i, "invalid character in interface name '%s'%s", item, item[i] == '*' ? " (wildcards are not supported: name each interface)" : "");
                        return;
                }
        if (!strv_contains(*l, item))
                strv_push(l, item);
}

struct port_list {
        struct fw_port_range **v;
        size_t *n;
};

#define SERVICES_FILE "/etc/services"
#define SERVICES_MAX (4u * 1024 * 1024)

/*
 * A service name as /etc/services gives it (netbase on Debian): the port
 * every entry of that name or alias agrees on, whatever the protocol. 0 and
 * the port, -ENOENT for no such name, -ENOTUNIQ when tcp and udp entries
 * name different ports, -errno when the file cannot be read. Read from the
 * file itself, never through NSS, so compiling resolves nothing elsewhere.
 */
static int service_port(const char *name, uint32_t *ret)
{
        _cleanup_free_ char *buf = NULL;
        uint32_t found = 0;
        char *save = NULL;
        int k;

        k = read_regular_file(SERVICES_FILE, SERVICES_MAX, &buf, NULL);
        if (k < 0)
                return k;
        for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                _cleanup_strv_free_ char **w = NULL;
                char *hash = strchr(line, '#');
                uint32_t port;
                const char *slash;
                bool match = false;

                if (hash)
                        *hash = 0;
                w = strv_split(line, " \t");
                if (strv_length(w) < 2 || !(slash = strchr(w[1], '/')) ||
                    parse_u32(w[1], (size_t) (slash - w[1]), 65535, &port) < 0 || port == 0)
                        continue;
                match = streq(w[0], name);
                for (size_t i = 2; w[i] && !match; i++)
                        match = streq(w[i], name);
                if (!match)
                        continue;
                if (found && found != port)
                        return -ENOTUNIQ;
                found = port;
        }
        if (!found)
                return -ENOENT;
        *ret = found;
        return 0;
}

/* A service name of /etc/services: 1 with *ret set, or -1 when it could not be looked up (said here). */
static int service_item(struct parse_state *s, const char *name, unsigned column, uint32_t *ret)
{
        int k = service_port(name, ret);

        if (k == 0)
                return 1;
        if (k == -ENOENT)
                perr(s, column, "'%s' is neither a port number nor a service of %s", name, SERVICES_FILE);
        else if (k == -ENOTUNIQ)
                perr(s, column, "'%s' names different ports for tcp and udp in %s: give the number", name, SERVICES_FILE);
        else
                perr(s, column, "'%s' is not a port number, and %s cannot be read to look it up (%s): give the number",
                     name, SERVICES_FILE, strerror(-k));
        return -1;
}

static void add_port(struct parse_state *s, const char *item, unsigned column, void *userdata)
{
        struct port_list *l = userdata;
        const char *dash = strchr(item, '-');
        uint32_t a = 0, b = 0;
        int k;

        /* A name is a whole service name ("opcua-tcp" has a dash of its own); ranges are of numbers. */
        if (isalpha((unsigned char) item[0])) {
                k = service_item(s, item, column, &a);
                if (k <= 0)
                        return;
                b = a;
        } else if (dash) {
                if (parse_u32(item, (size_t) (dash - item), 65535, &a) < 0 || parse_u32(dash + 1, strlen(dash + 1), 65535, &b) < 0) {
                        perr(s, column, "'%s' is not a port range (e.g. 5000-5010)", item);
                        return;
                }
        } else if (parse_u32(item, strlen(item), 65535, &a) < 0) {
                perr(s, column, "'%s' is not a port number 1-65535 or a service name", item);
                return;
        } else
                b = a;
        if (a == 0 || b < a) {
                perr(s, column, "'%s' is not a port or an ascending range of ports 1-65535", item);
                return;
        }
        if (*l->n >= FW_MAX_LIST) {
                perr(s, column, "more than %d ports", FW_MAX_LIST);
                return;
        }
        *l->v = xreallocarray(*l->v, *l->n + 1, sizeof(**l->v));
        (*l->v)[(*l->n)++] = (struct fw_port_range){ (uint16_t) a, (uint16_t) b };
}

static void add_proto(struct parse_state *s, const char *item, unsigned column, void *userdata)
{
        unsigned *protos = userdata;

        if (streq(item, "tcp"))
                *protos |= FW_PROTO_TCP;
        else if (streq(item, "udp"))
                *protos |= FW_PROTO_UDP;
        else if (streq(item, "icmp") || streq(item, "ping"))
                *protos |= FW_PROTO_ICMP;
        else
                perr(s, column, "unknown protocol '%s': expected tcp, udp or icmp", item);
}

static bool set_bool(struct parse_state *s, const char *name, const char *value, bool *ret)
{
        if (parse_bool(value, ret) < 0) {
                perr(s, col_value(s), "%s= takes yes or no, not '%s'", name, value);
                return false;
        }
        return true;
}

static void parse_rate(struct parse_state *s, struct fw_conduit *c, const char *value)
{
        static const char *const units[] = { "second", "minute", "hour", "day" };
        const char *slash = strchr(value, '/');
        uint32_t n;

        if (!*value) {
                c->rate = 0;
                free(c->rate_unit);
                c->rate_unit = NULL;
                return;
        }
        if (!slash || parse_u32(value, (size_t) (slash - value), 1000000, &n) < 0 || n == 0)
                goto bad;
        for (size_t i = 0; i < ARRAY_SIZE(units); i++)
                if (streq(slash + 1, units[i])) {
                        c->rate = n;
                        free(c->rate_unit);
                        c->rate_unit = xstrdup(units[i]);
                        return;
                }
bad:
        perr(s, col_value(s), "RateLimit= takes N/second, N/minute, N/hour or N/day, not '%s'", value);
}

static int apply_setting(void *user, const char *section, const char *name, const char *value)
{
        struct parse_state *s = user;
        unsigned vcol = col_value(s);

        (void) section; /* we track sections ourselves, in next_line_and_section() */

        if (s->raw_len > 0 && (s->raw[0] == ' ' || s->raw[0] == '\t')) {
                perr(s, 1, "continuation lines are not supported: put each value on a line of its own ('%s=' may be repeated)", name);
                return 1;
        }

        switch (s->kind) {
        case SECTION_BAD:
                return 1; /* already reported at the header */
        case SECTION_NONE:
                perr(s, col_first(s), "'%s=' outside of any section", name);
                return 1;
        case SECTION_DEVICE:
                if (streq(name, "DHCPClient"))
                        set_bool(s, name, value, &s->p->dhcp_client);
                else if (streq(name, "PersonToPerson")) {
                        if (streq(value, "block"))
                                s->p->block_p2p = true;
                        else if (streq(value, "allow"))
                                s->p->block_p2p = false;
                        else
                                perr(s, vcol, "PersonToPerson= takes block or allow, not '%s'", value);
                } else if (streq(name, "ICMPEssential"))
                        set_bool(s, name, value, &s->p->icmp_essential);
                else if (streq(name, "LogDrops"))
                        set_bool(s, name, value, &s->p->log_drops);
                else
                        perr(s, col_first(s), "unknown key '%s' in [Device] (expected DHCPClient, PersonToPerson, ICMPEssential, LogDrops)", name);
                return 1;
        case SECTION_ZONE: {
                struct fw_zone *z = &s->p->zones[s->section_index];

                if (streq(name, "Interfaces")) {
                        if (!*value) {
                                strv_free(z->interfaces);
                                z->interfaces = NULL;
                        } else
                                for_each_item(s, value, vcol, add_interface, &z->interfaces);
                } else if (streq(name, "Addresses")) {
                        if (!*value) {
                                free(z->addresses);
                                z->addresses = NULL;
                                z->n_addresses = 0;
                        } else
                                for_each_item(s, value, vcol, add_prefix, &(struct prefix_list){ &z->addresses, &z->n_addresses });
                } else if (streq(name, "Description"))
                        ; /* for people */
                else
                        perr(s, col_first(s), "unknown key '%s' in [Zone %s] (expected Interfaces, Addresses, Description)", name, z->name);
                return 1;
        }
        case SECTION_CONDUIT: {
                struct fw_conduit *c = &s->p->conduits[s->section_index];

                if (streq(name, "From") || streq(name, "To")) {
                        char **dst = streq(name, "From") ? &c->from : &c->to;
                        if (!valid_name(value))
                                perr(s, vcol, "%s= takes one zone name%s, not '%s'", name, streq(name, "From") ? " or 'any'" : " or 'device'", value);
                        else {
                                free(*dst);
                                *dst = xstrdup(value);
                        }
                } else if (streq(name, "Protocol")) {
                        unsigned protos = 0;
                        for_each_item(s, value, vcol, add_proto, &protos);
                        c->protocols = protos;
                } else if (streq(name, "Ports")) {
                        if (!*value) {
                                free(c->ports);
                                c->ports = NULL;
                                c->n_ports = 0;
                        } else
                                for_each_item(s, value, vcol, add_port, &(struct port_list){ &c->ports, &c->n_ports });
                } else if (streq(name, "Sources")) {
                        if (!*value) {
                                free(c->sources);
                                c->sources = NULL;
                                c->n_sources = 0;
                        } else
                                for_each_item(s, value, vcol, add_prefix, &(struct prefix_list){ &c->sources, &c->n_sources });
                } else if (streq(name, "RateLimit"))
                        parse_rate(s, c, value);
                else if (streq(name, "Log"))
                        set_bool(s, name, value, &c->log);
                else if (streq(name, "IslandSafe"))
                        set_bool(s, name, value, &c->island_safe);
                else if (streq(name, "Description")) {
                        free(c->description);
                        c->description = xstrdup(value);
                } else
                        perr(s, col_first(s), "unknown key '%s' in [Conduit %s] (expected From, To, Protocol, Ports, Sources, RateLimit, Log, IslandSafe, Description)", name, c->name);
                return 1;
        }
        }
        return 1;
}

int fw_policy_parse_buffer(struct fw_policy *p, const char *filename, const char *buf, size_t len, struct fw_diags *diags)
{
        struct parse_state s = { .p = p, .diags = diags, .pos = buf, .end = buf + len };
        unsigned line = 1;
        int k;

        strv_push(&p->files, filename);
        s.file = p->files[strv_length(p->files) - 1];

        /* Refuse what inih would silently mangle: NUL bytes and over-long lines. */
        for (const char *q = buf, *end = buf + len; q < end; line++) {
                const char *nl = memchr(q, '\n', (size_t) (end - q)), *eol = nl ? nl : end, *nul;
                size_t width = (size_t) (eol - q);

                nul = memchr(q, 0, width);
                if (nul) {
                        fw_diag_add(diags, s.file, line, (unsigned) (nul - q) + 1, "NUL byte in policy file");
                        return -EBADMSG;
                }
                if (width > 0 && eol[-1] == '\r')
                        width--; /* a CRLF line's CR does not count */
                if (width > INI_LINE_MAX) {
                        fw_diag_add(diags, s.file, line, INI_LINE_MAX + 1, "line longer than %d characters (repeat the key to continue a list)", INI_LINE_MAX);
                        return -EBADMSG;
                }
                q = eol + 1;
        }

        k = ini_parse_stream(next_line_and_section, &s, apply_setting, &s);
        free(s.section_name);
        if (k > 0 && s.errors == 0) {
                /* inih found a line that is neither a section, a key nor a comment. */
                const char *q = buf;
                size_t c = 1;
                for (int l = 1; l < k && q < buf + len; l++) {
                        const char *nl = memchr(q, '\n', (size_t) (buf + len - q));
                        q = nl ? nl + 1 : buf + len;
                }
                while (q < buf + len && (*q == ' ' || *q == '\t'))
                        q++, c++;
                fw_diag_add(diags, s.file, (unsigned) k, (unsigned) c, "expected '[Section]', 'Key=Value' or a comment");
                s.errors++;
        } else if (k < 0) {
                fw_diag_add(diags, s.file, 0, 0, "inih failed (%d)", k);
                return -ENOMEM;
        }
        return s.errors ? -EBADMSG : 0;
}

struct load_state {
        struct fw_policy *policy;
        struct fw_diags *diags;
        bool bad;
};

static int parse_one_file(const char *path, const char *buf, size_t len, bool dropin, void *userdata)
{
        struct load_state *st = userdata;

        /* Every file is parsed, so one run names every mistake. */
        if (fw_policy_parse_buffer(st->policy, path, buf, len, st->diags) < 0)
                st->bad = true;
        return 0;
}

int fw_policy_load_from(const struct file_source *src, const char *main_path, const char *dropin_dir,
                        struct fw_policy **ret, struct fw_diags *diags)
{
        _cleanup_(fw_policy_freep) struct fw_policy *p = fw_policy_new();
        _cleanup_free_ char *failed = NULL;
        struct load_state st = { .policy = p, .diags = diags };
        const struct conf_files files = {
                .main_path = main_path,
                .dropin_dir = dropin_dir,
                .file_max = FW_POLICY_FILE_MAX,
                .dropins_max = FW_DROPIN_MAX,
        };
        int k;

        k = conf_load_dropins(src, &files, parse_one_file, &st, &failed);
        if (k < 0) {
                if (k == -E2BIG && dropin_dir && streq_ptr(failed, dropin_dir))
                        fw_diag_add(diags, failed, 0, 0, "more than %u drop-ins (or directory entries)", FW_DROPIN_MAX);
                else
                        fw_diag_add(diags, strna(failed), 0, 0, "%s: %s",
                                 dropin_dir && streq_ptr(failed, dropin_dir) ? "cannot open" : "cannot read", strerror(-k));
                return k;
        }
        if (st.bad)
                return -EBADMSG;
        k = fw_policy_finish(p, diags);
        if (k < 0)
                return k;
        *ret = TAKE_PTR(p);
        return 0;
}

int fw_policy_load(const char *main_path, const char *dropin_dir, struct fw_policy **ret, struct fw_diags *diags)
{
        return fw_policy_load_from(&file_source_host, main_path, dropin_dir, ret, diags);
}
