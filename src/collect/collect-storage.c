/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect.h"
#include "cursor.h"
#include "macro.h"
#include "mount-dl.h"
#include "parsers.h"
#include "strv.h"

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
        k = sym_mnt_table_parse_stream(tb, mf, name);
        fclose(mf);
        if (k >= 0)
                while (sym_mnt_table_next_fs(tb, it, &fs) == 0) {
                        const char *target = sym_mnt_fs_get_target(fs), *type = sym_mnt_fs_get_fstype(fs);

                        if (type && streq(type, "swap")) {
                                f->swaps.v = xreallocarray(f->swaps.v, f->swaps.n + 1, sizeof(*f->swaps.v));
                                f->swaps.v[f->swaps.n++] = (struct swap_entry){ .device = xstrdup(sym_mnt_fs_get_source(fs)), .source = xstrdup(name) };
                                continue;
                        }
                        if (!target)
                                continue;
                        f->mounts.v = xreallocarray(f->mounts.v, f->mounts.n + 1, sizeof(*f->mounts.v));
                        f->mounts.v[f->mounts.n++] = (struct mount_entry){
                                .source = xstrdup(sym_mnt_fs_get_source(fs)),
                                .target = xstrdup(target),
                                .fstype = xstrdup(type),
                                .options = xstrdup(sym_mnt_fs_get_options(fs)),
                        };
                }
        sym_mnt_free_iter(it);
        sym_mnt_unref_table(tb);
        return k < 0 ? -EBADMSG : 0;
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
                return;
        }
        if (k >= 0)
                k = parse_mount_table(buf, len, path, f);
        f->mounts.err = k < 0 ? k : 0;
}

static void collect_swaps(struct facts *f)
{
        _cleanup_free_ char *buf = NULL;
        size_t len;

        int k = f->live ? root_read_file(f->root, "/proc/swaps", 1u << 20, &buf, &len) : -ENODATA;

        if (k == -EFBIG)
                facts_note_cap(f, "/proc/swaps is larger than %u bytes and was not read", 1u << 20);
        if (k >= 0) {
                struct cursor c = cursor_make(buf, len);
                struct slice line, w;
                bool header = true;

                while (cursor_line(&c, &line)) {
                        if (header) {
                                header = false;
                                continue;
                        }
                        if (!slice_word(&line, &w))
                                continue;
                        f->swaps.v = xreallocarray(f->swaps.v, f->swaps.n + 1, sizeof(*f->swaps.v));
                        f->swaps.v[f->swaps.n++] = (struct swap_entry){ .device = slice_dup(w), .source = xstrdup("/proc/swaps") };
                }
        }
        /* Offline, fstab swap lines were taken by collect_mounts; .swap units too. */
        for (size_t i = 0; i < f->units.n; i++)
                if (endswith(f->units.v[i].name, ".swap") && f->units.v[i].enabled) {
                        const char *what = unit_get(&f->units.v[i], "Swap", "What");
                        f->swaps.v = xreallocarray(f->swaps.v, f->swaps.n + 1, sizeof(*f->swaps.v));
                        f->swaps.v[f->swaps.n++] = (struct swap_entry){ .device = xstrdup(what ? what : f->units.v[i].name), .source = xstrdup(f->units.v[i].path) };
                }
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
        }
        free(f->mounts.v);
        free(f->mounts.source);
        free(f->mounts.err_text);
        for (size_t i = 0; i < f->swaps.n; i++) {
                free(f->swaps.v[i].device);
                free(f->swaps.v[i].source);
        }
        free(f->swaps.v);
        crypttab_free(f->crypttab.v, f->crypttab.n);
}

const struct collector collector_storage = {
        .name = "storage",
        .area = FACTS_MOUNTS,
        .collect = collect_storage,
        .free = storage_free,
        .owns = { FACTS_MEMBER(mounts), FACTS_MEMBER(swaps), FACTS_MEMBER(crypttab) },
};
