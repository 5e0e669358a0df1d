/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <pthread.h>

#include "cli.h"
#include "fdio.h"
#include "macro.h"
#include "strv.h"

#define TARGETS_FILE_MAX (1u << 20)
#define TARGETS_MAX 4096

int cli_targets_read(const char *path, char ***ret, char **ret_error)
{
        _cleanup_free_ char *buf = NULL;
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_close_ int fd = -1;
        size_t len = 0, n = 0, line = 0;
        int k;

        fd = streq(path, "-") ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) {
                k = negative_errno();
                *ret_error = xasprintf("cannot open %s: %s", path, strerror(-k));
                return k;
        }
        k = read_full_fd(fd, TARGETS_FILE_MAX, &buf, &len);
        if (k < 0) {
                *ret_error = xasprintf("cannot read %s: %s", path, k == -E2BIG ? "larger than 1 MiB" : strerror(-k));
                return k;
        }
        /* Bounded by the buffer: each round consumes one line. */
        for (char *p = buf, *end = buf + len; p < end;) {
                char *nl = memchr(p, '\n', (size_t) (end - p)), *e = nl ? nl : end, *s = p, *hash;

                line++;
                p = nl ? nl + 1 : end;
                *e = 0;
                if ((hash = strchr(s, '#')))
                        *hash = 0;
                while (*s == ' ' || *s == '\t')
                        s++;
                for (char *t = s + strlen(s); t > s && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r'); t--)
                        t[-1] = 0;
                if (!*s)
                        continue;
                if (strpbrk(s, " \t")) {
                        *ret_error = xasprintf("%s:%zu: one HOST:PORT per line, not '%s'", path, line, s);
                        return -EINVAL;
                }
                if (++n > TARGETS_MAX) {
                        *ret_error = xasprintf("%s: more than %u targets", path, TARGETS_MAX);
                        return -E2BIG;
                }
                strv_push(&l, s);
        }
        if (!l) {
                *ret_error = xasprintf("%s names no target", path);
                return -ENODATA;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

struct pool {
        struct cli_target_run *v;
        size_t n, next;
        cli_target_fn fn;
        void *userdata;
        pthread_mutex_t lock;
};

static void *pool_worker(void *p)
{
        struct pool *pl = p;

        for (;;) {
                size_t i;

                pthread_mutex_lock(&pl->lock);
                i = pl->next < pl->n ? pl->next++ : SIZE_MAX;
                pthread_mutex_unlock(&pl->lock);
                if (i == SIZE_MAX)
                        return NULL;
                pl->fn(&pl->v[i], pl->userdata);
        }
}

void cli_targets_run(struct cli_target_run *v, size_t n, unsigned jobs, cli_target_fn fn, void *userdata)
{
        struct pool pl = { .v = v, .n = n, .fn = fn, .userdata = userdata, .lock = PTHREAD_MUTEX_INITIALIZER };
        pthread_t threads[64];
        size_t started = 0, want = MIN((size_t) MAX(jobs, 1u), MIN(n, ARRAY_SIZE(threads)));

        for (size_t i = 0; i < want; i++)
                if (pthread_create(&threads[started], NULL, pool_worker, &pl) == 0)
                        started++;
        if (started == 0)
                (void) pool_worker(&pl); /* no thread to be had: one at a time, here */
        for (size_t i = 0; i < started; i++)
                pthread_join(threads[i], NULL);
        pthread_mutex_destroy(&pl.lock);
}

/* Could not scan (3) is worse than a finding (1), which is worse than clean (0). */
static int exit_rank(int e)
{
        return e == EXIT_CANNOT_EVALUATE ? 3 : e == EXIT_NOT_MET ? 2 : e == EXIT_MET ? 0 : 1;
}

int cli_targets_worst_exit(const struct cli_target_run *v, size_t n)
{
        int worst = EXIT_MET;

        for (size_t i = 0; i < n; i++)
                if (exit_rank(v[i].exit) > exit_rank(worst))
                        worst = v[i].exit;
        return worst;
}

json_t *cli_targets_json(const char *schema, const struct cli_target_run *v, size_t n)
{
        json_t *a = json_array();

        for (size_t i = 0; i < n; i++) {
                json_t *e = json_pack("{s:s, s:i}", "target", v[i].target, "exit", (json_int_t) v[i].exit);
                json_object_set_new(e, "error", v[i].error ? json_string(v[i].error) : json_null());
                json_object_set(e, "scan", v[i].doc ? v[i].doc : json_null());
                json_array_append_new(a, e);
        }
        return json_pack("{s:s, s:i, s:o, s:i}", "schema", schema, "count", (json_int_t) n, "targets", a,
                         "exit", (json_int_t) cli_targets_worst_exit(v, n));
}

void cli_target_run_clear(struct cli_target_run *t)
{
        json_decref(t->doc);
        free(t->error);
        *t = (struct cli_target_run){ .target = t->target };
}
