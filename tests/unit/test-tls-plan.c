/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The TLS scanner's planner without sockets: a scripted server answers the
 * probes the plan hands out, as the connection engine would deliver them,
 * and the result must say what that server accepts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "macro.h"
#include "tls-plan.h"
#include "tls-scan.h"

struct server {
        const uint16_t *prefs;   /* accepted suites, in the server's order */
        size_t n_prefs;
        size_t max_suites;       /* decode_error on a hello offering more (wolfSSL), 0: no limit */
        unsigned hellos;
};

/* What the engine does: offer the first n_offered suites, read the answer into the probe. */
static void answer(struct server *srv, struct probe *p)
{
        p->n_offered = p->shape.split ? MIN(p->n_suites, (size_t) TLS_HELLO_SPLIT_SUITES) : p->n_suites;
        srv->hellos++;
        if (srv->max_suites && p->n_offered > srv->max_suites) {
                p->outcome = PROBE_ALERT;
                p->alert = TLS_ALERT_DECODE_ERROR;
                return;
        }
        for (size_t i = 0; i < srv->n_prefs; i++)
                for (size_t j = 0; j < p->n_offered; j++)
                        if (p->suites[j] == srv->prefs[i]) {
                                p->outcome = PROBE_HELLO;
                                p->sh.version = p->version;
                                p->sh.legacy_version = TLS_VERSION_TLS12;
                                p->sh.suite = srv->prefs[i];
                                return;
                        }
        p->outcome = PROBE_ALERT;
        p->alert = TLS_ALERT_HANDSHAKE_FAILURE;
}

/* Runs the tasks to their end against srv, playing the engine through the planner's callbacks. */
static void drive(struct scan *s, struct task *tasks, size_t n, struct server *srv)
{
        struct plan pl = { .s = s, .tasks = tasks, .n_tasks = n };
        unsigned rounds = 0;
        struct probe *p;
        void *job;

        for (size_t i = 0; i < n; i++)
                task_advance(s, &tasks[i], NULL);
        while ((p = tls_plan_ops.next(&pl, &job))) {
                assert_true(++rounds < 1000);
                assert_false(tls_plan_ops.hopeless(&pl));
                answer(srv, p);
                tls_plan_ops.consume(&pl, job, p, true);
        }
        for (size_t i = 0; i < n; i++)
                assert_true(tasks[i].done);
}

static struct tls_scan_result *result_new(void)
{
        struct tls_scan_result *r = xmalloc0(sizeof(*r));
        static const uint16_t v[TLS_SCAN_N_VERSIONS] = {
                TLS_VERSION_SSL3, TLS_VERSION_TLS10, TLS_VERSION_TLS11, TLS_VERSION_TLS12, TLS_VERSION_TLS13,
        };

        for (size_t i = 0; i < TLS_SCAN_N_VERSIONS; i++)
                r->protocols[i] = (struct tls_scan_protocol){ .version = v[i], .server_preference = TLS_UNKNOWN };
        return r;
}

static void test_chain_finds_accepted_in_server_order(void **state)
{
        static const uint16_t offer[] = { 0x1301, 0x1302, 0x1303, 0x1304 };
        static const uint16_t prefs[] = { 0x1302, 0x1301 };
        struct server srv = { .prefs = prefs, .n_prefs = ARRAY_SIZE(prefs) };
        _cleanup_(tls_scan_result_freep) struct tls_scan_result *r = result_new();
        struct scan s = { .res = r, .deadline = UINT64_MAX };
        struct task *tasks = NULL;
        size_t n = 0;
        int vi = tls_scan_version_index(TLS_VERSION_TLS13);

        task_set_codes(task_push(&tasks, &n, TASK_CHAIN, TLS_VERSION_TLS13, 0), offer, ARRAY_SIZE(offer));
        drive(&s, tasks, n, &srv);
        assert_true(r->protocols[vi].supported);
        assert_true(r->protocols[vi].complete);
        assert_int_equal(r->protocols[vi].n_suites, 2);
        assert_int_equal(r->protocols[vi].suites[0], 0x1302);
        assert_int_equal(r->protocols[vi].suites[1], 0x1301);
        assert_int_equal(srv.hellos, 3); /* two hellos that were answered and the refusal that ends the chain */
        assert_int_equal(s.any_tls, 3);
        tasks_free(tasks, n);
}

static void test_chain_splits_for_a_server_that_refuses_long_hellos(void **state)
{
        _cleanup_free_ uint16_t *offer = xreallocarray(NULL, 300, sizeof(uint16_t));
        uint16_t prefs[] = { 0xc02f, 0x0033 };
        struct server srv = { .prefs = prefs, .n_prefs = ARRAY_SIZE(prefs), .max_suites = 150 };
        _cleanup_(tls_scan_result_freep) struct tls_scan_result *r = result_new();
        struct scan s = { .res = r, .deadline = UINT64_MAX };
        struct task *tasks = NULL;
        size_t n = 0;
        int vi = tls_scan_version_index(TLS_VERSION_TLS12);

        for (size_t i = 0; i < 300; i++)
                offer[i] = i < 150 ? (uint16_t) (0xc000 + i) : (uint16_t) (i - 150);
        task_set_codes(task_push(&tasks, &n, TASK_CHAIN, TLS_VERSION_TLS12, 0), offer, 300);
        drive(&s, tasks, n, &srv);
        assert_true(r->protocols[vi].supported);
        /* Both suites found although each sits in another half of the offer, and the hello shape is remembered. */
        assert_int_equal(r->protocols[vi].n_suites, 2);
        assert_true(r->protocols[vi].shape.split);
        assert_true(s.shape[0].split);
        tasks_free(tasks, n);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_chain_finds_accepted_in_server_order),
                cmocka_unit_test(test_chain_splits_for_a_server_that_refuses_long_hellos),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}
