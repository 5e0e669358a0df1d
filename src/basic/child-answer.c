/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child-answer.h"
#include "macro.h"
#include "sock-io.h"
#include "time-util.h"

static int reap(pid_t pid, bool kill_it)
{
        int status = 0;

        if (kill_it)
                (void) kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
        return status;
}

int child_answer(void (*fn)(int fd, void *userdata), void *userdata, unsigned timeout_ms, size_t max,
                 char **ret, size_t *ret_len, int *ret_status)
{
        _cleanup_free_ char *buf = NULL;
        _cleanup_close_ int rfd = -1;
        uint64_t deadline = now_ms() + timeout_ms;
        size_t len = 0, cap = 0;
        int p[2], k;
        pid_t pid;

        if (pipe2(p, O_CLOEXEC) < 0)
                return negative_errno();
        pid = fork();
        if (pid < 0) {
                k = negative_errno();
                close(p[0]);
                close(p[1]);
                return k;
        }
        if (pid == 0) {
                close(p[0]);
                fn(p[1], userdata);
                _exit(127);
        }
        close(p[1]);
        rfd = p[0];

        for (;;) {
                ssize_t n;

                k = fd_wait_until(rfd, POLLIN, deadline);
                if (k < 0) {
                        (void) reap(pid, true);
                        return k;
                }
                if (len == cap) {
                        if (cap > max) {
                                (void) reap(pid, true);
                                return -EFBIG;
                        }
                        cap = cap ? MIN(cap * 2, max + 1) : MIN((size_t) 65536, max + 1);
                        buf = xreallocarray(buf, cap + 1, 1);
                }
                n = read(rfd, buf + len, cap - len);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        k = negative_errno();
                        (void) reap(pid, true);
                        return k;
                }
                if (n == 0)
                        break;
                len += (size_t) n;
                if (len > max) {
                        (void) reap(pid, true);
                        return -EFBIG;
                }
        }
        *ret_status = reap(pid, false);
        if (!buf)
                buf = xmalloc0(1);
        buf[len] = 0;
        *ret_len = len;
        *ret = TAKE_PTR(buf);
        return 0;
}
