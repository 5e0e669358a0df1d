/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reads evidence files for a bundle and keeps secret material out of it (see evidence-copy.h). */
#include <fnmatch.h>
#include <limits.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <strings.h>
#include <sys/stat.h>

#include "evidence-copy.h"
#include "facts.h"
#include "fs-util.h"
#include "macro.h"
#include "rootfs.h"

/* Secret by name. fnmatch(3) patterns without FNM_PATHNAME: "*" also matches "/". */
static const struct {
        const char *pattern;
        const char *why;
} secret_paths[] = {
        { "/etc/shadow",                 "password hashes (/etc/shadow)" },
        { "/etc/shadow-",                "password hashes (/etc/shadow backup)" },
        { "/etc/gshadow",                "group password hashes (/etc/gshadow)" },
        { "/etc/gshadow-",               "group password hashes (/etc/gshadow backup)" },
        { "/etc/security/opasswd",       "old password hashes" },
        { "/etc/ssh/ssh_host_*_key",     "SSH host private key" },
        { "/etc/ssl/private/*",          "file in the private key directory" },
        { "/etc/wireguard/*",            "WireGuard configuration (private keys)" },
        { "/usr/share/encrypt_partition/encrypt_partition.env", "CIP crypt hook configuration" },
};

/* Exact paths among the above, compared by inode too: a link to /etc/shadow is /etc/shadow. */
static const char *const secret_inodes[] = {
        "/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/security/opasswd",
        "/usr/share/encrypt_partition/encrypt_partition.env",
};

const char *evidence_secret_path(const char *path)
{
        if (!path)
                return NULL;
        for (size_t i = 0; i < ARRAY_SIZE(secret_paths); i++)
                if (fnmatch(secret_paths[i].pattern, path, 0) == 0)
                        return secret_paths[i].why;
        return NULL;
}

/* Text markers of private keys, wherever they are in the file. */
static const struct {
        const char *marker;
        const char *why;
} secret_markers[] = {
        { "-----BEGIN OPENSSH PRIVATE KEY", "OpenSSH private key" },
        { "-----BEGIN ENCRYPTED PRIVATE KEY", "encrypted PKCS#8 private key" },
        { "-----BEGIN PGP PRIVATE KEY", "OpenPGP private key" },
        { "PRIVATE KEY-----", "PEM private key" },      /* PKCS#8, RSA, EC, DSA, ANY, SSH2 ENCRYPTED ... */
        { "PRIVATE KEY", "private key marker" },        /* a PEM header broken across lines, an SSH2 key */
        { "PuTTY-User-Key-File-", "PuTTY private key" },
        { "openssh-key-v1", "OpenSSH private key (binary)" },
        { "LUKS\xba\xbe", "LUKS header (key slots)" },
        { "SKUL\xba\xbe", "LUKS header (key slots)" },
};

/* "PrivateKey =", "PresharedKey=" at the start of a line, any case (wg(8) and systemd.netdev(5)). */
static bool wireguard_key_line(const char *l, const char *end)
{
        static const char *const keys[] = { "privatekey", "presharedkey" };

        while (l < end && (*l == ' ' || *l == '\t'))
                l++;
        for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
                size_t n = strlen(keys[i]);
                const char *c = l + n;

                if ((size_t) (end - l) < n || strncasecmp(l, keys[i], n) != 0)
                        continue;
                while (c < end && (*c == ' ' || *c == '\t'))
                        c++;
                if (c < end && *c == '=')
                        return true;
        }
        return false;
}

/* "name:$6$salt$hash:..." : a crypt(3) hash in the second field, as in shadow(5). */
static bool shadow_line(const char *l, const char *end)
{
        const char *colon = memchr(l, ':', (size_t) (end - l));

        if (!colon || colon == l || end - colon < 4 || colon[1] != '$')
                return false;
        /* $1$ $2b$ $5$ $6$ $y$ $gy$ $7$ $sha1$ $md5$: an id of letters and digits, then '$'. */
        for (const char *c = colon + 2; c < end && c < colon + 8; c++) {
                if (*c == '$')
                        return c > colon + 2;
                if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
                        return false;
        }
        return false;
}

/* DER-encoded keys: PKCS#8 (plain or encrypted), traditional RSA/EC/DSA, PKCS#12. */
static const char *secret_der(const unsigned char *buf, size_t len)
{
        const unsigned char *p;
        const char *why = NULL;

        if (len < 2 || buf[0] != 0x30 || len > LONG_MAX)
                return NULL;
        p = buf;
        EVP_PKEY *pk = d2i_AutoPrivateKey(NULL, &p, (long) len);
        if (pk) {
                EVP_PKEY_free(pk);
                ERR_clear_error();
                return "DER private key";
        }
        p = buf;
        PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long) len);
        if (p12) {
                PKCS12_free(p12);
                ERR_clear_error();
                return "PKCS#12 bundle";
        }
        p = buf;
        X509_SIG *sig = d2i_X509_SIG(NULL, &p, (long) len);
        if (sig) {
                /* The structure is generic (AlgorithmIdentifier, OCTET STRING): only the whole file counts. */
                if (p == buf + len)
                        why = "encrypted PKCS#8 private key (DER)";
                X509_SIG_free(sig);
        }
        ERR_clear_error();
        return why;
}

const char *evidence_secret_content(const void *buf, size_t len)
{
        const char *s = buf, *end = s + len, *why;

        for (size_t i = 0; i < ARRAY_SIZE(secret_markers); i++)
                if (memmem(s, len, secret_markers[i].marker, strlen(secret_markers[i].marker)))
                        return secret_markers[i].why;
        for (const char *l = s; l < end;) {
                const char *nl = memchr(l, '\n', (size_t) (end - l));
                const char *e = nl ? nl : end;

                if (wireguard_key_line(l, e))
                        return "WireGuard private or preshared key";
                if (shadow_line(l, e))
                        return "password hashes (shadow format)";
                l = nl ? nl + 1 : end;
        }
        why = secret_der(buf, len);
        return why;
}

static bool same_inode(const struct root *root, const char *path, const struct stat *st)
{
        struct stat o;

        return root_stat(root, path, false, &o) >= 0 && o.st_dev == st->st_dev && o.st_ino == st->st_ino;
}

/* What makes the file at path (opened, st its fstat) secret to the collectors or by name, or NULL. */
static const char *secret_known(const struct facts *f, const char *path, const struct stat *st)
{
        const char *why = facts_sensitive(f, path);

        if (why)
                return why;
        why = evidence_secret_path(path);
        if (why)
                return why;
        for (size_t i = 0; i < f->sensitive.n; i++)
                if (same_inode(f->root, f->sensitive.v[i].path, st))
                        return f->sensitive.v[i].why;
        for (size_t i = 0; i < ARRAY_SIZE(secret_inodes); i++)
                if (same_inode(f->root, secret_inodes[i], st))
                        return evidence_secret_path(secret_inodes[i]);
        return NULL;
}

static void set_stat(struct evidence_copy *c, const struct stat *st)
{
        c->have_stat = true;
        c->mode = st->st_mode & 07777;
        c->uid = st->st_uid;
        c->gid = st->st_gid;
        c->size = (uint64_t) st->st_size;
}

static void not_copied(struct evidence_copy *c, const char *fmt, ...) _printf_(2, 3);
static void not_copied(struct evidence_copy *c, const char *fmt, ...)
{
        va_list ap;

        c->status = EVIDENCE_NOT_COPIED;
        va_start(ap, fmt);
        c->reason = xvasprintf(fmt, ap);
        va_end(ap);
}

/* Decides one file; false when it is left out altogether (not a file and not named as one). */
static bool copy_one(const struct facts *f, const struct evidence_request *rq, size_t *total, struct evidence_copy *c)
{
        const struct file_seen *fs = rq->path ? facts_file(f, rq->path) : NULL;
        const char *expected = rq->sha256 ? rq->sha256 : fs ? fs->sha256 : NULL;
        _cleanup_free_ char *buf = NULL, *by_content = NULL;
        const char *why, *content;
        size_t len = 0;
        struct stat st;
        int k;

        *c = (struct evidence_copy){};
        if (!path_is_plain_absolute(rq->path)) {
                if (!rq->is_file)
                        return false;
                not_copied(c, "not a plain absolute path inside the target");
                return true;
        }
        c->path = xstrdup(rq->path);
        /* Only regular files are read (a FIFO cannot block the read), and the stat is the very file read. */
        k = root_read_file_stat(f->root, rq->path, EVIDENCE_FILE_MAX, &buf, &len, &st);
        if (k == -EFBIG) {
                /* Too large to copy: its stat alone says what it is and whether it is secret. */
                if (root_stat(f->root, rq->path, false, &st) >= 0 && S_ISREG(st.st_mode)) {
                        set_stat(c, &st);
                        why = secret_known(f, rq->path, &st);
                        if (why) {
                                c->status = EVIDENCE_WITHHELD;
                                c->reason = xasprintf("%s; larger than 16 MiB, not hashed", why);
                                return true;
                        }
                }
                not_copied(c, "larger than 16 MiB");
                return true;
        }
        if (k < 0 && !rq->is_file) {
                free(c->path);
                c->path = NULL;
                return false;
        }
        if (k < 0) {
                not_copied(c, "%s", strerror(-k));
                return true;
        }
        set_stat(c, &st);
        why = secret_known(f, rq->path, &st);
        c->size = len;
        sha256_hex(buf, len, c->sha256);
        c->have_sha256 = true;
        if (!why && (content = evidence_secret_content(buf, len)))
                why = by_content = xasprintf("%s (found in its bytes)", content);
        if (why) {
                /* Secret: the bytes go no further than this function. */
                explicit_bzero(buf, len);
                c->status = EVIDENCE_WITHHELD;
                c->reason = expected && !streq(expected, c->sha256)
                        ? xasprintf("%s; changed since the assessment (assessed sha256 %s)", why, expected)
                        : xstrdup(why);
                return true;
        }
        /* The copy must be what the verdict was decided on. */
        if (expected && !streq(expected, c->sha256)) {
                not_copied(c, "changed since the assessment (sha256 %s, assessed %s)", c->sha256, expected);
                return true;
        }
        if (*total + len > EVIDENCE_TOTAL_MAX) {
                not_copied(c, "bundle size limit reached");
                return true;
        }
        *total += len;
        c->status = EVIDENCE_COPIED;
        c->data = TAKE_PTR(buf);
        c->len = len;
        return true;
}

int evidence_copy_collect(const struct facts *f, const struct evidence_request *req, size_t n_req,
                          struct evidence_copy **ret, size_t *ret_n)
{
        _cleanup_free_ bool *taken = NULL;
        struct evidence_copy *v = NULL;
        size_t n = 0, total = 0;

        if (!f || !f->root)
                return -EINVAL;
        taken = xmalloc0(n_req + 1);
        for (size_t i = 0; i < n_req; i++) {
                bool dup = false;

                if (!req[i].path)
                        continue;
                /* Once per path: the first request that names a file takes it. */
                for (size_t j = 0; j < i && !dup; j++)
                        dup = taken[j] && streq(req[j].path, req[i].path);
                if (dup)
                        continue;
                v = xreallocarray(v, n + 1, sizeof(*v));
                if (copy_one(f, &req[i], &total, &v[n])) {
                        taken[i] = true;
                        n++;
                }
        }
        *ret = v;
        *ret_n = n;
        return 0;
}

void evidence_copies_free(struct evidence_copy *v, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                free(v[i].path);
                free(v[i].reason);
                free(v[i].data);
        }
        free(v);
}
