/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>

#include "macro.h"
#include "sign.h"

enum pem_kind { PEM_PRIVATE_KEY, PEM_PUBLIC_KEY, PEM_X509 };

static int pem_read_file(const char *path, enum pem_kind kind, void **ret)
{
        _cleanup_fclose_ FILE *f = fopen(path, "re");
        void *o = NULL;

        if (!f)
                return negative_errno();
        switch (kind) {
        case PEM_PRIVATE_KEY:
                o = PEM_read_PrivateKey(f, NULL, NULL, NULL);
                break;
        case PEM_PUBLIC_KEY:
                o = PEM_read_PUBKEY(f, NULL, NULL, NULL);
                break;
        case PEM_X509:
                o = PEM_read_X509(f, NULL, NULL, NULL);
                break;
        }
        if (!o)
                return -EINVAL;
        *ret = o;
        return 0;
}

int sign_read_private_key(const char *path, EVP_PKEY **ret) { return pem_read_file(path, PEM_PRIVATE_KEY, (void **) ret); }
int sign_read_public_key(const char *path, EVP_PKEY **ret) { return pem_read_file(path, PEM_PUBLIC_KEY, (void **) ret); }
int sign_read_x509(const char *path, X509 **ret) { return pem_read_file(path, PEM_X509, (void **) ret); }

const EVP_MD *sign_digest_for(EVP_PKEY *key)
{
        int id = EVP_PKEY_get_base_id(key);

        return id == EVP_PKEY_ED25519 || id == EVP_PKEY_ED448 ? NULL : EVP_sha256();
}

int sign_detached(EVP_PKEY *key, const void *buf, size_t len, unsigned char **ret_sig, size_t *ret_sig_len)
{
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        unsigned char *sig = NULL;
        size_t siglen = 0;
        int k = -EIO;

        if (ctx && EVP_DigestSignInit(ctx, NULL, sign_digest_for(key), NULL, key) == 1 &&
            EVP_DigestSign(ctx, NULL, &siglen, buf, len) == 1) {
                sig = xmalloc0(siglen);
                if (EVP_DigestSign(ctx, sig, &siglen, buf, len) == 1) {
                        *ret_sig = TAKE_PTR(sig);
                        *ret_sig_len = siglen;
                        k = 0;
                }
        }
        free(sig);
        EVP_MD_CTX_free(ctx);
        return k;
}

int verify_detached(EVP_PKEY *key, const void *buf, size_t len, const void *sig, size_t sig_len)
{
        EVP_MD_CTX *ctx = EVP_MD_CTX_new();
        int k = -EBADMSG;

        if (ctx && EVP_DigestVerifyInit(ctx, NULL, sign_digest_for(key), NULL, key) == 1 &&
            EVP_DigestVerify(ctx, sig, sig_len, buf, len) == 1)
                k = 0;
        EVP_MD_CTX_free(ctx);
        return k;
}
