/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "luks-rules.h"
#include "macro.h"

#define PBKDF2_MIN_ITERATIONS 10000u   /* SP 800-63B 5.1.1.2 */
#define ARGON2_MIN_MEMORY_KB (16u * 1024)

static bool is_bsi(const char *policy) { return policy && streq(policy, "bsi"); }

int luks_rule_cipher(const char *policy, const char *cipher, unsigned key_bits, char **ret_why)
{
        const char *mode;
        size_t nlen;

        if (!cipher) {
                *ret_why = xstrdup("the cipher is unknown");
                return -1;
        }
        mode = strchr(cipher, '-');
        nlen = mode ? (size_t) (mode - cipher) : strlen(cipher);
        mode = mode ? mode + 1 : "";
        if (nlen != 3 || strncmp(cipher, "aes", 3) != 0) {
                *ret_why = xasprintf("cipher %s is not AES (%s)", cipher,
                                     is_bsi(policy) ? "BSI TR-02102-1 recommends AES for storage encryption" : "SP 800-131A approves AES as the block cipher");
                return -1;
        }
        if (!startswith(mode, "xts-")) {
                *ret_why = xasprintf("mode %s is not XTS (%s%s)", mode,
                                     is_bsi(policy) ? "BSI TR-02102-1 recommends XTS for disk encryption" : "SP 800-38E approves XTS-AES for storage devices",
                                     startswith(mode, "cbc-plain") ? "; CBC with a plain IV is open to watermarking attacks" : "");
                return -1;
        }
        /* XTS splits the key in two: the AES key is half of it. */
        if (key_bits < 256) {
                *ret_why = xasprintf("%s with a %u-bit key is AES-%u, below 128-bit strength (SP 800-57)", cipher, key_bits, key_bits / 2);
                return -1;
        }
        return 0;
}

int luks_rule_pbkdf(const char *policy, const char *pbkdf, const char *hash, uint32_t iterations, uint32_t memory_kb, char **ret_why)
{
        if (!pbkdf) {
                *ret_why = xstrdup("the keyslot's PBKDF is unknown");
                return -1;
        }
        if (streq(pbkdf, "argon2id") || streq(pbkdf, "argon2i")) {
                if (streq(pbkdf, "argon2i") && is_bsi(policy)) {
                        *ret_why = xstrdup("PBKDF argon2i: BSI TR-02102-1 recommends argon2id");
                        return -1;
                }
                if (memory_kb < ARGON2_MIN_MEMORY_KB) {
                        *ret_why = xasprintf("PBKDF %s with %u KiB of memory, below %u KiB (RFC 9106 memory-hardness)", pbkdf, memory_kb, ARGON2_MIN_MEMORY_KB);
                        return -1;
                }
                return 0;
        }
        if (streq(pbkdf, "pbkdf2")) {
                if (is_bsi(policy)) {
                        *ret_why = xasprintf("PBKDF pbkdf2-%s: BSI TR-02102-1 recommends argon2id for passwords", strna(hash));
                        return -1;
                }
                if (iterations < PBKDF2_MIN_ITERATIONS) {
                        *ret_why = xasprintf("PBKDF pbkdf2-%s with %u iterations, below %u (SP 800-63B)", strna(hash), iterations, PBKDF2_MIN_ITERATIONS);
                        return -1;
                }
                return 0;
        }
        *ret_why = xasprintf("PBKDF %s is not a recognised password-based KDF", pbkdf);
        return -1;
}
