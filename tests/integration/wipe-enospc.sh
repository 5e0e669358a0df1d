#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# A write that fails can never be followed by a passed verification. Unwritten
# blocks of a sparse file or of a thinly backed device read back as zeros,
# which is what the zero method expects; so with real ENOSPC, made the way it
# happens in the field, the verification must say fail and the status failed:
#  - a sparse file on a full ext4: overwriting its holes needs blocks there are not;
#  - a loop device backed by a sparse file on a full tmpfs: its writes fail in the backing file system.
. "$(dirname "$0")/wipe-lib.sh"
need_root

# A sparse file with content at both ends on a small ext4 that is then filled up.
truncate -s 32M "$T/fs.img"
mkfs.ext4 -q -F "$T/fs.img"
L=$(new_loop "$T/fs.img")
mkdir "$T/mnt"
mount "$L" "$T/mnt"
MOUNTS="$T/mnt"
F=$T/mnt/sparse
/usr/bin/python3 - "$F" <<'PY'
import sys
with open(sys.argv[1], "wb") as f:
    f.write(b"SPARSEHEAD-" * 10000)
    f.seek(40 << 20)
    f.write(b"SPARSETAIL-" * 10000)
PY
dd if=/dev/zero of="$T/mnt/filler" bs=64k status=none 2>/dev/null || true   # until the file system is full
sync
[ "$(df --output=avail -B1 "$T/mnt" | tail -1)" -lt $((1 << 20)) ] || fail "fixture: the file system is not full"
rc=0
"$BULWARK" wipe --yes --method zero --verify full --certificate "$T/f.json" "$F" >"$T/out" 2>&1 || rc=$?
[ $rc = 1 ] || { cat "$T/out"; fail "file wipe on a full file system: exit $rc, expected 1"; }
[ "$(json "$T/f.json" 'c["status"]')" = failed ] || fail "file: status $(json "$T/f.json" 'c["status"]')"
[ "$(json "$T/f.json" 'c["verification"]["result"]')" = fail ] || fail "file: verification $(json "$T/f.json" 'c["verification"]["result"]') after ENOSPC"
[ "$(json "$T/f.json" 'any(e["phase"] == "write" and e["error"] == "No space left on device" for e in c["errors"])')" = True ] ||
        fail "file: the ENOSPC write is not in the certificate: $(json "$T/f.json" 'c["errors"]')"
[ "$(json "$T/f.json" '[f["erased"] for f in c["files"]]')" = "[False]" ] || fail "file: not recorded as kept"
[ -e "$F" ] || fail "file: removed although its overwrite failed"
ok "sparse file on a full ext4: ENOSPC, verification fail, status failed, file kept"
umount "$T/mnt"
MOUNTS=""

# A loop device whose backing file (sparse, 64 MiB) lives on a 16 MiB tmpfs.
mkdir "$T/tiny"
mount -t tmpfs -o size=16M tmpfs "$T/tiny"
MOUNTS="$T/tiny"
truncate -s 64M "$T/tiny/backing"
D=$(losetup -f --show "$T/tiny/backing")
UPPER_LOOPS="$D" # its backing file is not directly under $T
rc=0
"$BULWARK" wipe --yes --method zero --verify full --certificate "$T/d.json" "$D" >"$T/out" 2>&1 || rc=$?
losetup -d "$D"
UPPER_LOOPS=""
[ $rc = 1 ] || { cat "$T/out"; fail "device wipe over a full backing: exit $rc, expected 1"; }
[ "$(json "$T/d.json" 'c["status"]')" = failed ] || fail "device: status $(json "$T/d.json" 'c["status"]')"
[ "$(json "$T/d.json" 'c["errors_total"] > 0')" = True ] || fail "device: no write error recorded"
[ "$(json "$T/d.json" 'c["verification"]["result"]')" = fail ] || fail "device: verification $(json "$T/d.json" 'c["verification"]["result"]') after failed writes"
ok "loop device over a full tmpfs: write errors, verification fail, status failed"
