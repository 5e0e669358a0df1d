/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Live endpoints: every listening TCP socket is connected to over loopback
 * (or its own local address), its protocol recognised by behaviour, and TLS
 * and SSH endpoints scanned. The scans are kept as they are: the checks judge
 * them by the crypto policy. Probes run in a few threads; each is bounded by
 * the scanners' own deadlines.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>

#include "collect.h"
#include "endpoint-facts.h"
#include "macro.h"

#define ENDPOINTS_MAX 64u   /* probe at most this many sockets */
#define PROBE_THREADS 4u

struct work {
        struct endpoint_facts *ef;
        char **hosts;        /* per endpoint: the address to connect to */
        pthread_mutex_t lock;
        size_t next;
};

static bool is_loopback(int family, const char *addr)
{
        if (family == AF_INET) {
                struct in_addr a;
                return inet_pton(AF_INET, addr, &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
        }
        return streq(addr, "::1") || startswith(addr, "::ffff:127.");
}

/* Where to connect for a socket bound to addr: loopback for wildcards, else the address itself. */
static char *probe_host(int family, const char *addr)
{
        if (family == AF_INET)
                return xstrdup(streq(addr, "0.0.0.0") ? "127.0.0.1" : addr);
        if (streq(addr, "::"))
                return xstrdup("::1");
        if (startswith(addr, "fe80:"))
                return NULL; /* link-local needs an interface scope we do not know */
        return xstrdup(addr);
}

static void *worker(void *p)
{
        struct work *w = p;

        for (;;) {
                size_t i;

                pthread_mutex_lock(&w->lock);
                i = w->next++;
                pthread_mutex_unlock(&w->lock);
                if (i >= w->ef->n)
                        return NULL;
                if (!w->hosts[i])
                        continue;
                (void) endpoint_probe(&w->ef->v[i], w->hosts[i], w->ef->v[i].port, NULL);
        }
}

static void endpoints_free(struct facts *f)
{
        endpoint_facts_free(f->endpoints);
}

static void collect_endpoints(struct facts *f, const struct collect_options *o)
{
        struct endpoint_facts *ef = xmalloc0(sizeof(*ef));
        struct work w = { .ef = ef, .lock = PTHREAD_MUTEX_INITIALIZER };
        pthread_t threads[PROBE_THREADS];
        unsigned started = 0;

        f->endpoints = ef;
        if (!f->live) {
                ef->err = -ENODATA;
                ef->reason = xstrdup("offline: no endpoints probed");
                return;
        }
        if (o->no_probe) {
                ef->err = -ENODATA;
                ef->reason = xstrdup("--no-probe: listening sockets were not connected to");
                return;
        }
        if (f->sockets.err < 0) {
                ef->err = f->sockets.err;
                ef->reason = xasprintf("listening sockets unknown: %s", strerror(-f->sockets.err));
                return;
        }

        for (size_t i = 0; i < f->sockets.n; i++) {
                const struct listen_socket *s = &f->sockets.v[i];
                struct endpoint *e;
                char *host;
                bool dup = false;

                if (s->proto != IPPROTO_TCP)
                        continue;
                for (size_t j = 0; j < ef->n; j++)
                        if (ef->v[j].family == s->family && ef->v[j].port == s->port && streq(ef->v[j].addr, s->addr))
                                dup = true; /* SO_REUSEPORT groups list one socket per worker */
                if (dup)
                        continue;
                if (ef->n >= ENDPOINTS_MAX) {
                        if (!ef->skipped)
                                facts_note_cap(f, "more than %u listening TCP sockets (ENDPOINTS_MAX); %s port %u and later ones were not probed",
                                               ENDPOINTS_MAX, s->addr, s->port);
                        ef->skipped++;
                        continue;
                }
                ef->v = xreallocarray(ef->v, ef->n + 1, sizeof(*ef->v));
                w.hosts = xreallocarray(w.hosts, ef->n + 1, sizeof(char *));
                e = &ef->v[ef->n];
                *e = (struct endpoint){ .family = s->family, .port = s->port, .process = xstrdup(s->process) };
                snprintf(e->addr, sizeof(e->addr), "%s", s->addr);
                e->loopback_only = is_loopback(s->family, s->addr);
                host = probe_host(s->family, s->addr);
                w.hosts[ef->n] = host;
                if (host)
                        e->target = s->family == AF_INET6 ? xasprintf("[%s]:%u", host, s->port)
                                                          : xasprintf("%s:%u", host, s->port);
                else {
                        e->target = xasprintf("[%s]:%u", s->addr, s->port);
                        e->err = -EADDRNOTAVAIL;
                        e->error = xasprintf("%s: link-local address without an interface scope; not probed", e->target);
                }
                ef->n++;
        }

        for (unsigned i = 0; i < MIN(PROBE_THREADS, (unsigned) ef->n); i++)
                if (pthread_create(&threads[started], NULL, worker, &w) == 0)
                        started++;
        if (started == 0)
                worker(&w);
        for (unsigned i = 0; i < started; i++)
                pthread_join(threads[i], NULL);
        pthread_mutex_destroy(&w.lock);
        for (size_t i = 0; i < ef->n; i++)
                free(w.hosts[i]);
        free(w.hosts);
}

const struct collector collector_endpoints = {
        .name = "endpoints",
        .area = FACTS_ENDPOINTS,
        .collect = collect_endpoints,
        .free = endpoints_free,
        .owns = { FACTS_MEMBER(endpoints) },
};
