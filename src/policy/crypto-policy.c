/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <ini.h>
#include <stdarg.h>
#include <strings.h>
#include <time.h>

#include "crypto-policy.h"
#include "fdio.h"
#include "macro.h"
#include "strv.h"

enum base { BASE_NIST, BASE_BSI };

enum category {
        CAT_TLS_VERSION,
        CAT_TLS_SUITE,
        CAT_TLS_GROUP,
        CAT_TLS_SIG,
        CAT_SSH_KEX,
        CAT_SSH_CIPHER,
        CAT_SSH_MAC,
        CAT_SSH_HOSTKEY,
        CAT_LUKS_CIPHER,
        CAT_PBKDF,
        CAT_HASH,
        _CAT_MAX,
};

static const char *const category_section[_CAT_MAX] = {
        [CAT_TLS_VERSION] = "tls-versions", [CAT_TLS_SUITE] = "tls-suites", [CAT_TLS_GROUP] = "tls-groups",
        [CAT_TLS_SIG] = "tls-sigschemes", [CAT_SSH_KEX] = "ssh-kex", [CAT_SSH_CIPHER] = "ssh-ciphers",
        [CAT_SSH_MAC] = "ssh-macs", [CAT_SSH_HOSTKEY] = "ssh-hostkeys", [CAT_LUKS_CIPHER] = "luks-ciphers",
        [CAT_PBKDF] = "pbkdf", [CAT_HASH] = "hashes",
};

struct override {
        char *name;        /* canonical: IANA name for TLS items, lower case otherwise */
        enum cp_status status;
        char *rule;        /* "policy file FILE:LINE" */
};

struct crypto_policy {
        enum base base;
        char *name;
        struct cp_sizes sizes;
        struct {
                struct override *v;
                size_t n;
        } ov[_CAT_MAX];
};

#define POLICY_FILE_MAX (1024u * 1024)
#define POLICY_OVERRIDES_MAX 10000

/* Rule names. Topics in parentheses where a section number would be guesswork. */
#define R_52_VERSIONS   "NIST SP 800-52r2 3.1 (protocol versions)"
#define R_52_SUITES     "NIST SP 800-52r2 3.3.1 (cipher suites)"
#define R_52_GROUPS     "NIST SP 800-52r2 (supported groups), SP 800-56A r3"
#define R_52_SIGS       "NIST SP 800-52r2 (signature schemes), FIPS 186-5"
#define R_52_CERTS      "NIST SP 800-52r2 3.2 (server certificates)"
#define R_131_BLOCK     "NIST SP 800-131A r2 (block ciphers)"
#define R_131_KT        "NIST SP 800-131A r2 (key agreement and key transport)"
#define R_131_SIG       "NIST SP 800-131A r2 (digital signatures)"
#define R_131_HASH      "NIST SP 800-131A r2 (hash functions)"
#define R_131_MAC       "NIST SP 800-131A r2 (message authentication)"
#define R_57_STRENGTH   "NIST SP 800-57 Pt1 r5 (security strengths)"
#define R_186_5         "FIPS 186-5 (digital signature algorithms)"
#define R_186_CURVES    "NIST SP 800-186 (elliptic curves)"
#define R_203           "FIPS 203 (ML-KEM), SP 800-227 (hybrid key establishment)"
#define R_38E           "NIST SP 800-38E (XTS-AES for storage)"
#define R_132           "NIST SP 800-132 (PBKDF)"
#define R_9106          "RFC 9106 (Argon2)"
#define R_SSH_NIST      "NIST SP 800-131A r2 applied to SSH (Bulwark REFERENCE 3)"
#define R_BSI_VERSIONS  "BSI TR-02102-2 3.2 (protocol versions)"
#define R_BSI_SUITES    "BSI TR-02102-2 3.3.1 (cipher suites)"
#define R_BSI_GROUPS    "BSI TR-02102-2 (key exchange groups)"
#define R_BSI_SIGS      "BSI TR-02102-2 (signature schemes)"
#define R_BSI_KEYS      "BSI TR-02102-1 (key lengths)"
#define R_BSI_HASH      "BSI TR-02102-1 (hash functions)"
#define R_BSI_SYM       "BSI TR-02102-1 (block ciphers and modes)"
#define R_BSI_SSH       "BSI TR-02102-4 (SSH)"
#define R_BSI_PW        "BSI TR-02102-1 (password-based key derivation)"
#define R_RFC7465       "RFC 7465 (RC4 prohibited)"
#define R_TABLES        "Bulwark tables (algorithm not known)"

const char *cp_status_to_string(enum cp_status s)
{
        static const char *const t[_CP_STATUS_MAX] = {
                [CP_ACCEPTABLE] = "acceptable", [CP_LEGACY] = "legacy", [CP_UNKNOWN] = "unknown",
                [CP_DEPRECATED] = "deprecated", [CP_DISALLOWED] = "disallowed",
        };
        return (unsigned) s < _CP_STATUS_MAX ? t[s] : "unknown";
}

_printf_(3, 4)
static struct cp_verdict verdict(enum cp_status status, const char *rule, const char *fmt, ...)
{
        struct cp_verdict v = { .status = status, .rule = rule };
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(v.reason, sizeof(v.reason), fmt, ap);
        va_end(ap);
        return v;
}

static bool is_bsi(const struct crypto_policy *p) { return p->base == BASE_BSI; }

static char *lowercase_dup(const char *s)
{
        char *d = xstrdup(s);
        for (char *c = d; *c; c++)
                *c = (char) tolower((unsigned char) *c);
        return d;
}

/* Looks name up in the policy file's lists for the category; returns true and fills v when found. */
static bool override_lookup(const struct crypto_policy *p, enum category cat, const char *name, const char *what, struct cp_verdict *v)
{
        for (size_t i = 0; i < p->ov[cat].n; i++) {
                const struct override *o = &p->ov[cat].v[i];
                if (!strcaseeq(o->name, name))
                        continue;
                *v = verdict(o->status, o->rule, "%s: %s by the policy file", what,
                             o->status == CP_ACCEPTABLE ? "allowed" : "denied");
                return true;
        }
        return false;
}

/* ---------------------------------------------------------------- built-ins */

static void set_defaults(struct crypto_policy *p, enum base b)
{
        p->base = b;
        free(p->name);
        p->name = xstrdup(b == BASE_BSI ? "bsi" : "nist");
        p->sizes = (struct cp_sizes){
                .min_rsa_bits = b == BASE_BSI ? 3000 : 2048,
                .min_dh_bits = b == BASE_BSI ? 3000 : 2048,
                .min_ec_bits = b == BASE_BSI ? 250 : 224,
                .min_strength = 112,
                .min_luks_key_bits = 256,
                .max_cert_validity_days = 1095,
                .min_pbkdf2_iterations = 600000,
                .min_argon2_memory_kib = 65536,
                .min_argon2_time = 3,
        };
}

int crypto_policy_builtin(const char *name, struct crypto_policy **ret)
{
        struct crypto_policy *p;
        enum base b;

        if (!name)
                return -EINVAL;
        if (strcaseeq(name, "nist"))
                b = BASE_NIST;
        else if (strcaseeq(name, "bsi"))
                b = BASE_BSI;
        else
                return -ENOENT;
        p = xmalloc0(sizeof(*p));
        set_defaults(p, b);
        *ret = p;
        return 0;
}

void crypto_policy_free(struct crypto_policy *p)
{
        if (!p)
                return;
        for (size_t c = 0; c < _CAT_MAX; c++) {
                for (size_t i = 0; i < p->ov[c].n; i++) {
                        free(p->ov[c].v[i].name);
                        free(p->ov[c].v[i].rule);
                }
                free(p->ov[c].v);
        }
        free(p->name);
        free(p);
}

const char *crypto_policy_name(const struct crypto_policy *p) { return p->name; }
const char *crypto_policy_base(const struct crypto_policy *p) { return is_bsi(p) ? "bsi" : "nist"; }
const struct cp_sizes *crypto_policy_sizes(const struct crypto_policy *p) { return &p->sizes; }

/* ---------------------------------------------------------------- policy files */

struct parse_state {
        struct crypto_policy *policy;
        const char *filename;
        const char *buf;
        size_t len;
        size_t pos;
        unsigned line;       /* line the reader returned last */
        bool line_too_long;
        bool seen_other;     /* a non-[policy] setting came before base= */
        char *error;
        unsigned error_line;
};

/* fgets() over the buffer, counting lines; a line longer than inih's buffer is an error, not a split. */
static char *reader(char *str, int num, void *stream)
{
        struct parse_state *s = stream;
        size_t n = 0;

        if (s->pos >= s->len || num < 2)
                return NULL;
        s->line++;
        while (s->pos < s->len) {
                char ch = s->buf[s->pos++];
                if (ch == '\0')
                        ch = ' ';
                if (n + 1 >= (size_t) num) {
                        s->line_too_long = true;
                        /* Skip the rest of the line so the next read starts on the next one. */
                        while (s->pos < s->len && s->buf[s->pos] != '\n')
                                s->pos++;
                        if (s->pos < s->len)
                                s->pos++;
                        break;
                }
                str[n++] = ch;
                if (ch == '\n')
                        break;
        }
        str[n] = 0;
        return str;
}

_printf_(2, 3)
static int parse_error(struct parse_state *s, const char *fmt, ...)
{
        va_list ap;
        char *msg;

        if (s->error)
                return 0;
        va_start(ap, fmt);
        if (vasprintf(&msg, fmt, ap) < 0)
                abort();
        va_end(ap);
        s->error = xasprintf("%s:%u: %s", s->filename, s->line, msg);
        s->error_line = s->line;
        free(msg);
        return 0;
}

static int parse_unsigned(const char *v, unsigned max, unsigned *ret)
{
        char *end;
        unsigned long u;

        if (!v || !isdigit((unsigned char) v[0]))
                return -EINVAL;
        errno = 0;
        u = strtoul(v, &end, 10);
        if (errno != 0 || *end != 0 || u > max)
                return -EINVAL;
        *ret = (unsigned) u;
        return 0;
}

/* Lower case, without '-' and '_', so "SHA-256", "sha256" and "SHA_256" compare equal. */
static void hash_key(const char *name, char *out, size_t size)
{
        size_t n = 0;
        for (const char *c = name; *c && n + 1 < size; c++)
                if (*c != '-' && *c != '_')
                        out[n++] = (char) tolower((unsigned char) *c);
        out[n] = 0;
}

/* Resolves a list item to its canonical name for the category; NULL with an error for unknown TLS names. */
static char *canonical_name(struct parse_state *s, enum category cat, const char *item)
{
        switch (cat) {
        case CAT_TLS_VERSION: {
                uint16_t v;
                if (tls_version_from_string(item, &v) < 0) {
                        parse_error(s, "unknown TLS version \"%s\" (use SSLv3, TLSv1.0 ... TLSv1.3)", item);
                        return NULL;
                }
                return xstrdup(tls_version_to_string(v));
        }
        case CAT_TLS_SUITE: {
                const struct tls_suite *t = tls_suite_by_name(item);
                if (!t) {
                        parse_error(s, "unknown TLS cipher suite \"%s\"", item);
                        return NULL;
                }
                return xstrdup(t->iana);
        }
        case CAT_TLS_GROUP: {
                const struct tls_group *g = tls_group_by_name(item);
                if (!g) {
                        parse_error(s, "unknown TLS group \"%s\"", item);
                        return NULL;
                }
                return xstrdup(g->name);
        }
        case CAT_TLS_SIG: {
                const struct tls_sigscheme *g = tls_sigscheme_by_name(item);
                if (!g) {
                        parse_error(s, "unknown TLS signature scheme \"%s\"", item);
                        return NULL;
                }
                return xstrdup(g->name);
        }
        case CAT_HASH: {
                char k[32];
                if (strlen(item) >= sizeof(k)) {
                        parse_error(s, "hash name too long: \"%s\"", item);
                        return NULL;
                }
                hash_key(item, k, sizeof(k));
                return xstrdup(k);
        }
        default:
                /* SSH, LUKS, PBKDF and hash names are open-ended: vendors add their own. */
                for (const char *c = item; *c; c++)
                        if (!isgraph((unsigned char) *c)) {
                                parse_error(s, "invalid character in algorithm name \"%s\"", item);
                                return NULL;
                        }
                return lowercase_dup(item);
        }
}

static int add_list(struct parse_state *s, enum category cat, enum cp_status status, const char *value)
{
        _cleanup_strv_free_ char **items = strv_split(value, " \t,:");
        struct crypto_policy *p = s->policy;

        if (strv_length(items) == 0)
                return parse_error(s, "empty list");
        for (char **i = items; *i; i++) {
                char *name = canonical_name(s, cat, *i);
                size_t k;

                if (!name)
                        return 0;
                if (p->ov[cat].n >= POLICY_OVERRIDES_MAX) {
                        free(name);
                        return parse_error(s, "too many entries (at most %u)", POLICY_OVERRIDES_MAX);
                }
                /* A later line wins over an earlier one for the same name. */
                for (k = 0; k < p->ov[cat].n; k++)
                        if (streq(p->ov[cat].v[k].name, name))
                                break;
                if (k == p->ov[cat].n) {
                        p->ov[cat].v = xreallocarray(p->ov[cat].v, k + 1, sizeof(struct override));
                        p->ov[cat].n++;
                } else {
                        free(p->ov[cat].v[k].name);
                        free(p->ov[cat].v[k].rule);
                }
                p->ov[cat].v[k] = (struct override){
                        .name = name,
                        .status = status,
                        .rule = xasprintf("policy file %s:%u", s->filename, s->line),
                };
        }
        return 1;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
        struct parse_state *s = user;
        struct crypto_policy *p = s->policy;

        if (s->error)
                return 0;
        if (s->line_too_long)
                return parse_error(s, "line too long (split long lists over several allow = or deny = lines)");

        if (strcaseeq(section, "policy")) {
                if (strcaseeq(name, "base")) {
                        if (s->seen_other)
                                return parse_error(s, "base= must come before any other setting (and only in the main file, not in a drop-in)");
                        if (strcaseeq(value, "nist"))
                                set_defaults(p, BASE_NIST);
                        else if (strcaseeq(value, "bsi"))
                                set_defaults(p, BASE_BSI);
                        else
                                return parse_error(s, "unknown base policy \"%s\" (nist or bsi)", value);
                        return 1;
                }
                if (strcaseeq(name, "name")) {
                        if (!*value || strlen(value) > 64)
                                return parse_error(s, "name must be 1 to 64 characters");
                        free(p->name);
                        p->name = xstrdup(value);
                        return 1;
                }
                return parse_error(s, "unknown key \"%s\" in [policy] (base, name)", name);
        }
        s->seen_other = true;

        if (strcaseeq(section, "sizes")) {
                static const struct { const char *key; size_t off; unsigned max; } keys[] = {
                        { "min-rsa-bits", offsetof(struct cp_sizes, min_rsa_bits), 65536 },
                        { "min-dh-bits", offsetof(struct cp_sizes, min_dh_bits), 65536 },
                        { "min-ec-bits", offsetof(struct cp_sizes, min_ec_bits), 1024 },
                        { "min-strength", offsetof(struct cp_sizes, min_strength), 512 },
                        { "min-luks-key-bits", offsetof(struct cp_sizes, min_luks_key_bits), 4096 },
                        { "max-cert-validity-days", offsetof(struct cp_sizes, max_cert_validity_days), 36500 },
                        { "min-pbkdf2-iterations", offsetof(struct cp_sizes, min_pbkdf2_iterations), 1000000000 },
                        { "min-argon2-memory-kib", offsetof(struct cp_sizes, min_argon2_memory_kib), 16777216 },
                        { "min-argon2-time", offsetof(struct cp_sizes, min_argon2_time), 1000000 },
                };
                for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
                        if (strcaseeq(name, keys[i].key)) {
                                unsigned u;
                                if (parse_unsigned(value, keys[i].max, &u) < 0)
                                        return parse_error(s, "%s: not a number from 0 to %u: \"%s\"", keys[i].key, keys[i].max, value);
                                *(unsigned *) ((char *) &p->sizes + keys[i].off) = u;
                                return 1;
                        }
                return parse_error(s, "unknown key \"%s\" in [sizes]", name);
        }

        for (size_t c = 0; c < _CAT_MAX; c++) {
                if (!strcaseeq(section, category_section[c]))
                        continue;
                if (strcaseeq(name, "allow"))
                        return add_list(s, c, CP_ACCEPTABLE, value);
                if (strcaseeq(name, "deny"))
                        return add_list(s, c, CP_DISALLOWED, value);
                return parse_error(s, "unknown key \"%s\" in [%s] (allow, deny)", name, section);
        }
        if (!*section)
                return parse_error(s, "setting \"%s\" outside of any section", name);
        return parse_error(s, "unknown section [%s]", section);
}

/* Parses one file into p. dropin: base= is not allowed (it would reset what the main file set). */
static int parse_into(struct crypto_policy *p, const char *buf, size_t len, const char *filename, bool dropin, char **ret_error)
{
        struct parse_state s;
        int k;

        if (!buf && len > 0)
                return -EINVAL;
        if (len > POLICY_FILE_MAX) {
                if (ret_error)
                        *ret_error = xasprintf("%s: policy file larger than %u bytes", strna(filename), POLICY_FILE_MAX);
                return -E2BIG;
        }
        s = (struct parse_state){ .policy = p, .filename = filename ? filename : "<policy>", .buf = buf, .len = len, .seen_other = dropin };

        k = ini_parse_stream(reader, &s, handler, &s);
        /* inih reports the first bad line, but keeps going: a syntax error before our first error wins. */
        if (k > 0 && s.error && (unsigned) k < s.error_line) {
                free(s.error);
                s.error = NULL;
        }
        if (k != 0 && !s.error) {
                if (k < 0)
                        s.error = xasprintf("%s: could not parse the policy file", s.filename);
                else if (s.line_too_long)
                        s.error = xasprintf("%s:%d: line too long (split long lists over several allow = or deny = lines)", s.filename, k);
                else
                        s.error = xasprintf("%s:%d: syntax error (expected [section] or key = value)", s.filename, k);
        }
        if (!s.error && s.line_too_long)
                s.error = xasprintf("%s:%u: line too long", s.filename, s.line);
        if (s.error) {
                if (ret_error)
                        *ret_error = s.error;
                else
                        free(s.error);
                return -EBADMSG;
        }
        return 0;
}

int crypto_policy_parse(const char *buf, size_t len, const char *filename, struct crypto_policy **ret, char **ret_error)
{
        struct crypto_policy *p = xmalloc0(sizeof(*p));
        int k;

        set_defaults(p, BASE_NIST);
        k = parse_into(p, buf, len, filename, false, ret_error);
        if (k < 0) {
                crypto_policy_free(p);
                return k;
        }
        if (p->name && streq(p->name, is_bsi(p) ? "bsi" : "nist") && filename) {
                /* A file without name= is shown by its file name, so reports never pass it off as a built-in. */
                const char *base = strrchr(filename, '/');
                free(p->name);
                p->name = xstrdup(base ? base + 1 : filename);
        }
        *ret = p;
        return 0;
}

static int read_policy_file(const char *path, char **ret, size_t *ret_len, char **ret_error)
{
        _cleanup_close_ int fd = -1;
        int k;

        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0) {
                k = negative_errno();
                if (ret_error)
                        *ret_error = xasprintf("%s: %s (built-in policies: nist, bsi)", path, strerror(-k));
                return k;
        }
        k = read_full_fd(fd, POLICY_FILE_MAX, ret, ret_len);
        if (k < 0 && ret_error)
                *ret_error = xasprintf("%s: %s", path, strerror(-k));
        return k;
}

int crypto_policy_load(const char *name_or_path, struct crypto_policy **ret, char **ret_error)
{
        _cleanup_free_ char *buf = NULL, *dropin_dir = NULL;
        _cleanup_(crypto_policy_freep) struct crypto_policy *p = NULL;
        DIR *d;
        size_t len = 0;
        int k;

        if (!name_or_path)
                return -EINVAL;
        k = crypto_policy_builtin(name_or_path, ret);
        if (k != -ENOENT)
                return k;
        k = read_policy_file(name_or_path, &buf, &len, ret_error);
        if (k < 0)
                return k;
        k = crypto_policy_parse(buf, len, name_or_path, &p, ret_error);
        if (k < 0)
                return k;

        /* Drop-ins: the *.conf files of FILE.d in name order, each overriding what came before (as systemd's). */
        dropin_dir = xasprintf("%s.d", name_or_path);
        d = opendir(dropin_dir);
        if (d) {
                _cleanup_strv_free_ char **names = xmalloc0(sizeof(char *));
                struct dirent *de;

                while ((de = readdir(d)) && strv_length(names) < 256)
                        if (endswith(de->d_name, ".conf") && de->d_name[0] != '.')
                                strv_push(&names, de->d_name);
                closedir(d);
                strv_sort(names);
                for (char **n = names; *n; n++) {
                        _cleanup_free_ char *path = xasprintf("%s/%s", dropin_dir, *n), *dbuf = NULL;
                        size_t dlen = 0;

                        k = read_policy_file(path, &dbuf, &dlen, ret_error);
                        if (k < 0)
                                return k;
                        k = parse_into(p, dbuf, dlen, path, true, ret_error);
                        if (k < 0)
                                return k;
                }
        }
        *ret = TAKE_PTR(p);
        return 0;
}

/* ---------------------------------------------------------------- TLS */

struct cp_verdict cp_tls_version(const struct crypto_policy *p, uint16_t version)
{
        const char *name = tls_version_to_string(version);
        const char *rule = is_bsi(p) ? R_BSI_VERSIONS : R_52_VERSIONS;
        struct cp_verdict v;

        if (!name)
                return verdict(CP_UNKNOWN, R_TABLES, "protocol version 0x%04x is not known", version);
        if (override_lookup(p, CAT_TLS_VERSION, name, name, &v))
                return v;
        switch (version) {
        case 0x0002:
        case TLS_VERSION_SSL3:
                return verdict(CP_DISALLOWED, rule, "%s: prohibited (broken: POODLE, no modern ciphers)", name);
        case TLS_VERSION_TLS10:
        case TLS_VERSION_TLS11:
                if (is_bsi(p))
                        return verdict(CP_DISALLOWED, rule, "%s: not recommended by TR-02102-2 (TLS 1.2 or 1.3 only)", name);
                return verdict(CP_DEPRECATED, rule, "%s: only for interoperability with legacy clients; servers should not offer it", name);
        case TLS_VERSION_TLS12:
                return verdict(CP_ACCEPTABLE, rule, "%s: required", name);
        default:
                return verdict(CP_ACCEPTABLE, rule, "%s: required (NIST since 2024-01-01)", name);
        }
}

struct cp_verdict cp_tls_suite_code(const struct crypto_policy *p, uint16_t code)
{
        const struct tls_suite *s = tls_suite_by_code(code);

        if (!s)
                return verdict(CP_UNKNOWN, R_TABLES, "cipher suite 0x%04X is not in the IANA table Bulwark knows", code);
        return cp_tls_suite(p, s);
}

struct cp_verdict cp_tls_suite(const struct crypto_policy *p, const struct tls_suite *s)
{
        const bool bsi = is_bsi(p);
        const char *rule = bsi ? R_BSI_SUITES : R_52_SUITES;
        const char *n = s->iana;
        struct cp_verdict v;
        char enc[48];

        if (override_lookup(p, CAT_TLS_SUITE, n, n, &v))
                return v;
        if (s->scsv)
                return verdict(CP_ACCEPTABLE, rule, "%s: signalling value, not a cipher suite", n);
        tls_suite_encryption(s, enc, sizeof(enc));

        /* Broken or no protection first: these are disallowed whatever else the suite has. */
        if (s->cipher == TLS_CIPHER_NULL || s->kx == TLS_KX_NULL)
                return verdict(CP_DISALLOWED, rule, "%s: no encryption (NULL cipher)", n);
        if (s->au == TLS_AU_ANON)
                return verdict(CP_DISALLOWED, rule, "%s: anonymous key exchange, the server is not authenticated", n);
        if (s->export_grade)
                return verdict(CP_DISALLOWED, rule, "%s: export-grade (%u-bit) cipher", n, s->strength);
        if (s->cipher == TLS_CIPHER_RC4)
                return verdict(CP_DISALLOWED, R_RFC7465, "%s: RC4 stream cipher is broken", n);
        if (s->cipher == TLS_CIPHER_DES || s->cipher == TLS_CIPHER_RC2)
                return verdict(CP_DISALLOWED, bsi ? R_BSI_SYM : R_131_BLOCK, "%s: %s has a %u-bit key", n, enc, s->strength);
        if (s->cipher == TLS_CIPHER_3DES)
                return verdict(CP_DISALLOWED, bsi ? R_BSI_SYM : R_131_BLOCK,
                               "%s: 3DES (TDEA) is disallowed for encryption after 2023 (64-bit block, Sweet32)", n);
        if (s->mac == TLS_HASH_MD5)
                return verdict(CP_DISALLOWED, bsi ? R_BSI_HASH : R_131_MAC, "%s: HMAC-MD5 record MAC", n);
        if (s->strength < p->sizes.min_strength)
                return verdict(CP_DISALLOWED, R_57_STRENGTH, "%s: %u-bit strength is below %u", n, s->strength, p->sizes.min_strength);

        /* Ciphers the policy does not approve. */
        if (s->cipher == TLS_CIPHER_CHACHA20)
                return verdict(CP_DEPRECATED, rule, "%s: ChaCha20-Poly1305 is not an approved cipher in %s", n,
                               bsi ? "TR-02102-2" : "SP 800-52r2");
        if (s->cipher != TLS_CIPHER_AES)
                return verdict(CP_DEPRECATED, bsi ? R_BSI_SYM : R_131_BLOCK, "%s: %s is not an approved block cipher (AES only)", n,
                               tls_cipher_to_string(s->cipher));

        /* TLS 1.3: the suite is only the AEAD; key exchange and authentication are judged as groups and signature schemes. */
        if (s->kx == TLS_KX_TLS13) {
                if (bsi && s->mode == TLS_MODE_CCM8)
                        return verdict(CP_DEPRECATED, rule, "%s: AES-CCM with an 8-byte tag is not in TR-02102-2", n);
                return verdict(CP_ACCEPTABLE, rule, "%s: TLS 1.3 %s", n, enc);
        }

        /* Key exchange. */
        switch (s->kx) {
        case TLS_KX_RSA:
        case TLS_KX_RSA_PSK:
                return verdict(bsi ? CP_DEPRECATED : CP_DISALLOWED, bsi ? rule : R_131_KT,
                               "%s: static RSA key transport (PKCS#1 v1.5, no forward secrecy)", n);
        case TLS_KX_DH:
        case TLS_KX_ECDH:
                return verdict(CP_DEPRECATED, rule, "%s: static %s key exchange (no forward secrecy)", n, tls_kx_to_string(s->kx));
        case TLS_KX_KRB5:
        case TLS_KX_SRP:
        case TLS_KX_ECCPWD:
        case TLS_KX_GOST:
                return verdict(CP_DEPRECATED, rule, "%s: %s key exchange is not in the approved suites", n, tls_kx_to_string(s->kx));
        default:
                break;
        }
        if (s->au == TLS_AU_DSS)
                return verdict(CP_DEPRECATED, bsi ? R_BSI_SIGS : R_186_5, "%s: DSA authentication (no new DSA signatures under FIPS 186-5)", n);

        /* Record protection. */
        if (s->mode == TLS_MODE_CBC) {
                if (bsi && s->mac == TLS_HASH_SHA1)
                        return verdict(CP_DEPRECATED, rule, "%s: CBC with an HMAC-SHA1 record MAC is no longer in TR-02102-2", n);
                if (bsi)
                        return verdict(CP_ACCEPTABLE, rule, "%s: %s with HMAC-%s (encrypt-then-MAC recommended)", n, enc,
                                       tls_hash_to_string(s->mac));
                return verdict(CP_LEGACY, rule, "%s: %s with HMAC-%s is acceptable only with encrypt-then-MAC (RFC 7366)", n, enc,
                               tls_hash_to_string(s->mac));
        }
        if (bsi && s->mode == TLS_MODE_CCM8)
                return verdict(CP_DEPRECATED, rule, "%s: AES-CCM with an 8-byte tag is not in TR-02102-2", n);
        if (s->kx == TLS_KX_PSK)
                return verdict(CP_LEGACY, rule, "%s: pre-shared key without (EC)DHE gives no forward secrecy", n);
        return verdict(CP_ACCEPTABLE, rule, "%s: %s key exchange, %s", n, tls_kx_to_string(s->kx), enc);
}

struct cp_verdict cp_tls_suite_etm(const struct crypto_policy *p, const struct tls_suite *s, int etm)
{
        struct cp_verdict v = cp_tls_suite(p, s);
        char enc[48];

        /* Only the CBC verdicts that hinge on encrypt-then-MAC change; overrides and worse findings stand. */
        if (etm < 0 || s->mode != TLS_MODE_CBC || startswith(v.rule, "policy file ") || cp_status_fails(v.status))
                return v;
        tls_suite_encryption(s, enc, sizeof(enc));
        if (etm)
                return verdict(CP_ACCEPTABLE, v.rule, "%s: %s with HMAC-%s and encrypt-then-MAC", s->iana, enc, tls_hash_to_string(s->mac));
        return verdict(CP_DEPRECATED, v.rule, "%s: %s with HMAC-%s without encrypt-then-MAC (padding oracles)", s->iana, enc,
                       tls_hash_to_string(s->mac));
}

struct cp_verdict cp_tls_group(const struct crypto_policy *p, const struct tls_group *g)
{
        const bool bsi = is_bsi(p);
        const char *rule = bsi ? R_BSI_GROUPS : R_52_GROUPS;
        const char *n = g->name;
        struct cp_verdict v;

        if (override_lookup(p, CAT_TLS_GROUP, n, n, &v))
                return v;
        if (g->kind == TLS_GROUP_HYBRID_PQ || g->kind == TLS_GROUP_PQ) {
                if (g->deprecated)
                        return verdict(CP_DEPRECATED, rule, "%s: pre-standard Kyber draft code point (use X25519MLKEM768)", n);
                if (g->kind == TLS_GROUP_PQ && bsi)
                        return verdict(CP_DEPRECATED, rule, "%s: ML-KEM alone; BSI recommends it only in a hybrid with ECDH", n);
                return verdict(CP_ACCEPTABLE, bsi ? rule : R_203, "%s: ML-KEM %s", n, g->kind == TLS_GROUP_HYBRID_PQ ? "hybrid key exchange" : "key encapsulation");
        }
        if (g->code >= 0xFF01)
                return verdict(CP_DISALLOWED, rule, "%s: explicit curve parameters", n);
        if (g->strength < p->sizes.min_strength)
                return verdict(CP_DISALLOWED, R_57_STRENGTH, "%s: %u-bit strength is below %u", n, g->strength, p->sizes.min_strength);
        if (g->kind == TLS_GROUP_FFDHE) {
                if (g->bits < p->sizes.min_dh_bits)
                        return verdict(CP_DISALLOWED, bsi ? R_BSI_KEYS : R_57_STRENGTH, "%s: %u-bit group is below %u bits", n, g->bits, p->sizes.min_dh_bits);
                if (g->strength < 128)
                        return verdict(CP_LEGACY, R_57_STRENGTH, "%s: 112-bit strength, not enough for use after 2030", n);
                return verdict(CP_ACCEPTABLE, rule, "%s: RFC 7919 finite-field group", n);
        }
        if (g->bits < p->sizes.min_ec_bits)
                return verdict(CP_DISALLOWED, bsi ? R_BSI_KEYS : R_57_STRENGTH, "%s: %u-bit curve is below %u bits", n, g->bits, p->sizes.min_ec_bits);
        if (g->deprecated)
                return verdict(CP_DISALLOWED, R_186_CURVES, "%s: deprecated curve (binary or small field)", n);
        if (g->kind == TLS_GROUP_ECDHE_MONT)
                return verdict(CP_DEPRECATED, rule, "%s: not an approved key-agreement curve in %s", n,
                               bsi ? "TR-02102-2" : "SP 800-56A r3 / SP 800-52r2");
        if (g->brainpool) {
                if (bsi)
                        return verdict(CP_ACCEPTABLE, rule, "%s: Brainpool curve", n);
                return verdict(CP_DEPRECATED, rule, "%s: Brainpool curves are not SP 800-56A r3 curves", n);
        }
        if (!g->nist)
                return verdict(CP_DEPRECATED, rule, "%s: not an approved curve", n);
        if (g->strength < 128)
                return verdict(CP_LEGACY, R_57_STRENGTH, "%s: 112-bit strength, not enough for use after 2030", n);
        return verdict(CP_ACCEPTABLE, rule, "%s: NIST curve", n);
}

struct cp_verdict cp_tls_sigscheme(const struct crypto_policy *p, const struct tls_sigscheme *s)
{
        const bool bsi = is_bsi(p);
        const char *rule = bsi ? R_BSI_SIGS : R_52_SIGS;
        const char *n = s->name;
        struct cp_verdict v;

        if (override_lookup(p, CAT_TLS_SIG, n, n, &v))
                return v;
        if (s->hash == TLS_HASH_MD5 || s->hash == TLS_HASH_SHA1)
                return verdict(CP_DISALLOWED, bsi ? R_BSI_HASH : R_131_SIG, "%s: %s is disallowed for signature generation", n,
                               tls_hash_to_string(s->hash));
        if (s->kind == TLS_SIG_DSA)
                return verdict(CP_DISALLOWED, bsi ? rule : R_186_5, "%s: DSA is no longer approved for new signatures", n);
        if (s->kind == TLS_SIG_ANON)
                return verdict(CP_DISALLOWED, rule, "%s: anonymous", n);
        if (s->code == 0x0420 || s->code == 0x0520 || s->code == 0x0620)
                return verdict(CP_DEPRECATED, rule, "%s: PKCS#1 v1.5 legacy code point for TLS 1.3 client authentication", n);
        if (s->kind == TLS_SIG_GOST || s->kind == TLS_SIG_SM2)
                return verdict(CP_DEPRECATED, rule, "%s: not an approved signature algorithm", n);
        if (s->hash == TLS_HASH_SHA224)
                return verdict(bsi ? CP_DEPRECATED : CP_LEGACY, bsi ? R_BSI_HASH : R_57_STRENGTH, "%s: SHA-224 gives 112-bit strength", n);
        switch (s->kind) {
        case TLS_SIG_RSA_PKCS1:
                if (bsi)
                        return verdict(CP_DEPRECATED, rule, "%s: RSA PKCS#1 v1.5 signatures; TR-02102-2 recommends RSA-PSS", n);
                return verdict(CP_ACCEPTABLE, rule, "%s: RSA PKCS#1 v1.5 with %s", n, tls_hash_to_string(s->hash));
        case TLS_SIG_EDDSA:
                if (bsi)
                        return verdict(CP_LEGACY, rule, "%s: EdDSA is not listed in TR-02102-2", n);
                return verdict(CP_ACCEPTABLE, R_186_5, "%s: EdDSA (FIPS 186-5)", n);
        case TLS_SIG_ECDSA:
                if (s->code >= 0x081A && s->code <= 0x081C && !bsi)
                        return verdict(CP_LEGACY, R_186_CURVES, "%s: Brainpool curve (SP 800-186 allows it only for interoperability)", n);
                return verdict(CP_ACCEPTABLE, rule, "%s: ECDSA", n);
        case TLS_SIG_MLDSA:
                return verdict(CP_ACCEPTABLE, "FIPS 204 (ML-DSA)", "%s: ML-DSA", n);
        default:
                return verdict(CP_ACCEPTABLE, rule, "%s: RSA-PSS", n);
        }
}

/* ---------------------------------------------------------------- keys, hashes, certificates */

static bool curve_is(const char *curve, const char *const *names)
{
        for (; curve && *names; names++)
                if (strcaseeq(curve, *names))
                        return true;
        return false;
}

struct cp_verdict cp_public_key(const struct crypto_policy *p, const char *key_type, unsigned bits, const char *curve)
{
        static const char *const nist_curves[] = { "prime256v1", "secp256r1", "P-256", "secp384r1", "P-384",
                                                  "secp521r1", "P-521", "secp224r1", "P-224", NULL };
        static const char *const bp_curves[] = { "brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1", NULL };
        const bool bsi = is_bsi(p);
        const char *krule = bsi ? R_BSI_KEYS : R_57_STRENGTH;
        const char *t = strempty(key_type);

        if (strcaseeq(t, "RSA") || strcaseeq(t, "RSA-PSS")) {
                if (bits < p->sizes.min_rsa_bits)
                        return verdict(CP_DISALLOWED, krule, "%s %u bits: below %u bits", t, bits, p->sizes.min_rsa_bits);
                if (bits < 3072 && !bsi)
                        return verdict(CP_LEGACY, krule, "%s %u bits: 112-bit strength, use 3072 bits for use after 2030", t, bits);
                return verdict(CP_ACCEPTABLE, krule, "%s %u bits", t, bits);
        }
        if (strcaseeq(t, "DH") || strcaseeq(t, "DHX")) {
                if (bits < p->sizes.min_dh_bits)
                        return verdict(CP_DISALLOWED, krule, "DH %u bits: below %u bits", bits, p->sizes.min_dh_bits);
                if (bits < 3072 && !bsi)
                        return verdict(CP_LEGACY, krule, "DH %u bits: 112-bit strength, use 3072 bits for use after 2030", bits);
                return verdict(CP_ACCEPTABLE, krule, "DH %u bits", bits);
        }
        if (strcaseeq(t, "DSA"))
                return verdict(CP_DISALLOWED, bsi ? R_BSI_KEYS : R_186_5, "DSA %u bits: DSA is no longer approved for signatures", bits);
        if (strcaseeq(t, "EC") || strcaseeq(t, "ECDSA")) {
                const char *c = curve ? curve : "unnamed curve";
                if (bits < p->sizes.min_ec_bits)
                        return verdict(CP_DISALLOWED, krule, "EC %s (%u bits): below %u bits", c, bits, p->sizes.min_ec_bits);
                if (curve && curve_is(curve, bp_curves))
                        return bsi ? verdict(CP_ACCEPTABLE, krule, "EC %s", c)
                                   : verdict(CP_LEGACY, R_186_CURVES, "EC %s: Brainpool curves only for interoperability", c);
                if (curve && !curve_is(curve, nist_curves))
                        return verdict(CP_DEPRECATED, bsi ? krule : R_186_CURVES, "EC %s: not an approved curve", c);
                if (bits < 256 && !bsi)
                        return verdict(CP_LEGACY, krule, "EC %s (%u bits): 112-bit strength, not enough for use after 2030", c, bits);
                return verdict(CP_ACCEPTABLE, krule, "EC %s (%u bits)", c, bits);
        }
        if (strcaseeq(t, "ED25519") || strcaseeq(t, "ED448")) {
                if (bsi)
                        return verdict(CP_LEGACY, krule, "%s: EdDSA is not listed in TR-02102-1", t);
                return verdict(CP_ACCEPTABLE, R_186_5, "%s: EdDSA (FIPS 186-5)", t);
        }
        if (strcaseeq(t, "X25519") || strcaseeq(t, "X448"))
                return verdict(CP_DEPRECATED, bsi ? krule : R_52_GROUPS, "%s: not an approved key-agreement curve", t);
        if (strcaseeq(t, "ML-DSA-44") || strcaseeq(t, "ML-DSA-65") || strcaseeq(t, "ML-DSA-87"))
                return verdict(CP_ACCEPTABLE, "FIPS 204 (ML-DSA)", "%s", t);
        return verdict(CP_UNKNOWN, R_TABLES, "key type %s (%u bits) is not known", t, bits);
}

struct cp_verdict cp_hash(const struct crypto_policy *p, const char *name, enum cp_hash_use use)
{
        static const char *const good[] = { "sha256", "sha384", "sha512", "sha512256", "sha3256", "sha3384", "sha3512", NULL };
        const bool bsi = is_bsi(p);
        const char *rule = bsi ? R_BSI_HASH : R_131_HASH;
        struct cp_verdict v;
        char k[32];

        if (!name)
                return verdict(CP_UNKNOWN, R_TABLES, "no hash named");
        hash_key(name, k, sizeof(k));
        if (override_lookup(p, CAT_HASH, k, name, &v))
                return v;
        if (streq(k, "md5") || streq(k, "md4") || streq(k, "md2"))
                return verdict(CP_DISALLOWED, rule, "%s: broken (collisions)", name);
        if (streq(k, "sha1")) {
                if (use == CP_HASH_SIGNATURE)
                        return verdict(CP_DISALLOWED, bsi ? rule : R_131_SIG, "%s: disallowed for signature generation", name);
                if (use == CP_HASH_HMAC && !bsi)
                        return verdict(CP_LEGACY, R_131_MAC, "%s: still allowed in HMAC and KDFs, not for signatures", name);
                return verdict(CP_DEPRECATED, rule, "%s: collision attacks are practical", name);
        }
        if (streq(k, "sha224") || streq(k, "sha512224") || streq(k, "sha3224"))
                return verdict(CP_LEGACY, R_57_STRENGTH, "%s: 112-bit collision strength, not enough for use after 2030", name);
        for (size_t i = 0; good[i]; i++)
                if (streq(k, good[i]))
                        return verdict(CP_ACCEPTABLE, rule, "%s", name);
        if (streq(k, "ripemd160") || streq(k, "sm3") || streq(k, "streebog256") || streq(k, "streebog512") ||
            streq(k, "whirlpool") || strncmp(k, "blake2", 6) == 0)
                return verdict(CP_DEPRECATED, rule, "%s: not an approved hash function", name);
        return verdict(CP_UNKNOWN, R_TABLES, "hash %s is not known", name);
}

static void append_reason(char *buf, size_t size, const char *what)
{
        size_t l = strlen(buf);
        if (l > 0 && l + 2 < size) {
                buf[l++] = ';';
                buf[l++] = ' ';
                buf[l] = 0;
        }
        if (l < size)
                snprintf(buf + l, size - l, "%s", what);
}

/* Keeps the worst verdict's rule; collects the reasons of everything that is not acceptable. */
static void merge(struct cp_verdict *acc, const struct cp_verdict *v)
{
        if (v->status == CP_ACCEPTABLE)
                return;
        if (v->status > acc->status || acc->status == CP_ACCEPTABLE) {
                if (acc->status == CP_ACCEPTABLE)
                        acc->reason[0] = 0;
                acc->status = cp_status_worst(acc->status, v->status);
                acc->rule = v->rule;
        }
        append_reason(acc->reason, sizeof(acc->reason), v->reason);
}

static void format_date(int64_t t, char *buf, size_t size)
{
        time_t tt = (time_t) t;
        struct tm tm;

        if (!gmtime_r(&tt, &tm) || strftime(buf, size, "%Y-%m-%d", &tm) == 0)
                snprintf(buf, size, "@%lld", (long long) t);
}

struct cp_verdict cp_certificate(const struct crypto_policy *p, const struct cp_cert *c)
{
        const char *crule = is_bsi(p) ? R_BSI_KEYS : R_52_CERTS;
        struct cp_verdict acc, v;
        char d[32];

        /* The key's description stays the reason until something worse appears. */
        acc = cp_public_key(p, c->key_type, c->key_bits, c->curve);
        if (!c->self_signed && c->sig_hash) {
                v = cp_hash(p, c->sig_hash, CP_HASH_SIGNATURE);
                if (v.status != CP_ACCEPTABLE) {
                        char what[CP_REASON_MAX];
                        snprintf(what, sizeof(what), "signed with %s", c->sig_alg ? c->sig_alg : c->sig_hash);
                        v = verdict(v.status, v.rule, "%s (%s)", what, v.reason);
                }
                merge(&acc, &v);
        }
        if (c->now > c->not_after) {
                format_date(c->not_after, d, sizeof(d));
                v = verdict(CP_DISALLOWED, crule, "expired on %s", d);
                merge(&acc, &v);
        } else if (c->now < c->not_before) {
                format_date(c->not_before, d, sizeof(d));
                v = verdict(CP_DEPRECATED, crule, "not valid before %s", d);
                merge(&acc, &v);
        }
        if (c->tls_server && !c->is_ca) {
                int64_t days = (c->not_after - c->not_before) / 86400;
                if (days > (int64_t) p->sizes.max_cert_validity_days) {
                        v = verdict(CP_DEPRECATED, crule, "valid for %lld days, more than %u", (long long) days,
                                    p->sizes.max_cert_validity_days);
                        merge(&acc, &v);
                }
                if (!c->has_san) {
                        v = verdict(CP_DEPRECATED, crule, "no subjectAltName extension");
                        merge(&acc, &v);
                }
                if (c->has_eku && !c->eku_server_auth) {
                        v = verdict(CP_DEPRECATED, crule, "extendedKeyUsage without serverAuth");
                        merge(&acc, &v);
                } else if (!c->has_eku) {
                        v = verdict(CP_LEGACY, crule, "no extendedKeyUsage extension (serverAuth expected)");
                        merge(&acc, &v);
                }
        }
        return acc;
}

/* ---------------------------------------------------------------- SSH */

struct ssh_alg {
        const char *name;
        enum cp_status nist;
        enum cp_status bsi;
        const char *why;
};

static const struct ssh_alg ssh_kex[] = {
        { "mlkem768x25519-sha256", CP_ACCEPTABLE, CP_ACCEPTABLE, "ML-KEM-768 hybrid (FIPS 203)" },
        { "mlkem768nistp256-sha256", CP_ACCEPTABLE, CP_ACCEPTABLE, "ML-KEM-768 hybrid with P-256 (FIPS 203)" },
        { "mlkem1024nistp384-sha384", CP_ACCEPTABLE, CP_ACCEPTABLE, "ML-KEM-1024 hybrid with P-384 (FIPS 203)" },
        { "sntrup761x25519-sha512@openssh.com", CP_DEPRECATED, CP_DEPRECATED, "Streamlined NTRU Prime and X25519 are not approved (use mlkem768x25519-sha256)" },
        { "sntrup761x25519-sha512", CP_DEPRECATED, CP_DEPRECATED, "Streamlined NTRU Prime and X25519 are not approved (use mlkem768x25519-sha256)" },
        { "curve25519-sha256", CP_DEPRECATED, CP_DEPRECATED, "X25519 is not an approved key-agreement curve" },
        { "curve25519-sha256@libssh.org", CP_DEPRECATED, CP_DEPRECATED, "X25519 is not an approved key-agreement curve" },
        { "curve448-sha512", CP_DEPRECATED, CP_DEPRECATED, "X448 is not an approved key-agreement curve" },
        { "ecdh-sha2-nistp256", CP_ACCEPTABLE, CP_ACCEPTABLE, "ECDH on P-256" },
        { "ecdh-sha2-nistp384", CP_ACCEPTABLE, CP_ACCEPTABLE, "ECDH on P-384" },
        { "ecdh-sha2-nistp521", CP_ACCEPTABLE, CP_ACCEPTABLE, "ECDH on P-521" },
        { "ecdh-sha2-1.3.132.0.10", CP_DEPRECATED, CP_DEPRECATED, "ECDH on secp256k1 is not an approved curve" },
        { "diffie-hellman-group-exchange-sha256", CP_ACCEPTABLE, CP_ACCEPTABLE, "DH group exchange with SHA-256 (group sizes come from the moduli file)" },
        { "diffie-hellman-group14-sha256", CP_LEGACY, CP_DISALLOWED, "2048-bit DH group (112-bit strength)" },
        { "diffie-hellman-group15-sha512", CP_ACCEPTABLE, CP_ACCEPTABLE, "3072-bit DH group" },
        { "diffie-hellman-group16-sha512", CP_ACCEPTABLE, CP_ACCEPTABLE, "4096-bit DH group" },
        { "diffie-hellman-group17-sha512", CP_ACCEPTABLE, CP_ACCEPTABLE, "6144-bit DH group" },
        { "diffie-hellman-group18-sha512", CP_ACCEPTABLE, CP_ACCEPTABLE, "8192-bit DH group" },
        { "diffie-hellman-group14-sha1", CP_DISALLOWED, CP_DISALLOWED, "SHA-1 exchange hash" },
        { "diffie-hellman-group1-sha1", CP_DISALLOWED, CP_DISALLOWED, "1024-bit DH group and SHA-1" },
        { "diffie-hellman-group-exchange-sha1", CP_DISALLOWED, CP_DISALLOWED, "SHA-1 exchange hash" },
        { "ext-info-c", CP_ACCEPTABLE, CP_ACCEPTABLE, "extension negotiation signal, not a key exchange" },
        { "ext-info-s", CP_ACCEPTABLE, CP_ACCEPTABLE, "extension negotiation signal, not a key exchange" },
        { "kex-strict-c-v00@openssh.com", CP_ACCEPTABLE, CP_ACCEPTABLE, "strict key exchange signal (Terrapin countermeasure)" },
        { "kex-strict-s-v00@openssh.com", CP_ACCEPTABLE, CP_ACCEPTABLE, "strict key exchange signal (Terrapin countermeasure)" },
        { "kex-strict-c", CP_ACCEPTABLE, CP_ACCEPTABLE, "strict key exchange signal (Terrapin countermeasure)" },
        { "kex-strict-s", CP_ACCEPTABLE, CP_ACCEPTABLE, "strict key exchange signal (Terrapin countermeasure)" },
};

static const struct ssh_alg ssh_ciphers[] = {
        { "aes128-gcm@openssh.com", CP_ACCEPTABLE, CP_ACCEPTABLE, "AES-128-GCM" },
        { "aes256-gcm@openssh.com", CP_ACCEPTABLE, CP_ACCEPTABLE, "AES-256-GCM" },
        { "aes128-ctr", CP_ACCEPTABLE, CP_ACCEPTABLE, "AES-128-CTR" },
        { "aes192-ctr", CP_ACCEPTABLE, CP_ACCEPTABLE, "AES-192-CTR" },
        { "aes256-ctr", CP_ACCEPTABLE, CP_ACCEPTABLE, "AES-256-CTR" },
        { "chacha20-poly1305@openssh.com", CP_DEPRECATED, CP_DEPRECATED, "ChaCha20-Poly1305 is not an approved cipher" },
        { "aes128-cbc", CP_DEPRECATED, CP_DEPRECATED, "CBC mode in SSH allows plaintext recovery" },
        { "aes192-cbc", CP_DEPRECATED, CP_DEPRECATED, "CBC mode in SSH allows plaintext recovery" },
        { "aes256-cbc", CP_DEPRECATED, CP_DEPRECATED, "CBC mode in SSH allows plaintext recovery" },
        { "rijndael-cbc@lysator.liu.se", CP_DEPRECATED, CP_DEPRECATED, "CBC mode in SSH allows plaintext recovery" },
        { "3des-cbc", CP_DISALLOWED, CP_DISALLOWED, "3DES (TDEA) is disallowed for encryption after 2023" },
        { "3des-ctr", CP_DISALLOWED, CP_DISALLOWED, "3DES (TDEA) is disallowed for encryption after 2023" },
        { "blowfish-cbc", CP_DISALLOWED, CP_DISALLOWED, "Blowfish has a 64-bit block" },
        { "blowfish-ctr", CP_DISALLOWED, CP_DISALLOWED, "Blowfish has a 64-bit block" },
        { "cast128-cbc", CP_DISALLOWED, CP_DISALLOWED, "CAST-128 has a 64-bit block" },
        { "idea-cbc", CP_DISALLOWED, CP_DISALLOWED, "IDEA has a 64-bit block" },
        { "arcfour", CP_DISALLOWED, CP_DISALLOWED, "RC4 is broken" },
        { "arcfour128", CP_DISALLOWED, CP_DISALLOWED, "RC4 is broken" },
        { "arcfour256", CP_DISALLOWED, CP_DISALLOWED, "RC4 is broken" },
        { "des-cbc", CP_DISALLOWED, CP_DISALLOWED, "DES has a 56-bit key" },
        { "none", CP_DISALLOWED, CP_DISALLOWED, "no encryption" },
        { "twofish-cbc", CP_DEPRECATED, CP_DEPRECATED, "Twofish is not an approved cipher" },
        { "twofish128-cbc", CP_DEPRECATED, CP_DEPRECATED, "Twofish is not an approved cipher" },
        { "twofish256-cbc", CP_DEPRECATED, CP_DEPRECATED, "Twofish is not an approved cipher" },
        { "serpent128-ctr", CP_DEPRECATED, CP_DEPRECATED, "Serpent is not an approved cipher" },
        { "serpent256-ctr", CP_DEPRECATED, CP_DEPRECATED, "Serpent is not an approved cipher" },
};

static const struct ssh_alg ssh_macs[] = {
        { "hmac-sha2-256-etm@openssh.com", CP_ACCEPTABLE, CP_ACCEPTABLE, "HMAC-SHA-256, encrypt-then-MAC" },
        { "hmac-sha2-512-etm@openssh.com", CP_ACCEPTABLE, CP_ACCEPTABLE, "HMAC-SHA-512, encrypt-then-MAC" },
        { "hmac-sha2-256", CP_ACCEPTABLE, CP_ACCEPTABLE, "HMAC-SHA-256 (encrypt-and-MAC; prefer the -etm variant)" },
        { "hmac-sha2-512", CP_ACCEPTABLE, CP_ACCEPTABLE, "HMAC-SHA-512 (encrypt-and-MAC; prefer the -etm variant)" },
        { "hmac-sha1", CP_DEPRECATED, CP_DEPRECATED, "SHA-1 MAC" },
        { "hmac-sha1-etm@openssh.com", CP_DEPRECATED, CP_DEPRECATED, "SHA-1 MAC" },
        { "hmac-sha1-96", CP_DEPRECATED, CP_DEPRECATED, "SHA-1 MAC truncated to 96 bits" },
        { "hmac-sha1-96-etm@openssh.com", CP_DEPRECATED, CP_DEPRECATED, "SHA-1 MAC truncated to 96 bits" },
        { "hmac-md5", CP_DISALLOWED, CP_DISALLOWED, "MD5 MAC" },
        { "hmac-md5-96", CP_DISALLOWED, CP_DISALLOWED, "MD5 MAC" },
        { "hmac-md5-etm@openssh.com", CP_DISALLOWED, CP_DISALLOWED, "MD5 MAC" },
        { "hmac-md5-96-etm@openssh.com", CP_DISALLOWED, CP_DISALLOWED, "MD5 MAC" },
        { "umac-64@openssh.com", CP_DEPRECATED, CP_DEPRECATED, "UMAC with a 64-bit tag is not an approved MAC" },
        { "umac-64-etm@openssh.com", CP_DEPRECATED, CP_DEPRECATED, "UMAC with a 64-bit tag is not an approved MAC" },
        { "umac-128@openssh.com", CP_DEPRECATED, CP_DEPRECATED, "UMAC is not an approved MAC" },
        { "umac-128-etm@openssh.com", CP_DEPRECATED, CP_DEPRECATED, "UMAC is not an approved MAC" },
        { "hmac-ripemd160", CP_DEPRECATED, CP_DEPRECATED, "RIPEMD-160 is not an approved hash" },
        { "hmac-ripemd160@openssh.com", CP_DEPRECATED, CP_DEPRECATED, "RIPEMD-160 is not an approved hash" },
        { "hmac-ripemd160-etm@openssh.com", CP_DEPRECATED, CP_DEPRECATED, "RIPEMD-160 is not an approved hash" },
        { "none", CP_DISALLOWED, CP_DISALLOWED, "no integrity protection" },
};

static struct cp_verdict ssh_lookup(const struct crypto_policy *p, enum category cat, const struct ssh_alg *t, size_t n,
                                    const char *what, const char *name)
{
        const char *rule = is_bsi(p) ? R_BSI_SSH : R_SSH_NIST;
        struct cp_verdict v;

        if (!name || !*name)
                return verdict(CP_UNKNOWN, R_TABLES, "empty SSH %s name", what);
        if (override_lookup(p, cat, name, name, &v))
                return v;
        for (size_t i = 0; i < n; i++)
                if (streq(t[i].name, name))
                        return verdict(is_bsi(p) ? t[i].bsi : t[i].nist, rule, "%s: %s", name, t[i].why);
        /* GSSAPI key exchanges carry their hash in the name. */
        if (cat == CAT_SSH_KEX && startswith(name, "gss-") && strstr(name, "sha1"))
                return verdict(CP_DISALLOWED, rule, "%s: SHA-1 exchange hash", name);
        return verdict(CP_UNKNOWN, R_TABLES, "%s: SSH %s not known", name, what);
}

struct cp_verdict cp_ssh_kex(const struct crypto_policy *p, const char *name)
{
        return ssh_lookup(p, CAT_SSH_KEX, ssh_kex, ARRAY_SIZE(ssh_kex), "key exchange", name);
}

struct cp_verdict cp_ssh_cipher(const struct crypto_policy *p, const char *name)
{
        return ssh_lookup(p, CAT_SSH_CIPHER, ssh_ciphers, ARRAY_SIZE(ssh_ciphers), "cipher", name);
}

struct cp_verdict cp_ssh_mac(const struct crypto_policy *p, const char *name)
{
        return ssh_lookup(p, CAT_SSH_MAC, ssh_macs, ARRAY_SIZE(ssh_macs), "MAC", name);
}

struct cp_verdict cp_ssh_hostkey(const struct crypto_policy *p, const char *name, unsigned rsa_bits)
{
        const char *rule = is_bsi(p) ? R_BSI_SSH : R_SSH_NIST;
        char base[128];
        struct cp_verdict v;
        const char *b;

        if (!name || !*name)
                return verdict(CP_UNKNOWN, R_TABLES, "empty SSH host key algorithm name");
        if (override_lookup(p, CAT_SSH_HOSTKEY, name, name, &v))
                return v;
        /* Certificates and security-key variants are judged by the key inside. */
        snprintf(base, sizeof(base), "%s", name);
        char *cert = strstr(base, "-cert-v01@openssh.com");
        if (cert)
                *cert = 0;
        b = base;
        if (startswith(b, "sk-"))
                b += 3;
        if (streq(b, "ssh-ed25519") || streq(b, "ssh-ed25519@openssh.com") || streq(b, "ssh-ed448")) {
                if (is_bsi(p))
                        return verdict(CP_LEGACY, rule, "%s: EdDSA is not listed in TR-02102-4", name);
                return verdict(CP_ACCEPTABLE, R_186_5, "%s: EdDSA (FIPS 186-5)", name);
        }
        if (startswith(b, "ecdsa-sha2-nistp256") || startswith(b, "ecdsa-sha2-nistp384") || startswith(b, "ecdsa-sha2-nistp521"))
                return verdict(CP_ACCEPTABLE, rule, "%s: ECDSA on a NIST curve", name);
        if (streq(b, "ssh-dss"))
                return verdict(CP_DISALLOWED, is_bsi(p) ? rule : R_186_5, "%s: DSA host key (1024-bit, SHA-1)", name);
        if (streq(b, "ssh-rsa"))
                return verdict(CP_DISALLOWED, is_bsi(p) ? rule : R_131_SIG, "%s: RSA signatures with SHA-1", name);
        if (streq(b, "rsa-sha2-256") || streq(b, "rsa-sha2-512")) {
                if (rsa_bits == 0)
                        return verdict(CP_ACCEPTABLE, rule, "%s: RSA with %s (key size not known)", name, streq(b, "rsa-sha2-256") ? "SHA-256" : "SHA-512");
                v = cp_public_key(p, "RSA", rsa_bits, NULL);
                return verdict(v.status, v.rule, "%s: %s", name, v.reason);
        }
        return verdict(CP_UNKNOWN, R_TABLES, "%s: SSH host key algorithm not known", name);
}

/* ---------------------------------------------------------------- data at rest */

struct cp_verdict cp_luks_cipher(const struct crypto_policy *p, const char *cipher, unsigned key_bits)
{
        const bool bsi = is_bsi(p);
        const char *rule = bsi ? R_BSI_SYM : R_38E;
        char buf[128], *alg, *mode, *iv;
        struct cp_verdict v;

        if (!cipher || !*cipher)
                return verdict(CP_UNKNOWN, R_TABLES, "no cipher named");
        if (override_lookup(p, CAT_LUKS_CIPHER, cipher, cipher, &v))
                return v;
        if (strlen(cipher) >= sizeof(buf))
                return verdict(CP_UNKNOWN, R_TABLES, "cipher specification too long");

        /* Kernel crypto API form "capi:xts(aes)-plain64" becomes "aes-xts-plain64". */
        if (startswith(cipher, "capi:")) {
                const char *s = cipher + 5, *open = strchr(s, '('), *close = open ? strchr(open, ')') : NULL;
                if (!open || !close)
                        return verdict(CP_UNKNOWN, R_TABLES, "%s: kernel crypto API form not understood", cipher);
                snprintf(buf, sizeof(buf), "%.*s-%.*s%s", (int) (close - open - 1), open + 1, (int) (open - s), s, close + 1);
        } else
                snprintf(buf, sizeof(buf), "%s", cipher);
        for (char *c = buf; *c; c++)
                *c = (char) tolower((unsigned char) *c);

        alg = buf;
        mode = strchr(alg, '-');
        if (mode)
                *mode++ = 0;
        iv = mode ? strchr(mode, '-') : NULL;
        if (iv)
                *iv++ = 0;

        if (streq(alg, "cipher_null") || streq(alg, "null") || streq(alg, "ecb") )
                return verdict(CP_DISALLOWED, rule, "%s: no encryption", cipher);
        if (streq(alg, "des") || streq(alg, "des3_ede") || streq(alg, "3des") || streq(alg, "blowfish") || streq(alg, "cast5"))
                return verdict(CP_DISALLOWED, bsi ? R_BSI_SYM : R_131_BLOCK, "%s: 64-bit block cipher", cipher);
        if (strstr(cipher, "adiantium"))
                return verdict(CP_DEPRECATED, rule, "%s: Adiantum (XChaCha12) is not an approved cipher", cipher);
        if (!streq(alg, "aes"))
                return verdict(CP_DEPRECATED, bsi ? R_BSI_SYM : R_131_BLOCK, "%s: %s is not an approved block cipher (AES only)", cipher, alg);
        if (!mode)
                return verdict(CP_DISALLOWED, rule, "%s: no mode given (the kernel default is CBC with a plain IV)", cipher);
        if (streq(mode, "ecb"))
                return verdict(CP_DISALLOWED, rule, "%s: ECB mode leaks plaintext patterns", cipher);
        if (streq(mode, "cbc")) {
                if (iv && startswith(iv, "essiv"))
                        return verdict(CP_DEPRECATED, rule, "%s: CBC-ESSIV is malleable; use XTS", cipher);
                return verdict(CP_DISALLOWED, rule, "%s: CBC with a predictable IV allows watermarking", cipher);
        }
        if (streq(mode, "xts")) {
                /* XTS takes two keys: 256 bits is AES-128, 512 bits AES-256. */
                if (key_bits && key_bits < p->sizes.min_luks_key_bits)
                        return verdict(CP_DISALLOWED, rule, "%s with a %u-bit key: below %u bits", cipher, key_bits, p->sizes.min_luks_key_bits);
                if (iv && !streq(iv, "plain64") && !streq(iv, "plain64be") && !streq(iv, "plain"))
                        return verdict(CP_UNKNOWN, R_TABLES, "%s: IV generator %s not known", cipher, iv);
                if (key_bits == 0)
                        return verdict(CP_ACCEPTABLE, rule, "%s (XTS-AES; key size not known)", cipher);
                return verdict(CP_ACCEPTABLE, rule, "%s, %u-bit key (AES-%u in XTS)", cipher, key_bits, key_bits / 2);
        }
        if (streq(mode, "gcm") || streq(mode, "ccm"))
                return verdict(CP_ACCEPTABLE, rule, "%s: authenticated encryption (dm-integrity)", cipher);
        return verdict(CP_UNKNOWN, R_TABLES, "%s: mode %s not known", cipher, mode);
}

struct cp_verdict cp_pbkdf(const struct crypto_policy *p, const char *type, const struct cp_pbkdf_params *params)
{
        const bool bsi = is_bsi(p);
        struct cp_verdict v;

        if (!type || !*type)
                return verdict(CP_UNKNOWN, R_TABLES, "no PBKDF named");
        if (override_lookup(p, CAT_PBKDF, type, type, &v))
                return v;
        if (strcaseeq(type, "argon2id") || strcaseeq(type, "argon2i")) {
                const bool id = strcaseeq(type, "argon2id");
                const char *rule = bsi ? R_BSI_PW : R_9106;
                if (params && params->memory_kib && params->memory_kib < p->sizes.min_argon2_memory_kib)
                        return verdict(CP_LEGACY, rule, "%s with %u KiB memory: below %u KiB", type, params->memory_kib,
                                       p->sizes.min_argon2_memory_kib);
                if (params && params->time_cost && params->time_cost < p->sizes.min_argon2_time)
                        return verdict(CP_LEGACY, rule, "%s with %u iterations: below %u", type, params->time_cost, p->sizes.min_argon2_time);
                if (!id)
                        return verdict(CP_LEGACY, rule, "%s: Argon2id is the recommended variant (side-channel and trade-off resistance)", type);
                return verdict(CP_ACCEPTABLE, rule, "%s: memory-hard%s", type, bsi ? "" : " (NIST SP 800-132 names only PBKDF2)");
        }
        if (strcaseeq(type, "pbkdf2")) {
                const char *rule = bsi ? R_BSI_PW : R_132;
                if (params && params->iterations && params->iterations < 1000)
                        return verdict(CP_DISALLOWED, rule, "pbkdf2 with %u iterations: below the minimum of 1000", params->iterations);
                if (params && params->hash) {
                        v = cp_hash(p, params->hash, CP_HASH_HMAC);
                        if (v.status == CP_DISALLOWED || v.status == CP_DEPRECATED)
                                return verdict(v.status, v.rule, "pbkdf2 with %s", v.reason);
                }
                if (params && params->iterations && params->iterations < p->sizes.min_pbkdf2_iterations)
                        return verdict(CP_LEGACY, rule, "pbkdf2 with %u iterations: below %u", params->iterations, p->sizes.min_pbkdf2_iterations);
                if (bsi)
                        return verdict(CP_LEGACY, rule, "pbkdf2: not memory-hard; Argon2id is recommended");
                return verdict(CP_ACCEPTABLE, rule, "pbkdf2%s%s", params && params->hash ? " with " : "", params && params->hash ? params->hash : "");
        }
        return verdict(CP_UNKNOWN, R_TABLES, "%s: PBKDF not known", type);
}
