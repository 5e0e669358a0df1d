/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Data at rest: CR 4.1 (data partitions on LUKS2, key sealed in a TPM, kernel
 * crypto) and the LUKS part of CR 4.3 (cipher, key size, PBKDF).
 */
#include "check.h"
#include "crypto-policy.h"
#include "parsers.h"
#include "strv.h"

#define CIP_ENCRYPT_ENV "/usr/share/encrypt_partition/encrypt_partition.env"

static const char *const enable_encryption_action =
        "Encrypt the data partitions with LUKS2 and seal the key in the TPM: with isar-cip-core add the "
        "initramfs-crypt-hook recipe (kas/opt/encrypt-partitions.yml; CRYPT_PARTITIONS=\"var:/var:reencrypt\"), "
        "or otherwise cryptsetup luksFormat --type luks2 and systemd-cryptenroll --tpm2-device=auto.";

static bool token_is_tpm_kind(const struct luks_token *t)
{
        enum luks_token_kind k = luks_token_kind(t->type);
        return k == LUKS_TOKEN_TPM2 || k == LUKS_TOKEN_CLEVIS;
}

/* A TPM token seals the key unless its binding shows otherwise (no PCRs, a tang-only clevis pin). */
static bool token_seals(const struct luks_token *t)
{
        return token_is_tpm_kind(t) && t->tpm_bound != 0 && t->n_keyslots > 0;
}

/* A token whose keyslot holds a random key, not a passphrase a person types. */
static bool token_holds_random_key(const struct luks_token *t)
{
        return luks_token_kind(t->type) != LUKS_TOKEN_OTHER;
}

static const struct luks_token *keyslot_token(const struct luks_volume *v, int slot)
{
        for (size_t i = 0; i < v->n_tokens; i++)
                for (size_t j = 0; j < v->tokens[i].n_keyslots; j++)
                        if (v->tokens[i].keyslots[j] == slot)
                                return &v->tokens[i];
        return NULL;
}

static const struct luks_volume *volume_for(const struct facts *f, const struct data_mount *d)
{
        for (size_t i = 0; i < f->luks.n; i++)
                if (streq_ptr(f->luks.v[i].mountpoint, d->path) && !f->luks.v[i].err)
                        return &f->luks.v[i];
        return NULL;
}

static const char *hook_mode_for(const struct facts *f, const char *path, char *buf, size_t size)
{
        for (size_t i = 0; f->cip.encrypt_partitions && f->cip.encrypt_partitions[i]; i++) {
                _cleanup_strv_free_ char **parts = strv_split(f->cip.encrypt_partitions[i], ":");

                if (strv_length(parts) >= 3 && streq(parts[1], path)) {
                        snprintf(buf, size, "%s", parts[2]);
                        return buf;
                }
        }
        return NULL;
}

static void evidence_volume(struct check_ctx *c, const struct luks_volume *v)
{
        _cleanup_free_ char *slots = NULL, *tokens = NULL;

        for (size_t i = 0; i < v->n_keyslots; i++) {
                char *s = xasprintf("%s%s%d:%s", strempty(slots), slots ? " " : "", v->keyslots[i].id, strna(v->keyslots[i].pbkdf));
                free(slots);
                slots = s;
        }
        for (size_t i = 0; i < v->n_tokens; i++) {
                char *s = xasprintf("%s%s%d:%s%s%s%s", strempty(tokens), tokens ? " " : "", v->tokens[i].id, v->tokens[i].type,
                                    v->tokens[i].binding ? " (" : "", strempty(v->tokens[i].binding), v->tokens[i].binding ? ")" : "");
                free(tokens);
                tokens = s;
        }
        check_evidence(c, "luks", v->device, "%s (%s%s%s): LUKS%d, %s, %u-bit key, keyslots [%s], tokens [%s]",
                       v->device, v->source, v->mountpoint ? ", holds " : "", strempty(v->mountpoint), v->version,
                       strna(v->cipher), v->key_bits, strempty(slots), strempty(tokens));
}

/* The first ten of l joined with sep, and how many more: a summary stays a sentence. The caller owns it. */
static char *list_short(char **l, const char *sep)
{
        size_t n = strv_length(l);
        _cleanup_free_ char *head = NULL;
        char *saved;

        if (n <= 10)
                return strv_join(l, sep);
        saved = l[10];
        l[10] = NULL;
        head = strv_join(l, sep);
        l[10] = saved;
        return xasprintf("%s%sand %zu more", head, sep, n - 10);
}

static bool crypt_type_encrypts(const char *t)
{
        return t && (streq(t, "LUKS2") || streq(t, "LUKS1") || streq(t, "PLAIN") || streq(t, "crypttab") || streq(t, "crypt hook"));
}

/* "/home (a symlink to /var/home)": the path as the evidence names it. */
static char *data_mount_name(const struct data_mount *d)
{
        return d->link ? xasprintf("%s (a symlink to %s)", d->path, d->link) : xstrdup(d->path);
}

/*
 * The encrypted data mounts whose LUKS header was not read: a verdict drawn
 * from the headers that were read covers those volumes only, so each one left
 * over makes the check manual, named.
 */
static void headers_missing(struct check_ctx *c, const char *what)
{
        const struct facts *f = c->facts;
        size_t spare = 0; /* headers given with --luks-image that no mount claims: the caller's word for the rest */
        _cleanup_strv_free_ char **given = NULL; /* the mounts those headers were taken for */

        for (size_t k = 0; k < f->luks.n; k++)
                if (!f->luks.v[k].err && streq_ptr(f->luks.v[k].source, "image") && !f->luks.v[k].mountpoint)
                        spare++;

        for (size_t i = 0; i < f->data_mounts.n; i++) {
                const struct data_mount *d = &f->data_mounts.v[i];

                bool read = false;

                if (!d->crypt_type)
                        continue;
                for (size_t k = 0; k < f->luks.n; k++) {
                        const struct luks_volume *v = &f->luks.v[k];
                        if (!v->err && (streq_ptr(v->mountpoint, d->path) || streq_ptr(v->mountpoint, d->held_by) ||
                                        streq_ptr(v->device, d->crypt_device)))
                                read = true;
                }
                if (read || (d->held_by && strv_contains(given, d->held_by)))
                        continue;
                if (spare > 0) {
                        spare--;
                        strv_push(&given, d->path);
                        check_evidence(c, "luks", d->path, "encrypted (%s); its header is taken to be one given with --luks-image "
                                       "(nothing in the tree ties the two: the command line's word)", d->crypt_type);
                        continue;
                }
                check_manual(c, "%s is encrypted (%s) but its LUKS header was not read, so its %s is not judged", d->path, d->crypt_type, what);
                check_action(c, "Give that partition's header with --luks-image (cryptsetup luksHeaderBackup), or run bulwark assess on the device.");
        }
}

static void check_data_at_rest_encrypted(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        unsigned encrypted = 0, config_based = 0, nonpersistent = 0;
        _cleanup_strv_free_ char **enc = NULL, **failed = NULL, **undecided = NULL, **keys_exposed = NULL;
        _cleanup_free_ char *looked = NULL;

        if (check_fact_error_text(c, f->data_mounts.err, f->mounts.err_text, f->mounts.source ? f->mounts.source : "the mount table"))
                return;
        looked = strv_join(f->mounts.looked_at, ", ");
        check_evidence(c, "note", NULL, "file systems taken from: %s%s%s%s; plus /var, /home and the key files named in /etc/crypttab",
                       looked && *looked ? looked : "(no mount table)",
                       f->cip.encrypt_hook_installed ? ", the CIP crypt hook's partitions" : "",
                       f->cip.overlay_script ? ", the /etc overlay's storage (" : "", f->cip.overlay_script ? f->cip.overlay_script : "");
        if (f->cip.overlay_script)
                check_evidence_file(c, f->cip.overlay_script, "the /etc overlay keeps its upper dir under %s (device %s)",
                                    strna(f->cip.overlay_storage), strna(f->cip.overlay_device));
        if (!f->live && f->cip.encrypt_env && !f->cip.encrypt_hook_installed) {
                _cleanup_free_ char *parts = strv_join(f->cip.encrypt_partitions, " ");

                check_evidence_file(c, CIP_ENCRYPT_ENV, "names the partitions \"%s\", but the crypt hook is not installed (%s): nothing encrypts them at boot",
                                    strempty(parts), strna(f->cip.encrypt_hook_missing));
        } else if (!f->live && f->cip.encrypt_hook_installed)
                check_evidence_file(c, f->cip.encrypt_hook_script, "the CIP crypt hook is installed (initramfs hook and boot script executable)");
        for (char **l = f->mounts.unparsed; l && *l; l++) {
                check_evidence(c, "mount", f->mounts.source, "%s could not be parsed by libmount; systemd may still mount it "
                               "(systemd 252 reads fstab with getmntent, which takes missing fields as empty)", *l);
                strv_consume(&undecided, xasprintf("%s (unparseable)", *l));
        }
        for (char **l = f->mounts.undecided; l && *l; l++) {
                check_evidence(c, "unit", NULL, "%s", *l);
                strv_push(&undecided, *l);
        }

        for (size_t i = 0; i < f->data_mounts.n; i++) {
                const struct data_mount *d = &f->data_mounts.v[i];
                const struct luks_volume *v = volume_for(f, d);
                _cleanup_free_ char *name = data_mount_name(d);
                const char *key_of = startswith(strempty(d->why), "key file of ");
                char mode[64];

                if (d->undecided) {
                        check_evidence(c, "mount", d->how, "%s (%s): %s", name, strna(d->why), d->undecided);
                        strv_consume(&undecided, xasprintf("%s (%s)", d->path, d->undecided));
                        continue;
                }
                if (key_of) {
                        if (crypt_type_encrypts(d->crypt_type)) {
                                check_evidence(c, "mount", d->how, "the key file %s of %s is on %s (mount %s), itself encrypted (%s)", d->path, key_of,
                                               strna(d->source), d->held_by, d->crypt_type);
                                continue;
                        }
                        if (d->source && startswith(d->source, "/dev/mapper/")) {
                                check_evidence(c, "mount", d->how, "the key file %s of %s is on %s (mount %s), a device-mapper device not in /etc/crypttab",
                                               d->path, key_of, d->source, d->held_by);
                                strv_consume(&undecided, xasprintf("%s (key file of %s on %s)", d->path, key_of, d->source));
                                continue;
                        }
                        check_evidence(c, "mount", d->how, "the key file %s of %s is on %s (mount %s%s), which is not encrypted: whoever reads that storage opens %s",
                                       d->path, key_of, d->source ? d->source : "the root file system", d->held_by, d->read_only ? ", read-only" : "", key_of);
                        strv_consume(&keys_exposed, xasprintf("%s (key of %s on %s)", d->path, key_of, d->held_by));
                        continue;
                }
                if (d->volatile_fs) {
                        check_evidence(c, "mount", d->how, "%s (%s) is on %s (mount %s): in memory, nothing persists", name, strna(d->why), strna(d->fstype), d->held_by);
                        nonpersistent++;
                        continue;
                }
                if (!d->crypt_type && d->read_only) {
                        /* A read-only (often dm-verity) root holds no data written at run time. */
                        check_evidence(c, "mount", d->how, "%s (%s) is on %s (mount %s), mounted read-only: no data is written there at run time",
                                       name, strna(d->why), strna(d->source), d->held_by);
                        nonpersistent++;
                        continue;
                }
                if (!d->crypt_type && d->source && startswith(d->source, "/dev/mapper/")) {
                        check_evidence(c, "mount", d->how, "%s (%s) is on %s (mount %s): a device-mapper device not in /etc/crypttab%s", name, strna(d->why),
                                       d->source, d->held_by, f->live ? "" : " nor named by an installed crypt hook");
                        strv_consume(&undecided, xasprintf("%s (on %s, which no crypttab entry or installed crypt hook names; it may be LVM)", d->path, d->source));
                        continue;
                }
                if (!d->crypt_type) {
                        check_evidence(c, "mount", d->how, "%s (%s) is on %s (mount %s), no dm-crypt mapping under it", name, strna(d->why),
                                       d->source ? d->source : "the root file system", d->held_by);
                        if (!f->live && hook_mode_for(f, d->path, mode, sizeof(mode)))
                                check_evidence_file(c, CIP_ENCRYPT_ENV, "the CIP crypt hook's configuration lists %s with mode %s%s", d->path, mode,
                                                    f->cip.encrypt_hook_installed ? "" : " (the hook is not installed)");
                        strv_push(&failed, d->path);
                        continue;
                }
                check_evidence(c, "mount", d->how, "%s (%s) is on %s (mount %s): dm-crypt mapping %s over %s (%s)", name, strna(d->why),
                               strna(d->source), d->held_by, strna(d->crypt_name), strna(d->crypt_device), d->crypt_type);
                if (v)
                        evidence_volume(c, v);
                if (streq(d->crypt_type, "LUKS1") || (v && v->version == 1)) {
                        check_fail(c, "%s is encrypted with LUKS1, not LUKS2", d->path);
                        strv_push(&failed, d->path);
                } else if (streq(d->crypt_type, "PLAIN")) {
                        check_fail(c, "%s is on plain dm-crypt: no LUKS2 header, so no key management or TPM sealing", d->path);
                        strv_push(&failed, d->path);
                } else if (streq(d->crypt_type, "LUKS2")) {
                        encrypted++;
                        strv_push(&enc, d->path);
                } else if (streq(d->crypt_type, "crypt hook") || streq(d->crypt_type, "crypttab")) {
                        /* Offline: only configuration says it; a header given with --luks-image says more. */
                        encrypted++;
                        config_based++;
                        strv_push(&enc, d->path);
                        if (streq(d->crypt_type, "crypt hook"))
                                check_evidence_file(c, CIP_ENCRYPT_ENV, "the installed CIP crypt hook encrypts %s on first boot", d->path);
                } else
                        strv_consume(&undecided, xasprintf("%s (a dm-crypt mapping of type %s; confirm it is LUKS2)", d->path, d->crypt_type));
        }
        /* Headers given as images are data volumes too: a LUKS1 one fails whatever it holds. */
        for (size_t i = 0; i < f->luks.n; i++) {
                const struct luks_volume *v = &f->luks.v[i];

                if (v->mountpoint || !streq(v->source, "image"))
                        continue;
                if (v->err) {
                        check_evidence(c, "luks", v->device, "could not read a LUKS header: %s", v->err_text ? v->err_text : strerror(-v->err));
                        check_error(c, "could not read the LUKS header of %s: %s", v->device, v->err_text ? v->err_text : strerror(-v->err));
                        continue;
                }
                evidence_volume(c, v);
                if (v->version != 2) {
                        check_fail(c, "the data volume %s is LUKS%d, not LUKS2", v->device, v->version);
                        strv_push(&failed, v->device);
                }
        }

        if (keys_exposed) {
                _cleanup_free_ char *list = list_short(keys_exposed, ", ");

                check_fail(c, "a LUKS key file lies on an unencrypted file system, so the data it unlocks is not protected: %s", list);
                check_action(c, "Keep no key file on unencrypted storage: seal the key in the TPM (systemd-cryptenroll --tpm2-device=auto) "
                                "and remove the key file and its keyslot, or move the key onto an encrypted file system.");
        }
        if (failed) {
                _cleanup_free_ char *list = list_short(failed, ", ");

                check_fail(c, "data at rest is not encrypted: %zu persistent writable file system%s not on LUKS2: %s", strv_length(failed),
                           strv_length(failed) == 1 ? " is" : "s are", list);
                check_action(c, "%s", enable_encryption_action);
        }
        if (failed || keys_exposed)
                return;
        if (f->crypt_hook.optional && config_based) {
                check_manual(c, "the CIP crypt hook is configured with ENCRYPTION_OPTIONAL: without a TPM the device boots unencrypted");
                check_action(c, "Set CRYPT_ENCRYPTION_OPTIONAL=\"false\" in the image, or show that every device has a TPM 2.0.");
                return;
        }
        if (undecided) {
                _cleanup_free_ char *list = list_short(undecided, "; ");

                check_manual(c, "could not decide whether these hold data unencrypted: %s", list);
                check_action(c, "Show for each of them that it is encrypted (LUKS2) or holds no data written at run time.");
                return;
        }
        if (c->result->summary)
                return; /* a statement above stands */
        if (encrypted == 0 && nonpersistent > 0) {
                check_pass(c, "no persistent writable file system: each one found is read-only or in memory");
                return;
        }
        if (encrypted == 0) {
                check_error(c, "no file system holding run-time data was found to examine");
                return;
        }
        {
                _cleanup_free_ char *list = list_short(enc, ", ");

                if (config_based)
                        check_pass(c, "every persistent writable file system found (%s) is encrypted according to the configuration "
                                      "(config-based: confirm on the device or with --luks-image)", list);
                else
                        check_pass(c, "every persistent writable file system found (%s) is on LUKS2", list);
        }
}

/* Offline without a header: what the crypt hook's script shows, or what evidence is needed. */
static void tpm_sealed_from_config(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        bool hook_encrypts = false, crypttab_tpm = false;

        for (size_t i = 0; i < f->data_mounts.n; i++) {
                const struct data_mount *d = &f->data_mounts.v[i];
                if (streq_ptr(d->crypt_type, "crypt hook"))
                        hook_encrypts = true;
        }
        for (size_t i = 0; i < f->crypttab.n; i++) {
                const struct crypttab_entry *e = &f->crypttab.v[i];
                if (e->options && strstr(e->options, "tpm2-device=")) {
                        crypttab_tpm = true;
                        check_evidence_file(c, "/etc/crypttab", "%s %s unlocks with tpm2-device (%s)", e->name, e->device, e->options);
                }
        }
        if (hook_encrypts && f->crypt_hook.script) {
                check_evidence_file(c, f->crypt_hook.script, "crypt hook script: enrolls %s%s", strna(f->crypt_hook.backend),
                                    f->crypt_hook.wipes_initial_key ? ", then removes the initial key (keyslot 0)" : ", initial key removal not found");
                if (f->crypt_hook.backend && f->crypt_hook.wipes_initial_key) {
                        /* What the script would do at first boot is not what the header holds: no TPM, a failed enrolment. */
                        check_manual(c, "the CIP crypt hook's script enrolls a %s token and wipes the initial passphrase keyslot at first boot, "
                                        "but whether it did is in the LUKS header, which was not examined", f->crypt_hook.backend);
                        check_action(c, "Give the data partition's header with --luks-image (cryptsetup luksHeaderBackup), or run bulwark assess on the device.");
                        return;
                }
                check_manual(c, "the CIP crypt hook is installed but its script does not show both TPM enrolment and removal of the initial key");
                check_action(c, "Give the data partition's header with --luks-image, or run bulwark assess on the device.");
                return;
        }
        if (hook_encrypts || crypttab_tpm) {
                check_manual(c, "encryption is configured but no LUKS header is available offline to show a TPM token and no leftover passphrase");
                check_action(c, "Give the data partition's header with --luks-image (cryptsetup luksHeaderBackup), or run bulwark assess on the device.");
                return;
        }
        check_fail(c, "no LUKS data volume and no encryption configuration with a TPM-sealed key");
        check_action(c, "%s", enable_encryption_action);
}

static void check_luks_tpm_sealed(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        size_t judged = 0;

        if (f->live && f->cip.tpm_version >= 0)
                check_evidence(c, "tpm", "/sys/class/tpm/tpm0/tpm_version_major", "TPM %s",
                               f->cip.tpm_version == 2 ? "2.0 present" : f->cip.tpm_version == 1 ? "1.2 present (systemd-tpm2 needs 2.0)" : "not present");

        for (size_t i = 0; i < f->luks.n; i++) {
                const struct luks_volume *v = &f->luks.v[i];
                const struct luks_token *sealing = NULL;
                unsigned loose = 0;

                if (v->err) {
                        check_error(c, "could not read the LUKS header of %s: %s", v->device, v->err_text ? v->err_text : strerror(-v->err));
                        continue;
                }
                judged++;
                evidence_volume(c, v);
                if (v->version != 2) {
                        check_fail(c, "%s is LUKS%d: it cannot carry a TPM token", v->device, v->version);
                        check_action(c, "Convert %s to LUKS2 (cryptsetup convert --type luks2) and enroll a TPM: systemd-cryptenroll --tpm2-device=auto --tpm2-pcrs=7.", v->device);
                        continue;
                }
                for (size_t t = 0; t < v->n_tokens; t++) {
                        const struct luks_token *tk = &v->tokens[t];

                        if (token_seals(tk))
                                sealing = tk;
                        else if (token_is_tpm_kind(tk) && tk->tpm_bound == 0)
                                check_evidence(c, "luks", v->device, "token %d (%s) does not seal the key in the TPM: %s", tk->id, tk->type,
                                               strna(tk->binding));
                }
                if (!sealing) {
                        bool weak = false;

                        for (size_t t = 0; t < v->n_tokens; t++)
                                weak = weak || (token_is_tpm_kind(&v->tokens[t]) && v->tokens[t].tpm_bound == 0);
                        if (weak) {
                                check_fail(c, "%s: its TPM/clevis token releases the key without binding it to the TPM's boot state", v->device);
                                check_action(c, "Re-enroll with PCR binding: systemd-cryptenroll --wipe-slot=tpm2 --tpm2-device=auto --tpm2-pcrs=7 %s (clevis: a tpm2 pin).",
                                             v->device);
                                continue;
                        }
                        check_fail(c, "%s has no systemd-tpm2 or clevis token: its key is not sealed in a TPM", v->device);
                        check_action(c, "Enroll the TPM: systemd-cryptenroll --tpm2-device=auto --tpm2-pcrs=7 %s, then remove the passphrase: systemd-cryptenroll --wipe-slot=password %s.",
                                     v->device, v->device);
                        continue;
                }
                for (size_t s = 0; s < v->n_keyslots; s++) {
                        const struct luks_token *t = keyslot_token(v, v->keyslots[s].id);

                        if (t) {
                                if (luks_token_kind(t->type) == LUKS_TOKEN_RECOVERY)
                                        check_evidence(c, "luks", v->device, "keyslot %d holds a recovery key (token %d, %s): keep it offline",
                                                       v->keyslots[s].id, t->id, t->type);
                                continue;
                        }
                        loose++;
                        check_fail(c, "%s: keyslot %d is not bound to any token, so a passphrase opens the volume without the TPM",
                                   v->device, v->keyslots[s].id);
                        check_action(c, "Remove the passphrase keyslot: cryptsetup luksKillSlot %s %d (or systemd-cryptenroll --wipe-slot=password %s).",
                                     v->device, v->keyslots[s].id, v->device);
                }
                if (!loose)
                        check_pass(c, "every LUKS2 data volume has a %s token and no passphrase-only keyslot", sealing->type);
        }
        if (judged == 0 && f->live && f->luks.err < 0) {
                check_error(c, "could not read the block devices' LUKS headers: %s%s", f->luks.err_text ? f->luks.err_text : strerror(-f->luks.err),
                            f->luks.err == -EACCES || f->luks.err == -EPERM ? " (run bulwark as root)" : "");
                return;
        }
        if (judged == 0 && c->result->verdict != VERDICT_ERROR)
                tpm_sealed_from_config(c);
        else if (judged)
                headers_missing(c, "TPM sealing");
}

static bool config_has(const struct facts *f, const char *key)
{
        for (size_t i = 0; f->kernel.config && f->kernel.config[i]; i++) {
                const char *v = startswith(f->kernel.config[i], key);
                if (v && (streq(v, "=y") || streq(v, "=m")))
                        return true;
        }
        return false;
}

static bool module_has(const struct facts *f, const char *name)
{
        for (size_t i = 0; f->kernel.crypto_modules && f->kernel.crypto_modules[i]; i++) {
                const char *v = startswith(f->kernel.crypto_modules[i], name);
                if (v && *v == ':') {
                        return true;
                }
        }
        return false;
}

static void check_kernel_crypto(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        bool aes = false, xts = false, have_source = false;

        if (f->live && f->kernel.crypto_err >= 0 && f->kernel.crypto) {
                have_source = true;
                for (size_t i = 0; f->kernel.crypto[i]; i++) {
                        const char *n = f->kernel.crypto[i];
                        if (streq(n, "aes") || strstr(n, "(aes)"))
                                aes = true;
                        if (startswith(n, "xts("))
                                xts = true;
                }
                check_evidence(c, "kernel", "/proc/crypto", "aes %s, xts %s", aes ? "listed" : "not listed",
                               xts ? "listed" : "not listed (a template is listed only once something instantiated it)");
        } else if (f->live)
                check_evidence(c, "kernel", "/proc/crypto", "could not read: %s", strerror(-f->kernel.crypto_err));

        if ((!aes || !xts) && f->kernel.config) {
                bool caes = config_has(f, "CONFIG_CRYPTO_AES"), cxts = config_has(f, "CONFIG_CRYPTO_XTS");

                have_source = true;
                check_evidence_file(c, f->kernel.config_source, "CONFIG_CRYPTO_AES %s, CONFIG_CRYPTO_XTS %s", caes ? "set" : "not set",
                                    cxts ? "set" : "not set");
                aes = aes || caes;
                xts = xts || cxts;
        }
        if (!aes || !xts) {
                for (size_t i = 0; f->kernel.crypto_modules && f->kernel.crypto_modules[i]; i++)
                        check_evidence(c, "kernel", NULL, "%s", f->kernel.crypto_modules[i]);
                if (f->kernel.crypto_modules)
                        have_source = true;
                xts = xts || module_has(f, "xts");
                aes = aes || module_has(f, "aes_generic") || module_has(f, "aesni-intel") || module_has(f, "aes-ce-blk") || module_has(f, "aes-neon-blk");
        }
        if (aes && xts) {
                check_pass(c, "the kernel provides AES and XTS for disk encryption");
                return;
        }
        if (!have_source) {
                check_manual(c, "no /proc/crypto, kernel config or module list to show AES-XTS support");
                check_action(c, "Ship the kernel config as /boot/config-<release> in the image, or assess the running device.");
                return;
        }
        if (f->kernel.config) {
                check_fail(c, "the kernel lacks %s", !aes && !xts ? "AES and XTS" : !aes ? "AES" : "XTS");
                check_action(c, "Enable CONFIG_CRYPTO_AES and CONFIG_CRYPTO_XTS (built in or as modules) for dm-crypt.");
                return;
        }
        /* A module list shows what is a module, not what is built in: without the config, absence is not shown. */
        check_manual(c, "%s does not list %s and no kernel config says whether it is built in", f->live ? "/proc/crypto" : "the module list",
                     !aes ? "AES" : "XTS");
        check_action(c, "Ship the kernel config as /boot/config-<release>, or show that dm-crypt with aes-xts-plain64 works on the device.");
}

/* Applies one policy verdict: failures fail, unknowns need a person, legacy is recorded. Returns true when it failed. */
static bool apply_policy_verdict(struct check_ctx *c, const struct luks_volume *v, const char *what, const struct cp_verdict *pv)
{
        check_evidence(c, "luks", v->device, "%s: %s (%s: %s)", what, pv->reason, cp_status_to_string(pv->status), pv->rule);
        if (cp_status_fails(pv->status)) {
                check_fail(c, "%s: %s (%s)", v->device, pv->reason, pv->rule);
                return true;
        }
        if (pv->status == CP_UNKNOWN)
                check_manual(c, "%s: %s; judge it by hand", v->device, pv->reason);
        return false;
}

static void check_luks_crypto_parameters(struct check_ctx *c)
{
        const struct facts *f = c->facts;
        const struct crypto_policy *cp = c->profile->policy;
        size_t judged = 0;

        if (!cp) {
                check_error(c, "cannot load the crypto policy %s: %s", c->profile->crypto_policy,
                            c->profile->policy_error ? c->profile->policy_error : strerror(-c->profile->policy_err));
                return;
        }
        for (size_t i = 0; i < f->luks.n; i++) {
                const struct luks_volume *v = &f->luks.v[i];
                struct cp_verdict pv;
                bool bad = false;

                if (v->err)
                        continue;
                judged++;
                pv = cp_luks_cipher(cp, v->cipher, v->key_bits);
                if (apply_policy_verdict(c, v, "cipher", &pv)) {
                        check_action(c, "Re-encrypt %s with aes-xts-plain64 and a 512-bit key (cryptsetup reencrypt --cipher aes-xts-plain64 --key-size 512).", v->device);
                        bad = true;
                }
                for (size_t s = 0; s < v->n_keyslots; s++) {
                        const struct luks_keyslot *ks = &v->keyslots[s];
                        const struct luks_token *t = keyslot_token(v, ks->id);
                        bool pbkdf2 = ks->pbkdf && streq(ks->pbkdf, "pbkdf2");
                        struct cp_pbkdf_params params = {
                                .iterations = pbkdf2 ? ks->iterations : 0,
                                .time_cost = pbkdf2 ? 0 : ks->iterations,
                                .memory_kib = ks->memory_kb,
                                .hash = ks->hash,
                        };
                        _cleanup_free_ char *what = NULL;

                        /* A token's keyslot holds a random key: the KDF's work factor adds nothing there. */
                        if (t && token_holds_random_key(t))
                                continue;
                        what = xasprintf("keyslot %d PBKDF (passphrase)", ks->id);
                        pv = cp_pbkdf(cp, ks->pbkdf, &params);
                        if (apply_policy_verdict(c, v, what, &pv)) {
                                check_action(c, "Re-add the passphrase of %s keyslot %d with argon2id: cryptsetup luksConvertKey --pbkdf argon2id --key-slot %d %s.",
                                             v->device, ks->id, ks->id, v->device);
                                bad = true;
                        }
                }
                if (!bad)
                        check_pass(c, "LUKS cipher, key size and PBKDF meet the %s policy", crypto_policy_name(cp));
        }
        if (judged) {
                headers_missing(c, "cipher, key size and PBKDF");
                return;
        }
        if (f->luks.n) {
                /* Say why when it is the same for all: libcryptsetup could not be loaded. */
                check_error(c, "no LUKS header could be read%s%s", f->luks.v[0].err_text ? ": " : "", strempty(f->luks.v[0].err_text));
                return;
        }
        if (f->live && f->luks.err_text) {
                /* No block device could be probed at all (libblkid missing): that is not "no LUKS volume". */
                check_error(c, "could not look for LUKS block devices: %s", f->luks.err_text);
                return;
        }
        for (size_t i = 0; i < f->data_mounts.n; i++)
                if (f->data_mounts.v[i].crypt_type && !startswith(strempty(f->data_mounts.v[i].why), "key file of")) {
                        check_manual(c, "%s is encrypted but its LUKS header was not available to judge cipher, key size and PBKDF",
                                     f->data_mounts.v[i].path);
                        check_action(c, "Give the data partition's header with --luks-image (cryptsetup luksHeaderBackup), or run bulwark assess on the device.");
                        return;
                }
        check_na(c, "no LUKS volume: nothing to judge here (data-at-rest-encrypted covers its absence)");
}

const struct check_def checks_luks[] = {
        { .id = "data-at-rest-encrypted", .title = "Every persistent writable file system on LUKS2", .reqs = { "CR 4.1" }, .run = check_data_at_rest_encrypted,
          .facts = FACTS_LUKS | FACTS_MOUNTS | FACTS_CRYPTTAB | FACTS_CIP_ENCRYPT | FACTS_UNITS | FACTS_CMDLINE,
          .offline = "Every /etc/fstab line and every .mount unit that starts at boot, except tmpfs, kernel file systems, read-only mounts "
                     "(ro, squashfs, erofs) and the boot partitions (an overlay's upper dir and a bind mount's source are judged "
                     "where they lie), plus /var, /home, the CIP crypt hook's partitions (only when its "
                     "initramfs hook and boot script are installed and executable), the /etc overlay's storage (its initramfs script) and "
                     "the file system holding each LUKS key file named in /etc/crypttab; each must be under a crypttab mapping or the "
                     "installed crypt hook (config-based), and a key file must lie on encrypted storage.",
          .live = "The same file systems from /proc/self/mountinfo, each judged by the dm-crypt mapping under its device in sysfs "
                  "(LUKS2 passes; LUKS1 and plain dm-crypt fail), and LUKS headers read from the block devices.",
          .manual = "An fstab line libmount cannot parse, a .mount unit whose start at boot is undecided, a device-mapper device no "
                    "crypttab entry or crypt hook names, a network file system, a key on another device, an /etc overlay script whose "
                    "storage is not given as plain values, or a root file system neither fstab nor the kernel command line (ro/rw) "
                    "says how it is mounted; the verdict names each." },
        { .id = "luks-tpm-sealed", .title = "LUKS key sealed in the TPM, no passphrase keyslot left", .reqs = { "CR 4.1" }, .run = check_luks_tpm_sealed, .facts = FACTS_LUKS | FACTS_KCONFIG | FACTS_CIP_ENCRYPT,
          .offline = "The LUKS2 headers given with --luks-image: a systemd-tpm2 or clevis token bound to the TPM's PCRs, and no keyslot that no token holds; without a header, the CIP crypt hook's script and the tpm2-device= options of /etc/crypttab, which only show what is configured.",
          .live = "The LUKS headers of the block devices, read with libcryptsetup (the same token and keyslot rules), and whether a TPM is present (/sys/class/tpm).",
          .manual = "No LUKS header could be examined (offline without --luks-image, where the crypt hook or crypttab only configure sealing), or an encrypted data mount's header was not read." },
        { .id = "kernel-crypto-aes-xts", .title = "Kernel crypto provides AES-XTS", .reqs = { "CR 4.1" }, .run = check_kernel_crypto, .facts = FACTS_KCONFIG,
          .offline = "The kernel config shipped in the image (/boot/config-*: CONFIG_CRYPTO_AES and CONFIG_CRYPTO_XTS, built in or modules) and the crypto modules the image carries.",
          .live = "/proc/crypto, then the kernel config and the module list for what /proc/crypto does not list yet (a template appears there only once used).",
          .manual = "There is neither /proc/crypto, a kernel config nor a module list, or AES or XTS is missing from /proc/crypto or the module list with no kernel config to say it is not built in." },
        { .id = "luks-crypto-parameters", .title = "LUKS cipher, key size and PBKDF", .reqs = { "CR 4.3" }, .run = check_luks_crypto_parameters, .facts = FACTS_LUKS | FACTS_MOUNTS,
          .offline = "The LUKS headers given with --luks-image: cipher, key size and each passphrase keyslot's PBKDF, judged against the crypto policy.",
          .live = "The LUKS headers of the block devices, read with libcryptsetup and judged against the crypto policy.",
          .manual = "A data mount is encrypted but its header was not read (offline without --luks-image), or the policy does not know an algorithm the header uses." },
        {}
};
