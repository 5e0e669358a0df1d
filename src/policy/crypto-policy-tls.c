/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TLS: protocol versions, cipher suites, groups, signature schemes and TLS 1.2 extensions. */
#include <stdio.h>

#include "crypto-policy-internal.h"

struct cp_verdict cp_tls_version(const struct crypto_policy *p, uint16_t version)
{
        const char *name = tls_version_to_string(version);
        const char *rule = is_bsi(p) ? R_BSI_VERSIONS : R_52_VERSIONS;
        struct cp_verdict v;

        if (!name)
                return cp_verdictf(CP_UNKNOWN, R_TABLES, "protocol version 0x%04x is not known", version);
        if (cp_override_lookup(p, CAT_TLS_VERSION, name, name, &v))
                return v;
        switch (version) {
        case 0x0002:
        case TLS_VERSION_SSL3:
                return cp_verdictf(CP_DISALLOWED, rule, "%s: prohibited (broken: POODLE, no modern ciphers)", name);
        case TLS_VERSION_TLS10:
        case TLS_VERSION_TLS11:
                if (is_bsi(p))
                        return cp_verdictf(CP_DISALLOWED, rule, "%s: not recommended by TR-02102-2 (TLS 1.2 or 1.3 only)", name);
                return cp_verdictf(CP_DEPRECATED, rule, "%s: only for interoperability with legacy clients; servers should not offer it", name);
        case TLS_VERSION_TLS12:
                return cp_verdictf(CP_ACCEPTABLE, rule, "%s: required", name);
        default:
                return cp_verdictf(CP_ACCEPTABLE, rule, "%s: required (NIST since 2024-01-01)", name);
        }
}

struct cp_verdict cp_tls_suite_code(const struct crypto_policy *p, uint16_t code)
{
        const struct tls_suite *s = tls_suite_by_code(code);

        if (!s)
                return cp_verdictf(CP_UNKNOWN, R_TABLES, "cipher suite 0x%04X is not in the IANA table Bulwark knows", code);
        return cp_tls_suite(p, s);
}

struct cp_verdict cp_tls_suite(const struct crypto_policy *p, const struct tls_suite *s)
{
        const bool bsi = is_bsi(p);
        const char *rule = bsi ? R_BSI_SUITES : R_52_SUITES;
        const char *n = s->iana;
        struct cp_verdict v;
        char enc[48];

        if (cp_override_lookup(p, CAT_TLS_SUITE, n, n, &v))
                return v;
        if (s->scsv)
                return cp_verdictf(CP_ACCEPTABLE, rule, "%s: signalling value, not a cipher suite", n);
        tls_suite_encryption(s, enc, sizeof(enc));

        /* Broken or no protection first: these are disallowed whatever else the suite has. */
        if (s->cipher == TLS_CIPHER_NULL || s->kx == TLS_KX_NULL)
                return cp_verdictf(CP_DISALLOWED, rule, "%s: no encryption (NULL cipher)", n);
        if (s->au == TLS_AU_ANON)
                return cp_verdictf(CP_DISALLOWED, rule, "%s: anonymous key exchange, the server is not authenticated", n);
        if (s->export_grade)
                return cp_verdictf(CP_DISALLOWED, rule, "%s: export-grade (%u-bit) cipher", n, s->strength);
        if (s->cipher == TLS_CIPHER_RC4)
                return cp_verdictf(CP_DISALLOWED, R_RFC7465, "%s: RC4 stream cipher is broken", n);
        if (s->cipher == TLS_CIPHER_DES || s->cipher == TLS_CIPHER_RC2)
                return cp_verdictf(CP_DISALLOWED, bsi ? R_BSI_SYM : R_131_BLOCK, "%s: %s has a %u-bit key", n, enc, s->strength);
        if (s->cipher == TLS_CIPHER_3DES)
                return cp_verdictf(CP_DISALLOWED, bsi ? R_BSI_SYM : R_131_BLOCK,
                                   "%s: 3DES (TDEA) is disallowed for encryption after 2023 (64-bit block, Sweet32)", n);
        if (s->mac == TLS_HASH_MD5)
                return cp_verdictf(CP_DISALLOWED, bsi ? R_BSI_HASH : R_131_MAC, "%s: HMAC-MD5 record MAC", n);
        if (s->strength < p->sizes.min_strength)
                return cp_verdictf(CP_DISALLOWED, R_57_STRENGTH, "%s: %u-bit strength is below %u", n, s->strength, p->sizes.min_strength);

        /* Ciphers the policy does not approve. */
        if (s->cipher == TLS_CIPHER_CHACHA20)
                return cp_verdictf(CP_DEPRECATED, rule, "%s: ChaCha20-Poly1305 is not an approved cipher in %s", n,
                                   bsi ? "TR-02102-2" : "SP 800-52r2");
        if (s->cipher != TLS_CIPHER_AES)
                return cp_verdictf(CP_DEPRECATED, bsi ? R_BSI_SYM : R_131_BLOCK, "%s: %s is not an approved block cipher (AES only)", n,
                                   tls_cipher_to_string(s->cipher));

        /* TLS 1.3: the suite is only the AEAD; key exchange and authentication are judged as groups and signature schemes. */
        if (s->kx == TLS_KX_TLS13) {
                if (bsi && s->mode == TLS_MODE_CCM8)
                        return cp_verdictf(CP_DEPRECATED, rule, "%s: AES-CCM with an 8-byte tag is not in TR-02102-2", n);
                return cp_verdictf(CP_ACCEPTABLE, rule, "%s: TLS 1.3 %s", n, enc);
        }

        /* Key exchange. */
        switch (s->kx) {
        case TLS_KX_RSA:
        case TLS_KX_RSA_PSK:
                return cp_verdictf(bsi ? CP_DEPRECATED : CP_DISALLOWED, bsi ? rule : R_131_KT,
                                   "%s: static RSA key transport (PKCS#1 v1.5, no forward secrecy)", n);
        case TLS_KX_DH:
        case TLS_KX_ECDH:
                return cp_verdictf(CP_DEPRECATED, rule, "%s: static %s key exchange (no forward secrecy)", n, tls_kx_to_string(s->kx));
        case TLS_KX_KRB5:
        case TLS_KX_SRP:
        case TLS_KX_ECCPWD:
        case TLS_KX_GOST:
                return cp_verdictf(CP_DEPRECATED, rule, "%s: %s key exchange is not in the approved suites", n, tls_kx_to_string(s->kx));
        default:
                break;
        }
        if (s->au == TLS_AU_DSS)
                return cp_verdictf(CP_DEPRECATED, bsi ? R_BSI_SIGS : R_186_5, "%s: DSA authentication (no new DSA signatures under FIPS 186-5)", n);

        /* Record protection. */
        if (s->mode == TLS_MODE_CBC) {
                if (bsi && s->mac == TLS_HASH_SHA1)
                        return cp_verdictf(CP_DEPRECATED, rule, "%s: CBC with an HMAC-SHA1 record MAC is no longer in TR-02102-2", n);
                if (bsi)
                        return cp_verdictf(CP_ACCEPTABLE, rule, "%s: %s with HMAC-%s (encrypt-then-MAC recommended)", n, enc,
                                           tls_hash_to_string(s->mac));
                return cp_verdictf(CP_LEGACY, rule, "%s: %s with HMAC-%s is acceptable only with encrypt-then-MAC (RFC 7366)", n, enc,
                                   tls_hash_to_string(s->mac));
        }
        if (bsi && s->mode == TLS_MODE_CCM8)
                return cp_verdictf(CP_DEPRECATED, rule, "%s: AES-CCM with an 8-byte tag is not in TR-02102-2", n);
        if (s->kx == TLS_KX_PSK)
                return cp_verdictf(CP_LEGACY, rule, "%s: pre-shared key without (EC)DHE gives no forward secrecy", n);
        return cp_verdictf(CP_ACCEPTABLE, rule, "%s: %s key exchange, %s", n, tls_kx_to_string(s->kx), enc);
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
                return cp_verdictf(CP_ACCEPTABLE, v.rule, "%s: %s with HMAC-%s and encrypt-then-MAC", s->iana, enc, tls_hash_to_string(s->mac));
        return cp_verdictf(CP_DEPRECATED, v.rule, "%s: %s with HMAC-%s without encrypt-then-MAC (padding oracles)", s->iana, enc,
                           tls_hash_to_string(s->mac));
}

struct cp_verdict cp_tls_group(const struct crypto_policy *p, const struct tls_group *g)
{
        const bool bsi = is_bsi(p);
        const char *rule = bsi ? R_BSI_GROUPS : R_52_GROUPS;
        const char *n = g->name;
        struct cp_verdict v;

        if (cp_override_lookup(p, CAT_TLS_GROUP, n, n, &v))
                return v;
        if (g->kind == TLS_GROUP_HYBRID_PQ || g->kind == TLS_GROUP_PQ) {
                if (g->deprecated)
                        return cp_verdictf(CP_DEPRECATED, rule, "%s: pre-standard Kyber draft code point (use X25519MLKEM768)", n);
                if (g->kind == TLS_GROUP_PQ && bsi)
                        return cp_verdictf(CP_DEPRECATED, rule, "%s: ML-KEM alone; BSI recommends it only in a hybrid with ECDH", n);
                return cp_verdictf(CP_ACCEPTABLE, bsi ? rule : R_203, "%s: ML-KEM %s", n, g->kind == TLS_GROUP_HYBRID_PQ ? "hybrid key exchange" : "key encapsulation");
        }
        if (g->code >= 0xFF01)
                return cp_verdictf(CP_DISALLOWED, rule, "%s: explicit curve parameters", n);
        if (g->strength < p->sizes.min_strength)
                return cp_verdictf(CP_DISALLOWED, R_57_STRENGTH, "%s: %u-bit strength is below %u", n, g->strength, p->sizes.min_strength);
        if (g->kind == TLS_GROUP_FFDHE) {
                if (g->bits < p->sizes.min_dh_bits)
                        return cp_verdictf(CP_DISALLOWED, bsi ? R_BSI_KEYS : R_57_STRENGTH, "%s: %u-bit group is below %u bits", n, g->bits, p->sizes.min_dh_bits);
                if (g->strength < 128)
                        return cp_verdictf(CP_LEGACY, R_57_STRENGTH, "%s: 112-bit strength, not enough for use after 2030", n);
                return cp_verdictf(CP_ACCEPTABLE, rule, "%s: RFC 7919 finite-field group", n);
        }
        if (g->bits < p->sizes.min_ec_bits)
                return cp_verdictf(CP_DISALLOWED, bsi ? R_BSI_KEYS : R_57_STRENGTH, "%s: %u-bit curve is below %u bits", n, g->bits, p->sizes.min_ec_bits);
        if (g->deprecated)
                return cp_verdictf(CP_DISALLOWED, R_186_CURVES, "%s: deprecated curve (binary or small field)", n);
        if (g->kind == TLS_GROUP_ECDHE_MONT)
                return cp_verdictf(CP_DEPRECATED, rule, "%s: not an approved key-agreement curve in %s", n,
                                   bsi ? "TR-02102-2" : "SP 800-56A r3 / SP 800-52r2");
        if (g->brainpool) {
                if (bsi)
                        return cp_verdictf(CP_ACCEPTABLE, rule, "%s: Brainpool curve", n);
                return cp_verdictf(CP_DEPRECATED, rule, "%s: Brainpool curves are not SP 800-56A r3 curves", n);
        }
        if (!g->nist)
                return cp_verdictf(CP_DEPRECATED, rule, "%s: not an approved curve", n);
        if (g->strength < 128)
                return cp_verdictf(CP_LEGACY, R_57_STRENGTH, "%s: 112-bit strength, not enough for use after 2030", n);
        return cp_verdictf(CP_ACCEPTABLE, rule, "%s: NIST curve", n);
}

struct cp_verdict cp_tls_sigscheme(const struct crypto_policy *p, const struct tls_sigscheme *s)
{
        const bool bsi = is_bsi(p);
        const char *rule = bsi ? R_BSI_SIGS : R_52_SIGS;
        const char *n = s->name;
        struct cp_verdict v;

        if (cp_override_lookup(p, CAT_TLS_SIG, n, n, &v))
                return v;
        if (s->hash == TLS_HASH_MD5 || s->hash == TLS_HASH_SHA1)
                return cp_verdictf(CP_DISALLOWED, bsi ? R_BSI_HASH : R_131_SIG, "%s: %s is disallowed for signature generation", n,
                                   tls_hash_to_string(s->hash));
        if (s->kind == TLS_SIG_DSA)
                return cp_verdictf(CP_DISALLOWED, bsi ? rule : R_186_5, "%s: DSA is no longer approved for new signatures", n);
        if (s->kind == TLS_SIG_ANON)
                return cp_verdictf(CP_DISALLOWED, rule, "%s: anonymous", n);
        if (s->code == 0x0420 || s->code == 0x0520 || s->code == 0x0620)
                return cp_verdictf(CP_DEPRECATED, rule, "%s: PKCS#1 v1.5 legacy code point for TLS 1.3 client authentication", n);
        if (s->kind == TLS_SIG_GOST || s->kind == TLS_SIG_SM2)
                return cp_verdictf(CP_DEPRECATED, rule, "%s: not an approved signature algorithm", n);
        if (s->hash == TLS_HASH_SHA224)
                return cp_verdictf(bsi ? CP_DEPRECATED : CP_LEGACY, bsi ? R_BSI_HASH : R_57_STRENGTH, "%s: SHA-224 gives 112-bit strength", n);
        switch (s->kind) {
        case TLS_SIG_RSA_PKCS1:
                if (bsi)
                        return cp_verdictf(CP_DEPRECATED, rule, "%s: RSA PKCS#1 v1.5 signatures; TR-02102-2 recommends RSA-PSS", n);
                return cp_verdictf(CP_ACCEPTABLE, rule, "%s: RSA PKCS#1 v1.5 with %s", n, tls_hash_to_string(s->hash));
        case TLS_SIG_EDDSA:
                if (bsi)
                        return cp_verdictf(CP_LEGACY, rule, "%s: EdDSA is not listed in TR-02102-2", n);
                return cp_verdictf(CP_ACCEPTABLE, R_186_5, "%s: EdDSA (FIPS 186-5)", n);
        case TLS_SIG_ECDSA:
                if (s->code >= 0x081A && s->code <= 0x081C && !bsi)
                        return cp_verdictf(CP_LEGACY, R_186_CURVES, "%s: Brainpool curve (SP 800-186 allows it only for interoperability)", n);
                return cp_verdictf(CP_ACCEPTABLE, rule, "%s: ECDSA", n);
        case TLS_SIG_MLDSA:
                return cp_verdictf(CP_ACCEPTABLE, "FIPS 204 (ML-DSA)", "%s: ML-DSA", n);
        default:
                return cp_verdictf(CP_ACCEPTABLE, rule, "%s: RSA-PSS", n);
        }
}

/*
 * TLS 1.2-and-older extensions a server should (or must not) use. Both
 * built-in policies agree here: SP 800-52r2 3.4.1 makes renegotiation
 * indication, extended master secret and certificate status request
 * mandatory for servers, and TR-02102-2 3.3.4 / 3.6 asks for the same plus
 * encrypt-then-MAC with CBC suites and no TLS compression. One row per
 * extension: the verdict and words when the server used it and when not.
 */
struct tls_extension_rule {
        const char *name;
        const char *nist_rule;
        const char *bsi_rule;
        enum cp_status if_present;
        const char *present;
        enum cp_status if_absent;
        const char *absent;
};

static const struct tls_extension_rule tls_extension_rules[] = {
        { "renegotiation_info", "NIST SP 800-52r2 3.4.1.1", "BSI TR-02102-2 3.4.3",
          CP_ACCEPTABLE, "secure renegotiation indicated (RFC 5746)",
          CP_DISALLOWED, "no renegotiation indication: insecure renegotiation (RFC 5746)" },
        { "extended_master_secret", "NIST SP 800-52r2 3.4.1.3", "BSI TR-02102-2 3.4.4",
          CP_ACCEPTABLE, "extended master secret supported (RFC 7627)",
          CP_DEPRECATED, "no extended master secret (RFC 7627): session hash not bound" },
        { "encrypt_then_mac", "NIST SP 800-52r2 3.3.1.2", "BSI TR-02102-2 3.3.2",
          CP_ACCEPTABLE, "encrypt-then-MAC used with CBC suites (RFC 7366)",
          CP_DEPRECATED, "CBC suites without encrypt-then-MAC (RFC 7366)" },
        /* Servers often lack a responder to staple from: report, do not fail. */
        { "ocsp_stapling", "NIST SP 800-52r2 3.4.1.2", "BSI TR-02102-2 3.4.2",
          CP_ACCEPTABLE, "OCSP stapling offered",
          CP_LEGACY, "no OCSP stapling (certificate status request)" },
        { "compression", "NIST SP 800-52r2 3.7", "BSI TR-02102-2 3.3.5",
          CP_DISALLOWED, "TLS compression enabled (CRIME)",
          CP_ACCEPTABLE, "no TLS compression" },
        /* Each renegotiation a client starts costs the server a full handshake, for free to the client. */
        { "client_renegotiation", "CVE-2011-1473 (client-initiated renegotiation)", "CVE-2011-1473 (client-initiated renegotiation)",
          CP_DEPRECATED, "client-initiated renegotiation accepted (a denial-of-service lever)",
          CP_ACCEPTABLE, "client-initiated renegotiation refused" },
        /* Without it an attacker who breaks the first handshake pushes the client down a version. */
        { "fallback_scsv", "RFC 7507 (TLS_FALLBACK_SCSV)", "RFC 7507 (TLS_FALLBACK_SCSV)",
          CP_ACCEPTABLE, "TLS_FALLBACK_SCSV honoured: a downgraded hello is refused (inappropriate_fallback)",
          CP_DEPRECATED, "TLS_FALLBACK_SCSV ignored: a hello below the highest version is accepted (downgrade)" },
};

struct cp_verdict cp_tls_extension(const struct crypto_policy *p, const char *name, bool present)
{
        for (size_t i = 0; i < ARRAY_SIZE(tls_extension_rules); i++) {
                const struct tls_extension_rule *e = &tls_extension_rules[i];

                if (!streq(name, e->name))
                        continue;
                return cp_verdictf(present ? e->if_present : e->if_absent, is_bsi(p) ? e->bsi_rule : e->nist_rule,
                                   "%s", present ? e->present : e->absent);
        }
        return cp_verdictf(CP_UNKNOWN, "not in the policy", "%s", name);
}
