/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The result of `firewall verify` as "bulwark-firewall-verify/1" JSON and
 * as text, where it is saved, and the parser of that JSON, which the
 * assessment's collector uses to read the saved result back.
 */
#include <errno.h>
#include <jansson.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "fdio.h"
#include "macro.h"
#include "strv.h"
#include "verify-plan.h"

void fw_verify_result_free(struct fw_verify_result *r)
{
        if (!r)
                return;
        for (size_t i = 0; i < r->n; i++)
                fw_probe_clear(&r->v[i]);
        free(r->v);
        strv_free(r->notes);
        free(r);
}

static const char *proto_str(unsigned p)
{
        return p == FW_PROTO_TCP ? "tcp" : p == FW_PROTO_UDP ? "udp" : "icmp";
}

char *fw_verify_result_to_json(const struct fw_verify_result *r)
{
        json_t *j = json_object(), *arr = json_array(), *notes = json_array();
        char *s;

        json_object_set_new(j, "schema", json_string("bulwark-firewall-verify/1"));
        json_object_set_new(j, "island", json_boolean(r->island));
        json_object_set_new(j, "seed", json_integer(r->seed));
        json_object_set_new(j, "ruleset_sha256", json_string(r->ruleset_sha256));
        json_object_set_new(j, "probes", json_integer((json_int_t) r->n));
        json_object_set_new(j, "mismatches", json_integer((json_int_t) r->mismatches));
        json_object_set_new(j, "result", json_string(r->mismatches ? "fail" : "pass"));
        for (size_t i = 0; i < r->n; i++) {
                const struct fw_probe *p = &r->v[i];
                json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b}",
                                      "from", p->from, "to", p->to, "proto", proto_str(p->proto), "reason", p->reason,
                                      "src", p->src, "dst", p->dst,
                                      "expected", p->expected_open ? "open" : "closed",
                                      "observed", p->observed_open ? "open" : "closed",
                                      "match", p->expected_open == p->observed_open);
                if (p->proto != FW_PROTO_ICMP)
                        json_object_set_new(o, "port", json_integer(p->port));
                if (p->sport)
                        json_object_set_new(o, "sport", json_integer(p->sport));
                json_object_set_new(o, "family", json_string(p->family == AF_INET6 ? "ipv6" : "ipv4"));
                json_object_set_new(o, "interface", json_string(p->in_if));
                if (p->out_if[0])
                        json_object_set_new(o, "egress", json_string(p->out_if));
                json_array_append_new(arr, o);
        }
        json_object_set_new(j, "matrix", arr);
        for (char **n = r->notes; n && *n; n++)
                json_array_append_new(notes, json_string(*n));
        json_object_set_new(j, "notes", notes);
        s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(j);
        if (!s)
                abort();
        {
                char *t = xasprintf("%s\n", s);
                free(s);
                return t;
        }
}

char *fw_verify_result_to_text(const struct fw_verify_result *r)
{
        char *out = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&out, &len);

        if (!f)
                abort();
        fprintf(f, "%-14s %-10s %-14s %-5s %-6s %-32s %-16s %-9s %-9s\n", "FROM", "VIA", "TO", "PROTO", "PORT", "WHY", "SOURCE", "EXPECTED",
                "OBSERVED");
        for (size_t i = 0; i < r->n; i++) {
                const struct fw_probe *p = &r->v[i];
                char port[12] = "-";
                if (p->proto != FW_PROTO_ICMP)
                        snprintf(port, sizeof(port), "%u", p->port);
                fprintf(f, "%-14s %-10s %-14s %-5s %-6s %-32s %-16s %-9s %-9s%s\n", p->from, p->in_if, p->to, proto_str(p->proto), port,
                        p->reason, p->src,
                        p->expected_open ? "open" : "closed", p->observed_open ? "open" : "closed",
                        p->expected_open == p->observed_open ? "" : "  MISMATCH");
        }
        for (char **n = r->notes; n && *n; n++)
                fprintf(f, "note: %s\n", *n);
        fprintf(f, "%zu probes%s, %zu mismatches (seed %u): %s\n", r->n, r->island ? " in island mode" : "", r->mismatches, r->seed,
                r->mismatches ? "FAIL" : "PASS");
        fclose(f);
        return out;
}

int fw_verify_save(const char *state_dir, const char *json)
{
        _cleanup_free_ char *path = xasprintf("%s/%s", state_dir, FW_VERIFY_FILE);

        if (mkdir(state_dir, 0700) < 0 && errno != EEXIST)
                return negative_errno();
        return write_file_atomic(path, json, strlen(json), 0644);
}

static unsigned proto_parse(const char *s)
{
        if (!s)
                return 0;
        return streq(s, "tcp") ? FW_PROTO_TCP : streq(s, "udp") ? FW_PROTO_UDP : streq(s, "icmp") ? FW_PROTO_ICMP : 0;
}

static void copy_str(char *dst, size_t size, const char *s)
{
        snprintf(dst, size, "%s", strempty(s));
}

int fw_verify_result_parse(const char *buf, size_t len, size_t max_rows, struct fw_verify_result **ret, bool *ret_truncated)
{
        _cleanup_(fw_verify_result_freep) struct fw_verify_result *r = NULL;
        json_error_t je;
        json_t *j, *m, *row;
        bool truncated = false;
        size_t i;

        j = json_loadb(buf, len, 0, &je);
        if (!j || !streq(strempty(json_string_value(json_object_get(j, "schema"))), "bulwark-firewall-verify/1") ||
            !json_is_array(json_object_get(j, "matrix"))) {
                json_decref(j);
                return -EBADMSG;
        }
        r = xmalloc0(sizeof(*r));
        r->island = json_is_true(json_object_get(j, "island"));
        r->seed = (unsigned) json_integer_value(json_object_get(j, "seed"));
        copy_str(r->ruleset_sha256, sizeof(r->ruleset_sha256), json_string_value(json_object_get(j, "ruleset_sha256")));
        m = json_object_get(j, "matrix");
        json_array_foreach(m, i, row) {
                const char *exp = json_string_value(json_object_get(row, "expected"));
                const char *obs = json_string_value(json_object_get(row, "observed"));
                json_int_t port = json_integer_value(json_object_get(row, "port"));
                json_int_t sport = json_integer_value(json_object_get(row, "sport"));
                struct fw_probe *pr;

                if (i >= max_rows) {
                        truncated = true;
                        break;
                }
                /* A row that does not say both verdicts, or names no port a probe can have, is not a probe. */
                if (!exp || !obs || port < 0 || port > UINT16_MAX || sport < 0 || sport > UINT16_MAX)
                        continue;
                r->v = xreallocarray(r->v, r->n + 1, sizeof(*r->v));
                pr = &r->v[r->n++];
                *pr = (struct fw_probe){
                        .from = xstrdup(json_string_value(json_object_get(row, "from"))),
                        .to = xstrdup(json_string_value(json_object_get(row, "to"))),
                        .proto = proto_parse(json_string_value(json_object_get(row, "proto"))),
                        .reason = xstrdup(json_string_value(json_object_get(row, "reason"))),
                        .port = (uint16_t) port,
                        .sport = (uint16_t) sport,
                        .family = streq(strempty(json_string_value(json_object_get(row, "family"))), "ipv6") ? AF_INET6 : AF_INET,
                        .expected_open = streq(exp, "open"),
                        .observed_open = streq(obs, "open"),
                };
                copy_str(pr->src, sizeof(pr->src), json_string_value(json_object_get(row, "src")));
                copy_str(pr->dst, sizeof(pr->dst), json_string_value(json_object_get(row, "dst")));
                copy_str(pr->in_if, sizeof(pr->in_if), json_string_value(json_object_get(row, "interface")));
                copy_str(pr->out_if, sizeof(pr->out_if), json_string_value(json_object_get(row, "egress")));
                if (pr->expected_open != pr->observed_open)
                        r->mismatches++;
        }
        m = json_object_get(j, "notes");
        json_array_foreach(m, i, row)
                if (json_is_string(row))
                        strv_push(&r->notes, json_string_value(row));
        json_decref(j);
        *ret = TAKE_PTR(r);
        if (ret_truncated)
                *ret_truncated = truncated;
        return 0;
}
