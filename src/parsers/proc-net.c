/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "cursor.h"
#include "macro.h"
#include "parsers.h"

#define TCP_LISTEN 0x0A
#define UDP_UNCONNECTED 0x07

/* The kernel prints each 32-bit word of the address in host byte order. */
static int parse_addr(struct slice s, int family, char *out, size_t outlen, uint16_t *port)
{
        struct slice a;
        uint64_t p;
        uint8_t raw[16];
        size_t words = family == AF_INET ? 1 : 4;

        if (!slice_split(&s, ':', &a) || a.len != words * 8 || slice_to_u64(s, 16, &p) < 0 || p > 65535)
                return -EBADMSG;
        for (size_t w = 0; w < words; w++) {
                uint64_t word;
                uint32_t host;

                if (slice_to_u64((struct slice){ a.p + 8 * w, 8 }, 16, &word) < 0)
                        return -EBADMSG;
                host = (uint32_t) word;
                memcpy(raw + 4 * w, &host, 4);
        }
        if (!inet_ntop(family, raw, out, (socklen_t) outlen))
                return -EBADMSG;
        *port = (uint16_t) p;
        return 0;
}

int proc_net_parse(const char *buf, size_t len, int family, int proto, struct listen_socket **v, size_t *n)
{
        struct cursor c = cursor_make(buf, len);
        struct listen_socket *out = *v;
        size_t count = *n, start = *n;
        struct slice line;
        bool header = true;

        while (cursor_line(&c, &line)) {
                struct slice w[10], rest = line;
                struct listen_socket s = { .family = family, .proto = proto };
                uint64_t state, inode;
                size_t i;

                if (header) {
                        header = false;
                        continue;
                }
                if (slice_empty(line))
                        continue;
                /* sl local rem st tx:rx tr:when retrnsmt uid timeout inode */
                for (i = 0; i < ARRAY_SIZE(w) && slice_word(&rest, &w[i]); i++)
                        ;
                if (i < ARRAY_SIZE(w))
                        goto bad;
                if (slice_to_u64(w[3], 16, &state) < 0 || slice_to_u64(w[9], 10, &inode) < 0)
                        goto bad;
                if (parse_addr(w[1], family, s.addr, sizeof(s.addr), &s.port) < 0)
                        goto bad;
                if (proto == IPPROTO_TCP ? state != TCP_LISTEN : state != UDP_UNCONNECTED)
                        continue;
                if (count >= PARSE_MAX_ITEMS)
                        goto toobig;
                s.inode = (unsigned long) inode;
                out = xreallocarray(out, count + 1, sizeof(*out));
                out[count++] = s;
        }
        *v = out;
        *n = count;
        return 0;
toobig:
        *v = out;
        *n = start;
        return -E2BIG;
bad:
        *v = out;
        *n = start;
        return -EBADMSG;
}
