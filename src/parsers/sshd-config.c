/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <ctype.h>
#include <fnmatch.h>
#include <stdarg.h>

#include "cursor.h"
#include "macro.h"
#include "sshd-config.h"
#include "strv.h"

#define MAX_ARGS 256
#define DEFAULT_SOURCE "OpenSSH 9.2p1 default (Debian 12)"

/* Defaults and the supported sets (`sshd -T -f /dev/null`, `ssh -Q ...` of Debian 12's 9.2p1-2+deb12u10). */
static const char *const list_defaults[_SSHD_LIST_MAX] = {
        [SSHD_KEX] = "sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,"
                     "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,"
                     "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256",
        [SSHD_CIPHERS] = "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
        [SSHD_MACS] = "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,"
                      "hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
        [SSHD_HOSTKEY_ALGORITHMS] =
                "ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,"
                "ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,"
                "rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"
                "ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256",
};

static const char *const list_all[_SSHD_LIST_MAX] = {
        [SSHD_KEX] = "diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,diffie-hellman-group14-sha256,diffie-hellman-group16-sha512,"
                     "diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha1,diffie-hellman-group-exchange-sha256,"
                     "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,curve25519-sha256,curve25519-sha256@libssh.org,"
                     "sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com",
        [SSHD_CIPHERS] = "3des-cbc,aes128-cbc,aes192-cbc,aes256-cbc,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,"
                         "aes256-gcm@openssh.com,chacha20-poly1305@openssh.com",
        [SSHD_MACS] = "hmac-sha1,hmac-sha1-96,hmac-sha2-256,hmac-sha2-512,hmac-md5,hmac-md5-96,umac-64@openssh.com,umac-128@openssh.com,"
                      "hmac-sha1-etm@openssh.com,hmac-sha1-96-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,"
                      "hmac-md5-etm@openssh.com,hmac-md5-96-etm@openssh.com,umac-64-etm@openssh.com,umac-128-etm@openssh.com",
        [SSHD_HOSTKEY_ALGORITHMS] =
                "ssh-ed25519,ssh-ed25519-cert-v01@openssh.com,sk-ssh-ed25519@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,"
                "ecdsa-sha2-nistp256,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384,ecdsa-sha2-nistp384-cert-v01@openssh.com,"
                "ecdsa-sha2-nistp521,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,"
                "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,webauthn-sk-ecdsa-sha2-nistp256@openssh.com,ssh-dss,"
                "ssh-dss-cert-v01@openssh.com,ssh-rsa,ssh-rsa-cert-v01@openssh.com,rsa-sha2-256,rsa-sha2-256-cert-v01@openssh.com,"
                "rsa-sha2-512,rsa-sha2-512-cert-v01@openssh.com",
};

static const char *const list_keyword[_SSHD_LIST_MAX] = {
        [SSHD_KEX] = "KexAlgorithms", [SSHD_CIPHERS] = "Ciphers", [SSHD_MACS] = "MACs",
        [SSHD_HOSTKEY_ALGORITHMS] = "HostKeyAlgorithms",
};

const char *sshd_list_keyword(enum sshd_list which) { return (unsigned) which < _SSHD_LIST_MAX ? list_keyword[which] : NULL; }
const char *sshd_list_default(enum sshd_list which) { return (unsigned) which < _SSHD_LIST_MAX ? list_defaults[which] : NULL; }

struct sshd_config *sshd_config_new(void)
{
        struct sshd_config *c = xmalloc0(sizeof(*c));
        c->includes = xmalloc0(sizeof(char *));
        c->include_sources = xmalloc0(sizeof(char *));
        c->host_keys = xmalloc0(sizeof(char *));
        c->problems = xmalloc0(sizeof(char *));
        return c;
}

static void settings_free(struct sshd_setting *v, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                free(v[i].keyword);
                free(v[i].value);
                free(v[i].source);
        }
        free(v);
}

void sshd_config_free(struct sshd_config *c)
{
        if (!c)
                return;
        settings_free(c->settings, c->n_settings);
        settings_free(c->match_settings, c->n_match_settings);
        strv_free(c->includes);
        strv_free(c->include_sources);
        strv_free(c->host_keys);
        strv_free(c->problems);
        free(c);
}

const struct sshd_setting *sshd_config_get(const struct sshd_config *c, const char *keyword)
{
        for (size_t i = 0; i < c->n_settings; i++)
                if (strcaseeq(c->settings[i].keyword, keyword))
                        return &c->settings[i];
        return NULL;
}

/* Records what sshd would refuse to start with, or what we could not follow (at most 100). */
_printf_(2, 3)
static void add_problem(struct sshd_config *c, const char *fmt, ...)
{
        va_list ap;
        char *s;

        if (strv_length(c->problems) >= 100)
                return;
        va_start(ap, fmt);
        s = xvasprintf(fmt, ap);
        va_end(ap);
        strv_consume(&c->problems, s);
}

static void add_setting(struct sshd_setting **v, size_t *n, const char *keyword, const char *value, const char *source)
{
        *v = xreallocarray(*v, *n + 1, sizeof(**v));
        (*v)[(*n)++] = (struct sshd_setting){ .keyword = xstrdup(keyword), .value = xstrdup(value), .source = xstrdup(source) };
}

/*
 * Splits a line's arguments like OpenSSH's argv_split(): blanks separate,
 * double quotes group (with \" and \\ inside), an unquoted '#' at the start
 * of a word ends the line. Returns the number of words, or -EBADMSG for an
 * unterminated quote, -E2BIG for too many words.
 */
static int split_args(struct slice s, char ***ret)
{
        _cleanup_strv_free_ char **argv = xmalloc0(sizeof(char *));
        size_t i = 0, n = 0;

        while (i < s.len) {
                char *word;
                size_t w = 0;

                while (i < s.len && (s.p[i] == ' ' || s.p[i] == '\t'))
                        i++;
                if (i >= s.len)
                        break;
                if (s.p[i] == '#')
                        break;
                if (++n > MAX_ARGS)
                        return -E2BIG;
                word = xmalloc0(s.len - i + 1);
                while (i < s.len && s.p[i] != ' ' && s.p[i] != '\t') {
                        if (s.p[i] == '"') {
                                i++;
                                while (i < s.len && s.p[i] != '"') {
                                        if (s.p[i] == '\\' && i + 1 < s.len && (s.p[i + 1] == '"' || s.p[i + 1] == '\\'))
                                                i++;
                                        word[w++] = s.p[i++];
                                }
                                if (i >= s.len) {
                                        free(word);
                                        return -EBADMSG;
                                }
                                i++;
                        } else
                                word[w++] = s.p[i++];
                }
                word[w] = 0;
                strv_consume(&argv, word);
        }
        *ret = TAKE_PTR(argv);
        return (int) n;
}

static bool keyword_is(struct slice k, const char *lit) { return slice_caseeq(k, lit); }

int sshd_config_parse(struct sshd_config *c, const char *buf, size_t len, const char *source, unsigned depth,
                      sshd_include_fn include, void *userdata)
{
        struct cursor cur = cursor_make(buf, len);
        struct slice line;
        unsigned lineno = 0;

        if (!buf && len > 0)
                return -EINVAL;
        if (depth > SSHD_CONFIG_MAX_DEPTH) {
                add_problem(c, "%s: Include nested more than %u deep", source, SSHD_CONFIG_MAX_DEPTH);
                return -E2BIG;
        }
        if (len > SSHD_CONFIG_MAX_BYTES) {
                add_problem(c, "%s: larger than %u bytes, not read", source, SSHD_CONFIG_MAX_BYTES);
                return -E2BIG;
        }

        while (cursor_line(&cur, &line)) {
                _cleanup_strv_free_ char **args = NULL;
                _cleanup_free_ char *where = NULL, *keyword = NULL, *value = NULL;
                struct slice k;
                size_t i = 0;
                int n;

                lineno++;
                if (++c->total_lines > SSHD_CONFIG_MAX_LINES) {
                        add_problem(c, "%s:%u: more than %u lines in all, the rest is not read", source, lineno, SSHD_CONFIG_MAX_LINES);
                        return -E2BIG;
                }
                line = slice_strip(line);
                if (line.len == 0 || line.p[0] == '#')
                        continue;
                if (memchr(line.p, 0, line.len)) {
                        add_problem(c, "%s:%u: NUL byte in line", source, lineno);
                        return -EBADMSG;
                }
                where = xasprintf("%s:%u", source, lineno);

                /* Keyword, then blanks and at most one '=' (sshd accepts "Ciphers=aes128-ctr"). */
                while (i < line.len && line.p[i] != ' ' && line.p[i] != '\t' && line.p[i] != '=')
                        i++;
                k = (struct slice){ line.p, i };
                while (i < line.len && (line.p[i] == ' ' || line.p[i] == '\t'))
                        i++;
                if (i < line.len && line.p[i] == '=')
                        i++;
                n = split_args((struct slice){ line.p + i, line.len - i }, &args);
                if (n < 0) {
                        add_problem(c, "%s: %s", where, n == -E2BIG ? "too many arguments" : "unterminated quote");
                        return n;
                }
                if (k.len == 0 || n == 0) {
                        add_problem(c, "%s: keyword without a value; sshd refuses this file", where);
                        return -EBADMSG;
                }
                keyword = slice_dup(k);
                for (char *p = keyword; *p; p++)
                        *p = (char) tolower((unsigned char) *p);
                value = strv_join(args, " ");

                if (keyword_is(k, "Include")) {
                        for (char **a = args; *a; a++) {
                                _cleanup_free_ char *pattern = NULL;
                                bool saved_match = c->in_match;
                                int r;

                                /* sshd makes relative Include paths relative to /etc/ssh. */
                                pattern = (*a)[0] == '/' ? xstrdup(*a) : xasprintf("/etc/ssh/%s", *a);
                                if (strv_length(c->includes) >= 1000) {
                                        add_problem(c, "%s: too many Include directives", where);
                                        return -E2BIG;
                                }
                                strv_push(&c->includes, pattern);
                                strv_push(&c->include_sources, where);
                                if (!include)
                                        continue;
                                r = include(c, pattern, depth + 1, userdata);
                                if (r < 0 && r != -ENOENT)
                                        add_problem(c, "%s: Include %s: %s", where, pattern, strerror(-r));
                                /* A Match inside an included file ends with that file. */
                                c->in_match = saved_match;
                        }
                        continue;
                }
                if (keyword_is(k, "Match")) {
                        c->n_match_blocks++;
                        /* "Match all" ends conditional blocks: what follows applies to everyone again. */
                        c->in_match = !(n == 1 && strcaseeq(args[0], "all"));
                        add_setting(&c->match_settings, &c->n_match_settings, keyword, value, where);
                        continue;
                }
                if (c->in_match) {
                        if (c->n_match_settings < SSHD_CONFIG_MAX_SETTINGS)
                                add_setting(&c->match_settings, &c->n_match_settings, keyword, value, where);
                        continue;
                }
                if (keyword_is(k, "HostKey")) {
                        if (strv_length(c->host_keys) < 64)
                                strv_push(&c->host_keys, args[0]);
                        continue;
                }
                if (sshd_config_get(c, keyword))
                        continue; /* the first value wins */
                if (c->n_settings >= SSHD_CONFIG_MAX_SETTINGS) {
                        add_problem(c, "%s: more than %u settings", where, SSHD_CONFIG_MAX_SETTINGS);
                        return -E2BIG;
                }
                add_setting(&c->settings, &c->n_settings, keyword, value, where);
        }
        return 0;
}

static bool pattern_match(const char *pattern, const char *name)
{
        /* OpenSSH patterns: '*' and '?' only; fnmatch without flags treats '[' specially, names never contain it. */
        return fnmatch(pattern, name, 0) == 0;
}

/* Appends the items of `add` that l does not have yet (kex_names_cat). */
static void names_cat(char ***l, char *const *add)
{
        for (char *const *a = add; a && *a; a++)
                if (!strv_contains(*l, *a))
                        strv_push(l, *a);
}

int sshd_config_algorithms(const struct sshd_config *c, enum sshd_list which, char ***ret, const char **ret_source)
{
        _cleanup_strv_free_ char **def = NULL, **all = NULL, **list = NULL, **out = NULL;
        const struct sshd_setting *s;
        const char *v;

        if ((unsigned) which >= _SSHD_LIST_MAX)
                return -EINVAL;
        def = strv_split(list_defaults[which], ",");
        all = strv_split(list_all[which], ",");
        s = sshd_config_get(c, list_keyword[which]);
        if (!s) {
                *ret = TAKE_PTR(def);
                if (ret_source)
                        *ret_source = DEFAULT_SOURCE;
                return 0;
        }
        v = s->value;
        out = xmalloc0(sizeof(char *));
        if (v[0] == '-') {
                /* Remove every default matching one of the patterns. */
                _cleanup_strv_free_ char **pat = strv_split(v + 1, ",");
                for (char **d = def; *d; d++) {
                        bool drop = false;
                        for (char **p = pat; *p && !drop; p++)
                                drop = pattern_match(*p, *d);
                        if (!drop)
                                strv_push(&out, *d);
                }
        } else {
                _cleanup_strv_free_ char **given = strv_split(v[0] == '+' || v[0] == '^' ? v + 1 : v, ",");
                list = xmalloc0(sizeof(char *));
                if (v[0] == '+') {
                        names_cat(&list, def);
                        names_cat(&list, given);
                } else if (v[0] == '^') {
                        names_cat(&list, given);
                        names_cat(&list, def);
                } else
                        names_cat(&list, given);
                /* Each item is a pattern over the supported algorithms; a name sshd does not know is kept, so the policy sees it. */
                for (char **p = list; *p; p++) {
                        bool matched = false;
                        for (char **a = all; *a; a++)
                                if (pattern_match(*p, *a)) {
                                        names_cat(&out, (char *[]){ *a, NULL });
                                        matched = true;
                                }
                        if (!matched && !strpbrk(*p, "*?"))
                                names_cat(&out, (char *[]){ *p, NULL });
                }
        }
        *ret = TAKE_PTR(out);
        if (ret_source)
                *ret_source = s->source;
        return 0;
}
