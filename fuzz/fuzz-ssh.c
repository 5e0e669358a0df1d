/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the SSH wire parsers. The first byte picks the
 * parser, the rest is its input; the seed corpus (fuzz/corpus/ssh) holds real
 * server bytes for each and replays as an ordinary test.
 */
#include <stdint.h>
#include <stdlib.h>

#include "macro.h"
#include "ssh-wire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const uint8_t *p, *blob;
        size_t n, plen, consumed, blen;
        uint8_t which;

        if (size < 1)
                return 0;
        which = data[0];
        p = data + 1;
        n = size - 1;

        switch (which % 6) {
        case 0: { /* identification, then packets, as a connection would see them */
                char *banner = NULL;
                size_t off = 0;

                if (ssh_banner_parse(p, n, &banner, &consumed) != 0)
                        break;
                free(banner);
                off = consumed;
                for (unsigned i = 0; i < 64 && off < n; i++) {
                        const uint8_t *payload;
                        struct ssh_kexinit k;

                        if (ssh_packet_parse(p + off, n - off, &payload, &plen, &consumed) != 0)
                                break;
                        if (ssh_kexinit_parse(payload, plen, &k) == 0)
                                ssh_kexinit_clear(&k);
                        off += consumed;
                }
                break;
        }
        case 1: { /* a KEXINIT payload, and the KEXINIT we would send back from it */
                struct ssh_kexinit k;

                if (ssh_kexinit_parse(p, n, &k) == 0) {
                        uint8_t *out = NULL;
                        size_t olen;
                        struct ssh_kexinit again;

                        if (ssh_kexinit_build(k.cookie, k.lists, &out, &olen) == 0) {
                                /* What we build from what we parsed must parse again. */
                                if (ssh_kexinit_parse(out, olen, &again) != 0)
                                        abort();
                                ssh_kexinit_clear(&again);
                                free(out);
                        }
                        ssh_kexinit_clear(&k);
                }
                break;
        }
        case 2: { /* a KEX reply and the host key in it */
                struct ssh_hostkey_info h;

                if (ssh_kex_reply_hostkey(p, n, 31, &blob, &blen) == 0 &&
                    ssh_hostkey_parse(blob, blen, &h) == 0)
                        ssh_hostkey_info_clear(&h);
                break;
        }
        case 3: { /* a host key blob */
                struct ssh_hostkey_info h;

                if (ssh_hostkey_parse(p, n, &h) == 0)
                        ssh_hostkey_info_clear(&h);
                break;
        }
        case 4: {
                unsigned bits;
                (void) ssh_gex_group_parse(p, n, &bits);
                break;
        }
        case 5: {
                uint32_t code;
                char *reason = NULL;

                if (ssh_disconnect_parse(p, n, &code, &reason) == 0)
                        free(reason);
                break;
        }
        }
        return 0;
}
