/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect.h"
#include "cursor.h"
#include "macro.h"
#include "mount-dl.h"
#include "parsers.h"
#include "strv.h"

/* What an fstab or unit source says about a swap device: its kind, from its name. */
static const char *swap_kind(const char *device)
{
        if (!device)
                return "partition";
        if (startswith(device, "/dev/zram"))
                return "zram";
        if (device[0] == '/' && !startswith(device, "/dev/"))
                return "file";
        return "partition";
}

static bool has_option(const char *options, const char *opt)
{
        _cleanup_strv_free_ char **l = options ? strv_split(options, ",") : NULL;

        return strv_contains(l, opt);
}

static void swap_add(struct facts *f, const char *device, const char *source, const char *kind)
{
        f->swaps.v = xreallocarray(f->swaps.v, f->swaps.n + 1, sizeof(*f->swaps.v));
        f->swaps.v[f->swaps.n++] = (struct swap_entry){
                .device = xstrdup(device),
                .source = xstrdup(source),
                .kind = xstrdup(kind ? kind : swap_kind(device)),
        };
}

static void mount_add(struct facts *f, const char *source, const char *target, const char *type, const char *options, const char *origin)
{
        f->mounts.v = xreallocarray(f->mounts.v, f->mounts.n + 1, sizeof(*f->mounts.v));
        f->mounts.v[f->mounts.n++] = (struct mount_entry){
                .source = xstrdup(source),
                .target = xstrdup(target),
                .fstype = xstrdup(type),
                .options = xstrdup(options),
                .origin = xstrdup(origin),
        };
}

/*
 * libmount passes over a line it cannot parse (findmnt says "parse error at
 * line N -- ignored"), while systemd 252's fstab generator reads fstab with
 * getmntent(), which takes missing fields as empty and still mounts
 * "/dev/sdb1 /srv". What such a line mounts is not decided here: it is
 * recorded and the checks say so.
 */
static int parse_errcb(struct libmnt_table *tb, const char *filename, int line)
{
        struct facts *f = sym_mnt_table_get_userdata(tb);

        if (strv_length(f->mounts.unparsed) < 64)
                strv_consume(&f->mounts.unparsed, xasprintf("%s line %d", strna(filename), line));
        return 1; /* skip the line and go on, as mount and systemd do */
}

/* libmount parses fstab and mountinfo; we hand it our bounded buffer, never a path. */
static int parse_mount_table(const char *buf, size_t len, const char *name, struct facts *f)
{
        struct libmnt_table *tb;
        struct libmnt_iter *it;
        struct libmnt_fs *fs;
        const char *error = NULL;
        FILE *mf;
        int k;

        k = dlopen_mount(&error);
        if (k < 0) {
                f->mounts.err_text = xstrdup(error);
                return k;
        }
        mf = fmemopen((void *) buf, len, "r");
        if (!mf)
                return negative_errno();
        tb = sym_mnt_new_table();
        it = sym_mnt_new_iter(MNT_ITER_FORWARD);
        if (!tb || !it) {
                fclose(mf);
                sym_mnt_unref_table(tb);
                sym_mnt_free_iter(it);
                return -ENOMEM;
        }
        (void) sym_mnt_table_set_userdata(tb, f);
        (void) sym_mnt_table_set_parser_errcb(tb, parse_errcb);
        k = sym_mnt_table_parse_stream(tb, mf, name);
        fclose(mf);
        if (k >= 0)
                while (sym_mnt_table_next_fs(tb, it, &fs) == 0) {
                        const char *target = sym_mnt_fs_get_target(fs), *type = sym_mnt_fs_get_fstype(fs);

                        if (type && streq(type, "swap")) {
                                swap_add(f, sym_mnt_fs_get_source(fs), name, NULL);
                                f->swaps.v[f->swaps.n - 1].noauto = has_option(sym_mnt_fs_get_options(fs), "noauto");
                                continue;
                        }
                        if (!target)
                                continue;
                        mount_add(f, sym_mnt_fs_get_source(fs), target, type, sym_mnt_fs_get_options(fs), name);
                }
        sym_mnt_free_iter(it);
        sym_mnt_unref_table(tb);
        return k < 0 ? -EBADMSG : 0;
}

/*
 * Offline: .mount units that start at boot mount like fstab lines
 * (systemd-fstab-generator turns each line into such a unit). A unit whose
 * start cannot be decided is named, not guessed.
 */
static void collect_mount_units(struct facts *f)
{
        unsigned n = 0;

        for (size_t i = 0; i < f->units.n; i++) {
                const struct unit *u = &f->units.v[i];
                const char *why = NULL, *what, *where;
                int starts;

                if (!endswith(u->name, ".mount") || u->masked || !u->path)
                        continue;
                starts = facts_unit_starts(f, u->name, &why);
                if (starts == 0)
                        continue;
                where = unit_get(u, "Mount", "Where");
                what = unit_get(u, "Mount", "What");
                if (starts < 0) {
                        strv_consume(&f->mounts.undecided, xasprintf("%s (%s): whether it starts at boot: %s", u->name, u->path, strna(why)));
                        continue;
                }
                if (!where || !*where) {
                        strv_consume(&f->mounts.undecided, xasprintf("%s (%s): no Where=", u->name, u->path));
                        continue;
                }
                mount_add(f, what, where, unit_get(u, "Mount", "Type"), unit_get(u, "Mount", "Options"), u->path);
                n++;
        }
        if (n)
                strv_consume(&f->mounts.looked_at, xasprintf("%u .mount unit%s that start%s at boot", n, n == 1 ? "" : "s", n == 1 ? "s" : ""));
}

static void collect_mounts(struct facts *f)
{
        _cleanup_free_ char *buf = NULL;
        const char *path = f->live ? "/proc/self/mountinfo" : "/etc/fstab";
        size_t len;
        int k;

        f->mounts.source = xstrdup(path);
        k = f->live ? root_read_file(f->root, path, 16u << 20, &buf, &len) : collect_read(f, path, &buf, &len);
        if (k == -EFBIG && f->live)
                facts_note_cap(f, "%s is larger than %u bytes and was not read", path, 16u << 20);
        if (k == -ENOENT && !f->live) {
                f->mounts.err = 0; /* an image without fstab mounts only what its initramfs/units say */
                strv_push(&f->mounts.looked_at, "/etc/fstab (absent)");
                collect_mount_units(f);
                return;
        }
        if (k >= 0)
                k = parse_mount_table(buf, len, path, f);
        f->mounts.err = k < 0 ? k : 0;
        if (k >= 0) {
                strv_push(&f->mounts.looked_at, path);
                if (!f->live)
                        collect_mount_units(f);
        }
}

/* The last value of KEY in a shell-style file, or -ENOENT/-errno; *ret NULL when unset. */
static int read_env_value(struct facts *f, const char *path, const char *key, char **ret)
{
        _cleanup_free_ char *buf = NULL;
        _cleanup_strv_free_ char **env = NULL;
        size_t len;
        int k;

        k = collect_read(f, path, &buf, &len);
        if (k < 0)
                return k;
        k = collect_parsed(f, env_file_parse(buf, len, &env), path);
        if (k < 0)
                return k;
        *ret = xstrdup(env_get(env, key));
        return 0;
}

/*
 * A SysV init script with no unit of its name: systemd-sysv-generator makes
 * one, started when an S link in /etc/rc[2-5].d names it. Until the unit
 * resolver does this itself, the links are looked at here.
 */
static int sysv_starts(struct facts *f, const char *name)
{
        _cleanup_free_ char *script = NULL, *base = xstrndup(name, strlen(name) - strlen(".service"));

        script = xasprintf("/etc/init.d/%s", base);
        if (!root_exists(f->root, script))
                return 0;
        for (char rl = '2'; rl <= '5'; rl++) {
                _cleanup_strv_free_ char **links = NULL;
                _cleanup_free_ char *dir = xasprintf("/etc/rc%c.d", rl);

                if (facts_list_dir(f, dir, 1024, &links) < 0)
                        continue;
                for (size_t i = 0; links[i]; i++)
                        if (links[i][0] == 'S' && strlen(links[i]) == 3 + strlen(base) && streq(links[i] + 3, base))
                                return 1;
        }
        return 0;
}

/* A unit that starts at boot: 1; 0 not; -1 undecided (recorded with why). */
static int service_starts(struct facts *f, const char *name, const char *what)
{
        const char *why = NULL;
        int k = facts_unit_starts(f, name, &why);

        if (k == 0 && !facts_unit(f, name) && endswith(name, ".service"))
                k = sysv_starts(f, name);

        if (k < 0)
                strv_consume(&f->swaps.undecided, xasprintf("%s: whether %s starts at boot: %s", what, name, strna(why)));
        return k;
}

/*
 * dphys-swapfile (Raspberry Pi OS and others): its service creates and
 * enables the swap file CONF_SWAPFILE (default /var/swap) at boot.
 */
static void collect_dphys_swapfile(struct facts *f)
{
        _cleanup_free_ char *file = NULL;
        int k;

        if (!root_exists(f->root, "/sbin/dphys-swapfile") && !root_exists(f->root, "/usr/sbin/dphys-swapfile"))
                return;
        strv_push(&f->swaps.looked_at, "dphys-swapfile");
        if (service_starts(f, "dphys-swapfile.service", "dphys-swapfile") <= 0)
                return;
        k = read_env_value(f, "/etc/dphys-swapfile", "CONF_SWAPFILE", &file);
        if (k < 0 && k != -ENOENT) {
                strv_consume(&f->swaps.undecided, xasprintf("/etc/dphys-swapfile could not be read: %s", strerror(-k)));
                return;
        }
        if (file && (file[0] != '/' || strpbrk(file, "$`"))) {
                strv_consume(&f->swaps.undecided, xasprintf("/etc/dphys-swapfile: CONF_SWAPFILE=%s is not a plain path", file));
                return;
        }
        swap_add(f, file ? file : "/var/swap", "dphys-swapfile.service (/etc/dphys-swapfile)", "file");
}

/* zram-tools: zramswap.service sets up one compressed RAM swap device from /etc/default/zramswap. */
static void collect_zramswap(struct facts *f)
{
        if (!root_exists(f->root, "/usr/sbin/zramswap") && !root_exists(f->root, "/sbin/zramswap") &&
            !root_exists(f->root, "/etc/default/zramswap"))
                return;
        strv_push(&f->swaps.looked_at, "zram-tools");
        if (service_starts(f, "zramswap.service", "zram-tools") <= 0)
                return;
        swap_add(f, "/dev/zram0", "zramswap.service (/etc/default/zramswap)", "zram");
}

/*
 * systemd-zram-generator: one zram swap device per [zramN] section of the
 * configuration with the highest priority (/etc, /run, /usr/local/lib,
 * /usr/lib). A writeback-device= pages idle memory out to storage.
 */
static void collect_zram_generator(struct facts *f)
{
        static const char *const confs[] = {
                "/etc/systemd/zram-generator.conf",
                "/run/systemd/zram-generator.conf",
                "/usr/local/lib/systemd/zram-generator.conf",
                "/usr/lib/systemd/zram-generator.conf",
        };
        struct unit_setting *s = NULL;
        size_t n = 0;
        const char *conf = NULL;

        if (!root_exists(f->root, "/usr/lib/systemd/system-generators/zram-generator") &&
            !root_exists(f->root, "/lib/systemd/system-generators/zram-generator"))
                return;
        strv_push(&f->swaps.looked_at, "systemd-zram-generator");
        for (size_t i = 0; i < ARRAY_SIZE(confs); i++) {
                _cleanup_free_ char *d = xasprintf("%s.d", confs[i]);

                if (root_exists(f->root, d))
                        strv_consume(&f->swaps.undecided, xasprintf("%s: drop-ins of zram-generator are not read", d));
        }
        for (size_t i = 0; i < ARRAY_SIZE(confs) && !conf; i++) {
                _cleanup_free_ char *buf = NULL;
                size_t len;
                int k = collect_read(f, confs[i], &buf, &len);

                if (k == -ENOENT)
                        continue;
                conf = confs[i];
                if (k >= 0)
                        k = collect_parsed(f, unit_file_parse(buf, len, confs[i], &s, &n), confs[i]);
                if (k < 0) {
                        strv_consume(&f->swaps.undecided, xasprintf("%s could not be read: %s", confs[i], strerror(-k)));
                        goto out;
                }
        }
        for (size_t i = 0; i < n; i++) {
                bool seen = false;

                if (!startswith(s[i].section, "zram"))
                        continue;
                for (size_t j = 0; j < i; j++)
                        seen = seen || streq(s[j].section, s[i].section);
                if (seen)
                        continue;
                {
                        _cleanup_free_ char *dev = xasprintf("/dev/%s", s[i].section), *src = xasprintf("zram-generator (%s)", conf);
                        const char *wb = NULL, *size = NULL;

                        for (size_t j = i; j < n; j++)
                                if (streq(s[j].section, s[i].section)) {
                                        if (streq(s[j].key, "writeback-device"))
                                                wb = s[j].value;
                                        else if (streq(s[j].key, "zram-size"))
                                                size = s[j].value;
                                }
                        /* zram-size = 0 (or empty) makes the generator skip the device. */
                        if (size && (streq(size, "0") || !*size))
                                continue;
                        swap_add(f, dev, src, "zram");
                        f->swaps.v[f->swaps.n - 1].writeback = wb && *wb ? xstrdup(wb) : NULL;
                }
        }
out:
        unit_settings_free(s, n);
}

static void collect_swaps(struct facts *f)
{
        _cleanup_free_ char *buf = NULL;
        size_t len;

        int k = f->live ? root_read_file(f->root, "/proc/swaps", 1u << 20, &buf, &len) : -ENODATA;

        if (k == -EFBIG)
                facts_note_cap(f, "/proc/swaps is larger than %u bytes and was not read", 1u << 20);
        if (f->live && k < 0)
                strv_consume(&f->swaps.undecided, xasprintf("/proc/swaps could not be read: %s", strerror(-k)));
        if (k >= 0) {
                struct cursor c = cursor_make(buf, len);
                struct slice line, w, type;
                bool header = true;

                strv_push(&f->swaps.looked_at, "/proc/swaps");
                while (cursor_line(&c, &line)) {
                        _cleanup_free_ char *dev = NULL, *t = NULL;

                        if (header) {
                                header = false;
                                continue;
                        }
                        if (!slice_word(&line, &w))
                                continue;
                        dev = slice_dup(w);
                        t = slice_word(&line, &type) ? slice_dup(type) : NULL;
                        /* The kernel says "file" or "partition"; zram is a partition by that word. */
                        swap_add(f, dev, "/proc/swaps", startswith(dev, "/dev/zram") ? "zram" : streq_ptr(t, "file") ? "file" : "partition");
                }
                return; /* live, the kernel's list is what is in use */
        }
        /* Offline: fstab swap lines were taken by collect_mounts; .swap units and packages here. */
        if (strv_contains(f->mounts.looked_at, "/etc/fstab"))
                strv_push(&f->swaps.looked_at, "/etc/fstab");
        for (size_t i = 0; i < f->units.n; i++) {
                const struct unit *u = &f->units.v[i];
                const char *what;

                if (!endswith(u->name, ".swap") || u->masked || service_starts(f, u->name, u->path ? u->path : u->name) <= 0)
                        continue;
                what = unit_get(u, "Swap", "What");
                swap_add(f, what ? what : u->name, u->path ? u->path : u->name, NULL);
        }
        strv_push(&f->swaps.looked_at, ".swap units");
        collect_dphys_swapfile(f);
        collect_zramswap(f);
        collect_zram_generator(f);
}

static void collect_crypttab(struct facts *f)
{
        _cleanup_free_ char *buf = NULL;
        size_t len;
        int k;

        k = collect_read(f, "/etc/crypttab", &buf, &len);
        if (k == -ENOENT) {
                f->crypttab.err = 0;
                return;
        }
        if (k >= 0)
                k = collect_parsed(f, crypttab_parse(buf, len, &f->crypttab.v, &f->crypttab.n), "/etc/crypttab");
        f->crypttab.err = k < 0 ? k : 0;
        /* The third column names the key that unlocks the volume ("/key:UUID=..." a key on another device). */
        for (size_t i = 0; i < f->crypttab.n; i++) {
                const char *kf = f->crypttab.v[i].keyfile;
                _cleanup_free_ char *file = NULL;

                if (!kf || kf[0] != '/')
                        continue;
                facts_mark_sensitive(f, kf, "LUKS key file named in /etc/crypttab");
                file = strndup(kf, strcspn(kf, ":"));
                if (!file)
                        abort();
                facts_mark_sensitive(f, file, "LUKS key file named in /etc/crypttab");
        }
}

static void collect_storage(struct facts *f, const struct collect_options *o)
{
        f->collecting = FACTS_MOUNTS;
        collect_mounts(f);
        collect_swaps(f);
        f->collecting = FACTS_CRYPTTAB;
        collect_crypttab(f);
}

static void storage_free(struct facts *f)
{
        for (size_t i = 0; i < f->mounts.n; i++) {
                free(f->mounts.v[i].source);
                free(f->mounts.v[i].target);
                free(f->mounts.v[i].fstype);
                free(f->mounts.v[i].options);
                free(f->mounts.v[i].origin);
        }
        free(f->mounts.v);
        free(f->mounts.source);
        free(f->mounts.err_text);
        strv_free(f->mounts.unparsed);
        strv_free(f->mounts.undecided);
        strv_free(f->mounts.looked_at);
        for (size_t i = 0; i < f->swaps.n; i++) {
                struct swap_entry *w = &f->swaps.v[i];
                free(w->device);
                free(w->source);
                free(w->kind);
                free(w->writeback);
                free(w->fs_held_by);
                free(w->fs_source);
                free(w->fs_crypt);
        }
        free(f->swaps.v);
        strv_free(f->swaps.undecided);
        strv_free(f->swaps.looked_at);
        crypttab_free(f->crypttab.v, f->crypttab.n);
}

const struct collector collector_storage = {
        .name = "storage",
        .area = FACTS_MOUNTS,
        .collect = collect_storage,
        .free = storage_free,
        .owns = { FACTS_MEMBER(mounts), FACTS_MEMBER(swaps), FACTS_MEMBER(crypttab) },
};
