/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * LUKS2 token JSON as libcryptsetup hands it out (crypt_token_json_get):
 * {"type": "systemd-tpm2", "keyslots": ["1"], ...}. The LUKS2 format writes
 * keyslot numbers as strings; we accept integers too, as some tools do.
 */
#include <jansson.h>

#include "macro.h"
#include "parsers.h"

#define LUKS_TOKEN_MAX_KEYSLOTS 32 /* LUKS2_KEYSLOTS_MAX */

void luks_token_clear(struct luks_token *t)
{
        free(t->type);
        free(t->keyslots);
        *t = (struct luks_token){};
}

static int keyslot_number(json_t *j, int *ret)
{
        const char *s;
        char *end;
        unsigned long v;

        if (json_is_integer(j)) {
                json_int_t i = json_integer_value(j);
                if (i < 0 || i >= LUKS_TOKEN_MAX_KEYSLOTS)
                        return -EBADMSG;
                *ret = (int) i;
                return 0;
        }
        s = json_string_value(j);
        if (!s || *s < '0' || *s > '9')
                return -EBADMSG;
        errno = 0;
        v = strtoul(s, &end, 10);
        if (errno != 0 || *end || v >= LUKS_TOKEN_MAX_KEYSLOTS)
                return -EBADMSG;
        *ret = (int) v;
        return 0;
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
