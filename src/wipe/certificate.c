/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <time.h>

#include "certificate.h"
#include "hash.h"
#include "macro.h"
#include "time-util.h"
#include "sign.h"
#include "strv.h"
#include "version.h"

static char *iso_time(const struct timespec *ts)
{
        char buf[32];

        if (ts->tv_sec == 0 || !format_utc(ts->tv_sec, UTC_ISO8601, buf, sizeof(buf)))
                return NULL;
        return xstrdup(buf);
}

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *tristate(int v) { return v < 0 ? json_null() : json_boolean(v > 0); }

static json_t *strv_json(char *const *l)
{
        json_t *a = json_array();

        for (char *const *p = l; p && *p; p++)
                json_array_append_new(a, json_string(*p));
        return a;
}

int wipe_certificate_build(const struct wipe_record *r, json_t **ret)
{
        _cleanup_free_ char *start = iso_time(&r->start), *end = iso_time(&r->end);
        json_t *c, *errors, *mism, *files, *verification;
        char host[256] = "";

        c = json_object();
        json_object_set_new(c, "schema", json_string(WIPE_CERT_SCHEMA));
        json_object_set_new(c, "tool", json_pack("{s:s, s:s}", "name", "bulwark", "version", BULWARK_VERSION));
        json_object_set_new(c, "status", json_string(wipe_status_to_string(r->status)));
        json_object_set_new(c, "target", json_pack("{s:o, s:o, s:s, s:I}",
                "name", str_or_null(r->target), "resolved", str_or_null(r->resolved),
                "kind", wipe_kind_to_string(r->kind), "size_bytes", (json_int_t) r->size));
        /* target.name joins several names with spaces, which cannot be split back: each name as it was given. */
        json_object_set_new(c, "targets", strv_json(r->targets));
        json_object_set_new(c, "media", json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:I}",
                "node", str_or_null(r->media.node), "manufacturer", str_or_null(r->media.vendor),
                "model", str_or_null(r->media.model), "serial", str_or_null(r->media.serial),
                "type", str_or_null(r->media.type), "rotational", tristate(r->media.rotational),
                "removable", tristate(r->media.removable), "read_only", r->media.read_only,
                "file_system", str_or_null(r->media.fstype), "backing_file", str_or_null(r->media.backing_file),
                "logical_block_size", (json_int_t) r->media.logical_block_size));
        json_object_set_new(c, "sanitization", json_pack("{s:s, s:o, s:o, s:i, s:I, s:I}",
                "method", wipe_method_to_string(r->method),
                "nist_800_88_category", str_or_null(r->category),
                "technique", str_or_null(r->technique),
                "passes", (int) r->passes,
                "bytes_written", (json_int_t) r->bytes_written,
                "files_erased", (json_int_t) r->files_wiped));

        mism = json_array();
        for (size_t i = 0; i < r->n_mismatches; i++)
                json_array_append_new(mism, json_pack("{s:o, s:I}", "path", str_or_null(r->mismatches[i].path),
                                                      "offset", (json_int_t) r->mismatches[i].offset));
        verification = json_pack("{s:s, s:s, s:I, s:I, s:I, s:o}",
                "method", wipe_verify_to_string(r->verify),
                "result", r->verify_result ? r->verify_result : "not-run",
                "bytes_verified", (json_int_t) r->bytes_verified,
                "samples", (json_int_t) r->samples,
                "mismatched_blocks", (json_int_t) r->mismatches_total,
                "mismatches", mism);
        if (r->verify == WIPE_VERIFY_SAMPLE) {
                char seed[17];
                snprintf(seed, sizeof(seed), "%016jx", (uintmax_t) r->sample_seed);
                json_object_set_new(verification, "sample_seed", json_string(seed));
        }
        if (r->has_key) {
                /* The pattern's key reveals nothing about the erased data; it lets anyone verify the media again later. */
                char k[2 * KEYSTREAM_KEY_LEN + 1];
                hex_encode(r->key, KEYSTREAM_KEY_LEN, k);
                json_object_set_new(verification, "pattern", json_pack("{s:s, s:s}", "cipher", "aes-256-ctr", "key", k));
        }
        json_object_set_new(c, "verification", verification);

        errors = json_array();
        for (size_t i = 0; i < r->n_errors; i++) {
                const struct wipe_error *e = &r->errors[i];
                json_array_append_new(errors, json_pack("{s:o, s:s, s:I, s:I, s:i, s:s}",
                        "path", str_or_null(e->path), "phase", e->phase, "offset", (json_int_t) e->offset,
                        "length", (json_int_t) e->length, "errno", e->err, "error", strerror(e->err)));
        }
        json_object_set_new(c, "errors_total", json_integer((json_int_t) r->errors_total));
        json_object_set_new(c, "errors", errors);
        json_object_set_new(c, "caveats", strv_json(r->caveats));
        json_object_set_new(c, "notes", strv_json(r->notes));
        files = json_array();
        for (size_t i = 0; i < r->n_files; i++)
                json_array_append_new(files, json_pack("{s:s, s:I, s:b}", "path", r->files[i].path, "size_bytes", (json_int_t) r->files[i].size,
                                                       "erased", r->files[i].erased));
        json_object_set_new(c, "files", files);
        json_object_set_new(c, "started", str_or_null(start));
        json_object_set_new(c, "ended", str_or_null(end));
        json_object_set_new(c, "operator", str_or_null(r->operator_name));
        json_object_set_new(c, "organization", str_or_null(r->organization));
        json_object_set_new(c, "contact", str_or_null(r->contact));
        json_object_set_new(c, "media_destination", str_or_null(r->destination));
        if (gethostname(host, sizeof(host) - 1) < 0)
                host[0] = 0;
        json_object_set_new(c, "location", json_pack("{s:s}", "hostname", host));
        *ret = c;
        return 0;
}

#define CANONICAL_FORM_TEXT \
        "the certificate without integrity.sha256 and integrity.signature.value, as JSON with object keys " \
        "sorted by their UTF-8 bytes, no whitespace, \" and \\ escaped as \\\" and \\\\, control characters " \
        "as \\b \\f \\n \\r \\t or \\u00XX, every non-ASCII character as \\uXXXX (upper-case hex, surrogate " \
        "pairs above U+FFFF), integers in decimal (jansson JSON_SORT_KEYS|JSON_COMPACT|JSON_ENSURE_ASCII)"

int wipe_certificate_canonical(json_t *cert, char **ret)
{
        json_t *copy, *integrity, *sig;
        char *s;

        if (!json_is_object(cert))
                return -EBADMSG;
        copy = json_deep_copy(cert);
        if (!copy)
                return -ENOMEM;
        /* Everything is covered but the two values computed from these bytes. */
        integrity = json_object_get(copy, "integrity");
        if (json_is_object(integrity)) {
                json_object_del(integrity, "sha256");
                sig = json_object_get(integrity, "signature");
                if (json_is_object(sig))
                        json_object_del(sig, "value");
        }
        s = json_dumps(copy, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENSURE_ASCII);
        json_decref(copy);
        if (!s)
                return -ENOMEM;
        *ret = s;
        return 0;
}

/* Ed25519/Ed448 sign the message itself ("pure"); everything else signs its SHA-256. */
static const char *sig_algorithm_for(EVP_PKEY *k) { return sign_digest_for(k) ? "sha256" : "pure"; }

/* The signer's certificate as PEM text; caller frees. */
static char *x509_pem(X509 *x)
{
        BIO *b = BIO_new(BIO_s_mem());
        char *data = NULL, *s = NULL;
        long n;

        if (b && PEM_write_bio_X509(b, x) == 1 && (n = BIO_get_mem_data(b, &data)) > 0)
                s = xstrndup(data, (size_t) n);
        BIO_free(b);
        return s;
}

int wipe_certificate_seal(json_t *cert, const char *key_path, const char *cert_path)
{
        _cleanup_free_ char *canon = NULL, *pem = NULL, *b64 = NULL;
        char digest[SHA256_HEX_LEN + 1];
        EVP_PKEY *key = NULL;
        X509 *x = NULL;
        unsigned char *sig = NULL;
        size_t siglen = 0;
        json_t *integrity, *signature = NULL;
        int k = 0;

        if (key_path) {
                if (sign_read_private_key(key_path, &key) < 0 || sign_read_x509(cert_path ? cert_path : key_path, &x) < 0)
                        k = -ENOKEY;
                else if (X509_check_private_key(x, key) != 1)
                        k = -EKEYREJECTED;
                else if (!(pem = x509_pem(x)))
                        k = -ENOMEM;
                if (k < 0)
                        goto out;
        }

        /* The integrity object is written first without its two values, so that all the rest of it is covered too. */
        integrity = json_pack("{s:s, s:s}", "canonical_form", CANONICAL_FORM_TEXT, "hash_algorithm", "sha256");
        if (key) {
                signature = json_pack("{s:s, s:s}", "algorithm", sig_algorithm_for(key), "certificate", pem);
                json_object_set_new(integrity, "signature", signature);
        }
        json_object_set_new(cert, "integrity", integrity);
        k = wipe_certificate_canonical(cert, &canon);
        if (k < 0)
                goto fail;
        sha256_hex(canon, strlen(canon), digest);
        if (key) {
                k = sign_detached(key, canon, strlen(canon), &sig, &siglen);
                if (k < 0)
                        goto fail;
                b64 = xmalloc0(4 * ((siglen + 2) / 3) + 1);
                EVP_EncodeBlock((unsigned char *) b64, sig, (int) siglen);
                json_object_set_new(signature, "value", json_string(b64));
        }
        json_object_set_new(integrity, "sha256", json_string(digest));
        k = 0;
        goto out;
fail:
        json_object_del(cert, "integrity");
out:
        free(sig);
        X509_free(x);
        EVP_PKEY_free(key);
        return k;
}

int wipe_certificate_render_json(json_t *cert, char **ret)
{
        char *s = json_dumps(cert, JSON_SORT_KEYS | JSON_INDENT(2) | JSON_ENSURE_ASCII);
        char *out;

        if (!s)
                return -ENOMEM;
        out = xasprintf("%s\n", s);
        free(s);
        *ret = out;
        return 0;
}

static const char *jstr(json_t *o, const char *path1, const char *path2)
{
        json_t *v = json_object_get(o, path1);

        if (path2)
                v = json_object_get(v, path2);
        return json_is_string(v) ? json_string_value(v) : NULL;
}

static json_int_t jint(json_t *o, const char *p1, const char *p2)
{
        json_t *v = json_object_get(o, p1);

        if (p2)
                v = json_object_get(v, p2);
        return json_is_integer(v) ? json_integer_value(v) : 0;
}

/* Markdown table cells must not break the table. */
static void md_cell(FILE *f, const char *s)
{
        for (const char *p = s ? s : "n/a"; *p; p++)
                fputs(*p == '|' ? "\\|" : *p == '\n' ? " " : (char[]){ *p, 0 }, f);
}

/* The fields of the certificate as people read them, NIST SP 800-88 Appendix G's order; Markdown and HTML alike. */
static const struct { const char *label, *a, *b; } cert_rows[] = {
        { "Status", "status", NULL },
        { "Target", "target", "name" },
        { "Erased node or path", "target", "resolved" },
        { "Target kind", "target", "kind" },
        { "Media manufacturer", "media", "manufacturer" },
        { "Media model", "media", "model" },
        { "Media serial number", "media", "serial" },
        { "Media type", "media", "type" },
        { "File system", "media", "file_system" },
        { "Method", "sanitization", "method" },
        { "NIST SP 800-88 category", "sanitization", "nist_800_88_category" },
        { "Technique", "sanitization", "technique" },
        { "Verification method", "verification", "method" },
        { "Verification result", "verification", "result" },
        { "Started (UTC)", "started", NULL },
        { "Ended (UTC)", "ended", NULL },
        { "Operator", "operator", NULL },
        { "Organization", "organization", NULL },
        { "Contact", "contact", NULL },
        { "Media destination", "media_destination", NULL },
        { "Location (host)", "location", "hostname" },
};

static const struct { const char *label, *a, *b; } cert_counts[] = {
        { "Size (bytes)", "target", "size_bytes" },
        { "Bytes written", "sanitization", "bytes_written" },
        { "Passes", "sanitization", "passes" },
        { "Bytes verified", "verification", "bytes_verified" },
        { "Mismatched 4 KiB blocks", "verification", "mismatched_blocks" },
        { "Errors", "errors_total", NULL },
};

int wipe_certificate_render_markdown(json_t *cert, char **ret)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        size_t i;
        json_t *v;

        if (!f)
                return -ENOMEM;
        fprintf(f, "# Certificate of sanitization\n\n");
        if (!streq_ptr(jstr(cert, "status", NULL), "completed")) {
                const char *st = jstr(cert, "status", NULL);

                fputs("**This certifies no completed erase: the status is ", f);
                md_cell(f, st);
                fputs(streq_ptr(st, "started") ?
                      ". The erase began and its final record was never written (killed, crashed, power lost, or still running).**\n\n" :
                      ".**\n\n", f);
        }
        fputs("| Field | Value |\n|---|---|\n", f);
        for (i = 0; i < ARRAY_SIZE(cert_rows); i++) {
                fprintf(f, "| %s | ", cert_rows[i].label);
                md_cell(f, jstr(cert, cert_rows[i].a, cert_rows[i].b));
                fputs(" |\n", f);
        }
        v = json_object_get(cert, "targets");
        if (json_array_size(v) > 1)
                for (i = 0; i < json_array_size(v); i++) {
                        fprintf(f, "| Named target %zu | ", i + 1);
                        md_cell(f, json_string_value(json_array_get(v, i)));
                        fputs(" |\n", f);
                }
        for (i = 0; i < ARRAY_SIZE(cert_counts); i++)
                fprintf(f, "| %s | %lld |\n", cert_counts[i].label, (long long) jint(cert, cert_counts[i].a, cert_counts[i].b));
        fprintf(f, "| Tool | bulwark %s |\n", strna(jstr(cert, "tool", "version")));

        if (json_array_size(json_object_get(cert, "errors")) > 0) {
                fputs("\n## Errors\n\n| Path | Phase | Offset | Length | Error |\n|---|---|---|---|---|\n", f);
                json_array_foreach(json_object_get(cert, "errors"), i, v) {
                        fputs("| ", f);
                        md_cell(f, jstr(v, "path", NULL));
                        fprintf(f, " | %s | %lld | %lld | ", strna(jstr(v, "phase", NULL)),
                                (long long) jint(v, "offset", NULL), (long long) jint(v, "length", NULL));
                        md_cell(f, jstr(v, "error", NULL));
                        fputs(" |\n", f);
                }
        }
        if (json_array_size(json_object_get(json_object_get(cert, "verification"), "mismatches")) > 0) {
                fputs("\n## Verification mismatches\n\n| Path | Offset |\n|---|---|\n", f);
                json_array_foreach(json_object_get(json_object_get(cert, "verification"), "mismatches"), i, v) {
                        fputs("| ", f);
                        md_cell(f, jstr(v, "path", NULL));
                        fprintf(f, " | %lld |\n", (long long) jint(v, "offset", NULL));
                }
        }
        fputs("\n## What this erase does not reach\n\n", f);
        json_array_foreach(json_object_get(cert, "caveats"), i, v)
                fprintf(f, "- %s\n", json_string_value(v));
        if (json_array_size(json_object_get(cert, "notes")) > 0) {
                fputs("\n## Notes\n\n", f);
                json_array_foreach(json_object_get(cert, "notes"), i, v)
                        fprintf(f, "- %s\n", json_string_value(v));
        }
        fprintf(f, "\n## Integrity\n\nSHA-256 of the canonical JSON: `%s`", strna(jstr(cert, "integrity", "sha256")));
        if (json_object_get(json_object_get(cert, "integrity"), "signature"))
                fputs("; signed with the X.509 certificate embedded in the JSON.", f);
        fputs("\nCheck with `bulwark wipe verify-cert CERTIFICATE.json`.\n", f);
        if (fclose(f) != 0) {
                free(buf);
                return -ENOMEM;
        }
        *ret = buf;
        return 0;
}

static int check_signature(json_t *sig, const char *canon, const char *ca_path, char **ret_detail)
{
        const char *pem = jstr(sig, "certificate", NULL), *b64 = jstr(sig, "value", NULL), *alg = jstr(sig, "algorithm", NULL);
        BIO *b = NULL;
        X509 *x = NULL;
        EVP_PKEY *pub = NULL;
        unsigned char *raw = NULL;
        int rawlen, k = -EKEYREJECTED;
        size_t b64len;

        if (!json_is_object(sig) || !pem || !b64 || !alg) {
                *ret_detail = xstrdup("the signature lacks its algorithm, value or certificate");
                return -EBADMSG;
        }
        b64len = strlen(b64);
        if (b64len == 0 || b64len % 4 != 0 || b64len > 1 << 20) {
                *ret_detail = xstrdup("the signature value is not base64");
                return -EBADMSG;
        }
        b = BIO_new_mem_buf(pem, -1);
        x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
        pub = x ? X509_get_pubkey(x) : NULL;
        if (!pub) {
                *ret_detail = xstrdup("the embedded signing certificate cannot be read");
                k = -EBADMSG;
                goto out;
        }
        if (!streq(alg, sig_algorithm_for(pub))) {
                *ret_detail = xasprintf("the signature algorithm '%s' does not fit the signer's key (expected '%s')", alg, sig_algorithm_for(pub));
                goto out;
        }
        raw = xmalloc0(b64len);
        rawlen = EVP_DecodeBlock(raw, (const unsigned char *) b64, (int) b64len);
        if (rawlen < 0) {
                *ret_detail = xstrdup("the signature value is not base64");
                k = -EBADMSG;
                goto out;
        }
        while (b64len > 0 && b64[b64len - 1] == '=') {
                rawlen--;
                b64len--;
        }
        if (verify_detached(pub, canon, strlen(canon), raw, (size_t) rawlen) < 0) {
                *ret_detail = xstrdup("the signature does not match the certificate's content");
                goto out;
        }
        if (ca_path) {
                X509_STORE *store = X509_STORE_new();
                X509_STORE_CTX *sctx = X509_STORE_CTX_new();
                bool ok = store && sctx && X509_STORE_load_file(store, ca_path) == 1 &&
                          X509_STORE_CTX_init(sctx, store, x, NULL) == 1 && X509_verify_cert(sctx) == 1;

                X509_STORE_CTX_free(sctx);
                X509_STORE_free(store);
                if (!ok) {
                        *ret_detail = xasprintf("the signature is valid but its certificate is not trusted by %s", ca_path);
                        goto out;
                }
        }
        {
                char subject[256];
                X509_NAME_oneline(X509_get_subject_name(x), subject, sizeof(subject));
                *ret_detail = xasprintf("hash matches; signature valid, signed by %s%s", subject, ca_path ? " (trusted)" : "");
        }
        k = 0;
out:
        free(raw);
        EVP_PKEY_free(pub);
        X509_free(x);
        BIO_free(b);
        return k;
}

static int check_json(json_t *cert, const char *ca_path, char **ret_detail)
{
        _cleanup_free_ char *canon = NULL;
        char digest[SHA256_HEX_LEN + 1];
        json_t *integrity, *sig;
        const char *want;

        if (!streq_ptr(jstr(cert, "schema", NULL), WIPE_CERT_SCHEMA)) {
                const char *s = jstr(cert, "schema", NULL);

                if (s && streq(s, "bulwark-wipe-certificate/1"))
                        *ret_detail = xstrdup("format bulwark-wipe-certificate/1, whose integrity object is not covered "
                                              "by its hash and signature, is no longer accepted");
                else
                        *ret_detail = xstrdup("not a bulwark wipe certificate (schema)");
                return -EBADMSG;
        }
        integrity = json_object_get(cert, "integrity");
        want = jstr(integrity, "sha256", NULL);
        if (!json_is_object(integrity) || !want) {
                *ret_detail = xstrdup("the certificate has no integrity hash");
                return -EBADMSG;
        }
        if (!streq_ptr(jstr(integrity, "hash_algorithm", NULL), "sha256")) {
                *ret_detail = xstrdup("the certificate's hash algorithm is not sha256");
                return -EBADMSG;
        }
        if (wipe_certificate_canonical(cert, &canon) < 0) {
                *ret_detail = xstrdup("out of memory");
                return -ENOMEM;
        }
        sha256_hex(canon, strlen(canon), digest);
        if (!streq(digest, want)) {
                *ret_detail = xasprintf("the certificate was changed: its SHA-256 is %s, it says %s", digest, want);
                return -EBADMSG;
        }
        sig = json_object_get(integrity, "signature");
        if (!sig) {
                if (ca_path) {
                        *ret_detail = xstrdup("hash matches, but the certificate is not signed");
                        return -ENOKEY;
                }
                *ret_detail = xasprintf("hash matches (sha256 %s); not signed", digest);
                return 0;
        }
        return check_signature(sig, canon, ca_path, ret_detail);
}

int wipe_certificate_check(const char *buf, size_t len, const char *ca_path, char **ret_status, char **ret_detail)
{
        json_error_t jerr;
        json_t *cert = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
        int k;

        if (!cert || !json_is_object(cert)) {
                *ret_detail = xasprintf("not JSON: %s (line %d)", jerr.text, jerr.line);
                json_decref(cert);
                return -EBADMSG;
        }
        k = check_json(cert, ca_path, ret_detail);
        if (k == 0 && ret_status) {
                const char *s = jstr(cert, "status", NULL);
                *ret_status = xstrdup(s ? s : "unknown");
        }
        json_decref(cert);
        return k;
}

static int unhex(const char *s, uint8_t *out, size_t n)
{
        if (!s || strlen(s) != 2 * n)
                return -EBADMSG;
        for (size_t i = 0; i < n; i++) {
                unsigned v;
                if (sscanf(s + 2 * i, "%2x", &v) != 1)
                        return -EBADMSG;
                out[i] = (uint8_t) v;
        }
        return 0;
}

int wipe_certificate_to_record(json_t *cert, struct wipe_record **ret)
{
        struct wipe_record *r = xmalloc0(sizeof(*r));
        const char *m = jstr(cert, "sanitization", "method"), *kind = jstr(cert, "target", "kind");
        const char *key = jstr(json_object_get(cert, "verification"), "pattern", "key");

        r->media.rotational = r->media.removable = -1;
        if (!m || wipe_method_from_string(m, &r->method) < 0 || !kind) {
                wipe_record_free(r);
                return -EBADMSG;
        }
        for (int i = 0; i < _WIPE_KIND_MAX; i++)
                if (streq(kind, wipe_kind_to_string((enum wipe_kind) i)))
                        r->kind = (enum wipe_kind) i;
        r->passes = (unsigned) jint(cert, "sanitization", "passes");
        r->size = (uint64_t) jint(cert, "target", "size_bytes");
        r->target = xstrdup(jstr(cert, "target", "name"));
        {
                json_t *names = json_object_get(cert, "targets");
                size_t j;
                json_t *e;

                /* Certificates from before the list have only the joined name. */
                json_array_foreach(names, j, e)
                        if (json_is_string(e))
                                strv_push(&r->targets, json_string_value(e));
        }
        if (key) {
                if (unhex(key, r->key, KEYSTREAM_KEY_LEN) < 0) {
                        wipe_record_free(r);
                        return -EBADMSG;
                }
                r->has_key = true;
        }
        *ret = r;
        return 0;
}

static void html_text(FILE *f, const char *s)
{
        for (const char *p = s ? s : "n/a"; *p; p++)
                switch (*p) {
                case '&': fputs("&amp;", f); break;
                case '<': fputs("&lt;", f); break;
                case '>': fputs("&gt;", f); break;
                case '"': fputs("&quot;", f); break;
                case '\'': fputs("&#39;", f); break;
                default:
                        if ((unsigned char) *p < 0x20 && *p != '\t')
                                fputc(' ', f);
                        else
                                fputc(*p, f);
                }
}

static const char cert_style[] =
        "body{font:11pt/1.4 'DejaVu Sans',sans-serif;color:#111;margin:2rem auto;max-width:48rem;padding:0 1rem}"
        "h1{font-size:18pt;margin:0 0 .6rem}h2{font-size:13pt;margin:1.2rem 0 .4rem}"
        "table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;"
        "vertical-align:top;overflow-wrap:anywhere}th{background:#eee;width:16rem}"
        ".warn{border:2px solid #b00;padding:.4rem .6rem;font-weight:bold}"
        ".mono{font-family:'DejaVu Sans Mono',monospace;font-size:9pt;overflow-wrap:anywhere}"
        ".sign td{height:2.5rem}"
        "@page{size:A4;margin:18mm}@media print{body{margin:0;max-width:none}tr{break-inside:avoid}}";

int wipe_certificate_render_html(json_t *cert, char **ret)
{
        const char *st = jstr(cert, "status", NULL);
        char *buf = NULL;
        size_t len = 0, i;
        FILE *f = open_memstream(&buf, &len);
        json_t *v;

        if (!f)
                return -ENOMEM;
        fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
                "<title>Certificate of sanitization</title>\n<style>%s</style>\n</head>\n<body>\n"
                "<h1>Certificate of sanitization</h1>\n", cert_style);
        if (!streq_ptr(st, "completed")) {
                fputs("<p class=\"warn\">This certifies no completed erase: the status is ", f);
                html_text(f, st);
                fputs(streq_ptr(st, "started") ?
                      ". The erase began and its final record was never written (killed, crashed, power lost, or still running).</p>\n" :
                      ".</p>\n", f);
        }
        fputs("<table>\n", f);
        for (i = 0; i < ARRAY_SIZE(cert_rows); i++) {
                fprintf(f, "<tr><th>%s</th><td>", cert_rows[i].label);
                html_text(f, jstr(cert, cert_rows[i].a, cert_rows[i].b));
                fputs("</td></tr>\n", f);
        }
        v = json_object_get(cert, "targets");
        if (json_array_size(v) > 1)
                for (i = 0; i < json_array_size(v); i++) {
                        fprintf(f, "<tr><th>Named target %zu</th><td>", i + 1);
                        html_text(f, json_string_value(json_array_get(v, i)));
                        fputs("</td></tr>\n", f);
                }
        for (i = 0; i < ARRAY_SIZE(cert_counts); i++)
                fprintf(f, "<tr><th>%s</th><td>%lld</td></tr>\n", cert_counts[i].label,
                        (long long) jint(cert, cert_counts[i].a, cert_counts[i].b));
        fputs("<tr><th>Tool</th><td>bulwark ", f);
        html_text(f, jstr(cert, "tool", "version"));
        fputs("</td></tr>\n</table>\n", f);

        if (json_array_size(json_object_get(cert, "errors")) > 0) {
                fputs("<h2>Errors</h2>\n<table>\n<tr><th>Path</th><th>Phase</th><th>Offset</th><th>Length</th><th>Error</th></tr>\n", f);
                json_array_foreach(json_object_get(cert, "errors"), i, v) {
                        fputs("<tr><td>", f);
                        html_text(f, jstr(v, "path", NULL));
                        fputs("</td><td>", f);
                        html_text(f, jstr(v, "phase", NULL));
                        fprintf(f, "</td><td>%lld</td><td>%lld</td><td>", (long long) jint(v, "offset", NULL),
                                (long long) jint(v, "length", NULL));
                        html_text(f, jstr(v, "error", NULL));
                        fputs("</td></tr>\n", f);
                }
                fputs("</table>\n", f);
        }
        if (json_array_size(json_object_get(json_object_get(cert, "verification"), "mismatches")) > 0) {
                fputs("<h2>Verification mismatches</h2>\n<table>\n<tr><th>Path</th><th>Offset</th></tr>\n", f);
                json_array_foreach(json_object_get(json_object_get(cert, "verification"), "mismatches"), i, v) {
                        fputs("<tr><td>", f);
                        html_text(f, jstr(v, "path", NULL));
                        fprintf(f, "</td><td>%lld</td></tr>\n", (long long) jint(v, "offset", NULL));
                }
                fputs("</table>\n", f);
        }
        fputs("<h2>What this erase does not reach</h2>\n<ul>\n", f);
        json_array_foreach(json_object_get(cert, "caveats"), i, v) {
                fputs("<li>", f);
                html_text(f, json_string_value(v));
                fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
        if (json_array_size(json_object_get(cert, "notes")) > 0) {
                fputs("<h2>Notes</h2>\n<ul>\n", f);
                json_array_foreach(json_object_get(cert, "notes"), i, v) {
                        fputs("<li>", f);
                        html_text(f, json_string_value(v));
                        fputs("</li>\n", f);
                }
                fputs("</ul>\n", f);
        }
        fputs("<h2>Integrity</h2>\n<p>SHA-256 of the canonical JSON: <span class=\"mono\">", f);
        html_text(f, jstr(cert, "integrity", "sha256"));
        fputs("</span>", f);
        if (json_object_get(json_object_get(cert, "integrity"), "signature"))
                fputs("; signed with the X.509 certificate embedded in the JSON", f);
        fputs(". Check with <span class=\"mono\">bulwark wipe verify-cert CERTIFICATE.json</span>; this page is a "
              "rendering, the JSON is the record.</p>\n"
              "<h2>Validation</h2>\n<table class=\"sign\">\n<tr><th>Name and title</th><td></td></tr>\n"
              "<tr><th>Date</th><td></td></tr>\n<tr><th>Signature</th><td></td></tr>\n</table>\n</body>\n</html>\n", f);
        if (fclose(f) != 0) {
                free(buf);
                return -ENOMEM;
        }
        *ret = buf;
        return 0;
}
