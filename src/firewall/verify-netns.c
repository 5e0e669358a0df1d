/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The test bed of `firewall verify`: a throwaway device network namespace
 * and one per zone, joined by veth pairs named as the policy names the
 * device's interfaces; the ruleset loaded in the device namespace; listeners
 * on every probed port and the probes of the plan (verify-plan.c) sent from
 * the zone namespaces. Fills in what was observed; verify-result.c renders it.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sched.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "apply.h"
#include "compile.h"
#include "fdio.h"
#include "hash.h"
#include "macro.h"
#include "strv.h"
#include "time-util.h"
#include "verify-plan.h"

extern char **environ;

static int run_ip(char *const argv[])
{
        posix_spawn_file_actions_t fa;
        pid_t pid;
        int status, k;

        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
        k = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        if (k != 0)
                return -k;
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return negative_errno();
        return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -EIO;
}

#define IP(...) run_ip((char *[]){ "ip", __VA_ARGS__, NULL })

struct testbed {
        char dev[32];
        char (*zone)[32];
        size_t n_zones;
        int orig_fd;
        int dev_fd;
        int *zone_fd;
        bool made_dev;
        bool *made_zone;
};

static void testbed_destroy(struct testbed *e)
{
        if (e->orig_fd >= 0) {
                (void) setns(e->orig_fd, CLONE_NEWNET);
                close(e->orig_fd);
        }
        if (e->dev_fd >= 0)
                close(e->dev_fd);
        for (size_t i = 0; i < e->n_zones; i++) {
                if (e->zone_fd[i] >= 0)
                        close(e->zone_fd[i]);
                if (e->made_zone[i])
                        (void) IP("netns", "del", e->zone[i]);
        }
        if (e->made_dev)
                (void) IP("netns", "del", e->dev);
        free(e->zone);
        free(e->zone_fd);
        free(e->made_zone);
}

static int open_netns(const char *name, int *ret)
{
        _cleanup_free_ char *path = xasprintf("/run/netns/%s", name);
        int fd = open(path, O_RDONLY | O_CLOEXEC);

        if (fd < 0)
                return negative_errno();
        *ret = fd;
        return 0;
}

static int write_proc(const char *path, const char *value)
{
        _cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);

        if (fd < 0)
                return negative_errno();
        return write_full(fd, value, strlen(value));
}

static void vaddr_str(const struct fw_vaddr *a, char buf[static 64], const char *suffix)
{
        char t[INET6_ADDRSTRLEN];

        inet_ntop(a->family, a->a, t, sizeof(t));
        snprintf(buf, 64, "%s%s", t, suffix);
}

/*
 * Duplicate address detection keeps new IPv6 addresses, link-local ones
 * included, tentative for a second or two, and neighbour discovery with them
 * loses the first packets. These namespaces are ours alone: switch it off
 * before any interface exists, so every interface inherits that.
 */
static void no_dad(int ns_fd, int orig_fd)
{
        if (setns(ns_fd, CLONE_NEWNET) < 0)
                return;
        (void) write_proc("/proc/sys/net/ipv6/conf/default/accept_dad", "0");
        (void) write_proc("/proc/sys/net/ipv6/conf/all/accept_dad", "0");
        (void) setns(orig_fd, CLONE_NEWNET);
}

static int testbed_build(const struct fw_policy *p, const struct fw_verify_plan *pl, size_t pass, struct testbed *e, char **ret_error)
{
        _cleanup_free_ struct fw_vaddr *added = NULL;
        _cleanup_free_ size_t *added_zone = NULL;
        size_t n_added = 0;
        int k;

        e->n_zones = p->n_zones;
        e->zone = xmalloc0(p->n_zones * sizeof(*e->zone) + 1);
        e->zone_fd = xmalloc0(p->n_zones * sizeof(int) + 1);
        e->made_zone = xmalloc0(p->n_zones * sizeof(bool) + 1);
        for (size_t i = 0; i < p->n_zones; i++)
                e->zone_fd[i] = -1;

        snprintf(e->dev, sizeof(e->dev), "bwv%dd", (int) getpid());
        k = IP("netns", "add", e->dev);
        if (k < 0) {
                *ret_error = xstrdup("'ip netns add' failed (root and iproute2 are needed)");
                return k;
        }
        e->made_dev = true;
        k = open_netns(e->dev, &e->dev_fd);
        if (k < 0)
                return k;
        (void) IP("-n", e->dev, "link", "set", "lo", "up");
        no_dad(e->dev_fd, e->orig_fd);

        for (size_t i = 0; i < p->n_zones; i++) {
                char *ifname = (char *) fw_verify_zone_if(p, i, pass);
                char a1[64], a2[64], gw[64], b1[64], b2[64], gw6[64];
                struct fw_vaddr v;

                snprintf(e->zone[i], sizeof(e->zone[i]), "bwv%dz%zu", (int) getpid(), i);
                if ((k = IP("netns", "add", e->zone[i])) < 0)
                        goto fail;
                e->made_zone[i] = true;
                if ((k = open_netns(e->zone[i], &e->zone_fd[i])) < 0)
                        return k;
                no_dad(e->zone_fd[i], e->orig_fd);
                /* The device side carries the name the policy uses; the peer goes straight into the zone. */
                if ((k = IP("-n", e->dev, "link", "add", ifname, "type", "veth", "peer", "name", "veth0", "netns", e->zone[i])) < 0)
                        goto fail;
                v = fw_verify_link_addr(AF_INET, i, 1);
                vaddr_str(&v, a1, "/24");
                vaddr_str(&v, gw, "");
                v = fw_verify_link_addr(AF_INET, i, 2);
                vaddr_str(&v, a2, "/24");
                v = fw_verify_link_addr(AF_INET6, i, 1);
                vaddr_str(&v, b1, "/64");
                vaddr_str(&v, gw6, "");
                v = fw_verify_link_addr(AF_INET6, i, 2);
                vaddr_str(&v, b2, "/64");
                /* nodad: the addresses are usable at once, not after duplicate address detection. */
                if ((k = IP("-n", e->dev, "addr", "add", a1, "dev", ifname)) < 0 ||
                    (k = IP("-n", e->dev, "addr", "add", b1, "dev", ifname, "nodad")) < 0 ||
                    (k = IP("-n", e->dev, "link", "set", ifname, "up")) < 0 ||
                    (k = IP("-n", e->zone[i], "addr", "add", a2, "dev", "veth0")) < 0 ||
                    (k = IP("-n", e->zone[i], "addr", "add", b2, "dev", "veth0", "nodad")) < 0 ||
                    (k = IP("-n", e->zone[i], "link", "set", "veth0", "up")) < 0 ||
                    (k = IP("-n", e->zone[i], "link", "set", "lo", "up")) < 0 ||
                    (k = IP("-n", e->zone[i], "route", "add", "default", "via", gw)) < 0 ||
                    (k = IP("-n", e->zone[i], "-6", "route", "add", "default", "via", gw6)) < 0)
                        goto fail;
        }

        /* Every probe source and zone destination lives on its zone's veth, routed from the device. */
        added = xreallocarray(NULL, 2 * pl->n + 1, sizeof(*added));
        added_zone = xreallocarray(NULL, 2 * pl->n + 1, sizeof(*added_zone));
        for (size_t i = 0; i < pl->n; i++)
                for (int side = 0; side < 2; side++) {
                        const char *zn = side == 0 ? pl->v[i].from : pl->v[i].to;
                        const struct fw_vaddr *a = side == 0 ? &pl->src[i] : &pl->dst[i];
                        struct fw_vaddr l;
                        bool seen = false;
                        size_t zi;
                        char host[64];

                        if (streq(zn, "device"))
                                continue;
                        zi = fw_verify_zone_index(p, zn);
                        l = fw_verify_link_addr(a->family, zi, 2);
                        if (fw_vaddr_eq(a, &l))
                                continue;
                        for (size_t j = 0; j < n_added && !seen; j++)
                                seen = added_zone[j] == zi && fw_vaddr_eq(&added[j], a);
                        if (seen)
                                continue;
                        added[n_added] = *a;
                        added_zone[n_added++] = zi;
                        vaddr_str(a, host, a->family == AF_INET ? "/32" : "/128");
                        if (a->family == AF_INET)
                                (void) IP("-n", e->zone[zi], "addr", "add", host, "dev", "veth0");
                        else
                                (void) IP("-n", e->zone[zi], "addr", "add", host, "dev", "veth0", "nodad");
                        (void) IP("-n", e->dev, "route", "replace", host, "dev", (char *) fw_verify_zone_if(p, zi, pass));
                }
        return 0;
fail:
        *ret_error = xstrdup("setting up the namespaces with ip(8) failed");
        return k;
}

/* ---- probing ---- */

struct listener {
        int fd;
        unsigned proto;
};

static int in_ns(int fd)
{
        return setns(fd, CLONE_NEWNET) < 0 ? negative_errno() : 0;
}

static socklen_t make_sockaddr(const struct fw_vaddr *a, uint16_t port, struct sockaddr_storage *ret);

/*
 * UDP listeners are bound to the address probed, so their answer leaves from
 * it: a wildcard socket would answer from the route's preferred address,
 * which the connected probe socket would not accept.
 */
static int make_udp_listener(const struct fw_vaddr *a, uint16_t port, int *ret)
{
        struct sockaddr_storage sa;
        socklen_t sl = make_sockaddr(a, port, &sa);
        int one = 1, fd;

        fd = socket(a->family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return negative_errno();
        (void) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (a->family == AF_INET6)
                (void) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
        if (bind(fd, (struct sockaddr *) &sa, sl) < 0) {
                int k = negative_errno();
                close(fd);
                return k;
        }
        *ret = fd;
        return 0;
}

static int make_listener(unsigned proto, uint16_t port, int *ret)
{
        struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = IN6ADDR_ANY_INIT };
        int one = 1, zero = 0;
        int fd;

        /* One dual-stack socket serves the IPv4 and the IPv6 probes. */
        fd = socket(AF_INET6, (proto == FW_PROTO_TCP ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return negative_errno();
        (void) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        (void) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
        if (bind(fd, (struct sockaddr *) &sa, sizeof(sa)) < 0 || (proto == FW_PROTO_TCP && listen(fd, 64) < 0)) {
                int k = negative_errno();
                close(fd);
                return k;
        }
        *ret = fd;
        return 0;
}

static uint16_t icmp_checksum(const void *buf, size_t len)
{
        const uint8_t *b = buf;
        uint32_t sum = 0;

        for (size_t i = 0; i + 1 < len; i += 2)
                sum += (uint32_t) (b[i] << 8 | b[i + 1]);
        if (len & 1)
                sum += (uint32_t) b[len - 1] << 8;
        while (sum >> 16)
                sum = (sum & 0xffff) + (sum >> 16);
        return htons((uint16_t) ~sum);
}

static socklen_t make_sockaddr(const struct fw_vaddr *a, uint16_t port, struct sockaddr_storage *ret)
{
        memset(ret, 0, sizeof(*ret));
        if (a->family == AF_INET) {
                struct sockaddr_in *s = (struct sockaddr_in *) ret;
                s->sin_family = AF_INET;
                s->sin_port = htons(port);
                memcpy(&s->sin_addr, a->a, 4);
                return sizeof(*s);
        }
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *) ret;
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(port);
        memcpy(&s6->sin6_addr, a->a, 16);
        return sizeof(*s6);
}

static int make_probe(const struct fw_probe *pr, const struct fw_vaddr *src, const struct fw_vaddr *dst, uint16_t echo_id, int *ret)
{
        struct sockaddr_storage s, d;
        socklen_t sl = make_sockaddr(src, pr->sport, &s), dl = make_sockaddr(dst, pr->port, &d);
        int one = 1, fd, k;

        if (pr->proto == FW_PROTO_ICMP) {
                /* ICMPv6 raw sockets get their checksum from the kernel; for ICMP we compute it. */
                struct icmphdr h = { .type = src->family == AF_INET ? ICMP_ECHO : 128,
                                     .un.echo.id = htons(echo_id), .un.echo.sequence = htons(1) };

                fd = socket(src->family, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, src->family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6);
                if (fd < 0)
                        return negative_errno();
                if (bind(fd, (struct sockaddr *) &s, sl) < 0)
                        goto err;
                if (src->family == AF_INET)
                        h.checksum = icmp_checksum(&h, sizeof(h));
                if (sendto(fd, &h, sizeof(h), 0, (struct sockaddr *) &d, dl) < 0)
                        goto err;
                *ret = fd;
                return 0;
        }
        fd = socket(src->family, (pr->proto == FW_PROTO_TCP ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return negative_errno();
        (void) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, (struct sockaddr *) &s, sl) < 0)
                goto err;
        if (connect(fd, (struct sockaddr *) &d, dl) < 0 && errno != EINPROGRESS)
                goto err;
        if (pr->proto == FW_PROTO_UDP && send(fd, "bulwark-probe", 13, 0) < 0)
                goto err;
        *ret = fd;
        return 0;
err:
        k = negative_errno();
        close(fd);
        return k;
}

static int run_probes(const struct fw_policy *p, struct fw_verify_plan *pl, struct testbed *e, unsigned timeout_ms, char **ret_error)
{
        _cleanup_free_ struct listener *ls = NULL;
        _cleanup_free_ int *pfd = NULL;
        _cleanup_free_ struct pollfd *fds = NULL;
        size_t n_ls = 0, open_count = 0;
        int64_t deadline;
        int k = 0;

        /* Listeners on every probed port of every target, so that only the firewall can make a probe fail. */
        ls = xreallocarray(NULL, pl->n + 1, sizeof(*ls));
        for (size_t i = 0; i < pl->n; i++) {
                const struct fw_probe *pr = &pl->v[i];
                int tfd = streq(pr->to, "device") ? e->dev_fd : e->zone_fd[fw_verify_zone_index(p, pr->to)];
                bool dup = false;
                int fd;

                if (pr->proto == FW_PROTO_ICMP)
                        continue;
                for (size_t j = 0; j < i && !dup; j++)
                        dup = streq(pl->v[j].to, pr->to) && pl->v[j].proto == pr->proto && pl->v[j].port == pr->port &&
                              (pr->proto == FW_PROTO_TCP || fw_vaddr_eq(&pl->dst[j], &pl->dst[i]));
                if (dup)
                        continue;
                if ((k = in_ns(tfd)) < 0)
                        goto out;
                if (pr->proto == FW_PROTO_UDP)
                        k = make_udp_listener(&pl->dst[i], pr->port, &fd);
                else
                        k = make_listener(pr->proto, pr->port, &fd);
                if (k < 0) {
                        *ret_error = xasprintf("cannot listen on %s %u in %s", pr->proto == FW_PROTO_TCP ? "TCP" : "UDP", pr->port, pr->to);
                        goto out;
                }
                ls[n_ls++] = (struct listener){ fd, pr->proto };
        }

        pfd = xreallocarray(NULL, pl->n + 1, sizeof(*pfd));
        for (size_t i = 0; i < pl->n; i++) {
                if ((k = in_ns(e->zone_fd[fw_verify_zone_index(p, pl->v[i].from)])) < 0)
                        goto out;
                k = make_probe(&pl->v[i], &pl->src[i], &pl->dst[i], (uint16_t) (0x4200 + i), &pfd[i]);
                if (k < 0) {
                        *ret_error = xasprintf("cannot send probe %zu (%s -> %s)", i, pl->v[i].src, pl->v[i].dst);
                        pfd[i] = -1;
                        for (size_t j = 0; j < i; j++)
                                close(pfd[j]);
                        goto out;
                }
        }
        (void) in_ns(e->orig_fd);

        fds = xreallocarray(NULL, pl->n + n_ls + 1, sizeof(*fds));
        deadline = (int64_t) now_ms() + timeout_ms;
        /*
         * After the deadline, a few passes without waiting: on a loaded
         * machine we may wake late, and what the kernel completed meanwhile
         * (handshakes, answers queued) must still count. A UDP probe needs
         * two (our listener answers, then the probe reads).
         */
        unsigned late_passes = 3;
        while (open_count < pl->n) {
                int64_t left = deadline - (int64_t) now_ms();
                size_t nf = 0;

                if (left <= 0) {
                        if (late_passes-- == 0)
                                break;
                        left = 0;
                }
                for (size_t i = 0; i < pl->n; i++)
                        fds[nf++] = (struct pollfd){ .fd = pl->v[i].observed_open ? -1 : pfd[i],
                                                     .events = pl->v[i].proto == FW_PROTO_TCP ? POLLOUT : POLLIN };
                for (size_t i = 0; i < n_ls; i++)
                        fds[nf++] = (struct pollfd){ .fd = ls[i].proto == FW_PROTO_UDP ? ls[i].fd : -1, .events = POLLIN };
                if (poll(fds, nf, (int) MIN(left, 100)) < 0 && errno != EINTR) {
                        k = negative_errno();
                        break;
                }
                for (size_t i = 0; i < pl->n; i++) {
                        struct fw_probe *pr = &pl->v[i];
                        if (!fds[i].revents || pr->observed_open)
                                continue;
                        if (pr->proto == FW_PROTO_TCP) {
                                int err = 0;
                                socklen_t l = sizeof(err);
                                if (getsockopt(pfd[i], SOL_SOCKET, SO_ERROR, &err, &l) == 0 && err == 0)
                                        pr->observed_open = true;
                                else {
                                        /* Refused or unreachable: not open; stop watching it. */
                                        close(pfd[i]);
                                        pfd[i] = -1;
                                }
                        } else if (pr->proto == FW_PROTO_UDP) {
                                char b[64];
                                if (recv(pfd[i], b, sizeof(b), 0) > 0)
                                        pr->observed_open = true;
                        } else {
                                uint8_t b[256];
                                ssize_t m;
                                /*
                                 * A raw socket sees all ICMP of its namespace and family: match our
                                 * id in an echo reply. IPv4 raw sockets include the IP header, IPv6 ones do not.
                                 */
                                while ((m = recv(pfd[i], b, sizeof(b), 0)) > 0) {
                                        bool v4 = pr->family == AF_INET;
                                        size_t ihl = v4 ? (size_t) (b[0] & 0x0f) * 4 : 0;
                                        for (size_t j = 0; j < pl->n; j++) {
                                                struct icmphdr h;
                                                if (pl->v[j].proto != FW_PROTO_ICMP || pl->v[j].family != pr->family || (size_t) m < ihl + sizeof(h))
                                                        continue;
                                                memcpy(&h, b + ihl, sizeof(h));
                                                if (h.type == (v4 ? ICMP_ECHOREPLY : 129) && ntohs(h.un.echo.id) == 0x4200 + j)
                                                        pl->v[j].observed_open = true;
                                        }
                                }
                        }
                        if (pr->observed_open)
                                open_count++;
                }
                for (size_t i = 0; i < n_ls; i++) {
                        struct sockaddr_storage from;
                        socklen_t fl = sizeof(from);
                        char b[64];
                        ssize_t m;
                        if (!fds[pl->n + i].revents)
                                continue;
                        while ((m = recvfrom(ls[i].fd, b, sizeof(b), 0, (struct sockaddr *) &from, &fl)) > 0) {
                                (void) sendto(ls[i].fd, b, (size_t) m, 0, (struct sockaddr *) &from, fl);
                                fl = sizeof(from);
                        }
                }
        }
        for (size_t i = 0; i < pl->n; i++)
                if (pfd[i] >= 0)
                        close(pfd[i]);
out:
        for (size_t i = 0; i < n_ls; i++)
                close(ls[i].fd);
        (void) in_ns(e->orig_fd);
        return k;
}

/*
 * One pass: the plan of that pass (fw_verify_plan_build()) sent through a
 * test bed of its own, every zone joined through fw_verify_zone_if(pass).
 * The probes go to the end of r.
 */
static int verify_pass(const struct fw_policy *p, const struct fw_verify_options *o, uint32_t seed, const char *tx, size_t pass,
                       struct fw_verify_result *r, char **ret_error)
{
        struct testbed e = { .orig_fd = -1, .dev_fd = -1 };
        struct fw_verify_plan pl = {};
        int k;

        k = fw_verify_plan_build(p, seed, pass, o->island, &pl, ret_error);
        if (k < 0)
                return k;
        if (pl.n == 0) {
                fw_verify_plan_done(&pl);
                return 0;
        }

        e.orig_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        if (e.orig_fd < 0) {
                k = negative_errno();
                goto out;
        }
        k = testbed_build(p, &pl, pass, &e, ret_error);
        if (k < 0)
                goto out;

        /* Load the ruleset inside the device namespace, and let it route between zones. */
        if ((k = in_ns(e.dev_fd)) < 0)
                goto out;
        k = fw_nft_run(tx, false, ret_error);
        if (k >= 0)
                k = write_proc("/proc/sys/net/ipv4/ip_forward", "1");
        if (k >= 0)
                k = write_proc("/proc/sys/net/ipv6/conf/all/forwarding", "1");
        (void) in_ns(e.orig_fd);
        if (k < 0)
                goto out;

        k = run_probes(p, &pl, &e, o->timeout_ms ? o->timeout_ms : 1500, ret_error);
        if (k < 0)
                goto out;

        r->v = xreallocarray(r->v, r->n + pl.n, sizeof(*r->v));
        memcpy(r->v + r->n, pl.v, pl.n * sizeof(*pl.v));
        r->n += pl.n;
        pl.n = 0; /* the strings moved to r */
        if (pass == 0) {
                r->notes = pl.notes;
                pl.notes = NULL;
        }
        k = 0;
out:
        testbed_destroy(&e);
        fw_verify_plan_done(&pl);
        return k;
}

int fw_verify(const struct fw_policy *p, const struct fw_verify_options *o, struct fw_verify_result **ret, char **ret_error)
{
        _cleanup_free_ char *compiled = NULL, *tx = NULL;
        struct fw_compile_options co = { .island = o->island };
        struct fw_verify_result *r = NULL;
        size_t passes = fw_verify_plan_passes(p);
        uint32_t seed;
        int k;

        k = fw_verify_plan_check(p, ret_error);
        if (k < 0)
                return k;

        if (o->ruleset)
                compiled = xstrdup(o->ruleset);
        else {
                k = fw_compile(p, &co, &compiled);
                if (k < 0)
                        return k;
        }

        /* Default seed from the ruleset, so a result is reproducible from the same policy. */
        {
                char h[SHA256_HEX_LEN + 1];
                sha256_hex(compiled, strlen(compiled), h);
                seed = o->have_seed ? o->seed : (uint32_t) strtoul((char[9]){ h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 0 }, NULL, 16);
        }
        r = xmalloc0(sizeof(*r));
        r->island = o->island;
        r->seed = seed;
        sha256_hex(compiled, strlen(compiled), r->ruleset_sha256);
        tx = o->ruleset ? xstrdup(compiled) : fw_apply_transaction(compiled);

        for (size_t pass = 0; pass < passes; pass++) {
                k = verify_pass(p, o, seed, tx, pass, r, ret_error);
                if (k < 0)
                        goto out;
        }
        for (size_t i = 0; i < r->n; i++)
                if (r->v[i].expected_open != r->v[i].observed_open)
                        r->mismatches++;
        *ret = TAKE_PTR(r);
        k = 0;
out:
        fw_verify_result_free(r);
        return k;
}

