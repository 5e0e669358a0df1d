#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Files, trees and free space on a real ext4 on a loop device: the secret
# content is gone from the raw device, names are gone, symlinks are not
# followed, a file system mounted inside the tree is not entered, free space
# holding a deleted file's content is cleaned, and the file-system caveats
# (data=journal, tmpfs, btrfs copy-on-write) reach the certificate.
. "$(dirname "$0")/wipe-lib.sh"
need_root

truncate -s 64M "$T/fs.img"
mkfs.ext4 -q -F "$T/fs.img"
L=$(new_loop "$T/fs.img")
mkdir "$T/mnt" "$T/outside"
mount "$L" "$T/mnt"
MOUNTS="$T/mnt"

secret() { /usr/bin/python3 -c 'import sys; sys.stdout.write((sys.argv[1] + "-") * int(sys.argv[2]))' "$1" "$2"; }

mkdir -p "$T/mnt/tree/sub/deeper" "$T/mnt/tree/other-fs"
secret TREESECRETA 50000 >"$T/mnt/tree/a.txt"
secret TREESECRETB 300000 >"$T/mnt/tree/sub/b.bin"
secret TREESECRETC 7 >"$T/mnt/tree/sub/deeper/c"
: >"$T/mnt/tree/empty"
secret OUTSIDEKEEP 1000 >"$T/outside/keep.txt"
ln -s "$T/outside/keep.txt" "$T/mnt/tree/link-out"
mkfifo "$T/mnt/tree/fifo"
mount -t tmpfs -o size=1M tmpfs "$T/mnt/tree/other-fs"
MOUNTS="$T/mnt/tree/other-fs $MOUNTS"
secret OTHERFSKEEP 100 >"$T/mnt/tree/other-fs/keep"
secret SINGLESECRET 20000 >"$T/mnt/single.txt"
sync
for m in TREESECRETA TREESECRETB TREESECRETC SINGLESECRET; do
        [ "$(count_marker "$L" $m)" -gt 0 ] || fail "fixture: $m not on the raw device"
done

"$BULWARK" wipe -q --yes --recursive --verify full --certificate "$T/t.json" "$T/mnt/tree" "$T/mnt/single.txt" >"$T/out" 2>&1 ||
        { cat "$T/out"; fail "tree wipe failed"; }
[ "$(json "$T/t.json" 'c["status"]')" = completed ] || fail "tree: status"
[ "$(json "$T/t.json" 'c["verification"]["result"]')" = pass ] || fail "tree: verification"
[ "$(json "$T/t.json" 'c["sanitization"]["files_erased"]')" = 5 ] || fail "tree: files_erased $(json "$T/t.json" 'c["sanitization"]["files_erased"]')"
[ -e "$T/mnt/single.txt" ] && fail "single file still there"
[ -d "$T/mnt/tree/sub" ] && fail "tree still there"
[ "$(cat "$T/outside/keep.txt" | head -c 11)" = OUTSIDEKEEP ] || fail "the symlink was followed"
[ -e "$T/mnt/tree/other-fs/keep" ] || fail "the file system mounted inside the tree was entered"
json "$T/t.json" '"\n".join(c["caveats"])' | grep "other-fs not entered" >/dev/null || fail "mount point not reported"
umount "$T/mnt/tree/other-fs"
MOUNTS="$T/mnt"
sync
for m in TREESECRETA TREESECRETB TREESECRETC SINGLESECRET; do
        n=$(count_marker "$L" $m)
        [ "$n" = 0 ] || fail "$m still on the raw device $n times"
done
"$BULWARK" wipe verify-cert "$T/t.json" >/dev/null || fail "tree certificate"
ok "tree + file: content gone from the raw device, links not followed, other file system not entered"

# Free space: a file deleted the ordinary way leaves its content in free blocks.
secret FREESECRET 200000 >"$T/mnt/deleted.txt"
sync
rm "$T/mnt/deleted.txt"
sync
[ "$(count_marker "$L" FREESECRET)" -gt 0 ] || fail "fixture: deleted content not in free space"
"$BULWARK" wipe -q --yes --free-space --verify full --certificate "$T/f.json" "$T/mnt" >"$T/out" 2>&1 || { cat "$T/out"; fail "free-space wipe failed"; }
sync
n=$(count_marker "$L" FREESECRET)
# ext4 may hold a few blocks back from any file; what survives there must be small and reported.
[ "$n" -lt 2000 ] || fail "deleted content still in free space ($n of 200000)"
if [ "$n" -gt 0 ]; then
        json "$T/f.json" '"\n".join(c["caveats"])' | grep "stayed free after the fill" >/dev/null ||
                fail "$n copies survived in free space and the certificate does not say so"
fi
[ "$(json "$T/f.json" 'c["target"]["kind"]')" = free-space ] || fail "free-space kind"
[ "$(json "$T/f.json" 'c["verification"]["result"]')" = pass ] || fail "free-space verification"
ls -A "$T/mnt" | grep -q bulwark-free && fail "fill file left behind"
ok "free space: deleted content gone, fill file removed"
umount "$T/mnt"
MOUNTS=""

# Honesty: ext4 data=journal, on a file system of its own: a superblock still
# alive from the mounts above (held by another mount namespace) would make the
# kernel reuse it and ignore data=journal.
truncate -s 32M "$T/j.img"
mkfs.ext4 -q -F "$T/j.img"
J=$(new_loop "$T/j.img")
mount -o data=journal "$J" "$T/mnt"
MOUNTS="$T/mnt"
grep " $T/mnt " /proc/self/mountinfo | grep -q "data=journal" || fail "fixture: data=journal not in effect"
secret J 100 >"$T/mnt/j.txt"
"$BULWARK" wipe -q --yes --certificate "$T/j.json" "$T/mnt/j.txt" >/dev/null 2>&1 || fail "data=journal wipe failed"
json "$T/j.json" '"\n".join(c["caveats"])' | grep "data=journal" >/dev/null || fail "data=journal caveat missing"
umount "$T/mnt"
MOUNTS=""
ok "ext4 data=journal caveat"

# Honesty: tmpfs, and btrfs when mkfs.btrfs is there.
mount -t tmpfs -o size=4M tmpfs "$T/mnt"
MOUNTS="$T/mnt"
secret T 100 >"$T/mnt/t.txt"
"$BULWARK" wipe -q --yes --certificate "$T/tm.json" "$T/mnt/t.txt" >/dev/null 2>&1 || fail "tmpfs wipe failed"
json "$T/tm.json" '"\n".join(c["caveats"])' | grep "tmpfs" >/dev/null || fail "tmpfs caveat missing"
umount "$T/mnt"
MOUNTS=""
if command -v mkfs.btrfs >/dev/null; then
        truncate -s 128M "$T/b.img"
        mkfs.btrfs -q -f "$T/b.img" >/dev/null
        B=$(new_loop "$T/b.img")
        mount "$B" "$T/mnt"
        MOUNTS="$T/mnt"
        secret BTRFSSECRET 50000 >"$T/mnt/x"
        sync
        "$BULWARK" wipe -q --yes --certificate "$T/bt.json" "$T/mnt/x" >/dev/null 2>&1 || fail "btrfs wipe failed"
        json "$T/bt.json" '"\n".join(c["caveats"])' | grep "copy-on-write" >/dev/null || fail "btrfs caveat missing"
        [ "$(json "$T/bt.json" 'c["media"]["file_system"]')" = btrfs ] || fail "btrfs not recorded"
        umount "$T/mnt"
        MOUNTS=""
        ok "btrfs copy-on-write caveat ($(count_marker "$B" BTRFSSECRET) copies of the content remain on the device, as the caveat says)"
fi
ok "tmpfs caveat"
