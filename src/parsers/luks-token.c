/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * LUKS2 token JSON as libcryptsetup hands it out (crypt_token_json_get):
 * {"type": "systemd-tpm2", "keyslots": ["1"], ...}. The LUKS2 format writes
 * keyslot numbers as strings; we accept integers too, as some tools do.
 */
#include <jansson.h>
#include <openssl/evp.h>

#include "macro.h"
#include "parse-util.h"
#include "parsers.h"

#define LUKS_TOKEN_MAX_KEYSLOTS 32 /* LUKS2_KEYSLOTS_MAX */

void luks_token_clear(struct luks_token *t)
{
        free(t->type);
        free(t->keyslots);
        free(t->binding);
        *t = (struct luks_token){};
}

static int keyslot_number(json_t *j, int *ret)
{
        const char *s;
        unsigned v;

        if (json_is_integer(j)) {
                json_int_t i = json_integer_value(j);
                if (i < 0 || i >= LUKS_TOKEN_MAX_KEYSLOTS)
                        return -EBADMSG;
                *ret = (int) i;
                return 0;
        }
        s = json_string_value(j);
        if (parse_uint(s, 0, LUKS_TOKEN_MAX_KEYSLOTS - 1, &v) < 0)
                return -EBADMSG;
        *ret = (int) v;
        return 0;
}

#define CLEVIS_MAX_DEPTH 3
#define CLEVIS_MAX_HEADER (16u * 1024)

/* base64url without padding (JOSE) to bytes, NUL-terminated. OpenSSL decodes; we only translate the alphabet. */
static int base64url_decode(const char *in, size_t len, char **ret)
{
        _cleanup_free_ char *b64 = NULL;
        unsigned char *out;
        size_t padded = (len + 3) / 4 * 4;
        int n;

        if (len == 0 || len > CLEVIS_MAX_HEADER)
                return -EBADMSG;
        b64 = xmalloc0(padded + 1);
        for (size_t i = 0; i < len; i++) {
                char ch = in[i];
                if (ch == '-')
                        ch = '+';
                else if (ch == '_')
                        ch = '/';
                else if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')))
                        return -EBADMSG;
                b64[i] = ch;
        }
        for (size_t i = len; i < padded; i++)
                b64[i] = '=';
        out = xmalloc0(padded / 4 * 3 + 1);
        n = EVP_DecodeBlock(out, (const unsigned char *) b64, (int) padded);
        if (n < 0) {
                free(out);
                return -EBADMSG;
        }
        /* EVP_DecodeBlock counts the padding as zero bytes. */
        n -= (int) (padded - len);
        out[n] = 0;
        *ret = (char *) out;
        return 0;
}

/*
 * The pins of a clevis JWE protected header: {"clevis":{"pin":"tpm2",...}},
 * or "sss" with nested compact JWEs whose headers name further pins.
 * Appends pin names to *pins (comma-separated). Bounded in depth and size.
 */
static int clevis_pins(const char *b64, size_t len, unsigned depth, char **pins)
{
        _cleanup_free_ char *hdr = NULL;
        json_t *root, *clevis, *pin;
        int k = -EBADMSG;

        if (depth > CLEVIS_MAX_DEPTH || base64url_decode(b64, len, &hdr) < 0)
                return -EBADMSG;
        root = json_loads(hdr, JSON_REJECT_DUPLICATES, NULL);
        if (!root)
                return -EBADMSG;
        clevis = json_object_get(root, "clevis");
        pin = json_object_get(clevis, "pin");
        if (!json_is_string(pin))
                goto out;
        if (streq(json_string_value(pin), "sss")) {
                json_t *jwes = json_object_get(json_object_get(clevis, "sss"), "jwe"), *e;
                size_t i;

                if (!json_is_array(jwes) || json_array_size(jwes) > 16)
                        goto out;
                json_array_foreach(jwes, i, e) {
                        const char *c = json_string_value(e), *dot;

                        /* A compact JWE: the protected header is the part before the first dot. */
                        if (!c || !(dot = strchr(c, '.')))
                                goto out;
                        if (clevis_pins(c, (size_t) (dot - c), depth + 1, pins) < 0)
                                goto out;
                }
        } else {
                char *n = xasprintf("%s%s%s", strempty(*pins), *pins ? "," : "", json_string_value(pin));
                free(*pins);
                *pins = n;
        }
        k = 0;
out:
        json_decref(root);
        return k;
}

static bool list_has(const char *list, const char *word)
{
        size_t l = strlen(word);

        for (const char *p = list; p && (p = strstr(p, word)); p += l)
                if ((p == list || p[-1] == ',') && (p[l] == 0 || p[l] == ','))
                        return true;
        return false;
}

/* What releases the key, for the token types that seal it. */
static void token_binding(json_t *root, struct luks_token *t)
{
        t->tpm_bound = -1;
        if (streq(t->type, "systemd-tpm2")) {
                json_t *pcrs = json_object_get(root, "tpm2-pcrs"), *e;
                json_t *pub = json_object_get(root, "tpm2_pubkey_pcrs");
                bool pcrlock = json_is_true(json_object_get(root, "tpm2_pcrlock"));
                char list[128] = "";
                size_t i, n = 0, off = 0;

                json_array_foreach(pcrs, i, e)
                        if (json_is_integer(e) && off < sizeof(list) - 8) {
                                off += (size_t) snprintf(list + off, sizeof(list) - off, "%s%lld", n ? "," : "", (long long) json_integer_value(e));
                                n++;
                        }
                if (n > 0 || json_array_size(pub) > 0 || pcrlock) {
                        t->tpm_bound = 1;
                        t->binding = xasprintf("TPM2, PCRs %s%s%s", n ? list : "none", json_array_size(pub) ? " + signed PCR policy" : "",
                                               pcrlock ? " + pcrlock policy" : "");
                } else {
                        /* No PCR at all: the TPM hands the key to whatever boots. */
                        t->tpm_bound = 0;
                        t->binding = xstrdup("TPM2 without any PCR binding");
                }
                if (json_is_true(json_object_get(root, "tpm2-pin"))) {
                        char *b = xasprintf("%s + PIN", t->binding);
                        free(t->binding);
                        t->binding = b;
                }
        } else if (streq(t->type, "clevis")) {
                json_t *prot = json_object_get(json_object_get(root, "jwe"), "protected");
                _cleanup_free_ char *pins = NULL;

                if (json_is_string(prot) && clevis_pins(json_string_value(prot), json_string_length(prot), 0, &pins) >= 0 && pins) {
                        t->binding = xasprintf("clevis pins %s", pins);
                        t->tpm_bound = list_has(pins, "tpm2") ? 1 : 0;
                }
        }
}

int luks_token_parse(const char *json, size_t len, int id, struct luks_token *ret)
{
        json_t *root, *type, *slots, *e;
        struct luks_token t = { .id = id };
        size_t i;
        int k = -EBADMSG;

        if (len > 64 * 1024)
                return -E2BIG;
        root = json_loadb(json, len, JSON_REJECT_DUPLICATES, NULL);
        if (!root)
                return -EBADMSG;
        if (!json_is_object(root))
                goto out;
        type = json_object_get(root, "type");
        slots = json_object_get(root, "keyslots");
        if (!json_is_string(type) || json_string_length(type) == 0 || json_string_length(type) > 64 || !json_is_array(slots))
                goto out;
        if (json_array_size(slots) > LUKS_TOKEN_MAX_KEYSLOTS)
                goto out;
        t.type = xstrdup(json_string_value(type));
        t.keyslots = xmalloc0((json_array_size(slots) + 1) * sizeof(int));
        json_array_foreach(slots, i, e) {
                if (keyslot_number(e, &t.keyslots[t.n_keyslots]) < 0) {
                        luks_token_clear(&t);
                        goto out;
                }
                t.n_keyslots++;
        }
        token_binding(root, &t);
        *ret = t;
        k = 0;
out:
        json_decref(root);
        return k;
}

enum luks_token_kind luks_token_kind(const char *type)
{
        if (!type)
                return LUKS_TOKEN_OTHER;
        if (streq(type, "systemd-tpm2"))
                return LUKS_TOKEN_TPM2;
        if (streq(type, "clevis"))
                return LUKS_TOKEN_CLEVIS;
        if (streq(type, "systemd-fido2") || streq(type, "systemd-pkcs11"))
                return LUKS_TOKEN_HARDWARE;
        if (streq(type, "systemd-recovery"))
                return LUKS_TOKEN_RECOVERY;
        return LUKS_TOKEN_OTHER;
}
