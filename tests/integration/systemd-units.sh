#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The optional daily assessment units: systemd-analyze verify accepts them,
# the timer is daily and installable, and the service's command prints one
# summary line and succeeds on findings (SuccessExitStatus=1).
#
# Usage: systemd-units.sh BULWARK SOURCE_ROOT
set -eu

bulwark=$(realpath "$1")
src=$(realpath "$2")
command -v systemd-analyze >/dev/null || { echo "skip: systemd-analyze is not installed"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 passed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

# Point the service at the built binary and a fixture tree, so verify finds the binary and it can run here.
sed "s|^ExecStart=/usr/bin/bulwark assess|ExecStart=$bulwark assess --root $src/tests/fixtures/minimal|" \
        "$src/contrib/systemd/bulwark-assess.service" >"$tmp/bulwark-assess.service"
cp "$src/contrib/systemd/bulwark-assess.timer" "$tmp/"
if out=$(systemd-analyze verify --man=no "$tmp/bulwark-assess.service" "$tmp/bulwark-assess.timer" 2>&1); then ok; else bad "verify: $out"; fi

grep -qx 'OnCalendar=daily' "$tmp/bulwark-assess.timer" && ok || bad "timer is not daily"
grep -qx 'WantedBy=timers.target' "$tmp/bulwark-assess.timer" && ok || bad "timer cannot be enabled"
grep -q '^\[Install\]' "$src/contrib/systemd/bulwark-assess.service" && bad "the service must only run from the timer" || ok
grep -qx 'SuccessExitStatus=1' "$tmp/bulwark-assess.service" && ok || bad "findings would fail the unit"

cmd=$(sed -n 's/^ExecStart=//p' "$tmp/bulwark-assess.service")
rc=0
# shellcheck disable=SC2086
out=$(NO_COLOR=1 $cmd) || rc=$?
case $rc in 0|1) ok ;; *) bad "ExecStart exited $rc" ;; esac
[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && ok || bad "more than one line for the journal: $out"
case $out in "bulwark: fixture-minimal SL 2 embedded: "*" met, "*" not met"*) ok ;; *) bad "summary line: $out" ;; esac

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
