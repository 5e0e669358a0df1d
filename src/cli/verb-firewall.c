/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bulwark firewall: zones and conduits compiled to nftables, applied safely, verified by packets. */
#include <jansson.h>

#include <fcntl.h>
#include <signal.h>
#include <time.h>

#include "apply.h"
#include "fdio.h"
#include "cli.h"
#include "compile.h"
#include "macro.h"
#include "time-util.h"
#include "parse-util.h"
#include "strv.h"
#include "policy.h"
#include "units.h"
#include "verify.h"

enum {
        OPT_POLICY = 'p',
        OPT_DROPIN = 256,
        OPT_STATE_DIR,
        OPT_CONFIRM,
        OPT_ISLAND,
        OPT_ROOT,
        OPT_UNIT_DIR,
        OPT_FORMAT,
        OPT_SAVE,
        OPT_SEED,
        OPT_NO_ENABLE,
        OPT_BINARY,
        OPT_RULESET,
        OPT_ROLLBACK_TO,
};

/* Where the policy and the state are: every sub-verb takes these, so a script can pass them to all. */
static const struct cli_option firewall_options[] = {
        { "policy", OPT_POLICY, "FILE", "policy file (default " FW_DEFAULT_POLICY ")" },
        { "policy-dir", OPT_DROPIN, "DIR", "drop-in directory (default " FW_DEFAULT_DROPIN "; NAME.d beside a given --policy NAME.conf)" },
        { "state-dir", OPT_STATE_DIR, "DIR", "saved rulesets and confirm state (default " FW_DEFAULT_STATE_DIR ")" },
        { NULL, 0, NULL, NULL },
};

#define OPTION_ISLAND { "island", OPT_ISLAND, NULL, "island mode (only IslandSafe= conduits)" }
#define OPTION_CONFIRM { "confirm", OPT_CONFIRM, "SECONDS", "roll back unless 'bulwark firewall confirm' follows within SECONDS" }
#define OPTION_ROLLBACK_TO { "rollback-to", OPT_ROLLBACK_TO, "lockdown|previous", \
                             "with --confirm: what an unconfirmed change goes back to when the ruleset before it was open (default lockdown)" }
#define OPTION_FORMAT { "format", OPT_FORMAT, "text|json", "output format" }

static const struct cli_option compile_options[] = {
        OPTION_ISLAND,
        { NULL, 0, NULL, NULL },
};

static const struct cli_option apply_options[] = {
        OPTION_CONFIRM,
        OPTION_ROLLBACK_TO,
        { NULL, 0, NULL, NULL },
};

static const struct cli_option status_options[] = {
        OPTION_FORMAT,
        { NULL, 0, NULL, NULL },
};

static const struct cli_option install_units_options[] = {
        { "root", OPT_ROOT, "DIR", "install below DIR instead of /" },
        { "unit-dir", OPT_UNIT_DIR, "DIR", "unit directory (default ROOT/etc/systemd/system)" },
        { "no-enable", OPT_NO_ENABLE, NULL, "write units and drop-ins, create no enable links" },
        { "binary", OPT_BINARY, "PATH", "path of bulwark in the units (default /usr/bin/bulwark)" },
        { NULL, 0, NULL, NULL },
};

static const struct cli_option verify_options[] = {
        OPTION_ISLAND,
        OPTION_FORMAT,
        { "save", OPT_SAVE, NULL, "store the result as STATE/verify.json for 'bulwark assess'" },
        { "ruleset", OPT_RULESET, "FILE", "load this nft ruleset instead of the compiled policy, and check it against the policy" },
        { "seed", OPT_SEED, "N", "seed of the random closed-port sample (default: from the policy)" },
        { NULL, 0, NULL, NULL },
};

struct fw_args {
        const char *policy;
        const char *dropin;
        const char *state_dir;
        unsigned confirm;
        bool island;
        const char *root;
        const char *unit_dir;
        bool json;
        bool save;
        bool no_enable;
        const char *binary;
        bool have_seed;
        unsigned seed;
        const char *ruleset;
        enum fw_rollback_to rollback_to;
};

static void apply_warn(enum fw_apply_warning w, void *userdata)
{
        const struct fw_args *a = userdata;

        if (w == FW_WARN_ROLLBACK_LOCKDOWN)
                cli_error("warning: the running ruleset does not close IPv4 and IPv6 input (an open device). If this change is not "
                          "confirmed within %u s, the rollback loads the lockdown ruleset (loopback only), not the open ruleset: "
                          "over SSH that locks you out until the console. To restore exactly the current ruleset instead, "
                          "apply with --rollback-to previous.",
                          a->confirm);
        else
                cli_error("note: the running ruleset is open; if this change is not confirmed within %u s it is restored as it is "
                          "(--rollback-to previous), open.",
                          a->confirm);
}

/* Whether the effective capability set holds CAP_NET_ADMIN (in this process's user namespace). */
static bool have_cap_net_admin(void)
{
        _cleanup_close_ int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
        _cleanup_free_ char *t = NULL;
        const char *p;

        if (fd < 0 || read_full_fd(fd, 64 * 1024, &t, NULL) < 0 || !(p = strstr(t, "\nCapEff:")))
                return false;
        return (strtoull(p + strlen("\nCapEff:"), NULL, 16) >> 12) & 1; /* CAP_NET_ADMIN is 12 */
}

/* -EPERM from the firewall library: exit 3, naming what is missing. */
static int permission_error(const char *what)
{
        if (have_cap_net_admin())
                cli_error("%s: permission denied by the kernel: this process has CAP_NET_ADMIN, but only in a user namespace "
                          "that does not own this network namespace (unshare -U, a rootless container); nftables needs "
                          "CAP_NET_ADMIN over the network namespace itself: run as root there", what);
        else
                cli_error("%s: permission denied: changing or reading the nftables ruleset needs CAP_NET_ADMIN, which this "
                          "process does not have (uid %u); run as root", what, (unsigned) geteuid());
        return EXIT_CANNOT_EVALUATE;
}

static int load_policy(const struct fw_args *a, struct fw_policy **ret)
{
        _cleanup_free_ char *dropin = NULL;
        struct fw_diags d = {};
        _cleanup_free_ char *text = NULL;
        int k;

        if (a->dropin)
                dropin = xstrdup(a->dropin);
        else if (a->policy) {
                /* policy.conf pairs with policy.d beside it, as /etc/bulwark does. */
                size_t n = strlen(a->policy);
                if (endswith(a->policy, ".conf"))
                        n -= strlen(".conf");
                dropin = xasprintf("%.*s.d", (int) n, a->policy);
        }
        else
                dropin = xstrdup(FW_DEFAULT_DROPIN);
        k = fw_policy_load(a->policy ? a->policy : FW_DEFAULT_POLICY, dropin, ret, &d);
        if (k < 0) {
                text = fw_diags_format(&d);
                fputs(text, stderr);
                fw_diags_clear(&d);
                return k;
        }
        fw_diags_clear(&d);
        return 0;
}

static int compile_policy(const struct fw_args *a, bool island, char **ret)
{
        _cleanup_(fw_policy_freep) struct fw_policy *p = NULL;
        struct fw_compile_options co = { .island = island };
        int k;

        k = load_policy(a, &p);
        if (k < 0)
                return k;
        k = fw_compile(p, &co, ret);
        if (k < 0)
                cli_error("compiling the policy failed: %s", strerror(-k));
        return k;
}

static const char *state_dir(const struct fw_args *a)
{
        return a->state_dir ? a->state_dir : FW_DEFAULT_STATE_DIR;
}

/*
 * The sub-verbs that take a policy take it as --policy FILE or as their
 * operand, as `firewall-offline-cmd` and `nft -f` users expect: *b is a with
 * the operand's policy in it. Both at once is a usage error.
 */
static int policy_operand(const struct verb *cmd, const struct fw_args *a, int argc, char **argv, struct fw_args *b)
{
        *b = *a;
        if (argc < 1)
                return 0;
        if (a->policy)
                return cli_usage_error(cmd, "give the policy as --policy FILE or as POLICY, not both");
        b->policy = argv[0];
        return 0;
}

static int do_compile(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        struct fw_args b, *a = &b;
        _cleanup_free_ char *out = NULL;
        int k;

        if ((k = policy_operand(cmd, userdata, argc, argv, &b)) != 0)
                return k;
        if (compile_policy(a, a->island, &out) < 0)
                return EXIT_NOT_MET;
        fputs(out, stdout);
        return EXIT_MET;
}

static int do_check(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        struct fw_args b, *a = &b;
        _cleanup_free_ char *out = NULL, *tx = NULL, *err = NULL;
        int k;

        if ((k = policy_operand(cmd, userdata, argc, argv, &b)) != 0)
                return k;

        if (compile_policy(a, a->island, &out) < 0)
                return EXIT_NOT_MET;
        tx = fw_apply_transaction(out);
        if (fw_nft_permission() < 0) {
                /* The kernel checks a dry run too, and it wants CAP_NET_ADMIN over a network namespace: one of our own. */
                k = fw_nft_check_userns(tx, &err);
                if (k == -EINVAL) {
                        cli_error("nftables refuses the compiled ruleset (dry run in a user namespace):\n%s", strempty(err));
                        return EXIT_NOT_MET;
                }
                if (k < 0) {
                        printf("policy is valid (it compiles); the nftables dry run was not done: without CAP_NET_ADMIN it needs "
                               "an unprivileged user namespace, and this system refuses one (%s); run as root to have the "
                               "kernel check the ruleset\n", strempty(err));
                        return EXIT_CANNOT_EVALUATE;
                }
                printf("policy is valid; nftables accepts the ruleset (dry run in a user namespace of its own)\n");
                return EXIT_MET;
        }
        k = fw_nft_run(tx, true, &err);
        if (k == -EPERM)
                return permission_error("the nftables dry run could not run");
        if (k < 0) {
                cli_error("nftables refuses the compiled ruleset (dry run):\n%s", strempty(err));
                return EXIT_NOT_MET;
        }
        printf("policy is valid; nftables accepts the ruleset (dry run)\n");
        return EXIT_MET;
}

static int do_apply(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        struct fw_args b, *a = &b;
        _cleanup_free_ char *out = NULL, *err = NULL;
        struct fw_apply_options ao = { .state_dir = state_dir(userdata), .confirm_seconds = ((const struct fw_args *) userdata)->confirm,
                                       .rollback_to = ((const struct fw_args *) userdata)->rollback_to,
                                       .warn = apply_warn, .userdata = userdata };
        bool island = false;
        int k;

        if ((k = policy_operand(cmd, userdata, argc, argv, &b)) != 0)
                return k;

        (void) fw_island_get(ao.state_dir, &island);
        ao.island = island;
        if (compile_policy(a, island, &out) < 0) {
                cli_error("nothing applied");
                return EXIT_NOT_MET;
        }
        k = fw_apply(out, &ao, &err);
        if (k == -EPERM)
                return permission_error("nothing applied");
        if (k == -EUCLEAN) {
                cli_error("nftables reported an error, but the kernel's ruleset generation moved: the change may be in place%s\n%s",
                          a->confirm ? "; the rollback stays armed, run 'bulwark firewall status'" : "; run 'bulwark firewall status'",
                          strempty(err));
                return EXIT_CANNOT_EVALUATE;
        }
        if (k == -EBUSY) {
                cli_error("nothing applied: another apply, island, confirm or rollback has held %s/lock for 60 s", ao.state_dir);
                return EXIT_CANNOT_EVALUATE;
        }
        if (k < 0 && !err) {
                /* Not the kernel refusing the ruleset: the state directory, the system. */
                cli_error("nothing applied: %s: %s", ao.state_dir, strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        if (k < 0) {
                cli_error("nothing applied: \n%s", strempty(err));
                return EXIT_NOT_MET;
        }
        if (a->confirm)
                printf("applied%s; run 'bulwark firewall confirm' within %u seconds or it is rolled back\n", island ? " (island mode)" : "", a->confirm);
        else
                printf("applied%s\n", island ? " (island mode)" : "");
        return EXIT_MET;
}

static int do_confirm(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        const struct fw_args *a = userdata;
        int k = fw_confirm(state_dir(a));

        if (k == -ENOENT) {
                cli_error("nothing is waiting for confirmation (already confirmed, or rolled back)");
                return EXIT_NOT_MET;
        }
        if (k < 0) {
                cli_error("confirm failed: %s", strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        printf("confirmed; the change stays\n");
        return EXIT_MET;
}

static int do_rollback(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        const struct fw_args *a = userdata;
        _cleanup_free_ char *err = NULL;
        enum fw_rollback_result r = FW_ROLLBACK_PREVIOUS;
        int k = fw_rollback(state_dir(a), &r, &err);

        if (k == -EPERM)
                return permission_error("nothing rolled back");
        if (k == -ENOENT) {
                cli_error("no saved ruleset in %s: nothing to roll back to", state_dir(a));
                return EXIT_NOT_MET;
        }
        if (k < 0) {
                cli_error("rollback failed, and loading the lockdown ruleset failed too: %s", err ? err : strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        if (r == FW_ROLLBACK_LOCKDOWN_FALLBACK) {
                cli_error("restoring the saved ruleset failed; lockdown loaded instead (drop all but loopback):\n%s", strempty(err));
                return EXIT_CANNOT_EVALUATE;
        }
        if (r == FW_ROLLBACK_LOCKDOWN)
                printf("rolled back to lockdown (drop all but loopback): the ruleset before apply was open\n");
        else
                printf("rolled back to the ruleset saved before the last apply\n");
        return EXIT_MET;
}

/*
 * The tables other tools loaded (iptables-nft's "ip filter", firewalld,
 * ufw, a hand-written nftables.conf): their rules filter packets too, so
 * status names them. "family name" each; NULL when they cannot be listed.
 */
static char **other_tables(void)
{
        json_t *j = NULL, *e;
        char **l = NULL;
        size_t i;

        if (fw_nft_list_json("list tables", &j) < 0)
                return NULL;
        json_array_foreach(json_object_get(j, "nftables"), i, e) {
                json_t *t = json_object_get(e, "table");
                const char *fam = json_string_value(json_object_get(t, "family")), *name = json_string_value(json_object_get(t, "name"));

                if (!fam || !name || (streq(fam, "inet") && (streq(name, FW_TABLE) || streq(name, FW_LOCKDOWN_TABLE))))
                        continue;
                strv_consume(&l, xasprintf("%s %s", fam, name));
        }
        json_decref(j);
        if (!l)
                l = xmalloc0(sizeof(char *)); /* listed, and none */
        return l;
}

static int do_status(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        const struct fw_args *a = userdata;
        _cleanup_strv_free_ char **others = NULL;
        struct fw_status st;
        int k = fw_status_get(state_dir(a), &st);

        if (k == -EPERM)
                return permission_error("cannot read the ruleset");
        if (k < 0) {
                cli_error("cannot read the ruleset: %s", strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        others = other_tables();
        if (a->json) {
                json_t *j = json_pack("{s:b,s:b,s:b,s:b}", "loaded", st.loaded, "lockdown", st.lockdown, "island", st.island, "pending", st.pending);
                json_t *c = json_object();
                char *s;

                if (others) {
                        json_t *o = json_array();
                        for (char **t = others; *t; t++)
                                json_array_append_new(o, json_string(*t));
                        json_object_set_new(j, "other_tables", o);
                }

                if (st.pending) {
                        static const char *const wd[] = { "none", "running", "dead", "unknown" };
                        json_object_set_new(j, "pending_seconds", json_integer(st.pending_seconds));
                        json_object_set_new(j, "watchdog", json_string(wd[st.watchdog]));
                        if (st.watchdog_pid > 0)
                                json_object_set_new(j, "watchdog_pid", json_integer(st.watchdog_pid));
                }
                if (st.rollback_failed[0]) {
                        json_object_set_new(j, "rollback_failed", json_string(st.rollback_failed));
                        json_object_set_new(j, "rollback_failed_time", json_integer(st.rollback_failed_time));
                }
                if (st.applied_sha256[0]) {
                        json_object_set_new(j, "applied_sha256", json_string(st.applied_sha256));
                        if (st.applied_time)
                                json_object_set_new(j, "applied_time", json_integer(st.applied_time));
                        json_object_set_new(j, "state_behind", json_boolean(st.state_behind));
                }
                for (size_t i = 0; i < st.n_counters; i++)
                        json_object_set_new(c, st.counters[i].name, json_pack("{s:I,s:I}", "packets", (json_int_t) st.counters[i].packets, "bytes", (json_int_t) st.counters[i].bytes));
                json_object_set_new(j, "counters", c);
                s = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);
                puts(s);
                free(s);
                json_decref(j);
        } else {
                printf("policy:   %s\n", st.loaded ? "loaded (table inet " FW_TABLE ")" : "not loaded");
                printf("lockdown: %s\n", st.lockdown ? "on (table inet " FW_LOCKDOWN_TABLE ": all but loopback dropped)" : "off");
                printf("island:   %s\n", st.island ? "on" : "off");
                if (st.applied_sha256[0]) {
                        char when[32] = "?";

                        (void) format_utc((time_t) st.applied_time, "%Y-%m-%d %H:%M:%S UTC", when, sizeof(when));
                        if (st.applied_time)
                                printf("applied:  %s, ruleset sha256 %.16s\n", when, st.applied_sha256);
                        else
                                printf("applied:  ruleset sha256 %.16s (from the kernel; the state files are behind it: an apply was interrupted)\n",
                                       st.applied_sha256);
                }
                if (st.pending && st.watchdog == FW_WATCHDOG_DEAD)
                        printf("pending:  UNCONFIRMED, and its watchdog (pid %ld) is not running: nothing will roll it back; "
                               "run 'bulwark firewall confirm' or 'bulwark firewall rollback'\n", st.watchdog_pid);
                else if (st.pending && st.pending_seconds < 0)
                        printf("pending:  rollback overdue by %ld s (watchdog %s%ld)\n", -st.pending_seconds,
                               st.watchdog == FW_WATCHDOG_RUNNING ? "running, pid " : "state unknown", st.watchdog == FW_WATCHDOG_RUNNING ? st.watchdog_pid : 0L);
                else if (st.pending)
                        printf("pending:  rollback in %ld s unless confirmed\n", st.pending_seconds);
                if (st.rollback_failed[0]) {
                        char when[32] = "?";

                        (void) format_utc((time_t) st.rollback_failed_time, "%Y-%m-%d %H:%M:%S UTC", when, sizeof(when));
                        printf("rollback: FAILED %s: %s\n", when, st.rollback_failed);
                }
                if (others && others[0]) {
                        _cleanup_free_ char *t = strv_join(others, ", ");
                        printf("others:   %s (loaded by other tools: their rules filter packets too)\n", t);
                } else if (others)
                        printf("others:   none (no table of another tool)\n");
                for (size_t i = 0; i < st.n_counters; i++)
                        printf("%-14s %10llu packets %12llu bytes\n", st.counters[i].name, (unsigned long long) st.counters[i].packets, (unsigned long long) st.counters[i].bytes);
        }
        if ((st.pending && st.watchdog == FW_WATCHDOG_DEAD) || st.rollback_failed[0])
                return EXIT_NOT_MET;
        return st.loaded || st.lockdown ? EXIT_MET : EXIT_NOT_MET;
}

/* "tcp 22, 4840-4841" */
static void print_ports(const struct fw_conduit *c)
{
        static const struct { unsigned bit; const char *name; } protos[] = {
                { FW_PROTO_TCP, "tcp" }, { FW_PROTO_UDP, "udp" }, { FW_PROTO_ICMP, "icmp echo" },
        };
        const char *sep = "";

        for (size_t i = 0; i < ARRAY_SIZE(protos); i++)
                if (c->protocols & protos[i].bit) {
                        printf("%s%s", sep, protos[i].name);
                        sep = "/";
                }
        for (size_t i = 0; i < c->n_ports; i++) {
                printf("%s%u", i ? ", " : " ", c->ports[i].first);
                if (c->ports[i].last != c->ports[i].first)
                        printf("-%u", c->ports[i].last);
        }
}

/* What island mode leaves open: the IslandSafe= conduits, one a line, so the operator knows who can still reach the device. */
static void print_island_conduits(const struct fw_args *a)
{
        _cleanup_(fw_policy_freep) struct fw_policy *p = NULL;
        size_t n = 0;

        if (load_policy(a, &p) < 0)
                return;
        for (size_t i = 0; i < p->n_conduits; i++) {
                const struct fw_conduit *c = &p->conduits[i];

                if (!c->island_safe)
                        continue;
                printf("%s  %s: %s -> %s, ", n++ ? "" : "still open (IslandSafe=yes):\n", c->name, c->from, c->to);
                print_ports(c);
                for (size_t k = 0; k < c->n_sources; k++) {
                        char buf[64];
                        printf("%s%s", k ? " " : ", from ", fw_prefix_to_string(&c->sources[k], buf));
                }
                putchar('\n');
        }
        if (n == 0)
                printf("no conduit is IslandSafe=yes: everything but loopback%s is dropped\n",
                       p->icmp_essential ? " and essential ICMP" : "");
        else
                printf("everything else is dropped\n");
}

static int do_island(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        const struct fw_args *a = userdata;
        const char *arg = argv[0];
        _cleanup_free_ char *out = NULL, *err = NULL;
        struct fw_apply_options ao = { .state_dir = state_dir(a), .confirm_seconds = a->confirm, .rollback_to = a->rollback_to,
                                       .warn = apply_warn, .userdata = (void *) a };
        bool on;
        int k;

        if (!streq(arg, "on") && !streq(arg, "off"))
                return cli_usage_error(cmd, "takes on or off, not '%s'", arg);
        on = streq(arg, "on");
        ao.island = on;
        if (compile_policy(a, on, &out) < 0) {
                cli_error("island mode unchanged");
                return EXIT_NOT_MET;
        }
        k = fw_apply(out, &ao, &err);
        if (k == -EPERM)
                return permission_error("island mode unchanged");
        if (k == -EUCLEAN) {
                cli_error("nftables reported an error, but the kernel's ruleset generation moved: island mode %s may be in place; "
                          "run 'bulwark firewall status'\n%s", arg, strempty(err));
                return EXIT_CANNOT_EVALUATE;
        }
        if (k < 0) {
                cli_error("island mode unchanged: %s", err ? err : strerror(-k));
                return EXIT_NOT_MET;
        }
        /* fw_apply recorded the state; a rollback restores the old one with the old ruleset. */
        if (a->confirm)
                printf("island mode %s; run 'bulwark firewall confirm' within %u seconds or it is rolled back (island mode with it)\n", arg, a->confirm);
        else
                printf("island mode %s\n", arg);
        if (on)
                print_island_conduits(a);
        return EXIT_MET;
}

static int do_lockdown(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        _cleanup_free_ char *err = NULL;
        int k = fw_lockdown(&err);

        if (k == -EPERM)
                return permission_error("lockdown not loaded");
        if (k < 0) {
                cli_error("loading the lockdown ruleset failed: %s", err ? err : strerror(-k));
                return EXIT_CANNOT_EVALUATE;
        }
        printf("lockdown loaded: all but loopback dropped until the policy is applied\n");
        return EXIT_MET;
}

static int do_install_units(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        const struct fw_args *a = userdata;
        struct fw_units_options uo = {
                .root = a->root,
                .unit_dir = a->unit_dir,
                .binary = a->binary,
                .enable = !a->no_enable,
                .policy = a->policy,
                .state_dir = a->state_dir,
        };
        _cleanup_free_ char *what = NULL;
        int k;

        if ((a->policy && a->policy[0] != '/') || (a->state_dir && a->state_dir[0] != '/'))
                return cli_usage_error(cmd, "--policy and --state-dir are paths on the target and must be absolute");
        k = fw_units_install(&uo, &what);

        if (k < 0) {
                cli_error("installing units failed: %s%s%s", strerror(-k), what ? ": " : "", strempty(what));
                return EXIT_CANNOT_EVALUATE;
        }
        fputs(what, stdout);
        return EXIT_MET;
}

static int do_verify(const struct verb *cmd, int argc, char **argv, void *userdata)
{
        const struct fw_args *a = userdata;
        _cleanup_(fw_policy_freep) struct fw_policy *p = NULL;
        _cleanup_(fw_verify_result_freep) struct fw_verify_result *r = NULL;
        struct fw_args b;
        struct fw_verify_options vo = { .island = a->island, .have_seed = a->have_seed, .seed = a->seed };
        _cleanup_free_ char *err = NULL;
        int k;

        _cleanup_free_ char *ruleset = NULL;

        if ((k = policy_operand(cmd, a, argc, argv, &b)) != 0)
                return k;
        if (a->ruleset) {
                _cleanup_close_ int fd = open(a->ruleset, O_RDONLY | O_CLOEXEC);
                if (fd < 0 || read_full_fd(fd, 64u * 1024 * 1024, &ruleset, NULL) < 0) {
                        cli_error("cannot read %s", a->ruleset);
                        return EXIT_CANNOT_EVALUATE;
                }
                vo.ruleset = ruleset;
        }
        k = load_policy(&b, &p);
        if (k < 0)
                return EXIT_CANNOT_EVALUATE;
        /* The namespaces must go even on Ctrl-C: hold the usual signals while they exist (a few seconds). */
        {
                sigset_t block, old;
                sigemptyset(&block);
                sigaddset(&block, SIGINT);
                sigaddset(&block, SIGTERM);
                sigaddset(&block, SIGHUP);
                sigaddset(&block, SIGQUIT);
                sigprocmask(SIG_BLOCK, &block, &old);
                k = fw_verify(p, &vo, &r, &err);
                sigprocmask(SIG_SETMASK, &old, NULL);
        }
        if (k < 0) {
                cli_error("verify could not run: %s%s%s", strerror(-k), err ? ": " : "", strempty(err));
                return EXIT_CANNOT_EVALUATE;
        }
        if (a->save || a->json) {
                _cleanup_free_ char *js = fw_verify_result_to_json(r);
                if (a->save) {
                        _cleanup_free_ char *path = NULL;
                        k = fw_verify_save(state_dir(a), js);
                        if (k < 0) {
                                cli_error("saving the verify result in %s failed: %s", state_dir(a), strerror(-k));
                                return EXIT_CANNOT_EVALUATE;
                        }
                }
                if (a->json)
                        fputs(js, stdout);
        }
        if (!a->json) {
                _cleanup_free_ char *txt = fw_verify_result_to_text(r);
                fputs(txt, stdout);
        }
        return r->mismatches == 0 ? EXIT_MET : EXIT_NOT_MET;
}

static int firewall_parse_option(const struct verb *cmd, int c, const char *arg, void *userdata)
{
        struct fw_args *a = userdata;

        switch (c) {
        case OPT_POLICY:
                a->policy = arg;
                return 0;
        case OPT_DROPIN:
                a->dropin = arg;
                return 0;
        case OPT_STATE_DIR:
                a->state_dir = arg;
                return 0;
        case OPT_CONFIRM:
                if (parse_uint(arg, 1, 86400, &a->confirm) < 0)
                        return cli_usage_error(cmd, "--confirm takes seconds, 1-86400");
                return 0;
        case OPT_ISLAND:
                a->island = true;
                return 0;
        case OPT_ROLLBACK_TO:
                if (streq(arg, "previous"))
                        a->rollback_to = FW_ROLLBACK_TO_PREVIOUS;
                else if (streq(arg, "lockdown"))
                        a->rollback_to = FW_ROLLBACK_TO_LOCKDOWN;
                else
                        return cli_usage_error(cmd, "--rollback-to takes lockdown or previous");
                return 0;
        case OPT_ROOT:
                a->root = arg;
                return 0;
        case OPT_UNIT_DIR:
                a->unit_dir = arg;
                return 0;
        case OPT_NO_ENABLE:
                a->no_enable = true;
                return 0;
        case OPT_BINARY:
                a->binary = arg;
                return 0;
        case OPT_FORMAT:
                if (streq(arg, "json"))
                        a->json = true;
                else if (!streq(arg, "text"))
                        return cli_usage_error(cmd, "--format takes text or json");
                return 0;
        case OPT_RULESET:
                a->ruleset = arg;
                return 0;
        case OPT_SAVE:
                a->save = true;
                return 0;
        case OPT_SEED:
                if (parse_uint(arg, 0, UINT32_MAX, &a->seed) < 0)
                        return cli_usage_error(cmd, "--seed takes a number");
                a->have_seed = true;
                return 0;
        }
        return cli_usage_error(cmd, "unhandled option %d", c);
}

static const struct cli_subverb firewall_subverbs[] = {
        { .name = "compile", .args = "[POLICY]", .max_args = 1, .options = compile_options, .run = do_compile,
          .summary = "Print the nftables ruleset the policy (and its drop-ins) compiles to; load nothing." },
        { .name = "check", .args = "[POLICY]", .max_args = 1, .options = compile_options, .run = do_check,
          .summary = "Compile the policy and have nftables check the ruleset in a dry run (without root: in a user namespace); load nothing." },
        { .name = "apply", .args = "[POLICY]", .max_args = 1, .options = apply_options, .run = do_apply,
          .summary = "Load the compiled policy in one transaction, the running ruleset saved; with --confirm, rolled back unless confirmed." },
        { .name = "confirm", .run = do_confirm,
          .summary = "Keep the change an apply or island with --confirm made: the rollback is called off." },
        { .name = "rollback", .run = do_rollback,
          .summary = "Load the ruleset saved before the last apply (lockdown when that one was open)." },
        { .name = "status", .options = status_options, .run = do_status,
          .summary = "Show what is loaded: the policy, lockdown, island mode, a change waiting for confirmation, the counters." },
        { .name = "island", .args = "on|off", .min_args = 1, .max_args = 1, .options = apply_options, .run = do_island,
          .summary = "Load the policy in island mode (only IslandSafe= conduits), or leave island mode." },
        { .name = "lockdown", .run = do_lockdown,
          .summary = "Load the lockdown ruleset: all but loopback dropped until the policy is applied (the boot unit runs this)." },
        { .name = "install-units", .options = install_units_options, .run = do_install_units,
          .summary = "Install the fail-close systemd units: lockdown at boot, the policy before the network, no network without it." },
        { .name = "verify", .args = "[POLICY]", .max_args = 1, .options = verify_options, .run = do_verify,
          .summary = "Prove the policy with packets: its ruleset loaded in throwaway network namespaces, every conduit and closed port probed." },
        { NULL },
};

static int run_firewall(int argc, char **argv)
{
        struct fw_args a = {};

        return cli_dispatch(&verb_firewall, argc, argv, &a);
}

const struct verb verb_firewall = {
        .name = "firewall",
        .summary = "Zones and conduits compiled to nftables: apply with rollback, island mode, fail-close units, packet verification.",
        .options = firewall_options,
        .run = run_firewall,
        .subverbs = firewall_subverbs,
        .parse_option = firewall_parse_option,
};
