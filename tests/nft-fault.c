/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fault injection for tests/integration/firewall-confirm.sh (LD_PRELOAD):
 * when the file named by BWTEST_NFT_FAIL_REPLY exists, the next nftables
 * batch that libnftables sends goes to the kernel for real (so the kernel
 * commits it), and then sendmsg() reports ENOBUFS, as a lost reply does.
 * The file is removed by the process that fires, so one batch in all is
 * affected, whichever process (apply or its watchdog) sends it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdbool.h>
#include <errno.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags);

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
        static ssize_t (*real)(int, const struct msghdr *, int);
        const char *trigger = getenv("BWTEST_NFT_FAIL_REPLY");
        struct sockaddr_storage ss;
        socklen_t sl = sizeof(ss);
        bool batch = false;
        ssize_t n;

        if (!real)
                real = (ssize_t (*)(int, const struct msghdr *, int)) dlsym(RTLD_NEXT, "sendmsg");
        if (trigger && getsockname(fd, (struct sockaddr *) &ss, &sl) == 0 && ss.ss_family == AF_NETLINK &&
            msg->msg_iovlen > 0 && msg->msg_iov[0].iov_len >= sizeof(struct nlmsghdr)) {
                struct nlmsghdr nh;
                memcpy(&nh, msg->msg_iov[0].iov_base, sizeof(nh));
                batch = nh.nlmsg_type == NFNL_MSG_BATCH_BEGIN;
        }
        n = real(fd, msg, flags);
        if (batch && n >= 0 && unlink(trigger) == 0) {
                errno = ENOBUFS;
                return -1;
        }
        return n;
}
