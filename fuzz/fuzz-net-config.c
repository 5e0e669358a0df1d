/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer harness for interfaces(5) (ifupdown), networkd's DHCP= values and socket units' Listen values. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collect-services.h"
#include "macro.h"
#include "net-config.h"
#include "strv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct ifupdown_conf c = {};
        char value[128], *addr = NULL;
        uint16_t port = 0;
        size_t n = size < sizeof(value) - 1 ? size : sizeof(value) - 1;
        int v;

        if (ifupdown_parse((const char *) data, size, &c) == 0) {
                /* Every DHCP stanza has its evidence line. */
                if (strv_length(c.dhcp_ifaces) != strv_length(c.dhcp_lines))
                        abort();
                ifupdown_conf_done(&c);
        } else if (c.auto_ifaces || c.dhcp_ifaces || c.sources)
                abort(); /* a failed parse leaves the caller's struct alone */

        memcpy(value, data, n);
        value[n] = 0;
        v = networkd_dhcp_value(value);
        if (v != -EINVAL && (v < 0 || v > NETWORKD_DHCP_YES))
                abort();
        if (socket_listen_parse(value, &addr, &port) == 0) {
                if (port == 0)
                        abort();
                free(addr);
        }
        return 0;
}
