/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Public keys, hash functions and X.509 certificates. */
#include <ctype.h>
#include <strings.h>
#include <time.h>

#include "crypto-policy-internal.h"
#include "time-util.h"

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
                        return cp_verdictf(CP_DISALLOWED, krule, "%s %u bits: below %u bits", t, bits, p->sizes.min_rsa_bits);
                if (bits < 3072 && !bsi)
                        return cp_verdictf(CP_LEGACY, krule, "%s %u bits: 112-bit strength, use 3072 bits for use after 2030", t, bits);
                return cp_verdictf(CP_ACCEPTABLE, krule, "%s %u bits", t, bits);
        }
        if (strcaseeq(t, "DH") || strcaseeq(t, "DHX")) {
                if (bits < p->sizes.min_dh_bits)
                        return cp_verdictf(CP_DISALLOWED, krule, "DH %u bits: below %u bits", bits, p->sizes.min_dh_bits);
                if (bits < 3072 && !bsi)
                        return cp_verdictf(CP_LEGACY, krule, "DH %u bits: 112-bit strength, use 3072 bits for use after 2030", bits);
                return cp_verdictf(CP_ACCEPTABLE, krule, "DH %u bits", bits);
        }
        if (strcaseeq(t, "DSA"))
                return cp_verdictf(CP_DISALLOWED, bsi ? R_BSI_KEYS : R_186_5, "DSA %u bits: DSA is no longer approved for signatures", bits);
        if (strcaseeq(t, "EC") || strcaseeq(t, "ECDSA")) {
                const char *c = curve ? curve : "unnamed curve";
                if (bits < p->sizes.min_ec_bits)
                        return cp_verdictf(CP_DISALLOWED, krule, "EC %s (%u bits): below %u bits", c, bits, p->sizes.min_ec_bits);
                if (curve && curve_is(curve, bp_curves))
                        return bsi ? cp_verdictf(CP_ACCEPTABLE, krule, "EC %s", c)
                                   : cp_verdictf(CP_LEGACY, R_186_CURVES, "EC %s: Brainpool curves only for interoperability", c);
                if (curve && !curve_is(curve, nist_curves))
                        return cp_verdictf(CP_DEPRECATED, bsi ? krule : R_186_CURVES, "EC %s: not an approved curve", c);
                if (bits < 256 && !bsi)
                        return cp_verdictf(CP_LEGACY, krule, "EC %s (%u bits): 112-bit strength, not enough for use after 2030", c, bits);
                return cp_verdictf(CP_ACCEPTABLE, krule, "EC %s (%u bits)", c, bits);
        }
        if (strcaseeq(t, "ED25519") || strcaseeq(t, "ED448")) {
                if (bsi)
                        return cp_verdictf(CP_LEGACY, krule, "%s: EdDSA is not listed in TR-02102-1", t);
                return cp_verdictf(CP_ACCEPTABLE, R_186_5, "%s: EdDSA (FIPS 186-5)", t);
        }
        if (strcaseeq(t, "X25519") || strcaseeq(t, "X448"))
                return cp_verdictf(CP_DEPRECATED, bsi ? krule : R_52_GROUPS, "%s: not an approved key-agreement curve", t);
        if (strcaseeq(t, "ML-DSA-44") || strcaseeq(t, "ML-DSA-65") || strcaseeq(t, "ML-DSA-87"))
                return cp_verdictf(CP_ACCEPTABLE, "FIPS 204 (ML-DSA)", "%s", t);
        return cp_verdictf(CP_UNKNOWN, R_TABLES, "key type %s (%u bits) is not known", t, bits);
}

struct cp_verdict cp_hash(const struct crypto_policy *p, const char *name, enum cp_hash_use use)
{
        static const char *const good[] = { "sha256", "sha384", "sha512", "sha512256", "sha3256", "sha3384", "sha3512", NULL };
        const bool bsi = is_bsi(p);
        const char *rule = bsi ? R_BSI_HASH : R_131_HASH;
        struct cp_verdict v;
        char k[32];

        if (!name)
                return cp_verdictf(CP_UNKNOWN, R_TABLES, "no hash named");
        cp_hash_key(name, k, sizeof(k));
        if (cp_override_lookup(p, CAT_HASH, k, name, &v))
                return v;
        if (streq(k, "md5") || streq(k, "md4") || streq(k, "md2"))
                return cp_verdictf(CP_DISALLOWED, rule, "%s: broken (collisions)", name);
        if (streq(k, "sha1")) {
                if (use == CP_HASH_SIGNATURE)
                        return cp_verdictf(CP_DISALLOWED, bsi ? rule : R_131_SIG, "%s: disallowed for signature generation", name);
                if (use == CP_HASH_HMAC && !bsi)
                        return cp_verdictf(CP_LEGACY, R_131_MAC, "%s: still allowed in HMAC and KDFs, not for signatures", name);
                return cp_verdictf(CP_DEPRECATED, rule, "%s: collision attacks are practical", name);
        }
        if (streq(k, "sha224") || streq(k, "sha512224") || streq(k, "sha3224"))
                return cp_verdictf(CP_LEGACY, R_57_STRENGTH, "%s: 112-bit collision strength, not enough for use after 2030", name);
        for (size_t i = 0; good[i]; i++)
                if (streq(k, good[i]))
                        return cp_verdictf(CP_ACCEPTABLE, rule, "%s", name);
        if (streq(k, "ripemd160") || streq(k, "sm3") || streq(k, "streebog256") || streq(k, "streebog512") ||
            streq(k, "whirlpool") || strncmp(k, "blake2", 6) == 0)
                return cp_verdictf(CP_DEPRECATED, rule, "%s: not an approved hash function", name);
        return cp_verdictf(CP_UNKNOWN, R_TABLES, "hash %s is not known", name);
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
static void verdict_accumulate(struct cp_verdict *acc, const struct cp_verdict *v)
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
        if (!format_utc((time_t) t, "%Y-%m-%d", buf, size))
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
                        v = cp_verdictf(v.status, v.rule, "%s (%s)", what, v.reason);
                }
                verdict_accumulate(&acc, &v);
        }
        if (c->now > c->not_after) {
                format_date(c->not_after, d, sizeof(d));
                v = cp_verdictf(CP_DISALLOWED, crule, "expired on %s", d);
                verdict_accumulate(&acc, &v);
        } else if (c->now < c->not_before) {
                format_date(c->not_before, d, sizeof(d));
                v = cp_verdictf(CP_DEPRECATED, crule, "not valid before %s", d);
                verdict_accumulate(&acc, &v);
        }
        if (c->tls_server && !c->is_ca) {
                int64_t days = (c->not_after - c->not_before) / 86400;
                if (days > (int64_t) p->sizes.max_cert_validity_days) {
                        v = cp_verdictf(CP_DEPRECATED, crule, "valid for %lld days, more than %u", (long long) days,
                                        p->sizes.max_cert_validity_days);
                        verdict_accumulate(&acc, &v);
                }
                if (!c->has_san) {
                        v = cp_verdictf(CP_DEPRECATED, crule, "no subjectAltName extension");
                        verdict_accumulate(&acc, &v);
                }
                if (c->has_eku && !c->eku_server_auth) {
                        v = cp_verdictf(CP_DEPRECATED, crule, "extendedKeyUsage without serverAuth");
                        verdict_accumulate(&acc, &v);
                } else if (!c->has_eku) {
                        v = cp_verdictf(CP_LEGACY, crule, "no extendedKeyUsage extension (serverAuth expected)");
                        verdict_accumulate(&acc, &v);
                }
        }
        return acc;
}
