#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `bulwark assess` probing live endpoints: in a private network namespace
# (so only our servers listen), a legacy sshd, a weak `openssl s_server` and a
# plaintext greeter. CR 4.3 must fail naming the weak algorithms and suites,
# CR 4.1's endpoint check must fail naming the plaintext service; offline and
# with --no-probe the endpoint checks say why nothing was probed.
set -eu
BULWARK=$(realpath "${1:-${BULWARK:-bulwark}}")
export BW_SCHEMA=$(cd "$(dirname "$0")/../.." && pwd)/docs/assessment.schema.json
[ "$(id -u)" = 0 ] || { echo "needs root (network namespace, sshd)"; exit 77; }
[ -x /usr/sbin/sshd ] || { echo "no sshd"; exit 77; }
command -v openssl >/dev/null && command -v /usr/bin/python3 >/dev/null || { echo "needs openssl and python3"; exit 77; }

if [ "${BW_IN_NETNS:-}" != 1 ]; then
        exec env BW_IN_NETNS=1 unshare -n -- "$0" "$BULWARK"
fi
ip link set lo up

T=$(mktemp -d)
PIDS=()
cleanup() {
        for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
        wait 2>/dev/null || true
        rm -rf "$T"
}
trap cleanup EXIT
mkdir -p /run/sshd

# Legacy sshd on all addresses.
ssh-keygen -q -t rsa -b 1024 -N '' -f "$T/rsa1024"
cat >"$T/sshd.cfg" <<CFG
ListenAddress 0.0.0.0
PidFile none
UsePAM no
HostKey $T/rsa1024
KexAlgorithms diffie-hellman-group1-sha1,diffie-hellman-group14-sha1
Ciphers aes128-cbc,3des-cbc
MACs hmac-sha1,hmac-md5
HostKeyAlgorithms ssh-rsa
CFG
/usr/sbin/sshd -D -e -f "$T/sshd.cfg" -p 2222 2>"$T/sshd.log" &
PIDS+=($!)

# Weak TLS: static-RSA CBC suite, TLS 1.0 and up, 1024-bit RSA key signed with SHA-1.
openssl req -x509 -newkey rsa:1024 -sha1 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 30 \
        -subj /CN=weak.test -addext subjectAltName=DNS:weak.test 2>/dev/null
openssl s_server -accept 0.0.0.0:4433 -cert "$T/cert.pem" -key "$T/key.pem" \
        -cipher 'AES128-SHA:@SECLEVEL=0' -tls1 -quiet -naccept 1000 </dev/null >"$T/tls.log" 2>&1 &
PIDS+=($!)
# Without -tls1 s_server would negotiate only its highest version; a second one offers 1.0-1.2.
openssl s_server -accept 0.0.0.0:4434 -cert "$T/cert.pem" -key "$T/key.pem" \
        -cipher 'AES128-SHA:@SECLEVEL=0' -quiet -naccept 1000 </dev/null >"$T/tls2.log" 2>&1 &
PIDS+=($!)

# A plaintext service that greets first, like FTP.
/usr/bin/python3 -c '
import socket, threading
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 2121)); s.listen(16)
while True:
    c, _ = s.accept(); c.sendall(b"220 plain FTP ready\r\n"); c.close()
' &
PIDS+=($!)

for _ in $(seq 100); do
        ss -ltn | grep -q ":2222 " && ss -ltn | grep -q ":4433 " && ss -ltn | grep -q ":4434 " && ss -ltn | grep -q ":2121 " && break
        sleep 0.1
done

rc=0
timeout 300 "$BULWARK" assess --format json >"$T/report.json" 2>"$T/err" || rc=$?
cat "$T/err"
[ $rc = 1 ] || { echo "FAIL assess exit $rc (want 1: requirements not met)"; exit 1; }

/usr/bin/python3 - "$T/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
bad = 0
def check(rid, cid):
    for q in r["requirements"]:
        if q["id"] == rid:
            for c in q["checks"]:
                if c["id"] == cid:
                    return q, c
    raise SystemExit(f"FAIL {cid} missing from {rid}")
def expect(cond, what):
    global bad
    print(("ok   " if cond else "FAIL ") + what)
    bad |= not cond

q, ssh = check("CR 4.3", "ssh-endpoints-policy")
ev = json.dumps(ssh)
expect(q["verdict"] == "fail", "CR 4.3 fails")
expect(ssh["verdict"] == "fail", "ssh-endpoints-policy fails")
for alg in ("diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1", "3des-cbc", "aes128-cbc", "hmac-md5", "hmac-sha1", "ssh-rsa"):
    expect(alg in ssh["summary"] and alg in ev, f"ssh-endpoints-policy names {alg}")
expect("127.0.0.1:2222" in ssh["summary"] and "sshd" in ssh["summary"], "names the SSH endpoint and its process")
expect(all(e["kind"] == "endpoint" and e["path"] == "127.0.0.1:2222" for e in ssh["evidence"]), "SSH evidence names the endpoint")
# Socket owners are found before the process confines itself, so a live run uses Landlock too.
import ctypes, platform
# landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION): the ABI, or -1 without Landlock.
landlock = platform.machine() == "x86_64" and ctypes.CDLL(None, use_errno=True).syscall(444, None, 0, 1) > 0
if landlock:
    expect(any("Landlock ABI" in n for n in r.get("notes", [])), "the live run was confined with Landlock (and still named sshd)")
else:
    print("no Landlock in this kernel: live confinement not checked")

_, tls = check("CR 4.3", "tls-endpoints-policy")
ev = json.dumps(tls)
expect(tls["verdict"] == "fail", "tls-endpoints-policy fails")
expect("TLS_RSA_WITH_AES_128_CBC_SHA" in ev, "tls-endpoints-policy names TLS_RSA_WITH_AES_128_CBC_SHA")
expect("TLSv1" in ev, "tls-endpoints-policy names TLS 1.0")
expect("127.0.0.1:4433" in tls["summary"] and "127.0.0.1:4434" in tls["summary"], "names both TLS endpoints")

q41, enc = check("CR 4.1", "endpoints-encrypted-in-transit")
expect(enc["verdict"] == "fail" and "2121" in enc["summary"], "plaintext greeter fails CR 4.1's endpoint check")
expect("220 plain FTP ready" in json.dumps(enc["evidence"]), "the evidence quotes its greeting")
expect(q41["verdict"] == "fail", "CR 4.1 fails")
import jsonschema, os  # python3-jsonschema (tools/deps-test.txt): the contract is always checked
try:
    jsonschema.validate(r, json.load(open(os.environ["BW_SCHEMA"])))
    expect(True, "the live report validates against docs/assessment.schema.json")
except jsonschema.ValidationError as e:
    expect(False, "the live report validates against docs/assessment.schema.json: " + e.message)
sys.exit(bad)
PY

# --no-probe: the endpoint checks say they did not look.
"$BULWARK" assess --no-probe --format json >"$T/noprobe.json" || true
/usr/bin/python3 - "$T/noprobe.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
cs = [c for q in r["requirements"] for c in q["checks"] if c["id"] in ("ssh-endpoints-policy", "tls-endpoints-policy")]
assert cs and all(c["verdict"] == "na" and "--no-probe" in c["summary"] for c in cs), cs
print("ok   --no-probe: not probed, and said so")
PY

# Offline: no endpoints, and the report says so.
mkdir -p "$T/root/etc"
echo 'ID=debian' >"$T/root/etc/os-release"
"$BULWARK" assess --root "$T/root" --format json >"$T/offline.json" || true
/usr/bin/python3 - "$T/offline.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
cs = [c for q in r["requirements"] for c in q["checks"] if c["id"] in ("ssh-endpoints-policy", "tls-endpoints-policy", "endpoints-encrypted-in-transit")]
assert len(cs) == 3 and all(c["verdict"] == "na" and c["summary"] == "offline: no endpoints probed" for c in cs), cs
print("ok   offline: no endpoints probed")
PY
