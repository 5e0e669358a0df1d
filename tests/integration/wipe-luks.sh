#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Crypto erase of a LUKS2 header made by cryptsetup luksFormat, with two
# keyslots and an imported systemd-tpm2 token: afterwards libcryptsetup finds
# no header and no keyslot opens; the TPM caveat is in the certificate; the
# data area is left as ciphertext, and the certificate says so.
. "$(dirname "$0")/wipe-lib.sh"
need_root
command -v cryptsetup >/dev/null || { echo "SKIP: cryptsetup missing"; exit 77; }

make_luks() {
        truncate -s 32M "$1"
        printf 'first-passphrase' | cryptsetup luksFormat --batch-mode --type luks2 --pbkdf pbkdf2 \
                --pbkdf-force-iterations 1000 --key-file - "$1"
        printf 'first-passphrase' >"$T/k1"
        printf 'second-passphrase' >"$T/k2"
        cryptsetup luksAddKey --batch-mode --pbkdf pbkdf2 --pbkdf-force-iterations 1000 --key-file "$T/k1" "$1" "$T/k2"
        cat >"$T/token.json" <<'JSON'
{"type":"systemd-tpm2","keyslots":["0"],"tpm2-blob":"AAAA","tpm2-pcrs":[7],"tpm2-pcr-bank":"sha256","tpm2-primary-alg":"ecc","tpm2-policy-hash":"00","tpm2-pin":false}
JSON
        cryptsetup token import --json-file "$T/token.json" "$1" 2>/dev/null ||
                cryptsetup token import --json-file "$T/token.json" --token-only "$1" 2>/dev/null ||
                { sed 's/systemd-tpm2/bulwark-test-tpm/' "$T/token.json" >"$T/token2.json"; cryptsetup token import --json-file "$T/token2.json" "$1"; }
}

make_luks "$T/luks.img"
cryptsetup luksDump "$T/luks.img" | grep -q "systemd-tpm2\|bulwark-test-tpm" || fail "fixture: token not imported"
cryptsetup open --test-passphrase --key-file "$T/k2" "$T/luks.img" || fail "fixture: second keyslot does not open"
DATA_OFF=$(cryptsetup luksDump "$T/luks.img" | awk '/^Data segments/{s=1} s && /offset:/{print $2; exit}')
dd if="$T/luks.img" bs=1M skip=$((DATA_OFF / 1048576)) count=1 status=none | sha256sum >"$T/data.before"
L=$(new_loop "$T/luks.img")

"$BULWARK" wipe -q --yes --method crypto --verify full --certificate "$T/c.json" "$L" >"$T/out" || { cat "$T/out"; fail "crypto erase failed"; }
if cryptsetup luksDump "$L" >/dev/null 2>&1; then fail "libcryptsetup still loads a LUKS header"; fi
for k in k1 k2; do
        if cryptsetup open --test-passphrase --key-file "$T/$k" "$L" 2>/dev/null; then fail "keyslot for $k still opens"; fi
done
[ "$(json "$T/c.json" 'c["sanitization"]["nist_800_88_category"]')" = Purge ] || fail "category"
[ "$(json "$T/c.json" 'c["verification"]["result"]')" = pass ] || fail "header overwrite verification"
json "$T/c.json" '"\n".join(c["notes"])' | grep >/dev/null "destroyed 2 keyslot(s) and removed 1 token(s)" || { json "$T/c.json" 'c["notes"]'; fail "keyslots/tokens not recorded"; }
json "$T/c.json" '"\n".join(c["caveats"])' | grep >/dev/null "TPM" || fail "TPM caveat missing"
json "$T/c.json" '"\n".join(c["caveats"])' | grep >/dev/null "ciphertext" || fail "data-area caveat missing"
dd if="$L" bs=1M skip=$((DATA_OFF / 1048576)) count=1 status=none | sha256sum | cmp -s - "$T/data.before" || fail "data area changed (crypto erase should only touch the header)"
[ "$(json "$T/c.json" 'c["target"]["size_bytes"]')" = "$DATA_OFF" ] || fail "header area size"
"$BULWARK" wipe verify-cert "$T/c.json" >/dev/null || fail "certificate does not verify"
ok "crypto erase on a loop device: no LUKS header, no keyslot opens, TPM caveat recorded"

# On an image file directly (a LUKS image in a build tree).
make_luks "$T/luks2.img"
"$BULWARK" wipe -q --yes --method crypto --verify sample "$T/luks2.img" >/dev/null || fail "crypto erase of an image failed"
if cryptsetup luksDump "$T/luks2.img" >/dev/null 2>&1; then fail "image: LUKS header still loads"; fi
ok "crypto erase on an image file"

# Not LUKS: refused, nothing written.
truncate -s 8M "$T/plain.img"
rc=0
"$BULWARK" wipe -q --yes --method crypto "$T/plain.img" 2>/dev/null || rc=$?
[ $rc = 2 ] || fail "crypto on a non-LUKS target: exit $rc"
ok "crypto erase refuses a target without a LUKS header"
