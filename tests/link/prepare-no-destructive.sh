#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Proves at link level that wipe_prepare() cannot write: prepare-only (a
# program that calls wipe_prepare() and wipe_plan_free() and nothing else) is
# linked with --gc-sections from a library built with one section per
# function, so it holds exactly the functions prepare can reach. None of the
# erase engines, the I/O pipeline, or the libc calls that write, truncate,
# rename or remove may be among them. As a control, bulwark itself must hold
# them (else this list has gone stale).
#   prepare-no-destructive.sh PREPARE_ONLY BULWARK
set -eu
prepare_only=$1
bulwark=$2
command -v nm >/dev/null || { echo "nm (binutils) missing: skipped"; exit 77; }

ours="wipe_execute wipe_device_execute wipe_files_execute wipe_free_space_execute wipe_luks_execute
      wipe_io_write wipe_io_sync_and_drop"
# write(2) itself is reached (oom() reports to stderr); the calls below are only for erasing.
libc="pwrite pwrite64 pwritev pwritev2 unlinkat unlink renameat2 rename ftruncate ftruncate64 truncate fallocate"

fail=0
defined=$(nm "$prepare_only" | awk '$2 ~ /^[TtWw]$/ { print $3 }')
undefined=$(nm -u "$prepare_only" | awk '{ print $NF }' | sed 's/@.*//')
for s in $ours; do
        if echo "$defined" | grep -qx "$s"; then
                echo "FAIL: wipe_prepare can reach $s"; fail=1
        else
                echo "ok - prepare cannot reach $s"
        fi
done
for s in $libc; do
        if echo "$undefined" | grep -qx "$s"; then
                echo "FAIL: wipe_prepare can reach libc $s"; fail=1
        else
                echo "ok - prepare does not call $s"
        fi
done
# The dispatcher's execute table (src/wipe/wipe-execute.c) points at every engine's
# execute function: prepare must reach its own table, never that one.
data=$(nm "$prepare_only" | awk '$2 ~ /^[BbDdRr]$/ { print $3 }')
if echo "$data" | grep -qx executors; then
        echo "FAIL: wipe_prepare can reach the execute table"; fail=1
else
        echo "ok - prepare cannot reach the execute table"
fi
echo "$data" | grep -qx preparers || { echo "FAIL: the prepare table is not in prepare-only: update this test"; fail=1; }
all=$(nm "$bulwark" | awk '{ print $NF }' | sed 's/@.*//')
echo "$all" | grep -qx executors || { echo "FAIL: executors is not in bulwark at all: update this test"; fail=1; }
for s in $ours; do
        echo "$all" | grep -qx "$s" || { echo "FAIL: $s is not in bulwark at all: update this list"; fail=1; }
done
exit $fail
