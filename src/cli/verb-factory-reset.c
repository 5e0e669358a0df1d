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
        { "yes", OPT_YES, NULL, "request: do not ask for confirmation" },
        { NULL, 0, NULL, NULL },
};

/* Whether path is this host's "/" (also as "//" or "/."), so --root / is the default. */
static bool same_as_host_root(const char *path)
{
        struct stat a, b;

        return stat(path, &a) == 0 && stat("/", &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int run_factory_reset(int argc, char **argv)
{
        _cleanup_free_ struct option *lo = NULL;
        _cleanup_free_ char *so = NULL, *detail = NULL;
        struct factory_reset_config cfg = { 0 };
        _cleanup_(root_freep) struct root *r = NULL;
        const char *efivars = NULL, *marker_dir = NULL, *mode = NULL, *root = "/", *action = NULL;
        bool yes = false, pending = false, dashes = false;
        const char *operand;
        int c, k, code;

        cli_getopt_tables(fr_options, &lo, &so);
        optind = 0;
        /* Options may come before or after the action. */
        while ((c = cli_getopt_operands(argc, argv, so, lo, &dashes, &operand)) >= 0) {
                switch (c) {
                case CLI_OPERAND:
                        if (action)
                                return cli_usage_error(&verb_factory_reset, "give one of request, status, cancel");
                        action = operand;
                        break;
                case 'h':
                        cli_print_help(stdout, &verb_factory_reset);
                        return EXIT_MET;
                case OPT_EFIVARS:
                        efivars = optarg;
                        break;
                case OPT_MARKER_DIR:
                        marker_dir = optarg;
                        break;
                case OPT_MODE:
                        if (!streq(optarg, "efivar") && !streq(optarg, "file"))
                                return cli_usage_error(&verb_factory_reset, "--mode takes efivar or file, not '%s'", optarg);
                        mode = optarg;
                        break;
                case OPT_ROOT:
                        root = optarg;
                        break;
                case OPT_YES:
                        yes = true;
                        break;
                default:
                        return cli_bad_option(&verb_factory_reset, argv);
                }
        }
        if (!action)
                return cli_usage_error(&verb_factory_reset, "give one of request, status, cancel");
        if (!streq(action, "request") && !streq(action, "status") && !streq(action, "cancel"))
                return cli_usage_error(&verb_factory_reset, "unknown action '%s'", action);

        /* The configuration is the target's: read through the root, so an image's links stay inside the image. */
        k = root_open(root, streq(root, "/"), &r);
        if (k < 0) {
                cli_error("cannot open the root %s: %s", root, strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        k = factory_reset_config_load(r, &cfg);
        if (k < 0) {
                cli_error("cannot read the factory reset configuration: %s", strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        if (mode) {
                cfg.mode = streq(mode, "efivar") ? FACTORY_RESET_MODE_EFIVAR : FACTORY_RESET_MODE_FILE;
        } else if (cfg.mode == FACTORY_RESET_MODE_UNKNOWN && efivars) {
                cfg.mode = FACTORY_RESET_MODE_EFIVAR; /* --efivars alone says which */
        }
        /*
         * --root names another system's tree; its request belongs in that
         * system's firmware or var partition, not in this host's. Only an
         * explicit directory says where that is.
         */
        if (!same_as_host_root(root)) {
                if (cfg.mode == FACTORY_RESET_MODE_EFIVAR && !efivars) {
                        factory_reset_config_done(&cfg);
                        return cli_usage_error(&verb_factory_reset, "--root %s: give --efivars DIR; this host's %s is not the target's",
                                               root, FACTORY_RESET_EFIVARS_DIR);
                }
                if (cfg.mode == FACTORY_RESET_MODE_FILE && !marker_dir) {
                        factory_reset_config_done(&cfg);
                        return cli_usage_error(&verb_factory_reset,
                                               "--root %s: give --marker-dir DIR (where the target's var partition is mounted)", root);
                }
        }

        if (streq(action, "request")) {
                if (!yes) {
                        char line[64];

                        if (!isatty(STDIN_FILENO)) {
                                cli_error("refusing to request a factory reset without confirmation; add --yes");
                                factory_reset_config_done(&cfg);
                                return EXIT_USAGE;
                        }
                        fputs("At the next boot the device's data partitions are erased and re-created. Type 'reset' to confirm: ", stderr);
                        if (!fgets(line, sizeof(line), stdin) || !streq(line, "reset\n")) {
                                cli_error("not confirmed");
                                factory_reset_config_done(&cfg);
                                return EXIT_USAGE;
                        }
                }
                k = factory_reset_request(&cfg, efivars, marker_dir, &detail);
                code = k < 0 ? EXIT_CANNOT_EVALUATE : EXIT_MET;
        } else if (streq(action, "status")) {
                k = factory_reset_status(&cfg, efivars, marker_dir, &pending, &detail);
                code = k < 0 ? EXIT_CANNOT_EVALUATE : pending ? EXIT_MET : EXIT_NOT_MET;
        } else {
                k = factory_reset_cancel(&cfg, efivars, marker_dir, &detail);
                code = k < 0 ? EXIT_CANNOT_EVALUATE : EXIT_MET;
        }
        if (k < 0)
                cli_error("%s", detail ? detail : strerror(-k));
        else
                printf("%s (mode %s%s%s)\n", strna(detail), factory_reset_mode_to_string(cfg.mode),
                       cfg.source ? ", from " : "", strempty(cfg.source));
        factory_reset_config_done(&cfg);
        return code;
}

const struct verb verb_factory_reset = {
        .name = "factory-reset",
        .args = "[OPTIONS...] request|status|cancel",
        .summary = "Request, show or cancel an isar-cip-core factory reset for the next boot (EFI variable or marker file); "
                   "only the exact variable CIP writes counts, others are rewritten, symlinks refused, and --root never writes this host's.",
        .options = fr_options,
        .run = run_factory_reset,
};
