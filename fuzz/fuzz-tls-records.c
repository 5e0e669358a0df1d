/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the TLS record reader and the handshake parsers. The
 * first input byte picks how the rest is cut into reads (as a server dribbling
 * bytes would), the second the reader's cap, so reassembly across records and
 * reads is exercised as well as each parser.
 */
#include <stddef.h>
#include <stdint.h>

#include "macro.h"
#include "tls-proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void parse_event(const struct tls_event *ev)
{
        struct tls_server_hello sh;
        struct tls_server_key_exchange ske;
        struct tls_der ders[16];

        if (ev->kind != TLS_EVENT_HANDSHAKE)
                return;
        switch (ev->hs_type) {
        case TLS_HS_SERVER_HELLO:
                (void) tls_parse_server_hello(ev->body, ev->body_len, &sh);
                break;
        case TLS_HS_CERTIFICATE:
                (void) tls_parse_certificate_list(ev->body, ev->body_len, ders, ARRAY_SIZE(ders));
                break;
        case TLS_HS_SERVER_KEY_EXCHANGE:
                for (uint16_t v = TLS_VERSION_TLS10; v <= TLS_VERSION_TLS12; v += 2) {
                        (void) tls_parse_server_key_exchange(ev->body, ev->body_len, TLS_KEX_ECDHE, false, v, &ske);
                        (void) tls_parse_server_key_exchange(ev->body, ev->body_len, TLS_KEX_DHE, false, v, &ske);
                        (void) tls_parse_server_key_exchange(ev->body, ev->body_len, TLS_KEX_DHE, true, v, &ske);
                }
                break;
        default:
                break;
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct tls_reader r;
        struct tls_event ev;
        size_t chunk, off = 2;

        if (size < 2)
                return 0;
        chunk = (size_t) data[0] + 1;
        tls_reader_init(&r, data[1] & 1 ? 4096 : 0);

        /* Also hand the whole input to the parsers directly. */
        (void) tls_parse_server_hello(data + 2, size - 2, &(struct tls_server_hello){});
        (void) tls_parse_certificate_list(data + 2, size - 2, (struct tls_der[4]){}, 4);

        while (off < size) {
                size_t n = MIN(chunk, size - off);
                int k;

                if (tls_reader_feed(&r, data + off, n) < 0)
                        break;
                off += n;
                while ((k = tls_reader_next(&r, &ev)) > 0)
                        parse_event(&ev);
                if (k < 0)
                        break;
        }
        tls_reader_done(&r);
        return 0;
}
