/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>

#include "macro.h"
#include "parse-util.h"
#include "sock-io.h"
#include "ssh-scan.h"
#include "strv.h"
#include "time-util.h"
#include "version.h"

#define CONN_BUF_MAX (SSH_PACKET_MAX + 4 + SSH_BANNER_LINE_MAX)
#define PACKETS_SKIP_MAX 32u /* IGNORE/DEBUG messages tolerated while waiting for one reply */

static void *mfree(void *p)
{
        free(p);
        return NULL;
}

struct conn {
        int fd;
        uint8_t *buf;
        size_t len;
        size_t received;
        uint64_t deadline;
        uint64_t started;
        const char *stage;  /* what we were doing, for error messages */
};

static void conn_close(struct conn *c)
{
        if (c->fd >= 0)
                close(c->fd);
        c->fd = -1;
        free(c->buf);
        c->buf = NULL;
}

static int conn_wait(struct conn *c, short events)
{
        return fd_wait_until(c->fd, events, c->deadline);
}

static int conn_connect(struct conn *c, const struct sockaddr *sa, socklen_t salen)
{
        socklen_t l = sizeof(int);
        int fd, err = 0, one = 1, k;

        c->stage = "connecting";
        fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
        if (fd < 0)
                return negative_errno();
        c->fd = fd;
        /* Our messages are small and each waits for an answer: do not let Nagle delay them. */
        (void) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        if (connect(fd, sa, salen) == 0)
                return 0;
        if (errno != EINPROGRESS)
                return negative_errno();
        k = conn_wait(c, POLLOUT);
        if (k < 0)
                return k;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &l) < 0)
                return negative_errno();
        return err ? -err : 0;
}

static int conn_write(struct conn *c, const void *data, size_t len)
{
        return sock_send_all(c->fd, data, len, c->deadline);
}

static int conn_fill(struct conn *c)
{
        ssize_t n;

        if (!c->buf)
                c->buf = xmalloc0(CONN_BUF_MAX);
        if (c->len >= CONN_BUF_MAX)
                return -E2BIG;
        n = sock_recv_some(c->fd, c->buf + c->len, CONN_BUF_MAX - c->len, c->deadline);
        if (n < 0)
                return (int) n; /* -ECONNRESET: closed by the peer */
        c->len += (size_t) n;
        c->received += (size_t) n;
        return 0;
}

static void conn_consume(struct conn *c, size_t n)
{
        memmove(c->buf, c->buf + n, c->len - n);
        c->len -= n;
}

static int conn_banner(struct conn *c, char **ret)
{
        size_t consumed;
        int k;

        c->stage = "reading the banner";
        for (;;) {
                if (c->len > 0) {
                        k = ssh_banner_parse(c->buf, c->len, ret, &consumed);
                        if (k == 0) {
                                conn_consume(c, consumed);
                                return 0;
                        }
                        if (k != -EAGAIN)
                                return k;
                }
                /* Each round adds at least one byte and the parser caps lines and bytes, so this ends. */
                k = conn_fill(c);
                if (k < 0)
                        return k;
        }
}

/* The next packet's payload, skipping IGNORE and DEBUG; caller frees. A DISCONNECT becomes -ECONNABORTED. */
static int conn_packet(struct conn *c, uint8_t **ret, size_t *ret_len, char **ret_disconnect)
{
        unsigned skipped = 0;
        const uint8_t *payload;
        size_t plen, consumed;
        int k;

        for (;;) {
                k = c->len > 0 ? ssh_packet_parse(c->buf, c->len, &payload, &plen, &consumed) : -EAGAIN;
                if (k == -EAGAIN) {
                        k = conn_fill(c);
                        if (k < 0)
                                return k;
                        continue;
                }
                if (k < 0)
                        return k;
                if (plen == 0)
                        return -EBADMSG;
                if (payload[0] == SSH_MSG_IGNORE || payload[0] == SSH_MSG_DEBUG) {
                        if (++skipped > PACKETS_SKIP_MAX)
                                return -E2BIG;
                        conn_consume(c, consumed);
                        continue;
                }
                if (payload[0] == SSH_MSG_DISCONNECT) {
                        uint32_t code;
                        char *reason = NULL;

                        if (ssh_disconnect_parse(payload, plen, &code, &reason) == 0 && ret_disconnect)
                                *ret_disconnect = reason;
                        else
                                free(reason);
                        conn_consume(c, consumed);
                        return -ECONNABORTED;
                }
                *ret = xmalloc0(plen);
                memcpy(*ret, payload, plen);
                *ret_len = plen;
                conn_consume(c, consumed);
                return 0;
        }
}

static int conn_send_packet(struct conn *c, const uint8_t *payload, size_t len)
{
        _cleanup_free_ uint8_t *pkt = NULL;
        size_t n;
        int k;

        k = ssh_packet_build(payload, len, &pkt, &n);
        if (k < 0)
                return k;
        return conn_write(c, pkt, n);
}

/* ---- key exchange methods we can run far enough to get K_S ---- */

enum kex_kind { KEX_X25519, KEX_ECDH, KEX_SNTRUP, KEX_DH, KEX_GEX };

static const struct kex_method {
        const char *name;
        enum kex_kind kind;
        const char *curve;  /* OpenSSL group name for ECDH */
        unsigned dh_bits;   /* fixed groups */
} kex_methods[] = {
        /* Preference: cheapest for the server first. */
        { "curve25519-sha256", KEX_X25519 },
        { "curve25519-sha256@libssh.org", KEX_X25519 },
        { "ecdh-sha2-nistp256", KEX_ECDH, "P-256" },
        { "ecdh-sha2-nistp384", KEX_ECDH, "P-384" },
        { "ecdh-sha2-nistp521", KEX_ECDH, "P-521" },
        { "sntrup761x25519-sha512@openssh.com", KEX_SNTRUP },
        { "sntrup761x25519-sha512", KEX_SNTRUP },
        { "diffie-hellman-group14-sha256", KEX_DH, NULL, 2048 },
        { "diffie-hellman-group14-sha1", KEX_DH, NULL, 2048 },
        { "diffie-hellman-group1-sha1", KEX_DH, NULL, 1024 },
        { "diffie-hellman-group15-sha512", KEX_DH, NULL, 3072 },
        { "diffie-hellman-group16-sha512", KEX_DH, NULL, 4096 },
        { "diffie-hellman-group17-sha512", KEX_DH, NULL, 6144 },
        { "diffie-hellman-group18-sha512", KEX_DH, NULL, 8192 },
        { "diffie-hellman-group-exchange-sha256", KEX_GEX },
        { "diffie-hellman-group-exchange-sha1", KEX_GEX },
};

static const struct kex_method *kex_choose(char *const *server_kex)
{
        for (size_t i = 0; i < ARRAY_SIZE(kex_methods); i++)
                if (strv_contains(server_kex, kex_methods[i].name))
                        return &kex_methods[i];
        return NULL;
}

const char *ssh_probe_kex_choose(char *const *server_kex)
{
        const struct kex_method *m = kex_choose(server_kex);
        return m ? m->name : NULL;
}

/* An ephemeral public key; the exchange is never completed, so the private half is discarded. */
static int ec_public(const char *type, const char *group, struct ssh_buf *out)
{
        EVP_PKEY *pk;
        uint8_t pub[160];
        size_t n = 0;
        int ok;

        pk = group ? EVP_PKEY_Q_keygen(NULL, NULL, "EC", group) : EVP_PKEY_Q_keygen(NULL, NULL, type);
        if (!pk)
                return -EIO;
        ok = EVP_PKEY_get_octet_string_param(pk, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, pub, sizeof(pub), &n);
        EVP_PKEY_free(pk);
        if (!ok || n == 0)
                return -EIO;
        ssh_buf_put(out, pub, n);
        return 0;
}

/* A random 1 < e < p for a group of pbits bits: the top bit below p's keeps it in range. */
static int dh_public(unsigned pbits, struct ssh_buf *out)
{
        size_t n = (pbits - 1 + 7) / 8;
        _cleanup_free_ uint8_t *e = xmalloc0(n);
        unsigned top = (pbits - 2) % 8; /* bit index of e's top bit in its first byte */

        if (RAND_bytes(e, (int) n) != 1)
                return -EIO;
        e[0] &= (uint8_t) ((1u << (top + 1)) - 1);
        e[0] |= (uint8_t) (1u << top);
        ssh_buf_mpint(out, e, n);
        return 0;
}

static int kex_init_payload(const struct kex_method *m, const struct ssh_gex_probe *gx, struct ssh_buf *b)
{
        struct ssh_buf pub = {};
        int k;

        switch (m->kind) {
        case KEX_X25519:
                k = ec_public("X25519", NULL, &pub);
                break;
        case KEX_ECDH:
                k = ec_public(NULL, m->curve, &pub);
                break;
        case KEX_SNTRUP: {
                /* The server encapsulates to whatever sntrup761 public key we send; it need not be ours to decapsulate. */
                uint8_t r[1158];
                if (RAND_bytes(r, sizeof(r)) != 1)
                        return -EIO;
                ssh_buf_put(&pub, r, sizeof(r));
                k = ec_public("X25519", NULL, &pub);
                break;
        }
        case KEX_DH:
                ssh_buf_u8(b, SSH_MSG_KEX_ECDH_INIT);
                return dh_public(m->dh_bits, b);
        case KEX_GEX:
                ssh_buf_u8(b, SSH_MSG_KEX_DH_GEX_REQUEST);
                ssh_buf_u32(b, gx ? gx->bits_requested : 2048);
                ssh_buf_u32(b, gx ? gx->bits_requested : 3072);
                ssh_buf_u32(b, gx ? gx->bits_requested : 8192);
                return 0;
        default:
                return -EOPNOTSUPP;
        }
        if (k < 0) {
                free(pub.data);
                return k;
        }
        ssh_buf_u8(b, SSH_MSG_KEX_ECDH_INIT);
        ssh_buf_string(b, pub.data, pub.len);
        free(pub.data);
        return 0;
}

/* ---- one connection ---- */

/*
 * How a scan runs: a few connections start at once, before anything is
 * known about the server (sshd spends most of a probe's time starting its
 * per-connection process, so waiting for one KEXINIT before opening the
 * others would double the scan time). The first to read a KEXINIT publishes
 * it and the list of host key probes; every connection then takes a probe,
 * and workers open further connections until the list is done.
 */
struct scan_shared {
        const struct sockaddr *sa;
        socklen_t salen;
        unsigned timeout_ms;
        uint64_t overall_deadline;
        bool no_hostkeys;
        bool all_algorithms;

        pthread_mutex_t lock;
        pthread_cond_t cond;
        bool published;        /* a KEXINIT was read: banner, kexinit, hostkeys are set */
        bool first_done;       /* published, or every initial connection failed before that */
        unsigned initial;      /* connections started before the KEXINIT was known */
        unsigned initial_failed;
        unsigned pending;      /* initial connections that have not yet read a KEXINIT nor failed */
        char *banner;
        struct ssh_kexinit kexinit;
        int first_err;
        char *first_error;
        unsigned connections;

        /* host key results, one per offered algorithm; probes run for those with probe[i] */
        struct ssh_hostkey_result *hostkeys;
        bool *probe;
        size_t n_hostkeys;
        size_t next;

        /* group exchange size probes, after the host keys */
        const struct kex_method *gex_method;
        struct ssh_gex_probe *gex;
        size_t n_gex, gex_next;
};

/*
 * Group sizes asked for exactly: below and at what clients insist on (2048).
 * Two, so that on a server with one host key the initial connections, which
 * would otherwise only read the KEXINIT, carry them at no extra cost.
 */
static const unsigned gex_sizes[] = { 1024, 2048 };

static char *describe(const struct conn *c, int err, const char *disconnect)
{
        double secs = (double) (now_ms() - c->started) / 1000.0;

        switch (err) {
        case -ETIMEDOUT:
                return xasprintf("timed out after %.1f s while %s (%zu bytes received)", secs, c->stage, c->received);
        case -ECONNRESET:
                return xasprintf("connection closed by the server while %s (%zu bytes received)", c->stage, c->received);
        case -ECONNABORTED:
                return xasprintf("the server disconnected while %s: %s", c->stage, disconnect ? disconnect : "no reason given");
        case -E2BIG:
                return xasprintf("the server exceeded a size limit while %s (over-long banner line, too many lines before it, or a packet over %u bytes)",
                                 c->stage, SSH_PACKET_MAX);
        case -EBADMSG:
                return xasprintf("malformed data from the server while %s", c->stage);
        case -EPROTO:
                return xasprintf("protocol violation by the server while %s", c->stage);
        case -EPROTONOSUPPORT:
                return xasprintf("the server speaks only SSH protocol 1");
        default:
                return xasprintf("%s while %s", strerror(-err), c->stage);
        }
}

/*
 * RSA host key algorithms all sign with the same RSA key (RFC 8332), and their
 * certificate variants with the same certificate: one probe serves each group.
 * 0: not RSA, 1: plain RSA, 2: RSA certificate.
 */
static int rsa_family(const char *alg)
{
        static const char *const plain[] = { "ssh-rsa", "rsa-sha2-256", "rsa-sha2-512" };
        static const char *const cert[] = { "ssh-rsa-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com",
                                            "rsa-sha2-512-cert-v01@openssh.com" };

        for (size_t i = 0; i < ARRAY_SIZE(plain); i++) {
                if (streq(alg, plain[i]))
                        return 1;
                if (streq(alg, cert[i]))
                        return 2;
        }
        return 0;
}

/* Called with the lock held by the first connection that read a KEXINIT. */
static void publish_locked(struct scan_shared *s, char *banner, const struct ssh_kexinit *kx)
{
        char **hk = kx->lists[SSH_LIST_HOSTKEY];
        bool rsa_seen[3] = {};

        s->published = s->first_done = true;
        s->banner = banner;
        for (size_t i = 0; i < _SSH_LIST_MAX; i++) {
                for (char **n = kx->lists[i]; n && *n; n++)
                        strv_push(&s->kexinit.lists[i], *n);
                if (!s->kexinit.lists[i])
                        s->kexinit.lists[i] = xmalloc0(sizeof(char *));
        }
        memcpy(s->kexinit.cookie, kx->cookie, 16);
        s->kexinit.first_kex_follows = kx->first_kex_follows;
        if (!s->no_hostkeys) {
                s->n_hostkeys = strv_length(hk);
                s->hostkeys = xreallocarray(NULL, s->n_hostkeys, sizeof(*s->hostkeys));
                s->probe = xreallocarray(NULL, s->n_hostkeys, sizeof(bool));
                for (size_t i = 0; i < s->n_hostkeys; i++) {
                        s->hostkeys[i] = (struct ssh_hostkey_result){ .algorithm = xstrdup(hk[i]) };
                        int fam = rsa_family(hk[i]);

                        s->probe[i] = s->all_algorithms || fam == 0 || !rsa_seen[fam];
                        rsa_seen[fam] = true;
                }
                for (size_t i = 0; i < ARRAY_SIZE(kex_methods) && !s->gex_method; i++)
                        if (kex_methods[i].kind == KEX_GEX && strv_contains(kx->lists[SSH_LIST_KEX], kex_methods[i].name))
                                s->gex_method = &kex_methods[i];
                if (s->gex_method) {
                        s->n_gex = ARRAY_SIZE(gex_sizes);
                        s->gex = xreallocarray(NULL, s->n_gex, sizeof(*s->gex));
                        for (size_t i = 0; i < s->n_gex; i++)
                                s->gex[i] = (struct ssh_gex_probe){ .bits_requested = gex_sizes[i] };
                }
        }
        pthread_cond_broadcast(&s->cond);
}

static size_t probes_left_locked(const struct scan_shared *s)
{
        size_t n = 0;

        for (size_t i = s->next; i < s->n_hostkeys; i++)
                n += s->probe[i];
        return n + (s->n_gex - s->gex_next);
}

/* The next probe, a host key or a group exchange size; false when none is left. Lock held. */
static bool take_probe_locked(struct scan_shared *s, struct ssh_hostkey_result **ret_hk, struct ssh_gex_probe **ret_gx)
{
        *ret_hk = NULL;
        *ret_gx = NULL;
        while (s->next < s->n_hostkeys) {
                size_t i = s->next++;
                if (s->probe[i]) {
                        *ret_hk = &s->hostkeys[i];
                        return true;
                }
        }
        if (s->gex_next < s->n_gex) {
                *ret_gx = &s->gex[s->gex_next++];
                return true;
        }
        return false;
}

/*
 * Runs one connection: identification and KEXINIT; publishes them when first;
 * then the key exchange for one host key probe (*out), taken from the queue
 * when out is NULL. Returns false when there was nothing to probe.
 */
static bool run_conn(struct scan_shared *s, struct ssh_hostkey_result *out, struct ssh_gex_probe *gx, bool initial)
{
        struct conn c = { .fd = -1 };
        _cleanup_free_ char *banner = NULL, *disconnect = NULL;
        _cleanup_free_ uint8_t *payload = NULL, *kexinit_out = NULL;
        struct ssh_kexinit kx = {};
        const struct kex_method *m;
        struct ssh_buf init = {};
        static const char ident[] = "SSH-2.0-Bulwark_" BULWARK_VERSION "\r\n";
        uint8_t cookie[16], reply_msg;
        const uint8_t *blob;
        size_t plen, blen, olen;
        int k;

        c.started = now_ms();
        c.deadline = MIN(c.started + s->timeout_ms, s->overall_deadline);

        pthread_mutex_lock(&s->lock);
        s->connections++;
        pthread_mutex_unlock(&s->lock);

        k = conn_connect(&c, s->sa, s->salen);
        if (k < 0)
                goto fail;
        /* Both sides send identification at once (RFC 4253 4.2), so do not wait for theirs. */
        c.stage = "sending our identification";
        k = conn_write(&c, ident, sizeof(ident) - 1);
        if (k < 0)
                goto fail;
        k = conn_banner(&c, &banner);
        if (k < 0)
                goto fail;
        c.stage = "reading the server's KEXINIT";
        k = conn_packet(&c, &payload, &plen, &disconnect);
        if (k < 0)
                goto fail;
        k = ssh_kexinit_parse(payload, plen, &kx);
        if (k < 0)
                goto fail;
        payload = mfree(payload);

        if (!out && !gx) {
                pthread_mutex_lock(&s->lock);
                if (!s->published)
                        publish_locked(s, TAKE_PTR(banner), &kx);
                (void) take_probe_locked(s, &out, &gx);
                if (initial) {
                        s->pending--;
                        pthread_cond_broadcast(&s->cond);
                }
                pthread_mutex_unlock(&s->lock);
                if (!out && !gx)
                        goto done;
        }

        c.stage = "choosing a key exchange";
        m = gx ? s->gex_method : kex_choose(kx.lists[SSH_LIST_KEX]);
        if (!m && gx) {
                gx->err = -EOPNOTSUPP;
                gx->error = xstrdup("the server no longer offers group exchange");
                goto done;
        }
        if (!m) {
                _cleanup_free_ char *offered = strv_join(kx.lists[SSH_LIST_KEX], ",");
                out->err = -EOPNOTSUPP;
                out->error = xasprintf("no key exchange Bulwark can run to fetch the host key (server offers %s)", offered);
                goto done;
        }
        if (out)
                out->kex = xstrdup(m->name);
        {
                char *kexl[] = { (char *) m->name, NULL };
                char *hkl[] = { out ? out->algorithm : NULL, NULL };
                char **lists[_SSH_LIST_MAX] = {
                        [SSH_LIST_KEX] = kexl,
                        /* A group size probe stops before any host key is used: offer all. */
                        [SSH_LIST_HOSTKEY] = out ? hkl : kx.lists[SSH_LIST_HOSTKEY],
                        /* Offer exactly what the server offers, so the negotiation cannot fail on these. */
                        [SSH_LIST_CIPHERS_C2S] = kx.lists[SSH_LIST_CIPHERS_C2S],
                        [SSH_LIST_CIPHERS_S2C] = kx.lists[SSH_LIST_CIPHERS_S2C],
                        [SSH_LIST_MACS_C2S] = kx.lists[SSH_LIST_MACS_C2S],
                        [SSH_LIST_MACS_S2C] = kx.lists[SSH_LIST_MACS_S2C],
                        [SSH_LIST_COMP_C2S] = kx.lists[SSH_LIST_COMP_C2S],
                        [SSH_LIST_COMP_S2C] = kx.lists[SSH_LIST_COMP_S2C],
                };

                if (RAND_bytes(cookie, sizeof(cookie)) != 1) {
                        k = -EIO;
                        goto fail;
                }
                k = ssh_kexinit_build(cookie, lists, &kexinit_out, &olen);
                if (k < 0)
                        goto fail;
        }
        c.stage = "sending KEXINIT";
        k = conn_send_packet(&c, kexinit_out, olen);
        if (k < 0)
                goto fail;
        k = kex_init_payload(m, gx, &init);
        if (k < 0)
                goto fail;
        c.stage = "starting the key exchange";
        k = conn_send_packet(&c, init.data, init.len);
        init.data = mfree(init.data);
        init.len = 0;
        if (k < 0)
                goto fail;

        reply_msg = SSH_MSG_KEX_ECDH_REPLY;
        if (m->kind == KEX_GEX) {
                unsigned pbits;

                c.stage = "waiting for the DH group";
                k = conn_packet(&c, &payload, &plen, &disconnect);
                if (k < 0)
                        goto fail;
                k = ssh_gex_group_parse(payload, plen, &pbits);
                if (k < 0)
                        goto fail;
                payload = mfree(payload);
                if (pbits > 16384) {
                        k = -E2BIG;
                        goto fail;
                }
                if (gx) {
                        gx->bits = pbits;
                        goto done;
                }
                ssh_buf_u8(&init, SSH_MSG_KEX_DH_GEX_INIT);
                k = dh_public(pbits, &init);
                if (k < 0)
                        goto fail;
                k = conn_send_packet(&c, init.data, init.len);
                init.data = mfree(init.data);
                if (k < 0)
                        goto fail;
                reply_msg = SSH_MSG_KEX_DH_GEX_REPLY;
        }
        c.stage = "waiting for the key exchange reply";
        k = conn_packet(&c, &payload, &plen, &disconnect);
        if (k < 0)
                goto fail;
        k = ssh_kex_reply_hostkey(payload, plen, reply_msg, &blob, &blen);
        if (k < 0)
                goto fail;
        c.stage = "parsing the host key";
        k = ssh_hostkey_parse(blob, blen, &out->key);
        if (k < 0)
                goto fail;
        goto done;

fail:
        free(init.data);
        if (out) {
                out->err = k;
                out->error = describe(&c, k, disconnect);
        } else if (gx) {
                gx->err = k;
                gx->error = describe(&c, k, disconnect);
        } else {
                /* Failed before a KEXINIT: the scan fails if every initial connection does. */
                pthread_mutex_lock(&s->lock);
                if (!s->first_error) {
                        s->first_err = k;
                        s->first_error = describe(&c, k, disconnect);
                }
                if (initial) {
                        s->pending--;
                        if (++s->initial_failed == s->initial && !s->published)
                                s->first_done = true;
                        pthread_cond_broadcast(&s->cond);
                }
                pthread_mutex_unlock(&s->lock);
        }
done:
        ssh_kexinit_clear(&kx);
        conn_close(&c);
        return out || gx;
}

/* Takes probes until none is left, one new connection each. */
static void *probe_worker(void *p)
{
        struct scan_shared *s = p;

        for (;;) {
                struct ssh_hostkey_result *out = NULL;
                struct ssh_gex_probe *gx = NULL;

                pthread_mutex_lock(&s->lock);
                /* Leave probes to initial connections still on their way to a KEXINIT: opening
                 * another connection now would cost the server one more process for nothing. */
                while (s->published && s->pending > 0 && probes_left_locked(s) > 0 &&
                       probes_left_locked(s) <= s->pending)
                        pthread_cond_wait(&s->cond, &s->lock);
                bool any = s->published && take_probe_locked(s, &out, &gx);
                pthread_mutex_unlock(&s->lock);
                if (!any)
                        return NULL;
                if (now_ms() >= s->overall_deadline) {
                        int *err = out ? &out->err : &gx->err;
                        char **error = out ? &out->error : &gx->error;
                        *err = -ETIMEDOUT;
                        *error = xstrdup("overall scan time limit reached before this probe started");
                        continue;
                }
                run_conn(s, out, gx, false);
        }
}

/* A connection started before the server's lists are known; then it helps with the rest. */
static void *initial_worker(void *p)
{
        run_conn(p, NULL, NULL, true);
        return probe_worker(p);
}

/* Copies each RSA group's probe result to the algorithms that shared it. */
static void share_rsa_results(struct scan_shared *s)
{
        for (int fam = 1; fam <= 2; fam++) {
                const struct ssh_hostkey_result *src = NULL;

                for (size_t i = 0; i < s->n_hostkeys && !src; i++)
                        if (s->probe[i] && rsa_family(s->hostkeys[i].algorithm) == fam)
                                src = &s->hostkeys[i];
                if (!src)
                        continue;
                for (size_t i = 0; i < s->n_hostkeys; i++) {
                        struct ssh_hostkey_result *h = &s->hostkeys[i];

                        if (s->probe[i] || rsa_family(h->algorithm) != fam)
                                continue;
                        h->err = src->err;
                        h->error = xstrdup(src->error);
                        h->kex = xstrdup(src->kex);
                        h->key = src->key;
                        h->key.type = xstrdup(src->key.type);
                        h->key.curve = xstrdup(src->key.curve);
                }
        }
}

int ssh_target_parse(const char *s, const char *default_port, char **ret_host, char **ret_port)
{
        _cleanup_free_ char *host = NULL;
        const char *port = default_port, *colon;
        unsigned v;

        if (!s || !*s)
                return -EINVAL;
        if (s[0] == '[') {
                const char *close = strchr(s, ']');
                if (!close || close == s + 1)
                        return -EINVAL;
                host = xstrndup(s + 1, (size_t) (close - s - 1));
                if (close[1] == ':')
                        port = close + 2;
                else if (close[1] != 0)
                        return -EINVAL;
        } else if ((colon = strrchr(s, ':')) && strchr(s, ':') == colon) {
                if (colon == s)
                        return -EINVAL;
                host = xstrndup(s, (size_t) (colon - s));
                port = colon + 1;
        } else
                host = xstrdup(s); /* a bare IPv6 address, or a name */
        if (parse_uint(port, 1, 65535, &v) < 0)
                return -EINVAL;
        *ret_port = xasprintf("%u", v);
        *ret_host = TAKE_PTR(host);
        return 0;
}

bool ssh_detect(const uint8_t *buf, size_t len)
{
        static const char p[] = "SSH-";

        return len > 0 && memcmp(buf, p, MIN(len, sizeof(p) - 1)) == 0;
}

void ssh_scan_result_free(struct ssh_scan_result *r)
{
        if (!r)
                return;
        free(r->host);
        free(r->port);
        free(r->address);
        free(r->banner);
        ssh_kexinit_clear(&r->kexinit);
        for (size_t i = 0; i < r->n_hostkeys; i++) {
                free(r->hostkeys[i].algorithm);
                free(r->hostkeys[i].kex);
                free(r->hostkeys[i].error);
                ssh_hostkey_info_clear(&r->hostkeys[i].key);
        }
        free(r->hostkeys);
        for (size_t i = 0; i < r->n_gex; i++)
                free(r->gex[i].error);
        free(r->gex);
        free(r->gex_kex);
        free(r);
}

static int resolve(const char *host, const char *port, struct addrinfo **ret)
{
        struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV };
        int k;

        k = getaddrinfo(host, port, &hints, ret);
        if (k == EAI_SYSTEM)
                return negative_errno();
        if (k == EAI_MEMORY)
                return -ENOMEM;
        return k != 0 ? -EADDRNOTAVAIL : 0;
}

int ssh_scan(const char *host, const char *port, const struct ssh_scan_options *o, struct ssh_scan_result **ret,
             char **ret_error)
{
        static const struct ssh_scan_options defaults = {};
        struct addrinfo *ai = NULL;
        struct scan_shared s = {
                .lock = PTHREAD_MUTEX_INITIALIZER,
                .cond = PTHREAD_COND_INITIALIZER,
        };
        struct ssh_scan_result *r = NULL;
        char addr[INET6_ADDRSTRLEN + 1] = "";
        _cleanup_free_ char *last_error = NULL;
        uint64_t start = now_ms();
        int k, last = -EHOSTUNREACH;

        if (!o)
                o = &defaults;
        s.timeout_ms = o->timeout_ms ? o->timeout_ms : 5000;
        s.overall_deadline = start + (o->total_timeout_ms ? o->total_timeout_ms : 20000);
        s.no_hostkeys = o->no_hostkeys;
        s.all_algorithms = o->all_algorithms;

        k = resolve(host, port, &ai);
        if (k < 0) {
                if (ret_error)
                        *ret_error = xasprintf("cannot resolve %s: %s", host, k == -EADDRNOTAVAIL ? "unknown host" : strerror(-k));
                return k;
        }

        /* Try each address until one gets as far as a KEXINIT; that one is the target. */
        for (struct addrinfo *a = ai; a; a = a->ai_next) {
                pthread_t threads[16];
                unsigned n_threads, started = 0;

                if (a->ai_family != AF_INET && a->ai_family != AF_INET6)
                        continue;
                s.sa = a->ai_addr;
                s.salen = a->ai_addrlen;
                s.published = s.first_done = false;
                s.initial_failed = 0;
                free(s.first_error);
                s.first_error = NULL;
                (void) getnameinfo(a->ai_addr, a->ai_addrlen, addr, sizeof(addr), NULL, 0, NI_NUMERICHOST);

                /* OpenSSH's usual set is ed25519, ECDSA and RSA: three probes, all at once. */
                n_threads = s.no_hostkeys ? 1 : MIN(o->max_parallel ? o->max_parallel : 6u, 3u);
                s.initial = s.pending = n_threads;
                for (unsigned i = 0; i < n_threads; i++)
                        if (pthread_create(&threads[started], NULL, initial_worker, &s) == 0)
                                started++;
                if (started == 0) {
                        freeaddrinfo(ai);
                        return -EAGAIN;
                }
                pthread_mutex_lock(&s.lock);
                s.pending -= s.initial - started;
                s.initial = started;
                if (s.initial_failed >= started)
                        s.first_done = true;
                while (!s.first_done)
                        pthread_cond_wait(&s.cond, &s.lock);
                pthread_mutex_unlock(&s.lock);

                /* More probes than connections: add workers, up to max_parallel at once. */
                if (s.published) {
                        size_t want = 0;
                        for (size_t i = 0; i < s.n_hostkeys; i++)
                                want += s.probe[i];
                        want += s.n_gex;
                        want = MIN(want, (size_t) (o->max_parallel ? o->max_parallel : 6u));
                        want = MIN(want, ARRAY_SIZE(threads));
                        while (started < want && pthread_create(&threads[started], NULL, probe_worker, &s) == 0)
                                started++;
                }
                for (unsigned i = 0; i < started; i++)
                        pthread_join(threads[i], NULL);

                if (!s.published) {
                        free(last_error);
                        last_error = TAKE_PTR(s.first_error);
                        last = s.first_err;
                        continue;
                }
                share_rsa_results(&s);

                r = xmalloc0(sizeof(*r));
                r->host = xstrdup(host);
                r->port = xstrdup(port);
                r->address = xstrdup(addr);
                r->banner = TAKE_PTR(s.banner);
                r->kexinit = s.kexinit;
                r->hostkeys = s.hostkeys;
                r->n_hostkeys = s.n_hostkeys;
                r->gex_kex = s.gex_method ? xstrdup(s.gex_method->name) : NULL;
                r->gex = TAKE_PTR(s.gex);
                r->n_gex = s.n_gex;
                r->connections = s.connections;
                r->elapsed_ms = now_ms() - start;
                break;
        }
        freeaddrinfo(ai);
        free(s.probe);
        for (size_t i = 0; s.gex && i < s.n_gex; i++)
                free(s.gex[i].error);
        free(s.gex);
        free(s.first_error);
        pthread_mutex_destroy(&s.lock);
        pthread_cond_destroy(&s.cond);
        if (!r) {
                if (ret_error)
                        *ret_error = last_error ? TAKE_PTR(last_error) : xasprintf("no usable address for %s", host);
                return last;
        }
        *ret = r;
        return 0;
}
