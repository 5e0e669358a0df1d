/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "conf-dropins.h"
#include "macro.h"
#include "strv.h"

static bool is_dropin_name(const char *name)
{
        return name[0] != '.' && endswith(name, ".conf");
}

/* systemd's masking: a link to /dev/null says "this drop-in is off". */
static bool is_masked(const struct file_source *src, const char *path)
{
        _cleanup_free_ char *target = NULL;

        if (!src->readlink || src->readlink(src->userdata, path, &target) < 0)
                return false;
        return streq(target, "/dev/null");
}

static int fail(int k, const char *path, char **ret_failed_path)
{
        if (ret_failed_path)
                *ret_failed_path = xstrdup(path);
        return k;
}

int conf_load_dropins(const struct file_source *src, const struct conf_files *files,
                      conf_parse_fn parse, void *userdata, char **ret_failed_path)
{
        _cleanup_strv_free_ char **entries = NULL;
        _cleanup_free_ char *buf = NULL;
        size_t len = 0, n_dropins = 0;
        int k;

        if (!src || !files || !files->main_path || !parse)
                return -EINVAL;

        k = src->read_file(src->userdata, files->main_path, files->file_max, &buf, &len);
        if (k < 0)
                return fail(k, files->main_path, ret_failed_path);
        k = parse(files->main_path, buf, len, false, userdata);
        if (k < 0)
                return k;
        if (!files->dropin_dir)
                return 0;

        k = src->list_dir(src->userdata, files->dropin_dir, CONF_DROPIN_DIR_ENTRIES_MAX + 1, &entries);
        if (k == -ENOENT)
                return 0;
        if (k < 0)
                return fail(k, files->dropin_dir, ret_failed_path);
        /* Never a readdir-order subset: too many entries is an error, not a truncation. */
        if (strv_length(entries) > CONF_DROPIN_DIR_ENTRIES_MAX)
                return fail(-E2BIG, files->dropin_dir, ret_failed_path);
        for (char **e = entries; *e; e++)
                if (is_dropin_name(*e))
                        n_dropins++;
        if (n_dropins > files->dropins_max)
                return fail(-E2BIG, files->dropin_dir, ret_failed_path);

        for (char **e = entries; *e; e++) {
                _cleanup_free_ char *path = NULL, *b = NULL;
                size_t l = 0;

                if (!is_dropin_name(*e))
                        continue;
                path = xasprintf("%s/%s", files->dropin_dir, *e);
                if (is_masked(src, path))
                        continue;
                k = src->read_file(src->userdata, path, files->file_max, &b, &l);
                if (k < 0)
                        return fail(k, path, ret_failed_path);
                k = parse(path, b, l, true, userdata);
                if (k < 0)
                        return k;
        }
        return 0;
}
