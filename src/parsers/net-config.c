/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <string.h>

#include "cursor.h"
#include "macro.h"
#include "net-config.h"
#include "parsers.h"
#include "strv.h"

int systemd_parse_boolean(const char *v)
{
        static const char *const yes[] = { "1", "yes", "y", "true", "t", "on" }, *const no[] = { "0", "no", "n", "false", "f", "off" };

        if (!v)
                return -EINVAL;
        for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
                if (strcaseeq(v, yes[i]))
                        return 1;
                if (strcaseeq(v, no[i]))
                        return 0;
        }
        return -EINVAL;
}

int networkd_dhcp_value(const char *v)
{
        static const struct { const char *name; int bits; } table[] = {
                /* address_family_table, looked up after parse_boolean() (DEFINE_STRING_TABLE_LOOKUP_WITH_BOOLEAN) */
                { "no", NETWORKD_DHCP_NO }, { "yes", NETWORKD_DHCP_YES },
                { "ipv4", NETWORKD_DHCP_IPV4 }, { "ipv6", NETWORKD_DHCP_IPV6 },
                /* dhcp_deprecated_address_family_table: still accepted, with a warning */
                { "none", NETWORKD_DHCP_NO }, { "both", NETWORKD_DHCP_YES },
                { "v4", NETWORKD_DHCP_IPV4 }, { "v6", NETWORKD_DHCP_IPV6 },
        };
        int b;

        if (!v)
                return -EINVAL;
        b = systemd_parse_boolean(v);
        if (b >= 0)
                return b ? NETWORKD_DHCP_YES : NETWORKD_DHCP_NO;
        /* The string tables compare exactly (streq), unlike parse_boolean(). */
        for (size_t i = 0; i < ARRAY_SIZE(table); i++)
                if (streq(v, table[i].name))
                        return table[i].bits;
        return -EINVAL;
}

bool ifupdown_dir_name_ok(const char *name)
{
        if (!name || !*name)
                return false;
        for (const char *p = name; *p; p++)
                if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'))
                        return false;
        return true;
}

void ifupdown_conf_done(struct ifupdown_conf *c)
{
        strv_free(c->auto_ifaces);
        strv_free(c->hotplug_ifaces);
        strv_free(c->dhcp_ifaces);
        strv_free(c->dhcp_lines);
        strv_free(c->sources);
        strv_free(c->source_dirs);
        *c = (struct ifupdown_conf){};
}

static int push_words(char ***l, struct slice rest, size_t *count)
{
        struct slice w;

        while (slice_word(&rest, &w)) {
                if (++*count > PARSE_MAX_ITEMS)
                        return -E2BIG;
                strv_consume(l, slice_dup(w));
        }
        return 0;
}

/* One logical line (continuations joined), already stripped and not a comment. */
static int ifupdown_line(const char *line, struct ifupdown_conf *c, size_t *count)
{
        struct slice s = { line, strlen(line) }, w, name, fam, method;

        if (!slice_word(&s, &w))
                return 0;
        if (slice_eq(w, "auto") || slice_eq(w, "allow-auto"))
                return push_words(&c->auto_ifaces, s, count);
        if (slice_eq(w, "allow-hotplug"))
                return push_words(&c->hotplug_ifaces, s, count);
        if (slice_eq(w, "mapping")) {
                c->mapping = true;
                return 0;
        }
        if (slice_eq(w, "source") || slice_eq(w, "source-directory")) {
                struct slice rest = slice_strip(s);
                if (slice_empty(rest))
                        return 0;
                if (++*count > PARSE_MAX_ITEMS)
                        return -E2BIG;
                strv_consume(slice_eq(w, "source") ? &c->sources : &c->source_dirs, slice_dup(rest));
                return 0;
        }
        if (slice_eq(w, "iface") && slice_word(&s, &name) && slice_word(&s, &fam) && slice_word(&s, &method) &&
            slice_eq(fam, "inet") && (slice_eq(method, "dhcp") || slice_eq(method, "bootp"))) {
                if (++*count > PARSE_MAX_ITEMS)
                        return -E2BIG;
                strv_consume(&c->dhcp_ifaces, slice_dup(name));
                strv_push(&c->dhcp_lines, line);
        }
        return 0;
}

int ifupdown_parse(const char *buf, size_t len, struct ifupdown_conf *ret)
{
        _cleanup_(ifupdown_conf_done) struct ifupdown_conf c = {};
        _cleanup_free_ char *logical = NULL;
        struct cursor cur = cursor_make(buf, len);
        struct slice line;
        size_t count = 0, llen = 0;
        int r;

        if (memchr(buf, 0, len))
                return -EBADMSG;
        while (cursor_line(&cur, &line)) {
                struct slice s = slice_strip(line);
                bool cont;

                if (!logical && (s.len == 0 || s.p[0] == '#'))
                        continue;
                cont = s.len > 0 && s.p[s.len - 1] == '\\';
                if (cont) {
                        s.len--;
                        s = slice_strip(s);
                }
                logical = xreallocarray(logical, llen + s.len + 2, 1);
                if (llen)
                        logical[llen++] = ' ';
                memcpy(logical + llen, s.p, s.len);
                llen += s.len;
                logical[llen] = 0;
                if (cont && !cursor_eof(&cur))
                        continue;
                r = ifupdown_line(logical, &c, &count);
                if (r < 0)
                        return r;
                free(logical);
                logical = NULL;
                llen = 0;
        }
        /* Merge into what the caller already holds (the file that sourced this one). */
#define MERGE(field)                                                    \
        for (size_t i = 0; c.field && c.field[i]; i++)                  \
                strv_push(&ret->field, c.field[i]);
        MERGE(auto_ifaces);
        MERGE(hotplug_ifaces);
        MERGE(dhcp_ifaces);
        MERGE(dhcp_lines);
        MERGE(sources);
        MERGE(source_dirs);
#undef MERGE
        ret->mapping = ret->mapping || c.mapping;
        return 0;
}
