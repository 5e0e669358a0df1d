/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "macro.h"
#include "tls-internal.h"

/* Blocks of the suite registry that ever held assignments (IANA, plus the draft ChaCha20 block). */
static const struct {
        uint16_t first, last;
} legacy_blocks[] = {
        { 0x0001, 0x00FE },  /* 0x00FF is the renegotiation SCSV */
        { 0xC001, 0xC0FF },
        { 0xC100, 0xC107 },
        { 0xCC13, 0xCC15 },
        { 0xCCA8, 0xCCAE },
        { 0xD001, 0xD005 },
};

static bool is_tls13_code(uint16_t code)
{
        const struct tls_suite *s = tls_suite_by_code(code);

        if (s)
                return tls_suite_is_tls13(s);
        return (code >> 8) == 0x13;
}

static bool wanted(uint16_t code, bool tls13)
{
        const struct tls_suite *s = tls_suite_by_code(code);

        if (code == 0x0000 || (s && s->scsv) || code == 0x00FF || code == 0x5600)
                return false;
        return is_tls13_code(code) == tls13;
}

size_t tls_offer_codes(bool tls13, uint16_t **ret)
{
        uint16_t *v = NULL;
        size_t n = 0;
        /* A bitmap keeps the union free of duplicates. */
        _cleanup_free_ uint8_t *seen = xmalloc0(65536 / 8);

#define ADD(c)                                                                    \
        do {                                                                      \
                uint16_t _c = (c);                                                \
                if (wanted(_c, tls13) && !(seen[_c >> 3] & (1u << (_c & 7)))) {   \
                        seen[_c >> 3] |= (uint8_t) (1u << (_c & 7));              \
                        v = xreallocarray(v, n + 1, sizeof(uint16_t));            \
                        v[n++] = _c;                                              \
                }                                                                 \
        } while (0)

        for (size_t i = 0; i < tls_suites_count; i++)
                ADD(tls_suites[i].code);
        if (tls13)
                for (unsigned c = 0x1301; c <= 0x1307; c++)
                        ADD((uint16_t) c);
        else
                for (size_t b = 0; b < ARRAY_SIZE(legacy_blocks); b++)
                        for (unsigned c = legacy_blocks[b].first; c <= legacy_blocks[b].last; c++)
                                ADD((uint16_t) c);
#undef ADD
        *ret = v;
        return n;
}

enum tls_kex_kind tls_suite_kex(uint16_t code)
{
        const struct tls_suite *s = tls_suite_by_code(code);

        if (!s)
                return TLS_KEX_OTHER;
        if (s->kx == TLS_KX_ECDHE)
                return TLS_KEX_ECDHE;
        if (s->kx == TLS_KX_DHE)
                return TLS_KEX_DHE;
        return TLS_KEX_OTHER;
}

bool tls_suite_signed(uint16_t code)
{
        const struct tls_suite *s = tls_suite_by_code(code);
        return s && !tls_suite_is_anon(s);
}

bool tls_suite_is_cbc(uint16_t code)
{
        const struct tls_suite *s = tls_suite_by_code(code);
        return s && s->mode == TLS_MODE_CBC;
}
