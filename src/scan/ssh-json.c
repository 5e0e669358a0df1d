/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <jansson.h>

#include "macro.h"
#include "ssh-scan.h"
#include "strv.h"

static json_t *strv_json(char *const *l)
{
        json_t *a = json_array();

        for (char *const *p = l; p && *p; p++)
                json_array_append_new(a, json_string(*p));
        return a;
}

/* The names of two directional lists as one list: c2s order first, then what only s2c has. */
static json_t *union_json(char *const *a, char *const *b)
{
        json_t *j = strv_json(a);

        for (char *const *p = b; p && *p; p++)
                if (!strv_contains(a, *p))
                        json_array_append_new(j, json_string(*p));
        return j;
}

char **ssh_list_union(const struct ssh_kexinit *k, enum ssh_list c2s)
{
        char **l = NULL;

        for (char **p = k->lists[c2s]; p && *p; p++)
                strv_push(&l, *p);
        for (char **p = k->lists[c2s + 1]; p && *p; p++)
                if (!strv_contains(l, *p))
                        strv_push(&l, *p);
        if (!l)
                l = xmalloc0(sizeof(char *));
        return l;
}

json_t *ssh_scan_to_json(const struct ssh_scan_result *r)
{
        const struct ssh_kexinit *k = &r->kexinit;
        json_t *o = json_object(), *hks = json_array();

        json_object_set_new(o, "schema", json_string("bulwark-scan-ssh/1"));
        json_object_set_new(o, "target", json_pack("{s:s, s:s, s:s}", "host", r->host, "port", r->port,
                                                   "address", r->address));
        json_object_set_new(o, "banner", json_string(r->banner));
        json_object_set_new(o, "kex", strv_json(k->lists[SSH_LIST_KEX]));
        json_object_set_new(o, "host_key", strv_json(k->lists[SSH_LIST_HOSTKEY]));
        json_object_set_new(o, "ciphers", union_json(k->lists[SSH_LIST_CIPHERS_C2S], k->lists[SSH_LIST_CIPHERS_S2C]));
        json_object_set_new(o, "macs", union_json(k->lists[SSH_LIST_MACS_C2S], k->lists[SSH_LIST_MACS_S2C]));
        json_object_set_new(o, "compression", union_json(k->lists[SSH_LIST_COMP_C2S], k->lists[SSH_LIST_COMP_S2C]));
        json_object_set_new(o, "ciphers_c2s", strv_json(k->lists[SSH_LIST_CIPHERS_C2S]));
        json_object_set_new(o, "ciphers_s2c", strv_json(k->lists[SSH_LIST_CIPHERS_S2C]));
        json_object_set_new(o, "macs_c2s", strv_json(k->lists[SSH_LIST_MACS_C2S]));
        json_object_set_new(o, "macs_s2c", strv_json(k->lists[SSH_LIST_MACS_S2C]));
        json_object_set_new(o, "compression_c2s", strv_json(k->lists[SSH_LIST_COMP_C2S]));
        json_object_set_new(o, "compression_s2c", strv_json(k->lists[SSH_LIST_COMP_S2C]));
        for (size_t i = 0; i < r->n_hostkeys; i++) {
                const struct ssh_hostkey_result *h = &r->hostkeys[i];
                json_t *e = json_object();

                json_object_set_new(e, "algorithm", json_string(h->algorithm));
                if (h->err == 0) {
                        json_object_set_new(e, "type", json_string(h->key.type));
                        json_object_set_new(e, "bits", json_integer(h->key.bits));
                        json_object_set_new(e, "fingerprint_sha256", json_string(h->key.fingerprint_sha256));
                        if (h->key.curve)
                                json_object_set_new(e, "curve", json_string(h->key.curve));
                        if (h->key.certificate)
                                json_object_set_new(e, "certificate", json_true());
                } else
                        json_object_set_new(e, "error", json_string(h->error));
                if (h->kex)
                        json_object_set_new(e, "kex", json_string(h->kex));
                json_array_append_new(hks, e);
        }
        json_object_set_new(o, "host_keys", hks);
        json_object_set_new(o, "connections", json_integer(r->connections));
        json_object_set_new(o, "elapsed_ms", json_integer((json_int_t) r->elapsed_ms));
        return o;
}
