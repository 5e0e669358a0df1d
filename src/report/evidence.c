/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include "evidence.h"
#include "fdio.h"
#include "fs-util.h"
#include "hash.h"
#include "macro.h"
#include "sign.h"
#include "strv.h"

#define MANIFEST "SHA256SUMS"
#define SIGNATURE "SHA256SUMS.sig"
#define NOT_COPIED "not-copied.txt"
#define REPORT_JSON "report.json"
#define INDEX_JSON "index.json"
#define WALK_MAX_DEPTH 64
#define MANIFEST_MAX (16u * 1024 * 1024)
#define BUNDLE_FILE_MODE 0640
#define BUNDLE_DIR_MODE 0750

struct entry {
        char *rel;                       /* path inside the bundle */
        char sha256[SHA256_HEX_LEN + 1];
};

struct bundle {
        int dirfd;
        struct entry *entries;
        size_t n_entries;
};

static void bundle_done(struct bundle *b)
{
        for (size_t i = 0; i < b->n_entries; i++)
                free(b->entries[i].rel);
        free(b->entries);
        if (b->dirfd >= 0)
                close(b->dirfd);
}

/*
 * Creates rel (relative, already checked) under dirfd, making directories,
 * never following a symlink. A bundle may hold what only root could read on
 * the device: files are 0640 and directories 0750 whatever the umask (fchmod
 * after creating, so a umask of 000 cannot widen them and a stricter one is
 * not needed).
 */
static int bundle_put(struct bundle *b, const char *rel, const void *buf, size_t len)
{
        _cleanup_free_ char *copy = xstrdup(rel);
        _cleanup_close_ int fd = -1;
        int dfd = b->dirfd, k = 0;
        char *c = copy, *slash;
        struct entry *e;

        while ((slash = strchr(c, '/'))) {
                int nfd;

                *slash = 0;
                if (mkdirat(dfd, c, BUNDLE_DIR_MODE) < 0 && errno != EEXIST)
                        k = negative_errno();
                nfd = k < 0 ? -1 : openat(dfd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (nfd >= 0 && fchmod(nfd, BUNDLE_DIR_MODE) < 0) {
                        k = negative_errno();
                        close(nfd);
                        nfd = -1;
                }
                if (dfd != b->dirfd)
                        close(dfd);
                if (nfd < 0)
                        return k < 0 ? k : negative_errno();
                dfd = nfd;
                c = slash + 1;
        }
        fd = openat(dfd, c, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, BUNDLE_FILE_MODE);
        if (fd < 0 || fchmod(fd, BUNDLE_FILE_MODE) < 0)
                k = negative_errno();
        if (dfd != b->dirfd)
                close(dfd);
        if (k < 0)
                return k;
        k = write_full(fd, buf, len);
        if (k < 0)
                return k;
        if (fsync(fd) < 0)
                return negative_errno();
        b->entries = xreallocarray(b->entries, b->n_entries + 1, sizeof(*b->entries));
        e = &b->entries[b->n_entries++];
        e->rel = xstrdup(rel);
        sha256_hex(buf, len, e->sha256);
        return 0;
}

static int cmp_entry(const void *a, const void *b)
{
        return strcmp(((const struct entry *) a)->rel, ((const struct entry *) b)->rel);
}

static int sign_buffer(const char *key_path, const char *buf, size_t len, unsigned char **ret, size_t *ret_len)
{
        EVP_PKEY *key;
        int k;

        k = sign_read_private_key(key_path, &key);
        if (k < 0)
                return k;
        /* -EINVAL as before: the key cannot sign (OpenSSL refused it). */
        k = sign_detached(key, buf, len, ret, ret_len) < 0 ? -EINVAL : 0;
        EVP_PKEY_free(key);
        return k;
}

static int verify_signature(const char *key_path, const char *buf, size_t len, const char *sig, size_t sig_len)
{
        EVP_PKEY *key;
        int k;

        k = sign_read_public_key(key_path, &key);
        if (k < 0)
                return k;
        k = verify_detached(key, buf, len, sig, sig_len);
        EVP_PKEY_free(key);
        return k;
}

static int open_empty_dir(const char *dir, int *ret_fd)
{
        _cleanup_close_ int fd = -1;
        struct dirent *de;
        DIR *d;
        int k = 0;

        struct stat st;

        if (mkdir(dir, BUNDLE_DIR_MODE) < 0 && errno != EEXIST)
                return negative_errno();
        fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        /* An existing empty directory keeps no more than the bundle's own 0750. */
        if (fstat(fd, &st) < 0 || fchmod(fd, st.st_mode & BUNDLE_DIR_MODE) < 0)
                return negative_errno();
        d = fdopendir(fcntl(fd, F_DUPFD_CLOEXEC, 3));
        if (!d)
                return negative_errno();
        while ((de = readdir(d)))
                if (!streq(de->d_name, ".") && !streq(de->d_name, "..")) {
                        k = -ENOTEMPTY;
                        break;
                }
        closedir(d);
        if (k < 0)
                return k;
        *ret_fd = TAKE_FD(fd);
        return 0;
}

static const char *status_to_string(enum bundle_file_status s)
{
        return s == BUNDLE_FILE_COPIED ? "copied" : s == BUNDLE_FILE_WITHHELD ? "withheld" : "not-copied";
}

/* One index entry: what the assessor learns of a file, whether or not its bytes are in the bundle. */
static json_t *index_entry(const struct bundle_file *bf, const char *path, enum bundle_file_status status, const char *reason, const char *copy)
{
        json_t *e = json_object();
        char mode[8];

        json_object_set_new(e, "path", path ? json_string(path) : json_null());
        json_object_set_new(e, "status", json_string(status_to_string(status)));
        if (copy)
                json_object_set_new(e, "copy", json_string(copy));
        if (reason)
                json_object_set_new(e, "reason", json_string(reason));
        if (bf->sha256)
                json_object_set_new(e, "sha256", json_string(bf->sha256));
        if (bf->have_stat) {
                snprintf(mode, sizeof(mode), "%04o", (unsigned) (bf->mode & 07777));
                json_object_set_new(e, "size", json_integer((json_int_t) bf->size));
                json_object_set_new(e, "mode", json_string(mode));
                json_object_set_new(e, "uid", json_integer(bf->uid));
                json_object_set_new(e, "gid", json_integer(bf->gid));
        }
        return e;
}

/* Writes j (and drops the reference) to rel in the bundle, indented and ASCII-only. */
static int bundle_put_json(struct bundle *b, const char *rel, json_t *j)
{
        _cleanup_free_ char *s = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII) : NULL;

        json_decref(j);
        if (!s)
                return -ENOMEM;
        return bundle_put(b, rel, s, strlen(s));
}

int evidence_bundle_write(const struct report *r, const struct bundle_file *files, size_t n_files,
                          const char *dir, const char *sign_key)
{
        _cleanup_free_ char *not_copied = NULL, *manifest = NULL;
        struct bundle b = { .dirfd = -1 };
        size_t nc_len = 0, m_len = 0;
        FILE *nc = NULL, *m = NULL;
        json_t *idx, *idx_files;
        int k;

        k = open_empty_dir(dir, &b.dirfd);
        if (k < 0)
                return k;

        k = bundle_put_json(&b, REPORT_JSON, report_to_json(r));
        if (k < 0)
                goto out;

        idx = json_object();
        idx_files = json_array();
        json_object_set_new(idx, "schema", json_string(EVIDENCE_INDEX_SCHEMA));
        json_object_set_new(idx, "withheld", json_string("secret files (private keys, password hashes, key files) are never copied: "
                                                          "their path, sha256, size, mode and owner are recorded instead"));
        nc = open_memstream(&not_copied, &nc_len);
        if (!nc)
                abort();
        for (size_t i = 0; i < n_files; i++) {
                const struct bundle_file *bf = &files[i];
                _cleanup_free_ char *rel = NULL, *failed = NULL;
                enum bundle_file_status status = bf->status;
                const char *reason = bf->reason;

                if (!bf->path || !path_is_plain_absolute(bf->path)) {
                        /* A hostile path must not steer where the bundle writes, nor be echoed. */
                        const struct bundle_file none = { .status = BUNDLE_FILE_NOT_COPIED };

                        fprintf(nc, "%s: not a plain absolute path inside the target\n", "(path withheld)");
                        json_array_append_new(idx_files, index_entry(&none, NULL, BUNDLE_FILE_NOT_COPIED,
                                                                     "not a plain absolute path inside the target", NULL));
                        continue;
                }
                if (status == BUNDLE_FILE_COPIED) {
                        rel = xasprintf("files%s", bf->path);
                        k = bundle_put(&b, rel, bf->data, bf->len);
                        if (k < 0) {
                                failed = xasprintf("cannot write the copy: %s", strerror(-k));
                                status = BUNDLE_FILE_NOT_COPIED;
                                reason = failed;
                                free(rel);
                                rel = NULL;
                        }
                }
                if (status == BUNDLE_FILE_NOT_COPIED)
                        fprintf(nc, "%s: %s\n", bf->path, strempty(reason));
                json_array_append_new(idx_files, index_entry(bf, bf->path, status, status == BUNDLE_FILE_COPIED ? NULL : reason, rel));
        }
        json_object_set_new(idx, "files", idx_files);
        if (fclose(nc) != 0)
                abort();
        k = bundle_put_json(&b, INDEX_JSON, idx);
        if (k < 0)
                goto out;
        if (nc_len > 0) {
                k = bundle_put(&b, NOT_COPIED, not_copied, nc_len);
                if (k < 0)
                        goto out;
        }

        qsort(b.entries, b.n_entries, sizeof(*b.entries), cmp_entry);
        m = open_memstream(&manifest, &m_len);
        if (!m)
                abort();
        for (size_t i = 0; i < b.n_entries; i++)
                fprintf(m, "%s  %s\n", b.entries[i].sha256, b.entries[i].rel);
        if (fclose(m) != 0)
                abort();
        k = bundle_put(&b, MANIFEST, manifest, m_len);
        if (k < 0)
                goto out;
        if (sign_key) {
                _cleanup_free_ unsigned char *sig = NULL;
                size_t sig_len = 0;

                k = sign_buffer(sign_key, manifest, m_len, &sig, &sig_len);
                if (k >= 0)
                        k = bundle_put(&b, SIGNATURE, sig, sig_len);
        }
out:
        bundle_done(&b);
        return k;
}

static void problem(char ***l, const char *fmt, ...) _printf_(2, 3);
static void problem(char ***l, const char *fmt, ...)
{
        va_list ap;
        char *s;

        va_start(ap, fmt);
        s = xvasprintf(fmt, ap);
        va_end(ap);
        strv_consume(l, s);
}

/* Lists every non-directory under fd as relative paths, never following symlinks, bounded. */
static int walk(int fd, const char *prefix, unsigned depth, char ***files, char ***problems)
{
        struct dirent *de;
        DIR *d;
        int dup;

        if (depth > WALK_MAX_DEPTH || strv_length(*files) > EVIDENCE_MANIFEST_MAX_ENTRIES)
                return -E2BIG;
        dup = fcntl(fd, F_DUPFD_CLOEXEC, 3);
        if (dup < 0)
                return negative_errno();
        d = fdopendir(dup);
        if (!d) {
                close(dup);
                return negative_errno();
        }
        while ((de = readdir(d))) {
                _cleanup_free_ char *rel = NULL;
                struct stat st;

                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                rel = prefix ? xasprintf("%s/%s", prefix, de->d_name) : xstrdup(de->d_name);
                if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        continue;
                if (S_ISDIR(st.st_mode)) {
                        int sub = openat(fd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                        int k;

                        if (sub < 0)
                                continue;
                        k = walk(sub, rel, depth + 1, files, problems);
                        close(sub);
                        if (k < 0) {
                                closedir(d);
                                return k;
                        }
                } else {
                        if (!S_ISREG(st.st_mode))
                                problem(problems, "%s: not a regular file", rel);
                        strv_consume(files, TAKE_PTR(rel));
                }
        }
        closedir(d);
        return 0;
}

/*
 * Reads rel (relative, no "." or ".." or empty component) below the bundle
 * directory dirfd. The bundle is untrusted and Bulwark never writes a symlink
 * into one, so none is followed, at any component: a planted link is refused
 * (-ELOOP), never read through. Only regular files, at most max bytes.
 */
static int bundle_read(int dirfd, const char *rel, size_t max, char **ret, size_t *ret_len)
{
        _cleanup_free_ char *copy = xstrdup(rel);
        _cleanup_close_ int fd = -1;
        int dfd = dirfd, k = 0;
        char *c = copy, *slash;

        while ((slash = strchr(c, '/'))) {
                int nfd;

                *slash = 0;
                nfd = openat(dfd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (nfd < 0)
                        k = errno == ENOTDIR ? -ELOOP : negative_errno();
                if (dfd != dirfd)
                        close(dfd);
                if (k < 0)
                        return k;
                dfd = nfd;
                c = slash + 1;
        }
        fd = openat(dfd, c, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd < 0)
                k = negative_errno();
        if (dfd != dirfd)
                close(dfd);
        if (k < 0)
                return k;
        return read_regular_fd(fd, max, ret, ret_len);
}

/* The index's entry for path when the bundle withheld it, or NULL. */
static const json_t *index_withheld(const json_t *index, const char *path)
{
        const json_t *e;
        size_t i;

        json_array_foreach(json_object_get(index, "files"), i, e)
                if (streq_ptr(json_string_value(json_object_get(e, "path")), path) &&
                    streq_ptr(json_string_value(json_object_get(e, "status")), "withheld"))
                        return e;
        return NULL;
}

static bool manifest_path_ok(const char *p)
{
        _cleanup_free_ char *abs = xasprintf("/%s", p);

        return p[0] != '/' && path_is_plain_absolute(abs);
}

int evidence_bundle_verify(const char *dir, const char *verify_key, char ***ret_problems, size_t *ret_checked)
{
        _cleanup_strv_free_ char **problems = NULL, **files = NULL, **listed = NULL, **lines = NULL;
        _cleanup_free_ char *manifest = NULL, *json = NULL, *not_copied = NULL, *index_buf = NULL;
        _cleanup_close_ int fd = -1;
        size_t m_len = 0, j_len = 0, i_len = 0, checked = 0;
        json_t *report = NULL, *index = NULL;
        int k;

        /* The bundle is untrusted: every path stays inside it (bundle_read), only regular files are read. */
        fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        k = walk(fd, NULL, 0, &files, &problems);
        if (k < 0)
                return k;
        k = bundle_read(fd, MANIFEST, MANIFEST_MAX, &manifest, &m_len);
        if (k < 0) {
                problem(&problems, "%s: %s", MANIFEST, strerror(-k));
                goto done;
        }
        if (strlen(manifest) != m_len)
                problem(&problems, "%s: holds a NUL byte", MANIFEST);
        lines = strv_split(manifest, "\n");
        for (size_t i = 0; lines && lines[i]; i++) {
                _cleanup_free_ char *buf = NULL;
                char sha[SHA256_HEX_LEN + 1];
                const char *l = lines[i], *rel = l + SHA256_HEX_LEN + 2;
                size_t len = 0;
                int q;

                if (i >= EVIDENCE_MANIFEST_MAX_ENTRIES) {
                        problem(&problems, "%s: too many entries", MANIFEST);
                        break;
                }
                if (strlen(l) < SHA256_HEX_LEN + 3 || l[SHA256_HEX_LEN] != ' ' || l[SHA256_HEX_LEN + 1] != ' ' ||
                    strspn(l, "0123456789abcdef") != SHA256_HEX_LEN || !manifest_path_ok(rel)) {
                        problem(&problems, "%s: line %zu is not '<sha256>  <relative path>'", MANIFEST, i + 1);
                        continue;
                }
                if (strv_contains(listed, rel)) {
                        problem(&problems, "%s: %s listed twice", MANIFEST, rel);
                        continue;
                }
                strv_push(&listed, rel);
                q = bundle_read(fd, rel, EVIDENCE_VERIFY_FILE_MAX, &buf, &len);
                if (q < 0) {
                        problem(&problems, "%s: %s", rel, q == -ENOENT ? "missing" : q == -ELOOP ? "a symlink (not followed)" : strerror(-q));
                        continue;
                }
                sha256_hex(buf, len, sha);
                if (strncmp(sha, l, SHA256_HEX_LEN) != 0) {
                        problem(&problems, "%s: sha256 %s, manifest says %.64s", rel, sha, l);
                        continue;
                }
                checked++;
                if (streq(rel, REPORT_JSON))
                        json = TAKE_PTR(buf), j_len = len;
                else if (streq(rel, NOT_COPIED))
                        not_copied = TAKE_PTR(buf);
                else if (streq(rel, INDEX_JSON))
                        index_buf = TAKE_PTR(buf), i_len = len;
        }
        if (index_buf && !(index = json_loadb(index_buf, i_len, JSON_REJECT_DUPLICATES, NULL)))
                problem(&problems, "%s: not JSON", INDEX_JSON);
        else if (index && !streq_ptr(json_string_value(json_object_get(index, "schema")), EVIDENCE_INDEX_SCHEMA))
                problem(&problems, "%s: not %s", INDEX_JSON, EVIDENCE_INDEX_SCHEMA);
        for (size_t i = 0; files && files[i]; i++)
                if (!strv_contains(listed, files[i]) && !streq(files[i], MANIFEST) && !streq(files[i], SIGNATURE))
                        problem(&problems, "%s: not in the manifest", files[i]);

        if (!json && !strv_contains(listed, REPORT_JSON))
                problem(&problems, "%s: missing from the manifest", REPORT_JSON);
        else if (!(report = json_loadb(json, j_len, JSON_REJECT_DUPLICATES, NULL)))
                problem(&problems, "%s: not JSON", REPORT_JSON);
        else {
                /* Each file the verdicts rest on is in the bundle with the hash the report gives, or said not to be. */
                json_t *reqs = json_object_get(report, "requirements"), *jr, *jc, *je;
                size_t a, b, c;

                json_array_foreach(reqs, a, jr)
                        json_array_foreach(json_object_get(jr, "checks"), b, jc)
                                json_array_foreach(json_object_get(jc, "evidence"), c, je) {
                                        const char *path = json_string_value(json_object_get(je, "path"));
                                        const char *sha = json_string_value(json_object_get(je, "sha256"));
                                        _cleanup_free_ char *rel = NULL, *buf = NULL;
                                        char got[SHA256_HEX_LEN + 1];
                                        size_t len = 0;

                                        if (!streq_ptr(json_string_value(json_object_get(je, "kind")), "file") || !path || !sha ||
                                            !path_is_plain_absolute(path))
                                                continue;
                                        rel = xasprintf("files%s", path);
                                        if (!strv_contains(listed, rel)) {
                                                _cleanup_free_ char *needle = xasprintf("%s: ", path);
                                                const json_t *w = index_withheld(index, path);
                                                const char *wsha = json_string_value(json_object_get(w, "sha256"));

                                                if (w && wsha && !streq(wsha, sha))
                                                        problem(&problems, "%s: withheld, but the index's sha256 %s differs from the report's %s", path, wsha, sha);
                                                else if (!w && (!not_copied || !strstr(not_copied, needle)))
                                                        problem(&problems, "%s: evidence of the report, neither in the bundle nor listed as withheld or not copied", path);
                                                continue;
                                        }
                                        if (bundle_read(fd, rel, EVIDENCE_VERIFY_FILE_MAX, &buf, &len) < 0)
                                                continue; /* already reported above */
                                        sha256_hex(buf, len, got);
                                        if (!streq(got, sha))
                                                problem(&problems, "%s: the copy's sha256 %s differs from the report's %s", path, got, sha);
                                }
        }
        if (verify_key) {
                _cleanup_free_ char *sig = NULL;
                size_t sig_len = 0;
                int q = bundle_read(fd, SIGNATURE, 64 * 1024, &sig, &sig_len);

                if (q < 0)
                        problem(&problems, "%s: %s", SIGNATURE, q == -ENOENT ? "missing (the bundle is not signed)" : strerror(-q));
                else if (!manifest)
                        ;
                else {
                        q = verify_signature(verify_key, manifest, m_len, sig, sig_len);
                        if (q == -EINVAL || q == -ENOENT || q == -EACCES) {
                                json_decref(report);
                                json_decref(index);
                                return q;
                        }
                        if (q < 0)
                                problem(&problems, "%s: does not verify with the given key", SIGNATURE);
                }
        }
done:
        json_decref(report);
        json_decref(index);
        k = strv_length(problems) > 0 ? -EBADMSG : 0;
        *ret_problems = TAKE_PTR(problems);
        *ret_checked = checked;
        return k;
}
