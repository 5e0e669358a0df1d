/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <ctype.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <time.h>

#include "cursor.h"
#include "fdio.h"
#include "macro.h"
#include "ruleset-id.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

static int read_boot_id(char ret[static 37])
{
        _cleanup_free_ char *s = NULL;
        _cleanup_close_ int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
        int k;

        if (fd < 0)
                return negative_errno();
        k = read_full_fd(fd, 64, &s, NULL);
        if (k < 0)
                return k;
        if (strlen(s) < 36)
                return -EBADMSG;
        memcpy(ret, s, 36);
        ret[36] = 0;
        return 0;
}

/*
 * One recv() buffer of netlink messages: calls answer() on each message
 * answering seq that is not an error, until it returns anything but -EAGAIN.
 * An NLMSG_ERROR answering seq is the kernel's -errno (-EBADMSG when cut
 * short or when it is an ACK); a length that does not fit is -EBADMSG;
 * -EAGAIN when the buffer holds no (final) answer for seq yet.
 */
static int nl_answers(const uint8_t *buf, size_t len, uint32_t seq,
                      int (*answer)(const struct nlmsghdr *nh, const uint8_t *msg, void *userdata), void *userdata)
{
        while (len >= sizeof(struct nlmsghdr)) {
                struct nlmsghdr nh;

                memcpy(&nh, buf, sizeof(nh));
                if (nh.nlmsg_len < sizeof(nh) || nh.nlmsg_len > len)
                        return -EBADMSG;
                if (nh.nlmsg_seq == seq && nh.nlmsg_type == NLMSG_ERROR) {
                        struct nlmsgerr e;

                        if (nh.nlmsg_len < sizeof(nh) + sizeof(e))
                                return -EBADMSG;
                        memcpy(&e, buf + sizeof(nh), sizeof(e));
                        return e.error < 0 ? e.error : -EBADMSG;
                }
                if (nh.nlmsg_seq == seq) {
                        int k = answer(&nh, buf, userdata);

                        if (k != -EAGAIN)
                                return k;
                }
                if (NLMSG_ALIGN(nh.nlmsg_len) >= len)
                        break;
                buf += NLMSG_ALIGN(nh.nlmsg_len);
                len -= NLMSG_ALIGN(nh.nlmsg_len);
        }
        return -EAGAIN;
}

/* The payload of the first attribute `type` of an nftables message: 0, -ENOENT when it has none, -EBADMSG when an attribute does not fit. */
static int nft_attr(const struct nlmsghdr *nh, const uint8_t *msg, uint16_t type, const uint8_t **ret, size_t *ret_len)
{
        size_t off = NLMSG_ALIGN(sizeof(*nh)) + NLMSG_ALIGN(sizeof(struct nfgenmsg));

        while (off + sizeof(struct nlattr) <= nh->nlmsg_len) {
                struct nlattr a;

                memcpy(&a, msg + off, sizeof(a));
                if (a.nla_len < sizeof(a) || off + a.nla_len > nh->nlmsg_len)
                        return -EBADMSG;
                if ((a.nla_type & NLA_TYPE_MASK) == type) {
                        *ret = msg + off + sizeof(a);
                        *ret_len = a.nla_len - sizeof(a);
                        return 0;
                }
                off += NLA_ALIGN(a.nla_len);
        }
        return -ENOENT;
}

static int table_dump_answer(const struct nlmsghdr *nh, const uint8_t *msg, void *userdata)
{
        bool *ret_any = userdata;

        if (nh->nlmsg_type != ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWTABLE) && nh->nlmsg_type != NLMSG_DONE)
                return -EAGAIN;
        *ret_any = nh->nlmsg_type != NLMSG_DONE;
        return 1;
}

int fw_nft_table_dump_parse(const uint8_t *buf, size_t len, uint32_t seq, bool *ret_any)
{
        return nl_answers(buf, len, seq, table_dump_answer, ret_any);
}

static int gen_answer(const struct nlmsghdr *nh, const uint8_t *msg, void *userdata)
{
        const uint8_t *p;
        size_t n;
        uint32_t be;
        int k;

        if (nh->nlmsg_type != ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWGEN))
                return -EAGAIN;
        k = nft_attr(nh, msg, NFTA_GEN_ID, &p, &n);
        if (k < 0 || n != sizeof(be))
                return -EBADMSG;
        memcpy(&be, p, sizeof(be));
        *(uint32_t *) userdata = ntohl(be);
        return 0;
}

int fw_nft_gen_reply_parse(const uint8_t *buf, size_t len, uint32_t seq, uint32_t *ret)
{
        return nl_answers(buf, len, seq, gen_answer, ret);
}

static int request(int fd, uint16_t type, uint16_t flags, uint32_t seq)
{
        struct {
                struct nlmsghdr nh;
                struct nfgenmsg nfg;
        } req = {
                .nh = {
                        .nlmsg_len = sizeof(req),
                        .nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | type,
                        .nlmsg_flags = NLM_F_REQUEST | flags,
                        .nlmsg_seq = seq,
                },
                .nfg = { .nfgen_family = AF_UNSPEC, .version = NFNETLINK_V0 },
        };
        struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

        if (sendto(fd, &req, sizeof(req), 0, (struct sockaddr *) &kernel, sizeof(kernel)) != (ssize_t) sizeof(req))
                return errno ? negative_errno() : -EIO;
        return 0;
}

/* Reads replies to seq until parse says it has its answer; a bounded number of datagrams. */
static int answer(int fd, uint8_t *buf, size_t size, int (*parse)(const uint8_t *, size_t, uint32_t, void *), uint32_t seq,
                  void *out)
{
        for (int tries = 0; tries < 64; tries++) {
                ssize_t n = recv(fd, buf, size, 0);
                int k;

                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return negative_errno();
                k = parse(buf, (size_t) n, seq, out);
                if (k != -EAGAIN)
                        return k < 0 ? k : 0;
        }
        return -EBADMSG;
}

static int parse_gen_cb(const uint8_t *buf, size_t len, uint32_t seq, void *out)
{
        return fw_nft_gen_reply_parse(buf, len, seq, out);
}

static int parse_tables_cb(const uint8_t *buf, size_t len, uint32_t seq, void *out)
{
        return fw_nft_table_dump_parse(buf, len, seq, out);
}

static int open_nfnetlink(void)
{
        struct timeval tv = { .tv_sec = 2 };
        int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);

        if (fd < 0)
                return negative_errno();
        (void) setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        return fd;
}

struct comment_out {
        char *buf;
        size_t size;
};

static int comment_answer(const struct nlmsghdr *nh, const uint8_t *msg, void *userdata)
{
        struct comment_out *c = userdata;
        const uint8_t *u;
        size_t ul;
        int k;

        if (nh->nlmsg_type != ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWTABLE))
                return -EAGAIN;
        if (c->size > 0)
                c->buf[0] = 0;
        k = nft_attr(nh, msg, NFTA_TABLE_USERDATA, &u, &ul);
        if (k == -ENOENT)
                return 0; /* no comment */
        if (k < 0)
                return k;
        /* libnftnl's TLVs: type (1 byte), length (1 byte), value; the comment is type 0, NUL included. */
        for (size_t i = 0; i + 2 <= ul && i + 2 + u[i + 1] <= ul; i += 2u + u[i + 1])
                if (u[i] == 0 && c->size > 0) {
                        size_t n = strnlen((const char *) u + i + 2, u[i + 1]);

                        n = MIN(n, c->size - 1);
                        memcpy(c->buf, u + i + 2, n);
                        c->buf[n] = 0;
                        break;
                }
        return 0;
}

int fw_nft_table_comment_parse(const uint8_t *buf, size_t len, uint32_t seq, char *ret, size_t size)
{
        struct comment_out c = { ret, size };

        return nl_answers(buf, len, seq, comment_answer, &c);
}

static int parse_comment_cb(const uint8_t *buf, size_t len, uint32_t seq, void *out)
{
        struct comment_out *c = out;
        return fw_nft_table_comment_parse(buf, len, seq, c->buf, c->size);
}

int fw_nft_table_comment(const char *name, char *ret, size_t size)
{
        _cleanup_close_ int fd = -1;
        uint8_t buf[16384];
        uint32_t seq = (uint32_t) time(NULL) ^ 0x5a5a0000u;
        struct {
                struct nlmsghdr nh;
                struct nfgenmsg nfg;
                struct nlattr a;
                char name[64];
        } req = {};
        struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
        struct comment_out out = { ret, size };
        size_t nl = strlen(name) + 1;

        if (nl > sizeof(req.name) || size == 0)
                return -EINVAL;
        fd = open_nfnetlink();
        if (fd < 0)
                return fd;
        req.nh.nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETTABLE;
        req.nh.nlmsg_flags = NLM_F_REQUEST;
        req.nh.nlmsg_seq = seq;
        req.nfg.nfgen_family = NFPROTO_INET;
        req.nfg.version = NFNETLINK_V0;
        req.a.nla_type = NFTA_TABLE_NAME;
        req.a.nla_len = (uint16_t) (sizeof(req.a) + nl);
        memcpy(req.name, name, nl);
        req.nh.nlmsg_len = (uint32_t) (NLMSG_ALIGN(sizeof(req.nh)) + NLMSG_ALIGN(sizeof(req.nfg)) + NLA_ALIGN(req.a.nla_len));
        if (sendto(fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *) &kernel, sizeof(kernel)) != (ssize_t) req.nh.nlmsg_len)
                return errno ? negative_errno() : -EIO;
        return answer(fd, buf, sizeof(buf), parse_comment_cb, seq, &out);
}

int fw_ruleset_generation(uint32_t *ret)
{
        _cleanup_close_ int fd = -1;
        uint8_t buf[16384];
        uint32_t seq = (uint32_t) time(NULL), gen = 0;
        int k;

        fd = open_nfnetlink();
        if (fd < 0)
                return fd;
        k = request(fd, NFT_MSG_GETGEN, 0, seq);
        if (k >= 0)
                k = answer(fd, buf, sizeof(buf), parse_gen_cb, seq, &gen);
        if (k < 0)
                return k;
        *ret = gen;
        return 0;
}

int fw_ruleset_id_get(struct fw_ruleset_id *ret, bool *ret_empty)
{
        struct timeval tv = { .tv_sec = 2 };
        struct fw_ruleset_id id = {};
        socklen_t cl = sizeof(id.netns_cookie);
        _cleanup_close_ int fd = -1;
        uint8_t buf[16384];
        uint32_t seq = (uint32_t) time(NULL);
        bool any = true;
        int k;

        k = read_boot_id(id.boot_id);
        if (k < 0)
                return k;
        fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
        if (fd < 0)
                return negative_errno();
        if (getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &id.netns_cookie, &cl) < 0)
                return negative_errno();
        if (cl != sizeof(id.netns_cookie))
                return -EBADMSG;
        (void) setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        k = request(fd, NFT_MSG_GETGEN, 0, seq);
        if (k >= 0)
                k = answer(fd, buf, sizeof(buf), parse_gen_cb, seq, &id.generation);
        if (k < 0)
                return k;
        /* Whether there is any table at all, after the generation: a change in between shows in the generation. */
        if (ret_empty) {
                k = request(fd, NFT_MSG_GETTABLE, NLM_F_DUMP, seq + 1);
                if (k >= 0)
                        k = answer(fd, buf, sizeof(buf), parse_tables_cb, seq + 1, &any);
                if (k < 0)
                        return k;
                *ret_empty = !any;
        }
        *ret = id;
        return 0;
}

int fw_ruleset_id_format(const struct fw_ruleset_id *id, char *buf, size_t size)
{
        int n = snprintf(buf, size, "%s %" PRIu64 " %" PRIu32 "\n", id->boot_id, id->netns_cookie, id->generation);
        return n > 0 && (size_t) n < size ? 0 : -ENOBUFS;
}

int fw_ruleset_id_parse(const char *s, struct fw_ruleset_id *ret)
{
        struct cursor c = cursor_make(s, strlen(s));
        struct fw_ruleset_id id = {};
        struct slice line, w;
        uint64_t gen;

        /* One line: a boot id (36 characters of hex digits and dashes), two decimal numbers. */
        if (!cursor_line(&c, &line) || !cursor_eof(&c))
                return -EBADMSG;
        if (!slice_word(&line, &w) || w.len != 36)
                return -EBADMSG;
        for (size_t i = 0; i < w.len; i++)
                if (!isxdigit((unsigned char) w.p[i]) && w.p[i] != '-')
                        return -EBADMSG;
        memcpy(id.boot_id, w.p, 36);
        if (!slice_word(&line, &w) || slice_to_u64(w, 10, &id.netns_cookie) < 0)
                return -EBADMSG;
        if (!slice_word(&line, &w) || slice_to_u64(w, 10, &gen) < 0 || gen > UINT32_MAX || !slice_empty(line))
                return -EBADMSG;
        id.generation = (uint32_t) gen;
        *ret = id;
        return 0;
}

bool fw_ruleset_id_equal(const struct fw_ruleset_id *a, const struct fw_ruleset_id *b)
{
        return streq(a->boot_id, b->boot_id) && a->netns_cookie == b->netns_cookie && a->generation == b->generation;
}

char *fw_ruleset_foreign(const char *listing)
{
        struct cursor c = cursor_make(listing, strlen(listing));
        char *out = xmalloc0(cursor_left(&c) + 1);
        bool skipping = false;
        struct slice line;
        size_t o = 0;

        while (true) {
                const char *start = c.p;

                if (!cursor_line(&c, &line))
                        break;
                /* nft prints top-level blocks from column 0 and closes them with "}" alone at column 0. */
                if (!skipping && (slice_eq(line, "table inet bulwark {") || slice_eq(line, "table inet bulwark_lockdown {")))
                        skipping = true;
                else if (skipping) {
                        if (slice_eq(line, "}"))
                                skipping = false;
                } else {
                        memcpy(out + o, start, (size_t) (c.p - start));
                        o += (size_t) (c.p - start);
                }
        }
        out[o] = 0;
        return out;
}
