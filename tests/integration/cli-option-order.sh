#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# GNU argument order for every verb that takes operands: an option after the
# operand must do what it does before it (same exit code, same output), never
# a usage error. The reference is the same command with the options first.
set -u
BULWARK=$(realpath "${1:-${BULWARK:-bulwark}}")
T=$(mktemp -d /tmp/bw-optorder.$$.XXXXXX)
SPID=
cleanup() { [ -n "$SPID" ] && kill "$SPID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail=0

# same "options first" "options after": both run, outputs (minus timings) and exit codes compared.
norm() { sed -E 's/[0-9]+\.[0-9]+ s$/T/; s/"elapsed_seconds": [0-9.e+-]+/E/; s/"connections": [0-9]+/C/; s/[0-9]+ connections/C/' "$1"; }
same() {
        local ra rb
        eval "$1" >"$T/out.a" 2>&1; ra=$?
        eval "$2" >"$T/out.b" 2>&1; rb=$?
        if [ "$ra" != "$rb" ] || [ "$rb" = 2 ] || [ "$(norm "$T/out.a")" != "$(norm "$T/out.b")" ]; then
                echo "FAIL: '$2' (exit $rb) differs from '$1' (exit $ra)"
                head -5 "$T/out.b"
                fail=1
        else
                echo "ok   $2 (exit $rb)"
        fi
}

B=$BULWARK
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/k.pem" -out "$T/c.pem" -days 30 -subj /CN=localhost 2>/dev/null
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
openssl s_server -accept 127.0.0.1:$PORT -cert "$T/c.pem" -key "$T/k.pem" -www -quiet </dev/null >/dev/null 2>&1 &
SPID=$!
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done

same "$B scan tls --format json --no-certificate 127.0.0.1:$PORT" "$B scan tls 127.0.0.1:$PORT --format json --no-certificate"
same "$B scan tls --policy bsi 127.0.0.1:$PORT" "$B scan tls 127.0.0.1:$PORT --policy bsi"
same "$B scan ssh --format json 127.0.0.1:1" "$B scan ssh 127.0.0.1:1 --format json"
same "$B requirements --help" "$B requirements 'CR 4.1' --help"
same "$B wipe verify-cert --ca /dev/null $T/missing.json" "$B wipe verify-cert $T/missing.json --ca /dev/null"
same "$B wipe verify --certificate $T/missing.json /dev/null" "$B wipe verify /dev/null --certificate $T/missing.json"
same "$B factory-reset --mode file --marker-dir $T status" "$B factory-reset status --mode file --marker-dir $T"
echo '{}' >"$T/a.json"
# --format is an option of merge (diff has none: the sub-verb tables refuse it there).
cp "$(dirname "$0")/../golden/minimal.json" "$T/m.json"
same "$B report --format json merge $T/m.json $T/m.json" "$B report merge $T/m.json $T/m.json --format json"
same "$B report diff --checks $T/m.json $T/m.json" "$B report diff $T/m.json $T/m.json --checks"
[ $fail = 0 ] && echo "all passed"
exit $fail
