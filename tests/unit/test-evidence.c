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
        _cleanup_free_ char *nft = NULL, *nc = NULL, *sums = NULL, *host = NULL, *cmd = NULL;
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

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test_setup_teardown(test_bundle_roundtrip, setup, teardown),
                cmocka_unit_test_setup_teardown(test_bundle_tampering, setup, teardown),
                cmocka_unit_test_setup_teardown(test_bundle_signed, setup, teardown),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
