/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Data at rest: dm-crypt/LUKS cipher specifications and keyslot PBKDFs. */
#include <ctype.h>
#include <strings.h>

#include "crypto-policy-internal.h"

struct cp_verdict cp_luks_cipher(const struct crypto_policy *p, const char *cipher, unsigned key_bits)
{
        const bool bsi = is_bsi(p);
        const char *rule = bsi ? R_BSI_SYM : R_38E;
        char buf[128], *alg, *mode, *iv;
        struct cp_verdict v;

        if (!cipher || !*cipher)
                return cp_verdictf(CP_UNKNOWN, R_TABLES, "no cipher named");
        if (cp_override_lookup(p, CAT_LUKS_CIPHER, cipher, cipher, &v))
                return v;
        if (strlen(cipher) >= sizeof(buf))
                return cp_verdictf(CP_UNKNOWN, R_TABLES, "cipher specification too long");

        /* Kernel crypto API form "capi:xts(aes)-plain64" becomes "aes-xts-plain64". */
        if (startswith(cipher, "capi:")) {
                const char *s = cipher + 5, *open = strchr(s, '('), *close = open ? strchr(open, ')') : NULL;
                if (!open || !close)
                        return cp_verdictf(CP_UNKNOWN, R_TABLES, "%s: kernel crypto API form not understood", cipher);
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
                return cp_verdictf(CP_DISALLOWED, rule, "%s: no encryption", cipher);
        if (streq(alg, "des") || streq(alg, "des3_ede") || streq(alg, "3des") || streq(alg, "blowfish") || streq(alg, "cast5"))
                return cp_verdictf(CP_DISALLOWED, bsi ? R_BSI_SYM : R_131_BLOCK, "%s: 64-bit block cipher", cipher);
        if (strstr(cipher, "adiantium"))
                return cp_verdictf(CP_DEPRECATED, rule, "%s: Adiantum (XChaCha12) is not an approved cipher", cipher);
        if (!streq(alg, "aes"))
                return cp_verdictf(CP_DEPRECATED, bsi ? R_BSI_SYM : R_131_BLOCK, "%s: %s is not an approved block cipher (AES only)", cipher, alg);
        if (!mode)
                return cp_verdictf(CP_DISALLOWED, rule, "%s: no mode given (the kernel default is CBC with a plain IV)", cipher);
        if (streq(mode, "ecb"))
                return cp_verdictf(CP_DISALLOWED, rule, "%s: ECB mode leaks plaintext patterns", cipher);
        if (streq(mode, "cbc")) {
                if (iv && startswith(iv, "essiv"))
                        return cp_verdictf(CP_DEPRECATED, rule, "%s: CBC-ESSIV is malleable; use XTS", cipher);
                return cp_verdictf(CP_DISALLOWED, rule, "%s: CBC with a predictable IV allows watermarking", cipher);
        }
        if (streq(mode, "xts")) {
                /* XTS takes two keys: 256 bits is AES-128, 512 bits AES-256. */
                if (key_bits && key_bits < p->sizes.min_luks_key_bits)
                        return cp_verdictf(CP_DISALLOWED, rule, "%s with a %u-bit key: below %u bits", cipher, key_bits, p->sizes.min_luks_key_bits);
                if (iv && !streq(iv, "plain64") && !streq(iv, "plain64be") && !streq(iv, "plain"))
                        return cp_verdictf(CP_UNKNOWN, R_TABLES, "%s: IV generator %s not known", cipher, iv);
                if (key_bits == 0)
                        return cp_verdictf(CP_ACCEPTABLE, rule, "%s (XTS-AES; key size not known)", cipher);
                return cp_verdictf(CP_ACCEPTABLE, rule, "%s, %u-bit key (AES-%u in XTS)", cipher, key_bits, key_bits / 2);
        }
        if (streq(mode, "gcm") || streq(mode, "ccm"))
                return cp_verdictf(CP_ACCEPTABLE, rule, "%s: authenticated encryption (dm-integrity)", cipher);
        return cp_verdictf(CP_UNKNOWN, R_TABLES, "%s: mode %s not known", cipher, mode);
}

struct cp_verdict cp_pbkdf(const struct crypto_policy *p, const char *type, const struct cp_pbkdf_params *params)
{
        const bool bsi = is_bsi(p);
        struct cp_verdict v;

        if (!type || !*type)
                return cp_verdictf(CP_UNKNOWN, R_TABLES, "no PBKDF named");
        if (cp_override_lookup(p, CAT_PBKDF, type, type, &v))
                return v;
        if (strcaseeq(type, "argon2id") || strcaseeq(type, "argon2i")) {
                const bool id = strcaseeq(type, "argon2id");
                const char *rule = bsi ? R_BSI_PW : R_9106;
                if (params && params->memory_kib && params->memory_kib < p->sizes.min_argon2_memory_kib)
                        return cp_verdictf(CP_LEGACY, rule, "%s with %u KiB memory: below %u KiB", type, params->memory_kib,
                                           p->sizes.min_argon2_memory_kib);
                if (params && params->time_cost && params->time_cost < p->sizes.min_argon2_time)
                        return cp_verdictf(CP_LEGACY, rule, "%s with %u iterations: below %u", type, params->time_cost, p->sizes.min_argon2_time);
                if (!id)
                        return cp_verdictf(CP_LEGACY, rule, "%s: Argon2id is the recommended variant (side-channel and trade-off resistance)", type);
                return cp_verdictf(CP_ACCEPTABLE, rule, "%s: memory-hard%s", type, bsi ? "" : " (NIST SP 800-132 names only PBKDF2)");
        }
        if (strcaseeq(type, "pbkdf2")) {
                const char *rule = bsi ? R_BSI_PW : R_132;
                if (params && params->iterations && params->iterations < 1000)
                        return cp_verdictf(CP_DISALLOWED, rule, "pbkdf2 with %u iterations: below the minimum of 1000", params->iterations);
                if (params && params->hash) {
                        v = cp_hash(p, params->hash, CP_HASH_HMAC);
                        if (v.status == CP_DISALLOWED || v.status == CP_DEPRECATED)
                                return cp_verdictf(v.status, v.rule, "pbkdf2 with %s", v.reason);
                }
                if (params && params->iterations && params->iterations < p->sizes.min_pbkdf2_iterations)
                        return cp_verdictf(CP_LEGACY, rule, "pbkdf2 with %u iterations: below %u", params->iterations, p->sizes.min_pbkdf2_iterations);
                if (bsi)
                        return cp_verdictf(CP_LEGACY, rule, "pbkdf2: not memory-hard; Argon2id is recommended");
                return cp_verdictf(CP_ACCEPTABLE, rule, "pbkdf2%s%s", params && params->hash ? " with " : "", params && params->hash ? params->hash : "");
        }
        return cp_verdictf(CP_UNKNOWN, R_TABLES, "%s: PBKDF not known", type);
}
