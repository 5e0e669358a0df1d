/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <nftables/libnftables.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>

#include "apply.h"
#include "compile.h"
#include "cursor.h"
#include "fdio.h"
#include "fs-util.h"
#include "hash.h"
#include "macro.h"
#include "ruleset-id.h"

#define STATE_FILE_MAX (64u * 1024 * 1024)

static void nft_ctx_freep(struct nft_ctx **c)
{
        if (*c)
                nft_ctx_free(*c);
}

static int run(const char *buf, bool dry_run, unsigned out_flags, char **ret_out, char **ret_error)
{
        _cleanup_(nft_ctx_freep) struct nft_ctx *ctx = NULL;
        int k;

        /* Before libnftables, which prints its own "you must be root" to stderr. */
        if (fw_nft_permission() < 0)
                return -EPERM;
        ctx = nft_ctx_new(NFT_CTX_DEFAULT);
        if (!ctx)
                return -ENOMEM;
        if (nft_ctx_buffer_output(ctx) < 0 || nft_ctx_buffer_error(ctx) < 0)
                return -ENOMEM;
        nft_ctx_set_dry_run(ctx, dry_run);
        nft_ctx_output_set_flags(ctx, out_flags);
        k = nft_run_cmd_from_buffer(ctx, buf);
        if (k != 0) {
                const char *e = nft_ctx_get_error_buffer(ctx);
                /*
                 * libnftables says only "failed"; the kernel reason is in the text.
                 * A permission failure is not a refused ruleset: say which.
                 */
                bool perm = e && strstr(e, "Operation not permitted");

                if (!perm && fw_nft_permission() == -EPERM)
                        perm = true;
                if (ret_error && !perm)
                        *ret_error = xstrdup(e && *e ? e : "nftables refused the ruleset\n");
                return perm ? -EPERM : -EINVAL;
        }
        if (ret_out)
                *ret_out = xstrdup(strempty(nft_ctx_get_output_buffer(ctx)));
        return 0;
}

int fw_nft_permission(void)
{
        uint32_t gen;
        int k = fw_ruleset_generation(&gen);

        /* nfnetlink checks CAP_NET_ADMIN over the namespace for every message, reads too. */
        return k == -EPERM || k == -EACCES ? -EPERM : 0;
}

int fw_nft_run(const char *buf, bool dry_run, char **ret_error)
{
        return run(buf, dry_run, 0, NULL, ret_error);
}

int fw_nft_list_json(const char *cmd, json_t **ret)
{
        _cleanup_free_ char *out = NULL;
        json_error_t je;
        json_t *j;
        int k;

        k = run(cmd, false, NFT_CTX_OUTPUT_JSON, &out, NULL);
        if (k < 0)
                return k;
        j = json_loads(out, 0, &je);
        if (!j)
                return -EBADMSG;
        *ret = j;
        return 0;
}

int fw_nft_list_ruleset(char **ret)
{
        /* Stateless: a restore should not bring back old counter values. */
        return run("list ruleset", false, NFT_CTX_OUTPUT_STATELESS, ret, NULL);
}

bool fw_ruleset_text_closed(const char *text)
{
        struct cursor c = cursor_make(text, strlen(text));
        bool v4 = false, v6 = false;
        struct slice line;
        enum { FAM_OTHER, FAM_INET, FAM_IP, FAM_IP6 } fam = FAM_OTHER;

        while (cursor_line(&c, &line)) {
                static const char drop[] = "policy drop;", hook[] = " hook input ";
                struct slice s = slice_strip(line), w = s, word;

                /* "table FAMILY NAME {": the family of the chains that follow. */
                if (slice_word(&w, &word) && slice_eq(word, "table") && slice_word(&w, &word)) {
                        fam = slice_eq(word, "inet") ? FAM_INET : slice_eq(word, "ip") ? FAM_IP : slice_eq(word, "ip6") ? FAM_IP6 : FAM_OTHER;
                        continue;
                }
                /*
                 * A base chain's header; no rule starts with "type". Only the
                 * families IPv4 and IPv6 packets traverse count: an arp, bridge
                 * or netdev table that drops input closes neither.
                 */
                if (fam != FAM_OTHER && slice_startswith(s, "type ") && s.len >= strlen(drop) &&
                    memcmp(s.p + s.len - strlen(drop), drop, strlen(drop)) == 0 && memmem(s.p, s.len, hook, strlen(hook))) {
                        if (fam == FAM_INET || fam == FAM_IP)
                                v4 = true;
                        if (fam == FAM_INET || fam == FAM_IP6)
                                v6 = true;
                }
        }
        return v4 && v6;
}

#define SHA_TAG " sha256="

/*
 * The compiled ruleset as it is loaded: its table comment gets the SHA-256
 * of the compiled text (the digest verify records), so the kernel itself
 * says which ruleset is loaded (fw_nft_table_comment). Unchanged when the
 * text has no such comment.
 */
static char *tag_ruleset(const char *compiled, const char sha[static 65])
{
        static const char key[] = "\tcomment \"bulwark zones and conduits";
        const char *p = strstr(compiled, key), *q;

        if (!p)
                return xstrdup(compiled);
        q = strchr(p + strlen(key), '"');
        if (!q || memchr(p, '\n', (size_t) (q - p)))
                return xstrdup(compiled);
        return xasprintf("%.*s" SHA_TAG "%s%s", (int) (q - compiled), compiled, sha, q);
}

/* The digest in a comment or text tagged as above; false when there is none. */
static bool tag_sha(const char *text, char ret[static 65])
{
        const char *p = strstr(text, SHA_TAG);

        if (!p)
                return false;
        p += strlen(SHA_TAG);
        for (size_t i = 0; i < 64; i++)
                if (!strchr("0123456789abcdef", p[i]) || !p[i])
                        return false;
        memcpy(ret, p, 64);
        ret[64] = 0;
        return true;
}

static int state_path(const char *dir, const char *name, char **ret)
{
        *ret = xasprintf("%s/%s", dir, name);
        return 0;
}

static int read_state(const char *dir, const char *name, char **ret)
{
        _cleanup_free_ char *path = NULL;
        _cleanup_close_ int fd = -1;

        state_path(dir, name, &path);
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return negative_errno();
        return read_full_fd(fd, STATE_FILE_MAX, ret, NULL);
}

static int write_state(const char *dir, const char *name, const char *text)
{
        _cleanup_free_ char *path = NULL;

        state_path(dir, name, &path);
        return write_file_atomic(path, text, strlen(text), 0600);
}

/*
 * Replaces a state file atomically (rename) but without fsync: what it
 * protects against is a crash of this process or the SSH session, not a
 * power cut, after which the boot units load the policy afresh anyway.
 * fsync under load costs more than the whole transaction.
 */
static int write_state_volatile(const char *dir, const char *name, const char *text)
{
        _cleanup_free_ char *path = NULL, *tmp = NULL;
        _cleanup_close_ int fd = -1;
        int k;

        state_path(dir, name, &path);
        tmp = xasprintf("%s.tmp%d", path, (int) getpid());
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0)
                return negative_errno();
        k = write_full(fd, text, strlen(text));
        if (k >= 0 && close(TAKE_FD(fd)) < 0)
                k = negative_errno();
        if (k >= 0 && rename(tmp, path) < 0)
                k = negative_errno();
        if (k < 0)
                (void) unlink(tmp);
        return k;
}

static void unlink_state(const char *dir, const char *name)
{
        _cleanup_free_ char *path = NULL;

        state_path(dir, name, &path);
        (void) unlink(path);
}

/*
 * pending: "TOKEN DEADLINE PID\n": TOKEN random hex, DEADLINE the rollback
 * time in CLOCK_REALTIME seconds (for status only: the watchdog counts on
 * CLOCK_BOOTTIME), PID the watchdog's. Older files have no PID.
 */
static int pending_read_full(const char *dir, char token[static 33], long long *ret_deadline, long *ret_pid)
{
        _cleanup_free_ char *t = NULL;
        long long dl;
        long pid = 0;
        int k, n;

        k = read_state(dir, "pending", &t);
        if (k < 0)
                return k;
        n = sscanf(t, "%32s %lld %ld", token, &dl, &pid);
        if (n < 2 || strlen(token) != 32)
                return -EBADMSG;
        if (ret_deadline)
                *ret_deadline = dl;
        if (ret_pid)
                *ret_pid = n == 3 ? pid : 0;
        return 0;
}

static int pending_read(const char *dir, char token[static 33], long long *ret_deadline)
{
        return pending_read_full(dir, token, ret_deadline, NULL);
}

static void sleep_ms(unsigned ms)
{
        struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long) (ms % 1000) * 1000000L };
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                ;
}

static uint64_t boottime_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_BOOTTIME, &ts);
        return (uint64_t) ts.tv_sec * 1000u + (uint64_t) ts.tv_nsec / 1000000u;
}

#define LOCK_WAIT_MS 60000u
#define ROLLBACK_TRIES 3
#define LOCK_FOREVER UINT32_MAX

/*
 * STATE/lock serialises apply, island, confirm, rollback and the watchdog's
 * rollback: flock, so a killed holder releases it. -EBUSY after timeout_ms.
 */
static int state_lock(const char *dir, uint32_t timeout_ms, int *ret_fd)
{
        _cleanup_free_ char *path = NULL;
        _cleanup_close_ int fd = -1;

        state_path(dir, "lock", &path);
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0)
                return negative_errno();
        for (uint32_t waited = 0;; waited += 50) {
                if (flock(fd, timeout_ms == LOCK_FOREVER ? LOCK_EX : LOCK_EX | LOCK_NB) == 0)
                        break;
                if (errno != EWOULDBLOCK && errno != EINTR)
                        return negative_errno();
                if (waited >= timeout_ms)
                        return -EBUSY;
                sleep_ms(50);
        }
        *ret_fd = TAKE_FD(fd);
        return 0;
}

static int rollback_locked(const char *state_dir, enum fw_rollback_result *ret, char **ret_error);

/* Whether the kernel's ruleset generation is still gen (nothing was committed since). */
static bool ruleset_unchanged_since(uint32_t gen)
{
        uint32_t now;

        return fw_ruleset_generation(&now) >= 0 && now == gen;
}

/*
 * The watchdog: runs in its own session with SIGHUP ignored and no terminal,
 * so a dying SSH session cannot take it along. It is started before the
 * commit but waits on go_fd: apply writes 'g' once the commit has landed,
 * and only then does the confirm time start (on CLOCK_BOOTTIME, which
 * neither jumps with the wall clock nor stops in suspend); 'n' when nothing
 * was committed. If apply dies in between (end of file), the kernel's ruleset
 * generation decides: unchanged since before the commit, nothing landed;
 * moved, the change may be in place and the full confirm time runs.
 * Then it checks the pending file every 100 ms and stands down as soon as the
 * token changes or the file goes (confirm, rollback or a newer apply).
 */
_Noreturn static void watchdog(const char *dir, const char *token, unsigned confirm_ms, int go_fd,
                               bool have_gen, uint32_t gen_before)
{
        uint64_t deadline;
        char msg = 0;
        ssize_t n;
        int lock = -1;
        char cur[33];

        do
                n = read(go_fd, &msg, 1);
        while (n < 0 && errno == EINTR);
        close(go_fd);
        if (n == 1 && msg == 'n')
                _exit(0);
        if (n != 1 && have_gen && ruleset_unchanged_since(gen_before)) {
                /* apply died before its commit: nothing to roll back. */
                if (state_lock(dir, LOCK_FOREVER, &lock) >= 0 && pending_read(dir, cur, NULL) >= 0 && streq(cur, token))
                        unlink_state(dir, "pending");
                _exit(0);
        }
        deadline = boottime_ms() + confirm_ms;
        for (;;) {
                if (pending_read(dir, cur, NULL) < 0 || !streq(cur, token))
                        _exit(0);
                if (boottime_ms() >= deadline)
                        break;
                sleep_ms(100);
        }
        if (state_lock(dir, LOCK_FOREVER, &lock) < 0)
                _exit(1);
        /* Under the lock, again: a confirm or a newer apply may have come while we waited for it. */
        if (pending_read(dir, cur, NULL) < 0 || !streq(cur, token))
                _exit(0);
        {
                _cleanup_free_ char *err = NULL;
                enum fw_rollback_result r = FW_ROLLBACK_PREVIOUS;
                int k = rollback_locked(dir, &r, &err);

                /* No terminal to tell: the journal (syslog) and STATE/rollback-failed do. */
                openlog("bulwark-firewall", LOG_PID, LOG_DAEMON);
                if (k < 0)
                        syslog(LOG_CRIT, "unconfirmed change in %s: rollback FAILED, and the lockdown ruleset could not be loaded either: %s",
                               dir, err ? err : strerror(-k));
                else if (r == FW_ROLLBACK_LOCKDOWN_FALLBACK)
                        syslog(LOG_CRIT, "unconfirmed change in %s: restoring the previous ruleset failed %d times, lockdown loaded: %s",
                               dir, ROLLBACK_TRIES, strempty(err));
                else
                        syslog(LOG_WARNING, "unconfirmed change in %s rolled back to %s", dir,
                               r == FW_ROLLBACK_LOCKDOWN ? "lockdown (the previous ruleset was open)" : "the previous ruleset");
                closelog();
                _exit(k < 0 ? 1 : 0);
        }
}

/*
 * Starts the watchdog, waiting for the word on *ret_go_fd. lock_fd is closed
 * in the child: a flock is shared by every copy of its descriptor.
 */
static int spawn_watchdog(const char *dir, const char *token, unsigned confirm_ms, bool have_gen, uint32_t gen_before,
                          int lock_fd, int *ret_go_fd, long *ret_pid)
{
        int go[2], rep[2];
        pid_t pid;
        int status;
        long wpid = 0;

        /* A socket, not a pipe: send(MSG_NOSIGNAL) to a watchdog that died raises no SIGPIPE. */
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, go) < 0)
                return negative_errno();
        if (pipe2(rep, O_CLOEXEC) < 0) {
                int k = negative_errno();
                close(go[0]);
                close(go[1]);
                return k;
        }
        pid = fork();
        if (pid < 0) {
                int k = negative_errno();
                close(go[0]);
                close(go[1]);
                close(rep[0]);
                close(rep[1]);
                return k;
        }
        if (pid == 0) {
                int null;

                if (lock_fd >= 0)
                        close(lock_fd);
                close(go[1]);
                close(rep[0]);
                if (setsid() < 0)
                        _exit(1);
                signal(SIGHUP, SIG_IGN);
                pid = fork();
                if (pid < 0)
                        _exit(1);
                if (pid > 0) {
                        long p = (long) pid;
                        _exit(write(rep[1], &p, sizeof(p)) == (ssize_t) sizeof(p) ? 0 : 1);
                }
                close(rep[1]);
                /* Grandchild: not a session leader, so it can never regain a terminal. */
                null = open("/dev/null", O_RDWR | O_CLOEXEC);
                if (null >= 0) {
                        dup2(null, 0);
                        dup2(null, 1);
                        dup2(null, 2);
                }
                if (chdir("/") < 0)
                        _exit(1);
                watchdog(dir, token, confirm_ms, go[0], have_gen, gen_before);
        }
        close(go[0]);
        close(rep[1]);
        if (read(rep[0], &wpid, sizeof(wpid)) != (ssize_t) sizeof(wpid))
                wpid = 0;
        close(rep[0]);
        if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || wpid <= 0) {
                close(go[1]);
                return -ECHILD;
        }
        *ret_go_fd = go[1];
        *ret_pid = wpid;
        return 0;
}

/* Tells the watchdog whether the commit landed, and lets it go. */
static void watchdog_release(int *go_fd, bool committed)
{
        char msg = committed ? 'g' : 'n';

        if (*go_fd < 0)
                return;
        if (send(*go_fd, &msg, 1, MSG_NOSIGNAL) != 1) {
                /* The watchdog is gone; status shows it. */
        }
        close(*go_fd);
        *go_fd = -1;
}

/*
 * The running ruleset as a restore script body, and its part that is not
 * Bulwark's. When the ruleset is still exactly what our last apply left
 * (same boot, namespace and generation), that is the foreign part saved then
 * plus the table we loaded, with no need to list the ruleset back.
 */
static int running_ruleset(const char *dir, bool state_ok, const struct fw_ruleset_id *now, bool empty,
                           char **ret_text, char **ret_foreign, bool *ret_rebuilt)
{
        _cleanup_free_ char *id_text = NULL, *foreign = NULL, *applied = NULL, *text = NULL;
        struct fw_ruleset_id saved;
        int k;

        if (now && state_ok && read_state(dir, "ruleset.id", &id_text) >= 0 &&
            fw_ruleset_id_parse(id_text, &saved) >= 0 && fw_ruleset_id_equal(&saved, now) &&
            read_state(dir, "foreign.nft", &foreign) >= 0 && read_state(dir, "applied.nft", &applied) >= 0) {
                *ret_text = xasprintf("%s%s", foreign, applied);
                *ret_foreign = TAKE_PTR(foreign);
                *ret_rebuilt = true;
                return 0;
        }
        *ret_rebuilt = false;
        if (empty) {
                *ret_text = xstrdup("");
                *ret_foreign = xstrdup("");
                return 0;
        }
        k = fw_nft_list_ruleset(&text);
        if (k < 0)
                return k;
        *ret_foreign = fw_ruleset_foreign(text);
        *ret_text = TAKE_PTR(text);
        return 0;
}

/*
 * After a successful commit: remember which ruleset state it produced, if ours
 * was the only commit. foreign.nft is rewritten unless it is what it was read from.
 */
static void remember_ruleset(const char *dir, const struct fw_ruleset_id *before, const char *foreign, bool foreign_saved)
{
        struct fw_ruleset_id after;
        char line[128];

        if (before && fw_ruleset_id_get(&after, NULL) >= 0 && streq(after.boot_id, before->boot_id) &&
            after.netns_cookie == before->netns_cookie && after.generation == before->generation + 1 &&
            fw_ruleset_id_format(&after, line, sizeof(line)) >= 0 &&
            (foreign_saved || write_state_volatile(dir, "foreign.nft", foreign) >= 0) &&
            write_state_volatile(dir, "ruleset.id", line) >= 0)
                return;
        unlink_state(dir, "ruleset.id");
}

int fw_apply(const char *compiled, const struct fw_apply_options *o_in, char **ret_error)
{
        _cleanup_free_ char *prev = NULL, *foreign = NULL, *saved = NULL, *tx = NULL, *abs_dir = NULL, *loaded = NULL;
        struct fw_apply_options o_abs = *o_in;
        char sha[65];
        const struct fw_apply_options *o = &o_abs;
        struct fw_ruleset_id before;
        bool closed, state_ok, have_id, have_gen, empty = false, rebuilt = false, maybe = false;
        _cleanup_close_ int lock = -1;
        uint32_t gen_before = 0;
        int go_fd = -1;
        char token[33] = "";
        long wpid = 0;
        int k;

        /* Without CAP_NET_ADMIN over this network namespace nothing can be done: say so before touching the state. */
        k = fw_nft_permission();
        if (k < 0)
                return k;

        /*
         * Without a state directory (a read-only root at boot) the policy still
         * loads: refusing would leave the device in lockdown for want of a
         * rollback copy. A confirm needs the state, so it refuses then.
         */
        k = mkdir_p(o->state_dir, 0700);
        if (k < 0 && o->confirm_seconds > 0)
                return k;
        state_ok = k >= 0;
        /* The watchdog runs in "/": a relative state directory would name another place there. */
        if (state_ok) {
                abs_dir = realpath(o->state_dir, NULL);
                if (!abs_dir) {
                        k = negative_errno();
                        if (o->confirm_seconds > 0)
                                return k;
                        state_ok = false;
                } else
                        o_abs.state_dir = abs_dir;
        }
        /* One apply at a time: a second one waits, then sees the first one's pending state. */
        if (state_ok) {
                k = state_lock(o->state_dir, LOCK_WAIT_MS, &lock);
                if (k < 0 && (o->confirm_seconds > 0 || k != -EROFS))
                        return k;
                state_ok = k >= 0;
        }

        /*
         * No separate dry run: the transaction is atomic, so a ruleset the
         * kernel refuses changes nothing, and previous.nft then still
         * describes what is loaded. That halves the kernel work of an apply.
         */
        sha256_hex(compiled, strlen(compiled), sha);
        loaded = tag_ruleset(compiled, sha);
        tx = fw_apply_transaction(loaded);

        have_id = fw_ruleset_id_get(&before, &empty) >= 0;
        have_gen = have_id ? (gen_before = before.generation, true) : fw_ruleset_generation(&gen_before) >= 0;
        k = running_ruleset(o->state_dir, state_ok, have_id ? &before : NULL, have_id && empty, &prev, &foreign, &rebuilt);
        if (k < 0)
                return k;
        closed = fw_ruleset_text_closed(prev);
        /* The island state belongs to what a rollback restores: the next plain apply compiles from it. */
        {
                bool island_before = false;
                if (state_ok)
                        (void) fw_island_get(o->state_dir, &island_before);
                saved = xasprintf("# bulwark previous ruleset closed=%s\n# bulwark previous island=%s\n%s"
                                  "flush ruleset\n%s",
                                  closed ? "yes" : "no", island_before ? "on" : "off",
                                  o->rollback_to == FW_ROLLBACK_TO_PREVIOUS ? "# bulwark rollback-to=previous\n" : "", prev);
        }

        /* A pending apply that is not yet confirmed: keep its rollback target, the last good state. */
        {
                char t[33];
                if (state_ok && pending_read(o->state_dir, t, NULL) < 0) {
                        /*
                         * A rollback copy that cannot be written (ENOSPC) would leave the
                         * old one in place, and a later rollback would go somewhere the
                         * user never was: refuse before committing. Only a read-only
                         * state directory (boot) goes on without one.
                         */
                        k = write_state_volatile(o->state_dir, "previous.nft", saved);
                        if (k < 0)
                                return k;
                        /* Before the commit: the caller can still tell the user what an unconfirmed change will come to. */
                        if (o->confirm_seconds > 0 && !closed && o->warn)
                                o->warn(o->rollback_to == FW_ROLLBACK_TO_PREVIOUS ? FW_WARN_ROLLBACK_OPEN : FW_WARN_ROLLBACK_LOCKDOWN,
                                        o->userdata);
                }
        }

        if (o->confirm_seconds > 0) {
                uint8_t rnd[16];
                struct timespec now;
                _cleanup_free_ char *pend = NULL;

                if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
                        return -EIO;
                hex_encode(rnd, sizeof(rnd), token);
                /*
                 * The watchdog exists before the change does, but its time only
                 * starts when the commit has landed (see watchdog()): killing us
                 * now still rolls back, and a slow commit cannot outlast it.
                 */
                k = spawn_watchdog(o->state_dir, token, o->confirm_seconds * 1000u, have_gen, gen_before, lock, &go_fd, &wpid);
                if (k < 0)
                        return k;
                clock_gettime(CLOCK_REALTIME, &now);
                pend = xasprintf("%s %lld %ld\n", token, (long long) now.tv_sec + o->confirm_seconds, wpid);
                k = write_state_volatile(o->state_dir, "pending", pend);
                if (k < 0) {
                        watchdog_release(&go_fd, false);
                        return k;
                }
        } else if (state_ok)
                unlink_state(o->state_dir, "pending");

        k = fw_nft_run(tx, false, ret_error);
        if (k < 0) {
                /*
                 * An error from libnftables is not proof that nothing changed:
                 * the kernel commits a batch as it receives it, and only the
                 * reply may have been lost. The generation tells: unchanged,
                 * nothing was committed; moved (or unknown), treat the change as
                 * in place, so that an armed watchdog still rolls it back.
                 */
                if (have_gen && ruleset_unchanged_since(gen_before)) {
                        if (o->confirm_seconds > 0) {
                                unlink_state(o->state_dir, "pending");
                                watchdog_release(&go_fd, false);
                        }
                        return k;
                }
                maybe = true;
        }
        if (o->confirm_seconds > 0) {
                /* The confirm time starts now; the deadline in pending is what status shows. */
                struct timespec now;
                _cleanup_free_ char *pend = NULL;

                clock_gettime(CLOCK_REALTIME, &now);
                pend = xasprintf("%s %lld %ld\n", token, (long long) now.tv_sec + o->confirm_seconds, wpid);
                (void) write_state_volatile(o->state_dir, "pending", pend);
                watchdog_release(&go_fd, true);
        }
        if (state_ok) {
                /* applied.nft before ruleset.id: the id is only ever paired with the table it names. */
                unlink_state(o->state_dir, "ruleset.id");
                if (!maybe)
                        unlink_state(o->state_dir, "rollback-failed");
                /* The form now loaded (or, after a lost reply, perhaps loaded: the rollback then restores the old one). */
                (void) fw_island_set(o->state_dir, o->island);
                if (!maybe && write_state_volatile(o->state_dir, "applied.nft", loaded) >= 0)
                        remember_ruleset(o->state_dir, have_id ? &before : NULL, foreign, rebuilt);
        }
        return maybe ? -EUCLEAN : 0;
}

int fw_confirm(const char *state_dir)
{
        _cleanup_close_ int lock = -1;
        char token[33];
        int k;

        k = state_lock(state_dir, LOCK_WAIT_MS, &lock);
        if (k < 0)
                return k;
        k = pending_read(state_dir, token, NULL);
        if (k < 0)
                return k == -ENOENT ? -ENOENT : k;
        unlink_state(state_dir, "pending");
        return 0;
}

int fw_lockdown(char **ret_error)
{
        _cleanup_free_ char *tx = xasprintf("add table inet " FW_LOCKDOWN_TABLE "\ndelete table inet " FW_LOCKDOWN_TABLE "\n%s", fw_lockdown_ruleset());
        return fw_nft_run(tx, false, ret_error);
}

int fw_rollback(const char *state_dir, enum fw_rollback_result *ret, char **ret_error)
{
        _cleanup_close_ int lock = -1;
        int k;

        k = fw_nft_permission();
        if (k < 0)
                return k;
        k = state_lock(state_dir, LOCK_WAIT_MS, &lock);
        if (k < 0)
                return k == -ENOENT ? -ENOENT : k;
        return rollback_locked(state_dir, ret, ret_error);
}

/* Runs buf up to tries times, a second apart (an interface may be coming back). */
static int nft_run_retry(const char *buf, unsigned tries, char **ret_error)
{
        int k = -EINVAL;

        for (unsigned i = 0; i < tries; i++) {
                _cleanup_free_ char *err = NULL;

                if (i > 0)
                        sleep_ms(1000);
                k = fw_nft_run(buf, false, &err);
                if (k >= 0)
                        return 0;
                if (ret_error) {
                        free(*ret_error);
                        *ret_error = TAKE_PTR(err);
                }
        }
        return k;
}


static int rollback_locked(const char *state_dir, enum fw_rollback_result *ret, char **ret_error)
{
        _cleanup_free_ char *prev = NULL, *err = NULL, *lock_err = NULL, *record = NULL;
        _cleanup_free_ char *lockdown_tx = xasprintf("flush ruleset\n%s", fw_lockdown_ruleset());
        enum fw_rollback_result r;
        struct timespec now;
        bool closed, island_before, exact;
        int k;

        k = read_state(state_dir, "previous.nft", &prev);
        if (k < 0)
                return k;
        closed = startswith(prev, "# bulwark previous ruleset closed=yes\n") != NULL;
        island_before = strstr(prev, "\n# bulwark previous island=on\n") != NULL;
        /* Asked for at apply time (--rollback-to previous): exactly the ruleset before, open or not. */
        exact = strstr(prev, "\n# bulwark rollback-to=previous\n") != NULL;
        if (closed || exact) {
                k = nft_run_retry(prev, ROLLBACK_TRIES, &err);
                if (k >= 0) {
                        (void) fw_island_set(state_dir, island_before);
                        unlink_state(state_dir, "pending");
                        unlink_state(state_dir, "rollback-failed");
                        if (ret)
                                *ret = FW_ROLLBACK_PREVIOUS;
                        return 0;
                }
                r = FW_ROLLBACK_LOCKDOWN_FALLBACK;
        } else
                r = FW_ROLLBACK_LOCKDOWN;

        /* Never roll back to an open device, and never stay on a change nobody confirmed: drop all but loopback. */
        k = nft_run_retry(lockdown_tx, ROLLBACK_TRIES, &lock_err);
        clock_gettime(CLOCK_REALTIME, &now);
        if (r == FW_ROLLBACK_LOCKDOWN_FALLBACK || k < 0) {
                /* The record status reports, until the next apply or rollback that works. First line: what happened. */
                record = xasprintf("%lld %s\n%s%s", (long long) now.tv_sec,
                                   k < 0 ? (closed || exact ? "restoring the previous ruleset failed, and loading the lockdown ruleset failed too"
                                                   : "loading the lockdown ruleset failed")
                                         : "restoring the previous ruleset failed; the lockdown ruleset was loaded instead",
                                   strempty(err), strempty(lock_err));
                (void) write_state(state_dir, "rollback-failed", record);
        } else
                unlink_state(state_dir, "rollback-failed");
        if (k < 0) {
                if (ret_error) {
                        *ret_error = TAKE_PTR(lock_err);
                }
                return k;
        }
        /* Lockdown: the next apply should load the form that was in force before the unconfirmed change. */
        (void) fw_island_set(state_dir, island_before);
        unlink_state(state_dir, "pending");
        if (ret_error && err)
                *ret_error = TAKE_PTR(err);
        if (ret)
                *ret = r;
        return 0;
}

int fw_island_get(const char *state_dir, bool *ret)
{
        _cleanup_free_ char *t = NULL;
        int k;

        k = read_state(state_dir, "island", &t);
        if (k == -ENOENT) {
                *ret = false;
                return 0;
        }
        if (k < 0)
                return k;
        *ret = startswith(t, "on") != NULL;
        return 0;
}

int fw_island_set(const char *state_dir, bool on)
{
        int k;

        k = mkdir_p(state_dir, 0700);
        if (k < 0)
                return k;
        if (!on) {
                unlink_state(state_dir, "island");
                return 0;
        }
        return write_state(state_dir, "island", "on\n");
}

/*
 * Whether pid is a live bulwark process: /proc/PID/stat names it (a guard
 * against a reused pid) and its state is not zombie or dead.
 */
static bool watchdog_alive(pid_t pid)
{
        _cleanup_free_ char *path = xasprintf("/proc/%ld/stat", (long) pid), *stat = NULL;
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
        const char *close_paren;

        if (fd < 0 || read_full_fd(fd, 4096, &stat, NULL) < 0)
                return false;
        close_paren = strrchr(stat, ')');
        if (!startswith(stat + strcspn(stat, "("), "(bulwark") || !close_paren || close_paren[1] != ' ')
                return false;
        return !strchr("ZXx", close_paren[2]);
}

int fw_status_get(const char *state_dir, struct fw_status *ret)
{
        struct fw_status st = {};
        json_t *j = NULL, *item;
        char token[33];
        long long deadline;
        size_t i;
        int k;

        k = fw_nft_list_json("list tables", &j);
        if (k < 0)
                return k;
        json_array_foreach(json_object_get(j, "nftables"), i, item) {
                json_t *t = json_object_get(item, "table");
                const char *fam = json_string_value(json_object_get(t, "family")), *name = json_string_value(json_object_get(t, "name"));
                if (!t || !fam || !name || !streq(fam, "inet"))
                        continue;
                if (streq(name, FW_TABLE))
                        st.loaded = true;
                else if (streq(name, FW_LOCKDOWN_TABLE))
                        st.lockdown = true;
        }
        json_decref(j);

        if (st.loaded) {
                k = fw_nft_list_json("list counters table inet " FW_TABLE, &j);
                if (k < 0)
                        return k;
                json_array_foreach(json_object_get(j, "nftables"), i, item) {
                        json_t *c = json_object_get(item, "counter");
                        const char *name = json_string_value(json_object_get(c, "name"));
                        if (!c || !name || st.n_counters >= ARRAY_SIZE(st.counters))
                                continue;
                        snprintf(st.counters[st.n_counters].name, sizeof(st.counters[0].name), "%s", name);
                        st.counters[st.n_counters].packets = (uint64_t) json_integer_value(json_object_get(c, "packets"));
                        st.counters[st.n_counters].bytes = (uint64_t) json_integer_value(json_object_get(c, "bytes"));
                        st.n_counters++;
                }
                json_decref(j);
        }
        (void) fw_island_get(state_dir, &st.island);
        {
                _cleanup_free_ char *applied = NULL, *path = NULL;
                char file_sha[65] = "", comment[256] = "";
                bool kernel_tagged = false;
                struct stat sb;

                /*
                 * What is loaded comes from the kernel (the table comment), not
                 * from the state files, which an apply killed after its commit
                 * has not yet rewritten.
                 */
                if (st.loaded && fw_nft_table_comment(FW_TABLE, comment, sizeof(comment)) >= 0 &&
                    tag_sha(comment, st.applied_sha256)) {
                        kernel_tagged = true;
                        st.island = strstr(comment, "(island mode)") != NULL;
                }
                state_path(state_dir, "applied.nft", &path);
                if (read_state(state_dir, "applied.nft", &applied) >= 0 && stat(path, &sb) >= 0) {
                        if (!tag_sha(applied, file_sha))
                                sha256_hex(applied, strlen(applied), file_sha); /* written by an older bulwark */
                        if (!kernel_tagged)
                                memcpy(st.applied_sha256, file_sha, sizeof(file_sha));
                        if (streq(file_sha, st.applied_sha256))
                                st.applied_time = (long long) sb.st_mtime;
                }
                st.state_behind = kernel_tagged && !streq(file_sha, st.applied_sha256);
        }
        if (pending_read_full(state_dir, token, &deadline, &st.watchdog_pid) >= 0) {
                struct timespec now;
                clock_gettime(CLOCK_REALTIME, &now);
                st.pending = true;
                st.pending_seconds = (long) (deadline - now.tv_sec);
                st.watchdog = st.watchdog_pid > 0 ? (watchdog_alive((pid_t) st.watchdog_pid) ? FW_WATCHDOG_RUNNING : FW_WATCHDOG_DEAD)
                                                  : FW_WATCHDOG_UNKNOWN;
        }
        {
                _cleanup_free_ char *t = NULL;
                if (read_state(state_dir, "rollback-failed", &t) >= 0) {
                        long long when = 0;
                        int off = 0;
                        size_t n;
                        if (sscanf(t, "%lld %n", &when, &off) < 1)
                                off = 0;
                        n = strcspn(t + off, "\n");
                        st.rollback_failed_time = when;
                        snprintf(st.rollback_failed, sizeof(st.rollback_failed), "%.*s", (int) MIN(n, sizeof(st.rollback_failed) - 1), t + off);
                }
        }
        *ret = st;
        return 0;
}
