# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the wipe and factory-reset integration tests: root check, a
# scratch directory, loop devices and mounts that are cleaned up on any exit.
set -eu

BULWARK=${1:-${BULWARK:-}}
[ -x "$BULWARK" ] || { echo "usage: $0 PATH-TO-bulwark" >&2; exit 2; }

need_root() {
        if [ "$(id -u)" != 0 ]; then
                echo "SKIP: needs root (loop devices)"
                exit 77
        fi
        losetup -f >/dev/null 2>&1 || { echo "SKIP: no loop devices"; exit 77; }
}

T=$(mktemp -d /var/tmp/bulwark-wipe-test.XXXXXX)
MOUNTS=""
SWAPS=""
UPPER_LOOPS="" # loop devices over other loop devices: not found by backing file, detached first
PIDS=""        # processes the test started (by pid), stopped first

cleanup() {
        set +e
        for p in $PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
        for s in $SWAPS; do swapoff "$s" 2>/dev/null; done
        for m in $MOUNTS; do umount -l "$m" 2>/dev/null; done
        for l in $UPPER_LOOPS; do losetup -d "$l" 2>/dev/null; done
        # new_loop runs in $(...), so find our loop devices by their backing files.
        for f in "$T"/*; do
                for l in $(losetup -n -O NAME -j "$f" 2>/dev/null); do losetup -d "$l" 2>/dev/null; done
        done
        rm -rf "$T"
}
trap cleanup EXIT INT TERM

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

# new_loop FILE [losetup options...]: prints the device
new_loop() {
        f=$1
        shift
        losetup -f --show "$@" "$f"
}

# json FILE EXPR: evaluates a Python expression over the certificate `c`
json() {
        /usr/bin/python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# fill_known FILE BLOCKS: every 4 KiB block holds a distinct known text
fill_known() {
        /usr/bin/python3 - "$1" "$2" <<'PY'
import sys
with open(sys.argv[1], "wb") as f:
    for i in range(int(sys.argv[2])):
        f.write((b"BULWARK-ORIGINAL-BLOCK-%010d|" % i * 200)[:4096])
PY
}

# survivors DEV BLOCKS: how many 4 KiB blocks of DEV equal an original block (read with O_DIRECT)
survivors() {
        dd if="$1" iflag=direct bs=1M status=none | /usr/bin/python3 -c '
import sys
n = int(sys.argv[1])
orig = set((b"BULWARK-ORIGINAL-BLOCK-%010d|" % i * 200)[:4096] for i in range(n))
data = sys.stdin.buffer.read()
print(sum(1 for o in range(0, len(data), 4096) if data[o:o+4096] in orig))' "$2"
}

# count_marker DEV TEXT: occurrences of TEXT on the raw device
count_marker() {
        dd if="$1" iflag=direct bs=1M status=none | /usr/bin/python3 -c '
import sys
print(sys.stdin.buffer.read().count(sys.argv[1].encode()))' "$2"
}
