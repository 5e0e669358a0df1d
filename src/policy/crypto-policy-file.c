/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Policy files: the INI parser (inih) and the loader of a file and its drop-ins. */
#include <ctype.h>
#include <ini.h>
#include <stdarg.h>
#include <strings.h>

#include "conf-dropins.h"
#include "crypto-policy-internal.h"
#include "parse-util.h"
#include "strv.h"

static const char *const category_section[_CAT_MAX] = {
        [CAT_TLS_VERSION] = "tls-versions", [CAT_TLS_SUITE] = "tls-suites", [CAT_TLS_GROUP] = "tls-groups",
        [CAT_TLS_SIG] = "tls-sigschemes", [CAT_SSH_KEX] = "ssh-kex", [CAT_SSH_CIPHER] = "ssh-ciphers",
        [CAT_SSH_MAC] = "ssh-macs", [CAT_SSH_HOSTKEY] = "ssh-hostkeys", [CAT_LUKS_CIPHER] = "luks-ciphers",
        [CAT_PBKDF] = "pbkdf", [CAT_HASH] = "hashes",
};

#define POLICY_FILE_MAX (1024u * 1024)
#define POLICY_OVERRIDES_MAX 10000

static char *lowercase_dup(const char *s)
{
        char *d = xstrdup(s);
        for (char *c = d; *c; c++)
                *c = (char) tolower((unsigned char) *c);
        return d;
}

struct parse_state {
        struct crypto_policy *policy;
        const char *filename;
        const char *buf;
        size_t len;
        size_t pos;
        unsigned line;       /* line next_line() returned last */
        bool line_too_long;
        bool seen_other;     /* a non-[policy] setting came before base= */
        char *error;
        unsigned error_line;
};

/* fgets() over the buffer, counting lines; a line longer than inih's buffer is an error, not a split. */
static char *next_line(char *str, int num, void *stream)
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
        msg = xvasprintf(fmt, ap);
        va_end(ap);
        s->error = xasprintf("%s:%u: %s", s->filename, s->line, msg);
        s->error_line = s->line;
        free(msg);
        return 0;
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
                cp_hash_key(item, k, sizeof(k));
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

static int apply_setting(void *user, const char *section, const char *name, const char *value)
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
                                crypto_policy_set_defaults(p, BASE_NIST);
                        else if (strcaseeq(value, "bsi"))
                                crypto_policy_set_defaults(p, BASE_BSI);
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
                                if (parse_uint(value, 0, keys[i].max, &u) < 0)
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

        k = ini_parse_stream(next_line, &s, apply_setting, &s);
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

        crypto_policy_set_defaults(p, BASE_NIST);
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

#define POLICY_DROPINS_MAX 256

struct load_state {
        struct crypto_policy *policy;
        char **error;
};

static int parse_one_file(const char *path, const char *buf, size_t len, bool dropin, void *userdata)
{
        struct load_state *st = userdata;

        if (!dropin)
                return crypto_policy_parse(buf, len, path, &st->policy, st->error);
        return parse_into(st->policy, buf, len, path, true, st->error);
}

int crypto_policy_load(const char *name_or_path, struct crypto_policy **ret, char **ret_error)
{
        _cleanup_free_ char *dropin_dir = NULL, *failed = NULL;
        struct load_state st = { .error = ret_error };
        int k;

        if (!name_or_path)
                return -EINVAL;
        k = crypto_policy_builtin(name_or_path, ret);
        if (k != -ENOENT)
                return k;

        /* The file and the *.conf files of FILE.d in name order, each overriding what came before (as systemd's). */
        dropin_dir = xasprintf("%s.d", name_or_path);
        k = conf_load_dropins(&file_source_host,
                              &(const struct conf_files){
                                      .main_path = name_or_path,
                                      .dropin_dir = dropin_dir,
                                      .file_max = POLICY_FILE_MAX,
                                      .dropins_max = POLICY_DROPINS_MAX,
                              },
                              parse_one_file, &st, &failed);
        if (k < 0) {
                if (failed && ret_error) {
                        if (k == -E2BIG && streq(failed, dropin_dir))
                                *ret_error = xasprintf("%s: too many drop-ins or entries (at most %u drop-ins)", failed, POLICY_DROPINS_MAX);
                        else if (streq(failed, name_or_path) && k != -EISDIR && k != -EBADFD && k != -EFBIG)
                                /* Not there (or not ours to read): perhaps a misspelt built-in name. */
                                *ret_error = xasprintf("%s: %s (built-in policies: nist, bsi)", failed, strerror(-k));
                        else
                                *ret_error = xasprintf("%s: %s", failed, strerror(-k));
                }
                crypto_policy_free(st.policy);
                return k;
        }
        *ret = st.policy;
        return 0;
}
