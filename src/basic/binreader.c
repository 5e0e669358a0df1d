/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "binreader.h"
#include "macro.h"

int binreader_bytes(struct binreader *r, size_t n, const uint8_t **ret)
{
        if (n > binreader_left(r))
                return -EBADMSG;
        if (ret)
                *ret = r->data + r->off;
        r->off += n;
        return 0;
}

int binreader_skip(struct binreader *r, size_t n) { return binreader_bytes(r, n, NULL); }

static int get_be(struct binreader *r, unsigned n, uint32_t *ret)
{
        const uint8_t *p;
        uint32_t v = 0;
        int k;

        k = binreader_bytes(r, n, &p);
        if (k < 0)
                return k;
        for (unsigned i = 0; i < n; i++)
                v = (v << 8) | p[i];
        *ret = v;
        return 0;
}

int binreader_u8(struct binreader *r, uint8_t *ret)
{
        uint32_t v;
        int k = get_be(r, 1, &v);
        if (k == 0)
                *ret = (uint8_t) v;
        return k;
}

int binreader_u16(struct binreader *r, uint16_t *ret)
{
        uint32_t v;
        int k = get_be(r, 2, &v);
        if (k == 0)
                *ret = (uint16_t) v;
        return k;
}

int binreader_u24(struct binreader *r, uint32_t *ret) { return get_be(r, 3, ret); }
int binreader_u32(struct binreader *r, uint32_t *ret) { return get_be(r, 4, ret); }

int binreader_vector(struct binreader *r, unsigned prefix_len, struct binreader *ret)
{
        size_t saved = r->off;
        const uint8_t *p;
        uint32_t n;
        int k;

        if (prefix_len < 1 || prefix_len > 4)
                return -EINVAL;
        k = get_be(r, prefix_len, &n);
        if (k < 0)
                return k;
        k = binreader_bytes(r, n, &p);
        if (k < 0) {
                r->off = saved;
                return k;
        }
        *ret = binreader_make(p, n);
        return 0;
}
