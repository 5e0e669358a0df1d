/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bulwark factory-reset request|status|cancel: the marker isar-cip-core's
 * initramfs hook acts on at the next boot. Exit codes: 0 done (status: a reset
 * is pending), 1 status: none pending, 2 usage, 3 could not (status: a marker
 * that is no valid request; request/status: a symlink where the marker is).
 */
#include <sys/stat.h>

#include "cli.h"
#include "factory-reset.h"
#include "macro.h"
#include "rootfs.h"

enum {
        OPT_EFIVARS = 256,
        OPT_MARKER_DIR,
        OPT_MODE,
        OPT_ROOT,
        OPT_YES,
};

static const struct cli_option fr_options[] = {
        { "mode", OPT_MODE, "MODE", "efivar or file (default: what the installed CIP factory-reset-helper uses). efivar: the request is "
                                    "attributes 7 (NON_VOLATILE|BOOTSERVICE_ACCESS|RUNTIME_ACCESS) and \"FactoryReset\\n\"; status exits 3 "
                                    "for a variable that is volatile, empty, holds other bytes or is a symlink, and request rewrites "
                                    "it (clearing the immutable flag) or refuses the symlink" },
        { "efivars", OPT_EFIVARS, "DIR", "efivarfs directory (default " FACTORY_RESET_EFIVARS_DIR "; required with --root)" },
        { "marker-dir", OPT_MARKER_DIR, "DIR", "file mode: where the var partition is mounted (default: found from mountinfo; required with --root)" },
        { "root", OPT_ROOT, "DIR", "read the CIP configuration from this root tree (default /); the marker is then never "
                                   "written to this host's efivars or var partition unless --efivars or --marker-dir names them" },
        { NULL, 0, NULL, NULL },
};

static const struct cli_option request_options[] = {
        { "yes", OPT_YES, NULL, "do not ask for confirmation" },
        { NULL, 0, NULL, NULL },
};

struct fr_args {
        const char *efivars, *marker_dir, *mode, *root;
        bool yes;
};

static int fr_parse_option(const struct verb *cmd, int c, const char *arg, void *userdata)
{
        struct fr_args *a = userdata;

        switch (c) {
        case OPT_EFIVARS:
                a->efivars = arg;
                return 0;
        case OPT_MARKER_DIR:
                a->marker_dir = arg;
                return 0;
        case OPT_MODE:
                if (!streq(arg, "efivar") && !streq(arg, "file"))
                        return cli_usage_error(cmd, "--mode takes efivar or file, not '%s'", arg);
                a->mode = arg;
                return 0;
        case OPT_ROOT:
                a->root = arg;
                return 0;
        case OPT_YES:
                a->yes = true;
                return 0;
        }
        return cli_usage_error(cmd, "unhandled option %d", c);
}

/* Whether path is this host's "/" (also as "//" or "/."), so --root / is the default. */
static bool same_as_host_root(const char *path)
{
        struct stat a, b;

        return stat(path, &a) == 0 && stat("/", &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/*
 * What every sub-verb does first: the configuration read from the root,
 * the mode it gives (or --mode), and where the marker goes. Returns 0, or
 * the exit code to stop with; cfg is the caller's to clear either way.
 */
static int fr_prepare(const struct verb *cmd, const struct fr_args *a, struct factory_reset_config *cfg)
{
        _cleanup_(root_freep) struct root *r = NULL;
        int k;

        /* The configuration is the target's: read through the root, so an image's links stay inside the image. */
        k = root_open(a->root, streq(a->root, "/"), &r);
        if (k < 0) {
                cli_error("cannot open the root %s: %s", a->root, strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        k = factory_reset_config_load(r, cfg);
        if (k < 0) {
                cli_error("cannot read the factory reset configuration: %s", strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        if (a->mode) {
                cfg->mode = streq(a->mode, "efivar") ? FACTORY_RESET_MODE_EFIVAR : FACTORY_RESET_MODE_FILE;
        } else if (cfg->mode == FACTORY_RESET_MODE_UNKNOWN && a->efivars) {
                cfg->mode = FACTORY_RESET_MODE_EFIVAR; /* --efivars alone says which */
        }
        /*
         * --root names another system's tree; its request belongs in that
         * system's firmware or var partition, not in this host's. Only an
         * explicit directory says where that is.
         */
        if (!same_as_host_root(a->root)) {
                if (cfg->mode == FACTORY_RESET_MODE_EFIVAR && !a->efivars)
                        return cli_usage_error(cmd, "--root %s: give --efivars DIR; this host's %s is not the target's",
                                               a->root, FACTORY_RESET_EFIVARS_DIR);
                if (cfg->mode == FACTORY_RESET_MODE_FILE && !a->marker_dir)
                        return cli_usage_error(cmd,
                                               "--root %s: give --marker-dir DIR (where the target's var partition is mounted)", a->root);
        }

        return 0;
}

/* The line each sub-verb prints and its exit code. */
static int fr_report(const struct factory_reset_config *cfg, int k, const char *detail, int code)
{
        if (k < 0)
                cli_error("%s", detail ? detail : strerror(-k));
        else
                printf("%s (mode %s%s%s)\n", strna(detail), factory_reset_mode_to_string(cfg->mode),
                       cfg->source ? ", from " : "", strempty(cfg->source));
        return code;
}

static int fr_request(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        const struct fr_args *a = userdata;
        _cleanup_(factory_reset_config_done) struct factory_reset_config cfg = { 0 };
        _cleanup_free_ char *detail = NULL;
        int k;

        if ((k = fr_prepare(cmd, a, &cfg)) != 0)
                return k;
        if (!a->yes) {
                char line[64];

                if (!isatty(STDIN_FILENO)) {
                        cli_error("refusing to request a factory reset without confirmation; add --yes");
                        return EXIT_USAGE;
                }
                fputs("At the next boot the device's data partitions are erased and re-created. Type 'reset' to confirm: ", stderr);
                if (!fgets(line, sizeof(line), stdin) || !streq(line, "reset\n")) {
                        cli_error("not confirmed");
                        return EXIT_USAGE;
                }
        }
        k = factory_reset_request(&cfg, a->efivars, a->marker_dir, &detail);
        return fr_report(&cfg, k, detail, k < 0 ? EXIT_CANNOT_EVALUATE : EXIT_MET);
}

static int fr_status(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        const struct fr_args *a = userdata;
        _cleanup_(factory_reset_config_done) struct factory_reset_config cfg = { 0 };
        _cleanup_free_ char *detail = NULL;
        bool pending = false;
        int k;

        if ((k = fr_prepare(cmd, a, &cfg)) != 0)
                return k;
        k = factory_reset_status(&cfg, a->efivars, a->marker_dir, &pending, &detail);
        return fr_report(&cfg, k, detail, k < 0 ? EXIT_CANNOT_EVALUATE : pending ? EXIT_MET : EXIT_NOT_MET);
}

static int fr_cancel(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        const struct fr_args *a = userdata;
        _cleanup_(factory_reset_config_done) struct factory_reset_config cfg = { 0 };
        _cleanup_free_ char *detail = NULL;
        int k;

        if ((k = fr_prepare(cmd, a, &cfg)) != 0)
                return k;
        k = factory_reset_cancel(&cfg, a->efivars, a->marker_dir, &detail);
        return fr_report(&cfg, k, detail, k < 0 ? EXIT_CANNOT_EVALUATE : EXIT_MET);
}

static const struct cli_subverb fr_subverbs[] = {
        { .name = "request", .options = request_options, .run = fr_request,
          .summary = "Ask for a factory reset at the next boot (asks to type 'reset' unless --yes); exit 0 when requested." },
        { .name = "status", .run = fr_status,
          .summary = "Say whether a reset is requested: exit 0 pending, 1 none, 3 a marker that is no valid request." },
        { .name = "cancel", .run = fr_cancel,
          .summary = "Withdraw a pending request (removes the variable or the marker file)." },
        { NULL },
};

static int run_factory_reset(int argc, char **argv)
{
        struct fr_args a = { .root = "/" };

        return cli_dispatch(&verb_factory_reset, argc, argv, &a);
}

const struct verb verb_factory_reset = {
        .name = "factory-reset",
        .summary = "Request, show or cancel an isar-cip-core factory reset for the next boot (EFI variable or marker file); "
                   "only the exact variable CIP writes counts, others are rewritten, symlinks refused, and --root never writes this host's.",
        .options = fr_options,
        .run = run_factory_reset,
        .subverbs = fr_subverbs,
        .parse_option = fr_parse_option,
};
