/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `firewall check` without root: nftables' dry run needs CAP_NET_ADMIN over
 * a network namespace, and an unprivileged process has it over one it
 * creates inside a user namespace of its own (unshare -Urn). The kernel
 * then checks the transaction exactly as it would for root on the device,
 * against an empty ruleset, and commits nothing anywhere.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "apply.h"
#include "child-answer.h"
#include "fdio.h"
#include "macro.h"

#define CHECK_TIMEOUT_MS 30000
#define CHECK_ANSWER_MAX (256u * 1024)

static _Noreturn void child_check(int fd, void *userdata)
{
        const char *tx = userdata;
        _cleanup_free_ char *err = NULL;
        char *msg;
        int k;

        (void) prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0) {
                msg = xasprintf("N%s", strerror(errno));
                (void) write_full(fd, msg, strlen(msg));
                _exit(2);
        }
        k = fw_nft_run(tx, true, &err);
        msg = k >= 0 ? xstrdup("0") : k == -EINVAL ? xasprintf("!%s", strempty(err)) : xasprintf("N%s", strerror(-k));
        (void) write_full(fd, msg, strlen(msg));
        _exit(k >= 0 ? 0 : 1);
}

int fw_nft_check_userns(const char *tx, char **ret_error)
{
        _cleanup_free_ char *answer = NULL;
        size_t len = 0;
        int status, k;

        *ret_error = NULL;
        k = child_answer(child_check, (void *) tx, CHECK_TIMEOUT_MS, CHECK_ANSWER_MAX, &answer, &len, &status);
        if (k == -ETIMEDOUT) {
                *ret_error = xstrdup("the dry run in a user namespace did not answer in time");
                return k;
        }
        if (k < 0 || len == 0) {
                *ret_error = xstrdup("the dry run in a user namespace gave no answer");
                return -EIO;
        }
        if (answer[0] == '0')
                return 0;
        *ret_error = xstrdup(answer + 1);
        return answer[0] == '!' ? -EINVAL : -EPERM;
}
