/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Facts: plain data the collectors fill and the checks read. Nothing here
 * touches the system. Each area carries `err`: 0 when collected, -errno when
 * it could not be (checks then say "error" with the reason), and -ENODATA when
 * the source does not exist in this mode (live-only facts offline).
 */

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers.h"

struct root;
struct crypto_policy;

/* All files an assessment reads, together: 60x what a Debian 12 device needs (1.6 MiB measured). */
#define FACTS_READ_BUDGET (96ull * 1024 * 1024)

/*
 * The areas of the facts, one per collector. A cap that cuts what a collector
 * reads (a directory listing, a file size, an item count, the read budget) is
 * recorded against the area being collected; a check names the areas it reads
 * (check_def.facts) and says "error" with the cap's text instead of judging a
 * partial view.
 */
enum {
        FACTS_OS          = 1u << 0,  /* hostname, os-release: the report's header, no verdict */
        FACTS_PACKAGES    = 1u << 1,
        FACTS_INETD       = 1u << 2,
        FACTS_ERASE       = 1u << 3,  /* Bulwark itself on the target */
        FACTS_UNITS       = 1u << 4,
        FACTS_SOCKETS     = 1u << 5,
        FACTS_MOUNTS      = 1u << 6,  /* mounts and swaps */
        FACTS_CRYPTTAB    = 1u << 7,
        FACTS_CMDLINE     = 1u << 8,
        FACTS_KCONFIG     = 1u << 9,  /* kernel config, /proc/crypto, crypto modules */
        FACTS_NETIFS      = 1u << 10,
        FACTS_SYSCTL      = 1u << 11,
        FACTS_DHCP        = 1u << 12,
        FACTS_RULESET     = 1u << 13,
        FACTS_ENDPOINTS   = 1u << 14,
        FACTS_CIP_ENCRYPT = 1u << 15, /* CIP encrypt_partition.env */
        FACTS_CIP_RESET   = 1u << 16, /* CIP factory reset hook and state */
        FACTS_LUKS        = 1u << 17, /* LUKS headers, /var and /home devices, TPM, crypt hook */
        FACTS_FIREWALL    = 1u << 18, /* Bulwark firewall policy, units, verify result */
        FACTS_MAC         = 1u << 19,
        FACTS_CONTAINERS  = 1u << 20,
        FACTS_SSHD        = 1u << 21,
        FACTS_OPENSSL     = 1u << 22,
        FACTS_KEYS        = 1u << 23,
        FACTS_SERVICES    = 1u << 28, /* what configured services listen on (socket units, inetd, server configs) */
};

/* At most this many cap records: a hostile tree hitting caps everywhere stays bounded. */
#define FACTS_CAPS_MAX 64

struct facts_cap {
        unsigned area;    /* one FACTS_* bit */
        char *text;       /* "incomplete: /etc/systemd/system has more than 4000 entries, ..." */
};

struct file_seen {
        char *path;
        char sha256[65];
        uint64_t size;
};

/* A file a collector knows holds secret material: never copied into an evidence bundle. */
struct sensitive_file {
        char *path;
        char *why;        /* "private key", "LUKS key file named in /etc/crypttab", ... */
};

struct unit {
        char *name;       /* e.g. "nftables.service" */
        char *path;       /* fragment path inside the target; NULL when it has none */
        /*
         * As `systemctl is-enabled` says enabled/enabled-runtime: a link in
         * /etc or /run (a .wants/.requires/.upholds entry, or an alias link)
         * reaches it. The vendor's own .wants links (static wiring) do not
         * enable; whether the unit starts is starts's business. A SysV script
         * is enabled, as systemd-sysv-install says, by an S link in
         * /etc/rcS.d or rc5.d; it starts, as systemd-sysv-generator makes it,
         * from an S link in /etc/rc[2-5].d.
         */
        bool enabled;
        bool masked;      /* its first file on the search path is a link to /dev/null or an empty file */
        /*
         * Whether the unit starts at boot: 1 when it is in the closure of the
         * default target (Wants=/Requires= and the .wants/.requires
         * directories, through aliases) or is triggered by a unit that is
         * (its .socket, .path or .timer); 0 when it is not; -1 when that
         * cannot be decided (starts_why then says what could not be).
         * Resolved offline from the files (src/collect/collect-units.c), live
         * too: the next boot, not the running manager. Conditions
         * (ConditionPathExists= ...) are not evaluated: 1 means the manager
         * queues a start job. With no default.target in the tree,
         * multi-user.target (graphical.target where it has a file) is taken,
         * and targets without a file get systemd's stock wiring; starts_why
         * says so.
         */
        int starts;
        char *starts_why; /* "default.target -> multi-user.target -> ssh.service", or what left it undecided */
        char **wanted_by; /* the targets/units whose .wants/.requires link it */
        char **aliases;   /* other names it is reached by (symlinks to it); facts_unit() finds a unit by them too */
        char **exec_start;   /* service units: the ExecStart= command lines in effect (after empty resets), prefixes (-@:+!) kept */
        /*
         * "KEY=VALUE" as its processes get them, in systemd's order (the last
         * of a key wins, unit_env_get()): DefaultEnvironment= of system.conf
         * and system.conf.d, Environment= (%i %n %p specifiers expanded),
         * then EnvironmentFile= ('-' prefix: optional). A non-optional file
         * missing from the tree leaves starts = -1.
         */
        char **environment;
        char **listen;       /* socket units: "ListenStream=22", ... in effect (after empty resets) */
        char *sysv_script;   /* generated from this init script, as systemd-sysv-generator does (path is then NULL); NULL otherwise */
        struct unit_setting *settings;
        size_t n_settings;
};

/* A port a service is configured to listen on, and whether what serves it starts at boot. */
struct service_port {
        char *what;       /* "telnet.socket: ListenStream=23", "inetd: telnet stream tcp", "mosquitto: listener 1883" */
        char *source;     /* the file that says so */
        char *server;     /* the unit that serves it ("telnet.socket", "inetd.service", "mosquitto.service") */
        int proto;        /* IPPROTO_TCP, IPPROTO_UDP */
        uint16_t port;
        char *addr;       /* bind address; NULL for every address */
        bool tls;         /* the configuration puts TLS on this port */
        int starts;       /* as facts_unit_starts() for server: 1, 0, -1 */
        char *starts_why;
};

struct mount_entry {
        char *source;
        char *target;
        char *fstype;
        char *options;
        char *origin;     /* where it was learnt: /etc/fstab, a .mount unit's path, /proc/self/mountinfo */
};

struct swap_entry {
        char *device;
        char *source;     /* /proc/swaps, /etc/fstab, a .swap unit */
        char *kind;       /* "partition", "file", "zram" */
        bool noauto;      /* an fstab line with noauto: not activated at boot */
        char *writeback;  /* zram: the writeback-device= it pages out to (storage), or NULL */
        /* A swap file (or a writeback device): the file system holding it, filled by collect-luks. */
        char *fs_held_by;
        char *fs_source;
        char *fs_crypt;   /* that file system's dm-crypt type ("LUKS2", "crypttab", "crypt hook", ...), NULL when none */
        bool fs_known;    /* fs_* were resolved */
};

struct netif {
        char *name;
        char *kind;       /* ether, loopback, bridge, vlan, bond, wireless, tun, veth, other */
        char *source;
};

struct luks_keyslot {
        int id;
        char *pbkdf;      /* argon2id, argon2i, pbkdf2; NULL when unknown */
        char *hash;       /* pbkdf2's hash */
        uint32_t iterations;
        uint32_t memory_kb;
};

struct luks_volume {
        char *device;     /* block device or image file */
        char *source;     /* "block device", "image", "CIP crypt hook config" */
        char *mountpoint; /* what it holds, when known */
        char *uuid;
        int version;      /* 1 or 2 */
        char *cipher;     /* e.g. aes-xts-plain64 */
        unsigned key_bits;
        struct luks_keyslot *keyslots; /* active keyslots */
        size_t n_keyslots;
        struct luks_token *tokens;
        size_t n_tokens;
        int err;          /* reading this header failed */
        char *err_text;   /* says more than strerror(err) (a library that could not be loaded), or NULL */
};

/* Which device holds a data directory (/var, /home), and whether a dm-crypt mapping is under it. */
struct data_mount {
        char *path;       /* "/var", "/home" */
        char *held_by;    /* the mount point holding it: itself, or "/" */
        char *source;     /* device as mounted or listed in fstab */
        char *crypt_name; /* dm-crypt mapping name when source is one */
        char *crypt_device; /* device under the mapping, when known */
        char *crypt_type; /* "LUKS2", "LUKS1", "PLAIN" (live dm uuid), "crypttab", "crypt hook" */
        char *how;        /* the file this was learnt from: /proc/self/mountinfo, /etc/fstab, the crypt hook config */
        char *link;       /* where path points when it is a symlink (e.g. /home -> /var/home) */
        bool read_only;   /* the mount holding it is read-only: nothing is written there at run time */
        char *why;        /* why it is judged: "data directory", "mount", "crypt hook partition", "/etc overlay storage", "key file of NAME" */
        char *fstype;     /* of the mount holding it, when known */
        bool volatile_fs; /* that mount is tmpfs/ramfs: nothing persists */
        char *undecided;  /* what could not be decided about it (a network file system, a key on another device), or NULL */
};

struct key_file {
        char *path;
        char *kind;       /* private-key, certificate */
        unsigned mode;
        unsigned uid;
        unsigned gid;
};

struct facts {
        struct root *root;
        char *root_dir;   /* the target directory as given, "/" live */
        bool live;

        /* What facts_read_file() may still read in all: a hostile tree of many large files stays bounded. */
        uint64_t read_budget;

        /* The area facts_note_cap() records against: the collector running. */
        unsigned collecting;
        /* Caps that cut the input, by area; see FACTS_*. */
        struct facts_cap *caps;
        size_t n_caps;

        /* Every file a verdict may rest on, with its hash, for evidence. */
        struct file_seen *files;
        size_t n_files;

        /* Files known to hold secrets (read or not): evidence bundles record them, never copy them. */
        struct { struct sensitive_file *v; size_t n; } sensitive;

        char *hostname;
        char *bulwark_path;      /* Bulwark (with its verifying wipe) on the target, or NULL */
        char *os_pretty_name;
        char *os_id;

        struct { struct package *v; size_t n; int err; } packages;
        struct {
                struct unit *v;
                size_t n;
                int err;
                /* Why a unit not in v may still start (a cap, an undecided unit in the closure); NULL when v is complete. */
                char *incomplete;
        } units;
        struct { struct listen_socket *v; size_t n; int err; } sockets;
        struct { struct mount_entry *v; size_t n; int err; char *err_text; char *source;
                 char **unparsed;    /* "/etc/fstab line 7": lines libmount could not parse (systemd skips them too) */
                 char **undecided;   /* mount units whose start at boot could not be decided, with why */
                 char **looked_at; } mounts; /* the sources read: "/etc/fstab", "3 .mount units", ... */
        struct { struct swap_entry *v; size_t n; int err;
                 char **undecided;   /* swap sources that could not be decided ("/etc/dphys-swapfile: CONF_SWAPFILE=$X") */
                 char **looked_at; } swaps;
        struct { struct crypttab_entry *v; size_t n; int err; } crypttab;
        struct { struct netif *v; size_t n; int err; } netifs;
        struct { struct luks_volume *v; size_t n; int err; char *err_text; } luks;
        struct { struct data_mount *v; size_t n; int err; } data_mounts; /* err is mounts.err (its text there) */
        struct { struct key_file *v; size_t n; int err; size_t scanned; } keys;

        /* Ports services are configured to listen on (collect-services.c); undecided: what could not be followed. */
        struct { struct service_port *v; size_t n; char **undecided; } services;

        /* inetd-style services: "telnet", "ftp", ... enabled in /etc/inetd.conf or xinetd */
        struct { char **services; char *source; int err; } inetd;

        struct {
                char *cmdline;           /* effective kernel command line */
                char *cmdline_source;
                char **config;           /* CONFIG_ lines of interest, "KEY=VALUE" */
                char *config_source;
                char **crypto;           /* /proc/crypto names (live) */
                char **crypto_modules;   /* "xts: built-in (...)", "aes_generic: module (path)" */
                int crypto_err;
                int cmdline_err;         /* -ENODATA offline when undecided (cmdline_undecided says why) */
                char *cmdline_undecided; /* offline: why the command line cannot be known, or NULL */
                char **cmdline_notes;    /* offline: boot loaders found, boot entries, inputs not used */
                int config_err;
        } kernel;

        struct {
                int err;                 /* a sysctl file that could not be read or parsed */
                char *err_path;
                int ip_forward;          /* IPv4 forwarded on some interface: 1, 0, -1 unknown */
                int ipv6_forwarding;
                char *source;
                char **forwarding;       /* what turns forwarding on, "KEY = VALUE (FILE): why" */
                char **files;            /* offline: the sysctl.d files applied, in order (masked ones said so) */
                char **notes;            /* offline: settings that look like forwarding but are not */
        } sysctl;

        struct {
                json_t *json;            /* {"nftables": [...]} as libnftables lists it */
                char *source;            /* "kernel" or the file loaded */
                char *sha256;            /* of the file, offline */
                int err;
                char *error_text;        /* nft's own message when loading failed */
                /*
                 * Offline: which ruleset loads at boot. path is the file loaded
                 * (NULL for the kernel or the compiled Bulwark policy); boot
                 * what loads it ("nftables.service starts at boot (...) and
                 * runs nft -f /etc/nftables.conf"), or with err -ENOENT why
                 * nothing does. undecided (err -EOPNOTSUPP) says what could not
                 * be decided: a firewall Bulwark does not evaluate, an
                 * ExecStart= it does not model, a unit whose start is
                 * undecided. unloaded names a ruleset file present on the
                 * target that nothing loads at boot.
                 */
                char *path;
                char *boot;
                char *undecided;
                char **unloaded;
                int boot_err;            /* what loads at boot: 0 decided, -ENOENT nothing, -EBADMSG rejected, -EOPNOTSUPP undecided (also live) */
        } ruleset;

        struct {
                char **clients;          /* dhclient, dhcpcd, udhcpc, systemd-networkd, NetworkManager */
                char **configured;       /* "where: what", e.g. "/etc/network/interfaces: eth0 inet dhcp" */
                int v4;                  /* 1 a DHCPv4 client (UDP 68) starts at boot or runs, 0 none does, -1 undecided */
                char **starting;         /* what starts one, one line each, with the unit and why it starts */
                char **undecided;        /* what could not be decided, one line each */
        } dhcp;

        struct {
                int tpm_version;         /* 0 none, 1, 2; -1 unknown (offline) */
                char *encrypt_env;       /* CIP encrypt_partition.env contents */
                char **encrypt_partitions; /* "label:mountpoint:mode" */
                char *reset_env;         /* CIP factory-reset reset-env contents */
                bool reset_hook;         /* factory reset hook installed */
                int reset_env_err;       /* reset-env present but unreadable */
                int reset_pending;       /* 1 yes, 0 no, -1 unknown */
                char *reset_pending_source;
                /*
                 * The crypt hook is installed: its initramfs hook and its
                 * local-top (or, before 2024, local-bottom) script are in place
                 * and executable. Only then do encrypt_partitions count.
                 */
                bool encrypt_hook_installed;
                char *encrypt_hook_missing;  /* what is missing when not installed (NULL when no trace at all) */
                char *encrypt_hook_script;   /* the initramfs script that does the work */
                /* The /etc overlay (initramfs-overlay-hook): its script, upper dir storage and the device it mounts. */
                char *overlay_script;
                char *overlay_storage;       /* e.g. "/var/local"; NULL when the script could not be read for it */
                char *overlay_device;        /* e.g. "/dev/disk/by-label/var" */
                char *overlay_lower;         /* e.g. "/etc" */
        } cip;

        /* CIP initramfs-crypt-hook: what its script does (evidence for config-based verdicts). */
        struct {
                char *script;            /* the hook script found in the target */
                char *backend;           /* "systemd-tpm2" or "clevis": what the script enrolls */
                bool wipes_initial_key;  /* the script removes the initial passphrase (keyslot 0) */
                bool optional;           /* ENCRYPTION_OPTIONAL: boots unencrypted without a TPM */
        } crypt_hook;

        struct {
                int apparmor;            /* 1 enabled, 0 not, -1 unknown */
                int selinux;             /* 1 enforcing, 0 permissive/disabled, -1 unknown */
                char *source;
                char **detail;           /* what showed it, one line each, for evidence */
        } mac;

        /* Container runtimes installed, and (live) container processes running. */
        struct { char **runtimes; char **running; int err; } containers;

        /* Areas owned by other modules; defined in their own headers. */
        struct crypto_facts *crypto;         /* src/collect/collect-crypto.h: openssl.cnf, sshd_config, certs */
        struct endpoint_facts *endpoints;    /* src/scan: probes of listening sockets */
        struct firewall_facts *firewall;     /* src/firewall: Bulwark policy, units, verify result */
        struct erase_facts *erase;           /* src/wipe: the verifying erase tool */
};

struct collect_options {
        const char *root;           /* "/" for live */
        bool live;
        char **luks_images;         /* extra LUKS images to read headers from */
        bool no_probe;              /* live: do not connect to listening sockets */
        /*
         * Called once, after the sockets and their owners are known and before
         * anything else of the target is read; a negative return ends the
         * collection with it. The CLI confines the process here.
         */
        int (*confine)(void *userdata);
        void *confine_userdata;
};

/*
 * Collects everything (src/collect/collect.c runs the collectors' table);
 * per-area failures are recorded in the area's err, not returned. Opens
 * o->root as a directory root source (root_open()).
 */
int facts_collect(const struct collect_options *o, struct facts **ret);
/*
 * The same from a root source already open (a directory, a disk image, the
 * unit tests' in-memory tree): r is taken over, also on failure, and its
 * path and live state are the target's; o->root and o->live are not used.
 */
int facts_collect_from(struct root *r, const struct collect_options *o, struct facts **ret);
/* Frees every collector's area (through the table) and the model. */
void facts_free(struct facts *f);
static inline void facts_freep(struct facts **f) { facts_free(*f); }

/* The model alone, for the orchestrator and tests: a root (taken over) and a full read budget, no facts yet. */
struct facts *facts_new(struct root *r);
/* Frees what the model holds (root, files, marks, caps) and f; the areas are the collectors' to free. */
void facts_model_free(struct facts *f);

/*
 * Reads a file inside the target and remembers its hash for evidence. A file
 * over max (-EFBIG) or over what the read budget still allows (-E2BIG) is
 * recorded as a cap of the area being collected (facts_note_cap()).
 */
int facts_read_file(struct facts *f, const char *path, size_t max, char **ret, size_t *ret_len);
/*
 * Lists a directory inside the target (root_list_dir()). When it holds more
 * than max entries the cap is recorded and the partial listing returned (1);
 * 0 for a complete one, -errno when it cannot be listed.
 */
int facts_list_dir(struct facts *f, const char *path, size_t max, char ***ret);
/*
 * Passes a parser's return through; -E2BIG (more than PARSE_MAX_ITEMS items,
 * or another limit of the parser) is recorded as a cap of the area for path.
 */
int collect_parsed(struct facts *f, int k, const char *path);
/* facts_read_file() with the default cap (ROOT_READ_MAX_DEFAULT). */
int collect_read(struct facts *f, const char *path, char **ret, size_t *ret_len);
/* Records that a cap cut what the area being collected read; printf-style, the text names the path and the limit. */
void facts_note_cap(struct facts *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The first cap recorded against any of areas, or NULL: what made those facts incomplete. */
const char *facts_cap(const struct facts *f, unsigned areas);
const struct file_seen *facts_file(const struct facts *f, const char *path);

/*
 * Marks path (inside the target) as holding secret material, why in a few
 * words. Every collector that learns a file is secret (reads a private key,
 * parses a key file name) says so here; src/collect/evidence-copy.c then
 * never copies it. Marking twice keeps the first reason.
 */
void facts_mark_sensitive(struct facts *f, const char *path, const char *why);
/* Why path was marked sensitive, or NULL. */
const char *facts_sensitive(const struct facts *f, const char *path);

const struct package *facts_package(const struct facts *f, const char *name);
/* The unit called name, or the one name is an alias of; NULL when the target has neither. */
const struct unit *facts_unit(const struct facts *f, const char *name);
/*
 * Whether the unit called name starts at boot (see struct unit's starts):
 * 1, 0 (also for a unit the target does not have), or -1 undecided. *why,
 * when why is not NULL, says from what (never NULL when 1 or -1).
 */
int facts_unit_starts(const struct facts *f, const char *name, const char **why);
/* The value of an environment variable as the unit's processes get it, or NULL. */
const char *unit_env_get(const struct unit *u, const char *key);
/* The last value of key in section (drop-ins override), or NULL. */
const char *unit_get(const struct unit *u, const char *section, const char *key);
/* Whether a list setting (After=, Requires=, ...) names word, honouring empty resets. */
bool unit_has_word(const struct unit *u, const char *section, const char *key, const char *word);
/* The value of a kernel CONFIG_ option as collected, or NULL. */
const char *kernel_config_get(const struct facts *f, const char *key);
