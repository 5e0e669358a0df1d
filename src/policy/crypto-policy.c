/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The crypto policy model: built-in policies, accessors, the policy file's overrides. */
#include <ctype.h>
#include <stdarg.h>
#include <strings.h>

#include "crypto-policy-internal.h"

const char *cp_status_to_string(enum cp_status s)
{
        static const char *const t[_CP_STATUS_MAX] = {
                [CP_ACCEPTABLE] = "acceptable", [CP_LEGACY] = "legacy", [CP_UNKNOWN] = "unknown",
                [CP_DEPRECATED] = "deprecated", [CP_DISALLOWED] = "disallowed",
        };
        return (unsigned) s < _CP_STATUS_MAX ? t[s] : "unknown";
}

int cp_status_from_string(const char *s, enum cp_status *ret)
{
        for (enum cp_status st = 0; st < _CP_STATUS_MAX; st++)
                if (streq(s, cp_status_to_string(st))) {
                        *ret = st;
                        return 0;
                }
        return -EINVAL;
}

struct cp_verdict cp_verdictf(enum cp_status status, const char *rule, const char *fmt, ...)
{
        struct cp_verdict v = { .status = status, .rule = rule };
        va_list ap;

        va_start(ap, fmt);
        vsnprintf(v.reason, sizeof(v.reason), fmt, ap);
        va_end(ap);
        return v;
}

bool cp_override_lookup(const struct crypto_policy *p, enum category cat, const char *name, const char *what, struct cp_verdict *v)
{
        for (size_t i = 0; i < p->ov[cat].n; i++) {
                const struct override *o = &p->ov[cat].v[i];
                if (!strcaseeq(o->name, name))
                        continue;
                *v = cp_verdictf(o->status, o->rule, "%s: %s by the policy file", what,
                                 o->status == CP_ACCEPTABLE ? "allowed" : "denied");
                return true;
        }
        return false;
}

void crypto_policy_set_defaults(struct crypto_policy *p, enum base b)
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
        crypto_policy_set_defaults(p, b);
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

void cp_hash_key(const char *name, char *out, size_t size)
{
        size_t n = 0;
        for (const char *c = name; *c && n + 1 < size; c++)
                if (*c != '-' && *c != '_')
                        out[n++] = (char) tolower((unsigned char) *c);
        out[n] = 0;
}
