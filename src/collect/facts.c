/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "collect-crypto.h"
#include "collect.h"
#include "endpoint-facts.h"
#include "firewall-facts.h"
#include "hash.h"
#include "macro.h"
#include "parsers.h"
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
                if (k == -EFBIG)
                        return -E2BIG;
        } else
                k = root_read_file(f->root, path, max, &buf, &len);
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
        return NULL;
}

const char *unit_get(const struct unit *u, const char *section, const char *key)
{
        const char *v = NULL;

        for (size_t i = 0; u && i < u->n_settings; i++)
                if (streq(u->settings[i].section, section) && streq(u->settings[i].key, key))
                        v = u->settings[i].value;
        return v;
}

int facts_collect(const struct collect_options *o, struct facts **ret)
{
        _cleanup_(facts_freep) struct facts *f = xmalloc0(sizeof(*f));
        int k;

        k = root_open(o->root, o->live, &f->root);
        if (k < 0)
                return k;
        f->live = o->live;
        f->root_dir = xstrdup(o->root);
        f->read_budget = FACTS_READ_BUDGET;

        collect_sockets(f);
        if (o->confine) {
                k = o->confine(o->confine_userdata);
                if (k < 0)
                        return k;
        }
        collect_system(f);
        collect_units(f);
        collect_storage(f);
        collect_kernel(f);
        collect_network(f);
        collect_endpoints(f, o);
        collect_cip(f);
        collect_luks(f, o->luks_images);
        collect_firewall(f);
        collect_isolation(f);
        collect_crypto(f);

        *ret = TAKE_PTR(f);
        return 0;
}

void facts_free(struct facts *f)
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
        free(f->hostname);
        free(f->bulwark_path);
        free(f->os_pretty_name);
        free(f->os_id);
        packages_free(f->packages.v, f->packages.n);
        units_free(f);
        storage_free(f);
        kernel_free(f);
        network_free(f);
        cip_free(f);
        luks_facts_free(f);
        endpoint_facts_free(f->endpoints);
        strv_free(f->inetd.services);
        free(f->inetd.source);
        firewall_facts_free(f->firewall);
        isolation_facts_free(f);
        crypto_facts_free(f->crypto);
        free(f);
}
