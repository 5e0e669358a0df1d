/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the CR 4.3 configuration parsers. The first byte
 * picks the parser, the rest is its input: 0 sshd_config (its Include
 * patterns fed back to the same parser, as the collector does), 1
 * openssl.cnf (include expansion, NCONF, SSL_CTX evaluation), 2 key and
 * certificate files, 3 crypto policy files, 4 SSH public key blobs. The
 * seed corpus (fuzz/corpus/crypto-config) replays as an ordinary test.
 */
#include <stdint.h>
#include <stdlib.h>

#include "crypto-policy.h"
#include "keyinfo.h"
#include "macro.h"
#include "openssl-config.h"
#include "sshd-config.h"
#include "strv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
        const char *buf;
        size_t len;
};

/* Every Include resolves to the input itself: recursion must stop at the depth and line caps. */
static int include_self(struct sshd_config *c, const char *pattern, unsigned depth, void *userdata)
{
        const struct input *in = userdata;
        return sshd_config_parse(c, in->buf, in->len, pattern, depth, include_self, userdata);
}

static int openssl_include_self(const char *path, char **ret, size_t *ret_len, void *userdata)
{
        const struct input *in = userdata;
        *ret = xstrndup(in->buf, in->len);
        *ret_len = strlen(*ret);
        return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct input in;

        if (size < 1)
                return 0;
        in = (struct input){ .buf = (const char *) data + 1, .len = size - 1 };

        switch (data[0] % 5) {
        case 0: {
                _cleanup_(sshd_config_freep) struct sshd_config *c = sshd_config_new();
                (void) sshd_config_parse(c, in.buf, in.len, "fuzz", 0, include_self, &in);
                for (unsigned l = 0; l < _SSHD_LIST_MAX; l++) {
                        char **v = NULL;
                        if (sshd_config_algorithms(c, l, &v, NULL) >= 0)
                                strv_free(v);
                }
                break;
        }
        case 1: {
                _cleanup_free_ char *text = NULL, *err = NULL;
                _cleanup_strv_free_ char **problems = NULL;
                struct openssl_ssl_config *c = NULL;
                size_t len = 0;

                if (openssl_conf_expand(in.buf, in.len, "/etc/ssl", openssl_include_self, &in, &text, &len, &problems) < 0)
                        break;
                if (openssl_ssl_config_evaluate(text, len, &c, &err) >= 0)
                        openssl_ssl_config_free(c);
                break;
        }
        case 2: {
                struct key_info k = {};
                if (key_info_parse(in.buf, in.len, &k) >= 0)
                        key_info_clear(&k);
                break;
        }
        case 3: {
                struct crypto_policy *p = NULL;
                char *err = NULL;
                if (crypto_policy_parse(in.buf, in.len, "fuzz.conf", &p, &err) >= 0) {
                        (void) cp_ssh_cipher(p, "aes128-ctr");
                        (void) cp_tls_suite_code(p, 0x1301);
                        crypto_policy_free(p);
                }
                free(err);
                break;
        }
        default: {
                struct key_info k = {};
                if (ssh_pubkey_blob_parse((const uint8_t *) in.buf, in.len, &k) >= 0)
                        key_info_clear(&k);
        }
        }
        return 0;
}
