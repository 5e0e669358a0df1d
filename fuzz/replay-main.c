/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Replays a fuzz corpus through a harness without libFuzzer, so the corpus
 * runs as an ordinary test under any compiler: replay DIR|FILE...
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>

#include "fdio.h"
#include "macro.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(int dirfd, const char *name)
{
        _cleanup_close_ int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        _cleanup_free_ char *buf = NULL;
        size_t len = 0;
        int k;

        if (fd < 0)
                return negative_errno();
        k = read_full_fd(fd, 1024 * 1024, &buf, &len);
        if (k < 0)
                return k;
        LLVMFuzzerTestOneInput((const uint8_t *) buf, len);
        return 0;
}

int main(int argc, char **argv)
{
        unsigned n = 0;

        for (int i = 1; i < argc; i++) {
                DIR *d = opendir(argv[i]);
                struct dirent *de;

                if (!d) {
                        if (replay_file(AT_FDCWD, argv[i]) < 0) {
                                fprintf(stderr, "cannot read %s\n", argv[i]);
                                return 1;
                        }
                        n++;
                        continue;
                }
                while ((de = readdir(d))) {
                        if (de->d_name[0] == '.')
                                continue;
                        if (replay_file(dirfd(d), de->d_name) < 0) {
                                fprintf(stderr, "cannot read %s/%s\n", argv[i], de->d_name);
                                closedir(d);
                                return 1;
                        }
                        n++;
                }
                closedir(d);
        }
        if (n == 0) {
                fprintf(stderr, "empty corpus\n");
                return 1;
        }
        printf("%u inputs replayed\n", n);
        return 0;
}
