/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bulwark wipe: erase, verify, certify. The library does the work and reports
 * progress through a callback; this file asks for confirmation, prints
 * progress on a terminal, turns SIGINT into a clean cancel, and writes the
 * certificate.
 *
 * Exit codes: 0 erased (and verified when asked), 1 the erase or its
 * verification failed or was interrupted (the certificate says which), 2 usage
 * or a refused target, 3 could not run at all.
 */
#include <fcntl.h>
#include <signal.h>
#include <time.h>

#include "certificate.h"
#include "cli.h"
#include "fdio.h"
#include "macro.h"
#include "strv.h"
#include "wipe.h"

enum {
        OPT_METHOD = 256,
        OPT_VERIFY,
        OPT_FREE_SPACE,
        OPT_YES,
        OPT_CERTIFICATE,
        OPT_MARKDOWN,
        OPT_SIGN_KEY,
        OPT_SIGN_CERT,
        OPT_OPERATOR,
        OPT_TPM_CLEAR,
        OPT_DRY_RUN,
        OPT_CA,
        OPT_QUIET,
};

static const struct cli_option wipe_options[] = {
        { "method", OPT_METHOD, "METHOD", "zero, random (default), clear (800-88 Clear for the media), discard (secure discard / zero-out), crypto (LUKS crypto erase)" },
        { "verify", OPT_VERIFY, "HOW", "full (default: read everything back), sample (800-88 sampling) or none" },
        { "recursive", 'r', NULL, "erase directory trees (never crossing a file system, never following links)" },
        { "free-space", OPT_FREE_SPACE, NULL, "TARGET is a directory: erase the free space of its file system" },
        { "yes", OPT_YES, NULL, "do not ask for confirmation (scripts)" },
        { "certificate", OPT_CERTIFICATE, "FILE", "write the certificate of sanitization (JSON) to FILE" },
        { "markdown", OPT_MARKDOWN, "FILE", "write the same certificate as Markdown to FILE" },
        { "sign-key", OPT_SIGN_KEY, "KEY", "sign the certificate with this PEM private key" },
        { "sign-cert", OPT_SIGN_CERT, "CERT", "the X.509 certificate of --sign-key (default: read from the key file)" },
        { "operator", OPT_OPERATOR, "NAME", "who performs the erase, for the certificate" },
        { "tpm-clear", OPT_TPM_CLEAR, NULL, "crypto: when a TPM-bound token is found, request a TPM clear (PPI) for the next boot" },
        { "dry-run", OPT_DRY_RUN, NULL, "check and describe the target, write nothing" },
        { "quiet", 'q', NULL, "no progress and no summary" },
        { NULL, 0, NULL, NULL },
};

static const struct cli_option verify_cert_options[] = {
        { "ca", OPT_CA, "FILE", "also require the signing certificate to chain to this CA (PEM)" },
        { NULL, 0, NULL, NULL },
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig) { (void) sig; interrupted = 1; }

struct progress_state {
        bool tty;
        struct timespec phase_start;
        struct timespec last;
        char phase[16];
};

static double elapsed(const struct timespec *a, const struct timespec *b)
{
        return (double) (b->tv_sec - a->tv_sec) + (double) (b->tv_nsec - a->tv_nsec) / 1e9;
}

static void human(uint64_t v, char *out, size_t n)
{
        static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
        double d = (double) v;
        unsigned u = 0;

        while (d >= 1024 && u + 1 < ARRAY_SIZE(units)) {
                d /= 1024;
                u++;
        }
        snprintf(out, n, u ? "%.1f %s" : "%.0f %s", d, units[u]);
}

static int on_progress(const char *phase, uint64_t done, uint64_t total, void *userdata)
{
        struct progress_state *ps = userdata;
        struct timespec now;

        if (interrupted)
                return -1;
        if (!ps->tty)
                return 0;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (!streq(ps->phase, phase)) {
                snprintf(ps->phase, sizeof(ps->phase), "%s", phase);
                ps->phase_start = now;
        }
        if (elapsed(&ps->last, &now) >= 0.25 || done >= total) {
                double t = elapsed(&ps->phase_start, &now), rate = t > 0 ? (double) done / t : 0;
                char d[32], tot[32], r[32];
                long eta = rate > 0 && total > done ? (long) ((double) (total - done) / rate) : 0;

                human(done, d, sizeof(d));
                human(total, tot, sizeof(tot));
                human((uint64_t) rate, r, sizeof(r));
                fprintf(stderr, "\r%-7s %10s / %-10s %10s/s  ETA %ld:%02ld:%02ld  ", phase, d, tot, r,
                        eta / 3600, eta / 60 % 60, eta % 60);
                ps->last = now;
        }
        return 0;
}

static void describe(FILE *f, const struct wipe_record *r)
{
        char size[32];

        human(r->size, size, sizeof(size));
        fprintf(f, "Target:   %s (%s, %s, %ju bytes)\n", r->resolved ? r->resolved : r->target,
                wipe_kind_to_string(r->kind), size, (uintmax_t) r->size);
        if (r->media.node)
                fprintf(f, "Media:    %s %s %s, serial %s, type %s%s%s\n", r->media.node, strna(r->media.vendor), strna(r->media.model),
                        strna(r->media.serial), strna(r->media.type), r->media.fstype ? ", file system " : "", strempty(r->media.fstype));
        fprintf(f, "Method:   %s, NIST SP 800-88 %s: %s\n", wipe_method_to_string(r->method), strna(r->category), strna(r->technique));
        fprintf(f, "Verify:   %s\n", wipe_verify_to_string(r->verify));
        for (char **c = r->caveats; c && *c; c++)
                fprintf(f, "Caveat:   %s\n", *c);
        for (char **c = r->notes; c && *c; c++)
                fprintf(f, "Note:     %s\n", *c);
}

static bool confirm(const struct wipe_record *r)
{
        const char *want = r->kind == WIPE_KIND_FILES ? r->target : (r->resolved ? r->resolved : r->target);
        char line[4096];

        if (!isatty(STDIN_FILENO)) {
                cli_error("refusing to erase without confirmation: standard input is not a terminal; add --yes");
                return false;
        }
        fprintf(stderr, "This destroys the data on %s. Type it to confirm: ", want);
        fflush(stderr);
        if (!fgets(line, sizeof(line), stdin))
                return false;
        line[strcspn(line, "\n")] = 0;
        if (!streq(line, want)) {
                cli_error("not confirmed; nothing was written");
                return false;
        }
        return true;
}

static int write_certificates(const struct wipe_record *r, const char *json_path, const char *md_path,
                              const char *key, const char *cert)
{
        json_t *c = NULL;
        _cleanup_free_ char *js = NULL, *md = NULL;
        int k;

        k = wipe_certificate_build(r, &c);
        if (k < 0)
                return k;
        k = wipe_certificate_seal(c, key, cert);
        if (k < 0) {
                json_decref(c);
                cli_error("cannot sign the certificate with %s: %s", key, k == -EKEYREJECTED ? "the certificate does not match the key" : strerror(-k));
                return k;
        }
        k = wipe_certificate_render_json(c, &js);
        if (k >= 0 && md_path)
                k = wipe_certificate_render_markdown(c, &md);
        json_decref(c);
        if (k < 0)
                return k;
        if (json_path && (k = cli_write_output(json_path, js, strlen(js))) < 0) {
                cli_error("cannot write %s: %s", json_path, strerror(-k));
                return k;
        }
        if (md_path && (k = cli_write_output(md_path, md, strlen(md))) < 0) {
                cli_error("cannot write %s: %s", md_path, strerror(-k));
                return k;
        }
        return 0;
}

static void print_result(FILE *f, const struct wipe_record *r)
{
        fprintf(f, "Result:   %s (%s, NIST SP 800-88 %s); %ju bytes written; verification %s (%ju bytes read back%s)\n",
                wipe_status_to_string(r->status), wipe_method_to_string(r->method), strna(r->category),
                (uintmax_t) r->bytes_written, strna(r->verify_result),
                (uintmax_t) r->bytes_verified, r->verify == WIPE_VERIFY_SAMPLE ? ", sampled" : "");
        for (size_t i = 0; i < r->n_mismatches && i < 10; i++)
                fprintf(f, "Mismatch: %s offset %ju: read-back differs from what was written\n",
                        r->mismatches[i].path ? r->mismatches[i].path : strna(r->resolved), (uintmax_t) r->mismatches[i].offset);
        if (r->mismatches_total > 0)
                fprintf(f, "Mismatch: %ju block(s) of 4 KiB in total\n", (uintmax_t) r->mismatches_total);
        for (size_t i = 0; i < r->n_errors && i < 20; i++)
                fprintf(f, "Error:    %s%s%s at offset %ju, %ju bytes: %s\n", r->errors[i].phase,
                        r->errors[i].path ? " " : "", strempty(r->errors[i].path), (uintmax_t) r->errors[i].offset,
                        (uintmax_t) r->errors[i].length, strerror(r->errors[i].err));
        if (r->errors_total > r->n_errors)
                fprintf(f, "Error:    ... %ju error ranges in total\n", (uintmax_t) r->errors_total);
        for (char **c = r->notes; c && *c; c++)
                fprintf(f, "Note:     %s\n", *c);
}

static int read_file_capped(const char *path, char **ret, size_t *ret_len)
{
        _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

        if (fd < 0)
                return negative_errno();
        return read_full_fd(fd, 64 << 20, ret, ret_len);
}

static int run_verify_cert(int argc, char **argv)
{
        static const struct verb v = { .name = "wipe verify-cert", .args = "[--ca FILE] CERTIFICATE.json",
                                       .summary = "Check a wipe certificate's hash and, when signed, its signature.",
                                       .options = verify_cert_options };
        _cleanup_free_ struct option *lo = NULL;
        _cleanup_free_ char *so = NULL, *buf = NULL, *detail = NULL;
        const char *ca = NULL;
        size_t len;
        int c, k;

        _cleanup_strv_free_ char **operands = NULL;

        cli_getopt_tables(verify_cert_options, &lo, &so);
        optind = 0;
        while ((c = cli_getopt_operands(argc, argv, so, lo, &operands)) >= 0) {
                switch (c) {
                case 'h':
                        cli_print_help(stdout, &v);
                        return EXIT_MET;
                case OPT_CA:
                        ca = optarg;
                        break;
                default:
                        return cli_usage_error(&v, "invalid option");
                }
        }
        if (strv_length(operands) != 1)
                return cli_usage_error(&v, "give exactly one certificate file");
        k = read_file_capped(operands[0], &buf, &len);
        if (k < 0) {
                cli_error("cannot read %s: %s", operands[0], strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        k = wipe_certificate_check(buf, len, ca, &detail);
        if (k < 0) {
                printf("%s: INVALID: %s\n", operands[0], strna(detail));
                return EXIT_NOT_MET;
        }
        printf("%s: valid: %s\n", operands[0], strna(detail));
        return EXIT_MET;
}

static int run_reverify(int argc, char **argv)
{
        static const struct cli_option opts[] = {
                { "certificate", OPT_CERTIFICATE, "FILE", "the certificate of the earlier erase (required)" },
                { "verify", OPT_VERIFY, "HOW", "full (default) or sample" },
                { NULL, 0, NULL, NULL },
        };
        static const struct verb v = { .name = "wipe verify", .args = "--certificate FILE DEVICE",
                                       .summary = "Read a device back and check it still holds what its certificate says was written.",
                                       .options = opts };
        _cleanup_free_ struct option *lo = NULL;
        _cleanup_free_ char *so = NULL, *buf = NULL, *detail = NULL;
        _cleanup_wipe_record_ struct wipe_record *cr = NULL, *r = NULL;
        struct progress_state ps = { .tty = isatty(STDERR_FILENO) };
        struct wipe_options o = { .verify = WIPE_VERIFY_FULL, .progress = on_progress, .userdata = &ps };
        const char *certfile = NULL;
        json_t *cert;
        size_t len;
        int c, k;

        _cleanup_strv_free_ char **operands = NULL;

        cli_getopt_tables(opts, &lo, &so);
        optind = 0;
        while ((c = cli_getopt_operands(argc, argv, so, lo, &operands)) >= 0) {
                switch (c) {
                case 'h':
                        cli_print_help(stdout, &v);
                        return EXIT_MET;
                case OPT_CERTIFICATE:
                        certfile = optarg;
                        break;
                case OPT_VERIFY:
                        if (wipe_verify_from_string(optarg, &o.verify) < 0 || o.verify == WIPE_VERIFY_NONE)
                                return cli_usage_error(&v, "--verify takes full or sample");
                        break;
                default:
                        return cli_usage_error(&v, "invalid option");
                }
        }
        if (!certfile || strv_length(operands) != 1)
                return cli_usage_error(&v, "give --certificate FILE and exactly one device");
        k = read_file_capped(certfile, &buf, &len);
        if (k < 0) {
                cli_error("cannot read %s: %s", certfile, strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        if (wipe_certificate_check(buf, len, NULL, &detail) < 0) {
                cli_error("%s is not a valid certificate: %s", certfile, strna(detail));
                return EXIT_NOT_MET;
        }
        cert = json_loadb(buf, len, 0, NULL);
        k = cert ? wipe_certificate_to_record(cert, &cr) : -EBADMSG;
        json_decref(cert);
        if (k < 0) {
                cli_error("%s lacks what verification needs: %s", certfile, strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        signal(SIGINT, on_signal);
        k = wipe_reverify(cr, operands[0], &o, &r);
        if (ps.tty)
                fputc('\n', stderr);
        if (k < 0) {
                cli_error("cannot verify %s: %s", operands[0], k == -EOPNOTSUPP ? "only device and partition erases can be read back later" : strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        print_result(stdout, r);
        return streq_ptr(r->verify_result, "pass") ? EXIT_MET : EXIT_NOT_MET;
}

static int run_wipe(int argc, char **argv)
{
        _cleanup_free_ struct option *lo = NULL;
        _cleanup_free_ char *so = NULL, *reason = NULL;
        _cleanup_wipe_record_ struct wipe_record *r = NULL;
        _cleanup_strv_free_ char **targets = NULL;
        struct progress_state ps = { 0 };
        struct wipe_options o = { .method = WIPE_METHOD_RANDOM, .verify = WIPE_VERIFY_FULL, .progress = on_progress, .userdata = &ps };
        const char *cert = NULL, *md = NULL, *key = NULL, *keycert = NULL;
        bool yes = false, dry = false, quiet = false;
        struct sigaction sa = { .sa_handler = on_signal };
        int c, k;

        if (argc >= 2 && streq(argv[1], "verify-cert"))
                return run_verify_cert(argc - 1, argv + 1);
        if (argc >= 2 && streq(argv[1], "verify"))
                return run_reverify(argc - 1, argv + 1);

        cli_getopt_tables(wipe_options, &lo, &so);
        optind = 0;
        /* Options may come before or after the targets; "--" ends options. */
        for (;;) {
                c = getopt_long(argc, argv, so, lo, NULL);
                if (c < 0) {
                        if (optind >= argc)
                                break;
                        if (streq(argv[optind - 1], "--")) {
                                while (optind < argc)
                                        strv_push(&targets, argv[optind++]);
                                break;
                        }
                        strv_push(&targets, argv[optind++]);
                        continue;
                }
                switch (c) {
                case 'h':
                        cli_print_help(stdout, &verb_wipe);
                        fputs("\nSub-verbs:\n"
                              "  bulwark wipe verify-cert [--ca FILE] CERT.json   check a certificate's hash and signature\n"
                              "  bulwark wipe verify --certificate CERT.json DEV  read a device back against its certificate\n"
                              "\nExit codes: 0 erased and verified, 1 failed or interrupted (see the certificate),\n"
                              "2 usage error or refused target, 3 could not run.\n", stdout);
                        return EXIT_MET;
                case OPT_METHOD:
                        if (wipe_method_from_string(optarg, &o.method) < 0)
                                return cli_usage_error(&verb_wipe, "--method takes zero, random, clear, discard or crypto, not '%s'", optarg);
                        break;
                case OPT_VERIFY:
                        if (wipe_verify_from_string(optarg, &o.verify) < 0)
                                return cli_usage_error(&verb_wipe, "--verify takes full, sample or none, not '%s'", optarg);
                        break;
                case 'r':
                        o.recursive = true;
                        break;
                case OPT_FREE_SPACE:
                        o.free_space = true;
                        break;
                case OPT_YES:
                        yes = true;
                        break;
                case OPT_CERTIFICATE:
                        cert = optarg;
                        break;
                case OPT_MARKDOWN:
                        md = optarg;
                        break;
                case OPT_SIGN_KEY:
                        key = optarg;
                        break;
                case OPT_SIGN_CERT:
                        keycert = optarg;
                        break;
                case OPT_OPERATOR:
                        o.operator_name = optarg;
                        break;
                case OPT_TPM_CLEAR:
                        o.tpm_clear = true;
                        break;
                case OPT_DRY_RUN:
                        dry = true;
                        break;
                case 'q':
                        quiet = true;
                        break;
                default:
                        return cli_usage_error(&verb_wipe, "invalid option");
                }
        }
        if (!targets)
                return cli_usage_error(&verb_wipe, "name the target exactly: a device, files, or a directory with --free-space");
        if (keycert && !key)
                return cli_usage_error(&verb_wipe, "--sign-cert needs --sign-key");

        k = wipe_prepare(targets, &o, &r, &reason);
        if (k < 0) {
                cli_error("refused: %s", reason ? reason : strerror(-k));
                return k == -EBUSY || k == -EINVAL || k == -ENOENT || k == -EROFS ? EXIT_USAGE : EXIT_CANNOT_EVALUATE;
        }
        if (!quiet || dry)
                describe(stderr, r);
        if (dry) {
                fputs("Dry run: nothing was written.\n", stderr);
                return EXIT_MET;
        }
        if (!yes && !confirm(r))
                return EXIT_USAGE;

        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        ps.tty = !quiet && isatty(STDERR_FILENO);
        k = wipe_execute(r, &o);
        if (ps.tty)
                fputc('\n', stderr);
        /* Quiet hides the summary of a success, never a failure. */
        if (!quiet || r->status != WIPE_STATUS_COMPLETED)
                print_result(stdout, r);
        if ((cert || md) && write_certificates(r, cert, md, key, keycert) < 0)
                return EXIT_CANNOT_EVALUATE;
        if (k == -ECANCELED)
                cli_error("interrupted: the certificate records what was done");
        return k == 0 ? EXIT_MET : EXIT_NOT_MET;
}

const struct verb verb_wipe = {
        .name = "wipe",
        .args = "[OPTIONS...] TARGET...",
        .summary = "Erase a block device, files, free space or a LUKS volume (NIST SP 800-88 Clear/Purge), verify it, and certify it.",
        .options = wipe_options,
        .run = run_wipe,
};
