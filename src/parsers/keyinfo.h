/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What a key or certificate file holds, from its bytes: PEM or DER keys and
 * X.509 certificates through OpenSSL, OpenSSH private keys
 * ("openssh-key-v1", whose public half is stored in clear) and OpenSSH
 * public key lines through a bounds-checked reader. Encrypted keys are
 * recognised, never decrypted (no passphrase prompt can happen).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEYINFO_MAX_BYTES (1024u * 1024)

struct key_info {
        bool has_private;        /* a private key is in the file (encrypted or not) */
        bool encrypted;          /* the private key is passphrase-protected */
        bool has_cert;
        bool ssh_format;         /* OpenSSH key format (private or public) */
        unsigned n_certs;        /* certificates in the file; more than one is a chain or bundle */

        char *key_type;          /* "RSA", "RSA-PSS", "EC", "ED25519", "ED448", "DSA", "DH"; NULL unknown */
        unsigned key_bits;
        char *curve;             /* EC: "prime256v1", "secp384r1", ... */
        char *ssh_alg;           /* OpenSSH key type, e.g. "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256" */
        char key_fp[65];         /* SHA-256 of the DER SubjectPublicKeyInfo of the key (private key's public half); "" if unknown */
        char cert_fp[65];        /* the same for the certificate's public key, to pair certificates with their keys */

        /* First certificate in the file. */
        char *subject;
        char *sig_alg;           /* "sha256WithRSAEncryption", "ED25519", "RSASSA-PSS" */
        char *sig_hash;          /* "sha256"...; NULL for EdDSA or when not known */
        int64_t not_before;
        int64_t not_after;
        bool is_ca;
        bool self_signed;
        bool has_san;
        bool has_eku;
        bool eku_server_auth;
};

/*
 * Parses buf. Returns 0 and fills *ret (caller clears it with
 * key_info_clear()), -EBADMSG when the bytes are no key or certificate we
 * recognise, -E2BIG over KEYINFO_MAX_BYTES. *ret is untouched on failure.
 */
int key_info_parse(const void *buf, size_t len, struct key_info *ret);
void key_info_clear(struct key_info *k);

/*
 * Parses an SSH public key blob (the wire form: string type, then the
 * type's fields) into ssh_alg, key_type, key_bits, curve of ret.
 */
int ssh_pubkey_blob_parse(const uint8_t *blob, size_t len, struct key_info *ret);
