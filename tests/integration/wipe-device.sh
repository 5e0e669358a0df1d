#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# bulwark wipe on real loop devices: random + full verification leaves no
# original 4 KiB block, a byte changed behind the tool's back fails
# re-verification at its offset, zero + sampled verification, discard,
# a read-only device's write errors reach the certificate, SIGINT gives a
# partial certificate, and certificates verify (signed too) until changed.
. "$(dirname "$0")/wipe-lib.sh"
need_root

BLOCKS=16384 # 64 MiB
fill_known "$T/d.img" $BLOCKS
L=$(new_loop "$T/d.img")
[ "$(survivors "$L" $BLOCKS)" = $BLOCKS ] || fail "fixture: original blocks not readable"

# Refused without confirmation when not interactive; nothing written.
if "$BULWARK" wipe "$L" </dev/null >/dev/null 2>&1; then fail "wipe ran without --yes or a confirmation"; fi
[ "$(survivors "$L" $BLOCKS)" = $BLOCKS ] || fail "an unconfirmed wipe wrote to the device"
ok "no confirmation, no write"

"$BULWARK" wipe -q --yes --method random --verify full --operator tester --certificate "$T/c.json" --markdown "$T/c.md" "$L" >"$T/out" \
        || { cat "$T/out"; fail "random wipe failed"; }
n=$(survivors "$L" $BLOCKS)
[ "$n" = 0 ] || fail "$n original 4 KiB blocks survived the random wipe"
[ "$(json "$T/c.json" 'c["status"]')" = completed ] || fail "certificate status"
[ "$(json "$T/c.json" 'c["verification"]["result"]')" = pass ] || fail "verification result"
[ "$(json "$T/c.json" 'c["verification"]["bytes_verified"]')" = $((BLOCKS * 4096)) ] || fail "not everything was read back"
[ "$(json "$T/c.json" 'c["sanitization"]["nist_800_88_category"]')" = Clear ] || fail "800-88 category"
[ "$(json "$T/c.json" 'c["operator"]')" = tester ] || fail "operator"
grep -q "NIST SP 800-88 category | Clear" "$T/c.md" || fail "markdown certificate"
ok "random + verify full: 0 of $BLOCKS original blocks survive"

"$BULWARK" wipe verify-cert "$T/c.json" >/dev/null || fail "fresh certificate does not verify"
sed 's/"status": "completed"/"status": "failed"/' "$T/c.json" >"$T/changed.json"
cmp -s "$T/c.json" "$T/changed.json" && fail "test did not change the certificate"
if "$BULWARK" wipe verify-cert "$T/changed.json" >/dev/null; then fail "a changed certificate verified"; fi
ok "certificate verifies, a changed one does not"

# Re-verification later from the certificate; then a byte changed behind our back.
"$BULWARK" wipe verify --certificate "$T/c.json" "$L" >/dev/null || fail "re-verification of an untouched device failed"
OFF=$((12345 * 4096 + 77))
dd if="$L" iflag=direct bs=4096 skip=12345 count=1 status=none of="$T/blk"
/usr/bin/python3 -c 'import sys; b=bytearray(open(sys.argv[1],"rb").read()); b[77]^=0xff; open(sys.argv[1],"wb").write(b)' "$T/blk"
dd if="$T/blk" of="$L" oflag=direct bs=4096 seek=12345 count=1 conv=notrunc status=none
if "$BULWARK" wipe verify --certificate "$T/c.json" "$L" >"$T/out"; then fail "verification passed after a byte was changed"; fi
grep -q "offset $OFF" "$T/out" || { cat "$T/out"; fail "mismatch not reported at offset $OFF"; }
ok "changed byte at $OFF makes verification fail at that offset"

# zero + --verify sample on 64 MiB: 800-88's 2002 samples of 64 KiB (first and last block, two in each
# of 1000 subsections) would read 125 MiB, more than the device, so it is read once in full and the
# certificate says so (sampling proper: wipe-progress.py, on a 200 MiB file).
"$BULWARK" wipe -q --yes --method zero --verify sample --certificate "$T/z.json" "$L" >/dev/null || fail "zero wipe failed"
cmp -s -n $((BLOCKS * 4096)) "$L" /dev/zero || fail "device not all zeros after --method zero"
v=$(json "$T/z.json" 'c["verification"]["bytes_verified"]')
[ "$v" = $((BLOCKS * 4096)) ] || fail "sample verification of a small device read $v bytes, not the device once"
json "$T/z.json" 'any("in full" in n for n in c["notes"])' | grep -q True || fail "the certificate does not say the device was read in full"
[ "$(json "$T/z.json" 'c["verification"]["result"]')" = pass ] || fail "sample verification result"
ok "zero + --verify sample of a small device reads it once in full ($v bytes)"

# discard: what the device accepted is recorded; zeros read back
dd if=/dev/urandom of="$L" bs=1M count=4 oflag=direct status=none
"$BULWARK" wipe -q --yes --method discard --verify full --certificate "$T/dc.json" "$L" >/dev/null || fail "discard wipe failed"
json "$T/dc.json" '"\n".join(c["notes"])' | grep >/dev/null "BLKSECDISCARD" || fail "secure discard outcome not recorded"
json "$T/dc.json" '"\n".join(c["notes"])' | grep >/dev/null "BLKZEROOUT accepted" || fail "zero-out not recorded"
cmp -s -n $((BLOCKS * 4096)) "$L" /dev/zero || fail "device not zero after discard"
ok "discard: $(json "$T/dc.json" 'c["sanitization"]["nist_800_88_category"]'), outcome recorded"

# Signing with an X.509 key; a foreign CA and a changed signed certificate fail.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/k.pem" -out "$T/crt.pem" -days 2 -subj "/CN=bulwark test signer" 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/k2.pem" -out "$T/crt2.pem" -days 2 -subj "/CN=other" 2>/dev/null
"$BULWARK" wipe -q --yes --method zero --verify none --sign-key "$T/k.pem" --sign-cert "$T/crt.pem" --certificate "$T/s.json" "$L" >/dev/null || fail "signed wipe failed"
"$BULWARK" wipe verify-cert --ca "$T/crt.pem" "$T/s.json" >/dev/null || fail "signed certificate does not verify against its CA"
if "$BULWARK" wipe verify-cert --ca "$T/crt2.pem" "$T/s.json" >/dev/null; then fail "signed certificate verified against a foreign CA"; fi
if "$BULWARK" wipe verify-cert --ca "$T/crt.pem" "$T/c.json" >/dev/null; then fail "unsigned certificate accepted where a signature is required"; fi
if "$BULWARK" wipe -q --yes --method zero --verify none --sign-key "$T/k2.pem" --sign-cert "$T/crt.pem" --certificate "$T/bad.json" "$L" >/dev/null 2>&1; then
        fail "signing with a key that does not match the certificate succeeded"
fi
/usr/bin/python3 - "$T/s.json" "$T/s2.json" <<'PY'
import copy, hashlib, json, sys
# What the hash covers (docs/wipe.md): all but integrity.sha256 and integrity.signature.value.
# Certificates here are ASCII, where the canonical form is json.dumps with sorted keys and no spaces.
def covered(c):
    d = copy.deepcopy(c); d["integrity"].pop("sha256"); d["integrity"].get("signature", {}).pop("value", None)
    return hashlib.sha256(json.dumps(d, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
c = json.load(open(sys.argv[1]))
c["target"]["name"] = "/dev/other"
# recompute the hash as a forger would: the signature must still catch it
c["integrity"]["sha256"] = covered(c)
json.dump(c, open(sys.argv[2], "w"))
# the same canonical form as bulwark's, or this test would not reach the signature check
o = json.load(open(sys.argv[1]))
assert covered(o) == o["integrity"]["sha256"], "canonical form differs"
PY
if "$BULWARK" wipe verify-cert "$T/s2.json" >"$T/out"; then cat "$T/out"; fail "a changed signed certificate with a recomputed hash verified"; fi
grep -q "signature does not match" "$T/out" || { cat "$T/out"; fail "forged certificate not caught by its signature"; }
ok "signed certificates: valid, foreign CA refused, forged hash caught by the signature"

# A read-only device: every write fails; the failure is in the certificate and the exit code.
RO=$(new_loop "$T/d.img" -r)
if "$BULWARK" wipe -q --yes --certificate "$T/ro.json" "$RO" >"$T/out"; then fail "wipe of a read-only device reported success"; fi
[ "$(json "$T/ro.json" 'c["status"]')" = failed ] || fail "read-only: status not failed"
[ "$(json "$T/ro.json" 'c["errors"][0]["phase"]')" = write ] || fail "read-only: no write error recorded"
[ "$(json "$T/ro.json" 'c["errors"][0]["offset"]')" = 0 ] || fail "read-only: error range does not start at 0"
grep -q "^Error:" "$T/out" || fail "read-only: error not printed"
ok "read-only device: write error reported ($(json "$T/ro.json" 'c["errors"][0]["error"]'))"

# SIGINT stops cleanly with a partial certificate.
truncate -s 1G "$T/big.img"
B=$(new_loop "$T/big.img")
"$BULWARK" wipe -q --yes --verify full --certificate "$T/int.json" "$B" >/dev/null 2>&1 &
pid=$!
sleep 0.3
kill -INT $pid
rc=0
wait $pid || rc=$?
[ $rc = 1 ] || fail "interrupted wipe exit code $rc"
[ "$(json "$T/int.json" 'c["status"]')" = interrupted ] || fail "interrupted: status $(json "$T/int.json" 'c["status"]')"
rc=0
"$BULWARK" wipe verify-cert "$T/int.json" >"$T/out" || rc=$?
[ $rc = 1 ] || fail "verify-cert of an interrupted certificate: exit $rc, want 1 (authentic, not completed)"
grep -q "NOT COMPLETED: status interrupted" "$T/out" || { cat "$T/out"; fail "verify-cert does not say the status"; }
ok "SIGINT: partial certificate, $(json "$T/int.json" 'c["sanitization"]["bytes_written"]') bytes written"
