/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * systemd units as the target would load them: fragments from the unit
 * search path (first hit wins), drop-ins from every <dir>/<unit>.d/NAME.conf,
 * and the enabled state from .wants/.requires symlinks — what
 * `systemctl is-enabled` itself looks at, so it works offline too.
 */
#include "collect.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

#define UNITS_MAX 4000
#define UNIT_FILE_MAX (256u * 1024)

static const char *const unit_dirs[] = {
        "/etc/systemd/system",
        "/run/systemd/system",
        "/usr/local/lib/systemd/system",
        "/lib/systemd/system",
        "/usr/lib/systemd/system",
};

static bool is_unit_name(const char *n)
{
        static const char *const suffixes[] = { ".service", ".socket", ".target", ".mount", ".swap", ".timer", ".path" };

        for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++)
                if (endswith(n, suffixes[i]))
                        return true;
        return false;
}

static struct unit *unit_get_or_add(struct facts *f, const char *name)
{
        struct unit *u;

        for (size_t i = 0; i < f->units.n; i++)
                if (streq(f->units.v[i].name, name))
                        return &f->units.v[i];
        if (f->units.n >= UNITS_MAX) {
                facts_note_cap(f, "more than %u units (UNITS_MAX); %s and later ones were not read", UNITS_MAX, name);
                return NULL;
        }
        f->units.v = xreallocarray(f->units.v, f->units.n + 1, sizeof(*f->units.v));
        u = &f->units.v[f->units.n++];
        *u = (struct unit){ .name = xstrdup(name) };
        return u;
}

/* "getty@tty1.service" is loaded from "getty@.service". */
static char *template_of(const char *name)
{
        const char *at = strchr(name, '@'), *dot = strrchr(name, '.');

        if (!at || !dot || dot < at || at[1] == '.')
                return NULL;
        return xasprintf("%.*s@%s", (int) (at - name), name, dot);
}

/* What each unit directory holds, listed once, so lookups cost no system calls. */
typedef char **dir_listing[ARRAY_SIZE(unit_dirs)];

static void load_fragment(struct facts *f, struct unit *u, dir_listing listing)
{
        _cleanup_free_ char *tmpl = template_of(u->name);

        for (size_t d = 0; d < ARRAY_SIZE(unit_dirs); d++) {
                const char *names[] = { u->name, tmpl };

                for (size_t k = 0; k < ARRAY_SIZE(names) && names[k]; k++) {
                        if (!strv_contains(listing[d], names[k]))
                                continue;
                        _cleanup_free_ char *path = xasprintf("%s/%s", unit_dirs[d], names[k]), *buf = NULL, *link = NULL;
                        size_t len;

                        if (root_readlink(f->root, path, &link) >= 0 && streq(link, "/dev/null")) {
                                u->masked = true;
                                return;
                        }
                        if (facts_read_file(f, path, UNIT_FILE_MAX, &buf, &len) < 0)
                                continue;
                        u->path = xstrdup(path);
                        (void) collect_parsed(f, unit_file_parse(buf, len, path, &u->settings, &u->n_settings), path);
                        return;
                }
        }
}

static void load_dropins(struct facts *f, struct unit *u, dir_listing listing)
{
        _cleanup_free_ char *dname = xasprintf("%s.d", u->name);

        for (size_t d = ARRAY_SIZE(unit_dirs); d-- > 0;) {
                _cleanup_free_ char *dir = NULL;
                _cleanup_strv_free_ char **l = NULL;

                if (!strv_contains(listing[d], dname))
                        continue;
                dir = xasprintf("%s/%s", unit_dirs[d], dname);
                if (facts_list_dir(f, dir, 256, &l) < 0)
                        continue;
                for (size_t i = 0; l[i]; i++) {
                        _cleanup_free_ char *path = NULL, *buf = NULL;
                        size_t len;

                        if (!endswith(l[i], ".conf"))
                                continue;
                        path = xasprintf("%s/%s", dir, l[i]);
                        if (facts_read_file(f, path, UNIT_FILE_MAX, &buf, &len) >= 0)
                                (void) collect_parsed(f, unit_file_parse(buf, len, path, &u->settings, &u->n_settings), path);
                }
        }
}

/* Every "<unit>.wants" or ".requires" directory links the units it pulls in. */
static void scan_wants(struct facts *f, const char *dir, char **entries)
{
        for (size_t i = 0; entries[i]; i++) {
                _cleanup_strv_free_ char **links = NULL;
                _cleanup_free_ char *sub = NULL, *owner = NULL;
                const char *e = entries[i];

                if (!endswith(e, ".wants") && !endswith(e, ".requires"))
                        continue;
                owner = xstrndup(e, strrchr(e, '.') - e);
                sub = xasprintf("%s/%s", dir, e);
                if (facts_list_dir(f, sub, 1024, &links) < 0)
                        continue;
                for (size_t k = 0; links[k]; k++) {
                        struct unit *u;

                        if (!is_unit_name(links[k]))
                                continue;
                        u = unit_get_or_add(f, links[k]);
                        if (!u)
                                return;
                        /* Links in /etc are what the admin enabled; vendor ones are static wiring. */
                        u->enabled = true;
                        if (!strv_contains(u->wanted_by, owner))
                                strv_push(&u->wanted_by, owner);
                }
        }
}

static void collect_units(struct facts *f, const struct collect_options *o)
{
        dir_listing listing = {};

        for (size_t d = 0; d < ARRAY_SIZE(unit_dirs); d++) {
                if (facts_list_dir(f, unit_dirs[d], UNITS_MAX, &listing[d]) < 0)
                        continue;
                for (size_t i = 0; listing[d][i]; i++)
                        if (is_unit_name(listing[d][i]) && !strchr(listing[d][i], '@'))
                                (void) unit_get_or_add(f, listing[d][i]);
                scan_wants(f, unit_dirs[d], listing[d]);
        }
        for (size_t i = 0; i < f->units.n; i++) {
                struct unit *u = &f->units.v[i];

                load_fragment(f, u, listing);
                if (u->masked)
                        u->enabled = false;
                else
                        load_dropins(f, u, listing);
                /*
                 * Interim, until the resolver follows the default target's
                 * closure: an enabled unit is taken to start, and what that
                 * rests on is said.
                 */
                u->starts = u->enabled ? 1 : 0;
                if (u->enabled)
                        u->starts_why = xasprintf("enabled (linked from %s), not followed from the default target",
                                                  u->wanted_by && u->wanted_by[0] ? u->wanted_by[0] : "an alias");
                for (size_t k = 0; k < u->n_settings; k++) {
                        const struct unit_setting *s = &u->settings[k];

                        if (streq(s->section, "Service") && streq(s->key, "ExecStart")) {
                                if (!s->value[0]) {
                                        strv_free(u->exec_start);
                                        u->exec_start = NULL;
                                } else
                                        strv_push(&u->exec_start, s->value);
                        } else if (streq(s->section, "Socket") && startswith(s->key, "Listen")) {
                                if (!s->value[0]) {
                                        strv_free(u->listen);
                                        u->listen = NULL;
                                } else
                                        strv_consume(&u->listen, xasprintf("%s=%s", s->key, s->value));
                        }
                }
        }
        for (size_t d = 0; d < ARRAY_SIZE(unit_dirs); d++)
                strv_free(listing[d]);
        /* No unit directory at all: not systemd, no units, which is a fact rather than an error. */
        f->units.err = 0;
}

static void units_free(struct facts *f)
{
        for (size_t i = 0; i < f->units.n; i++) {
                struct unit *u = &f->units.v[i];
                free(u->name);
                free(u->path);
                free(u->starts_why);
                free(u->sysv_script);
                strv_free(u->wanted_by);
                strv_free(u->aliases);
                strv_free(u->exec_start);
                strv_free(u->environment);
                strv_free(u->listen);
                unit_settings_free(u->settings, u->n_settings);
        }
        free(f->units.v);
}

const struct collector collector_units = {
        .name = "units",
        .area = FACTS_UNITS,
        .collect = collect_units,
        .free = units_free,
        .owns = { FACTS_MEMBER(units) },
};
