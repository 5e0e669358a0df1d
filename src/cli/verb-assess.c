/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <bulwark/bulwark.h>
#include <assert.h>
#include <libgen.h>
#include <limits.h>

#include <fcntl.h>
#include <sys/stat.h>

#include "cli.h"
#include "confine.h"
#include "crypto-policy.h"
#include "fdio.h"
#include "macro.h"
#include "strv.h"

enum {
        OPT_ROOT = 256,
        OPT_SL,
        OPT_ROLE,
        OPT_POLICY,
        OPT_FORMAT,
        OPT_OUTPUT,
        OPT_LUKS_IMAGE,
        OPT_NO_PROBE,
        OPT_EVIDENCE_DIR,
        OPT_SIGN_KEY,
        OPT_JUNIT_MANUAL,
        OPT_IMAGE,
        OPT_PARTITION,
};

static const char *format_help(void);

static const struct cli_option assess_options[] = {
        { "root", OPT_ROOT, "DIR", "assess the root tree of an image offline (default: this machine, live)" },
        { "image", OPT_IMAGE, "FILE", "assess a raw disk image (.wic, .img: GPT, or a bare ext4 file system) offline, as an ordinary user, mounting nothing" },
        { "partition", OPT_PARTITION, "NAME", "with --image: the root partition, by GPT name or number (default: found by type, name or os-release)" },
        { "sl", OPT_SL, "1..4", "security level to assess against (default 2)" },
        { "role", OPT_ROLE, "ROLE", "embedded, host or network (default embedded); network brings NDR 5.x into scope" },
        { "policy", OPT_POLICY, "POLICY", "crypto policy: nist (default), bsi, or a policy file" },
        { "format", OPT_FORMAT, "FORMAT", NULL, format_help },
        { "output", 'o', "FILE", "write the report to FILE atomically instead of standard output" },
        { "luks-image", OPT_LUKS_IMAGE, "FILE", "also inspect the LUKS header of FILE (repeatable)" },
        { "no-probe", OPT_NO_PROBE, NULL, "live: do not connect to listening sockets over loopback" },
        { "evidence-dir", OPT_EVIDENCE_DIR, "DIR", "also write an evidence bundle (report, evidence files but never secret ones, index, SHA-256 manifest) into DIR" },
        { "sign-key", OPT_SIGN_KEY, "KEY", "sign the evidence bundle's manifest with this PEM private key" },
        { "verbose", 'v', NULL, "text: every piece of evidence of every check (default: the first three of each check not met)" },
        { "quiet", 'q', NULL, "text: only the checks that fail or end in error, with their actions, and the summary line" },
        { "junit-manual", OPT_JUNIT_MANUAL, "AS", "junit: a manual check is 'skipped' (default) or a 'failure'" },
        { NULL, 0, NULL, NULL },
};

/*
 * "text, json, ... or summary": the formats of the library's writer table,
 * with their notes ("oscal (assessment results)") when notes is true. The
 * text is built once; the table is constant.
 */
static const char *format_list(bool notes)
{
        static char buf[2][512];
        char *b = buf[notes];
        size_t n = 0, count = 0;
        const char *note;

        if (b[0])
                return b;
        while (bw_report_format(count, NULL))
                count++;
        for (size_t i = 0; i < count; i++) {
                const char *name = bw_report_format(i, &note);
                int k = snprintf(b + n, sizeof(buf[0]) - n, "%s%s%s%s%s%s",
                                 i == 0 ? "" : i + 1 == count ? " or " : ", ", name,
                                 notes && i == 0 ? " (default)" : "",
                                 notes && note ? " (" : "", notes && note ? note : "", notes && note ? ")" : "");

                assert(k >= 0 && (size_t) k < sizeof(buf[0]) - n);
                n += (size_t) k;
        }
        return b;
}

static const char *format_help(void)
{
        return format_list(true);
}

static bool format_valid(const char *s)
{
        const char *name;

        for (size_t i = 0; (name = bw_report_format(i, NULL)); i++)
                if (streq(name, s))
                        return true;
        return false;
}

static int parse_sl(const char *s, unsigned *ret)
{
        if (s[0] >= '1' && s[0] <= '4' && s[1] == 0) {
                *ret = (unsigned) (s[0] - '0');
                return 0;
        }
        return -EINVAL;
}

/*
 * What makes a directory an OS root tree: an os-release, or a package
 * database (dpkg, rpm, apk, opkg). Looked at without following links: an
 * image's etc/os-release is often a link, and an absolute one would point
 * into this machine.
 */
static const char *const os_tree_markers[] = {
        "etc/os-release", "usr/lib/os-release",
        "var/lib/dpkg/status", "var/lib/rpm", "usr/lib/sysimage/rpm", "lib/apk/db/installed",
        "var/lib/opkg/status", "usr/lib/opkg/status",
};

/* 1: an OS tree, 0: a directory that is not one, -errno: cannot open it as a directory. */
static int is_os_tree(const char *root)
{
        _cleanup_close_ int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        struct stat st;

        if (fd < 0)
                return negative_errno();
        for (size_t i = 0; i < ARRAY_SIZE(os_tree_markers); i++)
                if (fstatat(fd, os_tree_markers[i], &st, AT_SYMLINK_NOFOLLOW) == 0)
                        return 1;
        return 0;
}

/*
 * Confines this process before it reads anything of the target (bw_assess
 * calls it back once it knows the socket owners): read-only file system
 * except the directories of the given output paths (NULL entries are
 * skipped), no new privileges, only the capabilities assessing needs. The
 * note for the report goes to ret_note (at least 128 bytes).
 */
static int confine_assess(const char *const *outputs, size_t n_outputs, char *ret_note)
{
        _cleanup_strv_free_ char **dirs = NULL;
        struct confine_options co = { .keep_caps = confine_assess_caps, .n_keep_caps = confine_assess_n_caps };
        struct confine_result r;
        int k;

        for (size_t i = 0; i < n_outputs; i++) {
                _cleanup_free_ char *copy = NULL;

                if (!outputs[i] || streq(outputs[i], "-"))
                        continue;
                copy = xstrdup(outputs[i]);
                strv_push(&dirs, dirname(copy));
        }
        co.write_dirs = (const char *const *) dirs;
        k = confine_self(&co, &r);
        if (k < 0)
                return k;
        snprintf(ret_note, 128, "%s", r.note);
        return 0;
}

struct confine_args {
        const char *const *outputs;
        size_t n_outputs;
        char *note;
        int result;     /* of confine_assess(), once called */
};

static int confine_callback(void *userdata)
{
        struct confine_args *a = userdata;

        a->result = confine_assess(a->outputs, a->n_outputs, a->note);
        return a->result;
}

static int run_assess(int argc, char **argv)
{
        _cleanup_free_ struct option *lo = NULL;
        _cleanup_free_ char *so = NULL, *buf = NULL;
        _cleanup_strv_free_ char **luks = NULL;
        struct bw_assess_options o = { .sl = 2, .role = "embedded", .crypto_policy = "nist" };
        const char *format = "text", *output = NULL, *evidence_dir = NULL, *sign_key = NULL;
        struct bw_render_options ro = {};
        bw_report *rep = NULL;
        size_t len = 0;
        char note[128];
        int c, k, code;

        cli_getopt_tables(assess_options, &lo, &so);
        optind = 0;
        while ((c = getopt_long(argc, argv, so, lo, NULL)) >= 0) {
                switch (c) {
                case 'h':
                        cli_print_help(stdout, &verb_assess);
                        return EXIT_MET;
                case OPT_ROOT:
                        o.root = optarg;
                        break;
                case OPT_IMAGE:
                        o.image = optarg;
                        break;
                case OPT_PARTITION:
                        o.image_partition = optarg;
                        break;
                case OPT_SL:
                        if (parse_sl(optarg, &o.sl) < 0)
                                return cli_usage_error(&verb_assess, "--sl takes 1, 2, 3 or 4, not '%s'", optarg);
                        break;
                case OPT_ROLE:
                        if (!streq(optarg, "embedded") && !streq(optarg, "host") && !streq(optarg, "network"))
                                return cli_usage_error(&verb_assess, "--role takes embedded, host or network, not '%s'", optarg);
                        o.role = optarg;
                        break;
                case OPT_POLICY:
                        o.crypto_policy = optarg;
                        break;
                case OPT_FORMAT:
                        if (!format_valid(optarg))
                                return cli_usage_error(&verb_assess, "--format takes %s, not '%s'", format_list(false), optarg);
                        format = optarg;
                        break;
                case 'o':
                        output = optarg;
                        break;
                case OPT_LUKS_IMAGE:
                        strv_push(&luks, optarg);
                        break;
                case OPT_NO_PROBE:
                        o.no_probe = true;
                        break;
                case OPT_EVIDENCE_DIR:
                        evidence_dir = optarg;
                        break;
                case OPT_SIGN_KEY:
                        sign_key = optarg;
                        break;
                case 'v':
                        ro.verbosity = 1;
                        break;
                case 'q':
                        ro.verbosity = -1;
                        break;
                case OPT_JUNIT_MANUAL:
                        if (!streq(optarg, "skipped") && !streq(optarg, "failure"))
                                return cli_usage_error(&verb_assess, "--junit-manual takes skipped or failure, not '%s'", optarg);
                        ro.junit_manual_failure = streq(optarg, "failure");
                        break;
                default:
                        return cli_bad_option(&verb_assess, argv);
                }
        }
        if (optind < argc)
                return cli_usage_error(&verb_assess, "unexpected argument '%s'", argv[optind]);
        if (o.image && o.root)
                return cli_usage_error(&verb_assess, "--image and --root name two targets: give one");
        if (o.image_partition && !o.image)
                return cli_usage_error(&verb_assess, "--partition picks the root partition of --image: give --image too");
        if (sign_key && !evidence_dir)
                return cli_usage_error(&verb_assess, "--sign-key signs an evidence bundle: give --evidence-dir too");
        o.luks_images = (const char *const *) luks;

        /* Wrong input is an error before anything runs, not a report of an empty device. */
        if (o.root) {
                k = is_os_tree(o.root);
                if (k < 0)
                        return cli_usage_error(&verb_assess, "--root %s: %s", o.root, strerror(-k));
                if (k == 0)
                        return cli_usage_error(&verb_assess, "--root %s is not an OS root tree: it has no etc/os-release, "
                                               "usr/lib/os-release or package database (var/lib/dpkg/status, rpm, apk, opkg)", o.root);
        }
        {
                _cleanup_(crypto_policy_freep) struct crypto_policy *cp = NULL;
                _cleanup_free_ char *perr = NULL;

                k = crypto_policy_load(o.crypto_policy, &cp, &perr);
                if (k < 0)
                        /* The loader's message names the file and, when it is not there, the built-in names. */
                        return perr ? cli_usage_error(&verb_assess, "--policy %s", perr)
                                    : cli_usage_error(&verb_assess, "--policy %s: %s", o.crypto_policy, strerror(-k));
        }

        /*
         * The report's directory, and the evidence bundle's parent (the bundle
         * directory may not exist yet). Confined from inside bw_assess, once
         * live socket owners are known: a Landlock domain may not look into
         * other processes' file descriptors.
         */
        struct confine_args ca = { (const char *const[]){ output, evidence_dir }, 2, note, 0 };
        note[0] = 0;
        o.confine = confine_callback;
        o.confine_userdata = &ca;
        o.notes = (const char *const[]){ note, NULL };

        _cleanup_free_ char *why = NULL;
        o.error = &why;
        k = bw_assess(&o, &rep);
        if (k < 0 && why) {
                cli_error("cannot assess the image: %s", why);
                return EXIT_CANNOT_EVALUATE;
        }
        if (k < 0 && ca.result < 0) {
                cli_error("cannot confine the assessment: %s", strerror(-ca.result));
                return EXIT_CANNOT_EVALUATE;
        }
        if (k < 0) {
                if (k == -EINVAL && o.crypto_policy)
                        cli_error("cannot assess: %s (is the crypto policy '%s' valid?)", strerror(-k), o.crypto_policy);
                else
                        cli_error("cannot assess %s: %s", o.root ? o.root : "this machine", strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        code = bw_report_exit_code(rep);
        if (evidence_dir) {
                k = bw_evidence_write(rep, evidence_dir, sign_key);
                if (k < 0) {
                        bw_report_free(rep);
                        if (k == -ENOTEMPTY)
                                cli_error("cannot write the evidence bundle: %s is not empty", evidence_dir);
                        else if (k == -EINVAL && sign_key)
                                cli_error("cannot sign the evidence bundle: %s is not a PEM private key", sign_key);
                        else
                                cli_error("cannot write the evidence bundle into %s: %s", evidence_dir, strerror(-k));
                        return EXIT_CANNOT_EVALUATE;
                }
        }
        ro.color = !output && cli_use_color(stdout);
        ro.width = output ? 0 : cli_terminal_width(stdout);
        k = bw_report_render_with(rep, format, &ro, &buf, &len);
        bw_report_free(rep);
        if (k < 0) {
                cli_error("cannot write the %s report: %s", format, strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        if (cli_write_output(output, buf, len) < 0)
                return EXIT_CANNOT_EVALUATE;
        return code;
}

const struct verb verb_assess = {
        .name = "assess",
        .args = "[OPTIONS...]",
        .summary = "Decide per IEC 62443-4-2 FR 4/FR 5 requirement: pass, fail, na, manual or error, with evidence and the action that fixes it.",
        .options = assess_options,
        .run = run_assess,
};
