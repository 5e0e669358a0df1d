/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bulwark factory-reset request|status|cancel: the marker isar-cip-core's
 * initramfs hook acts on at the next boot. Exit codes: 0 done (status: a reset
 * is pending), 1 status: none pending, 2 usage, 3 could not.
 */
#include "cli.h"
#include "factory-reset.h"
#include "macro.h"

enum {
        OPT_EFIVARS = 256,
        OPT_MARKER_DIR,
        OPT_MODE,
        OPT_ROOT,
        OPT_YES,
};

static const struct cli_option fr_options[] = {
        { "mode", OPT_MODE, "MODE", "efivar or file (default: what the installed CIP factory-reset-helper uses)" },
        { "efivars", OPT_EFIVARS, "DIR", "efivarfs directory (default " FACTORY_RESET_EFIVARS_DIR ")" },
        { "marker-dir", OPT_MARKER_DIR, "DIR", "file mode: where the var partition is mounted (default: found from mountinfo)" },
        { "root", OPT_ROOT, "DIR", "read the CIP configuration from this root tree (default /)" },
        { "yes", OPT_YES, NULL, "request: do not ask for confirmation" },
        { NULL, 0, NULL, NULL },
};

static int run_factory_reset(int argc, char **argv)
{
        _cleanup_free_ struct option *lo = NULL;
        _cleanup_free_ char *so = NULL, *detail = NULL;
        struct factory_reset_config cfg = { 0 };
        const char *efivars = NULL, *marker_dir = NULL, *mode = NULL, *root = "/", *action = NULL;
        bool yes = false, pending = false;
        int c, k, code;

        cli_getopt_tables(fr_options, &lo, &so);
        optind = 0;
        /* Options may come before or after the action. */
        for (;;) {
                c = getopt_long(argc, argv, so, lo, NULL);
                if (c < 0) {
                        if (optind >= argc)
                                break;
                        if (action)
                                return cli_usage_error(&verb_factory_reset, "give one of request, status, cancel");
                        action = argv[optind++];
                        continue;
                }
                switch (c) {
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

        k = factory_reset_config_load(root, &cfg);
        if (k < 0) {
                cli_error("cannot read the factory reset configuration: %s", strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        if (mode) {
                cfg.mode = streq(mode, "efivar") ? FACTORY_RESET_MODE_EFIVAR : FACTORY_RESET_MODE_FILE;
        } else if (cfg.mode == FACTORY_RESET_MODE_UNKNOWN && efivars) {
                cfg.mode = FACTORY_RESET_MODE_EFIVAR; /* --efivars alone says which */
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
        .summary = "Request, show or cancel an isar-cip-core factory reset (EFI variable or marker file) for the next boot.",
        .options = fr_options,
        .run = run_factory_reset,
};
