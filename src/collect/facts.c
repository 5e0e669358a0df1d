/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The facts model: what every collector shares. The root source and the
 * reads through it that facts remember (hash for evidence, the read budget,
 * caps recorded against the area being collected), the secret-file marks,
 * and the query helpers the checks use. Which collectors run, and in which
 * order, is collect.c's.
 */
#include <stdarg.h>

#include "facts.h"
#include "hash.h"
#include "macro.h"
#include "parsers.h"
#include "rootfs.h"
#include "strv.h"

int facts_read_file(struct facts *f, const char *path, size_t max, char **ret, size_t *ret_len)
{
        _cleanup_free_ char *buf = NULL;
        size_t len = 0;
        int k;

        max = max ? max : ROOT_READ_MAX_DEFAULT;
        if (max > f->read_budget) {
                /* What this file may still cost; if it needs more, the budget is the reason. */
                k = root_read_file(f->root, path, (size_t) f->read_budget, &buf, &len);
                if (k == -EFBIG) {
                        facts_note_cap(f, "the read budget for all files (%llu MiB, FACTS_READ_BUDGET) ran out at %s, which was not read",
                                       FACTS_READ_BUDGET / (1024 * 1024), path);
                        return -E2BIG;
                }
        } else
                k = root_read_file(f->root, path, max, &buf, &len);
        if (k == -EFBIG)
                facts_note_cap(f, "%s is larger than the %zu-byte cap for it and was not read", path, max);
        if (k < 0)
                return k;
        f->read_budget -= len;
        if (!facts_file(f, path)) {
                struct file_seen *fs;

                f->files = xreallocarray(f->files, f->n_files + 1, sizeof(*f->files));
                fs = &f->files[f->n_files++];
                *fs = (struct file_seen){ .path = xstrdup(path), .size = len };
                sha256_hex(buf, len, fs->sha256);
        }
        *ret = TAKE_PTR(buf);
        if (ret_len)
                *ret_len = len;
        return 0;
}

int facts_list_dir(struct facts *f, const char *path, size_t max, char ***ret)
{
        int k = root_list_dir(f->root, path, max, ret);

        if (k > 0)
                facts_note_cap(f, "%s has more than %zu entries; only %zu were listed", path, max, max);
        return k;
}

void facts_note_cap(struct facts *f, const char *fmt, ...)
{
        _cleanup_free_ char *text = NULL;
        va_list ap;

        va_start(ap, fmt);
        text = xvasprintf(fmt, ap);
        va_end(ap);
        for (size_t i = 0; i < f->n_caps; i++)
                if (f->caps[i].area == f->collecting && streq(f->caps[i].text, text))
                        return;
        if (f->n_caps >= FACTS_CAPS_MAX)
                return; /* the first ones already make every check of the area an error */
        f->caps = xreallocarray(f->caps, f->n_caps + 1, sizeof(*f->caps));
        f->caps[f->n_caps++] = (struct facts_cap){ .area = f->collecting, .text = TAKE_PTR(text) };
}

const char *facts_cap(const struct facts *f, unsigned areas)
{
        for (size_t i = 0; i < f->n_caps; i++)
                if (f->caps[i].area & areas)
                        return f->caps[i].text;
        return NULL;
}

int collect_parsed(struct facts *f, int k, const char *path)
{
        if (k == -E2BIG)
                facts_note_cap(f, "%s holds more items than the parser reads (%u, PARSE_MAX_ITEMS); the rest was not read",
                               path, PARSE_MAX_ITEMS);
        return k;
}

int collect_read(struct facts *f, const char *path, char **ret, size_t *ret_len)
{
        return facts_read_file(f, path, 0, ret, ret_len);
}

const struct file_seen *facts_file(const struct facts *f, const char *path)
{
        for (size_t i = 0; i < f->n_files; i++)
                if (streq(f->files[i].path, path))
                        return &f->files[i];
        return NULL;
}

void facts_mark_sensitive(struct facts *f, const char *path, const char *why)
{
        if (!path || facts_sensitive(f, path))
                return;
        f->sensitive.v = xreallocarray(f->sensitive.v, f->sensitive.n + 1, sizeof(*f->sensitive.v));
        f->sensitive.v[f->sensitive.n++] = (struct sensitive_file){ .path = xstrdup(path), .why = xstrdup(why) };
}

const char *facts_sensitive(const struct facts *f, const char *path)
{
        for (size_t i = 0; path && i < f->sensitive.n; i++)
                if (streq(f->sensitive.v[i].path, path))
                        return f->sensitive.v[i].why;
        return NULL;
}

const struct package *facts_package(const struct facts *f, const char *name)
{
        for (size_t i = 0; i < f->packages.n; i++)
                if (streq(f->packages.v[i].name, name))
                        return &f->packages.v[i];
        return NULL;
}

const struct unit *facts_unit(const struct facts *f, const char *name)
{
        for (size_t i = 0; i < f->units.n; i++)
                if (streq(f->units.v[i].name, name))
                        return &f->units.v[i];
        /* An alias name (sshd.service) stands for the unit it links to. */
        for (size_t i = 0; i < f->units.n; i++)
                if (strv_contains(f->units.v[i].aliases, name))
                        return &f->units.v[i];
        return NULL;
}

int facts_unit_starts(const struct facts *f, const char *name, const char **why)
{
        const struct unit *u = facts_unit(f, name);

        if (!u && f->units.incomplete) {
                /* Not among the units read, but the reading was cut: not a sure no. */
                if (why)
                        *why = f->units.incomplete;
                return -1;
        }
        if (why)
                *why = u ? u->starts_why : NULL;
        return u ? u->starts : 0;
}

const char *unit_env_get(const struct unit *u, const char *key)
{
        size_t n = strlen(key);
        const char *v = NULL;

        /* The last assignment wins, as in systemd's merged environment. */
        for (char **e = u ? u->environment : NULL; e && *e; e++)
                if (strncmp(*e, key, n) == 0 && (*e)[n] == '=')
                        v = *e + n + 1;
        return v;
}

const char *unit_get(const struct unit *u, const char *section, const char *key)
{
        const char *v = NULL;

        for (size_t i = 0; u && i < u->n_settings; i++)
                if (streq(u->settings[i].section, section) && streq(u->settings[i].key, key))
                        v = u->settings[i].value;
        return v;
}

bool unit_has_word(const struct unit *u, const char *section, const char *key, const char *word)
{
        bool found = false;

        for (size_t i = 0; u && i < u->n_settings; i++) {
                _cleanup_strv_free_ char **words = NULL;

                if (!streq(u->settings[i].section, section) || !streq(u->settings[i].key, key))
                        continue;
                if (u->settings[i].value[0] == 0) {
                        found = false; /* an empty assignment resets the list */
                        continue;
                }
                words = strv_split(u->settings[i].value, " \t");
                if (strv_contains(words, word))
                        found = true;
        }
        return found;
}

/* The value of a CONFIG_ key from the collected lines, or NULL. */
const char *kernel_config_get(const struct facts *f, const char *key)
{
        const char *v = NULL;
        for (size_t i = 0; f->kernel.config && f->kernel.config[i]; i++) {
                const char *r = startswith(f->kernel.config[i], key);
                if (r && *r == '=')
                        v = r + 1;
        }
        return v;
}

struct facts *facts_new(struct root *r)
{
        struct facts *f = xmalloc0(sizeof(*f));

        f->root = r;
        f->live = root_is_live(r);
        f->root_dir = xstrdup(root_path(r));
        f->read_budget = FACTS_READ_BUDGET;
        return f;
}

void facts_model_free(struct facts *f)
{
        if (!f)
                return;
        root_free(f->root);
        free(f->root_dir);
        for (size_t i = 0; i < f->n_files; i++)
                free(f->files[i].path);
        free(f->files);
        for (size_t i = 0; i < f->sensitive.n; i++) {
                free(f->sensitive.v[i].path);
                free(f->sensitive.v[i].why);
        }
        free(f->sensitive.v);
        for (size_t i = 0; i < f->n_caps; i++)
                free(f->caps[i].text);
        free(f->caps);
        free(f);
}
