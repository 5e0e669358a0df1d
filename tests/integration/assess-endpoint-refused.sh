#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `bulwark assess` on a device whose only TLS service refuses every handshake
# without the right server name (nginx `ssl_reject_handshake on` in the
# default server, as strict virtual hosting does). The endpoint probe sends no
# SNI, so nothing is negotiated and nothing is judged: tls-endpoints-policy
# (CR 4.3) must not pass and must name the alert, and `scan tls` must exit 3.
# Ground truth: openssl s_client without a server name gets unrecognized_name;
# with the served name it completes a handshake.
set -eu
BULWARK=$(realpath "${1:-${BULWARK:-bulwark}}")
[ "$(id -u)" = 0 ] || { echo "needs root (network namespace)"; exit 77; }
NGINX=$(command -v nginx || true)
[ -n "$NGINX" ] || { echo "no nginx (nginx-light)"; exit 77; }
PY=/usr/bin/python3

if [ "${BW_IN_NETNS:-}" != 1 ]; then
        exec env BW_IN_NETNS=1 unshare -n -- "$0" "$BULWARK"
fi
ip link set lo up

T=$(mktemp -d /tmp/bw-refused.$$.XXXXXX)
PID=
cleanup() {
        [ -n "$PID" ] && kill "$PID" 2>/dev/null || true
        wait 2>/dev/null || true
        rm -rf "$T"
}
trap cleanup EXIT

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/k.pem" -out "$T/c.pem" -days 30 \
        -subj /CN=good.example -addext subjectAltName=DNS:good.example 2>/dev/null
cat >"$T/nginx.conf" <<CFG
daemon off;
master_process off;
worker_processes 1;
pid $T/nginx.pid;
error_log $T/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $T; proxy_temp_path $T; fastcgi_temp_path $T; uwsgi_temp_path $T; scgi_temp_path $T;
  server { listen 0.0.0.0:8443 ssl default_server; ssl_reject_handshake on; }
  server { listen 0.0.0.0:8443 ssl; server_name good.example;
           ssl_certificate $T/c.pem; ssl_certificate_key $T/k.pem; }
}
CFG
"$NGINX" -c "$T/nginx.conf" &
PID=$!
for _ in $(seq 100); do ss -ltn | grep -q ":8443 " && break; sleep 0.1; done

fail=0
# Ground truth, independent of Bulwark.
gt=$(openssl s_client -connect 127.0.0.1:8443 -noservername </dev/null 2>&1 || true)
echo "$gt" | grep -q "unrecognized name" || { echo "FAIL ground truth: s_client without SNI: $gt"; fail=1; }
openssl s_client -connect 127.0.0.1:8443 -servername good.example </dev/null 2>&1 | grep -q "^New, TLSv1" ||
        { echo "FAIL ground truth: s_client with the served name did not complete"; fail=1; }

rc=0
"$BULWARK" scan tls --format json 127.0.0.1:8443 >"$T/scan.json" 2>"$T/scan.err" || rc=$?
cat "$T/scan.err"
[ $rc = 3 ] || { echo "FAIL scan tls exit $rc, want 3 (nothing accepted)"; fail=1; }
grep -q "unrecognized_name" "$T/scan.err" || { echo "FAIL scan tls stderr does not name the alert"; fail=1; }
$PY - "$T/scan.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
ok = d["protocols"] == [] and isinstance(d.get("error"), str) and "unrecognized_name" in d["error"] \
     and any(a["alert"] == "unrecognized_name" and a["code"] == 112 for a in d["alerts"])
print("ok   JSON error and alerts" if ok else "FAIL JSON: %r %r" % (d.get("error"), d.get("alerts")))
sys.exit(0 if ok else 1)
PY
# With the served name it is a normal scan.
rc=0
"$BULWARK" scan tls --sni good.example --format json 127.0.0.1:8443 >"$T/scan2.json" 2>/dev/null || rc=$?
[ $rc = 0 ] || [ $rc = 1 ] || { echo "FAIL scan tls --sni good.example exit $rc"; fail=1; }
grep -q '"version": "TLSv1.2"' "$T/scan2.json" || { echo "FAIL --sni good.example: TLS 1.2 not found"; fail=1; }

rc=0
timeout 300 "$BULWARK" assess --format json >"$T/report.json" 2>"$T/err" || rc=$?
[ $rc = 0 ] && { echo "FAIL assess exit 0 with an unscanned TLS endpoint"; fail=1; }
$PY - "$T/report.json" <<'PY' || fail=1
import json, sys
r = json.load(open(sys.argv[1]))
for q in r["requirements"]:
    for c in q["checks"]:
        if c["id"] == "tls-endpoints-policy":
            ok = c["verdict"] not in ("pass", "not_applicable") and "8443" in c["summary"] and \
                 "unrecognized_name" in json.dumps(c["evidence"])
            print(("ok   " if ok else "FAIL ") + "tls-endpoints-policy %s: %s" % (c["verdict"], c["summary"]))
            sys.exit(0 if ok else 1)
print("FAIL tls-endpoints-policy missing")
sys.exit(1)
PY
[ $fail = 0 ] && echo "all passed"
exit $fail
