#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bulwark factory-reset against a directory standing in for efivarfs and for
# the var partition: the bytes isar-cip-core's set-factory-reset.sh writes
# (attributes 7, "FactoryReset\n"), status and cancel, the marker-file mode,
# and the mode read from an installed factory-reset-helper; variables that are
# no request (volatile, empty, other bytes, a symlink) for status and request;
# --root never writing to this host's efivars. The immutable-flag and host
# efivars cases (a tmpfs over /sys/firmware in a private mount namespace) need
# root; the rest runs without.
set -eu
BULWARK=$1
T=$(mktemp -d)
trap 'chattr -R -i "$T" 2>/dev/null || true; rm -rf "$T"' EXIT
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

# A variable that exists but is no request (volatile, empty, other bytes) is not
# "already requested" and not "pending": status says so (exit 3), request rewrites
# it with CIP's attributes and content. A symlink is refused by both.
GOOD=07000000466163746f727952657365740a
hexof() { od -An -tx1 "$1" | tr -d ' \n'; }
for case in volatile empty other; do
        rm -f "$T/efivars/$VAR"
        case $case in
        volatile) printf '\006\000\000\000FactoryReset\n' >"$T/efivars/$VAR" ;;
        empty) : >"$T/efivars/$VAR" ;;
        other) printf '\007\000\000\000NotAReset' >"$T/efivars/$VAR" ;;
        esac
        rc=0
        FR --efivars "$T/efivars" status >"$T/out" 2>&1 || rc=$?
        [ $rc = 3 ] || fail "status of a $case variable: exit $rc, want 3 ($(cat "$T/out"))"
        grep -q "factory reset pending:" "$T/out" && fail "status calls a $case variable pending: $(cat "$T/out")"
        # efivarfs keeps variables immutable: the repair must lift that (root, on a file system with flags).
        [ "$(id -u)" = 0 ] && chattr +i "$T/efivars/$VAR" 2>/dev/null && immutable=" (immutable)" || immutable=""
        rc=0
        FR --efivars "$T/efivars" request --yes >"$T/out" 2>&1 || rc=$?
        [ $rc = 0 ] || fail "request over a $case variable$immutable: exit $rc ($(cat "$T/out"))"
        grep -q "rewritten" "$T/out" || fail "request over a $case variable says: $(cat "$T/out")"
        [ "$(hexof "$T/efivars/$VAR")" = $GOOD ] || fail "$case variable$immutable not repaired: $(hexof "$T/efivars/$VAR")"
        FR --efivars "$T/efivars" status >/dev/null || fail "status after repairing a $case variable"
        echo "ok: $case variable$immutable: status exit 3, request rewrote it"
done
rm -f "$T/efivars/$VAR"
printf '\007\000\000\000FactoryReset\n' >"$T/valid-elsewhere"
ln -s "$T/valid-elsewhere" "$T/efivars/$VAR"
rc=0
FR --efivars "$T/efivars" status >"$T/out" 2>&1 || rc=$?
[ $rc = 3 ] || fail "status of a symlinked variable: exit $rc ($(cat "$T/out"))"
rc=0
FR --efivars "$T/efivars" request --yes >"$T/out" 2>&1 || rc=$?
[ $rc = 3 ] || fail "request over a symlinked variable: exit $rc ($(cat "$T/out"))"
[ -L "$T/efivars/$VAR" ] || fail "request replaced the symlink"
grep -q "symbolic link" "$T/out" || fail "request over a symlink says: $(cat "$T/out")"
FR --efivars "$T/efivars" cancel >/dev/null || fail "cancel of a symlinked variable"
[ -e "$T/efivars/$VAR" ] || [ -L "$T/efivars/$VAR" ] && fail "cancel left the symlink"
[ -f "$T/valid-elsewhere" ] || fail "cancel removed the symlink's target"
echo "ok: a symlinked variable is refused by status and request, removed (not followed) by cancel"

# --root IMAGE reads the image's configuration through the root (its links resolve
# inside it) and never writes to this host's efivars: without --efivars it refuses.
IMG="$T/img"
mkdir -p "$IMG/usr/sbin" "$IMG/usr/lib/cip" "$IMG/sys/firmware/efi/efivars"
cat >"$IMG/usr/lib/cip/get-factory-reset.sh" <<'SH'
#!/bin/sh
marker_file="/sys/firmware/efi/efivars/FactoryResetRequest-abc688c9-fee3-41f7-87d3-1076e4a29e8f"
SH
ln -s /usr/lib/cip/get-factory-reset.sh "$IMG/usr/sbin/get-factory-reset.sh"   # absolute: inside the image
rc=0
"$BULWARK" factory-reset --root "$IMG" request --yes >"$T/out" 2>&1 || rc=$?
[ $rc = 2 ] || fail "--root without --efivars: exit $rc, want 2 ($(cat "$T/out"))"
grep -q -- "--efivars" "$T/out" || fail "--root without --efivars does not say what to give: $(cat "$T/out")"
[ -z "$(ls -A "$IMG/sys/firmware/efi/efivars")" ] || fail "--root without --efivars wrote into the image"
for a in status cancel; do
        rc=0
        "$BULWARK" factory-reset --root "$IMG" $a >/dev/null 2>&1 || rc=$?
        [ $rc = 2 ] || fail "--root $a without --efivars: exit $rc, want 2"
done
mkdir -p "$T/img-efivars"
"$BULWARK" factory-reset --root "$IMG" --efivars "$T/img-efivars" request --yes >"$T/out" || fail "--root with --efivars"
grep -q "mode efivar" "$T/out" || fail "the image's helper (an absolute link inside the image) was not read: $(cat "$T/out")"
[ "$(hexof "$T/img-efivars/$VAR")" = $GOOD ] || fail "--root --efivars: wrong bytes"
cat >"$IMG/usr/lib/cip/get-factory-reset.sh" <<'SH'
#!/bin/sh
marker="$(basename ".factory-reset")"
marker_storage_device="/dev/disk/by-partlabel/var"
SH
rc=0
"$BULWARK" factory-reset --root "$IMG" request --yes >"$T/out" 2>&1 || rc=$?
[ $rc = 2 ] && grep -q -- "--marker-dir" "$T/out" || fail "--root, file mode, without --marker-dir: exit $rc ($(cat "$T/out"))"
mkdir -p "$T/img-var"
"$BULWARK" factory-reset --root "$IMG" --marker-dir "$T/img-var" request --yes >/dev/null || fail "--root with --marker-dir"
[ -f "$T/img-var/.factory-reset" ] || fail "--root --marker-dir: no marker"
echo "ok: --root reads the image's helper through its links and writes only where --efivars/--marker-dir say"

# The same refusal where this host has efivars: in a private mount namespace a tmpfs
# stands in for /sys/firmware, so even a regression cannot touch the real variables.
if [ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null; then
        unshare -m --propagation private sh -c '
                set -e
                mount -t tmpfs bulwark-fr-$$ /sys/firmware
                mkdir -p /sys/firmware/efi/efivars
                "$1" factory-reset --root "$2" request --yes >/dev/null 2>&1 || true
                "$1" factory-reset --root "$2" --mode efivar request --yes >/dev/null 2>&1 || true
                [ -z "$(ls -A /sys/firmware/efi/efivars)" ]' sh "$BULWARK" "$IMG" ||
                fail "--root wrote to the host's /sys/firmware/efi/efivars (a tmpfs in a private mount namespace)"
        echo "ok: --root never writes to the host's /sys/firmware/efi/efivars"
else
        echo "skip: host efivars stand-in needs root and mount namespaces"
fi

rc=0
"$BULWARK" factory-reset --root "$T/empty-root" status >/dev/null 2>&1 || rc=$?
[ $rc = 3 ] || fail "no configuration and no --efivars/--mode: exit $rc, expected 3"
rc=0
"$BULWARK" factory-reset frobnicate >/dev/null 2>&1 || rc=$?
[ $rc = 2 ] || fail "unknown action: exit $rc"
echo "ok: no configuration and bad actions are errors"
