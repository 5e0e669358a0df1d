#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Throughput of `bulwark wipe --method random` and of its verification
# against what a user would otherwise run, SIZE_MB (1 GiB) per target:
#   - a loop device over a file in DIR (default /var/tmp),
#   - a file in DIR (the same file system),
#   - a loop device over a file in /dev/shm (RAM: no storage in the way, so
#     what is left is the CPU and memory cost of each tool).
# Peers: dd if=/dev/zero (the write limit: the faster of bs=1M and bs=8M), dd of random bytes already in RAM
# (the write limit for non-zero content), shred -n1, dd if=/dev/urandom,
# nwipe --method=random (devices). Every writer syncs (conv=fsync; shred and
# bulwark sync themselves), as an erase must. Verification: `bulwark wipe
# verify` (read + regenerate + compare) against a plain sequential read (the
# faster of dd iflag=direct and a buffered dd after dropping caches).
# Figures are the median of RUNS runs (SLOW_RUNS for nwipe and /dev/urandom),
# caches dropped before each. Prints Markdown.
# Usage (root): bench/wipe-bench.sh [build/bulwark] [DIR]
set -eu
BULWARK=$(realpath "${1:-build/bulwark}")
DIR=${2:-/var/tmp}
SIZE_MB=${SIZE_MB:-1024}
RUNS=${RUNS:-3}
SLOW_RUNS=${SLOW_RUNS:-1}
[ "$(id -u)" = 0 ] || { echo "needs root (loop devices, drop_caches)" >&2; exit 77; }

T=$(mktemp -d "$DIR/bulwark-bench.XXXXXX")
S=$(mktemp -d /dev/shm/bulwark-bench.XXXXXX)
cleanup() {
        for f in "$T/dev.img" "$T/dio.img" "$S/dev.img"; do
                for l in $(losetup -n -O NAME -j "$f" 2>/dev/null); do losetup -d "$l"; done
        done
        rm -rf "$T" "$S"
        [ -n "${CG:-}" ] && rmdir "$CG" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

BYTES=$((SIZE_MB * 1048576))
COUNT=$((SIZE_MB / 8))
head -c $BYTES /dev/urandom >"$S/random.bin" # the non-zero source, in RAM

now() { date +%s.%N; }
drop() { sync; echo 3 >/proc/sys/vm/drop_caches; cat "$S/random.bin" >/dev/null; }
# WRAP: a command prefix every timed tool runs under (the throttled target below).
run_once() { drop; [ -n "${PREP:-}" ] && eval "$PREP"; s=$(now); ${WRAP:-} "$@" >/dev/null 2>&1 </dev/null || { echo "failed: $*" >&2; exit 1; }; e=$(now); echo "$e - $s" | bc -l; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() { n=$1; shift; for i in $(seq "$n"); do run_once "$@"; done | median; }
mbs() { echo "$BYTES / $1 / 1048576" | bc -l | xargs printf '%.0f'; }
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }
row() { printf '| %s | %s | %.2f | %s | %s |\n' "$1" "$2" "$3" "$(mbs "$3")" "$(ratio "$3" "$4")"; }

# bench_writes LABEL TARGET IS_DEVICE
bench_writes() {
        label=$1 tgt=$2 dev=$3
        if [ "$dev" = 1 ]; then
                o="oflag=direct conv=fsync"
                PREP=""
        else
                o="conv=notrunc,fsync"
                PREP="[ -f $tgt ] || dd if=/dev/zero of=$tgt bs=8M count=$COUNT status=none conv=fsync"
        fi
        echo "$label ..." >&2
        # Interleaved rounds (one run of each tool per round), so that drift in
        # the machine or the storage affects every tool alike; medians per tool.
        : >"$T/z8" >"$T/z1" >"$T/r" >"$T/b" >"$T/sh"
        for i in $(seq "$RUNS"); do
                run_once dd if=/dev/zero of="$tgt" bs=8M count=$COUNT $o >>"$T/z8"
                run_once dd if=/dev/zero of="$tgt" bs=1M count=$SIZE_MB $o >>"$T/z1"
                run_once dd if="$S/random.bin" of="$tgt" bs=8M count=$COUNT $o >>"$T/r"
                run_once "$BULWARK" wipe -q --yes --method random --verify none "$tgt" >>"$T/b"
                run_once shred -n1 "$tgt" >>"$T/sh"
        done
        # The write limit is the faster of dd with 1 MiB and 8 MiB blocks.
        z=$(median <"$T/z8"); z1=$(median <"$T/z1")
        [ "$(echo "$z1 < $z" | bc)" = 1 ] && z=$z1
        r=$(median <"$T/r"); b=$(median <"$T/b"); sh=$(median <"$T/sh")
        u=$(measure $SLOW_RUNS dd if=/dev/urandom of="$tgt" bs=8M count=$COUNT $o)
        row "$label" "dd if=/dev/zero (write limit)" "$z" "$b"
        row "$label" "dd of random bytes from RAM (write limit, non-zero data)" "$r" "$b"
        row "$label" "**bulwark wipe --method random**" "$b" "$b"
        row "$label" "shred -n1" "$sh" "$b"
        row "$label" "dd if=/dev/urandom" "$u" "$b"
        if [ "$dev" = 1 ] && command -v nwipe >/dev/null && [ -z "${NO_NWIPE:-}" ]; then
                nw=$(measure $SLOW_RUNS nwipe --autonuke --nogui --nowait --noblank --verify=off --method=random --sync=0 "$tgt")
                row "$label" "nwipe --method=random --verify=off" "$nw" "$b"
        fi
        PREP=""
}

# bench_verify LABEL DEVICE (interleaved rounds, as above)
bench_verify() {
        "$BULWARK" wipe -q --yes --method random --verify none --certificate "$T/c.json" "$2"
        : >"$T/r8" >"$T/r1" >"$T/rb" >"$T/v"
        for i in $(seq "$RUNS"); do
                run_once dd if="$2" of=/dev/null bs=8M iflag=direct >>"$T/r8"
                run_once dd if="$2" of=/dev/null bs=1M iflag=direct >>"$T/r1"
                run_once dd if="$2" of=/dev/null bs=8M >>"$T/rb"
                run_once "$BULWARK" wipe verify --certificate "$T/c.json" "$2" >>"$T/v"
        done
        rd=$(median <"$T/r8"); r1=$(median <"$T/r1"); rb=$(median <"$T/rb"); v=$(median <"$T/v")
        [ "$(echo "$r1 < $rd" | bc)" = 1 ] && rd=$r1
        [ "$(echo "$rb < $rd" | bc)" = 1 ] && rd=$rb
        printf '| %s | %.2f | %s | %.2f | %s | %s |\n' "$1" "$rd" "$(mbs "$rd")" "$v" "$(mbs "$v")" "$(ratio "$rd" "$v")"
}

dd if=/dev/zero of="$T/dev.img" bs=8M count=$COUNT status=none conv=fsync
LD=$(losetup -f --show "$T/dev.img")
dd if=/dev/zero of="$S/dev.img" bs=8M count=$COUNT status=none
LS=$(losetup -f --show "$S/dev.img")
# With direct I/O the loop device writes straight through to the disk, with no
# second page cache: the nearest thing here to a real block device.
dd if=/dev/zero of="$T/dio.img" bs=8M count=$COUNT status=none conv=fsync
LDIO=$(losetup -f --show --direct-io=on "$T/dio.img")

echo "| Target | Tool | Time (s) | MB/s | tool time / bulwark time |"
echo "|---|---|---:|---:|---:|"
bench_writes "loop device on $DIR" "$LD" 1
NO_NWIPE=1 bench_writes "loop device on $DIR, direct I/O" "$LDIO" 1
bench_writes "file on $DIR" "$T/file.img" 0
NO_NWIPE=1 bench_writes "loop device on /dev/shm" "$LS" 1
# An eMMC-class device: the RAM loop device throttled to THROTTLE_MBS (300) MB/s
# of writes with the cgroup v1 blkio controller, where this kernel has it.
# Every tool's O_DIRECT writes are throttled alike (shred and dd write
# directly too), so the device, not the tool, sets the pace.
CGB=/sys/fs/cgroup/blkio
if [ -w "$CGB/cgroup.procs" ] && [ -e "$CGB/blkio.throttle.write_bps_device" ]; then
        CG="$CGB/bulwark-bench-$$"
        mkdir "$CG"
        echo "$(lsblk -dno MAJ:MIN "$LS" | tr -d ' ') $((${THROTTLE_MBS:-300} * 1048576))" >"$CG/blkio.throttle.write_bps_device"
        printf '#!/bin/sh\necho $$ >%s/cgroup.procs\nexec "$@"\n' "$CG" >"$T/incg"
        chmod +x "$T/incg"
        WRAP="$T/incg" NO_NWIPE=1 bench_writes "loop device on /dev/shm, throttled to ${THROTTLE_MBS:-300} MB/s" "$LS" 1
        rmdir "$CG" 2>/dev/null || true
else
        echo "no cgroup v1 blkio throttling here: throttled target skipped" >&2
fi
echo
echo "| Verification target | plain read (s) | MB/s | bulwark wipe verify (s) | MB/s | bulwark / plain read |"
echo "|---|---:|---:|---:|---:|---:|"
bench_verify "loop device on $DIR" "$LD"
bench_verify "loop device on $DIR, direct I/O" "$LDIO"
bench_verify "loop device on /dev/shm" "$LS"
