#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `bulwark scan ssh` against a hostile server (ssh-hostile-server.py): every
# broken behaviour must end the scan with exit 3 and a message naming what went
# wrong, within its time limits (the `timeout` guard only catches hangs).
set -eu
BULWARK=${1:-${BULWARK:-bulwark}}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v /usr/bin/python3 >/dev/null || { echo "no python3"; exit 77; }
T=$(mktemp -d)
PIDS=()
cleanup() {
        for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
        wait 2>/dev/null || true
        rm -rf "$T"
}
trap cleanup EXIT

fail=0
# case MODE EXPECTED_EXIT "text the error must contain"
case_() {
        local mode=$1 want_rc=$2 want_msg=$3 port rc=0
        /usr/bin/python3 "$HERE/ssh-hostile-server.py" "$mode" >"$T/$mode.port" &
        PIDS+=($!)
        for _ in $(seq 100); do [ -s "$T/$mode.port" ] && break; sleep 0.05; done
        port=$(cat "$T/$mode.port")
        timeout 30 "$BULWARK" scan ssh "127.0.0.1:$port" --timeout 2000 --max-time 4000 --fail-on disallowed --format json \
                >"$T/$mode.out" 2>"$T/$mode.err" || rc=$?
        if [ "$rc" != "$want_rc" ] || ! grep -qi -- "$want_msg" "$T/$mode.err" "$T/$mode.out"; then
                echo "FAIL $mode: exit $rc (want $want_rc), expected '$want_msg' in:"
                cat "$T/$mode.err" "$T/$mode.out" | head -20
                fail=1
        else
                echo "ok   $mode: $(head -c 200 "$T/$mode.err" | tr '\n' ' ')"
        fi
}

case_ endless-banner 3 "size limit while reading the banner"
case_ endless-banner-slow 3 "timed out after .* while reading the banner"
case_ slow 3 "timed out after .* while reading the banner"
case_ long-line 3 "size limit while reading the banner"
case_ silent 3 "timed out after .* while reading the banner (0 bytes"
case_ ssh1 3 "only SSH protocol 1"
case_ huge-length 3 "size limit while reading the server's KEXINIT"
case_ bad-padding 3 "malformed data from the server while reading the server's KEXINIT"
case_ truncated 3 "closed by the server while reading the server's KEXINIT"
case_ truncated-lists 3 "malformed data from the server while reading the server's KEXINIT"
case_ garbage-names 3 "malformed data"
case_ disconnect 3 "disconnected while reading the server's KEXINIT: go away"
# The lists arrive, so the scan succeeds (exit 0: nothing disallowed); the failed host key probe is reported.
case_ reset-mid-kex 0 "closed by the server while waiting for the key exchange reply"
case_ garbage-reply 0 "malformed data from the server while parsing the host key"
case_ ok-ignore 0 "SHA256:"

# refused connection
rc=0; timeout 30 "$BULWARK" scan ssh 127.0.0.1:1 --timeout 2000 2>"$T/refused.err" || rc=$?
if [ $rc = 3 ] && grep -q "Connection refused" "$T/refused.err"; then echo "ok   refused"; else echo "FAIL refused: $rc"; cat "$T/refused.err"; fail=1; fi
# usage errors
rc=0; "$BULWARK" scan ssh "127.0.0.1:99999" 2>/dev/null || rc=$?
[ $rc = 2 ] && echo "ok   bad port" || { echo "FAIL bad port: $rc"; fail=1; }
rc=0; "$BULWARK" scan ssh 2>/dev/null || rc=$?
[ $rc = 2 ] && echo "ok   no target" || { echo "FAIL no target: $rc"; fail=1; }
exit $fail
