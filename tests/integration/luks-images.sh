#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Data at rest (CR 4.1, CR 4.3) through `bulwark assess --root DIR --luks-image IMG`:
# real LUKS headers made by cryptsetup on sparse image files, tokens imported
# with `cryptsetup token import`, keyslots killed. Only headers are touched.
set -euo pipefail

BULWARK=${1:-${BULWARK:-bulwark}}
command -v cryptsetup >/dev/null || { echo "cryptsetup missing"; exit 77; }
command -v /usr/bin/python3 >/dev/null || { echo "python3 missing"; exit 77; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0

FAST=(--batch-mode --pbkdf pbkdf2 --pbkdf-force-iterations 1000)
ARGON=(--batch-mode --pbkdf argon2id --pbkdf-memory 32768 --pbkdf-force-iterations 4 --pbkdf-parallel 1)
printf pw0 >"$T/k0"
printf pw1 >"$T/k1"
cat >"$T/tpm2.json" <<'J'
{"type":"systemd-tpm2","keyslots":["1"],"tpm2-blob":"AAAA","tpm2-pcrs":[7],"tpm2-pcr-bank":"sha256","tpm2-primary-alg":"ecc","tpm2-policy-hash":"0000","tpm2-pin":false}
J
cat >"$T/clevis.json" <<'J'
{"type":"clevis","keyslots":["1"],"jwe":{"ciphertext":"","encrypted_key":"","iv":"","protected":"eyJjbGV2aXMiOnsicGluIjoidHBtMiJ9fQ","tag":""}}
J

# make_image NAME TYPE KDF-ARGS... -- extra luksFormat args: slot 0 = pw0, slot 1 = pw1
make_image() {
        local img="$T/$1.img" type=$2; shift 2
        truncate -s 20M "$img"
        cryptsetup luksFormat --type "$type" --key-file "$T/k0" "$@" "$img"
        cryptsetup luksAddKey --key-file "$T/k0" "${@:1:${KDFN:-5}}" "$img" "$T/k1"
        echo "$img"
}

# verdict JSON CHECK-ID
verdict() {
        /usr/bin/python3 - "$1" "$2" <<'P'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["requirements"]:
    for c in r["checks"]:
        if c["id"] == sys.argv[2]:
            print(c["verdict"]); sys.exit(0)
print("missing")
P
}
summary() {
        /usr/bin/python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
for r in d["requirements"]:
    for c in r["checks"]:
        if c["id"]==sys.argv[2]: print(c["summary"]); print(c["action"]); print(json.dumps(c["evidence"]))' "$1" "$2"
}

expect() { # NAME JSON CHECK-ID VERDICT [GREP-IN-SUMMARY-OR-EVIDENCE]
        local got; got=$(verdict "$2" "$3")
        if [ "$got" != "$4" ]; then
                echo "FAIL $1: $3 is $got, expected $4"; summary "$2" "$3"; fails=$((fails + 1)); return
        fi
        local text; text=$(summary "$2" "$3")
        if [ -n "${5:-}" ] && ! grep -q -- "$5" <<<"$text"; then
                echo "FAIL $1: $3 lacks '$5'"; summary "$2" "$3"; fails=$((fails + 1)); return
        fi
        echo "ok   $1: $3 $4"
}

assess() { # OUT ROOT [ARGS...]
        local out=$1 root=$2; shift 2
        "$BULWARK" assess --root "$root" --format json --output "$out" "$@" || [ $? -le 1 ]
}

# Fixture roots, generated: only the bytes the checks read.
mkdir -p "$T/bare/etc" "$T/cip/etc" "$T/cip/usr/share/encrypt_partition" "$T/cip/boot" "$T/noenc/usr/share/encrypt_partition" "$T/noenc/etc"
printf 'UUID=1 / ext4 defaults 0 1\n/dev/sda3 /var ext4 defaults 0 2\n' >"$T/bare/etc/fstab"
printf 'PARTITIONS="var:/var:reencrypt"\nCREATE_FILE_SYSTEM_CMD="/usr/sbin/mke2fs -t ext4"\n' >"$T/cip/usr/share/encrypt_partition/encrypt_partition.env"
cat >"$T/cip/usr/share/encrypt_partition/encrypt_partition_tpm2" <<'S'
#!/bin/sh
/usr/bin/systemd-cryptenroll --tpm2-device="$tpm_device" --tpm2-pcrs=7 "$1"
/usr/bin/systemd-cryptenroll "$partition" --wipe-slot=0
S
ln -s var/home "$T/cip/home"
# No fstab: the root stays as the kernel command line mounts it (read-only here, as on CIP's verity
# root); the command line is the one the boot loader passes (systemd-boot, one Type #1 entry).
mkdir -p "$T/cip/boot/efi/loader/entries" "$T/cip/boot/efi/EFI/systemd"
printf 'MZ\n' >"$T/cip/boot/efi/EFI/systemd/systemd-bootx64.efi"
printf 'title CIP\nlinux /vmlinuz\noptions root=/dev/disk/by-partlabel/root ro rootwait\n' >"$T/cip/boot/efi/loader/entries/cip.conf"
# The hook counts only when installed: initramfs hook and boot script in place and executable.
mkdir -p "$T/cip/usr/share/initramfs-tools/hooks" "$T/cip/usr/share/initramfs-tools/scripts/local-top"
printf '#!/bin/sh
' >"$T/cip/usr/share/initramfs-tools/hooks/encrypt_partition"
printf '#!/bin/sh
. /usr/share/encrypt_partition/encrypt_partition_tpm2
' >"$T/cip/usr/share/initramfs-tools/scripts/local-top/encrypt_partition"
chmod 0755 "$T/cip/usr/share/initramfs-tools/hooks/encrypt_partition" "$T/cip/usr/share/initramfs-tools/scripts/local-top/encrypt_partition"
printf 'CONFIG_CRYPTO_AES=y\nCONFIG_CRYPTO_XTS=m\n# CONFIG_CRYPTO_SERPENT is not set\n' >"$T/cip/boot/config-6.1.0-cip"
printf 'PARTITIONS="var:/var:noencrypt"\n' >"$T/noenc/usr/share/encrypt_partition/encrypt_partition.env"
printf '/dev/sda3 /var ext4 defaults 0 2\n' >"$T/noenc/etc/fstab"
mkdir -p "$T/bare/boot"; printf 'CONFIG_CRYPTO_AES=y\n# CONFIG_CRYPTO_XTS is not set\n' >"$T/bare/boot/config-6.1.0"
# Each is an OS tree (bulwark assess refuses a directory without os-release or a package database).
for r in bare cip noenc; do echo 'ID=debian' >"$T/$r/etc/os-release"; done

# 1. TPM token on slot 1, passphrase slot 0 killed: sealed, parameters fine.
img=$(make_image sealed luks2 "${FAST[@]}")
cryptsetup token import --json-file "$T/tpm2.json" --token-id 0 "$img"
cryptsetup luksKillSlot --batch-mode --key-file "$T/k1" "$img" 0 </dev/null
assess "$T/1.json" "$T/cip" --luks-image "$img"
expect sealed "$T/1.json" luks-tpm-sealed pass systemd-tpm2
expect sealed "$T/1.json" luks-crypto-parameters pass
expect sealed "$T/1.json" data-at-rest-encrypted pass "config-based"

# 1a. Must not pass: the crypt hook encrypts two partitions (/var, /srv) and one header is given.
# That header stands for one of them; the other's sealing is not shown, so the check is manual, named.
cp -a "$T/cip" "$T/cip2"
printf 'PARTITIONS="var:/var:reencrypt srv:/srv:reencrypt"\nCREATE_FILE_SYSTEM_CMD="/usr/sbin/mke2fs -t ext4"\n' \
        >"$T/cip2/usr/share/encrypt_partition/encrypt_partition.env"
assess "$T/1a.json" "$T/cip2" --luks-image "$img"
expect one-header-two-partitions "$T/1a.json" luks-tpm-sealed manual "header was not read"
expect one-header-two-partitions "$T/1a.json" luks-crypto-parameters manual "header was not read"

# 1b. The header alone, as `cryptsetup luksHeaderBackup` writes it (what the actions ask for), judges the same.
cryptsetup luksHeaderBackup "$img" --header-backup-file "$T/sealed.hdr"
assess "$T/1b.json" "$T/cip" --luks-image "$T/sealed.hdr"
expect header-backup "$T/1b.json" luks-tpm-sealed pass systemd-tpm2

# 2. Same but the passphrase slot is left: fail naming keyslot 0.
img=$(make_image leftover luks2 "${FAST[@]}")
cryptsetup token import --json-file "$T/tpm2.json" --token-id 0 "$img"
assess "$T/2.json" "$T/cip" --luks-image "$img"
expect leftover "$T/2.json" luks-tpm-sealed fail "keyslot 0 is not bound"
# ... and its pbkdf2 with 1000 iterations is judged (a person types that passphrase): legacy under the policy module.
expect leftover "$T/2.json" luks-crypto-parameters pass "keyslot 0 PBKDF (passphrase): pbkdf2 with 1000 iterations: below"

# 3. LUKS1: no tokens possible, and not LUKS2.
img=$(make_image luks1 luks1 --batch-mode --pbkdf-force-iterations 1000)
assess "$T/3.json" "$T/cip" --luks-image "$img"
expect luks1 "$T/3.json" luks-tpm-sealed fail "LUKS1"
expect luks1 "$T/3.json" data-at-rest-encrypted fail "LUKS1"

# 4. Weak cipher: CR 4.3 finding naming the mode and the rule.
img=$(make_image weak luks2 "${FAST[@]}" --cipher aes-cbc-plain --key-size 128)
cryptsetup token import --json-file "$T/tpm2.json" --token-id 0 "$img"
cryptsetup luksKillSlot --batch-mode --key-file "$T/k1" "$img" 0 </dev/null
assess "$T/4.json" "$T/cip" --luks-image "$img"
expect weak "$T/4.json" luks-crypto-parameters fail "watermarking"
/usr/bin/python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
r=[r for r in d["requirements"] if r["id"]=="CR 4.3"][0]
sys.exit(0 if r["verdict"]=="fail" else 1)' "$T/4.json" && echo "ok   weak: CR 4.3 fail" || { echo "FAIL weak: CR 4.3 not fail"; fails=$((fails + 1)); }

# 5. argon2id with a clevis token, passphrase slot 0 left: not sealed, but argon2id passes CR 4.3.
img=$(KDFN=${#ARGON[@]} make_image argon luks2 "${ARGON[@]}")
cryptsetup token import --json-file "$T/clevis.json" --token-id 0 "$img"
assess "$T/5.json" "$T/cip" --luks-image "$img"
expect argon "$T/5.json" luks-tpm-sealed fail "keyslot 0"
expect argon "$T/5.json" luks-crypto-parameters pass
cryptsetup luksKillSlot --batch-mode --key-file "$T/k1" "$img" 0 </dev/null
assess "$T/5b.json" "$T/cip" --luks-image "$img"
expect argon-killed "$T/5b.json" luks-tpm-sealed pass clevis

# bsi: the same weak header fails there too; an unknown policy name is an error of this check, not a crash.
assess "$T/4b.json" "$T/cip" --luks-image "$T/weak.img" --policy bsi
expect weak-bsi "$T/4b.json" luks-crypto-parameters fail "BSI"

# 6. Offline without a header: the crypt hook's configuration decides, and says so.
assess "$T/6.json" "$T/cip"
expect hook "$T/6.json" data-at-rest-encrypted pass "config-based"
# The script enrolls the TPM and wipes slot 0 at first boot; whether it did is in the header: manual.
expect hook "$T/6.json" luks-tpm-sealed manual "--luks-image"
expect hook "$T/6.json" luks-crypto-parameters manual "--luks-image"
expect hook "$T/6.json" kernel-crypto-aes-xts pass
grep -q "/home (a symlink to /var/home) (data directory) is on /dev/disk/by-partlabel/var" <<<"$(summary "$T/6.json" data-at-rest-encrypted)" && echo "ok   hook: /home followed into /var" ||
        { echo "FAIL hook: /home symlink not followed"; summary "$T/6.json" data-at-rest-encrypted; fails=$((fails + 1)); }

# 7. A hook set to noencrypt, and a bare tree: not encrypted.
assess "$T/7.json" "$T/noenc"
expect noencrypt "$T/7.json" data-at-rest-encrypted fail "mode noencrypt"
expect noencrypt "$T/7.json" kernel-crypto-aes-xts manual
assess "$T/8.json" "$T/bare"
expect bare "$T/8.json" data-at-rest-encrypted fail "/dev/sda3"
expect bare "$T/8.json" luks-tpm-sealed fail
expect bare "$T/8.json" luks-crypto-parameters na
expect bare "$T/8.json" kernel-crypto-aes-xts fail "CONFIG_CRYPTO_XTS not set"

# 7b. A systemd-tpm2 token bound to no PCR: the TPM gives the key to whatever boots.
img=$(make_image nopcr luks2 "${FAST[@]}")
sed 's/"tpm2-pcrs":\[7\]/"tpm2-pcrs":[]/' "$T/tpm2.json" >"$T/nopcr.json"
cryptsetup token import --json-file "$T/nopcr.json" --token-id 0 "$img"
cryptsetup luksKillSlot --batch-mode --key-file "$T/k1" "$img" 0 </dev/null
assess "$T/13.json" "$T/cip" --luks-image "$img"
expect nopcr "$T/13.json" luks-tpm-sealed fail "without any PCR binding"

# 8. crypttab names the header given as an image by UUID: it is /var's volume, and LUKS1 there fails.
mkdir -p "$T/ctab/etc"
echo 'ID=debian' >"$T/ctab/etc/os-release"
printf 'UUID=r / ext4 ro 0 1\n/dev/mapper/cvar /var ext4 defaults 0 2\n' >"$T/ctab/etc/fstab"
printf 'cvar UUID=%s none luks,tpm2-device=auto\n' "$(cryptsetup luksUUID "$T/sealed.img")" >"$T/ctab/etc/crypttab"
assess "$T/10.json" "$T/ctab" --luks-image "$T/sealed.img"
expect crypttab "$T/10.json" data-at-rest-encrypted pass "holds /var"
expect crypttab "$T/10.json" luks-tpm-sealed pass
printf 'cvar UUID=%s none luks\n' "$(cryptsetup luksUUID "$T/luks1.img")" >"$T/ctab/etc/crypttab"
assess "$T/11.json" "$T/ctab" --luks-image "$T/luks1.img"
expect crypttab-luks1 "$T/11.json" data-at-rest-encrypted fail "/var is encrypted with LUKS1"

# 8b. The same LUKS2 volume (found by the UUID luksDump shows) unlocked by a key file on a plain /boot: not protected.
uuid=$(cryptsetup luksDump "$T/sealed.img" | sed -n 's/^UUID:[[:space:]]*//p')
mkdir -p "$T/kf/etc" "$T/kf/boot"
echo 'ID=debian' >"$T/kf/etc/os-release"
printf '/dev/sda2 / ext4 ro 0 1\n/dev/sda1 /boot ext4 defaults 0 2\n/dev/mapper/cvar /var ext4 defaults 0 2\n' >"$T/kf/etc/fstab"
printf 'cvar UUID=%s /boot/var.key luks\n' "$uuid" >"$T/kf/etc/crypttab"
assess "$T/13.json" "$T/kf" --luks-image "$T/sealed.img"
expect keyfile-boot "$T/13.json" data-at-rest-encrypted fail "/boot/var.key"
expect keyfile-boot "$T/13.json" data-at-rest-encrypted fail "holds /var"
# ... and with the key sealed instead (no key file), the same volume passes.
printf 'cvar UUID=%s none luks,tpm2-device=auto\n' "$uuid" >"$T/kf/etc/crypttab"
assess "$T/14.json" "$T/kf" --luks-image "$T/sealed.img"
expect keyfile-none "$T/14.json" data-at-rest-encrypted pass

# 8c. The crypt hook's env without the hook installed: its partition does not count.
cp -a "$T/cip" "$T/nohook"
rm "$T/nohook/usr/share/initramfs-tools/hooks/encrypt_partition"
assess "$T/15.json" "$T/nohook" --luks-image "$T/sealed.img"
expect hook-not-installed "$T/15.json" data-at-rest-encrypted fail "the crypt hook is not installed"

# 9. Not a LUKS image: error, never a pass.
truncate -s 1M "$T/zero.img"
assess "$T/9.json" "$T/cip" --luks-image "$T/zero.img"
expect not-luks "$T/9.json" luks-tpm-sealed error

# 10. A FIFO or a missing path given as --luks-image: an error with the reason, never a hang.
mkfifo "$T/fifo"
timeout 20 "$BULWARK" assess --root "$T/cip" --format json --output "$T/12.json" --luks-image "$T/fifo" --luks-image "$T/missing.img" || [ $? -le 3 ]
expect fifo "$T/12.json" luks-tpm-sealed error "fifo"
expect fifo "$T/12.json" data-at-rest-encrypted error "No such file"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
