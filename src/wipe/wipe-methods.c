/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The erase methods, one row each: the name, the words for --help, the man
 * page and the certificate, the passes it writes (per media, where NIST SP
 * 800-88 asks for another scheme), the target kinds it erases, and whether
 * and how its result is read back. The dispatcher refuses a target kind a
 * row does not list; the engines run the passes of the row's scheme and
 * verify against its last pass. Adding a method is a name in enum
 * wipe_method and a row here (plus an engine file, for a new target kind).
 *
 * This file is data and pure functions: prepare reads it, so nothing here
 * may reach code that writes (tests/link/prepare-no-destructive.sh).
 */
#include "macro.h"
#include "wipe-internal.h"

static const struct wipe_method_info wipe_methods[_WIPE_METHOD_MAX] = {
        [WIPE_METHOD_ZERO] = {
                .name = "zero",
                .description = "one pass of zeros",
                .category = "Clear",
                .kinds = WIPE_KINDS_OVERWRITE,
                .readback = WIPE_READBACK_LAST_PASS,
                .scheme = { "overwrite, one pass of zeros", 1, { { PATTERN_ZERO } } },
        },
        [WIPE_METHOD_RANDOM] = {
                .name = "random",
                .description = "one pass of an AES-256-CTR keystream keyed from getrandom(); its key goes into the "
                               "certificate, so the erase can be read back again later",
                .category = "Clear",
                .kinds = WIPE_KINDS_OVERWRITE,
                .readback = WIPE_READBACK_LAST_PASS,
                .scheme = { "overwrite, one pass of an AES-256-CTR keystream keyed from getrandom()", 1, { { PATTERN_KEYSTREAM } } },
        },
        [WIPE_METHOD_CLEAR] = {
                .name = "clear",
                .description = "NIST SP 800-88 Clear for the media: one keystream pass, or on removable flash two "
                               "passes (0x55, then its complement 0xaa)",
                .category = "Clear",
                .kinds = WIPE_KINDS_OVERWRITE,
                .readback = WIPE_READBACK_LAST_PASS,
                .scheme = { "overwrite, one pass of an AES-256-CTR keystream (800-88 Clear for this media)", 1, { { PATTERN_KEYSTREAM } } },
                .scheme_removable_flash = {
                        "overwrite, two passes: 0x55 pattern, then its complement 0xaa (removable flash)", 2,
                        { { PATTERN_BYTE, 0x55 }, { PATTERN_BYTE, 0xaa } },
                },
        },
        [WIPE_METHOD_DISCARD] = {
                .name = "discard",
                .description = "block devices: secure discard (BLKSECDISCARD), else discard (BLKDISCARD), then "
                               "zero-out (BLKZEROOUT); verification reads back zeros",
                .category = "Purge", /* lowered to Clear in execute when the device refuses secure discard */
                .kinds = WIPE_KINDS_BLOCK,
                .readback = WIPE_READBACK_LAST_PASS,
                .caveat = "discard: what a device does on (secure) discard is its firmware's choice; "
                          "the certificate records which request it accepted, and verification reads back zeros",
                .scheme = { "BLKSECDISCARD (secure discard), else BLKDISCARD + BLKZEROOUT", 1, { { PATTERN_ZERO, .discard = true } } },
        },
        [WIPE_METHOD_CRYPTO] = {
                .name = "crypto",
                .description = "LUKS devices and image files: every keyslot and token destroyed, then the header and "
                               "keyslot areas overwritten with a keystream (crypto erase, 800-88 Purge)",
                .category = "Purge",
                .kinds = WIPE_KIND_BIT(WIPE_KIND_LUKS),
                .readback = WIPE_READBACK_LAST_PASS,
                .scheme = { "cryptographic erase: every LUKS keyslot and token destroyed, header and keyslot areas overwritten", 1,
                            { { PATTERN_KEYSTREAM } } },
        },
};

const struct wipe_method_info *wipe_method_info(enum wipe_method m)
{
        return m < _WIPE_METHOD_MAX && wipe_methods[m].name ? &wipe_methods[m] : NULL;
}

const char *wipe_method_to_string(enum wipe_method m)
{
        const struct wipe_method_info *i = wipe_method_info(m);

        return i ? i->name : NULL;
}

const char *wipe_method_description(enum wipe_method m)
{
        const struct wipe_method_info *i = wipe_method_info(m);

        return i ? i->description : NULL;
}

int wipe_method_from_string(const char *s, enum wipe_method *ret)
{
        for (int i = 0; i < _WIPE_METHOD_MAX; i++)
                if (wipe_methods[i].name && streq(s, wipe_methods[i].name)) {
                        *ret = (enum wipe_method) i;
                        return 0;
                }
        return -EINVAL;
}

/* Whether 800-88 Clear for this media is two passes (removable flash: pattern, then its complement). */
static bool media_is_removable_flash(const struct wipe_media *m)
{
        return m->type && (streq(m->type, "usb-flash") || streq(m->type, "sd") || (m->removable == 1 && m->rotational == 0));
}

const struct wipe_scheme *wipe_method_scheme(const struct wipe_record *r)
{
        const struct wipe_method_info *i = wipe_method_info(r->method);

        if (!i)
                return NULL;
        if (i->scheme_removable_flash.n_passes > 0 && r->passes == i->scheme_removable_flash.n_passes)
                return &i->scheme_removable_flash;
        return &i->scheme;
}

void wipe_method_describe(struct wipe_record *r)
{
        const struct wipe_method_info *i = wipe_method_info(r->method);
        const struct wipe_scheme *s;

        if (!i)
                return;
        s = i->scheme_removable_flash.n_passes > 0 && media_is_removable_flash(&r->media) ? &i->scheme_removable_flash : &i->scheme;
        r->passes = s->n_passes;
        r->category = i->category;
        free(r->technique);
        r->technique = xstrdup(s->technique);
}

bool wipe_method_needs_key(const struct wipe_record *r)
{
        const struct wipe_scheme *s = wipe_method_scheme(r);

        for (unsigned i = 0; s && i < s->n_passes; i++)
                if (s->passes[i].pattern == PATTERN_KEYSTREAM)
                        return true;
        return false;
}

int wipe_pattern_for(const struct wipe_record *r, unsigned pass, uint64_t stream_id, struct wipe_pattern *ret)
{
        const struct wipe_scheme *s = wipe_method_scheme(r);
        const struct wipe_pass *ps;
        struct wipe_pattern p = { 0 };
        int k;

        if (!s || s->n_passes == 0)
                return -EINVAL;
        ps = &s->passes[MIN(pass, s->n_passes - 1)];
        p.kind = ps->pattern;
        p.byte = ps->byte;
        if (p.kind == PATTERN_KEYSTREAM) {
                if (!r->has_key)
                        return -ENOKEY;
                k = keystream_new(r->key, stream_id, &p.ks);
                if (k < 0)
                        return k;
        }
        *ret = p;
        return 0;
}

void wipe_pattern_done(struct wipe_pattern *p)
{
        keystream_free(p->ks);
        p->ks = NULL;
}
