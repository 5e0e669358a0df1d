/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs a fuzz harness over corpus files given as arguments: the corpus as an ordinary test, with any compiler. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>

#include "fdio.h"
#include "macro.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
        for (int i = 1; i < argc; i++) {
                _cleanup_close_ int fd = open(argv[i], O_RDONLY | O_CLOEXEC);
                _cleanup_free_ char *buf = NULL;
                size_t len = 0;

                if (fd < 0 || read_full_fd(fd, 1 << 20, &buf, &len) < 0) {
                        fprintf(stderr, "cannot read %s\n", argv[i]);
                        return 1;
                }
                LLVMFuzzerTestOneInput((const uint8_t *) buf, len);
                printf("ok %s (%zu bytes)\n", argv[i], len);
        }
        return 0;
}
