/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: prints tls_detect(HOST, PORT, 3000) so scripts can check it. */
#include <stdio.h>
#include <stdlib.h>

#include "tls-scan.h"

int main(int argc, char **argv)
{
        char *end;
        unsigned long port;

        if (argc != 3)
                return 2;
        port = strtoul(argv[2], &end, 10);
        if (*end || port == 0 || port > 65535)
                return 2;
        printf("%d\n", tls_detect(argv[1], (uint16_t) port, 3000));
        return 0;
}
