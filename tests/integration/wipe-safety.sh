#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Refusals: a mounted device (and the disk of a mounted partition), a device
# in use as swap, the device holding /, names that are not exact, and
# symlinks or directories without --recursive; and the users holders/ does
# not show: a loop device built on the target, swap on one, a file backing a
# loop device, a mount held only by another mount namespace, an active swap
# file. Each refusal must leave the
# content untouched.
. "$(dirname "$0")/wipe-lib.sh"
need_root

BLOCKS=4096 # 16 MiB
fill_known "$T/a.img" $BLOCKS

# Mounted file system on the device.
truncate -s 32M "$T/fs.img"
mkfs.ext4 -q -F "$T/fs.img"
M=$(new_loop "$T/fs.img")
mkdir "$T/mnt"
mount "$M" "$T/mnt"
MOUNTS="$T/mnt"
echo keep >"$T/mnt/keep"
sync
before=$(dd if="$M" iflag=direct bs=1M status=none | sha256sum)
rc=0
"$BULWARK" wipe -q --yes "$M" 2>"$T/err" || rc=$?
[ $rc = 2 ] || fail "mounted device: exit $rc, expected 2 (refused)"
grep -q "mounted on $T/mnt" "$T/err" || { cat "$T/err"; fail "mounted device: refusal does not say where it is mounted"; }
[ "$(dd if="$M" iflag=direct bs=1M status=none | sha256sum)" = "$before" ] || fail "mounted device was written"
ok "mounted device refused"
umount "$T/mnt"
MOUNTS=""

# A partitioned disk whose partition is mounted: the disk is refused too.
truncate -s 64M "$T/disk.img"
command -v sfdisk >/dev/null || fail "sfdisk (package fdisk) missing"
printf 'label: dos\n,32M,L\n,,L\n' | sfdisk -q "$T/disk.img" >/dev/null 2>&1 || fail "sfdisk"
D=$(new_loop "$T/disk.img" -P)
partx -a "$D" 2>/dev/null || true
# Without udev there are no partition nodes; make them from sysfs.
DN=$(basename "$D")
for p in 1 2; do
        if [ ! -b "${D}p$p" ] && [ -r "/sys/class/block/${DN}p$p/dev" ]; then
                mknod "$T/${DN}p$p" b $(tr ':' ' ' <"/sys/class/block/${DN}p$p/dev")
        else
                ln -s "${D}p$p" "$T/${DN}p$p" 2>/dev/null || true
        fi
done
P1=$T/${DN}p1
P2=$T/${DN}p2
if [ -b "$P1" ]; then
        mkfs.ext4 -q -F "$P1"
        mount "$P1" "$T/mnt"
        MOUNTS="$T/mnt"
        rc=0
        "$BULWARK" wipe -q --yes "$D" 2>"$T/err" || rc=$?
        [ $rc = 2 ] || fail "disk with a mounted partition: exit $rc"
        grep -q "mounted" "$T/err" || fail "disk with a mounted partition: reason missing"
        rc=0
        "$BULWARK" wipe -q --yes --verify none "$P2" >/dev/null 2>&1 || rc=$?
        [ $rc = 0 ] || fail "the other, unmounted partition was refused ($rc)"
        umount "$T/mnt"
        MOUNTS=""
        ok "disk of a mounted partition refused, its unmounted sibling erased"
else
        echo "note: no partition nodes for $D (udev); partition case skipped"
fi

# Swap.
truncate -s 16M "$T/swap.img"
S=$(new_loop "$T/swap.img")
mkswap -q "$S" >/dev/null
if swapon "$S" 2>/dev/null; then
        SWAPS="$S"
        rc=0
        "$BULWARK" wipe -q --yes "$S" 2>"$T/err" || rc=$?
        [ $rc = 2 ] || fail "swap device: exit $rc"
        grep -q "swap" "$T/err" || fail "swap: reason missing"
        swapoff "$S"
        SWAPS=""
        ok "active swap device refused"
else
        echo "note: swapon not permitted here; swap case skipped"
fi

# The device holding /: refused before it is opened for writing (checked with --dry-run first,
# so a broken check can never reach the write; the real run must be refused the same way).
ROOTDEV=$(findmnt -no SOURCE / 2>/dev/null || true)
if [ -b "$ROOTDEV" ]; then
        rc=0
        "$BULWARK" wipe --dry-run "$ROOTDEV" 2>"$T/err" || rc=$?
        [ $rc = 2 ] && grep -q "holds the root file system" "$T/err" || { cat "$T/err"; fail "root device not refused in dry run"; }
        rc=0
        "$BULWARK" wipe -q --yes --verify none "$ROOTDEV" 2>"$T/err" || rc=$?
        [ $rc = 2 ] && grep -q "holds the root file system" "$T/err" || fail "root device not refused"
        ok "device holding / ($ROOTDEV) refused"
else
        echo "note: / is not on a block device here ($ROOTDEV); root case skipped"
fi

# Not exactly named.
A=$(new_loop "$T/a.img")
for name in "$(basename "$A")" "/dev/loop*" "/dev/../dev/$(basename "$A")" "/dev//$(basename "$A")" "/dev/no-such-device"; do
        rc=0
        "$BULWARK" wipe -q --yes "$name" 2>/dev/null || rc=$?
        [ $rc = 2 ] || fail "inexact name '$name' not refused (exit $rc)"
done
ln -s "$A" "$T/link-to-dev"
ln -s "$T/a.img" "$T/link-to-file"
rc=0
"$BULWARK" wipe -q --yes "$T/link-to-file" 2>/dev/null || rc=$?
[ $rc = 2 ] || fail "symlink to a file not refused"
[ "$(survivors "$A" $BLOCKS)" = $BLOCKS ] || fail "a refused name wrote to the device"
mkdir "$T/dir"
rc=0
"$BULWARK" wipe -q --yes "$T/dir" 2>/dev/null || rc=$?
[ $rc = 2 ] || fail "directory without --recursive not refused"
ok "inexact names, symlinks and directories without --recursive refused"

# Two block devices in one run are refused: one certificate per media.
rc=0
"$BULWARK" wipe -q --yes "$A" "$S" 2>/dev/null || rc=$?
[ $rc = 2 ] || fail "two devices in one run not refused"
ok "one device per run"

# ---- Users the sysfs holders/ directory does not show ----

# A loop device built on the target: loop devices never appear in holders/.
fill_known "$T/lower.img" 2048
LO=$(new_loop "$T/lower.img")
UP=$(losetup -f --show "$LO")
UPPER_LOOPS="$UP"
for mode in --dry-run --yes; do
        rc=0
        "$BULWARK" wipe -q $mode --verify none "$LO" 2>"$T/err" || rc=$?
        [ $rc = 2 ] || { cat "$T/err"; fail "loop device on the target ($mode): exit $rc, expected 2"; }
        grep -q "loop device $UP is built on it" "$T/err" || { cat "$T/err"; fail "loop on loop: the refusal does not name $UP"; }
done
[ "$(survivors "$LO" 2048)" = 2048 ] || fail "the device under a loop device was written"
ok "a loop device on the target is refused, naming it ($UP on $LO)"

# Swap on a loop device built on the target.
mkswap -q "$UP" >/dev/null
if swapon "$UP" 2>/dev/null; then
        SWAPS="$UP"
        rc=0
        "$BULWARK" wipe -q --yes --verify none "$LO" 2>"$T/err" || rc=$?
        [ $rc = 2 ] && grep -q "swap area $UP is on it" "$T/err" || { cat "$T/err"; fail "swap on a loop device on the target: exit $rc"; }
        swapoff "$UP"
        SWAPS=""
        ok "swap on a device built on the target is refused"
else
        echo "note: swapon not permitted here; stacked swap case skipped"
fi
losetup -d "$UP"
UPPER_LOOPS=""

# A file that backs a loop device: as a file target, and inside a tree.
mkdir "$T/tree"
fill_known "$T/tree/backing.img" 256
BL=$(new_loop "$T/tree/backing.img")
UPPER_LOOPS="$BL" # detached on any exit, even if a regression renamed its backing file
before=$(sha256sum <"$T/tree/backing.img")
rc=0
"$BULWARK" wipe -q --yes --verify none "$T/tree/backing.img" 2>"$T/err" || rc=$?
[ $rc = 2 ] || { cat "$T/err"; fail "file backing a loop device: exit $rc, expected 2"; }
grep -q "it backs loop device $BL" "$T/err" || { cat "$T/err"; fail "the refusal does not name $BL"; }
rc=0
"$BULWARK" wipe -q --yes --recursive --verify none "$T/tree" 2>"$T/err" || rc=$?
[ $rc = 2 ] && grep -q "backs loop device $BL" "$T/err" || { cat "$T/err"; fail "tree holding a loop device's backing file: exit $rc"; }
[ "$(sha256sum <"$T/tree/backing.img")" = "$before" ] || fail "the backing file of a loop device was written"
losetup -d "$BL"
UPPER_LOOPS=""
ok "a file backing a loop device is refused, alone and in a tree"

# A mount that only another mount namespace holds (unshare -m): not in our mountinfo, still in use.
truncate -s 32M "$T/ns.img"
mkfs.ext4 -q -F "$T/ns.img"
NS=$(new_loop "$T/ns.img")
mkdir "$T/nsmnt"
unshare -m --propagation private sh -c 'mount "$1" "$2" && echo NSMARKER-KEEP-ME >"$2/keep" && sync && touch "$3" && exec sleep 300' \
        sh "$NS" "$T/nsmnt" "$T/ns-ready" &
nspid=$!
PIDS="$nspid"
i=0
while [ ! -e "$T/ns-ready" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -e "$T/ns-ready" ] || fail "fixture: the mount in the other namespace did not happen"
grep -q " $T/nsmnt " /proc/self/mountinfo && fail "fixture: the mount is visible in our namespace"
for mode in --dry-run --yes; do
        rc=0
        "$BULWARK" wipe -q $mode --verify none "$NS" 2>"$T/err" || rc=$?
        [ $rc = 2 ] || { cat "$T/err"; fail "mounted in another namespace ($mode): exit $rc, expected 2"; }
        grep -q "mounted on $T/nsmnt in the mount namespace of process $nspid (sleep)" "$T/err" || { cat "$T/err"; fail "the refusal does not say where"; }
done
kill $nspid
wait $nspid 2>/dev/null || true
PIDS=""
[ "$(count_marker "$NS" NSMARKER-KEEP-ME)" -gt 0 ] && [ "$(blkid -p -o value -s TYPE "$NS")" = ext4 ] ||
        fail "the device mounted in another namespace was written"
ok "a mount held only by another mount namespace is refused, in the dry run too"

# An active swap file: a file wipe of it is refused.
mkdir -p "$T/sw"
mount "$NS" "$T/sw"
MOUNTS="$T/sw"
dd if=/dev/zero of="$T/sw/swapfile" bs=1M count=8 status=none
chmod 600 "$T/sw/swapfile"
mkswap -q "$T/sw/swapfile" >/dev/null
if swapon "$T/sw/swapfile" 2>/dev/null; then
        SWAPS="$T/sw/swapfile"
        rc=0
        "$BULWARK" wipe -q --yes --verify none "$T/sw/swapfile" 2>"$T/err" || rc=$?
        [ $rc = 2 ] && grep -q "swap file" "$T/err" || { cat "$T/err"; fail "active swap file: exit $rc, expected 2"; }
        swapoff "$T/sw/swapfile"
        SWAPS=""
        ok "an active swap file is refused"
else
        echo "note: swapon of a file not permitted here; swap file case skipped"
fi
umount "$T/sw"
MOUNTS=""
command -v mdadm >/dev/null || echo "note: no mdadm and no device-mapper here: md/dm holders are not exercised (holders/ is read as before)"
