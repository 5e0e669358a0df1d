#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Live data-at-rest collection on a real loop device: a LUKS2 image attached
# with losetup must be found by the block-device scan (libblkid) and its header
# read with libcryptsetup. Needs root (loop devices); only headers are read.
set -euo pipefail

BULWARK=${1:-${BULWARK:-bulwark}}
[ "$(id -u)" -eq 0 ] || { echo "not root: skipping"; exit 77; }
command -v cryptsetup >/dev/null && command -v losetup >/dev/null || exit 77

T=$(mktemp -d)
LOOP=
cleanup() {
        [ -n "$LOOP" ] && losetup -d "$LOOP" 2>/dev/null || true
        rm -rf "$T"
}
trap cleanup EXIT

truncate -s 20M "$T/live.img"
printf pw0 >"$T/k0"
printf pw1 >"$T/k1"
cryptsetup luksFormat --batch-mode --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 --key-file "$T/k0" "$T/live.img"
cryptsetup luksAddKey --batch-mode --pbkdf pbkdf2 --pbkdf-force-iterations 1000 --key-file "$T/k0" "$T/live.img" "$T/k1"
printf '%s' '{"type":"systemd-tpm2","keyslots":["1"],"tpm2-blob":"AAAA","tpm2-pcrs":[7],"tpm2-pcr-bank":"sha256","tpm2-primary-alg":"ecc","tpm2-policy-hash":"0000","tpm2-pin":false}' >"$T/tpm2.json"
cryptsetup token import --json-file "$T/tpm2.json" --token-id 0 "$T/live.img"
uuid=$(cryptsetup luksUUID "$T/live.img")
sum_before=$(sha256sum <"$T/live.img")

LOOP=$(losetup --find --show --read-only "$T/live.img") || { echo "no loop device available: skipping"; exit 77; }

"$BULWARK" assess --format json --no-probe --output "$T/live.json" || [ $? -le 1 ]

/usr/bin/python3 - "$T/live.json" "$LOOP" "$uuid" <<'P'
import json, sys
d = json.load(open(sys.argv[1]))
loop = sys.argv[2]
checks = {c["id"]: c for r in d["requirements"] for c in r["checks"]}
c = checks["luks-tpm-sealed"]
ev = [e for e in c["evidence"] if e.get("path") == loop]
assert ev, "the live scan did not report %s: %s" % (loop, c)
detail = ev[0]["detail"]
assert "block device" in detail and "LUKS2" in detail and "0:systemd-tpm2" in detail and "1:pbkdf2" in detail, detail
# Keyslot 0 is a passphrase left next to the token: the check must fail on it, naming the device.
assert c["verdict"] == "fail", c
assert loop in c["summary"] or any(loop in (e.get("detail") or "") for e in c["evidence"]), c
print("ok   live scan found", loop, "->", detail)
P
# Reading must not have changed a byte of the image.
[ "$(sha256sum <"$T/live.img")" = "$sum_before" ] || { echo "FAIL: the image changed"; exit 1; }
echo "ok   image unchanged"
