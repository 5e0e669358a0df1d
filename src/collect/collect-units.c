/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * systemd units as the target's manager would load them at boot, resolved
 * offline from the files alone (src/collect/facts.h, struct unit):
 *
 *  - the unit search path in systemd's order, first hit wins; a name whose
 *    file is a link to /dev/null or an empty file is masked; a link to
 *    another unit name is an alias of that unit;
 *  - drop-ins from every <dir>/<name>.d/ (the unit's own names, its
 *    template, prefix and type drop-ins), ordered by file name across the
 *    directories, the earlier directory winning a file name;
 *  - the enabled state as `systemctl is-enabled` gives it;
 *  - what starts at boot: the closure of the default target through
 *    Wants=/Requires=/BindsTo=/Upholds= and the .wants/.requires/.upholds
 *    directories, plus the units a started socket, timer or path triggers;
 *  - init scripts without a native unit, as systemd-sysv-generator turns
 *    them into units (an S link in /etc/rc[2-5].d pulls them in);
 *  - the environment (DefaultEnvironment=, Environment=, EnvironmentFile=)
 *    and the ExecStart=/Listen*= lines in effect.
 *
 * Live it reads the same files (the running manager is not asked over
 * D-Bus): what it resolves is the next boot, which is what the checks ask.
 * Anything it cannot decide leaves starts = -1 with the reason.
 */
#include <sys/stat.h>

#include "collect.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

#define UNITS_MAX 4000
#define UNIT_FILE_MAX (256u * 1024)
#define UNIT_LINKS_MAX 16
#define DROPINS_MAX 256

static const char *const unit_dirs[] = {
        "/etc/systemd/system",
        "/run/systemd/system",
        "/usr/local/lib/systemd/system",
        "/lib/systemd/system",
        "/usr/lib/systemd/system",
};
#define N_DIRS ARRAY_SIZE(unit_dirs)
/* /etc and /run: what an admin (or systemctl enable) configured; the others are the vendor's. */
#define DIR_IS_CONFIG(d) ((d) <= 1)

static const char *const unit_suffixes[] = {
        ".service", ".socket", ".target", ".mount", ".automount", ".swap", ".timer", ".path", ".slice", ".scope", ".device",
};

static bool is_unit_name(const char *n)
{
        if (!n[0] || n[0] == '.' || strchr(n, '/'))
                return false;
        for (size_t i = 0; i < ARRAY_SIZE(unit_suffixes); i++)
                if (endswith(n, unit_suffixes[i]) && strlen(n) > strlen(unit_suffixes[i]))
                        return true;
        return false;
}

static bool is_template(const char *n)
{
        const char *at = strchr(n, '@');
        return at && at[1] == '.';
}

/* "getty@tty1.service" is loaded from "getty@.service". */
static char *template_of(const char *name)
{
        const char *at = strchr(name, '@'), *dot = strrchr(name, '.');

        if (!at || !dot || dot < at || at[1] == '.')
                return NULL;
        return xasprintf("%.*s@%s", (int) (at - name), name, dot);
}

static const char *instance_of(const char *name, char **buf)
{
        const char *at = strchr(name, '@'), *dot = strrchr(name, '.');

        if (!at || !dot || dot <= at + 1)
                return NULL;
        *buf = xstrndup(at + 1, (size_t) (dot - at - 1));
        return *buf;
}

static const char *basename_of(const char *p)
{
        const char *s = strrchr(p, '/');
        return s ? s + 1 : p;
}

/* Collapses "//", "/./" and "/x/../" in place; ".." stops at the root, as inside the target. */
static void path_normalize(char *p)
{
        char *out = p, *s = p;

        while (*s) {
                while (*s == '/')
                        s++;
                if (!*s)
                        break;
                if (s[0] == '.' && (s[1] == '/' || !s[1])) {
                        s++;
                        continue;
                }
                if (s[0] == '.' && s[1] == '.' && (s[2] == '/' || !s[2])) {
                        while (out > p && *--out != '/')
                                ;
                        s += 2;
                        continue;
                }
                *out++ = '/';
                while (*s && *s != '/')
                        *out++ = *s++;
        }
        if (out == p)
                *out++ = '/';
        *out = 0;
}

/* systemd's stock wiring of the targets it ships, for trees that carry the .wants directories but not the targets' files. */
static const struct {
        const char *name, *deps;
} stock_targets[] = {
        { "graphical.target", "multi-user.target display-manager.service" },
        { "multi-user.target", "basic.target" },
        { "basic.target", "sysinit.target sockets.target timers.target paths.target slices.target" },
        { "sysinit.target", "local-fs.target swap.target cryptsetup.target integritysetup.target veritysetup.target" },
        { "rescue.target", "sysinit.target rescue.service" },
        { "emergency.target", "emergency.service" },
        { "local-fs.target", "" },
        { "swap.target", "" },
        { "sockets.target", "" },
        { "timers.target", "" },
        { "paths.target", "" },
        { "slices.target", "" },
        { "cryptsetup.target", "" },
        { "integritysetup.target", "" },
        { "veritysetup.target", "" },
        { "getty.target", "" },
        { "network.target", "" },
        { "network-online.target", "" },
        { "network-pre.target", "" },
        { "remote-fs.target", "" },
        { "nss-lookup.target", "" },
        { "time-sync.target", "" },
};

/* A .wants/.requires/.upholds directory, listed once: the owner's name, the suffix, the entries, those masked by /dev/null. */
struct dep_dir {
        size_t d;
        char *owner;
        const char *suffix;
        char **links;
        char **nulled;
};

struct resolver {
        struct facts *f;
        struct dep_dir *dep_dirs;
        size_t n_dep_dirs;
        char **listing[N_DIRS];
        int listing_err[N_DIRS];
        char **names;           /* every unit name seen, alias names included */
        char **canon;           /* canonical name of names[i] */
        /* SysV: (target, unit) pairs the generator adds. */
        char **sysv_wants;
        /* Per unit (index into f->units.v), during the closure. */
        int *parent;            /* -1 root, -2 not reached */
        bool *in_closure;
        bool *deps_unknown;     /* its files could not all be read: what it pulls in is unknown */
        char **why_extra;       /* a note on how it was reached (stock target wiring) */
        char *incomplete;       /* the first reason the closure may miss units */
        int undecided_root;     /* the default target is undecided */
        char *default_why;
};

static void note_incomplete(struct resolver *r, const char *fmt, ...) _printf_(2, 3);
static void note_incomplete(struct resolver *r, const char *fmt, ...)
{
        va_list ap;

        if (r->incomplete)
                return;
        va_start(ap, fmt);
        r->incomplete = xvasprintf(fmt, ap);
        va_end(ap);
}

static int unit_index(const struct facts *f, const char *name)
{
        for (size_t i = 0; i < f->units.n; i++)
                if (streq(f->units.v[i].name, name))
                        return (int) i;
        return -1;
}

static int unit_add(struct resolver *r, const char *name)
{
        struct facts *f = r->f;
        int i = unit_index(f, name);

        if (i >= 0)
                return i;
        if (f->units.n >= UNITS_MAX) {
                facts_note_cap(f, "more than %u units (UNITS_MAX); %s and later ones were not read", UNITS_MAX, name);
                note_incomplete(r, "more than %u units (UNITS_MAX)", UNITS_MAX);
                return -E2BIG;
        }
        f->units.v = xreallocarray(f->units.v, f->units.n + 1, sizeof(*f->units.v));
        f->units.v[f->units.n] = (struct unit){ .name = xstrdup(name), .starts = 0 };
        return (int) f->units.n++;
}

static bool dir_has(const struct resolver *r, size_t d, const char *name)
{
        return strv_contains(r->listing[d], name);
}

/*
 * Where a name's file is, as systemd's unit name map finds it: the first
 * search directory holding the name (or, for an instance, its template),
 * links followed inside the root. *ret_masked for a link to /dev/null or an
 * empty file; *ret_target the basename of the file reached (an alias when
 * it differs from name). -ENOENT when no directory has it (dangling links
 * are passed over, as systemd does), -ELOOP for a link chain too long.
 */
static int find_file(struct resolver *r, const char *name, char **ret_path, char **ret_target, bool *ret_masked, size_t *ret_dir)
{
        _cleanup_free_ char *tmpl = template_of(name);
        const char *cands[] = { name, tmpl };

        for (size_t k = 0; k < ARRAY_SIZE(cands) && cands[k]; k++)
                for (size_t d = 0; d < N_DIRS; d++) {
                        _cleanup_free_ char *cur = NULL;
                        bool masked = false;
                        size_t hops;

                        if (!dir_has(r, d, cands[k]))
                                continue;
                        cur = xasprintf("%s/%s", unit_dirs[d], cands[k]);
                        for (hops = 0; hops < UNIT_LINKS_MAX; hops++) {
                                _cleanup_free_ char *link = NULL;
                                int q = root_readlink(r->f->root, cur, &link);

                                if (q < 0)
                                        break;
                                if (link[0] == '/') {
                                        free(cur);
                                        cur = TAKE_PTR(link);
                                } else {
                                        char *n = xasprintf("%.*s/%s", (int) (basename_of(cur) - cur - 1), cur, link);
                                        free(cur);
                                        cur = n;
                                }
                                path_normalize(cur);
                                /* The tree's own /dev may be empty: a link reaching /dev/null masks, however spelt. */
                                if (streq(cur, "/dev/null")) {
                                        masked = true;
                                        break;
                                }
                        }
                        if (hops >= UNIT_LINKS_MAX)
                                return -ELOOP;
                        if (!masked) {
                                struct stat st;
                                int q = root_stat(r->f->root, cur, false, &st);

                                if (q == -ENOENT || q == -ENOTDIR)
                                        continue; /* dangling: systemd ignores it */
                                if (q < 0)
                                        return q;
                                if (S_ISCHR(st.st_mode) || (S_ISREG(st.st_mode) && st.st_size == 0))
                                        masked = true;
                                else if (!S_ISREG(st.st_mode))
                                        continue;
                        }
                        *ret_masked = masked;
                        *ret_dir = d;
                        if (ret_target)
                                *ret_target = xstrdup(masked ? cands[k] : basename_of(cur));
                        *ret_path = TAKE_PTR(cur);
                        return 0;
                }
        return -ENOENT;
}

/* The canonical name a name stands for: itself, or the unit its alias link reaches. */
static const char *canonical(struct resolver *r, const char *name)
{
        for (size_t i = 0; r->names && r->names[i]; i++)
                if (streq(r->names[i], name))
                        return r->canon[i];
        return name;
}

static void name_add(struct resolver *r, const char *name)
{
        _cleanup_free_ char *path = NULL, *target = NULL;
        bool masked;
        size_t d;
        const char *c = name;

        if (strv_contains(r->names, name) || strv_length(r->names) >= UNITS_MAX)
                return;
        if (find_file(r, name, &path, &target, &masked, &d) >= 0 && !masked && !streq(target, name) && is_unit_name(target)) {
                /* An instance found through its template keeps its own name. */
                _cleanup_free_ char *t = template_of(name);
                if (!streq_ptr(t, target))
                        c = target;
        }
        strv_push(&r->names, name);
        strv_push(&r->canon, c);
        if (c != name)
                name_add(r, c);
}

/* Every "<x>.wants", ".requires" or ".upholds" directory of a search directory: listed once, the names it links. */
static void scan_dep_dirs(struct resolver *r, size_t d)
{
        static const char *const sfx[] = { ".wants", ".requires", ".upholds" };

        for (size_t i = 0; r->listing[d] && r->listing[d][i]; i++) {
                const char *e = r->listing[d][i], *suffix = NULL;
                _cleanup_strv_free_ char **links = NULL;
                _cleanup_free_ char *sub = NULL;
                struct dep_dir *dd;
                int k;

                for (size_t s = 0; s < ARRAY_SIZE(sfx) && !suffix; s++)
                        if (endswith(e, sfx[s]) && strlen(e) > strlen(sfx[s]))
                                suffix = sfx[s];
                if (!suffix)
                        continue;
                sub = xasprintf("%s/%s", unit_dirs[d], e);
                k = facts_list_dir(r->f, sub, 1024, &links);
                if (k > 0)
                        note_incomplete(r, "%s has more than 1024 entries", sub);
                else if (k < 0 && k != -ENOENT && k != -ENOTDIR)
                        note_incomplete(r, "%s cannot be listed (%s)", sub, strerror(-k));
                if (k < 0)
                        continue;
                r->dep_dirs = xreallocarray(r->dep_dirs, r->n_dep_dirs + 1, sizeof(*r->dep_dirs));
                dd = &r->dep_dirs[r->n_dep_dirs++];
                *dd = (struct dep_dir){ .d = d, .owner = xstrndup(e, strlen(e) - strlen(suffix)), .suffix = suffix };
                for (size_t j = 0; links && links[j]; j++) {
                        _cleanup_free_ char *p = NULL, *l = NULL;

                        if (!is_unit_name(links[j]))
                                continue;
                        /* A masked link in a .wants directory pulls in nothing. */
                        p = xasprintf("%s/%s", sub, links[j]);
                        if (root_readlink(r->f->root, p, &l) >= 0 && streq(l, "/dev/null"))
                                strv_push(&dd->nulled, links[j]);
                        if (!is_template(links[j]))
                                name_add(r, links[j]);
                }
                dd->links = TAKE_PTR(links);
        }
}

static void dropins_for(struct resolver *r, const char *dname, char ***names, char ***paths)
{
        for (size_t d = 0; d < N_DIRS; d++) {
                _cleanup_strv_free_ char **l = NULL;
                _cleanup_free_ char *dir = NULL;
                int k;

                if (!dir_has(r, d, dname))
                        continue;
                dir = xasprintf("%s/%s", unit_dirs[d], dname);
                k = facts_list_dir(r->f, dir, DROPINS_MAX, &l);
                if (k > 0)
                        note_incomplete(r, "%s has more than %u entries", dir, DROPINS_MAX);
                for (size_t i = 0; l && l[i]; i++) {
                        if (!endswith(l[i], ".conf") || strv_contains(*names, l[i]))
                                continue; /* the same file name in an earlier directory wins */
                        strv_push(names, l[i]);
                        strv_consume(paths, xasprintf("%s/%s", dir, l[i]));
                }
        }
}

/* The names a unit's drop-in directories go by: its own, aliases, template, prefixes, the type. */
static char **dropin_dir_names(const struct unit *u)
{
        char **l = NULL;
        _cleanup_free_ char *tmpl = template_of(u->name);
        const char *dot = strrchr(u->name, '.');

        strv_consume(&l, xasprintf("%s.d", u->name));
        for (char **a = u->aliases; a && *a; a++)
                strv_consume(&l, xasprintf("%s.d", *a));
        if (tmpl)
                strv_consume(&l, xasprintf("%s.d", tmpl));
        /* "foo-bar-baz.service" also reads "foo-.service.d" and "foo-bar-.service.d". */
        for (const char *p = u->name; dot && (p = strchr(p, '-')) && p < dot; p++)
                strv_consume(&l, xasprintf("%.*s-%s.d", (int) (p - u->name), u->name, dot));
        if (dot)
                strv_consume(&l, xasprintf("%s.d", dot + 1));
        return l;
}

static int cmp_basename(const void *a, const void *b)
{
        return strcmp(basename_of(*(char *const *) a), basename_of(*(char *const *) b));
}

static int load_unit(struct resolver *r, struct unit *u)
{
        struct facts *f = r->f;
        _cleanup_free_ char *path = NULL, *target = NULL;
        _cleanup_strv_free_ char **dnames = NULL, **names = NULL, **paths = NULL;
        bool masked;
        size_t d;
        int k, bad = 0;

        k = find_file(r, u->name, &path, &target, &masked, &d);
        if (k == -ENOENT)
                return 0;
        if (k < 0) {
                u->starts = -1;
                u->starts_why = xasprintf("the unit file of %s cannot be resolved (%s)", u->name,
                                          k == -ELOOP ? "a link loop" : strerror(-k));
                /*
                 * A link loop stops systemd as it stops us: the unit fails to
                 * load and pulls in nothing, so the rest of the closure stays
                 * decided. Any other failure may be ours alone (a cap, a
                 * permission): what the unit would pull in is then unknown.
                 */
                return k == -ELOOP ? 0 : -1;
        }
        if (masked) {
                u->masked = true;
                u->path = TAKE_PTR(path);
                return 0;
        }
        {
                _cleanup_free_ char *buf = NULL;
                size_t len;

                k = facts_read_file(f, path, UNIT_FILE_MAX, &buf, &len);
                if (k < 0) {
                        u->starts = -1;
                        /* path stays NULL: no fragment was loaded (facts.h). */
                        u->starts_why = xasprintf("%s cannot be read (%s)", path, strerror(-k));
                        return -1;
                }
                if (collect_parsed(f, unit_file_parse(buf, len, path, &u->settings, &u->n_settings), path) < 0) {
                        u->starts = -1;
                        u->starts_why = xasprintf("%s cannot be parsed", path);
                        bad = -1;
                }
                u->path = TAKE_PTR(path);
        }
        dnames = dropin_dir_names(u);
        for (size_t i = 0; dnames[i]; i++)
                dropins_for(r, dnames[i], &names, &paths);
        qsort_safe(paths, strv_length(paths), sizeof(char *), cmp_basename);
        for (size_t i = 0; paths && paths[i]; i++) {
                _cleanup_free_ char *buf = NULL, *link = NULL;
                size_t len;
                struct stat st;

                /* A drop-in linked to /dev/null or empty masks that name; a dangling link is passed over. */
                if (root_readlink(f->root, paths[i], &link) >= 0 && streq(link, "/dev/null"))
                        continue;
                k = root_stat(f->root, paths[i], false, &st);
                if (k == -ENOENT || (k >= 0 && (S_ISCHR(st.st_mode) || st.st_size == 0)))
                        continue;
                k = facts_read_file(f, paths[i], UNIT_FILE_MAX, &buf, &len);
                if (k < 0) {
                        u->starts = -1;
                        free(u->starts_why);
                        u->starts_why = xasprintf("drop-in %s cannot be read (%s)", paths[i], strerror(-k));
                        bad = -1;
                        continue;
                }
                if (collect_parsed(f, unit_file_parse(buf, len, paths[i], &u->settings, &u->n_settings), paths[i]) < 0) {
                        u->starts = -1;
                        free(u->starts_why);
                        u->starts_why = xasprintf("drop-in %s cannot be parsed", paths[i]);
                        bad = -1;
                }
        }        return bad;
}

/* A list setting's words in effect: an empty assignment resets it. */
static char **setting_words(const struct unit *u, const char *section, const char *key)
{
        char **l = NULL;

        for (size_t i = 0; i < u->n_settings; i++) {
                _cleanup_strv_free_ char **w = NULL;

                if (!streq(u->settings[i].section, section) || !streq(u->settings[i].key, key))
                        continue;
                if (!u->settings[i].value[0]) {
                        strv_free(l);
                        l = NULL;
                        continue;
                }
                if (unit_words(u->settings[i].value, &w) < 0)
                        continue;
                for (size_t k = 0; w && w[k]; k++)
                        strv_push(&l, w[k]);
        }
        return l;
}

/* %i, %I, %n, %N, %p, %% in a value, as systemd expands them for Environment=/EnvironmentFile=. */
static char *expand_specifiers(const struct unit *u, const char *s)
{
        _cleanup_free_ char *inst = NULL;
        const char *at = strchr(u->name, '@'), *dot = strrchr(u->name, '.');
        size_t cap = strlen(s) * 4 + strlen(u->name) * 4 + 1;
        char *out = xmalloc0(cap), *o = out;

        instance_of(u->name, &inst);
        for (; *s; s++) {
                const char *rep = NULL;
                size_t rl = 0;

                if (*s != '%' || !s[1]) {
                        if ((size_t) (o - out) + 1 < cap)
                                *o++ = *s;
                        continue;
                }
                s++;
                switch (*s) {
                case '%': rep = "%"; rl = 1; break;
                case 'n': rep = u->name; rl = strlen(rep); break;
                case 'N': rep = u->name; rl = dot ? (size_t) (dot - u->name) : strlen(rep); break;
                case 'p': rep = u->name; rl = at ? (size_t) (at - u->name) : dot ? (size_t) (dot - u->name) : strlen(rep); break;
                case 'i': case 'I': rep = strempty(inst); rl = strlen(rep); break;
                default: {
                        char tmp[3] = { '%', *s, 0 };
                        rep = tmp;
                        rl = 2;
                        if ((size_t) (o - out) + rl < cap) {
                                memcpy(o, rep, rl);
                                o += rl;
                        }
                        continue;
                }
                }
                if ((size_t) (o - out) + rl < cap) {
                        memcpy(o, rep, rl);
                        o += rl;
                }
        }
        *o = 0;
        return out;
}

/* DefaultEnvironment= of system.conf and its drop-ins, in systemd's order (the main file, then drop-ins by name). */
static char **default_environment(struct resolver *r)
{
        static const char *const conf_dirs[] = {
                "/etc/systemd/system.conf.d", "/run/systemd/system.conf.d",
                "/usr/local/lib/systemd/system.conf.d", "/lib/systemd/system.conf.d", "/usr/lib/systemd/system.conf.d",
        };
        _cleanup_strv_free_ char **names = NULL, **paths = NULL;
        char **env = NULL;

        strv_push(&paths, "/etc/systemd/system.conf");
        for (size_t d = 0; d < ARRAY_SIZE(conf_dirs); d++) {
                _cleanup_strv_free_ char **l = NULL;

                if (facts_list_dir(r->f, conf_dirs[d], DROPINS_MAX, &l) < 0)
                        continue;
                for (size_t i = 0; l && l[i]; i++)
                        if (endswith(l[i], ".conf") && !strv_contains(names, l[i])) {
                                strv_push(&names, l[i]);
                                strv_consume(&paths, xasprintf("%s/%s", conf_dirs[d], l[i]));
                        }
        }
        qsort_safe(paths + 1, strv_length(paths) - 1, sizeof(char *), cmp_basename);
        for (size_t i = 0; paths[i]; i++) {
                _cleanup_free_ char *buf = NULL;
                struct unit_setting *s = NULL;
                size_t len, n = 0;

                if (facts_read_file(r->f, paths[i], UNIT_FILE_MAX, &buf, &len) < 0)
                        continue;
                if (collect_parsed(r->f, unit_file_parse(buf, len, paths[i], &s, &n), paths[i]) < 0)
                        note_incomplete(r, "%s cannot be parsed", paths[i]);
                for (size_t k = 0; k < n; k++) {
                        _cleanup_strv_free_ char **w = NULL;

                        if (!streq(s[k].section, "Manager") || !streq(s[k].key, "DefaultEnvironment"))
                                continue;
                        if (!s[k].value[0]) {
                                strv_free(env);
                                env = NULL;
                        } else if (unit_words(s[k].value, &w) >= 0)
                                for (size_t j = 0; w && w[j]; j++)
                                        if (strchr(w[j], '=') && w[j][0] != '=')
                                                strv_push(&env, w[j]);
                }
                unit_settings_free(s, n);
        }
        return env;
}

/* Environment= and EnvironmentFile= in effect; the files' assignments come after (and so override) Environment=. */
static void unit_environment(struct resolver *r, struct unit *u, char *const *defenv)
{
        _cleanup_strv_free_ char **env = setting_words(u, "Service", "Environment");
        _cleanup_strv_free_ char **files = NULL;

        for (size_t i = 0; defenv && defenv[i]; i++)
                strv_push(&u->environment, defenv[i]);
        for (size_t i = 0; env && env[i]; i++)
                if (strchr(env[i], '=') && env[i][0] != '=')
                        strv_consume(&u->environment, expand_specifiers(u, env[i]));
        /* EnvironmentFile= takes the whole value as one path (not words); empty resets. */
        for (size_t i = 0; i < u->n_settings; i++) {
                if (!streq(u->settings[i].section, "Service") || !streq(u->settings[i].key, "EnvironmentFile"))
                        continue;
                if (!u->settings[i].value[0]) {
                        strv_free(files);
                        files = NULL;
                } else
                        strv_push(&files, u->settings[i].value);
        }
        for (size_t i = 0; files && files[i]; i++) {
                bool optional = files[i][0] == '-';
                _cleanup_free_ char *p = expand_specifiers(u, files[i] + optional), *buf = NULL;
                _cleanup_strv_free_ char **l = NULL;
                size_t len;
                int k;

                if (strpbrk(p, "*?[")) {
                        if (u->starts >= 0) {
                                u->starts = -1;
                                free(u->starts_why);
                                u->starts_why = xasprintf("EnvironmentFile=%s is a glob, not resolved", files[i]);
                        }
                        continue;
                }
                k = facts_read_file(r->f, p, UNIT_FILE_MAX, &buf, &len);
                if (k == -ENOENT && optional)
                        continue;
                if (k < 0) {
                        /* systemd refuses to start the unit; unless something makes the file first (/run): undecided. */
                        if (u->starts >= 0) {
                                u->starts = -1;
                                free(u->starts_why);
                                u->starts_why = xasprintf("EnvironmentFile=%s cannot be read in the tree (%s): the unit fails to start unless it is created at run time",
                                                          files[i], strerror(-k));
                        }
                        continue;
                }
                if (collect_parsed(r->f, unit_env_file_parse(buf, len, &l), p) < 0)
                        continue;
                for (size_t j = 0; l && l[j]; j++)
                        strv_push(&u->environment, l[j]);
        }
}

static void unit_lists(struct unit *u)
{
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

/* The fragment's [Install] Alias= names (systemctl reads the fragment alone, not drop-ins). */
static char **install_aliases(const struct unit *u)
{
        char **l = NULL;

        for (size_t i = 0; i < u->n_settings; i++) {
                _cleanup_strv_free_ char **w = NULL;

                if (!streq(u->settings[i].section, "Install") || !streq(u->settings[i].key, "Alias") ||
                    !streq_ptr(u->settings[i].source, u->path))
                        continue;
                if (!u->settings[i].value[0]) {
                        strv_free(l);
                        l = NULL;
                } else if (unit_words(u->settings[i].value, &w) >= 0)
                        for (size_t k = 0; w && w[k]; k++)
                                strv_push(&l, w[k]);
        }
        return l;
}

/*
 * The enabled state as systemctl is-enabled (systemd 252, --root) gives it:
 * enabled when /etc or /run holds a .wants/.requires entry of the unit's own
 * name (wherever it points), or an alias link the unit's [Install] Alias=
 * names. Links under other names (an alias in a .wants directory, a link
 * Alias= does not name) and the vendor's own links do not enable it, though
 * the manager follows them at boot (starts).
 */
static void unit_enabled(struct resolver *r, struct unit *u)
{
        _cleanup_strv_free_ char **alias = install_aliases(u);

        for (size_t i = 0; i < r->n_dep_dirs && !u->enabled; i++)
                if (DIR_IS_CONFIG(r->dep_dirs[i].d) && !streq(r->dep_dirs[i].suffix, ".upholds") &&
                    strv_contains(r->dep_dirs[i].links, u->name))
                        u->enabled = true;
        for (size_t d = 0; d < N_DIRS && !u->enabled; d++)
                for (size_t i = 0; DIR_IS_CONFIG(d) && alias && alias[i] && !u->enabled; i++) {
                        _cleanup_free_ char *p = NULL, *l = NULL;

                        if (!dir_has(r, d, alias[i]))
                                continue;
                        p = xasprintf("%s/%s", unit_dirs[d], alias[i]);
                        if (root_readlink(r->f->root, p, &l) >= 0 && streq(basename_of(l), u->name))
                                u->enabled = true;
                }
}

static bool unit_bool_false(const char *v)
{
        return v && (streq(v, "no") || streq(v, "false") || streq(v, "0") || streq(v, "off"));
}

/* The units u pulls in at start: Wants=/Requires=/BindsTo=/Upholds=, the .wants/.requires/.upholds links, stock wiring. */
static char **unit_deps(struct resolver *r, const struct unit *u, bool *ret_stock)
{
        static const char *const keys[] = { "Wants", "Requires", "BindsTo", "Upholds" };
        _cleanup_free_ char *tmpl = template_of(u->name);
        char **deps = NULL;

        *ret_stock = false;
        for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
                _cleanup_strv_free_ char **w = setting_words(u, "Unit", keys[k]);
                for (size_t i = 0; w && w[i]; i++)
                        strv_consume(&deps, expand_specifiers(u, w[i]));
        }
        /* DefaultDependencies=yes gives services, sockets, timers and paths Requires=sysinit.target. */
        if ((endswith(u->name, ".service") || endswith(u->name, ".socket") || endswith(u->name, ".timer") ||
             endswith(u->name, ".path")) && !unit_bool_false(unit_get(u, "Unit", "DefaultDependencies")))
                strv_push(&deps, "sysinit.target");
        if (!u->path && endswith(u->name, ".target"))
                for (size_t i = 0; i < ARRAY_SIZE(stock_targets); i++)
                        if (streq(stock_targets[i].name, u->name)) {
                                _cleanup_strv_free_ char **w = strv_split(stock_targets[i].deps, " ");
                                for (size_t j = 0; w && w[j]; j++)
                                        strv_push(&deps, w[j]);
                                *ret_stock = true;
                        }
        for (size_t i = 0; i < r->n_dep_dirs; i++) {
                const struct dep_dir *dd = &r->dep_dirs[i];

                if (!streq(dd->owner, u->name) && !strv_contains(u->aliases, dd->owner) && !streq_ptr(dd->owner, tmpl))
                        continue;
                for (size_t j = 0; dd->links && dd->links[j]; j++)
                        if (is_unit_name(dd->links[j]) && !strv_contains(dd->nulled, dd->links[j]))
                                strv_push(&deps, dd->links[j]);
        }
        for (size_t i = 0; r->sysv_wants && r->sysv_wants[i] && r->sysv_wants[i + 1]; i += 2)
                if (streq(r->sysv_wants[i], u->name))
                        strv_push(&deps, r->sysv_wants[i + 1]);
        return deps;
}

/* What a started socket, timer or path unit starts in turn. */
static char *unit_triggers(const struct unit *u)
{
        static const struct { const char *sfx, *section, *key; } t[] = {
                { ".socket", "Socket", "Service" },
                { ".timer", "Timer", "Unit" },
                { ".path", "Path", "Unit" },
        };

        for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
                const char *v;

                if (!endswith(u->name, t[i].sfx))
                        continue;
                v = unit_get(u, t[i].section, t[i].key);
                if (v && v[0])
                        return xstrdup(v);
                if (streq(t[i].sfx, ".socket")) {
                        const char *a = unit_get(u, "Socket", "Accept");
                        if (a && (streq(a, "yes") || streq(a, "true") || streq(a, "1") || streq(a, "on")))
                                return xasprintf("%.*s@.service", (int) (strlen(u->name) - strlen(t[i].sfx)), u->name);
                }
                return xasprintf("%.*s.service", (int) (strlen(u->name) - strlen(t[i].sfx)), u->name);
        }
        return NULL;
}

/* Whether links hold one of u's names. */
static bool links_name(const struct unit *u, char *const *links)
{
        if (strv_contains(links, u->name))
                return true;
        for (char **a = u->aliases; a && *a; a++)
                if (strv_contains(links, *a))
                        return true;
        return false;
}

static char *chain_of(struct resolver *r, int i)
{
        char **parts = NULL, *s;
        size_t hops = 0;

        for (int k = i; k >= 0 && hops < UNITS_MAX; k = r->parent[k], hops++)
                strv_push(&parts, r->f->units.v[k].name);
        /* parts is leaf..root; reverse it */
        for (size_t a = 0, b = strv_length(parts); b > 0 && a < --b; a++) {
                char *t = parts[a];
                parts[a] = parts[b];
                parts[b] = t;
        }
        s = strv_join(parts, " -> ");
        strv_free(parts);
        return s;
}

static void grow(struct resolver *r, size_t n)
{
        r->parent = xreallocarray(r->parent, n, sizeof(int));
        r->in_closure = xreallocarray(r->in_closure, n, sizeof(bool));
        r->deps_unknown = xreallocarray(r->deps_unknown, n, sizeof(bool));
        r->why_extra = xreallocarray(r->why_extra, n, sizeof(char *));
}

/* A unit reached (or newly named) during the closure: added, loaded and set up like the others. */
static int closure_unit(struct resolver *r, const char *name, char *const *defenv, size_t *known)
{
        const char *c = canonical(r, name);
        int i = unit_index(r->f, c);

        if (i >= 0)
                return i;
        if (is_template(c))
                return -EINVAL;
        i = unit_add(r, c);
        if (i < 0)
                return i;
        grow(r, r->f->units.n);
        for (; *known < r->f->units.n; (*known)++) {
                struct unit *u = &r->f->units.v[*known];

                r->parent[*known] = -2;
                r->in_closure[*known] = false;
                r->why_extra[*known] = NULL;
                r->deps_unknown[*known] = load_unit(r, u) < 0;
                if (!u->masked) {
                        unit_lists(u);
                        unit_environment(r, u, defenv);
                }
        }
        return i;
}

static void closure(struct resolver *r, const char *root, char *const *defenv, size_t *known)
{
        struct facts *f = r->f;
        int *queue = NULL;
        size_t qh = 0, qt = 0;
        int ri = closure_unit(r, root, defenv, known);

        if (ri < 0)
                return;
        queue = xreallocarray(NULL, UNITS_MAX + 1, sizeof(int));
        r->parent[ri] = -1;
        r->in_closure[ri] = true;
        queue[qt++] = ri;
        while (qh < qt) {
                int i = queue[qh++];
                _cleanup_strv_free_ char **deps = NULL;
                _cleanup_free_ char *trig = NULL;
                bool stock = false;
                struct unit *u = &f->units.v[i];

                if (u->masked)
                        continue;
                if (r->deps_unknown[i]) {
                        note_incomplete(r, "%s: %s", u->name, u->starts_why);
                        continue;
                }
                if (!u->path && !u->sysv_script && !endswith(u->name, ".target"))
                        continue; /* not found: systemd loads nothing to start */
                deps = unit_deps(r, u, &stock);
                if (stock)
                        r->why_extra[i] = xasprintf("%s has no unit file in the tree: systemd's stock wiring of it taken", u->name);
                trig = unit_triggers(u);
                if (trig)
                        strv_push(&deps, trig);
                for (size_t k = 0; deps && deps[k]; k++) {
                        int j;

                        if (!is_unit_name(deps[k]))
                                continue;
                        j = closure_unit(r, deps[k], defenv, known);
                        if (j < 0) {
                                if (j == -E2BIG)
                                        break;
                                continue;
                        }
                        u = &f->units.v[i];
                        if (r->in_closure[j])
                                continue;
                        r->in_closure[j] = true;
                        r->parent[j] = i;
                        if (qt < UNITS_MAX)
                                queue[qt++] = j;
                }
        }
        free(queue);
}

struct rcnd {
        const char *dir, *target;
};

static void sysv_scripts(struct resolver *r, char **scripts, const struct rcnd *rcnd, size_t n_rcnd, char ***rc);

/* SysV init scripts without a native unit, as systemd-sysv-generator makes units of them. */
static void sysv_units(struct resolver *r)
{
        /* systemd-sysv-generator's runlevels; rcS.d only counts for is-enabled (systemd-sysv-install), target NULL. */
        static const struct rcnd rcnd[] = {
                { "/etc/rc2.d", "multi-user.target" },
                { "/etc/rc3.d", "multi-user.target" },
                { "/etc/rc4.d", "multi-user.target" },
                { "/etc/rc5.d", "graphical.target" },
                { "/etc/rcS.d", NULL },
        };
        _cleanup_strv_free_ char **scripts = NULL;
        char **rc[ARRAY_SIZE(rcnd)] = {};

        if (facts_list_dir(r->f, "/etc/init.d", 1024, &scripts) < 0)
                return;
        for (size_t k = 0; k < ARRAY_SIZE(rcnd); k++)
                (void) facts_list_dir(r->f, rcnd[k].dir, 1024, &rc[k]);
        sysv_scripts(r, scripts, rcnd, ARRAY_SIZE(rcnd), rc);
        for (size_t k = 0; k < ARRAY_SIZE(rcnd); k++)
                strv_free(rc[k]);
}

static void sysv_scripts(struct resolver *r, char **scripts, const struct rcnd *rcnd, size_t n_rcnd, char ***rc)
{
        for (size_t i = 0; scripts[i]; i++) {
                const char *s = scripts[i];
                _cleanup_free_ char *name = NULL, *path = NULL, *fp = NULL, *tg = NULL;
                struct stat st;
                bool masked;
                size_t d;
                int ui;

                if (s[0] == '.' || endswith(s, "~") || strstr(s, ".dpkg-") || strstr(s, ".ucf-") || strchr(s, '@') ||
                    streq(s, "README") || streq(s, "skeleton") || streq(s, "rc") || streq(s, "rcS"))
                        continue;
                path = xasprintf("/etc/init.d/%s", s);
                if (root_stat(r->f->root, path, false, &st) < 0 || !S_ISREG(st.st_mode) || !(st.st_mode & 0111))
                        continue;
                name = xasprintf("%s.service", s);
                /* A native unit of the name (masked included) wins over the script. */
                if (find_file(r, name, &fp, &tg, &masked, &d) >= 0 || !streq(canonical(r, name), name))
                        continue;
                ui = unit_add(r, name);
                if (ui < 0)
                        return;
                struct unit *u = &r->f->units.v[ui];
                if (u->path || u->masked)
                        continue;
                u->sysv_script = xstrdup(path);
                for (size_t k = 0; k < n_rcnd; k++)
                        for (size_t j = 0; rc[k] && rc[k][j]; j++) {
                                const char *e = rc[k][j];

                                if (e[0] == 'S' && e[1] >= '0' && e[1] <= '9' && e[2] >= '0' && e[2] <= '9' && streq(e + 3, s)) {
                                        /* systemctl is-enabled asks systemd-sysv-install: an S link in rcS.d or rc5.d. */
                                        if (!rcnd[k].target || streq(rcnd[k].target, "graphical.target"))
                                                u->enabled = true;
                                        if (!rcnd[k].target)
                                                continue;
                                        if (!strv_contains(u->wanted_by, rcnd[k].target))
                                                strv_push(&u->wanted_by, rcnd[k].target);
                                        strv_push(&r->sysv_wants, rcnd[k].target);
                                        strv_push(&r->sysv_wants, name);
                                }
                        }
        }
}

/* The target the manager starts: default.target as resolved (an alias link), else graphical/multi-user. */
static char *default_target(struct resolver *r)
{
        _cleanup_free_ char *path = NULL, *target = NULL;
        bool masked;
        size_t d;
        int k = find_file(r, "default.target", &path, &target, &masked, &d);

        if (k == -ENOENT) {
                /* Without default.target the tree is partial; systemd's units ship it as a link to graphical.target. */
                _cleanup_free_ char *p2 = NULL, *t2 = NULL;
                bool m2;
                const char *t = find_file(r, "graphical.target", &p2, &t2, &m2, &d) >= 0 && !m2 ? "graphical.target"
                                                                                                : "multi-user.target";
                r->default_why = xasprintf("no default.target in the tree: %s taken, as systemd ships it", t);
                return xstrdup(t);
        }
        if (k < 0) {
                r->default_why = xasprintf("default.target cannot be resolved (%s)", k == -ELOOP ? "a link loop" : strerror(-k));
                r->undecided_root = 1;
                return NULL;
        }
        if (masked) {
                r->default_why = xstrdup("default.target is masked: the manager falls back to rescue.target");
                return xstrdup("rescue.target");
        }
        return xstrdup(canonical(r, "default.target"));
}

static void unit_clear(struct unit *u);

/*
 * Units the closure only named (a target the tree has no file for, a
 * dependency that is not there) are not units of the target: dropped, so
 * the list holds what the tree has. Asking for one gives 0, which is true.
 */
static void prune(struct facts *f, size_t first)
{
        size_t w = first;

        for (size_t i = first; i < f->units.n; i++) {
                struct unit *u = &f->units.v[i];

                if (!u->path && !u->sysv_script && !u->masked && u->starts >= 0 && !u->aliases && !u->wanted_by) {
                        unit_clear(u);
                        continue;
                }
                f->units.v[w++] = *u;
        }
        f->units.n = w;
}

static void collect_units(struct facts *f, const struct collect_options *o)
{
        struct resolver r = { .f = f };
        _cleanup_strv_free_ char **defenv = NULL;
        _cleanup_free_ char *root = NULL;
        size_t known = 0, first_closure;

        (void) o;
        for (size_t d = 0; d < N_DIRS; d++) {
                int k = facts_list_dir(f, unit_dirs[d], UNITS_MAX, &r.listing[d]);

                r.listing_err[d] = k;
                if (k > 0)
                        note_incomplete(&r, "%s has more than %u entries", unit_dirs[d], UNITS_MAX);
                else if (k < 0 && k != -ENOENT && k != -ENOTDIR)
                        note_incomplete(&r, "%s cannot be listed (%s)", unit_dirs[d], strerror(-k));
        }
        for (size_t d = 0; d < N_DIRS; d++)
                for (size_t i = 0; r.listing[d] && r.listing[d][i]; i++)
                        if (is_unit_name(r.listing[d][i]) && !is_template(r.listing[d][i]))
                                name_add(&r, r.listing[d][i]);
        for (size_t d = 0; d < N_DIRS; d++)
                scan_dep_dirs(&r, d);
        name_add(&r, "default.target");
        /* Canonical units, then every alias name onto its unit. */
        for (size_t i = 0; r.names && r.names[i]; i++)
                if (streq(r.names[i], r.canon[i]) && !streq(r.names[i], "default.target"))
                        (void) unit_add(&r, r.names[i]);
        for (size_t i = 0; r.names && r.names[i]; i++)
                if (!streq(r.names[i], r.canon[i])) {
                        int k = unit_add(&r, r.canon[i]);
                        if (k >= 0 && !strv_contains(f->units.v[k].aliases, r.names[i]))
                                strv_push(&f->units.v[k].aliases, r.names[i]);
                }
        defenv = default_environment(&r);
        grow(&r, f->units.n + 1);
        for (; known < f->units.n; known++) {
                struct unit *u = &f->units.v[known];

                r.parent[known] = -2;
                r.in_closure[known] = false;
                r.why_extra[known] = NULL;
                r.deps_unknown[known] = load_unit(&r, u) < 0;
                if (!u->masked) {
                        unit_lists(u);
                        unit_environment(&r, u, defenv);
                }
        }
        sysv_units(&r);
        grow(&r, f->units.n + 1);
        for (; known < f->units.n; known++) {
                r.parent[known] = -2;
                r.in_closure[known] = false;
                r.why_extra[known] = NULL;
                r.deps_unknown[known] = false;
        }
        first_closure = f->units.n;
        root = default_target(&r);
        if (root)
                closure(&r, root, defenv, &known);

        for (size_t i = 0; i < f->units.n; i++) {
                struct unit *u = &f->units.v[i];

                if (u->masked) {
                        u->enabled = false;
                        u->starts = 0;
                        free(u->starts_why);
                        u->starts_why = xasprintf("masked (%s)", strna(u->path));
                        continue;
                }
                if (!u->sysv_script)
                        unit_enabled(&r, u);
                /* wanted_by: the units whose .wants/.requires/.upholds directories link it. */
                for (size_t k = 0; k < r.n_dep_dirs; k++)
                        if (links_name(u, r.dep_dirs[k].links) && !strv_contains(u->wanted_by, r.dep_dirs[k].owner))
                                strv_push(&u->wanted_by, r.dep_dirs[k].owner);
                if (u->starts < 0)
                        continue; /* what left it undecided is said already */
                free(u->starts_why);
                u->starts_why = NULL;
                if (!root) {
                        u->starts = -1;
                        u->starts_why = xstrdup(r.default_why);
                } else if (r.in_closure[i] && !u->path && !u->sysv_script && !endswith(u->name, ".target")) {
                        _cleanup_free_ char *chain = chain_of(&r, i);
                        u->starts = 0;
                        u->starts_why = xasprintf("pulled in (%s) but has no unit file: nothing is started", chain);
                } else if (r.in_closure[i]) {
                        _cleanup_free_ char *chain = chain_of(&r, i);
                        const char *note = NULL;

                        for (int k = (int) i; k >= 0 && !note; k = r.parent[k])
                                note = r.why_extra[k];
                        u->starts = 1;
                        u->starts_why = xasprintf("%s%s%s%s%s", chain, r.default_why ? "; " : "", strempty(r.default_why),
                                                  note ? "; " : "", strempty(note));
                } else if (r.incomplete) {
                        u->starts = -1;
                        u->starts_why = xasprintf("not found in the closure of %s, which is incomplete: %s", root, r.incomplete);
                } else {
                        u->starts = 0;
                        u->starts_why = xasprintf("not pulled in by %s%s%s", root, r.default_why ? "; " : "", strempty(r.default_why));
                }
        }
        prune(f, first_closure);
        for (size_t i = 0; i < known && r.why_extra; i++)
                free(r.why_extra[i]);
        free(r.why_extra);
        free(r.parent);
        free(r.in_closure);
        free(r.deps_unknown);
        if (r.incomplete || !root)
                f->units.incomplete = xasprintf("the units were not all resolved: %s", r.incomplete ? r.incomplete : r.default_why);
        free(r.incomplete);
        free(r.default_why);
        strv_free(r.names);
        strv_free(r.canon);
        strv_free(r.sysv_wants);
        for (size_t i = 0; i < r.n_dep_dirs; i++) {
                free(r.dep_dirs[i].owner);
                strv_free(r.dep_dirs[i].links);
                strv_free(r.dep_dirs[i].nulled);
        }
        free(r.dep_dirs);
        for (size_t d = 0; d < N_DIRS; d++)
                strv_free(r.listing[d]);
        /* No unit directory at all: not systemd, no units, which is a fact rather than an error. */
        f->units.err = 0;
}

static void unit_clear(struct unit *u)
{
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

static void units_free(struct facts *f)
{
        for (size_t i = 0; i < f->units.n; i++)
                unit_clear(&f->units.v[i]);
        free(f->units.v);
        free(f->units.incomplete);
}

const struct collector collector_units = {
        .name = "units",
        .area = FACTS_UNITS,
        .collect = collect_units,
        .free = units_free,
        .owns = { FACTS_MEMBER(units) },
};
