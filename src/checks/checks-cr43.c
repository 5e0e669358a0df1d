/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CR 4.3 Use of cryptography: what the configuration makes the TLS and SSH
 * stacks offer, and the keys and certificates on the device, judged against
 * the selected crypto policy. Every finding names the algorithm, its status
 * and the rule. Also CR 4.1's "private keys readable only by root".
 */
#include <time.h>

#include "check.h"
#include "collect-crypto.h"
#include "crypto-policy.h"
#include "strv.h"
#include "time-util.h"


/* OpenSSL 3.0's default supported_groups, used when Groups is not configured. */
#define OPENSSL_DEFAULT_GROUPS "x25519:secp256r1:x448:secp521r1:secp384r1:ffdhe2048:ffdhe3072:ffdhe4096:ffdhe6144:ffdhe8192"
#define NAMES_MAX 600
/* Evidence lines of one kind (files read, includes) before "... and N more". */
#define EVIDENCE_LIST_MAX 50

static bool crypto_facts_missing(struct check_ctx *c)
{
        if (c->facts->crypto)
                return false;
        check_error(c, "the crypto configuration was not collected");
        return true;
}

/* Counts verdicts and writes one evidence line per item that is not simply acceptable. */
struct tally {
        unsigned total;
        unsigned failed;
        unsigned legacy;
        unsigned unknown;
        char failed_names[NAMES_MAX];
};

static void names_append(char *buf, const char *name)
{
        size_t l = strlen(buf);

        if (l + 8 >= NAMES_MAX)
                return;
        if (l + strlen(name) + 8 >= NAMES_MAX) {
                snprintf(buf + l, NAMES_MAX - l, "%s...", l ? ", " : "");
                return;
        }
        snprintf(buf + l, NAMES_MAX - l, "%s%s", l ? ", " : "", name);
}

static void judge(struct check_ctx *c, struct tally *t, const char *path, const char *name, const struct cp_verdict *v)
{
        t->total++;
        /* Acceptable items stay out of the evidence, unless a policy file overrode the built-in verdict. */
        if (v->status == CP_ACCEPTABLE && !startswith(v->rule, "policy file "))
                return;
        check_evidence(c, "algorithm", path, "%s: %s by %s", v->reason, cp_status_to_string(v->status), v->rule);
        if (cp_status_fails(v->status)) {
                t->failed++;
                names_append(t->failed_names, name);
        } else if (v->status == CP_UNKNOWN)
                t->unknown++;
        else if (v->status == CP_LEGACY)
                t->legacy++;
}

/* Sets the verdict from a tally. Returns true when something failed. */
static bool conclude(struct check_ctx *c, const struct tally *t, const struct crypto_policy *p, const char *what)
{
        if (t->failed) {
                check_fail(c, "%s: %u of %u algorithms are not allowed by the %s policy: %s", what, t->failed, t->total,
                           crypto_policy_name(p), t->failed_names);
                return true;
        }
        if (t->unknown) {
                check_manual(c, "%s: %u algorithms are not known to Bulwark; judge them by hand", what, t->unknown);
                return false;
        }
        if (t->legacy)
                check_pass(c, "%s: all %u algorithms are allowed by the %s policy (%u only until a stronger one is deployed)", what,
                           t->total, crypto_policy_name(p), t->legacy);
        else
                check_pass(c, "%s: all %u algorithms are allowed by the %s policy", what, t->total, crypto_policy_name(p));
        return false;
}

/* ---------------------------------------------------------------- openssl.cnf */

static void judge_group_list(struct check_ctx *c, struct tally *t, const struct crypto_policy *p, const char *path, const char *list)
{
        _cleanup_strv_free_ char **names = strv_split(list, ":,");

        for (char **n = names; *n; n++) {
                const char *name = *n[0] == '?' ? *n + 1 : *n; /* "?group": optional in OpenSSL 3.3+ */
                const struct tls_group *g = tls_group_by_name(name);
                struct cp_verdict v;

                if (!g) {
                        char what[128];
                        snprintf(what, sizeof(what), "group %s", name);
                        v = (struct cp_verdict){ .status = CP_UNKNOWN, .rule = "Bulwark tables (algorithm not known)" };
                        snprintf(v.reason, sizeof(v.reason), "%s: not a TLS group Bulwark knows", name);
                        judge(c, t, path, what, &v);
                        continue;
                }
                v = cp_tls_group(p, g);
                judge(c, t, path, g->name, &v);
        }
}

static void check_openssl_config(struct check_ctx *c)
{
        const struct crypto_policy *p = NULL;
        const struct facts *f = c->facts;
        const struct openssl_ssl_config *s;
        const char *path;
        struct tally t = {};
        char buf[512];

        if (crypto_facts_missing(c) || check_fact_error(c, f->crypto->openssl.err, "openssl.cnf"))
                return;
        path = f->crypto->openssl.path;
        if (f->crypto->openssl.builtin_defaults && !facts_package(f, "libssl3") && !facts_package(f, "libssl1.1") &&
            !facts_package(f, "openssl")) {
                check_na(c, "OpenSSL is not installed (no openssl.cnf and no libssl package)");
                return;
        }
        p = check_crypto_policy(c);
        if (!p)
                return;
        for (char **file = f->crypto->openssl.files; file && *file; file++) {
                if (file - f->crypto->openssl.files == EVIDENCE_LIST_MAX) {
                        check_evidence(c, "config", path, "... and %zu more files", strv_length(file));
                        break;
                }
                check_evidence_file(c, *file, "read as part of the OpenSSL configuration");
        }
        for (char **pr = f->crypto->openssl.problems; pr && *pr; pr++)
                check_evidence(c, "file", path, "%s", *pr);
        if (f->crypto->openssl.error) {
                check_fail(c, "OpenSSL cannot load %s: %s", strna(path), f->crypto->openssl.error);
                check_action(c, "Fix the syntax of %s; OpenSSL applications refuse to start or ignore the configuration.", strna(path));
                return;
        }
        s = f->crypto->openssl.ssl;
        if (!s) {
                check_error(c, "the OpenSSL configuration was not evaluated");
                return;
        }
        if (f->crypto->openssl.builtin_defaults)
                check_evidence(c, "config", NULL, "no openssl.cnf: libssl uses its built-in defaults");
        else if (!s->system_section)
                check_evidence_file(c, path, "no system_default section reached (openssl_conf = %s, ssl_conf = %s): libssl's built-in defaults apply",
                                    strna(s->init_section), strna(s->ssl_section));
        else
                check_evidence_file(c, path, "system_default section [%s] (openssl_conf = %s -> ssl_conf = %s): %s",
                                    s->system_section, s->init_section, s->ssl_section,
                                    strv_length(s->directives) ? "" : "empty");
        for (char **d = s->directives; d && *d; d++)
                check_evidence(c, "config", path, "%s", *d);
        for (char **d = s->ignored; d && *d; d++)
                check_evidence(c, "config", path, "%s: reads files, not evaluated", *d);
        if (s->error)
                check_evidence(c, "config", path, "%s", s->error);

        snprintf(buf, sizeof(buf), "SECLEVEL %d, protocols", s->security_level);
        for (size_t i = 0; i < s->n_versions; i++) {
                size_t l = strlen(buf);
                snprintf(buf + l, sizeof(buf) - l, " %s", strna(tls_version_to_string(s->versions[i])));
        }
        /* The host's libssl does the evaluation; its version is left out so reports do not change with its updates. */
        check_evidence(c, "config", path, "effective (applied to a libssl SSL_CTX): %s; %zu TLS 1.2 and %zu TLS 1.3 cipher suites",
                       buf, s->n_tls12_suites, s->n_tls13_suites);
        if (s->n_versions == 0) {
                check_fail(c, "the OpenSSL configuration leaves no usable TLS version");
                check_action(c, "Set MinProtocol = TLSv1.2 and a CipherString that keeps AES-GCM suites in [%s].", strna(s->system_section));
                return;
        }

        for (size_t i = 0; i < s->n_versions; i++) {
                struct cp_verdict v = cp_tls_version(p, s->versions[i]);
                judge(c, &t, path, tls_version_to_string(s->versions[i]), &v);
        }
        for (size_t i = 0; i < s->n_tls12_suites; i++) {
                const struct tls_suite *suite = tls_suite_by_code(s->tls12_suites[i]);
                /* OpenSSL offers encrypt-then-MAC unless Options turns it off; whether a client takes it is per connection. */
                struct cp_verdict v = suite ? cp_tls_suite_etm(p, suite, s->no_encrypt_then_mac ? 0 : -1)
                                            : cp_tls_suite_code(p, s->tls12_suites[i]);
                judge(c, &t, path, suite ? suite->iana : "unknown suite", &v);
        }
        if (s->compression && s->n_tls12_suites > 0) {
                struct cp_verdict v = { .status = CP_DISALLOWED, .rule = streq(crypto_policy_base(p), "bsi") ? "BSI TR-02102-2 (TLS compression)"
                                                                                                          : "NIST SP 800-52r2 (TLS compression)" };
                snprintf(v.reason, sizeof(v.reason), "Options = Compression: TLS compression enabled (CRIME)");
                judge(c, &t, path, "TLS compression", &v);
        }
        for (size_t i = 0; i < s->n_tls13_suites; i++) {
                const struct tls_suite *suite = tls_suite_by_code(s->tls13_suites[i]);
                struct cp_verdict v = cp_tls_suite_code(p, s->tls13_suites[i]);
                judge(c, &t, path, suite ? suite->iana : "unknown suite", &v);
        }
        if (!s->groups)
                check_evidence(c, "config", path, "Groups not set: OpenSSL's default groups %s", OPENSSL_DEFAULT_GROUPS);
        judge_group_list(c, &t, p, path, s->groups ? s->groups : OPENSSL_DEFAULT_GROUPS);
        if (s->signature_algorithms) {
                _cleanup_strv_free_ char **names = strv_split(s->signature_algorithms, ":");
                for (char **n = names; *n; n++) {
                        const struct tls_sigscheme *sig = tls_sigscheme_by_name(*n);
                        struct cp_verdict v;
                        if (!sig) {
                                v = (struct cp_verdict){ .status = CP_UNKNOWN, .rule = "Bulwark tables (algorithm not known)" };
                                snprintf(v.reason, sizeof(v.reason), "%s: not a signature scheme Bulwark knows", *n);
                        } else
                                v = cp_tls_sigscheme(p, sig);
                        judge(c, &t, path, *n, &v);
                }
        }
        if (conclude(c, &t, p, "openssl.cnf")) {
                if (streq(crypto_policy_base(p), "bsi"))
                        check_action(c, "In the system_default section set MinProtocol = TLSv1.2, "
                                        "CipherString = ECDHE+AESGCM:ECDHE+AESCCM:DHE+AESGCM:!DSS:!AESCCM8:!SHA1:@SECLEVEL=3, "
                                        "Ciphersuites = TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_SHA256 and "
                                        "Groups = secp384r1:secp256r1:brainpoolP384r1:brainpoolP256r1:ffdhe3072.");
                else
                        check_action(c, "In the system_default section set MinProtocol = TLSv1.2, "
                                        "CipherString = ECDHE+AESGCM:ECDHE+AESCCM:DHE+AESGCM:!DSS:!SHA1:@SECLEVEL=2, "
                                        "Ciphersuites = TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_SHA256 and "
                                        "Groups = secp256r1:secp384r1:secp521r1:ffdhe3072:ffdhe4096.");
        }
}

/* ---------------------------------------------------------------- sshd_config */

static unsigned rsa_host_key_bits(const struct crypto_facts *cf)
{
        unsigned bits = 0;

        for (size_t i = 0; i < cf->keys.n; i++) {
                const struct crypto_key *k = &cf->keys.v[i];
                if (k->err == 0 && k->in_use_by_sshd && k->info.key_type && streq(k->info.key_type, "RSA"))
                        bits = bits ? MIN(bits, k->info.key_bits) : k->info.key_bits;
        }
        return bits;
}

static void check_sshd_config(struct check_ctx *c)
{
        const struct crypto_policy *p = NULL;
        const struct facts *f = c->facts;
        const struct crypto_facts *cf;
        const struct sshd_config *sc;
        struct tally t = {};
        unsigned rsa_bits;

        if (crypto_facts_missing(c))
                return;
        cf = f->crypto;
        if (cf->sshd.err == -ENOENT) {
                if (facts_package(f, "openssh-server"))
                        check_fail(c, "openssh-server is installed but /etc/ssh/sshd_config is missing");
                else
                        check_na(c, "no SSH server: /etc/ssh/sshd_config does not exist");
                return;
        }
        if (check_fact_error(c, cf->sshd.err, "/etc/ssh/sshd_config"))
                return;
        p = check_crypto_policy(c);
        if (!p)
                return;
        sc = cf->sshd.config;
        for (char **file = cf->sshd.files; file && *file; file++) {
                if (file - cf->sshd.files == EVIDENCE_LIST_MAX) {
                        check_evidence(c, "config", cf->sshd.path, "... and %zu more files", strv_length(file));
                        break;
                }
                check_evidence_file(c, *file, "read as part of the sshd configuration");
        }
        for (size_t i = 0; sc->includes[i]; i++) {
                if (i == EVIDENCE_LIST_MAX) {
                        check_evidence(c, "config", cf->sshd.path, "... and %zu more Include directives", strv_length(sc->includes) - i);
                        break;
                }
                check_evidence(c, "config", cf->sshd.path, "%s: Include %s", sc->include_sources[i], sc->includes[i]);
        }
        if (sc->n_match_blocks)
                check_evidence(c, "config", cf->sshd.path, "%u Match blocks: their settings apply only to matching connections and are not judged here",
                               sc->n_match_blocks);
        for (char **pr = sc->problems; pr && *pr; pr++)
                check_evidence(c, "config", cf->sshd.path, "%s", *pr);

        for (char **h = cf->sshd.host_keys; h && *h; h++) {
                bool found = false;
                for (size_t i = 0; i < cf->keys.n && !found; i++)
                        found = streq(cf->keys.v[i].path, *h);
                check_evidence(c, "config", cf->sshd.path, "HostKey %s%s", *h, found ? "" : ": not found (sshd skips it)");
        }
        rsa_bits = rsa_host_key_bits(cf);
        for (unsigned l = 0; l < _SSHD_LIST_MAX; l++) {
                _cleanup_free_ char *joined = strv_join(cf->sshd.algorithms[l], ",");
                const char *src = cf->sshd.sources[l] ? cf->sshd.sources[l] : "unknown";
                _cleanup_free_ char *src_path = xstrdup(src);
                char *colon = strrchr(src_path, ':');

                if (colon && startswith(src_path, "/"))
                        *colon = 0;
                check_evidence(c, "config", startswith(src_path, "/") ? src_path : cf->sshd.path, "%s %s (%s)",
                               sshd_list_keyword(l), strempty(joined), src);
                for (char **a = cf->sshd.algorithms[l]; a && *a; a++) {
                        struct cp_verdict v;
                        switch (l) {
                        case SSHD_KEX: v = cp_ssh_kex(p, *a); break;
                        case SSHD_CIPHERS: v = cp_ssh_cipher(p, *a); break;
                        case SSHD_MACS: v = cp_ssh_mac(p, *a); break;
                        default: v = cp_ssh_hostkey(p, *a, rsa_bits); break;
                        }
                        judge(c, &t, startswith(src_path, "/") ? src_path : cf->sshd.path, *a, &v);
                }
        }
        for (char **pr = sc->problems; pr && *pr; pr++)
                if (strstr(*pr, "sshd refuses")) {
                        check_fail(c, "sshd would refuse its configuration: %s", *pr);
                        return;
                }
        if (conclude(c, &t, p, "sshd_config")) {
                if (streq(crypto_policy_base(p), "bsi"))
                        check_action(c, "In /etc/ssh/sshd_config.d/ set KexAlgorithms ecdh-sha2-nistp384,ecdh-sha2-nistp256,"
                                        "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512; Ciphers aes256-gcm@openssh.com,"
                                        "aes128-gcm@openssh.com,aes256-ctr,aes128-ctr; MACs hmac-sha2-512-etm@openssh.com,"
                                        "hmac-sha2-256-etm@openssh.com; HostKeyAlgorithms ecdsa-sha2-nistp384,ecdsa-sha2-nistp256,rsa-sha2-512.");
                else
                        check_action(c, "In /etc/ssh/sshd_config.d/ set KexAlgorithms ecdh-sha2-nistp256,ecdh-sha2-nistp384,"
                                        "ecdh-sha2-nistp521,diffie-hellman-group16-sha512; Ciphers aes256-gcm@openssh.com,"
                                        "aes128-gcm@openssh.com,aes256-ctr,aes128-ctr; MACs hmac-sha2-512-etm@openssh.com,"
                                        "hmac-sha2-256-etm@openssh.com; HostKeyAlgorithms ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512.");
        }
}

/* ---------------------------------------------------------------- keys and certificates */

/* The device holds the private key of this certificate: it is its own, whatever its CA flag says. */
static bool own_certificate(const struct crypto_facts *cf, const struct key_info *cert)
{
        if (!cert->cert_fp[0])
                return false;
        for (size_t i = 0; i < cf->keys.n; i++) {
                const struct crypto_key *k = &cf->keys.v[i];
                if (k->err == 0 && k->info.has_private && streq(k->info.key_fp, cert->cert_fp))
                        return true;
        }
        return false;
}

/* "path: reason", cut to the verdict's buffer. */
static void prefix_reason(struct cp_verdict *v, const char *prefix)
{
        char tmp[CP_REASON_MAX];
        size_t pl = strlen(prefix), rl = strlen(v->reason), n = 0;

        if (pl + 2 >= sizeof(tmp))
                return;
        memcpy(tmp, prefix, pl);
        memcpy(tmp + pl, ": ", 2);
        n = pl + 2;
        rl = MIN(rl, sizeof(tmp) - n - 1);
        memcpy(tmp + n, v->reason, rl);
        tmp[n + rl] = 0;
        memcpy(v->reason, tmp, n + rl + 1);
}

/* A ".pub" next to a private key we could read says nothing new. */
static bool redundant_public(const struct crypto_facts *cf, const struct crypto_key *k)
{
        size_t l = strlen(k->path);

        if (!endswith(k->path, ".pub"))
                return false;
        for (size_t i = 0; i < cf->keys.n; i++) {
                const struct crypto_key *o = &cf->keys.v[i];
                if (o != k && o->err == 0 && o->info.key_type && strlen(o->path) == l - 4 && strncmp(o->path, k->path, l - 4) == 0)
                        return true;
        }
        return false;
}

static void check_host_keys_and_certificates(struct check_ctx *c)
{
        const struct crypto_policy *p = NULL;
        const struct crypto_facts *cf;
        struct tally t = {};
        const int64_t now = (int64_t) time(NULL);
        unsigned undecided = 0;

        if (crypto_facts_missing(c))
                return;
        cf = c->facts->crypto;
        if (check_fact_error(c, cf->keys.err, "/etc"))
                return;
        p = check_crypto_policy(c);
        if (!p)
                return;
        if (cf->keys.truncated)
                check_evidence(c, "config", "/etc", "the walk under /etc stopped at a cap (%u entries, depth %u, %u key files)",
                               CRYPTO_WALK_MAX_ENTRIES, CRYPTO_WALK_MAX_DEPTH, CRYPTO_WALK_MAX_FILES);

        for (size_t i = 0; i < cf->keys.n; i++) {
                const struct crypto_key *k = &cf->keys.v[i];
                const struct key_info *in = &k->info;
                struct cp_verdict v;

                if (k->err < 0) {
                        /* Found where keys are kept, but not judged: what it holds is not decided. */
                        check_evidence_file(c, k->path, "%s", k->err == -EBADMSG ? "no key or certificate Bulwark understands in it"
                                                              : k->err == -EFBIG || k->err == -E2BIG ? "too large for a key file (a bundle?), not read"
                                                              : strerror(-k->err));
                        undecided++;
                        continue;
                }
                if (redundant_public(cf, k))
                        continue;
                if (in->has_cert && in->n_certs > 1 && in->is_ca && !in->has_private) {
                        /* A trust store bundle: public CA certificates are not the device's own crypto. */
                        check_evidence_file(c, k->path, "CA bundle of %u certificates, not judged", in->n_certs);
                        continue;
                }
                if (in->has_cert) {
                        /* `openssl req -x509` marks self-signed device certificates as CAs: pair them with their key. */
                        const bool own = own_certificate(cf, in);
                        struct cp_cert cc = {
                                .key_type = in->key_type, .key_bits = in->key_bits, .curve = in->curve,
                                .sig_hash = in->sig_hash, .sig_alg = in->sig_alg,
                                .not_before = in->not_before, .not_after = in->not_after, .now = now,
                                .is_ca = in->is_ca && !own, .self_signed = in->self_signed && !own, .has_san = in->has_san,
                                .has_eku = in->has_eku, .eku_server_auth = in->eku_server_auth,
                                /* A leaf certificate, or one whose key is on the device, is there to serve TLS: judge it as such. */
                                .tls_server = !in->is_ca || own,
                        };
                        char nb[16] = "?", na[16] = "?";

                        (void) format_utc((time_t) in->not_before, "%Y-%m-%d", nb, sizeof(nb));
                        (void) format_utc((time_t) in->not_after, "%Y-%m-%d", na, sizeof(na));
                        check_evidence_file(c, k->path, "certificate %s: %s %u bits%s%s, signed with %s, valid %s to %s%s%s%s%s",
                                            strna(in->subject), strna(in->key_type), in->key_bits, in->curve ? " " : "",
                                            strempty(in->curve), strna(in->sig_alg), nb, na, in->is_ca ? ", CA" : "",
                                            in->self_signed ? ", self-signed" : "", in->n_certs > 1 ? ", first of a chain" : "",
                                            own ? ", its private key is on the device (judged as a TLS server certificate)" : "");
                        v = cp_certificate(p, &cc);
                        prefix_reason(&v, k->path);
                        judge(c, &t, k->path, k->path, &v);
                        continue;
                }
                if (!in->key_type) {
                        check_evidence_file(c, k->path, "%s private key: its type is not visible", in->encrypted ? "encrypted" : "unreadable");
                        undecided++;
                        continue;
                }
                check_evidence_file(c, k->path, "%s%s key: %s %u bits%s%s%s", in->ssh_format ? "OpenSSH " : "",
                                    in->has_private ? "private" : "public", in->key_type, in->key_bits, in->curve ? " " : "",
                                    strempty(in->curve), k->in_use_by_sshd ? ", loaded by sshd" : "");
                v = cp_public_key(p, in->key_type, in->key_bits, in->curve);
                prefix_reason(&v, k->path);
                judge(c, &t, k->path, k->path, &v);
        }
        if (t.total == 0 && undecided == 0) {
                check_evidence(c, "config", "/etc", "%zu entries walked, no key or certificate file among them", cf->keys.scanned);
                check_na(c, "no keys or certificates under /etc to judge");
                return;
        }
        if (undecided) {
                check_manual(c, "%u file(s) where keys are kept could not be judged (unreadable, encrypted or not understood: see the evidence)",
                             undecided);
                check_action(c, "Judge the key files named in the evidence by hand (openssl pkey -in FILE -text -noout), or remove them.");
        }
        if (t.total && conclude(c, &t, p, "keys and certificates (under /etc, and sshd's host keys)"))
                check_action(c, "Replace the keys and certificates named in the evidence: RSA of at least %u bits or ECDSA P-256/P-384%s, "
                                "certificates signed with SHA-256 or better, valid at most %u days, with subjectAltName and serverAuth.",
                             crypto_policy_sizes(p)->min_rsa_bits, streq(crypto_policy_base(p), "bsi") ? "/Brainpool" : " or Ed25519",
                             crypto_policy_sizes(p)->max_cert_validity_days);
}

/* ---------------------------------------------------------------- CR 4.1: private keys */

static bool private_by_location(const struct crypto_key *k)
{
        return startswith(k->path, "/etc/ssl/private/") || (k->ssh_host_key && !endswith(k->path, ".pub"));
}

static void check_private_keys_root_only(struct check_ctx *c)
{
        const struct crypto_facts *cf;
        unsigned n = 0, bad = 0;
        char names[NAMES_MAX] = "";

        if (crypto_facts_missing(c))
                return;
        cf = c->facts->crypto;
        if (check_fact_error(c, cf->keys.err, "/etc"))
                return;
        for (size_t i = 0; i < cf->keys.n; i++) {
                const struct crypto_key *k = &cf->keys.v[i];
                bool private = (k->err == 0 && k->info.has_private) || private_by_location(k);
                bool readable = k->mode & 0044, writable = k->mode & 0022;

                if (!private)
                        continue;
                n++;
                if (k->uid != 0 || readable || writable) {
                        bad++;
                        names_append(names, k->path);
                        check_evidence_file(c, k->path, "private key, mode %04o, owner uid %u gid %u: %s%s%s", k->mode, (unsigned) k->uid,
                                            (unsigned) k->gid, k->uid != 0 ? "not owned by root " : "",
                                            readable ? "readable by group or others " : "", writable ? "writable by group or others" : "");
                } else
                        check_evidence_file(c, k->path, "private key, mode %04o, owner root", k->mode);
        }
        if (cf->keys.truncated)
                check_evidence(c, "config", "/etc", "the walk under /etc stopped at a cap; keys beyond it were not seen");
        if (bad) {
                check_fail(c, "%u of %u private key files (under /etc, and sshd's host keys) are not readable only by root: %s", bad, n, names);
                check_action(c, "chown root:root and chmod 0600 the private keys named in the evidence (Debian's ssl-cert group access "
                                "is a deliberate exception only if the services need it; document it then).");
        } else if (n)
                check_pass(c, "all %u private key files (under /etc, and sshd's host keys) are owned by root and readable only by root", n);
        else {
                /* What the absence rests on (issue 13: a pass names what it examined). */
                check_evidence(c, "config", "/etc", "%zu entries walked, no private key file among them", cf->keys.scanned);
                check_pass(c, "no private key files under /etc (keys elsewhere are not examined by this check)");
        }
}

const struct check_def checks_cr43[] = {
        { .id = "openssl-config-policy", .title = "OpenSSL system configuration meets the crypto policy",
          .reqs = { "CR 4.3" }, .run = check_openssl_config, .facts = FACTS_OPENSSL | FACTS_KEYS | FACTS_PACKAGES },
        { .id = "sshd-config-policy", .title = "sshd algorithms meet the crypto policy",
          .reqs = { "CR 4.3" }, .run = check_sshd_config, .facts = FACTS_SSHD | FACTS_KEYS | FACTS_PACKAGES },
        { .id = "host-keys-and-certificates", .title = "Host keys and certificates meet the crypto policy",
          .reqs = { "CR 4.3" }, .run = check_host_keys_and_certificates, .facts = FACTS_KEYS | FACTS_SSHD,
          .offline = "The key and certificate files found under /etc and sshd's host keys, parsed and judged against the crypto policy (key type and size, signature hash, validity, subjectAltName and serverAuth); CA bundles are not judged.",
          .live = "The same files on the running device.",
          .manual = "A key file could not be read, is encrypted so its type is not visible, or holds what Bulwark does not understand, or the policy does not know an algorithm." },
        { .id = "private-keys-root-only", .title = "Private keys readable only by root",
          .reqs = { "CR 4.1" }, .run = check_private_keys_root_only, .facts = FACTS_KEYS | FACTS_SSHD },
        {}
};
