/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Parsers for the text formats the collectors read. Bytes in, structs out,
 * no I/O: unit tests and fuzzers feed them buffers. Each returns 0 or a
 * negative errno (-EBADMSG for malformed input, -E2BIG over a limit) and sets
 * its ret_ parameters only on success; the caller owns what they return.
 */

#include <stddef.h>
#include <stdint.h>

#include "cursor.h" /* struct slice, for parse_line_list() */

/*
 * The element types the parsers fill. The facts model (collect/facts.h)
 * holds arrays of them; it includes this header, never the other way.
 */

struct package {
        char *name;
        char *version;
        char *arch;
};

struct unit_setting {
        char *section;
        char *key;
        char *value;
        char *source;   /* the unit file or drop-in it came from */
};

struct listen_socket {
        int family;       /* AF_INET, AF_INET6 */
        int proto;        /* IPPROTO_TCP, IPPROTO_UDP */
        char addr[64];
        uint16_t port;
        unsigned long inode;
        char *process;    /* comm of a process holding it, when known */
};

struct crypttab_entry {
        char *name;
        char *device;
        char *keyfile;
        char *options;
};

struct luks_token {
        int id;
        char *type;       /* systemd-tpm2, clevis, ... */
        int *keyslots;
        size_t n_keyslots;
        char *binding;    /* what releases the key: "TPM2 PCRs 7", "clevis pins tpm2,tang"; NULL unknown */
        int tpm_bound;    /* 1 sealed to a TPM and its boot state, 0 not (no PCRs, tang only), -1 unknown */
};

/* Limits: input is hostile until proven otherwise. */
/* 20,000 items: far above any real device (a large Debian install has 5,000 packages), small enough that
 * the bound itself is cheap to test, also under the sanitizers. */
#define PARSE_MAX_ITEMS 20000

/*
 * A line format read into a strv: item() gets each line that is not blank
 * and does not start with one of the bytes of comments, stripped, and returns
 * 1 with *ret_item (the list takes it), 0 to pass the line over, or -errno to
 * fail the whole parse. More than PARSE_MAX_ITEMS items is -E2BIG.
 */
int parse_line_list(const char *buf, size_t len, const char *comments, int (*item)(struct slice line, char **ret_item), char ***ret);

/* /var/lib/dpkg/status: installed packages only ("install ok installed"). */
int dpkg_status_parse(const char *buf, size_t len, struct package **ret, size_t *ret_n);
void packages_free(struct package *v, size_t n);

/*
 * Shell-style KEY=VALUE files (os-release, CIP's encrypt_partition.env and
 * reset-env, /etc/default/grub): single and double quotes, backslash escapes
 * in double quotes, comments. Returns a strv of "KEY=VALUE" with quotes removed.
 */
int env_file_parse(const char *buf, size_t len, char ***ret);
/* Looks KEY up in such a strv; the last assignment wins. */
const char *env_get(char *const *env, const char *key);

/*
 * systemd unit files and drop-ins: [Section], Key=Value, '#'/';' comments,
 * trailing-backslash continuation. Appends to *settings (source recorded per
 * entry) so drop-ins can follow the fragment. An empty assignment is kept:
 * it resets list settings, as systemd does.
 */
int unit_file_parse(const char *buf, size_t len, const char *source, struct unit_setting **settings, size_t *n);
void unit_settings_free(struct unit_setting *v, size_t n);
/*
 * The words of a list setting (Environment=, DefaultEnvironment=, Wants=) as
 * systemd splits them: blanks separate, quotes and backslashes are removed.
 * NULL for an empty value. -EBADMSG for an unterminated quote.
 */
int unit_words(const char *value, char ***ret);
/* An EnvironmentFile= as systemd reads it: a strv of "KEY=VALUE" (NULL if none). */
int unit_env_file_parse(const char *buf, size_t len, char ***ret);

/* /proc/net/{tcp,tcp6,udp,udp6}: listening TCP sockets and bound UDP sockets. */
int proc_net_parse(const char *buf, size_t len, int family, int proto, struct listen_socket **v, size_t *n);

/*
 * A sysctl.d(5) file as systemd-sysctl reads it: "KEY=VALUE" per assignment,
 * KEY normalised the way systemd does (when its first separator is '/', '/'
 * and '.' are swapped, so "net/ipv4/conf/eth0.1/forwarding" becomes
 * "net.ipv4.conf.eth0/1.forwarding"); a '-' before the key (failures
 * ignored) dropped; "-KEY" without '=' (excluded from globs) kept as "-KEY";
 * other lines without '=' ignored, as systemd-sysctl ignores them.
 */
int sysctl_conf_parse(const char *buf, size_t len, char ***ret);

/* /etc/inetd.conf: the service names of enabled (uncommented) lines. */
int inetd_conf_parse(const char *buf, size_t len, char ***ret);

/* /etc/crypttab: name device keyfile options. */
int crypttab_parse(const char *buf, size_t len, struct crypttab_entry **ret, size_t *ret_n);
void crypttab_free(struct crypttab_entry *v, size_t n);

/*
 * /etc/default/grub and grub.d files as a POSIX shell sources them, one after
 * the other into the same environment: assignments (quotes, backslashes,
 * $NAME and ${NAME} of variables set before, "export"), comments. An
 * assignment it cannot evaluate (command substitution, a variable these files
 * never set, another expansion) makes that variable undecided; any other
 * command (".", "if", a program) makes everything after it undecided.
 */
struct shell_env {
        char **vars;            /* NAME=VALUE */
        char **undecided;       /* NAME=why */
        char *stop;             /* the command that stopped evaluation, or NULL */
};
/* Evaluates buf after what e holds already; -E2BIG over PARSE_MAX_ITEMS commands. */
int shell_env_source(struct shell_env *e, const char *buf, size_t len, const char *source);
/* 1 with *ret_value set, 0 unset (empty in a shell), -1 undecided with *ret_why (owned by e). */
int shell_env_get(const struct shell_env *e, const char *name, const char **ret_value, const char **ret_why);
void shell_env_clear(struct shell_env *e);

/*
 * A generated grub.cfg: per top-level menuentry, the arguments of its first
 * linux line after the kernel path ("" when it has none, "\x01submenu" for a
 * submenu), and every "set default=" outside entries, as written.
 */
struct grub_cfg {
        char **entries;
        char **defaults;
};
int grub_cfg_parse(const char *buf, size_t len, struct grub_cfg *ret);
void grub_cfg_clear(struct grub_cfg *g);

/*
 * A Boot Loader Specification Type #1 entry (a .conf file in loader/entries): its
 * "options" lines joined with a space; *ret_uki when it boots an EFI image
 * ("efi"/"uki") rather than "linux". -EBADMSG when it names neither.
 */
int bls_entry_parse(const char *buf, size_t len, char **ret_options, bool *ret_uki);

/*
 * A PE image (a unified kernel image): the text of the section called name
 * (".cmdline"), up to its first NUL or newline, in *ret (caller owns). 1 when
 * found, 0 when the image has no such section, -EBADMSG when it is not a PE
 * image or a header points outside buf. *ret is untouched unless 1.
 */
int pe_section_text(const char *buf, size_t len, const char *name, char **ret);

/* Kernel command line: the value of key ("init_on_free") or NULL; last wins. */
char *cmdline_get(const char *cmdline, const char *key);

/* /proc/crypto: the sorted, unique algorithm names ("aes", "xts(aes)", ...). Caller owns the strv. */
int proc_crypto_parse(const char *buf, size_t len, char ***ret);

/*
 * One LUKS2 token's JSON (as crypt_token_json_get() returns it): its type and
 * the keyslots it unlocks. id is stored as given. -EBADMSG for anything not
 * an object with a string "type" and an array "keyslots" of slot numbers.
 * The caller owns ret's members (luks_token_clear()).
 */
int luks_token_parse(const char *json, size_t len, int id, struct luks_token *ret);
void luks_token_clear(struct luks_token *t);

enum luks_token_kind {
        LUKS_TOKEN_TPM2,      /* systemd-tpm2 */
        LUKS_TOKEN_CLEVIS,    /* clevis (tpm2, tang, sss pins) */
        LUKS_TOKEN_HARDWARE,  /* systemd-fido2, systemd-pkcs11 */
        LUKS_TOKEN_RECOVERY,  /* systemd-recovery: a printed key a person holds */
        LUKS_TOKEN_OTHER,
};
enum luks_token_kind luks_token_kind(const char *type);
