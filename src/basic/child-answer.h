/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include <stddef.h>

/*
 * Work that must not run in this process (a library that may crash or hang
 * on hostile input, or that needs namespaces of its own) runs in a forked
 * child, which writes its answer to a pipe.
 *
 * child_answer() forks, runs fn(fd, userdata) in the child with fd the
 * pipe's write end, and reads what it writes until it closes the pipe, at
 * most `max` bytes and for at most `timeout_ms` in all. fn ends in _exit();
 * if it returns, the child exits 127. Returns 0 with *ret (NUL-terminated,
 * "" when the child wrote nothing), *ret_len and *ret_status (the waitpid()
 * status); -ETIMEDOUT when the time ran out or -EFBIG when the child wrote
 * more than `max` (it is killed then, and nothing is returned); or -errno.
 */
int child_answer(void (*fn)(int fd, void *userdata), void *userdata, unsigned timeout_ms, size_t max,
                 char **ret, size_t *ret_len, int *ret_status);
