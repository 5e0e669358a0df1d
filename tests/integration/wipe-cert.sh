#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Wipe certificates tell the truth after any interruption (real loop devices,
# real signals, a CA and a signer made by openssl):
#  - before the first byte is written, a "started" certificate replaces
#    whatever is at --certificate (here: an earlier run's "completed"), so a
#    SIGKILL mid-way leaves "started";
#  - `wipe verify-cert` says the status and exits 0 only for an authentic
#    "completed" certificate: 1 for started, interrupted and failed ones, 4 for
#    ones that are not authentic; signed and unsigned alike;
#  - a signing key that cannot sign stops the run before anything is written;
#  - every field but the signature value is covered by the hash and the
#    signature, the integrity object's own fields too (wipe-cert-mutate.py).
. "$(dirname "$0")/wipe-lib.sh"
need_root
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "SKIP: needs Debian's /usr/bin/python3"; exit 77; }
command -v openssl >/dev/null || { echo "SKIP: needs openssl"; exit 77; }
HERE=$(cd "$(dirname "$0")" && pwd)

jget() { "$PY" -c 'import json,sys; c=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

# verify_cert EXPECTED-EXIT EXPECTED-WORD FILE [--ca CA]: runs verify-cert, checks exit code and wording
verify_cert() {
        want=$1 word=$2 file=$3
        shift 3
        rc=0
        "$BULWARK" wipe verify-cert "$@" "$file" >"$T/vc.out" 2>&1 || rc=$?
        [ "$rc" = "$want" ] || { cat "$T/vc.out"; fail "verify-cert $* $(basename "$file"): exit $rc, want $want"; }
        grep -q -- "$word" "$T/vc.out" || { cat "$T/vc.out"; fail "verify-cert $* $(basename "$file") does not say '$word'"; }
}

# A CA and a signer it issued (EC P-256), and an unrelated self-signed CA.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/ca.key" -out "$T/ca.pem" -days 2 \
        -subj "/CN=bulwark test CA $$" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/signer.key" -out "$T/signer.csr" \
        -subj "/CN=bulwark test signer $$" 2>/dev/null
openssl x509 -req -in "$T/signer.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" -CAcreateserial -out "$T/signer.pem" -days 2 2>/dev/null
openssl req -new -newkey ed25519 -nodes -keyout "$T/ed.key" -out "$T/ed.csr" -subj "/CN=bulwark test ed25519 signer $$" 2>/dev/null
openssl x509 -req -in "$T/ed.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" -CAcreateserial -out "$T/ed.pem" -days 2 2>/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$T/other.key" -out "$T/other.pem" -days 2 \
        -subj "/CN=another CA $$" 2>/dev/null
openssl verify -CAfile "$T/ca.pem" "$T/signer.pem" "$T/ed.pem" >/dev/null || fail "openssl does not accept its own signer certificates"

truncate -s 16M "$T/small.img"
S=$(new_loop "$T/small.img")
RO=$(new_loop "$T/small.img" -r)
# The big one is large enough to be stopped in the middle; its first 8 MiB hold data, to see it was written.
truncate -s 1G "$T/big.img"
dd if=/dev/urandom of="$T/big.img" bs=1M count=8 conv=notrunc status=none
B=$(new_loop "$T/big.img")

# wait_started FILE PID: until FILE says started (the wipe is under way), at most 20 s
wait_started() {
        i=0
        while [ $i -lt 400 ]; do
                if [ -s "$1" ] && [ "$(jget "$1" 'c["status"]' 2>/dev/null)" = started ]; then return 0; fi
                kill -0 "$2" 2>/dev/null || fail "the wipe ended before its started certificate was seen"
                sleep 0.05
                i=$((i + 1))
        done
        fail "no started certificate at $1 after 20 s"
}

for mode in unsigned signed; do
        if [ $mode = signed ]; then
                SIGN="--sign-key $T/signer.key --sign-cert $T/signer.pem"
                CA="--ca $T/ca.pem"
        else
                SIGN="" CA=""
        fi
        C=$T/$mode

        # completed
        # shellcheck disable=SC2086
        "$BULWARK" wipe -q --yes --method zero --verify full $SIGN --certificate "$C-completed.json" --markdown "$C-completed.md" "$S" >/dev/null ||
                fail "$mode: wipe of $S failed"
        [ "$(jget "$C-completed.json" 'c["status"]')" = completed ] || fail "$mode: status not completed"
        # shellcheck disable=SC2086
        verify_cert 0 "valid: status completed" "$C-completed.json" $CA
        ok "$mode completed: verify-cert exit 0"

        # failed: every write to a read-only device fails
        rc=0
        # shellcheck disable=SC2086
        "$BULWARK" wipe -q --yes --method zero $SIGN --certificate "$C-failed.json" "$RO" >/dev/null 2>&1 || rc=$?
        [ $rc = 1 ] || fail "$mode: wipe of a read-only device: exit $rc"
        [ "$(jget "$C-failed.json" 'c["status"]')" = failed ] || fail "$mode: read-only device: status not failed"
        # shellcheck disable=SC2086
        verify_cert 1 "NOT COMPLETED: status failed" "$C-failed.json" $CA
        ok "$mode failed: verify-cert exit 1"

        # interrupted: SIGINT while it writes
        # shellcheck disable=SC2086
        "$BULWARK" wipe -q --yes --method zero --verify full $SIGN --certificate "$C-int.json" "$B" >/dev/null 2>&1 &
        pid=$!
        wait_started "$C-int.json" $pid
        kill -INT $pid
        rc=0
        wait $pid || rc=$?
        [ $rc = 1 ] || fail "$mode: interrupted wipe: exit $rc"
        [ "$(jget "$C-int.json" 'c["status"]')" = interrupted ] || fail "$mode: SIGINT: status $(jget "$C-int.json" 'c["status"]')"
        # shellcheck disable=SC2086
        verify_cert 1 "NOT COMPLETED: status interrupted" "$C-int.json" $CA
        ok "$mode interrupted: verify-cert exit 1"

        # started: SIGKILL mid-way, over an earlier run's completed certificate (JSON and Markdown)
        cp "$C-completed.json" "$C-kill.json"
        cp "$C-completed.md" "$C-kill.md"
        dd if=/dev/urandom of="$B" bs=1M count=8 oflag=direct status=none
        # shellcheck disable=SC2086
        "$BULWARK" wipe -q --yes --method zero --verify full $SIGN --certificate "$C-kill.json" --markdown "$C-kill.md" "$B" >/dev/null 2>&1 &
        pid=$!
        wait_started "$C-kill.json" $pid
        # mid-way: once the first MiB is overwritten
        i=0
        until cmp -s -n 1048576 "$B" /dev/zero; do
                i=$((i + 1))
                [ $i -lt 400 ] || fail "$mode: the first MiB of $B was not written within 20 s"
                sleep 0.05
        done
        kill -KILL $pid
        rc=0
        wait $pid || rc=$?
        [ $rc = 137 ] || fail "$mode: the wipe ended (exit $rc) before SIGKILL; the test proves nothing"
        st=$(jget "$C-kill.json" 'c["status"]')
        [ "$st" = started ] || fail "$mode: after SIGKILL the certificate says '$st', not started"
        [ "$(jget "$C-kill.json" 'c["target"]["name"]')" = "$B" ] || fail "$mode: the started certificate names another target"
        [ "$(jget "$C-kill.json" 'c["ended"]')" = None ] || fail "$mode: a started certificate with an end time"
        grep -q "| Status | started |" "$C-kill.md" || fail "$mode: the Markdown certificate does not say started"
        grep -q "certifies no completed erase" "$C-kill.md" || fail "$mode: the started Markdown certificate does not warn"
        grep -q "certifies no completed erase" "$C-completed.md" && fail "$mode: a completed Markdown certificate warns"
        # shellcheck disable=SC2086
        verify_cert 1 "NOT COMPLETED: status started" "$C-kill.json" $CA
        ok "$mode SIGKILL mid-way: the certificate says started, verify-cert exit 1"
done

# A file target killed mid-way leaves started too (the same hook, reached through the file engine).
mkdir -p "$T/files"
dd if=/dev/urandom of="$T/files/victim" bs=1M count=8 status=none
truncate -s 1G "$T/files/victim"
cp "$T/unsigned-completed.json" "$T/fk.json"
"$BULWARK" wipe -q --yes --method zero --verify full --certificate "$T/fk.json" "$T/files/victim" >/dev/null 2>&1 &
pid=$!
wait_started "$T/fk.json" $pid
i=0
until cmp -s -n 1048576 "$T/files/victim" /dev/zero; do
        i=$((i + 1))
        [ $i -lt 400 ] || fail "file: the first MiB was not written within 20 s"
        sleep 0.05
done
kill -KILL $pid
rc=0
wait $pid || rc=$?
[ $rc = 137 ] || fail "file: the wipe ended (exit $rc) before SIGKILL; the test proves nothing"
[ "$(jget "$T/fk.json" 'c["status"]')" = started ] || fail "file: after SIGKILL the certificate says $(jget "$T/fk.json" 'c["status"]')"
[ "$(jget "$T/fk.json" 'c["target"]["kind"]')" = files ] || fail "file: the started certificate is not of the file"
verify_cert 1 "NOT COMPLETED: status started" "$T/fk.json"
ok "file target, SIGKILL mid-way: started, verify-cert exit 1"

# Not authentic: exit 4.
verify_cert 4 "INVALID" "$T/unsigned-completed.json" --ca "$T/ca.pem"
verify_cert 4 "not trusted" "$T/signed-completed.json" --ca "$T/other.pem"
sed 's/"completed"/"c0mpleted"/' "$T/unsigned-completed.json" >"$T/changed.json"
verify_cert 4 "was changed" "$T/changed.json"
echo '{"schema": "something else"}' >"$T/notcert.json"
verify_cert 4 "INVALID" "$T/notcert.json"
rc=0
"$BULWARK" wipe verify-cert "$T/does-not-exist.json" >/dev/null 2>&1 || rc=$?
[ $rc = 3 ] || fail "verify-cert of a missing file: exit $rc, want 3"
# Not a regular file: unreadable (3), not a certificate judged INVALID (4). It was
# opened O_NONBLOCK and read, so a FIFO without a writer read as empty and a
# directory or /dev/zero were read too. wipe verify --certificate reads the same way.
mkfifo "$T/fifo.json"
mkdir "$T/dir.json"
for f in "$T/fifo.json" "$T/dir.json" /dev/zero; do
        verify_cert 3 "cannot read" "$f"
        rc=0
        timeout 20 "$BULWARK" wipe verify --certificate "$f" /dev/null >"$T/vc.out" 2>&1 || rc=$?
        [ $rc = 3 ] && grep -q "cannot read" "$T/vc.out" || { cat "$T/vc.out"; fail "wipe verify --certificate $f: exit $rc, want 3"; }
done
ok "not authentic: exit 4; unreadable (missing, FIFO, directory, device): exit 3"

# A key that does not match its certificate: refused before the first byte, the old certificate untouched.
dd if=/dev/urandom of="$S" bs=1M count=1 oflag=direct status=none
cmp -s -n 1048576 "$S" /dev/zero && fail "test setup: $S is zero"
cp "$T/signed-completed.json" "$T/keep.json"
rc=0
"$BULWARK" wipe -q --yes --method zero --sign-key "$T/other.key" --sign-cert "$T/signer.pem" --certificate "$T/keep.json" "$S" >"$T/out" 2>&1 || rc=$?
[ $rc = 3 ] || { cat "$T/out"; fail "wipe with a key that cannot sign: exit $rc, want 3"; }
cmp -s -n 1048576 "$S" /dev/zero && fail "a wipe whose certificate cannot be signed wrote to the device"
cmp -s "$T/signed-completed.json" "$T/keep.json" || fail "a refused wipe replaced the certificate"
ok "a key that cannot sign: exit 3, nothing written"

# Every field but the signature value is covered: EC (sha256) and Ed25519 (pure) signers.
"$BULWARK" wipe -q --yes --method random --verify sample --sign-key "$T/ed.key" --sign-cert "$T/ed.pem" --operator "tester $$" \
        --certificate "$T/ed-completed.json" "$S" >/dev/null || fail "Ed25519-signed wipe failed"
for c in signed-completed ed-completed; do
        mkdir -p "$T/mut-$c"
        "$PY" "$HERE/wipe-cert-mutate.py" "$BULWARK" "$T/$c.json" "$T/ca.pem" "$T/mut-$c" >"$T/mut.out" 2>&1 ||
                { cat "$T/mut.out"; fail "$c: a mutated certificate verified, or the unmutated one did not"; }
        ok "$c: $(tail -1 "$T/mut.out")"
done
echo "all wipe certificate tests passed"
