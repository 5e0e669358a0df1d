#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bulwark factory-reset against a directory standing in for efivarfs and for
# the var partition: the bytes isar-cip-core's set-factory-reset.sh writes
# (attributes 7, "FactoryReset\n"), status and cancel, the marker-file mode,
# and the mode read from an installed factory-reset-helper. No root needed.
set -eu
BULWARK=$1
T=$(mktemp -d)
trap 'chattr -R -i "$T" 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
VAR=FactoryResetRequest-abc688c9-fee3-41f7-87d3-1076e4a29e8f
mkdir -p "$T/efivars" "$T/var" "$T/empty-root"

FR() { "$BULWARK" factory-reset --root "$T/empty-root" "$@"; }

rc=0
FR --efivars "$T/efivars" status >/dev/null || rc=$?
[ $rc = 1 ] || fail "status with nothing pending: exit $rc"
rc=0
FR --efivars "$T/efivars" request </dev/null >/dev/null 2>&1 || rc=$?
[ $rc = 2 ] || fail "request without --yes and no terminal: exit $rc"
[ -e "$T/efivars/$VAR" ] && fail "request without confirmation wrote the variable"

FR --efivars "$T/efivars" request --yes >/dev/null || fail "request"
[ "$(od -An -tx1 "$T/efivars/$VAR" | tr -d ' \n')" = "07000000466163746f727952657365740a" ] ||
        fail "efivar bytes: $(od -An -tx1 "$T/efivars/$VAR")"
FR --efivars "$T/efivars" status >"$T/out" || fail "status after request"
grep -q "FactoryReset" "$T/out" || fail "status does not recognise CIP's content"
FR --efivars "$T/efivars" request --yes >/dev/null || fail "second request (idempotent)"
# efivarfs makes variables immutable; cancel must lift that as `chattr -i` does (root, on a file system with flags).
if [ "$(id -u)" = 0 ] && chattr +i "$T/efivars/$VAR" 2>/dev/null; then
        FR --efivars "$T/efivars" cancel >/dev/null || { chattr -i "$T/efivars/$VAR"; fail "cancel of an immutable variable"; }
        FR --efivars "$T/efivars" request --yes >/dev/null || fail "request after immutable cancel"
        echo "ok: immutable variable cancelled"
fi
FR --efivars "$T/efivars" cancel >/dev/null || fail "cancel"
[ -e "$T/efivars/$VAR" ] && fail "cancel left the variable"
rc=0
FR --efivars "$T/efivars" status >/dev/null || rc=$?
[ $rc = 1 ] || fail "status after cancel: exit $rc"
echo "ok: efivar request/status/cancel with CIP's bytes"

FR --mode file --marker-dir "$T/var" request --yes >/dev/null || fail "file request"
[ -f "$T/var/.factory-reset" ] || fail "marker file missing"
FR --mode file --marker-dir "$T/var" status >/dev/null || fail "file status"
FR --mode file --marker-dir "$T/var" cancel >/dev/null || fail "file cancel"
[ -e "$T/var/.factory-reset" ] && fail "marker file left"
echo "ok: marker-file mode"

# The mode comes from the installed CIP helper (factory-reset-helper-file), not from a guess.
mkdir -p "$T/root/usr/sbin" "$T/root/usr/share/factory-reset"
cat >"$T/root/usr/sbin/get-factory-reset.sh" <<'SH'
#!/bin/sh
marker="$(basename ".factory-reset")"
marker_storage_device="/dev/disk/by-partlabel/var"
SH
printf 'INITRAMFS_FACTORY_RESET_DEVICES="/dev/disk/by-partlabel/var"\nINITRAMFS_FACTORY_RESET_LUKS_FORMAT_TYPE="ext4"\n' \
        >"$T/root/usr/share/factory-reset/reset-env"
"$BULWARK" factory-reset --root "$T/root" --marker-dir "$T/var" request --yes >"$T/out" || fail "request from helper config"
grep -q "mode file" "$T/out" || fail "mode not taken from the helper: $(cat "$T/out")"
[ -f "$T/var/.factory-reset" ] || fail "helper-configured marker missing"
rm "$T/var/.factory-reset"
cat >"$T/root/usr/sbin/get-factory-reset.sh" <<'SH'
#!/bin/sh
marker_file="/sys/firmware/efi/efivars/FactoryResetRequest-abc688c9-fee3-41f7-87d3-1076e4a29e8f"
SH
"$BULWARK" factory-reset --root "$T/root" --efivars "$T/efivars" request --yes >"$T/out" || fail "request, efi helper"
grep -q "mode efivar" "$T/out" || fail "efivar mode not taken from the helper"
[ -e "$T/efivars/$VAR" ] || fail "efi helper: variable missing"
echo "ok: mode taken from the installed factory-reset-helper"

rc=0
"$BULWARK" factory-reset --root "$T/empty-root" status >/dev/null 2>&1 || rc=$?
[ $rc = 3 ] || fail "no configuration and no --efivars/--mode: exit $rc, expected 3"
rc=0
"$BULWARK" factory-reset frobnicate >/dev/null 2>&1 || rc=$?
[ $rc = 2 ] || fail "unknown action: exit $rc"
echo "ok: no configuration and bad actions are errors"
