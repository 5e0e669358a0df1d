/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fnmatch.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <string.h>

#include "collect-services.h"
#include "collect.h"
#include "cursor.h"
#include "macro.h"
#include "parsers.h"
#include "strv.h"

#define SERVICES_MAX 1024
#define SERVICES_UNDECIDED_MAX 32
#define INCLUDE_FILES_MAX 256

static void undecided(struct facts *f, const char *fmt, ...) _printf_(2, 3);
static void undecided(struct facts *f, const char *fmt, ...)
{
        va_list ap;

        if (strv_length(f->services.undecided) >= SERVICES_UNDECIDED_MAX)
                return;
        va_start(ap, fmt);
        strv_consume(&f->services.undecided, xvasprintf(fmt, ap));
        va_end(ap);
}

static void add_port(struct facts *f, const char *server, int starts, const char *why, const char *source, int proto, unsigned port,
                     const char *addr, bool tls, const char *fmt, ...) _printf_(10, 11);
static void add_port(struct facts *f, const char *server, int starts, const char *why, const char *source, int proto, unsigned port,
                     const char *addr, bool tls, const char *fmt, ...)
{
        va_list ap;

        if (port == 0 || port > 65535)
                return;
        if (f->services.n >= SERVICES_MAX) {
                if (f->services.n == SERVICES_MAX)
                        facts_note_cap(f, "more than %u configured service ports (SERVICES_MAX); %s and later ones were not read", SERVICES_MAX, strna(source));
                return;
        }
        f->services.v = xreallocarray(f->services.v, f->services.n + 1, sizeof(*f->services.v));
        va_start(ap, fmt);
        f->services.v[f->services.n++] = (struct service_port){
                .what = xvasprintf(fmt, ap),
                .source = source ? xstrdup(source) : NULL,
                .server = xstrdup(server),
                .proto = proto,
                .port = (uint16_t) port,
                .addr = addr && *addr && !streq(addr, "*") && !streq(addr, "0.0.0.0") && !streq(addr, "::") ? xstrdup(addr) : NULL,
                .tls = tls,
                .starts = starts,
                .starts_why = why ? xstrdup(why) : NULL,
        };
        va_end(ap);
}

static void add_port_unit(struct facts *f, const char *unit, const char *source, int proto, unsigned port, const char *addr, bool tls, const char *what)
{
        const char *why = NULL;
        int s = facts_unit_starts(f, unit, &why);

        add_port(f, unit, s, why, source, proto, port, addr, tls, "%s", what);
}

static bool all_digits(const char *s, size_t n)
{
        if (n == 0 || n > 5)
                return false;
        for (size_t i = 0; i < n; i++)
                if (s[i] < '0' || s[i] > '9')
                        return false;
        return true;
}

int socket_listen_parse(const char *v, char **ret_addr, uint16_t *ret_port)
{
        const char *colon, *port, *addr;
        size_t alen;
        unsigned long p;

        if (!v || !*v || v[0] == '/' || v[0] == '@' || startswith(v, "vsock:"))
                return -EINVAL;
        if (all_digits(v, strlen(v))) {
                addr = NULL;
                alen = 0;
                port = v;
        } else if (v[0] == '[') {
                const char *end = strchr(v, ']');
                if (!end || end[1] != ':')
                        return -EINVAL;
                addr = v + 1;
                alen = (size_t) (end - v - 1);
                port = end + 2;
        } else {
                colon = strrchr(v, ':');
                if (!colon || memchr(v, ':', (size_t) (colon - v)))
                        return -EINVAL;
                addr = v;
                alen = (size_t) (colon - v);
                port = colon + 1;
        }
        if (!all_digits(port, strlen(port)))
                return -EINVAL;
        p = strtoul(port, NULL, 10);
        if (p == 0 || p > 65535)
                return -EINVAL;
        if (addr) {
                /* "ADDR%IFACE": the address is what matters for exposure. */
                const char *pct = memchr(addr, '%', alen);
                if (pct)
                        alen = (size_t) (pct - addr);
        }
        *ret_addr = addr ? xstrndup(addr, alen) : NULL;
        *ret_port = (uint16_t) p;
        return 0;
}

/* ---- socket units ---- */

static void services_sockets(struct facts *f)
{
        for (size_t i = 0; i < f->units.n; i++) {
                const struct unit *u = &f->units.v[i];

                if (!endswith(u->name, ".socket") || u->masked)
                        continue;
                for (size_t k = 0; u->listen && u->listen[k]; k++) {
                        const char *eq = strchr(u->listen[k], '=');
                        _cleanup_free_ char *addr = NULL, *what = NULL;
                        uint16_t port;
                        int proto;

                        if (!eq)
                                continue;
                        if (startswith(u->listen[k], "ListenStream="))
                                proto = IPPROTO_TCP;
                        else if (startswith(u->listen[k], "ListenDatagram="))
                                proto = IPPROTO_UDP;
                        else
                                continue;
                        if (socket_listen_parse(eq + 1, &addr, &port) < 0)
                                continue;
                        what = xasprintf("%s: %s", u->name, u->listen[k]);
                        add_port(f, u->name, u->starts, u->starts_why, u->path, proto, port, addr, false, "%s", what);
                }
        }
}

/* ---- inetd, xinetd ---- */

struct services_db {
        char **lines; /* "name port/proto" and aliases, as /etc/services says */
};

static const struct { const char *name, *proto; unsigned port; } known_ports[] = {
        { "ftp", "tcp", 21 }, { "telnet", "tcp", 23 }, { "smtp", "tcp", 25 }, { "tftp", "udp", 69 }, { "finger", "tcp", 79 },
        { "http", "tcp", 80 }, { "pop3", "tcp", 110 }, { "imap2", "tcp", 143 }, { "imap", "tcp", 143 }, { "exec", "tcp", 512 },
        { "login", "tcp", 513 }, { "shell", "tcp", 514 }, { "talk", "udp", 517 }, { "ntalk", "udp", 518 }, { "ircd", "tcp", 6667 },
        { "irc", "tcp", 194 }, { "xmpp-client", "tcp", 5222 }, { "xmpp-server", "tcp", 5269 }, { "sip", "udp", 5060 }, { "sip", "tcp", 5060 },
};

/* The port of a service name: a number, the target's /etc/services, or the names every services(5) has. */
static unsigned service_port(struct facts *f, char ***db, const char *name, const char *proto)
{
        if (all_digits(name, strlen(name)))
                return (unsigned) strtoul(name, NULL, 10);
        if (!*db) {
                _cleanup_free_ char *buf = NULL;
                size_t len;
                *db = xmalloc0(sizeof(char *));
                if (collect_read(f, "/etc/services", &buf, &len) >= 0) {
                        struct cursor c = cursor_make(buf, len);
                        struct slice line;
                        while (cursor_content_line(&c, "#", &line) && strv_length(*db) < 20000)
                                strv_consume(db, slice_dup(line));
                }
        }
        for (size_t i = 0; (*db)[i]; i++) {
                _cleanup_strv_free_ char **w = strv_split((*db)[i], " \t");
                char *slash;

                if (!w[0] || !w[1] || !(slash = strchr(w[1], '/')) || !streq(slash + 1, proto))
                        continue;
                for (size_t k = 0; w[k]; k++) {
                        if (k == 1 || w[k][0] == '#')
                                continue;
                        if (streq(w[k], name))
                                return (unsigned) strtoul(w[1], NULL, 10);
                }
        }
        for (size_t i = 0; i < ARRAY_SIZE(known_ports); i++)
                if (streq(known_ports[i].name, name) && streq(known_ports[i].proto, proto))
                        return known_ports[i].port;
        return 0;
}

/* The inetd daemon that starts at boot, if any: the best of the known units. */
static int inetd_daemon(struct facts *f, const char *const *units, size_t n, const char **ret_unit, const char **ret_why)
{
        int best = 0;

        *ret_unit = units[0];
        *ret_why = NULL;
        for (size_t i = 0; i < n; i++) {
                const char *why = NULL;
                int s = facts_unit_starts(f, units[i], &why);
                if (s > 0 || (s < 0 && best == 0)) {
                        best = s;
                        *ret_unit = units[i];
                        *ret_why = why;
                        if (s > 0)
                                break;
                }
        }
        return best;
}

static void services_inetd(struct facts *f, char ***db)
{
        static const char *const inetds[] = { "inetd.service", "openbsd-inetd.service", "inetutils-inetd.service" };
        _cleanup_free_ char *buf = NULL;
        const char *unit, *why;
        struct cursor c;
        struct slice line;
        size_t len;
        int s;

        if (collect_read(f, "/etc/inetd.conf", &buf, &len) < 0)
                return;
        s = inetd_daemon(f, inetds, ARRAY_SIZE(inetds), &unit, &why);
        c = cursor_make(buf, len);
        while (cursor_content_line(&c, "#", &line)) {
                _cleanup_free_ char *l = slice_dup(line);
                _cleanup_strv_free_ char **w = strv_split(l, " \t");
                _cleanup_free_ char *proto = NULL, *addr = NULL;
                const char *name, *colon;
                unsigned port;
                int p;

                if (strv_length(w) < 6)
                        continue;
                name = w[0];
                /* openbsd-inetd: "ADDR:service" binds one address. */
                if ((colon = strrchr(name, ':'))) {
                        addr = xstrndup(name, (size_t) (colon - name));
                        name = colon + 1;
                }
                if (startswith(w[2], "tcp"))
                        p = IPPROTO_TCP, proto = xstrdup("tcp");
                else if (startswith(w[2], "udp"))
                        p = IPPROTO_UDP, proto = xstrdup("udp");
                else
                        continue; /* rpc/..., unix */
                port = service_port(f, db, name, proto);
                if (!port) {
                        /* Only a daemon that starts makes the unknown port matter. */
                        if (s != 0)
                                undecided(f, "/etc/inetd.conf: service %s/%s has no port in /etc/services", name, proto);
                        continue;
                }
                add_port(f, unit, s, s ? why : "no inetd daemon (inetd, openbsd-inetd, inetutils-inetd) starts at boot", "/etc/inetd.conf",
                         p, port, addr, false, "inetd.conf: %s", l);
        }
}

static void services_xinetd(struct facts *f, char ***db)
{
        static const char *const xinetds[] = { "xinetd.service" };
        _cleanup_strv_free_ char **l = NULL;
        const char *unit, *why;
        int s;

        if (facts_list_dir(f, "/etc/xinetd.d", 1024, &l) < 0)
                return;
        s = inetd_daemon(f, xinetds, ARRAY_SIZE(xinetds), &unit, &why);
        for (size_t i = 0; l[i]; i++) {
                _cleanup_free_ char *path = NULL, *buf = NULL, *name = NULL, *proto = NULL, *addr = NULL, *portv = NULL, *stype = NULL;
                struct cursor c;
                struct slice line;
                bool disabled = false;
                unsigned port;
                size_t len;

                /* xinetd skips names with a dot or ending in a tilde. */
                if (strchr(l[i], '.') || endswith(l[i], "~"))
                        continue;
                path = xasprintf("/etc/xinetd.d/%s", l[i]);
                if (collect_read(f, path, &buf, &len) < 0)
                        continue;
                c = cursor_make(buf, len);
                while (cursor_content_line(&c, "#", &line)) {
                        struct slice v = line, k, w;
                        if (slice_startswith(line, "service")) {
                                struct slice s2 = line;
                                (void) slice_word(&s2, &w);
                                if (slice_word(&s2, &w) && !name)
                                        name = slice_dup(w);
                                continue;
                        }
                        if (!slice_split(&v, '=', &k))
                                continue;
                        k = slice_strip(k);
                        v = slice_strip(v);
                        if (slice_eq(k, "disable"))
                                disabled = slice_eq(v, "yes");
                        else if (slice_eq(k, "protocol"))
                                free(proto), proto = slice_dup(v);
                        else if (slice_eq(k, "port"))
                                free(portv), portv = slice_dup(v);
                        else if (slice_eq(k, "socket_type"))
                                free(stype), stype = slice_dup(v);
                        else if (slice_eq(k, "bind") || slice_eq(k, "interface"))
                                free(addr), addr = slice_dup(v);
                }
                if (disabled || !name)
                        continue;
                if (!proto)
                        proto = xstrdup(stype && streq(stype, "dgram") ? "udp" : "tcp");
                port = portv ? (unsigned) strtoul(portv, NULL, 10) : service_port(f, db, name, proto);
                if (!port) {
                        if (s != 0)
                                undecided(f, "%s: service %s/%s has no port in /etc/services", path, name, proto);
                        continue;
                }
                add_port(f, unit, s, s ? why : "xinetd.service does not start at boot", path, streq(proto, "udp") ? IPPROTO_UDP : IPPROTO_TCP,
                         port, addr, false, "xinetd: service %s (%s/%u)", name, proto, port);
        }
}

/* ---- servers that say where they listen ---- */

/* A main file and what its include directory holds (*.conf, sorted), as mosquitto's include_dir reads them. */
static void mosquitto_file(struct facts *f, const char *path, unsigned depth, bool *any_listener, char ***listeners)
{
        _cleanup_free_ char *buf = NULL;
        struct cursor c;
        struct slice line;
        size_t len;

        if (depth > 2 || collect_read(f, path, &buf, &len) < 0)
                return;
        c = cursor_make(buf, len);
        while (cursor_content_line(&c, "#", &line)) {
                _cleanup_free_ char *l = slice_dup(line);
                _cleanup_strv_free_ char **w = strv_split(l, " \t");

                if (!w[0])
                        continue;
                if (streq(w[0], "include_dir") && w[1]) {
                        _cleanup_strv_free_ char **files = NULL;
                        if (facts_list_dir(f, w[1], INCLUDE_FILES_MAX, &files) < 0)
                                continue;
                        for (size_t i = 0; files[i]; i++)
                                if (endswith(files[i], ".conf")) {
                                        _cleanup_free_ char *p = xasprintf("%s/%s", w[1], files[i]);
                                        mosquitto_file(f, p, depth + 1, any_listener, listeners);
                                }
                        continue;
                }
                /* One line per setting, tagged with its file, for the pass below. */
                strv_consume(listeners, xasprintf("%s\t%s", path, l));
        }
}

static void services_mosquitto(struct facts *f)
{
        _cleanup_strv_free_ char **lines = xmalloc0(sizeof(char *));
        /* Listener state: index 0 is the default listener ("port", "bind_address"). */
        struct { unsigned port; char *addr; bool tls; bool set; char *source; char *text; } ls[64] = {};
        size_t n = 1, cur = 0;
        bool any = false;

        if (!root_exists(f->root, "/etc/mosquitto/mosquitto.conf"))
                return;
        mosquitto_file(f, "/etc/mosquitto/mosquitto.conf", 0, &any, &lines);
        for (size_t i = 0; lines[i]; i++) {
                char *tab = strchr(lines[i], '\t');
                _cleanup_strv_free_ char **w = NULL;

                *tab = 0;
                w = strv_split(tab + 1, " \t");
                if (streq(w[0], "listener") && w[1] && n < ARRAY_SIZE(ls)) {
                        cur = n++;
                        ls[cur].port = (unsigned) strtoul(w[1], NULL, 10);
                        ls[cur].addr = w[2] ? xstrdup(w[2]) : NULL;
                        ls[cur].set = true;
                        ls[cur].source = xstrdup(lines[i]);
                        ls[cur].text = xasprintf("mosquitto: listener %s%s%s", w[1], w[2] ? " " : "", strempty(w[2]));
                } else if (streq(w[0], "port") && w[1]) {
                        ls[0].port = (unsigned) strtoul(w[1], NULL, 10);
                        ls[0].set = true;
                        free(ls[0].source);
                        ls[0].source = xstrdup(lines[i]);
                } else if (streq(w[0], "bind_address") && w[1]) {
                        free(ls[0].addr);
                        ls[0].addr = xstrdup(w[1]);
                } else if (streq(w[0], "certfile") || streq(w[0], "psk_hint"))
                        ls[cur].tls = true;
        }
        /* mosquitto 2: with no listener and no port configured it listens on the loopback only. */
        if (!ls[0].set && n == 1)
                add_port_unit(f, "mosquitto.service", "/etc/mosquitto/mosquitto.conf", IPPROTO_TCP, 1883, "127.0.0.1", false,
                              "mosquitto: no listener configured, local only on 1883");
        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *text = NULL;
                if (!ls[i].set)
                        continue;
                text = xasprintf("%s%s", ls[i].text ? ls[i].text : "mosquitto: port (default listener)",
                                 ls[i].tls ? ", with TLS (certfile/psk_hint)" : ", without TLS (no certfile or psk_hint)");
                add_port_unit(f, "mosquitto.service", ls[i].source, IPPROTO_TCP, ls[i].port, ls[i].addr, ls[i].tls, text);
        }
        for (size_t i = 0; i < n; i++) {
                free(ls[i].addr);
                free(ls[i].source);
                free(ls[i].text);
        }
}

/* apache2 "Listen [ADDR:]PORT [PROTOCOL]" in ports.conf and what apache2.conf includes from conf-enabled/sites-enabled. */
static void services_apache(struct facts *f)
{
        static const char *const files[] = { "/etc/apache2/ports.conf" };

        if (!facts_unit(f, "apache2.service"))
                return;
        for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
                _cleanup_free_ char *buf = NULL;
                struct cursor c;
                struct slice line;
                size_t len;

                if (collect_read(f, files[i], &buf, &len) < 0)
                        continue;
                c = cursor_make(buf, len);
                while (cursor_content_line(&c, "#", &line)) {
                        _cleanup_free_ char *l = slice_dup(line), *addr = NULL, *what = NULL;
                        _cleanup_strv_free_ char **w = strv_split(l, " \t");
                        uint16_t port;
                        bool tls;

                        if (!w[0] || !strcaseeq(w[0], "Listen") || !w[1] || socket_listen_parse(w[1], &addr, &port) < 0)
                                continue;
                        /* Apache takes 443 as https unless a protocol says otherwise. */
                        tls = w[2] ? strcaseeq(w[2], "https") : port == 443;
                        what = xasprintf("apache2: %s", l);
                        add_port_unit(f, "apache2.service", files[i], IPPROTO_TCP, port, addr, tls, what);
                }
        }
}

/* nginx "listen" directives in nginx.conf and the files it includes (one level of globbed includes, sites-enabled, conf.d). */
static void nginx_file(struct facts *f, const char *path, unsigned depth)
{
        _cleanup_free_ char *buf = NULL;
        char *save = NULL;
        size_t len;

        if (depth > 3 || collect_read(f, path, &buf, &len) < 0)
                return;
        /* Comments run to the end of the line. */
        for (char *p = buf; (p = strchr(p, '#'));) {
                size_t n = strcspn(p, "\n");
                memset(p, ' ', n);
                p += n;
        }
        for (char *stmt = strtok_r(buf, ";{}", &save); stmt; stmt = strtok_r(NULL, ";{}", &save)) {
                _cleanup_strv_free_ char **w = strv_split(stmt, " \t\r\n");
                if (!w[0])
                        continue;
                if (streq(w[0], "include") && w[1]) {
                        _cleanup_free_ char *pat = w[1][0] == '/' ? xstrdup(w[1]) : xasprintf("/etc/nginx/%s", w[1]);
                        char *sl = strrchr(pat, '/'), *base;
                        _cleanup_strv_free_ char **l = NULL;

                        *sl = 0;
                        base = sl + 1;
                        if (!strpbrk(base, "*?[")) {
                                _cleanup_free_ char *p = xasprintf("%s/%s", pat, base);
                                nginx_file(f, p, depth + 1);
                                continue;
                        }
                        if (facts_list_dir(f, pat, INCLUDE_FILES_MAX, &l) < 0)
                                continue;
                        for (size_t i = 0; l[i]; i++)
                                if (fnmatch(base, l[i], 0) == 0) {
                                        _cleanup_free_ char *p = xasprintf("%s/%s", pat, l[i]);
                                        nginx_file(f, p, depth + 1);
                                }
                } else if (streq(w[0], "listen") && w[1]) {
                        _cleanup_free_ char *addr = NULL, *what = NULL, *joined = strv_join(w + 1, " ");
                        uint16_t port;
                        bool tls = strv_contains(w, "ssl") || strv_contains(w, "quic");
                        if (socket_listen_parse(w[1], &addr, &port) < 0)
                                continue;
                        what = xasprintf("nginx: listen %s", joined);
                        add_port_unit(f, "nginx.service", path, strv_contains(w, "quic") ? IPPROTO_UDP : IPPROTO_TCP, port, addr, tls, what);
                }
        }
}

/* lighttpd: server.port (default 80) with ssl.engine, and $SERVER["socket"] blocks. */
static void services_lighttpd(struct facts *f)
{
        _cleanup_free_ char *buf = NULL;
        struct cursor c;
        struct slice line;
        unsigned port = 80;
        bool tls = false;
        size_t len;

        if (!facts_unit(f, "lighttpd.service") || collect_read(f, "/etc/lighttpd/lighttpd.conf", &buf, &len) < 0)
                return;
        c = cursor_make(buf, len);
        while (cursor_content_line(&c, "#", &line)) {
                struct slice v = line, k;
                if (slice_startswith(line, "include_shell") && facts_unit_starts(f, "lighttpd.service", NULL) != 0)
                        undecided(f, "/etc/lighttpd/lighttpd.conf: include_shell runs a command whose output is configuration");
                if (!slice_split(&v, '=', &k))
                        continue;
                k = slice_strip(k);
                v = slice_strip(v);
                if (slice_eq(k, "server.port")) {
                        _cleanup_free_ char *s = slice_dup(v);
                        port = (unsigned) strtoul(s, NULL, 10);
                } else if (slice_eq(k, "ssl.engine"))
                        tls = slice_eq(v, "\"enable\"");
        }
        add_port_unit(f, "lighttpd.service", "/etc/lighttpd/lighttpd.conf", IPPROTO_TCP, port, NULL, tls,
                      tls ? "lighttpd: server.port with ssl.engine enabled" : "lighttpd: server.port");
}

void collect_services(struct facts *f)
{
        _cleanup_strv_free_ char **db = NULL;

        f->services.undecided = xmalloc0(sizeof(char *));
        services_sockets(f);
        services_inetd(f, &db);
        services_xinetd(f, &db);
        services_mosquitto(f);
        services_apache(f);
        if (facts_unit(f, "nginx.service"))
                nginx_file(f, "/etc/nginx/nginx.conf", 0);
        services_lighttpd(f);
}

void services_free(struct facts *f)
{
        for (size_t i = 0; i < f->services.n; i++) {
                struct service_port *p = &f->services.v[i];
                free(p->what);
                free(p->source);
                free(p->server);
                free(p->addr);
                free(p->starts_why);
        }
        free(f->services.v);
        strv_free(f->services.undecided);
}
