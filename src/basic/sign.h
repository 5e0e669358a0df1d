/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Detached signatures over a buffer, as `openssl dgst -sha256 -sign` makes
 * them: Ed25519 and Ed448 keys sign the message itself (they hash
 * internally), every other key (RSA PKCS#1 v1.5, ECDSA) signs its SHA-256.
 * The evidence bundle's manifest and the wipe certificate are signed this
 * way.
 */

#include <stdbool.h>
#include <stddef.h>

typedef struct evp_pkey_st EVP_PKEY;
typedef struct evp_md_st EVP_MD;
typedef struct x509_st X509;

/*
 * Read one PEM object from a file: a private key, a public key, an X.509
 * certificate (the first of its kind in the file). -errno when the file
 * cannot be opened, -EINVAL when it holds no such object. *ret (caller frees
 * with EVP_PKEY_free() / X509_free()) only on success.
 */
int sign_read_private_key(const char *path, EVP_PKEY **ret);
int sign_read_public_key(const char *path, EVP_PKEY **ret);
int sign_read_x509(const char *path, X509 **ret);

/* The digest key signs with: NULL (the message itself) for Ed25519/Ed448, else SHA-256. */
const EVP_MD *sign_digest_for(EVP_PKEY *key);

/* Signs buf with the private key; *ret_sig (caller frees) and *ret_sig_len only on success. -EIO when OpenSSL refuses. */
int sign_detached(EVP_PKEY *key, const void *buf, size_t len, unsigned char **ret_sig, size_t *ret_sig_len);

/* 0 when sig is key's signature of buf, -EBADMSG when it is not (or OpenSSL cannot check it). */
int verify_detached(EVP_PKEY *key, const void *buf, size_t len, const void *sig, size_t sig_len);
