#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# CR 4.3 configuration checks on a weak root tree, offline: sshd_config with
# an Include, openssl.cnf with .include (resolved inside the tree), keys and
# certificates made here by ssh-keygen and openssl, hostile entries (FIFO,
# symlink out of the root). Then our sshd algorithm lists against `sshd -T`
# and the host's OPENSSL_CONF not leaking into the evaluation.
#
# Usage: crypto-config.sh BULWARK FIXTURES_DIR
set -euo pipefail

bulwark=${1:?bulwark binary}
fixtures=${2:?fixtures dir}
tmp=$(mktemp -d /tmp/bulwark-crypto-XXXXXX)
export BULWARK_BIN=$bulwark
trap 'rm -rf "$tmp"' EXIT

for tool in openssl ssh-keygen python3; do
        command -v "$tool" >/dev/null || { echo "SKIP: $tool missing"; exit 77; }
done

root=$tmp/root
cp -a "$fixtures/crypto-weak" "$root"
mkdir -p "$root/etc/ssl/private" "$root/etc/ssl/certs"

# Keys and certificates, made now rather than committed.
ssh-keygen -q -t rsa -b 1024 -N '' -C weak -f "$root/etc/ssh/ssh_host_rsa_key"
ssh-keygen -q -t ed25519 -N '' -C ok -f "$root/etc/ssh/ssh_host_ed25519_key"
chmod 0644 "$root/etc/ssh/ssh_host_rsa_key"          # world-readable private key: CR 4.1 fails
chmod 0600 "$root/etc/ssh/ssh_host_ed25519_key"
mkdir -p "$root/var/lib/ssh"                           # a host key outside /etc, as read-only images keep them
ssh-keygen -q -t ecdsa -b 256 -N '' -f "$root/var/lib/ssh/ssh_host_ecdsa_key"
chmod 0640 "$root/var/lib/ssh/ssh_host_ecdsa_key"
openssl req -x509 -newkey rsa:2048 -sha1 -days 3650 -nodes -subj /CN=device.example \
        -keyout "$root/etc/ssl/private/device.key" -out "$root/etc/ssl/certs/device.pem" 2>/dev/null
chmod 0640 "$root/etc/ssl/private/device.key"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256 -days 365 -nodes -subj /CN=good.example \
        -addext subjectAltName=DNS:good.example -addext extendedKeyUsage=serverAuth \
        -keyout "$root/etc/ssl/private/good.key" -out "$root/etc/ssl/certs/good.pem" 2>/dev/null
chmod 0600 "$root/etc/ssl/private/good.key"
# Hostile: a link out of the root, a FIFO where a key would be, a CA-store style link.
ln -s /etc/shadow "$root/etc/ssl/private/evil.key"
mkfifo "$root/etc/ssl/private/fifo.key"
ln -s /usr/share/ca-certificates/mozilla/Some_CA.crt "$root/etc/ssl/certs/Some_CA.pem"

run() { # policy output
        local code=0
        timeout 60 "$bulwark" assess --root "$root" --policy "$1" --format json --output "$2" || code=$?
        [ "$code" -le 1 ] || { echo "FAIL: bulwark assess --policy $1 exited $code"; exit 1; }
}
run nist "$tmp/nist.json"
run bsi "$tmp/bsi.json"
cat > "$tmp/allow.conf" <<'EOF'
[policy]
base = nist
name = field-legacy
[ssh-ciphers]
allow = 3des-cbc
EOF
run "$tmp/allow.conf" "$tmp/file.json"
printf '[tls-suites]\nallow = NOT_A_SUITE\n' > "$tmp/bad.conf"
# A broken policy file is wrong input: exit 2 with its file:line before anything runs (no report).
code=0
timeout 60 "$bulwark" assess --root "$root" --policy "$tmp/bad.conf" --format json --output "$tmp/bad.json" 2>"$tmp/bad.err" || code=$?
[ "$code" = 2 ] && grep -q 'bad.conf:2: unknown TLS cipher suite' "$tmp/bad.err" && [ ! -e "$tmp/bad.json" ] ||
        { echo "FAIL: a broken policy file: exit $code, $(cat "$tmp/bad.err"), report written: $([ -e "$tmp/bad.json" ] && echo yes || echo no)"; exit 1; }

/usr/bin/python3 - "$tmp" <<'EOF'
import json, sys
tmp = sys.argv[1]

def load(name):
    with open(f"{tmp}/{name}") as f:
        return json.load(f)

def check(doc, cid):
    for r in doc["requirements"]:
        for c in r["checks"]:
            if c["id"] == cid:
                return r["id"], c
    raise SystemExit(f"FAIL: check {cid} missing")

def evidence(c):
    return "\n".join(f"{e.get('path')}: {e['detail']}" for e in c["evidence"])

def expect(cond, msg, c=None):
    if not cond:
        print(f"FAIL: {msg}")
        if c:
            print(json.dumps(c, indent=1)[:4000])
        sys.exit(1)

nist, bsi, filed = load("nist.json"), load("bsi.json"), load("file.json")

# openssl.cnf: the weak include was followed inside the root; SECLEVEL 0 really enables TLS 1.0.
req, c = check(nist, "openssl-config-policy")
ev = evidence(c)
expect(req == "CR 4.3" and c["verdict"] == "fail", "openssl-config-policy should fail", c)
expect("SECLEVEL 0" in ev and "TLSv1.0" in ev, "effective SECLEVEL 0 / TLSv1.0 not reported", c)
expect("/etc/ssl/openssl.d/weak.cnf" in ev, "the included file is not in the evidence", c)
expect("nested more than" in ev, "the include loop was not cut", c)
expect("TLS_RSA_WITH_AES_128_CBC_SHA: static RSA key transport" in ev and "NIST SP 800-131A" in ev,
       "static RSA suite not named with its rule", c)
expect("TLSv1.0: only for interoperability" in ev, "TLS 1.0 not judged", c)
expect("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: AES-128-CBC with HMAC-SHA1 without encrypt-then-MAC" in ev,
       "Options = -EncryptThenMac not taken into account", c)
expect("x25519: not an approved key-agreement curve" in ev, "X25519 group not judged", c)
expect(any(e.get("sha256") for e in c["evidence"] if e.get("path") == "/etc/ssl/openssl.cnf"), "no hash for openssl.cnf", c)

# sshd_config: the drop-in wins, modifiers applied, Match noted, README ignored.
req, c = check(nist, "sshd-config-policy")
ev = evidence(c)
expect(c["verdict"] == "fail", "sshd-config-policy should fail", c)
expect("Ciphers chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com,3des-cbc,aes128-cbc (/etc/ssh/sshd_config.d/50-legacy.conf:2)" in ev,
       "effective Ciphers list wrong", c)
expect("3des-cbc: 3DES (TDEA) is disallowed" in ev, "3des-cbc not judged", c)
expect("diffie-hellman-group1-sha1" in c["summary"] and "hmac-md5" in c["summary"], "weak kex/mac not in summary", c)
expect("1 Match blocks" in ev, "Match block not reported", c)
expect("HostKey /etc/ssh/ssh_host_missing_key: not found" in ev, "missing HostKey not reported", c)
expect("Ciphers none" not in ev and "none:" not in ev, "README must not be read as config", c)

# Keys and certificates.
req, c = check(nist, "host-keys-and-certificates")
ev = evidence(c)
expect(c["verdict"] == "fail", "host-keys-and-certificates should fail", c)
expect("/etc/ssh/ssh_host_rsa_key: RSA 1024 bits: below 2048 bits" in ev, "1024-bit host key not named", c)
expect("signed with sha1WithRSAEncryption" in ev and "valid for 3650 days" in ev, "SHA-1 / 10-year certificate not named", c)
expect("/etc/ssl/certs/good.pem" not in c["summary"], "the good certificate must not fail", c)
expect("evil.key" not in ev and "fifo.key" not in ev and "Some_CA" not in ev, "symlinks/FIFOs must be skipped", c)

# CR 4.1: private keys readable only by root.
req, c = check(nist, "private-keys-root-only")
ev = evidence(c)
expect(req == "CR 4.1" and c["verdict"] == "fail", "private-keys-root-only should fail", c)
expect("ssh_host_rsa_key" in c["summary"] and "device.key" in c["summary"], "bad key files not named", c)
expect("/var/lib/ssh/ssh_host_ecdsa_key" in c["summary"], "host key outside /etc not checked", c)
expect("good.key" not in c["summary"] and "ssh_host_ed25519_key" not in c["summary"], "good key files named", c)

for r in nist["requirements"]:
    if r["id"] == "CR 4.3":
        expect(r["verdict"] == "fail", "CR 4.3 should fail", r)

# bsi: rules name TR-02102; ffdhe2048 below 3000 bits.
req, c = check(bsi, "openssl-config-policy")
ev = evidence(c)
expect("BSI TR-02102" in ev and "ffdhe2048: 2048-bit group is below 3000 bits" in ev, "bsi rules not applied", c)
expect(bsi["profile"]["crypto_policy"] == "bsi", "profile should say bsi")

# A policy file's allow wins, with file:line as the rule.
req, c = check(filed, "sshd-config-policy")
ev = evidence(c)
expect("3des-cbc: allowed by the policy file: acceptable by policy file" in ev and "allow.conf:5" in ev,
       "policy file allow not applied with its file:line", c)
expect("3des-cbc" not in c["summary"], "allowed cipher still failing", c)

print("ok: CR 4.3 configuration checks")
EOF

# The fix the checks suggest must make them pass: build trees from the actions and assess again.
/usr/bin/python3 - "$tmp" <<'EOF'
import json, os, re, subprocess, sys
tmp = sys.argv[1]
bulwark = os.environ["BULWARK_BIN"]
for policy in ("nist", "bsi"):
    doc = json.load(open(f"{tmp}/{policy}.json"))
    actions = {c["id"]: c.get("action") or "" for r in doc["requirements"] for c in r["checks"]}
    ossl = actions["openssl-config-policy"]
    m = re.search(r"set MinProtocol = (\S+), CipherString = (\S+), Ciphersuites = (\S+) and Groups = (\S+)\.", ossl)
    if not m:
        sys.exit(f"FAIL: {policy}: openssl action not understood: {ossl}")
    ssh = actions["sshd-config-policy"]
    s = re.search(r"set KexAlgorithms (\S+); Ciphers (\S+); MACs (\S+); HostKeyAlgorithms (\S+)\.", ssh)
    if not s:
        sys.exit(f"FAIL: {policy}: sshd action not understood: {ssh}")
    root = f"{tmp}/fixed-{policy}"
    os.makedirs(f"{root}/etc/ssl", exist_ok=True)
    os.makedirs(f"{root}/etc/ssh", exist_ok=True)
    with open(f"{root}/etc/os-release", "w") as f:   # an OS tree, or bulwark assess refuses it
        f.write("ID=debian\n")
    with open(f"{root}/etc/ssl/openssl.cnf", "w") as f:
        f.write("openssl_conf = openssl_init\n[openssl_init]\nssl_conf = ssl_sect\n[ssl_sect]\n"
                "system_default = system_default_sect\n[system_default_sect]\n"
                f"MinProtocol = {m[1]}\nCipherString = {m[2]}\nCiphersuites = {m[3]}\nGroups = {m[4]}\n")
    with open(f"{root}/etc/ssh/sshd_config", "w") as f:
        f.write(f"KexAlgorithms {s[1]}\nCiphers {s[2]}\nMACs {s[3]}\nHostKeyAlgorithms {s[4]}\n")
    out = f"{tmp}/fixed-{policy}.json"
    subprocess.run([bulwark, "assess", "--root", root, "--policy", policy, "--format", "json", "--output", out], check=False)
    fixed = json.load(open(out))
    for r in fixed["requirements"]:
        for c in r["checks"]:
            if c["id"] in ("openssl-config-policy", "sshd-config-policy") and c["verdict"] != "pass":
                sys.exit(f"FAIL: {policy}: the suggested fix does not pass {c['id']}: {c['summary']}")
print("ok: the suggested openssl.cnf and sshd_config fixes pass nist and bsi")
EOF

# Our effective algorithm lists against sshd's own (`sshd -T`), for the modifiers.
if [ -x /usr/sbin/sshd ]; then
        t2=$tmp/t2
        mkdir -p "$t2/etc/ssh"
        echo ID=debian >"$t2/etc/os-release"
        cat > "$t2/etc/ssh/sshd_config" <<'EOF'
Ciphers +aes128-cbc,3des-cbc
MACs -*sha1*,umac-64*
KexAlgorithms ^diffie-hellman-group14-sha1
HostKeyAlgorithms -ssh-rsa*,*nistp521*,sk-*
EOF
        ssh-keygen -q -t ed25519 -N '' -f "$tmp/hk"
        /usr/sbin/sshd -T -f "$t2/etc/ssh/sshd_config" -h "$tmp/hk" > "$tmp/sshd-T.txt"
        "$bulwark" assess --root "$t2" --format json --output "$tmp/t2.json" || true
        /usr/bin/python3 - "$tmp" <<'EOF'
import json, sys
tmp = sys.argv[1]
truth = {}
for line in open(f"{tmp}/sshd-T.txt"):
    k, _, v = line.strip().partition(" ")
    truth[k] = v
doc = json.load(open(f"{tmp}/t2.json"))
ours = {}
for r in doc["requirements"]:
    for c in r["checks"]:
        if c["id"] == "sshd-config-policy":
            for e in c["evidence"]:
                for kw in ("KexAlgorithms", "Ciphers", "MACs", "HostKeyAlgorithms"):
                    if e["detail"].startswith(kw + " "):
                        ours[kw.lower()] = e["detail"].split(" ")[1]
for kw in ("kexalgorithms", "ciphers", "macs", "hostkeyalgorithms"):
    if ours.get(kw) != truth.get(kw):
        print(f"FAIL: {kw}\n  sshd -T: {truth.get(kw)}\n  bulwark: {ours.get(kw)}")
        sys.exit(1)
print("ok: algorithm lists equal sshd -T")
EOF
else
        echo "sshd not installed: sshd -T comparison skipped"
fi

# Includes that include their own directory: the work stays bounded.
t4=$tmp/t4
mkdir -p "$t4/etc/ssh/d" "$t4/etc/ssl/d"
echo ID=debian >"$t4/etc/os-release"
echo 'Include /etc/ssh/d/*' > "$t4/etc/ssh/sshd_config"
echo '.include /etc/ssl/d' > "$t4/etc/ssl/openssl.cnf"
for i in $(seq 1 60); do
        echo 'Include /etc/ssh/d/*' > "$t4/etc/ssh/d/f$i"
        echo '.include /etc/ssl/d' > "$t4/etc/ssl/d/f$i.cnf"
done
code=0
timeout 30 "$bulwark" assess --root "$t4" --format json --output "$tmp/t4.json" || code=$?
[ "$code" -le 1 ] || { echo "FAIL: include fan-out: exit $code"; exit 1; }
/usr/bin/python3 - "$tmp" <<'EOF'
import json, sys
doc = json.load(open(f"{sys.argv[1]}/t4.json"))
for r in doc["requirements"]:
    for c in r["checks"]:
        if c["id"] in ("openssl-config-policy", "sshd-config-policy"):
            ev = "\n".join(e["detail"] for e in c["evidence"])
            if len(c["evidence"]) > 400 or "more files" not in ev:
                print(f"FAIL: {c['id']}: {len(c['evidence'])} evidence lines")
                sys.exit(1)
print("ok: include fan-out bounded")
EOF

# The host's OPENSSL_CONF must not leak into what is evaluated for the target.
t3=$tmp/t3
mkdir -p "$t3/etc/ssl"
echo ID=debian >"$t3/etc/os-release"
printf 'HOME = .\n' > "$t3/etc/ssl/openssl.cnf"
printf 'openssl_conf = i\n[i]\nssl_conf = s\n[s]\nsystem_default = d\n[d]\nMinProtocol = TLSv1.3\nCipherString = DEFAULT:@SECLEVEL=0\n' > "$tmp/host.cnf"
OPENSSL_CONF=$tmp/host.cnf "$bulwark" assess --root "$t3" --format json --output "$tmp/t3.json" || true
/usr/bin/python3 - "$tmp" <<'EOF'
import json, sys
doc = json.load(open(f"{sys.argv[1]}/t3.json"))
for r in doc["requirements"]:
    for c in r["checks"]:
        if c["id"] == "openssl-config-policy":
            ev = "\n".join(e["detail"] for e in c["evidence"])
            if "SECLEVEL 2, protocols TLSv1.2 TLSv1.3" not in ev:
                print("FAIL: the host's OPENSSL_CONF leaked into the evaluation\n" + ev)
                sys.exit(1)
print("ok: host OpenSSL configuration does not leak")
EOF
