/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bulwark wipe: erase, verify, certify. The library does the work and reports
 * progress through a callback; this file asks for confirmation, prints
 * progress on a terminal, turns SIGINT, SIGTERM and SIGHUP into a clean
 * cancel, and writes the certificate.
 *
 * With --certificate, a "started" certificate replaces whatever is at the
 * path before the first byte is written, and the final one replaces it at
 * the end: a run killed outright leaves "started", never an older run's
 * "completed". Exit codes are in wipe_exit_codes below (and so in --help and
 * the man page).
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
        OPT_ORGANIZATION,
        OPT_CONTACT,
        OPT_DESTINATION,
        OPT_HTML,
        OPT_TPM_CLEAR,
        OPT_DRY_RUN,
        OPT_CA,
        OPT_QUIET,
};

static const struct cli_option wipe_options[] = {
        { "method", OPT_METHOD, "METHOD", "how to erase (default random): one of the methods listed under Methods below" },
        { "verify", OPT_VERIFY, "HOW", "full (default: read everything back), sample (800-88 sampling) or none" },
        { "recursive", 'r', NULL, "erase directory trees (never crossing a file system, never following links)" },
        { "free-space", OPT_FREE_SPACE, NULL, "TARGET is a directory: erase the free space of its file system" },
        { "yes", OPT_YES, NULL, "do not ask for confirmation (scripts)" },
        { "certificate", OPT_CERTIFICATE, "FILE", "write the certificate of sanitization (JSON) to FILE" },
        { "markdown", OPT_MARKDOWN, "FILE", "write the same certificate as Markdown to FILE" },
        { "sign-key", OPT_SIGN_KEY, "KEY", "sign the certificate with this PEM private key" },
        { "sign-cert", OPT_SIGN_CERT, "CERT", "the X.509 certificate of --sign-key (default: read from the key file)" },
        { "operator", OPT_OPERATOR, "NAME", "who performs the erase, for the certificate" },
        { "organization", OPT_ORGANIZATION, "NAME", "the operator's organization, for the certificate" },
        { "contact", OPT_CONTACT, "TEXT", "how to reach the operator (phone, e-mail), for the certificate" },
        { "destination", OPT_DESTINATION, "TEXT", "where the media goes next (internal reuse, external reuse, recycling, manufacturer, ...), for the certificate" },
        { "html", OPT_HTML, "FILE", "write the same certificate as HTML to FILE (print it to PDF: see bulwark-wipe(1))" },
        { "tpm-clear", OPT_TPM_CLEAR, NULL, "crypto: when a TPM-bound token is found, request a TPM clear (PPI) for the next boot" },
        { "dry-run", OPT_DRY_RUN, NULL, "check and describe the target, write nothing" },
        { "quiet", 'q', NULL, "no progress and no summary" },
        { NULL, 0, NULL, NULL },
};

static const struct cli_option verify_cert_options[] = {
        { "ca", OPT_CA, "FILE", "also require the signing certificate to chain to this CA (PEM)" },
        { NULL, 0, NULL, NULL },
};

static const char wipe_description[] =
        "Certificate lifecycle: with --certificate (and --markdown), a certificate with status started\n"
        "replaces whatever is at the path before the first byte is written (temporary file, fsync,\n"
        "rename, fsync of the directory); at the end the final one replaces it the same way, with\n"
        "status completed, interrupted (stopped by a signal it handles) or failed. A run that is\n"
        "killed, crashes or loses power leaves started, never an earlier run's completed. With\n"
        "--sign-key, both are signed; a key that cannot sign stops the run before anything is written.\n"
        "\n"
        "What is signed: the SHA-256 and the signature cover the whole certificate except the two values\n"
        "computed from it, integrity.sha256 and integrity.signature.value: every other field, including\n"
        "the hash and signature algorithms, the canonical form and the signer's certificate, is covered.\n"
        "The canonical form is the JSON with keys sorted by their UTF-8 bytes, no whitespace, and\n"
        "non-ASCII characters as upper-case \\uXXXX escapes (jansson\n"
        "JSON_SORT_KEYS|JSON_COMPACT|JSON_ENSURE_ASCII); docs/wipe.md writes it out in full.\n"
        "\n"
        "verify-cert says the status and exits 0 only for a certificate that is authentic (its hash\n"
        "matches; when signed, the signature is valid; with --ca, the signer chains to the CA) and whose\n"
        "status is completed.";

#define WIPE_DEFAULT_METHOD WIPE_METHOD_RANDOM

/* The Methods paragraph of --help and the man page, from the library's method table, then the description. */
static char *wipe_help_description(void)
{
        _cleanup_free_ char *methods = xstrdup("Methods (--method):");

        for (int m = 0; m < _WIPE_METHOD_MAX; m++) {
                char *s = xasprintf("%s\n  %-8s %s%s", methods, wipe_method_to_string((enum wipe_method) m),
                                    wipe_method_description((enum wipe_method) m), m == WIPE_DEFAULT_METHOD ? " (the default)" : "");
                free(methods);
                methods = s;
        }
        return xasprintf("%s\n\n%s", methods, wipe_description);
}

/* "zero, random, clear, discard or crypto", from the same table. */
static char *wipe_method_list(void)
{
        char *l = NULL;

        for (int m = 0; m < _WIPE_METHOD_MAX; m++) {
                const char *name = wipe_method_to_string((enum wipe_method) m);
                char *s = !l ? xstrdup(name) : xasprintf("%s%s%s", l, m + 1 == _WIPE_METHOD_MAX ? " or " : ", ", name);

                free(l);
                l = s;
        }
        return l;
}

static const struct cli_exit_code wipe_exit_codes[] = {
        { 0, "wipe: erased, and verified when asked (status completed). verify-cert: the certificate is authentic "
             "and its status is completed. verify: the device reads back as its certificate says." },
        { 1, "wipe: the erase or its verification failed or was interrupted (the certificate says failed or "
             "interrupted). verify-cert: the certificate is authentic, but its status is started, interrupted or "
             "failed, so it certifies no completed erase. verify: the device differs from its certificate." },
        { 2, "Usage error, or the target was refused (nothing was written)." },
        { 3, "Could not run: wipe could not write or sign the started certificate (nothing was written) or the "
             "final one (the file still says started); verify-cert and verify could not read the certificate." },
        { 4, "verify-cert and verify: the certificate is not authentic: not a certificate of this format, changed after it was "
             "written (hash), a signature that does not verify, a signer not trusted by --ca, or unsigned although "
             "--ca asks for a signature." },
        { -1, NULL },
};

static const struct cli_exit_code verify_cert_exit_codes[] = {
        { 0, "authentic (hash; signature when signed; trusted by --ca when given) and status completed" },
        { 1, "authentic, but the status is started, interrupted or failed: no completed erase is certified" },
        { 2, "usage error" },
        { 3, "the certificate file cannot be read" },
        { 4, "not authentic: not a certificate of this format, changed, a bad signature, an untrusted signer, "
             "or unsigned although --ca asks for a signature" },
        { -1, NULL },
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig) { (void) sig; interrupted = 1; }

struct progress_state {
        bool tty;
        bool started;
        struct timespec start; /* of the job: the first report */
        struct timespec last;
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

/*
 * One status line for the whole job, as dd status=progress and nwipe show
 * it: the phase, the share of all passes and the read-back done, bytes,
 * the rate since the start and the time left at that rate. Rate and ETA wait
 * for a second of history: a first sample says nothing ("0 B/s").
 */
static int on_progress(const struct wipe_progress *p, void *userdata)
{
        struct progress_state *ps = userdata;
        struct timespec now;
        double t;

        if (interrupted)
                return -1;
        if (!ps->tty)
                return 0;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (!ps->started) {
                ps->start = now;
                ps->started = true;
        }
        if (elapsed(&ps->last, &now) < 0.25 && p->job_done < p->job_total)
                return 0;
        ps->last = now;
        t = elapsed(&ps->start, &now);
        {
                double pct = p->job_total ? 100.0 * (double) p->job_done / (double) p->job_total : 100.0;
                char d[32], tot[32], rate_s[32], r[40] = "--", eta[32] = "--:--:--";

                human(p->job_done, d, sizeof(d));
                human(p->job_total, tot, sizeof(tot));
                if (t >= 1.0 && p->job_done > 0) {
                        double rate = (double) p->job_done / t;
                        long left = (long) ((double) (p->job_total - p->job_done) / rate + 0.5);

                        human((uint64_t) rate, rate_s, sizeof(rate_s));
                        snprintf(r, sizeof(r), "%s/s", rate_s);
                        snprintf(eta, sizeof(eta), "%ld:%02ld:%02ld", left / 3600, left / 60 % 60, left % 60);
                }
                fprintf(stderr, "\r%-7s %5.1f%%  %10s / %-10s  %12s  ETA %s  ", p->phase, pct, d, tot, r, eta);
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

struct run_state {
        struct progress_state ps; /* first: on_progress gets the same userdata */
        const char *json_path, *md_path, *html_path, *key, *keycert;
};

/* Builds, seals and writes the certificate of r to each path given, atomically (temp file, fsync, rename, fsync dir). */
static int write_certificates(const struct wipe_record *r, const struct run_state *rs)
{
        json_t *c = NULL;
        _cleanup_free_ char *js = NULL, *md = NULL, *html = NULL;
        int k;

        k = wipe_certificate_build(r, &c);
        if (k < 0)
                return k;
        k = wipe_certificate_seal(c, rs->key, rs->keycert);
        if (k < 0) {
                json_decref(c);
                cli_error("cannot sign the certificate with %s: %s", rs->key,
                          k == -EKEYREJECTED ? "the certificate does not match the key" : strerror(-k));
                return k;
        }
        k = wipe_certificate_render_json(c, &js);
        if (k >= 0 && rs->md_path)
                k = wipe_certificate_render_markdown(c, &md);
        if (k >= 0 && rs->html_path)
                k = wipe_certificate_render_html(c, &html);
        json_decref(c);
        if (k < 0)
                return k;
        if (rs->json_path && (k = cli_write_output(rs->json_path, js, strlen(js))) < 0)
                return k;
        if (rs->md_path && (k = cli_write_output(rs->md_path, md, strlen(md))) < 0)
                return k;
        if (rs->html_path && (k = cli_write_output(rs->html_path, html, strlen(html))) < 0)
                return k;
        return 0;
}

/* Before the first byte: the record that a SIGKILL, a crash or a power cut leaves behind. */
static int on_started(const struct wipe_record *r, void *userdata)
{
        struct run_state files = *(const struct run_state *) userdata;

        /* Standard output cannot be replaced at the end: it gets the final certificate only. */
        if (streq_ptr(files.json_path, "-"))
                files.json_path = NULL;
        if (streq_ptr(files.md_path, "-"))
                files.md_path = NULL;
        if (streq_ptr(files.html_path, "-"))
                files.html_path = NULL;
        if (!files.json_path && !files.md_path && !files.html_path)
                return 0;
        return write_certificates(r, &files);
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

/* A certificate is a regular file: a FIFO, a directory or a device cannot be read as one (exit 3, not a verdict). */
static int read_file_capped(const char *path, char **ret, size_t *ret_len)
{
        return read_regular_file(path, 64 << 20, ret, ret_len);
}

/* verify-cert: the certificate is not authentic (changed, forged, untrusted, unsigned where --ca asks, not one). */
#define EXIT_CERT_INVALID 4

static const char *status_meaning(const char *status)
{
        if (streq(status, "started"))
                return "the erase began and never wrote its final certificate: it was killed, crashed, lost power, or still runs";
        if (streq(status, "interrupted"))
                return "the erase was stopped by a signal before it finished";
        if (streq(status, "failed"))
                return "write, sync or verification errors, or a verification mismatch";
        return "not a status of a finished erase";
}

/* The options of the sub-verbs (the wipe itself parses its own). */
struct wipe_sub_args {
        const char *ca, *certificate;
        enum wipe_verify verify;
};

static int wipe_parse_option(const struct verb *cmd, int c, const char *arg, void *userdata)
{
        struct wipe_sub_args *a = userdata;

        switch (c) {
        case OPT_CA:
                a->ca = arg;
                return 0;
        case OPT_CERTIFICATE:
                a->certificate = arg;
                return 0;
        case OPT_VERIFY:
                if (wipe_verify_from_string(arg, &a->verify) < 0 || a->verify == WIPE_VERIFY_NONE)
                        return cli_usage_error(cmd, "--verify takes full or sample");
                return 0;
        }
        return cli_usage_error(cmd, "unhandled option %d", c);
}

static int run_verify_cert(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        const struct wipe_sub_args *a = userdata;
        _cleanup_free_ char *buf = NULL, *detail = NULL, *status = NULL;
        size_t len;
        int k;

        k = read_file_capped(argv[0], &buf, &len);
        if (k < 0) {
                cli_error("cannot read %s: %s", argv[0], strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        k = wipe_certificate_check(buf, len, a->ca, &status, &detail);
        if (k < 0) {
                printf("%s: INVALID: %s\n", argv[0], strna(detail));
                return EXIT_CERT_INVALID;
        }
        if (!streq(status, "completed")) {
                /* Authentic, and it says the erase did not finish: a record, not a certificate of erasure. */
                printf("%s: NOT COMPLETED: status %s (%s); %s\n", argv[0], status, status_meaning(status), strna(detail));
                return EXIT_NOT_MET;
        }
        printf("%s: valid: status completed; %s\n", argv[0], strna(detail));
        return EXIT_MET;
}

static const struct cli_option reverify_options[] = {
        { "certificate", OPT_CERTIFICATE, "FILE", "the certificate of the earlier erase (required)" },
        { "verify", OPT_VERIFY, "HOW", "full (default) or sample" },
        { NULL, 0, NULL, NULL },
};

static int run_reverify(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        const struct wipe_sub_args *a = userdata;
        _cleanup_free_ char *buf = NULL, *detail = NULL, *status = NULL;
        _cleanup_wipe_record_ struct wipe_record *cr = NULL, *r = NULL;
        struct progress_state ps = { .tty = isatty(STDERR_FILENO) };
        struct wipe_options o = { .verify = a->verify, .progress = on_progress, .userdata = &ps };
        const char *certfile = a->certificate;
        json_t *cert;
        size_t len;
        int k;

        if (!certfile)
                return cli_usage_error(cmd, "needs --certificate FILE, the certificate of the earlier erase");
        k = read_file_capped(certfile, &buf, &len);
        if (k < 0) {
                cli_error("cannot read %s: %s", certfile, strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        if (wipe_certificate_check(buf, len, NULL, &status, &detail) < 0) {
                cli_error("%s is not a valid certificate: %s", certfile, strna(detail));
                return EXIT_CERT_INVALID;
        }
        if (!streq(status, "completed"))
                cli_error("warning: %s says %s, not completed: %s", certfile, status, status_meaning(status));
        cert = json_loadb(buf, len, 0, NULL);
        k = cert ? wipe_certificate_to_record(cert, &cr) : -EBADMSG;
        json_decref(cert);
        if (k < 0) {
                cli_error("%s lacks what verification needs: %s", certfile, strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        signal(SIGINT, on_signal);
        k = wipe_reverify(cr, argv[0], &o, &r);
        if (ps.tty)
                fputc('\n', stderr);
        if (k < 0) {
                cli_error("cannot verify %s: %s", argv[0], k == -EOPNOTSUPP ? "only device and partition erases can be read back later" : strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        print_result(stdout, r);
        return streq_ptr(r->verify_result, "pass") ? EXIT_MET : EXIT_NOT_MET;
}

static int run_erase(int argc, char **argv)
{
        _cleanup_free_ struct option *lo = NULL;
        _cleanup_free_ char *so = NULL, *reason = NULL;
        _cleanup_wipe_plan_ struct wipe_plan *plan = NULL;
        struct wipe_record *r;
        _cleanup_strv_free_ char **targets = NULL;
        struct run_state rs = { 0 };
        struct wipe_options o = { .method = WIPE_DEFAULT_METHOD, .verify = WIPE_VERIFY_FULL, .progress = on_progress,
                                  .started = on_started, .userdata = &rs };
        bool yes = false, dry = false, quiet = false;
        struct sigaction sa = { .sa_handler = on_signal };
        int c, k;

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
                case 'h': {
                        _cleanup_free_ char *description = wipe_help_description();
                        struct verb v = verb_wipe;

                        v.description = description;
                        cli_print_verb_help(stdout, &v);
                        return EXIT_MET;
                }
                case OPT_METHOD:
                        if (wipe_method_from_string(optarg, &o.method) < 0) {
                                _cleanup_free_ char *names = wipe_method_list();
                                return cli_usage_error(&verb_wipe, "--method takes %s, not '%s'", names, optarg);
                        }
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
                        rs.json_path = optarg;
                        break;
                case OPT_MARKDOWN:
                        rs.md_path = optarg;
                        break;
                case OPT_HTML:
                        rs.html_path = optarg;
                        break;
                case OPT_SIGN_KEY:
                        rs.key = optarg;
                        break;
                case OPT_SIGN_CERT:
                        rs.keycert = optarg;
                        break;
                case OPT_OPERATOR:
                        o.operator_name = optarg;
                        break;
                case OPT_ORGANIZATION:
                        o.organization = optarg;
                        break;
                case OPT_CONTACT:
                        o.contact = optarg;
                        break;
                case OPT_DESTINATION:
                        o.destination = optarg;
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
                        return cli_bad_option(&verb_wipe, argv);
                }
        }
        if (!targets)
                return cli_usage_error(&verb_wipe, "name the target exactly: a device, files, or a directory with --free-space");
        if (rs.keycert && !rs.key)
                return cli_usage_error(&verb_wipe, "--sign-cert needs --sign-key");

        k = wipe_prepare(targets, &o, &plan, &reason);
        if (k < 0) {
                cli_error("refused: %s", reason ? reason : strerror(-k));
                return k == -EBUSY || k == -EINVAL || k == -ENOENT || k == -EROFS ? EXIT_USAGE : EXIT_CANNOT_EVALUATE;
        }
        r = plan->record;
        if (!quiet || dry)
                describe(stderr, r);
        if (dry) {
                fputs("Dry run: nothing was written.\n", stderr);
                return EXIT_MET;
        }
        if (!yes && !confirm(r))
                return EXIT_USAGE;

        /*
         * A dropped SSH session (SIGHUP) stops the erase like SIGINT and SIGTERM,
         * with a certificate; a reader gone from stdout (SIGPIPE) must not kill
         * the run before the certificate is written.
         */
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGHUP, &sa, NULL);
        signal(SIGPIPE, SIG_IGN);
        rs.ps.tty = !quiet && isatty(STDERR_FILENO);
        k = wipe_execute(plan, &o);
        if (r->status == WIPE_STATUS_PENDING) {
                /* The started certificate could not be written (or signed): the erase did not begin. */
                cli_error("nothing was written: the erase needs its started certificate first");
                return EXIT_CANNOT_EVALUATE;
        }
        if (rs.ps.tty)
                fputc('\n', stderr);
        /* Quiet hides the summary of a success, never a failure. */
        if (!quiet || r->status != WIPE_STATUS_COMPLETED)
                print_result(stdout, r);
        if ((rs.json_path || rs.md_path || rs.html_path) && write_certificates(r, &rs) < 0) {
                cli_error("the certificate at %s still says started: the final one could not be written",
                          rs.json_path ? rs.json_path : rs.md_path ? rs.md_path : rs.html_path);
                return EXIT_CANNOT_EVALUATE;
        }
        if (k == -ECANCELED)
                cli_error("interrupted: the certificate records what was done");
        return k == 0 ? EXIT_MET : EXIT_NOT_MET;
}

static const struct cli_subverb wipe_subverbs[] = {
        { .name = "verify-cert", .args = "CERTIFICATE.json", .min_args = 1, .max_args = 1, .options = verify_cert_options,
          .run = run_verify_cert, .exit_codes = verify_cert_exit_codes,
          .summary = "Check that a wipe certificate is authentic (hash, signature, trust) and says completed." },
        { .name = "verify", .args = "DEVICE", .min_args = 1, .max_args = 1, .options = reverify_options, .run = run_reverify,
          .summary = "Read a device back and check it still holds what its certificate says was written." },
        { NULL },
};

static int run_wipe(int argc, char **argv)
{
        struct wipe_sub_args a = { .verify = WIPE_VERIFY_FULL };

        return cli_dispatch(&verb_wipe, argc, argv, &a);
}

const struct verb verb_wipe = {
        .name = "wipe",
        .args = "[OPTIONS...] TARGET...",
        .summary = "Erase a block device, files, free space or a LUKS volume (NIST SP 800-88 Clear/Purge), verify it, and certify it.",
        .options = wipe_options,
        .run = run_wipe,
        .description = wipe_description,
        .exit_codes = wipe_exit_codes,
        .subverbs = wipe_subverbs,
        .parse_option = wipe_parse_option,
        .run_default = run_erase,
};
