#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `bulwark assess` endpoint probes and STARTTLS, in a private network
# namespace: an SMTP server that offers STARTTLS in front of real OpenSSL is a
# TLS endpoint (judged under CR 4.3, not a plaintext failure of CR 4.1); one
# that offers no STARTTLS fails CR 4.1 saying so. Ground truth: openssl
# s_client -starttls smtp succeeds on the first and fails on the second.
set -eu
BULWARK=$(realpath "${1:-${BULWARK:-bulwark}}")
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
[ "$(id -u)" = 0 ] || { echo "needs root (network namespace)"; exit 77; }
if [ "${BW_IN_NETNS:-}" != 1 ]; then
        exec env BW_IN_NETNS=1 unshare -n -- "$0" "$BULWARK"
fi
ip link set lo up
T=$(mktemp -d /tmp/bw-assess-starttls.$$.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/k.pem" -out "$T/c.pem" -days 30 -subj /CN=mail.test 2>/dev/null
$PY "$HERE/starttls-server.py" smtp 0.0.0.0:2525 "$T/c.pem" "$T/k.pem" & PIDS+=($!)
$PY "$HERE/starttls-server.py" smtp-plain 0.0.0.0:2526 "$T/c.pem" "$T/k.pem" & PIDS+=($!)
# PostgreSQL speaks only when spoken to: found by its port, through its SSLRequest.
$PY "$HERE/starttls-server.py" postgres 0.0.0.0:5432 "$T/c.pem" "$T/k.pem" & PIDS+=($!)
# MySQL greets in binary; TLS follows its SSL request.
$PY "$HERE/starttls-server.py" mysql 0.0.0.0:3306 "$T/c.pem" "$T/k.pem" & PIDS+=($!)
for _ in $(seq 100); do ss -ltn | grep -q ":2525 " && ss -ltn | grep -q ":2526 " && ss -ltn | grep -q ":5432 " &&
        ss -ltn | grep -q ":3306 " && break; sleep 0.1; done

fail=0
openssl s_client -starttls smtp -connect 127.0.0.1:2525 </dev/null 2>&1 | grep -q "^New, TLSv1" ||
        { echo "FAIL ground truth: s_client -starttls smtp on 2525"; fail=1; }
openssl s_client -starttls postgres -connect 127.0.0.1:5432 </dev/null 2>&1 | grep -q "^New, TLSv1" ||
        { echo "FAIL ground truth: s_client -starttls postgres on 5432"; fail=1; }
openssl s_client -starttls mysql -connect 127.0.0.1:3306 </dev/null 2>&1 | grep -q "^New, TLSv1" ||
        { echo "FAIL ground truth: s_client -starttls mysql on 3306"; fail=1; }
openssl s_client -starttls smtp -connect 127.0.0.1:2526 </dev/null 2>&1 | grep -q "^New, TLSv1" &&
        { echo "FAIL ground truth: s_client -starttls smtp succeeded on 2526"; fail=1; }

rc=0
timeout 300 "$BULWARK" assess --format json >"$T/report.json" 2>"$T/err" || rc=$?
[ $rc = 1 ] || { echo "FAIL assess exit $rc (want 1)"; cat "$T/err"; fail=1; }
$PY - "$T/report.json" <<'PY' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
checks = {c["id"]: c for q in r["requirements"] for c in q["checks"]}
bad = 0
def expect(cond, what):
    global bad
    print(("ok   " if cond else "FAIL ") + what)
    bad |= not cond
enc, tls = checks["endpoints-encrypted-in-transit"], checks["tls-endpoints-policy"]
expect(enc["verdict"] == "fail" and "2526" in enc["summary"] and "without STARTTLS" in enc["summary"],
       "CR 4.1 fails naming 2526 without STARTTLS: " + enc["summary"])
expect("2525" not in enc["summary"], "the STARTTLS server is not a plaintext failure")
ev = json.dumps(enc["evidence"])
expect("speaks TLS after STARTTLS: smtp" in ev, "its evidence: TLS after STARTTLS")
expect("127.0.0.1:2525" in json.dumps(tls), "tls-endpoints-policy judged 2525's TLS: " + tls["summary"])
expect("127.0.0.1:5432" in json.dumps(tls) and "speaks TLS after STARTTLS: postgres" in ev,
       "PostgreSQL on 5432 is a TLS endpoint through its SSLRequest")
expect("127.0.0.1:3306" in json.dumps(tls) and "speaks TLS after STARTTLS: mysql" in ev,
       "MySQL on 3306 is a TLS endpoint through its SSL request")
sys.exit(bad)
PY
[ $fail = 0 ] && echo "all passed"
exit $fail
