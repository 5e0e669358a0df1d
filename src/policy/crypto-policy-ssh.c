/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SSH: key exchange, ciphers, MACs and host key algorithms (names as on the wire). */
#include <strings.h>

#include "crypto-policy-internal.h"

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
                return cp_verdictf(CP_UNKNOWN, R_TABLES, "empty SSH %s name", what);
        if (cp_override_lookup(p, cat, name, name, &v))
                return v;
        for (size_t i = 0; i < n; i++)
                if (streq(t[i].name, name))
                        return cp_verdictf(is_bsi(p) ? t[i].bsi : t[i].nist, rule, "%s: %s", name, t[i].why);
        /* GSSAPI key exchanges carry their hash in the name. */
        if (cat == CAT_SSH_KEX && startswith(name, "gss-") && strstr(name, "sha1"))
                return cp_verdictf(CP_DISALLOWED, rule, "%s: SHA-1 exchange hash", name);
        return cp_verdictf(CP_UNKNOWN, R_TABLES, "%s: SSH %s not known", name, what);
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
                return cp_verdictf(CP_UNKNOWN, R_TABLES, "empty SSH host key algorithm name");
        if (cp_override_lookup(p, CAT_SSH_HOSTKEY, name, name, &v))
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
                        return cp_verdictf(CP_LEGACY, rule, "%s: EdDSA is not listed in TR-02102-4", name);
                return cp_verdictf(CP_ACCEPTABLE, R_186_5, "%s: EdDSA (FIPS 186-5)", name);
        }
        if (startswith(b, "ecdsa-sha2-nistp256") || startswith(b, "ecdsa-sha2-nistp384") || startswith(b, "ecdsa-sha2-nistp521"))
                return cp_verdictf(CP_ACCEPTABLE, rule, "%s: ECDSA on a NIST curve", name);
        if (streq(b, "ssh-dss"))
                return cp_verdictf(CP_DISALLOWED, is_bsi(p) ? rule : R_186_5, "%s: DSA host key (1024-bit, SHA-1)", name);
        if (streq(b, "ssh-rsa"))
                return cp_verdictf(CP_DISALLOWED, is_bsi(p) ? rule : R_131_SIG, "%s: RSA signatures with SHA-1", name);
        if (streq(b, "rsa-sha2-256") || streq(b, "rsa-sha2-512")) {
                if (rsa_bits == 0)
                        return cp_verdictf(CP_ACCEPTABLE, rule, "%s: RSA with %s (key size not known)", name, streq(b, "rsa-sha2-256") ? "SHA-256" : "SHA-512");
                v = cp_public_key(p, "RSA", rsa_bits, NULL);
                return cp_verdictf(v.status, v.rule, "%s: %s", name, v.reason);
        }
        return cp_verdictf(CP_UNKNOWN, R_TABLES, "%s: SSH host key algorithm not known", name);
}
