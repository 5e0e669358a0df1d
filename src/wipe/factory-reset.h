/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Factory reset requests compatible with isar-cip-core. CIP's
 * factory-reset-helper stores a marker that its initramfs hook finds at the
 * next boot, which then re-formats INITRAMFS_FACTORY_RESET_DEVICES (and clears
 * the TPM on encrypted images). The marker is either
 *  - an EFI variable (factory-reset-helper-efi): set-factory-reset.sh writes
 *    `echo "FactoryReset"` (so "FactoryReset\n") with `efivar --attributes=7`;
 *    on efivarfs that is a file whose first 4 bytes are the attributes
 *    (little-endian) followed by the content; the hook only tests existence;
 *  - or an empty file `.factory-reset` at the root of the var partition
 *    (factory-reset-helper-file; not allowed with encryption).
 * The installed get-factory-reset.sh says which, and with what name.
 * These constants are shared with the assessment's collector.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FACTORY_RESET_EFIVAR_NAME "FactoryResetRequest"
#define FACTORY_RESET_EFIVAR_GUID "abc688c9-fee3-41f7-87d3-1076e4a29e8f"
#define FACTORY_RESET_EFIVAR_FILE FACTORY_RESET_EFIVAR_NAME "-" FACTORY_RESET_EFIVAR_GUID
#define FACTORY_RESET_EFIVAR_CONTENT "FactoryReset\n"
#define FACTORY_RESET_EFIVAR_ATTRIBUTES 0x7u /* NON_VOLATILE | BOOTSERVICE_ACCESS | RUNTIME_ACCESS */
#define FACTORY_RESET_MARKER_FILE ".factory-reset"
#define FACTORY_RESET_MARKER_DEVICE "/dev/disk/by-partlabel/var"
#define FACTORY_RESET_ENV_PATH "/usr/share/factory-reset/reset-env"
#define FACTORY_RESET_HELPER_PATH "/usr/sbin/get-factory-reset.sh"
#define FACTORY_RESET_EFIVARS_DIR "/sys/firmware/efi/efivars"

enum factory_reset_mode {
        FACTORY_RESET_MODE_UNKNOWN,
        FACTORY_RESET_MODE_EFIVAR,
        FACTORY_RESET_MODE_FILE,
};

struct factory_reset_config {
        enum factory_reset_mode mode;
        char *efivar_file;      /* NAME-GUID under efivarfs */
        char *marker_name;      /* file mode: ".factory-reset" */
        char *marker_device;    /* file mode: the partition whose root holds the marker */
        char **reset_devices;   /* INITRAMFS_FACTORY_RESET_DEVICES */
        char *luks_format_type; /* INITRAMFS_FACTORY_RESET_LUKS_FORMAT_TYPE */
        char *source;           /* what decided the mode, in words */
};

const char *factory_reset_mode_to_string(enum factory_reset_mode m);

/*
 * Decides the configuration from the bytes of reset-env and of the installed
 * get-factory-reset.sh (either may be NULL when absent). Pure: no I/O.
 * Caller frees *ret with factory_reset_config_done().
 */
int factory_reset_config_parse(const char *env, size_t env_len, const char *helper, size_t helper_len,
                               struct factory_reset_config *ret);

struct root;

/*
 * Reads both files through the root (src/rootfs/rootfs.h: RESOLVE_IN_ROOT, so
 * an image's links resolve inside the image) and parses them. A missing file
 * is no error; any other read failure is returned.
 */
int factory_reset_config_load(const struct root *r, struct factory_reset_config *ret);
void factory_reset_config_done(struct factory_reset_config *c);

/* The efivarfs bytes of a request: attributes (LE32) then content. Returns the length. */
size_t factory_reset_efivar_bytes(uint8_t *buf, size_t size);

/*
 * Judges the efivarfs bytes of an existing variable: 0 when they are the
 * request set-factory-reset writes (attributes NON_VOLATILE |
 * BOOTSERVICE_ACCESS | RUNTIME_ACCESS, content "FactoryReset\n"); -EBADMSG
 * otherwise, with what is wrong in *ret_problem (caller frees). Pure.
 */
int factory_reset_efivar_judge(const void *buf, size_t len, char **ret_problem);

/*
 * Request, status and cancel. efivars_dir (default FACTORY_RESET_EFIVARS_DIR)
 * is used in efivar mode; marker_dir, the directory where the var partition
 * is mounted, in file mode (default: where marker_device is mounted). The
 * marker is handled by name below that directory's fd and never followed
 * when it is a symlink.
 *
 * request: a valid request is left alone; a variable with other attributes
 * or content (volatile, empty, other bytes) is made mutable (efivarfs marks
 * variables immutable), removed and written again, and the result read back;
 * a symlink or anything not a regular file is refused (-ELOOP, -EBADFD).
 * status: *ret_pending true only for a valid request; a marker that is no
 * valid request is -EBADMSG (or -ELOOP/-EBADFD) with what is wrong.
 * All set a sentence in *ret_detail (caller frees), on failure too.
 */
int factory_reset_request(const struct factory_reset_config *c, const char *efivars_dir, const char *marker_dir, char **ret_detail);
int factory_reset_status(const struct factory_reset_config *c, const char *efivars_dir, const char *marker_dir,
                         bool *ret_pending, char **ret_detail);
int factory_reset_cancel(const struct factory_reset_config *c, const char *efivars_dir, const char *marker_dir, char **ret_detail);
