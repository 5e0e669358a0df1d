/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <fcntl.h>
#include <fnmatch.h>
#include <nftables/libnftables.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "child-answer.h"
#include "cursor.h"
#include "fdio.h"
#include "macro.h"
#include "nft-load.h"
#include "rootfs.h"
#include "strv.h"

#define NFT_JSON_MAX (32u * 1024 * 1024)
#define NFT_FILE_MAX (4u * 1024 * 1024)
#define NFT_INCLUDE_DEPTH 8
#define NFT_INCLUDE_DIR_MAX 4096u
#define NFT_CHILD_TIMEOUT_MS 20000
#define NFT_CHILD_MEMORY (512ull * 1024 * 1024)

static int run_list(struct nft_ctx *ctx, json_t **ret)
{
        const char *out;
        json_error_t jerr;
        json_t *j;

        if (nft_ctx_buffer_output(ctx) < 0 || nft_ctx_buffer_error(ctx) < 0)
                return -ENOMEM;
        nft_ctx_output_set_flags(ctx, NFT_CTX_OUTPUT_JSON | NFT_CTX_OUTPUT_HANDLE);
        if (nft_run_cmd_from_buffer(ctx, "list ruleset") != 0)
                return -EIO;
        out = nft_ctx_get_output_buffer(ctx);
        j = json_loads(out && *out ? out : "{\"nftables\": []}", 0, &jerr);
        if (!j)
                return -EBADMSG;
        *ret = j;
        return 0;
}

int nft_list_live(json_t **ret)
{
        struct nft_ctx *ctx = nft_ctx_new(NFT_CTX_DEFAULT);
        int k;

        if (!ctx)
                return -ENOMEM;
        k = run_list(ctx, ret);
        nft_ctx_free(ctx);
        return k;
}

static int flatten(const struct root *r, const char *buf, size_t len, unsigned depth, FILE *out, size_t *total, char **ret_error)
{
        /* Every included file counts against one cap: globbed includes must not multiply it. */
        *total += len;
        if (*total > NFT_FILE_MAX) {
                *ret_error = xasprintf("the ruleset with its includes is larger than %u bytes (NFT_FILE_MAX)", NFT_FILE_MAX);
                return -E2BIG;
        }
        struct cursor c = cursor_make(buf, len);
        struct slice line;

        if (depth > NFT_INCLUDE_DEPTH) {
                *ret_error = xstrdup("include nesting too deep (a loop?)");
                return -ELOOP;
        }
        while (cursor_line(&c, &line)) {
                struct slice s = slice_strip(line), w;
                _cleanup_free_ char *pattern = NULL, *dir = NULL;
                _cleanup_strv_free_ char **entries = NULL;
                const char *slash;
                int k;

                if (!slice_startswith(s, "include") || s.len < 8 || (s.p[7] != ' ' && s.p[7] != '\t')) {
                        fwrite(line.p, 1, line.len, out);
                        fputc('\n', out);
                        continue;
                }
                (void) slice_word(&s, &w);
                if (s.len < 2 || s.p[0] != '"' || s.p[s.len - 1] != '"') {
                        *ret_error = xasprintf("cannot resolve include: %.*s", (int) MIN(line.len, 200), line.p);
                        return -EBADMSG;
                }
                pattern = xstrndup(s.p + 1, s.len - 2);
                if (pattern[0] != '/') {
                        /* nft searches its include path; Debian's default is /etc. */
                        char *abs = xasprintf("/etc/%s", pattern);
                        free(pattern);
                        pattern = abs;
                }
                slash = strrchr(pattern, '/');
                dir = xstrndup(pattern, (size_t) (slash - pattern));
                if (!strpbrk(slash + 1, "*?[")) {
                        _cleanup_free_ char *inc = NULL;
                        size_t ilen;

                        k = root_read_file(r, pattern, NFT_FILE_MAX, &inc, &ilen);
                        if (k == -EFBIG) {
                                *ret_error = xasprintf("include \"%s\" is larger than %u bytes (NFT_FILE_MAX)", pattern, NFT_FILE_MAX);
                                return -E2BIG;
                        }
                        if (k < 0) {
                                *ret_error = xasprintf("include \"%s\": %s", pattern, strerror(-k));
                                return k;
                        }
                        k = flatten(r, inc, ilen, depth + 1, out, total, ret_error);
                        if (k < 0)
                                return k;
                        continue;
                }
                if (strpbrk(dir, "*?["))
                        continue; /* globbed directories: nft would match nothing sane here */
                k = root_list_dir(r, dir[0] ? dir : "/", NFT_INCLUDE_DIR_MAX, &entries);
                if (k < 0)
                        continue; /* a glob that matches nothing is not an error for nft */
                if (k > 0) {
                        /* Which files the glob matches cannot be known from part of the directory. */
                        *ret_error = xasprintf("include \"%s\": %s has more than %u entries (NFT_INCLUDE_DIR_MAX)",
                                               pattern, dir[0] ? dir : "/", NFT_INCLUDE_DIR_MAX);
                        return -E2BIG;
                }
                for (size_t i = 0; entries[i]; i++) {
                        _cleanup_free_ char *path = NULL, *inc = NULL;
                        size_t ilen;

                        if (fnmatch(slash + 1, entries[i], FNM_PERIOD) != 0)
                                continue;
                        path = xasprintf("%s/%s", dir, entries[i]);
                        k = root_read_file(r, path, NFT_FILE_MAX, &inc, &ilen);
                        if (k == -EFBIG) {
                                *ret_error = xasprintf("include \"%s\" is larger than %u bytes (NFT_FILE_MAX)", path, NFT_FILE_MAX);
                                return -E2BIG;
                        }
                        if (k < 0)
                                continue;
                        k = flatten(r, inc, ilen, depth + 1, out, total, ret_error);
                        if (k < 0)
                                return k;
                }
        }
        return 0;
}

int nft_flatten_includes(const struct root *r, const char *buf, size_t len, char **ret, char **ret_error)
{
        char *out = NULL;
        size_t outlen = 0;
        FILE *f = open_memstream(&out, &outlen);
        size_t total = 0;
        int k;

        if (!f)
                return negative_errno();
        k = flatten(r, buf, len, 0, f, &total, ret_error);
        fclose(f);
        if (k < 0) {
                free(out);
                return k;
        }
        *ret = out;
        return 0;
}

/* Child: new network namespace, limits, load, list, write JSON (or "!error") to the pipe. */
static _Noreturn void child_load(int fd, void *userdata)
{
        const char *text = userdata;
        struct rlimit mem = { NFT_CHILD_MEMORY, NFT_CHILD_MEMORY };
        struct nft_ctx *ctx;
        char *dump;
        json_t *j = NULL;
        int k;

        (void) prctl(PR_SET_PDEATHSIG, SIGKILL);
        /* ASan reserves terabytes of address space for its shadow: the cap would only break sanitizer builds. */
        if (!BW_ASAN)
                (void) setrlimit(RLIMIT_AS, &mem);
        if (unshare(CLONE_NEWNET) < 0 && unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0) {
                dump = xasprintf("!cannot create a network namespace to load the ruleset: %s", strerror(errno));
                (void) write_full(fd, dump, strlen(dump));
                _exit(2);
        }
        ctx = nft_ctx_new(NFT_CTX_DEFAULT);
        if (!ctx || nft_ctx_buffer_error(ctx) < 0 || nft_ctx_buffer_output(ctx) < 0)
                _exit(3);
        /* Nothing left to include (flattened), and never from the host's /etc. */
        nft_ctx_add_include_path(ctx, "/nonexistent/bulwark");
        if (nft_run_cmd_from_buffer(ctx, text) != 0) {
                const char *e = nft_ctx_get_error_buffer(ctx);
                dump = xasprintf("!%s", e && *e ? e : "nft could not load the ruleset");
                (void) write_full(fd, dump, strlen(dump));
                _exit(1);
        }
        nft_ctx_free(ctx);
        ctx = nft_ctx_new(NFT_CTX_DEFAULT);
        if (!ctx)
                _exit(3);
        k = run_list(ctx, &j);
        if (k < 0)
                _exit(4);
        dump = json_dumps(j, JSON_COMPACT);
        if (!dump || write_full(fd, dump, strlen(dump)) < 0)
                _exit(5);
        _exit(0);
}

int nft_load_offline(const struct root *r, const char *buf, size_t len, json_t **ret, char **ret_error)
{
        _cleanup_free_ char *text = NULL, *out = NULL;
        size_t outlen = 0;
        int status = 0, k;
        json_error_t jerr;

        *ret_error = NULL;
        k = nft_flatten_includes(r, buf, len, &text, ret_error);
        if (k == -E2BIG)
                return k; /* a cap of ours, not a ruleset nft would refuse */
        if (k < 0)
                return -EBADMSG;

        /* libnftables runs in a child with a memory cap, a deadline and a cap on its answer. */
        k = child_answer(child_load, text, NFT_CHILD_TIMEOUT_MS, NFT_JSON_MAX, &out, &outlen, &status);
        if (k == -ETIMEDOUT) {
                *ret_error = xstrdup("loading the ruleset timed out");
                return -ETIMEDOUT;
        }
        if (k == -EFBIG) {
                *ret_error = xasprintf("the loaded ruleset lists as more than %u bytes of JSON (NFT_JSON_MAX)", NFT_JSON_MAX);
                return -E2BIG;
        }
        if (k < 0) {
                *ret_error = xasprintf("the ruleset loader could not run: %s", strerror(-k));
                return -EIO;
        }
        if (outlen == 0) {
                *ret_error = xasprintf("the ruleset loader failed (status %d)", status);
                return -EIO;
        }
        if (out[0] == '!') {
                char *nl = out + strlen(out);
                while (nl > out + 1 && (nl[-1] == '\n' || nl[-1] == ' '))
                        *--nl = 0;
                *ret_error = xstrdup(out + 1);
                return WIFEXITED(status) && WEXITSTATUS(status) == 2 ? -EPERM : -EBADMSG;
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                *ret_error = xasprintf("the ruleset loader failed (status %d)", status);
                return -EIO;
        }
        *ret = json_loadb(out, outlen, 0, &jerr);
        if (!*ret) {
                *ret_error = xstrdup(jerr.text);
                return -EBADMSG;
        }
        return 0;
}
