/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for /proc/net/{tcp,tcp6,udp,udp6}; the first byte picks the table. */
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "parsers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct listen_socket *v = NULL;
        size_t n = 0;
        int family, proto;

        if (size < 1)
                return 0;
        family = data[0] & 1 ? AF_INET6 : AF_INET;
        proto = data[0] & 2 ? IPPROTO_UDP : IPPROTO_TCP;
        (void) proc_net_parse((const char *) data + 1, size - 1, family, proto, &v, &n);
        for (size_t i = 0; i < n; i++) {
                /* The address is a terminated string inside its buffer. */
                if (!memchr(v[i].addr, 0, sizeof(v[i].addr)))
                        abort();
                free(v[i].process);
        }
        free(v);
        return 0;
}
