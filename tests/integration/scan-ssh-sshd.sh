#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# `bulwark scan ssh` against real sshd instances on 127.0.0.1 in three
# configurations (defaults, hardened, legacy). The algorithm lists each
# server must report are written down below and compared exactly, in the
# server's order; host key types and sizes too. Where ssh-audit is installed,
# Bulwark must report at least every algorithm it reports.
#
# Needs root (sshd's privilege separation) and Debian's openssh-server.
set -eu
BULWARK=${1:-${BULWARK:-bulwark}}
SSHD=/usr/sbin/sshd
[ "$(id -u)" = 0 ] || { echo "needs root"; exit 77; }
[ -x "$SSHD" ] || { echo "no $SSHD (openssh-server)"; exit 77; }
command -v /usr/bin/python3 >/dev/null || { echo "no python3"; exit 77; }

T=$(mktemp -d)
PIDS=()
cleanup() {
        for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
        wait 2>/dev/null || true
        rm -rf "$T"
}
trap cleanup EXIT
mkdir -p /run/sshd
chmod 0755 /run/sshd

# A free TCP port on 127.0.0.1.
free_port() {
        /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start NAME PORT: runs sshd with $T/NAME.cfg and waits until it listens.
start() {
        local name=$1 port=$2
        "$SSHD" -t -f "$T/$name.cfg" -p "$port"
        "$SSHD" -D -e -f "$T/$name.cfg" -p "$port" 2>"$T/$name.log" &
        PIDS+=($!)
        for _ in $(seq 100); do
                grep -q "Server listening" "$T/$name.log" 2>/dev/null && return 0
                sleep 0.05
        done
        echo "sshd $name did not start:"; cat "$T/$name.log"; exit 1
}

common() {
        cat <<CFG
ListenAddress 127.0.0.1
PidFile none
UsePAM no
CFG
}

ssh-keygen -q -t ed25519 -N '' -f "$T/ed25519"
ssh-keygen -q -t rsa -b 3072 -N '' -f "$T/rsa3072"
ssh-keygen -q -t ecdsa -b 256 -N '' -f "$T/ecdsa256"
ssh-keygen -q -t rsa -b 1024 -N '' -f "$T/rsa1024"
HAVE_DSA=0
ssh-keygen -q -t dsa -N '' -f "$T/dsa" 2>/dev/null && HAVE_DSA=1

{ common; echo "HostKey $T/ed25519"; echo "HostKey $T/rsa3072"; echo "HostKey $T/ecdsa256"; } >"$T/defaults.cfg"
{ common; cat <<CFG
HostKey $T/ed25519
KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org
HostKeyAlgorithms ssh-ed25519
Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com
MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com
Compression no
CFG
} >"$T/hardened.cfg"
{ common; cat <<CFG
HostKey $T/rsa1024
KexAlgorithms diffie-hellman-group1-sha1,diffie-hellman-group14-sha1
Ciphers aes128-cbc,aes192-cbc,aes256-cbc,3des-cbc
MACs hmac-sha1,hmac-md5
CFG
if [ $HAVE_DSA = 1 ]; then
        echo "HostKey $T/dsa"
        echo "HostKeyAlgorithms ssh-rsa,ssh-dss"
else
        echo "HostKeyAlgorithms ssh-rsa"
fi
} >"$T/legacy.cfg"

P_DEF=$(free_port); start defaults "$P_DEF"
P_HARD=$(free_port); start hardened "$P_HARD"
P_LEG=$(free_port); start legacy "$P_LEG"

# The truth per configuration. OpenSSH appends kex-strict-s-v00@openssh.com
# (its Terrapin countermeasure) to every kex list, when the build has it.
STRICT=""
if "$BULWARK" scan ssh "127.0.0.1:$P_DEF" --no-host-keys --format json | grep -q kex-strict-s-v00; then
        STRICT=",kex-strict-s-v00@openssh.com"
fi
cat >"$T/expected.json" <<JSON
{
 "defaults": {
  "kex": "sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256$STRICT",
  "host_key": "ssh-ed25519,rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256",
  "ciphers": "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
  "macs": "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
  "compression": "none,zlib@openssh.com",
  "host_keys": "ssh-ed25519=ssh-ed25519/256,rsa-sha2-512=ssh-rsa/3072,rsa-sha2-256=ssh-rsa/3072,ecdsa-sha2-nistp256=ecdsa-sha2-nistp256/256"
 },
 "hardened": {
  "kex": "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org$STRICT",
  "host_key": "ssh-ed25519",
  "ciphers": "chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com",
  "macs": "hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com",
  "compression": "none",
  "host_keys": "ssh-ed25519=ssh-ed25519/256"
 },
 "legacy": {
  "kex": "diffie-hellman-group1-sha1,diffie-hellman-group14-sha1$STRICT",
  "host_key": "ssh-rsa$( [ $HAVE_DSA = 1 ] && echo ,ssh-dss)",
  "ciphers": "aes128-cbc,aes192-cbc,aes256-cbc,3des-cbc",
  "macs": "hmac-sha1,hmac-md5",
  "compression": "none,zlib@openssh.com",
  "host_keys": "ssh-rsa=ssh-rsa/1024$( [ $HAVE_DSA = 1 ] && echo ,ssh-dss=ssh-dss/1024)"
 }
}
JSON

fail=0
for cfg in defaults:$P_DEF hardened:$P_HARD legacy:$P_LEG; do
        name=${cfg%%:*}; port=${cfg#*:}
        rc=0
        "$BULWARK" scan ssh "127.0.0.1:$port" --format json >"$T/$name.json" || rc=$?
        # Exit codes: 0 or 1 are verdicts; 2 and 3 mean the scan itself failed.
        if [ $rc -ge 2 ]; then echo "FAIL $name: exit $rc"; fail=1; continue; fi
        "$BULWARK" scan ssh "127.0.0.1:$port" >"$T/$name.txt" || true
        /usr/bin/python3 - "$T/expected.json" "$T/$name.json" "$name" <<'PY' || fail=1
import json, sys
exp = json.load(open(sys.argv[1]))[sys.argv[3]]
got = json.load(open(sys.argv[2]))
bad = 0
for k in ("kex", "host_key", "ciphers", "macs", "compression"):
    want = exp[k].split(",")
    if got[k] != want:
        print(f"FAIL {sys.argv[3]} {k}:\n  expected {want}\n  got      {got[k]}"); bad = 1
hk = ",".join(f'{h["algorithm"]}={h.get("type")}/{h.get("bits")}' for h in got["host_keys"])
if hk != exp["host_keys"]:
    print(f"FAIL {sys.argv[3]} host_keys:\n  expected {exp['host_keys']}\n  got      {hk}"); bad = 1
for h in got["host_keys"]:
    if not h.get("fingerprint_sha256", "").startswith("SHA256:"):
        print(f"FAIL {sys.argv[3]} no fingerprint for {h}"); bad = 1
if not got["banner"].startswith("SSH-2.0-OpenSSH_"):
    print(f"FAIL {sys.argv[3]} banner {got['banner']}"); bad = 1
# Verdicts: the legacy server's weak algorithms are named with their status and rule.
status = {(f["kind"], f["algorithm"]): f["status"] for f in got["findings"]}
for f in got["findings"]:
    if not (f["rule"] and f["detail"] and f["path"].startswith("127.0.0.1:")):
        print(f"FAIL {sys.argv[3]} finding without rule/detail/path: {f}"); bad = 1
want = {
    "legacy": {("ssh-kex", "diffie-hellman-group1-sha1"): "disallowed", ("ssh-kex", "diffie-hellman-group14-sha1"): "disallowed",
               ("ssh-cipher", "3des-cbc"): "disallowed", ("ssh-cipher", "aes128-cbc"): "deprecated",
               ("ssh-mac", "hmac-md5"): "disallowed", ("ssh-mac", "hmac-sha1"): "deprecated",
               ("ssh-host-key", "ssh-rsa"): "disallowed"},
    "hardened": {("ssh-kex", "curve25519-sha256"): "deprecated",  # X25519 is not in SP 800-56A
                 ("ssh-cipher", "aes256-gcm@openssh.com"): "acceptable",
                 ("ssh-mac", "hmac-sha2-256-etm@openssh.com"): "acceptable", ("ssh-host-key", "ssh-ed25519"): "acceptable"},
    "defaults": {("ssh-mac", "umac-64-etm@openssh.com"): "deprecated", ("ssh-host-key", "rsa-sha2-256"): "acceptable"},
}[sys.argv[3]]
for k, v in want.items():
    if status.get(k) != v:
        print(f"FAIL {sys.argv[3]} {k}: status {status.get(k)}, expected {v}"); bad = 1
if sys.argv[3] == "hardened" and any(v == "disallowed" for v in status.values()):
    print(f"FAIL hardened has disallowed algorithms: {status}"); bad = 1
if sys.argv[3] == "legacy" and got["worst_status"] != "disallowed":
    print(f"FAIL legacy worst_status {got['worst_status']}"); bad = 1
print(("FAIL " if bad else "ok   ") + sys.argv[3])
sys.exit(bad)
PY
        # The legacy server fails the default policy (exit 1).
        if [ $name = legacy ] && [ $rc != 1 ]; then echo "FAIL legacy: exit $rc, expected 1"; fail=1; fi
done

# One key exchange per RSA signature algorithm on request: same keys, more connections.
"$BULWARK" scan ssh "127.0.0.1:$P_DEF" --all-host-key-algorithms --format json >"$T/all.json" || true
# And one connection at a time: same result.
"$BULWARK" scan ssh "127.0.0.1:$P_DEF" --parallel 1 --format json >"$T/serial.json" || true
/usr/bin/python3 - "$T/defaults.json" "$T/all.json" "$T/serial.json" <<'PY' || fail=1
import json, sys
a, b, c = (json.load(open(x)) for x in sys.argv[1:4])
key = lambda d: [(h["algorithm"], h.get("type"), h.get("bits"), h.get("fingerprint_sha256")) for h in d["host_keys"]]
assert key(a) == key(b) == key(c), (key(a), key(b), key(c))
assert b["connections"] > a["connections"] >= 3, (a["connections"], b["connections"])
assert c["connections"] == 3 + len(c["group_exchange"]["probes"]), c["connections"]  # host keys + group sizes
print(f"ok   --all-host-key-algorithms: same keys, {b['connections']} connections instead of {a['connections']}; --parallel 1 too")
PY

# A policy file can accept what the built-in policy rejects, and names itself as the rule.
cat >"$T/policy.conf" <<POL
[policy]
name = plant-a
[ssh-kex]
allow = diffie-hellman-group14-sha1
POL
"$BULWARK" scan ssh "127.0.0.1:$P_LEG" --policy "$T/policy.conf" --format json >"$T/policy.json" || true
/usr/bin/python3 - "$T/policy.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
f = [x for x in d["findings"] if x["algorithm"] == "diffie-hellman-group14-sha1"][0]
assert d["policy"] == "plant-a", d["policy"]
assert f["status"] == "acceptable" and "policy.conf" in f["rule"], f
g = [x for x in d["findings"] if x["algorithm"] == "diffie-hellman-group1-sha1"][0]
assert g["status"] == "disallowed", g
print("ok   policy file")
PY

# Fingerprints agree with ssh-keygen's for the keys we generated.
for key in ed25519 rsa3072 ecdsa256; do
        fp=$(ssh-keygen -l -E sha256 -f "$T/$key.pub" | awk '{print $2}')
        grep -q "\"$fp\"" "$T/defaults.json" || { echo "FAIL fingerprint of $key ($fp) not reported"; fail=1; }
done

# Host certificates: more probes than the three first connections, and the RSA
# certificate algorithms share one probe as the plain RSA ones do.
ssh-keygen -q -t ed25519 -N '' -f "$T/ca"
cp "$T/ed25519.pub" "$T/ed25519c.pub"; cp "$T/ed25519" "$T/ed25519c"
cp "$T/rsa3072.pub" "$T/rsa3072c.pub"; cp "$T/rsa3072" "$T/rsa3072c"
ssh-keygen -q -s "$T/ca" -I host -h "$T/ed25519c.pub"
ssh-keygen -q -s "$T/ca" -I host -h "$T/rsa3072c.pub"
{ common; echo "HostKey $T/ed25519c"; echo "HostKey $T/ecdsa256"; echo "HostKey $T/rsa3072c"
  echo "HostCertificate $T/ed25519c-cert.pub"; echo "HostCertificate $T/rsa3072c-cert.pub"; } >"$T/certs.cfg"
P_CERT=$(free_port); start certs "$P_CERT"
"$BULWARK" scan ssh "127.0.0.1:$P_CERT" --format json >"$T/certs.json" || true
/usr/bin/python3 - "$T/certs.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
hk = {h["algorithm"]: h for h in d["host_keys"]}
want = {"ssh-ed25519": 256, "ssh-ed25519-cert-v01@openssh.com": 256, "ecdsa-sha2-nistp256": 256,
        "rsa-sha2-512": 3072, "rsa-sha2-256": 3072,
        "rsa-sha2-512-cert-v01@openssh.com": 3072, "rsa-sha2-256-cert-v01@openssh.com": 3072}
bad = [a for a, b in want.items() if hk.get(a, {}).get("bits") != b or ("error" in hk.get(a, {"error": 1}))]
bad += [a for a in want if hk[a].get("certificate", False) != a.endswith("-cert-v01@openssh.com")]
if hk["rsa-sha2-512-cert-v01@openssh.com"]["fingerprint_sha256"] != hk["rsa-sha2-256-cert-v01@openssh.com"]["fingerprint_sha256"]:
    bad.append("RSA certificate fingerprints differ")
# Plus one connection per group exchange size probe (three when the server offers group exchange).
gex = len(d["group_exchange"]["probes"])
if d["connections"] != 5 + gex:
    bad.append(f"{d['connections']} connections, expected 5 (ed25519, its cert, ECDSA, RSA, RSA cert) + {gex} group sizes")
print(("FAIL certs: " + ", ".join(bad)) if bad else "ok   host certificates")
sys.exit(1 if bad else 0)
PY

# Every key exchange the host key probes can run: a server offering only that one.
for kex in sntrup761x25519-sha512@openssh.com curve25519-sha256 curve25519-sha256@libssh.org \
           ecdh-sha2-nistp256 ecdh-sha2-nistp384 ecdh-sha2-nistp521 \
           diffie-hellman-group-exchange-sha256 diffie-hellman-group-exchange-sha1 \
           diffie-hellman-group14-sha256 diffie-hellman-group16-sha512 diffie-hellman-group18-sha512 \
           diffie-hellman-group14-sha1 diffie-hellman-group1-sha1; do
        { common; echo "HostKey $T/ecdsa256"; echo "KexAlgorithms $kex"; } >"$T/kex.cfg"
        p=$(free_port)
        start kex "$p"
        "$BULWARK" scan ssh "127.0.0.1:$p" --format json >"$T/kex.json" || true
        /usr/bin/python3 - "$T/kex.json" "$kex" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
h = d["host_keys"][0]
ok = h.get("kex") == sys.argv[2] and h.get("bits") == 256 and h.get("type") == "ecdsa-sha2-nistp256"
print(("ok   " if ok else "FAIL ") + f"host key over {sys.argv[2]}" + ("" if ok else f": {h}"))
sys.exit(0 if ok else 1)
PY
        kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
        rm -f "$T/kex.log"
done

# IPv6, when loopback has it.
if /usr/bin/python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0))' 2>/dev/null; then
        P6=$(/usr/bin/python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0)); print(s.getsockname()[1])')
        sed 's/^ListenAddress .*/ListenAddress ::1/' "$T/hardened.cfg" >"$T/v6.cfg"
        start v6 "$P6"
        "$BULWARK" scan ssh "[::1]:$P6" --format json >"$T/v6.json" || [ $? = 1 ] || { echo "FAIL ipv6 scan"; fail=1; }
        /usr/bin/python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["target"]["address"]=="::1" and j["host_keys"][0]["bits"]==256, j' "$T/v6.json" \
                && echo "ok   ipv6" || { echo "FAIL ipv6"; fail=1; }
fi

# Cross-check with ssh-audit: Bulwark reports at least every algorithm it reports.
if command -v ssh-audit >/dev/null; then
        for cfg in defaults:$P_DEF hardened:$P_HARD legacy:$P_LEG; do
                name=${cfg%%:*}; port=${cfg#*:}
                ssh-audit -j "127.0.0.1:$port" >"$T/$name.audit.json" 2>/dev/null || true
                /usr/bin/python3 - "$T/$name.audit.json" "$T/$name.json" "$name" <<'PY' || fail=1
import json, sys
a = json.load(open(sys.argv[1]))
b = json.load(open(sys.argv[2]))
bad = 0
pairs = [("kex", [k["algorithm"] for k in a.get("kex", [])]),
         ("host_key", [k["algorithm"] for k in a.get("key", [])]),
         ("ciphers", a.get("enc", [])), ("macs", a.get("mac", [])),
         ("compression", a.get("compression", []))]
for field, theirs in pairs:
    missing = [x for x in theirs if x not in b[field]]
    if missing:
        print(f"FAIL {sys.argv[3]} {field}: ssh-audit reports {missing}, bulwark does not"); bad = 1
ours = {h["algorithm"]: h.get("bits") for h in b["host_keys"]}
for k in a.get("key", []):
    if "keysize" in k and ours.get(k["algorithm"]) != k["keysize"]:
        print(f"FAIL {sys.argv[3]} {k['algorithm']}: ssh-audit says {k['keysize']} bits, bulwark {ours.get(k['algorithm'])}"); bad = 1
print(("FAIL " if bad else "ok   ") + sys.argv[3] + " vs ssh-audit")
sys.exit(bad)
PY
        done
else
        echo "ssh-audit not installed: cross-check skipped"
fi

exit $fail
