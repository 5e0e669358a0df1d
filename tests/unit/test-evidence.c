/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Evidence bundles from a real root tree made here: what is copied, what is
 * refused (paths out of the tree, symlinks to the host, files changed since
 * the assessment), and that verification notices tampering of every kind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "catalogue.h"
#include "evidence-copy.h"
#include "evidence.h"
#include "facts.h"
#include "fdio.h"
#include "hash.h"
#include "macro.h"
#include "rootfs.h"
#include "strv.h"

struct fixture {
        char root[64];
        char out[64];
};

static void put(const char *dir, const char *rel, const char *content)
{
        _cleanup_free_ char *p = xasprintf("%s/%s", dir, rel);

        assert_int_equal(write_file_atomic(p, content, strlen(content), 0644), 0);
}

static void add_evidence(struct check_result *c, const char *kind, const char *path, const char *content)
{
        struct evidence *e;
        char sha[SHA256_HEX_LEN + 1];

        c->evidence = xreallocarray(c->evidence, c->n_evidence + 1, sizeof(*c->evidence));
        e = &c->evidence[c->n_evidence++];
        *e = (struct evidence){ .kind = xstrdup(kind), .path = xstrdup(path), .detail = xstrdup("d") };
        if (content) {
                sha256_hex(content, strlen(content), sha);
                e->sha256 = xstrdup(sha);
        }
}

static struct report *make_report(const char *root)
{
        struct report *r = report_new();
        struct check_result *c;

        r->root = xstrdup(root);
        r->hostname = xstrdup("h");
        r->role = xstrdup("network");
        r->crypto_policy = xstrdup("nist");
        r->sl = 2;
        r->generated = 1700000000;
        r->n_checks = 1;
        r->checks = xmalloc0(sizeof(*r->checks));
        c = &r->checks[0];
        *c = (struct check_result){ .id = xstrdup("c"), .title = xstrdup("t"), .verdict = VERDICT_FAIL, .summary = xstrdup("s") };
        add_evidence(c, "file", "/etc/nftables.conf", "flush ruleset\n");
        add_evidence(c, "file", "/etc/nftables.conf", "flush ruleset\n"); /* twice: copied once */
        add_evidence(c, "file", "/etc/changed.conf", "what the check saw\n");
        add_evidence(c, "file", "/etc/escape", NULL);                       /* symlink to the host's /etc/passwd */
        add_evidence(c, "file", "/../../../etc/passwd", NULL);
        add_evidence(c, "socket", "udp/68", NULL);
        add_evidence(c, "package", "/var/lib/dpkg/status", NULL);
        add_evidence(c, "unit", "/etc/no-such-unit.service", NULL);        /* not a file of the target: left out */
        r->n_requirements = 1;
        r->requirements = xmalloc0(sizeof(*r->requirements));
        r->requirements[0] = (struct requirement_result){ .req = catalogue_find("CR 4.1"), .in_scope = true, .verdict = VERDICT_FAIL };
        r->requirements[0].n_checks = 1;
        r->requirements[0].checks = xmalloc0(sizeof(size_t));
        report_finish(r);
        return r;
}

/*
 * What bw_evidence_write() does: collect reads the report's evidence files
 * through the root (with facts that know nothing: no collector marked
 * anything), the report layer writes the bundle from those bytes.
 */
static int write_bundle(const struct report *r, const char *root_dir, const struct facts *known, const char *dir, const char *key)
{
        _cleanup_(root_freep) struct root *root = NULL;
        _cleanup_free_ struct evidence_request *req = NULL;
        _cleanup_free_ struct bundle_file *bf = NULL;
        struct facts fx = {};
        struct evidence_copy *c = NULL;
        size_t n_req = 0, n = 0;
        int k;

        if (!known) {
                assert_int_equal(root_open(root_dir, false, &root), 0);
                fx.root = root;
                known = &fx;
        }
        for (size_t i = 0; i < r->n_checks; i++)
                for (size_t e = 0; e < r->checks[i].n_evidence; e++) {
                        const struct evidence *ev = &r->checks[i].evidence[e];

                        req = xreallocarray(req, n_req + 1, sizeof(*req));
                        req[n_req++] = (struct evidence_request){ ev->path, ev->sha256, streq_ptr(ev->kind, "file") || ev->sha256 };
                }
        assert_int_equal(evidence_copy_collect(known, req, n_req, &c, &n), 0);
        bf = xmalloc0((n + 1) * sizeof(*bf));
        for (size_t i = 0; i < n; i++)
                bf[i] = (struct bundle_file){
                        .path = c[i].path,
                        .status = (enum bundle_file_status) c[i].status,
                        .reason = c[i].reason,
                        .have_stat = c[i].have_stat,
                        .mode = c[i].mode, .uid = c[i].uid, .gid = c[i].gid, .size = c[i].size,
                        .sha256 = c[i].have_sha256 ? c[i].sha256 : NULL,
                        .data = c[i].data, .len = c[i].len,
                };
        k = evidence_bundle_write(r, bf, n, dir, key);
        evidence_copies_free(c, n);
        return k;
}

static int setup(void **state)
{
        struct fixture *f = xmalloc0(sizeof(*f));
        _cleanup_free_ char *etc = NULL, *dpkg = NULL, *link = NULL, *mk = NULL;

        snprintf(f->root, sizeof(f->root), "/tmp/bw-evidence-root-XXXXXX");
        snprintf(f->out, sizeof(f->out), "/tmp/bw-evidence-out-XXXXXX");
        assert_non_null(mkdtemp(f->root));
        assert_non_null(mkdtemp(f->out));
        etc = xasprintf("%s/etc", f->root);
        dpkg = xasprintf("%s/var/lib/dpkg", f->root);
        assert_int_equal(mkdir(etc, 0755), 0);
        mk = xasprintf("mkdir -p '%s'", dpkg);
        assert_int_equal(system(mk), 0);
        put(f->root, "etc/nftables.conf", "flush ruleset\n");
        put(f->root, "etc/changed.conf", "edited after the assessment\n");
        put(f->root, "var/lib/dpkg/status", "Package: openssl\n");
        link = xasprintf("%s/etc/escape", f->root);
        assert_int_equal(symlink("/etc/passwd", link), 0);
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;
        _cleanup_free_ char *cmd = xasprintf("rm -rf '%s' '%s'", f->root, f->out);

        assert_int_equal(system(cmd), 0);
        free(f);
        return 0;
}

static char *slurp(const char *dir, const char *rel)
{
        _cleanup_free_ char *p = xasprintf("%s/%s", dir, rel);
        _cleanup_close_ int fd = open(p, O_RDONLY | O_CLOEXEC);
        char *buf = NULL;

        if (fd < 0)
                return NULL;
        assert_int_equal(read_full_fd(fd, 1 << 20, &buf, NULL), 0);
        return buf;
}

static int verify(const char *dir, const char *key, char ***problems)
{
        size_t checked = 0;

        return evidence_bundle_verify(dir, key, problems, &checked);
}

static bool has_problem(char **problems, const char *needle)
{
        for (size_t i = 0; problems && problems[i]; i++)
                if (strstr(problems[i], needle))
                        return true;
        return false;
}

static void test_bundle_roundtrip(void **state)
{
        struct fixture *f = *state;
        _cleanup_(report_freep) struct report *r = make_report(f->root);
        _cleanup_free_ char *nft = NULL, *nc = NULL, *sums = NULL, *host = NULL, *cmd = NULL, *idx = NULL;
        _cleanup_strv_free_ char **problems = NULL;

        assert_int_equal(write_bundle(r, f->root, NULL, f->out, NULL), 0);
        nft = slurp(f->out, "files/etc/nftables.conf");
        assert_string_equal(nft, "flush ruleset\n");
        assert_non_null(host = slurp(f->out, "files/var/lib/dpkg/status"));
        /* Not copied: changed since, the symlink (resolved inside the tree: nothing there), the ".." path. */
        assert_null(slurp(f->out, "files/etc/changed.conf"));
        assert_null(slurp(f->out, "files/etc/escape"));
        nc = slurp(f->out, "not-copied.txt");
        assert_non_null(nc);
        assert_non_null(strstr(nc, "/etc/changed.conf: changed since the assessment"));
        assert_non_null(strstr(nc, "/etc/escape: "));
        assert_non_null(strstr(nc, "(path withheld): not a plain absolute path"));
        assert_null(strstr(nc, "udp/68"));
        /* The index: the hostile path as null, never echoed; the symlink to the host not followed. */
        idx = slurp(f->out, "index.json");
        assert_non_null(strstr(idx, "\"path\": null,\n      \"status\": \"not-copied\""));
        assert_null(strstr(idx, "../"));
        assert_non_null(strstr(idx, "\"path\": \"/etc/nftables.conf\",\n      \"status\": \"copied\",\n      \"copy\": \"files/etc/nftables.conf\""));
        /* The manifest is sorted, sha256sum-compatible, and lists everything but itself. */
        sums = slurp(f->out, "SHA256SUMS");
        assert_non_null(strstr(sums, "  files/etc/nftables.conf\n"));
        assert_non_null(strstr(sums, "  not-copied.txt\n"));
        assert_non_null(strstr(sums, "  report.json\n"));
        assert_true(strstr(sums, "files/etc") < strstr(sums, "report.json"));
        cmd = xasprintf("cd '%s' && sha256sum --quiet -c SHA256SUMS", f->out);
        assert_int_equal(system(cmd), 0);

        assert_int_equal(verify(f->out, NULL, &problems), 0);
        assert_int_equal(strv_length(problems), 0);

        /* The directory must be empty: a second bundle is refused. */
        assert_int_equal(write_bundle(r, f->root, NULL, f->out, NULL), -ENOTEMPTY);
}

static void test_bundle_tampering(void **state)
{
        struct fixture *f = *state;
        _cleanup_(report_freep) struct report *r = make_report(f->root);
        _cleanup_free_ char *sums = NULL;
        char **problems = NULL;

        assert_int_equal(write_bundle(r, f->root, NULL, f->out, NULL), 0);

        /* A changed copy. */
        put(f->out, "files/etc/nftables.conf", "table inet filter { }\n");
        assert_int_equal(verify(f->out, NULL, &problems), -EBADMSG);
        assert_true(has_problem(problems, "files/etc/nftables.conf: sha256"));
        strv_free(problems), problems = NULL;
        put(f->out, "files/etc/nftables.conf", "flush ruleset\n");

        /* A copy replaced by a symlink into the bundle: never read through, whatever it points at. */
        {
                _cleanup_free_ char *p = xasprintf("%s/files/etc/nftables.conf", f->out);
                _cleanup_free_ char *d = xasprintf("%s/files/etc", f->out), *moved = xasprintf("%s/moved", f->out);

                assert_int_equal(unlink(p), 0);
                assert_int_equal(symlink("../../files/var/lib/dpkg/status", p), 0);
                assert_int_equal(verify(f->out, NULL, &problems), -EBADMSG);
                assert_true(has_problem(problems, "files/etc/nftables.conf: a symlink (not followed)"));
                strv_free(problems), problems = NULL;
                assert_int_equal(unlink(p), 0);
                put(f->out, "files/etc/nftables.conf", "flush ruleset\n");
                /* A directory on the way replaced by a symlink to a copy of it. */
                assert_int_equal(rename(d, moved), 0);
                assert_int_equal(symlink("../moved", d), 0);
                assert_int_equal(verify(f->out, NULL, &problems), -EBADMSG);
                assert_true(has_problem(problems, "files/etc/nftables.conf: a symlink (not followed)"));
                strv_free(problems), problems = NULL;
                assert_int_equal(unlink(d), 0);
                assert_int_equal(rename(moved, d), 0);
                assert_int_equal(verify(f->out, NULL, &problems), 0);
                strv_free(problems), problems = NULL;
        }

        /* A file nobody listed. */
        put(f->out, "files/etc/extra", "x");
        assert_int_equal(verify(f->out, NULL, &problems), -EBADMSG);
        assert_true(has_problem(problems, "files/etc/extra: not in the manifest"));
        strv_free(problems), problems = NULL;
        {
                _cleanup_free_ char *p = xasprintf("%s/files/etc/extra", f->out);
                assert_int_equal(unlink(p), 0);
        }

        /* A manifest re-hashed after removing a copy the report names: the report catches it. */
        {
                _cleanup_free_ char *p = xasprintf("%s/files/etc/nftables.conf", f->out);
                _cleanup_free_ char *cmd = xasprintf("cd '%s' && grep -v 'files/etc/nftables.conf' SHA256SUMS > S && mv S SHA256SUMS", f->out);

                assert_int_equal(unlink(p), 0);
                assert_int_equal(system(cmd), 0);
        }
        assert_int_equal(verify(f->out, NULL, &problems), -EBADMSG);
        assert_true(has_problem(problems, "/etc/nftables.conf: evidence of the report, neither in the bundle nor listed"));
        strv_free(problems), problems = NULL;

        /* A manifest that points out of the bundle. */
        sums = slurp(f->out, "SHA256SUMS");
        {
                _cleanup_free_ char *evil = xasprintf("%s0000000000000000000000000000000000000000000000000000000000000000  ../../etc/passwd\n", sums);
                put(f->out, "SHA256SUMS", evil);
        }
        assert_int_equal(verify(f->out, NULL, &problems), -EBADMSG);
        assert_true(has_problem(problems, "is not '<sha256>  <relative path>'"));
        strv_free(problems);
}

static void test_bundle_signed(void **state)
{
        struct fixture *f = *state;
        _cleanup_(report_freep) struct report *r = make_report(f->root);
        _cleanup_free_ char *key = xasprintf("%s.key", f->out), *pub = xasprintf("%s.pub", f->out), *other = xasprintf("%s.other", f->out);
        _cleanup_free_ char *gen = xasprintf("openssl genpkey -algorithm ed25519 -out '%s' 2>/dev/null && "
                                             "openssl pkey -in '%s' -pubout -out '%s' && "
                                             "openssl genpkey -algorithm ed25519 2>/dev/null | openssl pkey -pubout -out '%s'",
                                             key, key, pub, other);
        char **problems = NULL;

        assert_int_equal(system(gen), 0);
        assert_int_equal(write_bundle(r, f->root, NULL, f->out, key), 0);
        assert_int_equal(verify(f->out, pub, &problems), 0);
        strv_free(problems), problems = NULL;
        assert_int_equal(verify(f->out, other, &problems), -EBADMSG);
        assert_true(has_problem(problems, "does not verify with the given key"));
        strv_free(problems), problems = NULL;
        /* A private key is not a public key: a usage problem, not a verdict. */
        assert_int_equal(verify(f->out, key, &problems), -EINVAL);
        /* The manifest changed after signing. */
        put(f->out, "SHA256SUMS", "");
        assert_int_equal(verify(f->out, pub, &problems), -EBADMSG);
        strv_free(problems);
        unlink(key), unlink(pub), unlink(other);
}

/* --------------------------------------------------------------- secrets */

static void sh(const char *fmt, ...) _printf_(1, 2);
static void sh(const char *fmt, ...)
{
        _cleanup_free_ char *cmd = NULL;
        va_list ap;

        va_start(ap, fmt);
        assert_true(vasprintf(&cmd, fmt, ap) >= 0);
        va_end(ap);
        assert_int_equal(system(cmd), 0);
}

static const struct evidence_copy *find_copy(const struct evidence_copy *c, size_t n, const char *path)
{
        for (size_t i = 0; i < n; i++)
                if (streq_ptr(c[i].path, path))
                        return &c[i];
        return NULL;
}

/* Every format of secret, under names no rule knows, found by its bytes alone; the files made here by openssl and ssh-keygen. */
static void test_secret_content(void **state)
{
        struct fixture *f = *state;
        static const char *const secret[] = {
                "/etc/app/pkcs8.conf", "/etc/app/encrypted.conf", "/etc/app/openssh.conf", "/etc/app/traditional.conf",
                "/etc/app/pkcs8.bin", "/etc/app/encrypted.bin", "/etc/app/bundle.bin", "/etc/app/wg.conf",
                "/etc/app/netdev.conf", "/etc/app/users", "/etc/app/header.img",
                /* by name or inode: nothing in the bytes says so */
                "/etc/shadow", "/etc/gshadow", "/etc/app/passwords", "/etc/wireguard/wg0.conf", "/etc/ssl/private/opaque",
        };
        _cleanup_(root_freep) struct root *root = NULL;
        struct facts fx = {};
        struct evidence_request req[ARRAY_SIZE(secret) + 1];
        struct evidence_copy *c = NULL;
        size_t n = 0;
        const struct evidence_copy *plain;
        const char *r = f->root;

        sh("cd '%s' && mkdir -p etc/app etc/wireguard etc/ssl/private && cd etc/app && "
           "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out pkcs8.conf 2>/dev/null && "
           "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -aes256 -pass pass:x -out encrypted.conf 2>/dev/null && "
           "ssh-keygen -q -t ed25519 -N '' -C '' -f openssh.conf && rm openssh.conf.pub && "
           "openssl genrsa -traditional -out traditional.conf 1024 2>/dev/null && "
           "openssl genpkey -algorithm ED25519 -outform DER -out pkcs8.bin && "
           "openssl pkcs8 -topk8 -in pkcs8.conf -v2 aes256 -passout pass:x -outform DER -out encrypted.bin && "
           "openssl req -x509 -key pkcs8.conf -subj /CN=x -days 1 -out cert.tmp 2>/dev/null && "
           "openssl pkcs12 -export -inkey pkcs8.conf -in cert.tmp -passout pass:x -out bundle.bin && rm cert.tmp && "
           "printf '[Interface]\\n  privatekey = %%s\\nListenPort = 51820\\n' \"$(head -c 32 /dev/urandom | base64)\" > wg.conf && "
           "printf '[WireGuardPeer]\\nPresharedKey=%%s\\n' \"$(head -c 32 /dev/urandom | base64)\" > netdev.conf && "
           "printf 'daemon:*:19000:0:99999:7:::\\nadmin:$y$j9T$abcdefgh$0123456789abcdefghijklmnopqrstuvwxyzABCD:19000:0:99999:7:::\\n' > users && "
           "printf 'LUKS\\272\\276\\000\\002' > header.img && head -c 4096 /dev/zero >> header.img && "
           "cd .. && printf 'root:*:19000:0:99999:7:::\\n' > shadow && printf 'root:*::\\n' > gshadow && "
           "ln shadow app/passwords && printf '[Interface]\\nAddress = 10.0.0.1/24\\n' > wireguard/wg0.conf && "
           "head -c 48 /dev/urandom > ssl/private/opaque && printf 'ListenPort = 51820\\n# no private material\\n' > app/plain.conf",
           r);
        assert_int_equal(root_open(r, false, &root), 0);
        fx.root = root;
        for (size_t i = 0; i < ARRAY_SIZE(secret); i++)
                req[i] = (struct evidence_request){ .path = secret[i], .is_file = true };
        req[ARRAY_SIZE(secret)] = (struct evidence_request){ .path = "/etc/app/plain.conf", .is_file = true };
        assert_int_equal(evidence_copy_collect(&fx, req, ARRAY_SIZE(req), &c, &n), 0);
        assert_int_equal(n, ARRAY_SIZE(req));
        for (size_t i = 0; i < ARRAY_SIZE(secret); i++) {
                const struct evidence_copy *e = find_copy(c, n, secret[i]);
                _cleanup_free_ char *host = xasprintf("%s%s", r, secret[i]), *buf = NULL;
                _cleanup_close_ int fd = open(host, O_RDONLY | O_CLOEXEC);
                char sha[SHA256_HEX_LEN + 1];
                struct stat st;
                size_t len = 0;

                assert_non_null(e);
                if (e->status != EVIDENCE_WITHHELD)
                        fail_msg("%s: not withheld (status %d)", secret[i], e->status);
                assert_non_null(e->reason);
                assert_null(e->data);
                /* What the index will say: the original's hash, mode and owner. */
                assert_true(fd >= 0 && fstat(fd, &st) == 0);
                assert_int_equal(read_full_fd(fd, 1 << 20, &buf, &len), 0);
                sha256_hex(buf, len, sha);
                assert_true(e->have_sha256 && e->have_stat);
                assert_string_equal(e->sha256, sha);
                assert_int_equal(e->mode, st.st_mode & 07777);
                assert_int_equal(e->uid, st.st_uid);
                assert_int_equal(e->gid, st.st_gid);
                assert_int_equal(e->size, (uint64_t) st.st_size);
        }
        assert_string_equal(find_copy(c, n, "/etc/app/passwords")->reason, "password hashes (/etc/shadow)");
        plain = find_copy(c, n, "/etc/app/plain.conf");
        assert_int_equal(plain->status, EVIDENCE_COPIED);
        assert_string_equal(plain->data, "ListenPort = 51820\n# no private material\n");
        evidence_copies_free(c, n);

        /* Each marker alone, wherever it is in the file. */
        assert_non_null(evidence_secret_content("x\n-----BEGIN PRIVATE KEY-----\n", 30));
        assert_non_null(evidence_secret_content("PuTTY-User-Key-File-3: ssh-ed25519\n", 35));
        assert_null(evidence_secret_content("# the private key is kept in the TPM\n", 37));
        assert_null(evidence_secret_content("PrivateKeyFile=/etc/wg.key\n", 27)); /* names a key, holds none */
        assert_null(evidence_secret_content("ExecStart=/bin/sh -c 'echo $1$'\n", 32));
}

/* What collectors know: a key file named by crypttab, the CIP crypt hook or a .netdev, random bytes no content rule could see. */
static void test_collector_marks(void **state)
{
        struct fixture *f = *state;
        static const char *const marked[] = {
                "/etc/keys/data.key", "/etc/keys/swap.key", "/etc/keys/cip.key", "/usr/share/encrypt_partition/encrypt_partition.env",
                "/etc/systemd/network/wg0.key", "/etc/systemd/network/wg1.netdev",
        };
        struct collect_options co = { .root = f->root, .live = false, .no_probe = true };
        _cleanup_(facts_freep) struct facts *fx = NULL;
        _cleanup_(root_freep) struct root *root = NULL;
        struct evidence_request req[ARRAY_SIZE(marked)];
        struct facts none = {};
        struct evidence_copy *c = NULL;
        size_t n = 0;

        sh("cd '%s' && mkdir -p etc/keys etc/systemd/network usr/share/encrypt_partition && "
           "head -c 64 /dev/urandom > etc/keys/data.key && head -c 64 /dev/urandom > etc/keys/swap.key && "
           "head -c 64 /dev/urandom > etc/keys/cip.key && "
           "printf 'data UUID=0b3c0ef1-0000-4000-8000-000000000001 /etc/keys/data.key luks\\n"
           "swap /dev/sda3 /etc/keys/swap.key:LABEL=keys swap\\n' > etc/crypttab && "
           "printf 'PARTITIONS=\"data:/var:reencrypt\"\\nINITIAL_KEY_FILE=/etc/keys/cip.key\\n' > usr/share/encrypt_partition/encrypt_partition.env && "
           "printf '[NetDev]\\nName=wg0\\nKind=wireguard\\n[WireGuard]\\nPrivateKeyFile=/etc/systemd/network/wg0.key\\n' > etc/systemd/network/wg0.netdev && "
           "head -c 32 /dev/urandom | base64 > etc/systemd/network/wg0.key && "
           "printf '[NetDev]\\nName=wg1\\nKind=wireguard\\n[WireGuard]\\nPrivateKey=%%s\\n' \"$(head -c 32 /dev/urandom | base64)\" "
           "> etc/systemd/network/wg1.netdev",
           f->root);
        assert_int_equal(facts_collect(&co, &fx), 0);
        /* Naming a key file is not holding one. */
        assert_null(facts_sensitive(fx, "/etc/systemd/network/wg0.netdev"));
        for (size_t i = 0; i < ARRAY_SIZE(marked); i++) {
                if (!facts_sensitive(fx, marked[i]))
                        fail_msg("%s: no collector marked it", marked[i]);
                req[i] = (struct evidence_request){ .path = marked[i], .is_file = true };
        }
        assert_int_equal(evidence_copy_collect(fx, req, ARRAY_SIZE(req), &c, &n), 0);
        assert_int_equal(n, ARRAY_SIZE(marked));
        for (size_t i = 0; i < n; i++) {
                if (c[i].status != EVIDENCE_WITHHELD)
                        fail_msg("%s: not withheld", c[i].path);
                assert_string_equal(c[i].reason, facts_sensitive(fx, c[i].path));
        }
        evidence_copies_free(c, n);

        /* Without the collectors' marks the random key files have nothing to give them away: the marks are what withholds them. */
        assert_int_equal(root_open(f->root, false, &root), 0);
        none.root = root;
        assert_int_equal(evidence_copy_collect(&none, req, 1, &c, &n), 0);
        assert_int_equal(c[0].status, EVIDENCE_COPIED);
        evidence_copies_free(c, n);
}

/* The bundle itself: a withheld file leaves only its index entry, and every mode is tight whatever the umask. */
static void test_bundle_withheld(void **state)
{
        struct fixture *f = *state;
        _cleanup_(report_freep) struct report *r = make_report(f->root);
        _cleanup_free_ char *key = NULL, *index = NULL, *sums = NULL, *find = NULL, *modes = NULL;
        _cleanup_strv_free_ char **problems = NULL;
        mode_t old;

        sh("cd '%s/etc' && openssl genpkey -algorithm ED25519 -out tls.key 2>/dev/null && chmod 0600 tls.key && chown 0:4321 tls.key", f->root);
        key = slurp(f->root, "etc/tls.key");
        add_evidence(&r->checks[0], "file", "/etc/tls.key", key);
        old = umask(0);
        assert_int_equal(write_bundle(r, f->root, NULL, f->out, NULL), 0);
        umask(old);
        assert_null(slurp(f->out, "files/etc/tls.key"));
        sums = slurp(f->out, "SHA256SUMS");
        assert_null(strstr(sums, "tls.key"));
        assert_non_null(strstr(sums, "  index.json\n"));
        index = slurp(f->out, "index.json");
        assert_non_null(strstr(index, "\"path\": \"/etc/tls.key\",\n      \"status\": \"withheld\""));
        assert_non_null(strstr(index, "\"mode\": \"0600\",\n      \"uid\": 0,\n      \"gid\": 4321"));
        {
                char sha[SHA256_HEX_LEN + 1];
                _cleanup_free_ char *needle = NULL;

                sha256_hex(key, strlen(key), sha);
                needle = xasprintf("\"sha256\": \"%s\"", sha);
                assert_non_null(strstr(index, needle));
        }
        find = xasprintf("grep -r -q 'PRIVATE KEY' '%s'", f->out);
        assert_int_not_equal(system(find), 0);
        modes = xasprintf("test -z \"$(find '%s' \\( -type f -perm /7137 \\) -o \\( -type d -perm /7027 \\))\"", f->out);
        assert_int_equal(system(modes), 0);
        assert_int_equal(verify(f->out, NULL, &problems), 0);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_bundle_roundtrip, setup, teardown),
                cmocka_unit_test_setup_teardown(test_bundle_tampering, setup, teardown),
                cmocka_unit_test_setup_teardown(test_bundle_signed, setup, teardown),
                cmocka_unit_test_setup_teardown(test_secret_content, setup, teardown),
                cmocka_unit_test_setup_teardown(test_collector_marks, setup, teardown),
                cmocka_unit_test_setup_teardown(test_bundle_withheld, setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
