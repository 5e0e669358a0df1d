/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdarg.h>
#include <openssl/bio.h>
#include <openssl/conf.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "cursor.h"
#include "macro.h"
#include "openssl-config.h"
#include "strv.h"

/* Debian's libssl3 is built with security level 2; libssl applies it to a fresh SSL_CTX before any configuration. */
#define BASELINE_SECURITY_LEVEL 2

void openssl_no_host_config(void)
{
        OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
        OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_LOAD_SSL_STRINGS, NULL);
}

struct expand_state {
        openssl_include_fn include;
        void *userdata;
        char *out;
        size_t len;
        size_t cap;
        char ***problems;
        bool too_big;
        unsigned n_includes;
};

/* Includes followed in all: a directory including itself must not multiply the work. */
#define OPENSSL_CONF_MAX_INCLUDES 64u

static void out_append(struct expand_state *s, const char *p, size_t n)
{
        if (s->too_big)
                return;
        if (s->len + n + 1 > OPENSSL_CONF_MAX_BYTES) {
                s->too_big = true;
                return;
        }
        if (s->len + n + 1 > s->cap) {
                s->cap = MAX(s->cap * 2, s->len + n + 1);
                s->out = xreallocarray(s->out, s->cap, 1);
        }
        memcpy(s->out + s->len, p, n);
        s->len += n;
        s->out[s->len] = 0;
}

_printf_(2, 3)
static void expand_problem(struct expand_state *s, const char *fmt, ...)
{
        va_list ap;
        char *m;

        if (!s->problems || strv_length(*s->problems) >= 50)
                return;
        va_start(ap, fmt);
        m = xvasprintf(fmt, ap);
        va_end(ap);
        strv_consume(s->problems, m);
}

/* The directive's argument: ".include path", ".include=path", ".include = path". */
static struct slice directive_arg(struct slice line, size_t keyword_len)
{
        struct slice a = { line.p + keyword_len, line.len - keyword_len };
        a = slice_strip(a);
        if (a.len > 0 && a.p[0] == '=') {
                a.p++;
                a.len--;
                a = slice_strip(a);
        }
        return a;
}

static int expand(struct expand_state *s, const char *buf, size_t len, const char *dir, unsigned depth)
{
        struct cursor c = cursor_make(buf, len);
        _cleanup_free_ char *includedir = NULL;
        struct slice line;

        while (cursor_line(&c, &line)) {
                struct slice t = slice_strip(line);

                if (s->too_big)
                        return -E2BIG;
                if (slice_startswith(t, ".pragma")) {
                        struct slice a = directive_arg(t, 7);
                        if (slice_startswith(a, "includedir:")) {
                                free(includedir);
                                includedir = xstrndup(a.p + 11, a.len - 11);
                        }
                        out_append(s, line.p, line.len);
                        out_append(s, "\n", 1);
                        continue;
                }
                if (slice_startswith(t, ".include")) {
                        struct slice a = directive_arg(t, 8);
                        _cleanup_free_ char *arg = slice_dup(a), *path = NULL, *sub = NULL;
                        size_t sublen = 0;
                        int k;

                        /* Never hand a directive to NCONF that would make it open a file. */
                        out_append(s, "# bulwark: ", 11);
                        out_append(s, t.p, t.len);
                        out_append(s, "\n", 1);
                        if (a.len == 0) {
                                expand_problem(s, ".include without a path");
                                continue;
                        }
                        if (arg[0] == '/')
                                path = xstrdup(arg);
                        else if (includedir)
                                path = xasprintf("%s/%s", includedir, arg);
                        else {
                                /* OpenSSL resolves it against the working directory, which is / for services. */
                                path = xasprintf("/%s", arg);
                                expand_problem(s, ".include %s is relative: resolved against / (OpenSSL uses the working directory)", arg);
                        }
                        if (depth >= OPENSSL_CONF_MAX_DEPTH) {
                                expand_problem(s, ".include %s: nested more than %u deep, not followed", path, OPENSSL_CONF_MAX_DEPTH);
                                continue;
                        }
                        if (!s->include) {
                                expand_problem(s, ".include %s: not followed", path);
                                continue;
                        }
                        if (++s->n_includes > OPENSSL_CONF_MAX_INCLUDES) {
                                expand_problem(s, ".include %s: more than %u includes in all, not followed", path, OPENSSL_CONF_MAX_INCLUDES);
                                continue;
                        }
                        k = s->include(path, &sub, &sublen, s->userdata);
                        if (k < 0) {
                                expand_problem(s, ".include %s: %s", path, strerror(-k));
                                continue;
                        }
                        k = expand(s, sub, sublen, dir, depth + 1);
                        if (k < 0)
                                return k;
                        out_append(s, "\n", 1);
                        continue;
                }
                out_append(s, line.p, line.len);
                out_append(s, "\n", 1);
        }
        return s->too_big ? -E2BIG : 0;
}

int openssl_conf_expand(const char *buf, size_t len, const char *dir, openssl_include_fn include, void *userdata,
                        char **ret, size_t *ret_len, char ***ret_problems)
{
        _cleanup_strv_free_ char **problems = xmalloc0(sizeof(char *));
        struct expand_state s = { .include = include, .userdata = userdata, .problems = &problems };
        int k;

        if (!buf && len > 0)
                return -EINVAL;
        if (len > OPENSSL_CONF_MAX_BYTES)
                return -E2BIG;
        k = expand(&s, buf, len, dir, 0);
        if (k < 0) {
                free(s.out);
                return k;
        }
        if (!s.out)
                s.out = xstrdup("");
        *ret = s.out;
        if (ret_len)
                *ret_len = s.len;
        if (ret_problems)
                *ret_problems = TAKE_PTR(problems);
        return 0;
}

void openssl_ssl_config_free(struct openssl_ssl_config *c)
{
        if (!c)
                return;
        free(c->init_section);
        free(c->ssl_section);
        free(c->system_section);
        strv_free(c->directives);
        strv_free(c->ignored);
        free(c->min_protocol);
        free(c->max_protocol);
        free(c->cipher_string);
        free(c->ciphersuites);
        free(c->groups);
        free(c->signature_algorithms);
        free(c->versions);
        free(c->tls12_suites);
        free(c->tls13_suites);
        free(c->error);
        free(c);
}

static char *openssl_error_string(void)
{
        unsigned long e = ERR_get_error();
        const char *r = e ? ERR_reason_error_string(e) : NULL;
        ERR_clear_error();
        return xstrdup(r ? r : "unknown error");
}

/* Directives that only change what the stack offers; anything that reads files (certificates, DH parameters) is never run. */
static bool directive_allowed(const char *name)
{
        static const char *const allowed[] = {
                "CipherString", "Ciphersuites", "MinProtocol", "MaxProtocol", "Protocol", "Options", "Groups", "Curves",
                "SignatureAlgorithms", "ClientSignatureAlgorithms", "ECDHParameters", "NumTickets",
        };
        for (size_t i = 0; i < ARRAY_SIZE(allowed); i++)
                if (strcaseeq(name, allowed[i]))
                        return true;
        return false;
}

static void conf_freep(CONF **c) { NCONF_free(*c); }
static void bio_freep(BIO **b) { BIO_free(*b); }
static void ctx_freep(SSL_CTX **c) { SSL_CTX_free(*c); }
static void ssl_freep(SSL **s) { SSL_free(*s); }
static void cctx_freep(SSL_CONF_CTX **c) { SSL_CONF_CTX_free(*c); }

static const char *conf_string(CONF *conf, const char *section, const char *name)
{
        const char *v = NCONF_get_string(conf, section, name);
        ERR_clear_error(); /* a missing key is not an error here */
        return v;
}

/* Suite codes the SSL would offer with its version bounds, TLS 1.3 ones or the others. */
static void supported_suites(SSL *ssl, bool tls13, uint16_t **ret, size_t *ret_n)
{
        STACK_OF(SSL_CIPHER) *sk = SSL_get1_supported_ciphers(ssl);
        int n = sk ? sk_SSL_CIPHER_num(sk) : 0;

        *ret = NULL;
        *ret_n = 0;
        for (int i = 0; i < n && i < 1024; i++) {
                uint16_t code = SSL_CIPHER_get_protocol_id(sk_SSL_CIPHER_value(sk, i));
                if (((code >> 8) == 0x13) != tls13)
                        continue;
                *ret = xreallocarray(*ret, *ret_n + 1, sizeof(uint16_t));
                (*ret)[(*ret_n)++] = code;
        }
        sk_SSL_CIPHER_free(sk);
}

static void evaluate_ctx(struct openssl_ssl_config *c, SSL_CTX *ctx)
{
        static const uint16_t all[] = { SSL3_VERSION, TLS1_VERSION, TLS1_1_VERSION, TLS1_2_VERSION, TLS1_3_VERSION };

        c->security_level = SSL_CTX_get_security_level(ctx);
        c->no_encrypt_then_mac = (SSL_CTX_get_options(ctx) & SSL_OP_NO_ENCRYPT_THEN_MAC) != 0;
        c->compression = (SSL_CTX_get_options(ctx) & SSL_OP_NO_COMPRESSION) == 0;
        c->min_version = (uint16_t) SSL_CTX_get_min_proto_version(ctx);
        c->max_version = (uint16_t) SSL_CTX_get_max_proto_version(ctx);

        for (size_t i = 0; i < ARRAY_SIZE(all); i++) {
                _cleanup_(ssl_freep) SSL *ssl = NULL;
                uint16_t *suites = NULL;
                size_t n = 0;
                const uint16_t v = all[i];

                if ((c->min_version && v < c->min_version) || (c->max_version && v > c->max_version))
                        continue;
                /* OpenSSL 3 refuses SSLv3, TLS 1.0 and 1.1 handshakes above security level 0 (SHA-1/MD5 signatures). */
                if (v < TLS1_2_VERSION && c->security_level >= 1)
                        continue;
                ssl = SSL_new(ctx);
                if (!ssl || SSL_set_min_proto_version(ssl, v) != 1 || SSL_set_max_proto_version(ssl, v) != 1) {
                        ERR_clear_error();
                        continue;
                }
                supported_suites(ssl, v == TLS1_3_VERSION, &suites, &n);
                free(suites);
                if (n == 0)
                        continue;
                c->versions = xreallocarray(c->versions, c->n_versions + 1, sizeof(uint16_t));
                c->versions[c->n_versions++] = v;
        }

        /* One list covers every negotiable version up to TLS 1.2, another TLS 1.3. */
        if (c->n_versions > 0 && c->versions[0] != TLS1_3_VERSION) {
                _cleanup_(ssl_freep) SSL *ssl = SSL_new(ctx);
                if (ssl && SSL_set_min_proto_version(ssl, c->versions[0]) == 1 && SSL_set_max_proto_version(ssl, TLS1_2_VERSION) == 1)
                        supported_suites(ssl, false, &c->tls12_suites, &c->n_tls12_suites);
        }
        if (c->n_versions > 0 && c->versions[c->n_versions - 1] == TLS1_3_VERSION) {
                _cleanup_(ssl_freep) SSL *ssl = SSL_new(ctx);
                if (ssl && SSL_set_min_proto_version(ssl, TLS1_3_VERSION) == 1 && SSL_set_max_proto_version(ssl, TLS1_3_VERSION) == 1)
                        supported_suites(ssl, true, &c->tls13_suites, &c->n_tls13_suites);
        }
        ERR_clear_error();
}

int openssl_ssl_config_evaluate(const char *buf, size_t len, struct openssl_ssl_config **ret, char **ret_error)
{
        _cleanup_(conf_freep) CONF *conf = NULL;
        _cleanup_(bio_freep) BIO *bio = NULL;
        _cleanup_(ctx_freep) SSL_CTX *ctx = NULL;
        _cleanup_(cctx_freep) SSL_CONF_CTX *cctx = NULL;
        struct openssl_ssl_config *c;
        const char *v;
        long eline = -1;

        if (len > OPENSSL_CONF_MAX_BYTES)
                return -E2BIG;
        if (len > 0 && memchr(buf, 0, len)) {
                if (ret_error)
                        *ret_error = xstrdup("NUL byte in the configuration");
                return -EBADMSG;
        }
        /* Belt and braces: expansion removed every include; refuse if one survived. */
        for (struct cursor cur = cursor_make(buf, len); !cursor_eof(&cur);) {
                struct slice l;
                cursor_line(&cur, &l);
                if (slice_startswith(slice_strip(l), ".include"))
                        return -EINVAL;
        }

        openssl_no_host_config();
        conf = NCONF_new(NULL);
        bio = BIO_new_mem_buf(len ? buf : "", (int) len);
        if (!conf || !bio)
                return -ENOMEM;
        if (NCONF_load_bio(conf, bio, &eline) <= 0) {
                _cleanup_free_ char *e = openssl_error_string();
                if (ret_error)
                        *ret_error = eline > 0 ? xasprintf("line %ld: %s", eline, e) : xstrdup(e);
                return -EBADMSG;
        }

        c = xmalloc0(sizeof(*c));
        c->directives = xmalloc0(sizeof(char *));
        c->ignored = xmalloc0(sizeof(char *));

        ctx = SSL_CTX_new(TLS_method());
        cctx = SSL_CONF_CTX_new();
        if (!ctx || !cctx) {
                openssl_ssl_config_free(c);
                return -ENOMEM;
        }
        /* Start from libssl's built-in defaults, whatever this process may have loaded. */
        SSL_CTX_set_security_level(ctx, BASELINE_SECURITY_LEVEL);
        SSL_CTX_set_cipher_list(ctx, OSSL_default_cipher_list());
        SSL_CTX_set_ciphersuites(ctx, OSSL_default_ciphersuites());
        SSL_CTX_set_min_proto_version(ctx, 0);
        SSL_CTX_set_max_proto_version(ctx, 0);
        SSL_CONF_CTX_set_flags(cctx, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER | SSL_CONF_FLAG_CLIENT);
        SSL_CONF_CTX_set_ssl_ctx(cctx, ctx);

        v = conf_string(conf, NULL, "openssl_conf");
        c->init_section = v ? xstrdup(v) : NULL;
        v = c->init_section ? conf_string(conf, c->init_section, "ssl_conf") : NULL;
        c->ssl_section = v ? xstrdup(v) : NULL;
        v = c->ssl_section ? conf_string(conf, c->ssl_section, "system_default") : NULL;
        c->system_section = v ? xstrdup(v) : NULL;

        if (c->system_section) {
                STACK_OF(CONF_VALUE) *sk = NCONF_get_section(conf, c->system_section);
                int n = sk ? sk_CONF_VALUE_num(sk) : 0;

                ERR_clear_error();
                for (int i = 0; i < n && i < 1000; i++) {
                        CONF_VALUE *cv = sk_CONF_VALUE_value(sk, i);
                        const char *name = cv->name, *dot = strchr(name, '.');
                        char **slot = NULL;

                        /* As libssl's module: a prefix up to the first '.' is ignored. */
                        if (dot)
                                name = dot + 1;
                        strv_consume(&c->directives, xasprintf("%s = %s", name, cv->value));
                        if (!directive_allowed(name)) {
                                strv_push(&c->ignored, name);
                                continue;
                        }
                        if (strcaseeq(name, "MinProtocol"))
                                slot = &c->min_protocol;
                        else if (strcaseeq(name, "MaxProtocol"))
                                slot = &c->max_protocol;
                        else if (strcaseeq(name, "CipherString"))
                                slot = &c->cipher_string;
                        else if (strcaseeq(name, "Ciphersuites"))
                                slot = &c->ciphersuites;
                        else if (strcaseeq(name, "Groups") || strcaseeq(name, "Curves"))
                                slot = &c->groups;
                        else if (strcaseeq(name, "SignatureAlgorithms"))
                                slot = &c->signature_algorithms;
                        if (slot) {
                                free(*slot);
                                *slot = xstrdup(cv->value);
                        }
                        if (SSL_CONF_cmd(cctx, name, cv->value) <= 0 && !c->error) {
                                _cleanup_free_ char *e = openssl_error_string();
                                c->error = xasprintf("[%s] %s = %s: OpenSSL rejects it (%s)", c->system_section, name, cv->value, e);
                        }
                }
                if (SSL_CONF_CTX_finish(cctx) != 1 && !c->error)
                        c->error = openssl_error_string();
        }
        evaluate_ctx(c, ctx);
        *ret = c;
        return 0;
}
