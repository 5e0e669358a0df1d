/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fnmatch.h>
#include <sys/stat.h>

#include "collect-crypto.h"
#include "collect.h"
#include "macro.h"
#include "strv.h"

/* ---------------------------------------------------------------- sshd_config */

#define SSHD_INCLUDE_MAX_FILES 200u

struct sshd_ctx {
        struct facts *f;
        struct crypto_facts *cf;
};

/* Include: glob in the last path component, files in sorted order (as glob(3) gives sshd). */
static int sshd_include(struct sshd_config *c, const char *pattern, unsigned depth, void *userdata)
{
        struct sshd_ctx *s = userdata;
        _cleanup_free_ char *dir = NULL;
        _cleanup_strv_free_ char **names = NULL;
        const char *base, *slash = strrchr(pattern, '/');
        int k, matched = 0;

        if (!slash)
                return -EINVAL;
        dir = xstrndup(pattern, (size_t) (slash - pattern));
        base = slash + 1;
        if (strpbrk(dir, "*?["))
                return -EOPNOTSUPP; /* globs in directory names: not followed, reported */
        if (!*dir) {
                free(dir);
                dir = xstrdup("/");
        }
        if (!strpbrk(base, "*?[")) {
                names = xmalloc0(2 * sizeof(char *));
                names[0] = xstrdup(base);
        } else {
                k = facts_list_dir(s->f, dir, CRYPTO_WALK_MAX_DIR_ENTRIES, &names);
                if (k < 0)
                        return k;
        }
        for (char **n = names; *n; n++) {
                _cleanup_free_ char *path = NULL, *buf = NULL;
                size_t len = 0;

                if (fnmatch(base, *n, FNM_PERIOD) != 0)
                        continue;
                /* Includes that include each other must not multiply the work: cap the files read. */
                if (strv_length(s->cf->sshd.files) >= SSHD_INCLUDE_MAX_FILES || c->total_lines >= SSHD_CONFIG_MAX_LINES) {
                        facts_note_cap(s->f, "sshd_config with its includes names more than %u files (SSHD_INCLUDE_MAX_FILES) or %u lines "
                                       "(SSHD_CONFIG_MAX_LINES); %s and later ones were not read", SSHD_INCLUDE_MAX_FILES,
                                       (unsigned) SSHD_CONFIG_MAX_LINES, *n);
                        return -E2BIG;
                }
                path = xasprintf("%s/%s", streq(dir, "/") ? "" : dir, *n);
                k = facts_read_file(s->f, path, SSHD_CONFIG_MAX_BYTES, &buf, &len);
                if (k < 0) {
                        /* A glob that matches nothing is fine for sshd; a named file that is missing is not. */
                        if (!strpbrk(base, "*?["))
                                return k;
                        continue;
                }
                matched++;
                strv_push(&s->cf->sshd.files, path);
                (void) sshd_config_parse(c, buf, len, path, depth, sshd_include, s);
        }
        return matched;
}

static void collect_sshd(struct facts *f, struct crypto_facts *cf)
{
        static const char *const default_host_keys[] = {
                "/etc/ssh/ssh_host_rsa_key", "/etc/ssh/ssh_host_ecdsa_key", "/etc/ssh/ssh_host_ed25519_key",
        };
        struct sshd_ctx s = { .f = f, .cf = cf };
        _cleanup_free_ char *buf = NULL;
        size_t len = 0;
        int k;

        cf->sshd.files = xmalloc0(sizeof(char *));
        cf->sshd.host_keys = xmalloc0(sizeof(char *));
        k = facts_read_file(f, "/etc/ssh/sshd_config", SSHD_CONFIG_MAX_BYTES, &buf, &len);
        if (k < 0) {
                cf->sshd.err = k;
                return;
        }
        cf->sshd.path = xstrdup("/etc/ssh/sshd_config");
        strv_push(&cf->sshd.files, cf->sshd.path);
        cf->sshd.config = sshd_config_new();
        (void) collect_parsed(f, sshd_config_parse(cf->sshd.config, buf, len, cf->sshd.path, 0, sshd_include, &s), cf->sshd.path);

        for (unsigned i = 0; i < _SSHD_LIST_MAX; i++) {
                const char *src = NULL;
                if (sshd_config_algorithms(cf->sshd.config, i, &cf->sshd.algorithms[i], &src) >= 0)
                        cf->sshd.sources[i] = xstrdup(src);
        }
        /* sshd loads the HostKey files named, or the default ones that exist. */
        if (strv_length(cf->sshd.config->host_keys) > 0) {
                for (char **h = cf->sshd.config->host_keys; *h; h++)
                        strv_push(&cf->sshd.host_keys, *h);
        } else
                for (size_t i = 0; i < ARRAY_SIZE(default_host_keys); i++)
                        if (root_exists(f->root, default_host_keys[i]))
                                strv_push(&cf->sshd.host_keys, default_host_keys[i]);
        cf->sshd.err = 0;
}

/* ---------------------------------------------------------------- openssl.cnf */

struct openssl_ctx {
        struct facts *f;
        struct crypto_facts *cf;
};

static bool is_conf_name(const char *n)
{
        return endswith(n, ".cnf") || endswith(n, ".conf") || endswith(n, ".CNF") || endswith(n, ".CONF");
}

static int openssl_include(const char *path, char **ret, size_t *ret_len, void *userdata)
{
        struct openssl_ctx *s = userdata;
        struct stat st;
        int k;

        k = root_stat(s->f->root, path, false, &st);
        if (k < 0)
                return k;
        if (S_ISDIR(st.st_mode)) {
                /* Every *.cnf and *.conf file of the directory, as OpenSSL includes a directory. */
                _cleanup_strv_free_ char **names = NULL;
                char *all = xstrdup("");
                size_t all_len = 0;

                k = facts_list_dir(s->f, path, CRYPTO_WALK_MAX_DIR_ENTRIES, &names);
                if (k < 0) {
                        free(all);
                        return k;
                }
                for (char **n = names; *n; n++) {
                        _cleanup_free_ char *p = NULL, *buf = NULL;
                        size_t len = 0;

                        if (!is_conf_name(*n))
                                continue;
                        p = xasprintf("%s/%s", path, *n);
                        if (facts_read_file(s->f, p, OPENSSL_CONF_MAX_BYTES, &buf, &len) < 0)
                                continue;
                        if (all_len + len + 2 > OPENSSL_CONF_MAX_BYTES) {
                                facts_note_cap(s->f, "the .cnf files of %s are larger than %u bytes together (OPENSSL_CONF_MAX_BYTES)",
                                               path, (unsigned) OPENSSL_CONF_MAX_BYTES);
                                free(all);
                                return -E2BIG;
                        }
                        all = xreallocarray(all, all_len + len + 2, 1);
                        memcpy(all + all_len, buf, len);
                        all_len += len;
                        all[all_len++] = '\n';
                        all[all_len] = 0;
                        if (!strv_contains(s->cf->openssl.files, p))
                                strv_push(&s->cf->openssl.files, p);
                }
                *ret = all;
                *ret_len = all_len;
                return 0;
        }
        k = facts_read_file(s->f, path, OPENSSL_CONF_MAX_BYTES, ret, ret_len);
        if (k >= 0 && !strv_contains(s->cf->openssl.files, path))
                strv_push(&s->cf->openssl.files, path);
        return k;
}

static void collect_openssl(struct facts *f, struct crypto_facts *cf)
{
        static const char *const paths[] = { "/etc/ssl/openssl.cnf", "/usr/lib/ssl/openssl.cnf" };
        struct openssl_ctx s = { .f = f, .cf = cf };
        _cleanup_free_ char *buf = NULL, *expanded = NULL, *error = NULL;
        size_t len = 0, elen = 0;
        int k = -ENOENT;

        cf->openssl.files = xmalloc0(sizeof(char *));
        for (size_t i = 0; i < ARRAY_SIZE(paths) && k == -ENOENT; i++) {
                k = facts_read_file(f, paths[i], OPENSSL_CONF_MAX_BYTES, &buf, &len);
                if (k >= 0) {
                        cf->openssl.path = xstrdup(paths[i]);
                        strv_push(&cf->openssl.files, paths[i]);
                }
        }
        if (k == -ENOENT)
                cf->openssl.builtin_defaults = true;
        else if (k < 0) {
                cf->openssl.err = k;
                return;
        }
        k = openssl_conf_expand(buf ? buf : "", len, "/etc/ssl", openssl_include, &s, &expanded, &elen, &cf->openssl.problems);
        if (k == -E2BIG)
                facts_note_cap(f, "%s with its includes expands to more than %u bytes (OPENSSL_CONF_MAX_BYTES)",
                               strempty(cf->openssl.path), (unsigned) OPENSSL_CONF_MAX_BYTES);
        if (k < 0) {
                cf->openssl.err = k;
                return;
        }
        k = openssl_ssl_config_evaluate(expanded, elen, &cf->openssl.ssl, &error);
        if (k == -EBADMSG) {
                cf->openssl.error = TAKE_PTR(error);
                k = 0;
        }
        cf->openssl.err = k < 0 ? k : 0;
}

/* ---------------------------------------------------------------- keys and certificates */

struct walk {
        struct facts *f;
        struct crypto_facts *cf;
};

static bool key_file_name(const char *dir, const char *name)
{
        static const char *const suffixes[] = { ".pem", ".crt", ".key", ".der", ".cer", ".p8" };

        if (startswith(name, "ssh_host_") && (endswith(name, "_key") || endswith(name, "_key.pub")))
                return true;
        /* Everything in the private key directory is a key by intent. */
        if (streq(dir, "/etc/ssl/private"))
                return true;
        for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++)
                if (endswith(name, suffixes[i]))
                        return true;
        return false;
}

static void add_key(struct walk *w, const char *path, const struct stat *st, bool ssh_host)
{
        struct crypto_facts *cf = w->cf;
        _cleanup_free_ char *buf = NULL;
        struct crypto_key *k;
        size_t len = 0;
        int r;

        if (cf->keys.n >= CRYPTO_WALK_MAX_FILES) {
                cf->keys.truncated = true;
                facts_note_cap(w->f, "more than %u key and certificate files (CRYPTO_WALK_MAX_FILES); %s and later ones were not read",
                               CRYPTO_WALK_MAX_FILES, path);
                return;
        }
        cf->keys.v = xreallocarray(cf->keys.v, cf->keys.n + 1, sizeof(*cf->keys.v));
        k = &cf->keys.v[cf->keys.n++];
        *k = (struct crypto_key){
                .path = xstrdup(path),
                .ssh_host_key = ssh_host,
                .mode = st->st_mode & 07777,
                .uid = st->st_uid,
                .gid = st->st_gid,
        };
        r = facts_read_file(w->f, path, CRYPTO_KEY_FILE_MAX, &buf, &len);
        if (r >= 0)
                r = key_info_parse(buf, len, &k->info);
        /* A private key, or a key file whose bytes we do not understand: never copied as evidence. */
        if (r >= 0 ? k->info.has_private : !endswith(path, ".pub"))
                facts_mark_sensitive(w->f, path, r >= 0 ? "private key" : "key file (contents not recognised)");
        if (buf)
                explicit_bzero(buf, len); /* may hold a private key */
        k->err = r < 0 ? r : 0;
}

static void walk_dir(struct walk *w, const char *dir, unsigned depth)
{
        _cleanup_strv_free_ char **names = NULL;
        struct crypto_facts *cf = w->cf;
        int k;

        if (depth > CRYPTO_WALK_MAX_DEPTH) {
                cf->keys.truncated = true;
                facts_note_cap(w->f, "%s is deeper than the key walk goes (%u levels, CRYPTO_WALK_MAX_DEPTH) and was not read",
                               dir, CRYPTO_WALK_MAX_DEPTH);
                return;
        }
        k = facts_list_dir(w->f, dir, CRYPTO_WALK_MAX_DIR_ENTRIES, &names);
        if (k < 0)
                return;
        if (k > 0)
                cf->keys.truncated = true;
        for (char **n = names; *n; n++) {
                _cleanup_free_ char *path = NULL;
                struct stat st;
                bool ssh_host;

                if (cf->keys.scanned++ >= CRYPTO_WALK_MAX_ENTRIES) {
                        cf->keys.truncated = true;
                        facts_note_cap(w->f, "the key walk under /etc looked at %u entries (CRYPTO_WALK_MAX_ENTRIES) and stopped in %s",
                                       CRYPTO_WALK_MAX_ENTRIES, dir);
                        return;
                }
                path = xasprintf("%s/%s", dir, *n);
                if (root_stat(w->f->root, path, true, &st) < 0)
                        continue;
                if (S_ISDIR(st.st_mode)) {
                        walk_dir(w, path, depth + 1);
                        continue;
                }
                ssh_host = streq(dir, "/etc/ssh") && startswith(*n, "ssh_host_");
                if (!key_file_name(dir, *n))
                        continue;
                /*
                 * Symlinks are not followed, except for SSH host keys, which
                 * read-only images link to a writable partition. That also
                 * skips the CA store: /etc/ssl/certs is links into
                 * /usr/share/ca-certificates (public CA certificates).
                 */
                if (S_ISLNK(st.st_mode)) {
                        if (!ssh_host || root_stat(w->f->root, path, false, &st) < 0)
                                continue;
                }
                if (!S_ISREG(st.st_mode))
                        continue;
                if (streq(path, "/etc/ssl/certs/ca-certificates.crt"))
                        continue; /* the CA bundle */
                add_key(w, path, &st, ssh_host);
        }
}

static void collect_keys(struct facts *f, struct crypto_facts *cf)
{
        struct walk w = { .f = f, .cf = cf };

        if (!root_exists(f->root, "/etc")) {
                cf->keys.err = -ENOENT;
                return;
        }
        walk_dir(&w, "/etc", 1);
        /* Host keys sshd loads from outside /etc (read-only images keep them on a data partition). */
        for (char **h = cf->sshd.host_keys; h && *h; h++) {
                struct stat st;
                bool seen = false;

                for (size_t i = 0; i < cf->keys.n && !seen; i++)
                        seen = streq(cf->keys.v[i].path, *h);
                if (seen || (*h)[0] != '/' || root_stat(f->root, *h, false, &st) < 0 || !S_ISREG(st.st_mode))
                        continue;
                add_key(&w, *h, &st, true);
        }
        for (size_t i = 0; i < cf->keys.n; i++) {
                struct crypto_key *k = &cf->keys.v[i];
                for (char **h = cf->sshd.host_keys; h && *h; h++)
                        if (streq(k->path, *h))
                                k->in_use_by_sshd = true;
        }
        cf->keys.err = 0;
}

static void collect_crypto(struct facts *f, const struct collect_options *o)
{
        struct crypto_facts *cf = xmalloc0(sizeof(*cf));

        f->crypto = cf;
        f->collecting = FACTS_SSHD;
        collect_sshd(f, cf);
        f->collecting = FACTS_OPENSSL;
        collect_openssl(f, cf);
        f->collecting = FACTS_KEYS;
        collect_keys(f, cf);
}

static void crypto_free(struct facts *f)
{
        crypto_facts_free(f->crypto);
}

void crypto_facts_free(struct crypto_facts *cf)
{
        if (!cf)
                return;
        free(cf->sshd.path);
        sshd_config_free(cf->sshd.config);
        strv_free(cf->sshd.files);
        strv_free(cf->sshd.host_keys);
        for (unsigned i = 0; i < _SSHD_LIST_MAX; i++) {
                strv_free(cf->sshd.algorithms[i]);
                free(cf->sshd.sources[i]);
        }
        free(cf->openssl.path);
        strv_free(cf->openssl.files);
        strv_free(cf->openssl.problems);
        openssl_ssl_config_free(cf->openssl.ssl);
        free(cf->openssl.error);
        for (size_t i = 0; i < cf->keys.n; i++) {
                free(cf->keys.v[i].path);
                key_info_clear(&cf->keys.v[i].info);
        }
        free(cf->keys.v);
        free(cf);
}

const struct collector collector_crypto = {
        .name = "crypto",
        .area = FACTS_SSHD,
        .collect = collect_crypto,
        .free = crypto_free,
        .owns = { FACTS_MEMBER(crypto) },
};
