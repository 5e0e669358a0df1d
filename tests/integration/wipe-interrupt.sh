#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Interruptions must leave a true certificate: SIGHUP (a dropped SSH
# session) stops a wipe like SIGINT, with a certificate that says
# interrupted; a reader gone from stdout (SIGPIPE) does not cost the
# certificate; an interrupted file wipe lists the file it was writing and the
# files it never reached as kept, and they are still there.
. "$(dirname "$0")/wipe-lib.sh"
need_root

# wait_written PID BYTES: until the process has written BYTES (its /proc/PID/io wchar), at most 30 s
wait_written() {
        i=0
        while [ $i -lt 300 ]; do
                w=$(awk '/^wchar:/ { print $2 }' "/proc/$1/io" 2>/dev/null || echo 0)
                [ "${w:-0}" -ge "$2" ] && return 0
                kill -0 "$1" 2>/dev/null || return 1
                sleep 0.1
                i=$((i + 1))
        done
        return 1
}

# SIGHUP during a device wipe. The target is large (4 GiB, sparse) so the signal lands mid-write.
truncate -s 4G "$T/big.img"
B=$(new_loop "$T/big.img")
"$BULWARK" wipe -q --yes --method random --verify full --certificate "$T/hup.json" "$B" >"$T/hup.out" 2>&1 &
pid=$!
wait_written $pid $((16 << 20)) || fail "the wipe did not start writing"
kill -HUP $pid
rc=0
wait $pid || rc=$?
[ $rc = 1 ] || { cat "$T/hup.out"; fail "wipe after SIGHUP: exit $rc, expected 1 (interrupted)"; }
[ -s "$T/hup.json" ] || fail "SIGHUP: no certificate"
[ "$(json "$T/hup.json" 'c["status"]')" = interrupted ] || fail "SIGHUP: status $(json "$T/hup.json" 'c["status"]')"
[ "$(json "$T/hup.json" 'c["verification"]["result"]')" != pass ] || fail "SIGHUP: verification says pass"
written=$(json "$T/hup.json" 'c["sanitization"]["bytes_written"]')
[ "$written" -gt 0 ] && [ "$written" -lt $((4 << 30)) ] || fail "SIGHUP: bytes_written $written"
ok "SIGHUP: certificate says interrupted after $written bytes"

# SIGPIPE: stdout is a pipe whose reader has gone (ssh without a tty, piped); the certificate is still written.
truncate -s 32M "$T/small.img"
S=$(new_loop "$T/small.img")
rc=0
{ "$BULWARK" wipe --yes --method zero --verify full --certificate "$T/pipe.json" "$S" 2>/dev/null; echo $? >"$T/pipe.rc"; } | true
[ -s "$T/pipe.json" ] || fail "stdout closed: no certificate (exit $(cat "$T/pipe.rc"))"
[ "$(json "$T/pipe.json" 'c["status"]')" = completed ] || fail "stdout closed: status"
ok "a closed stdout does not cost the certificate"

# An interrupted file wipe: the file being written and the one never reached are kept, and the certificate says so.
truncate -s 4G "$T/bigfile"
printf 'BIGFILE-HEAD' | dd of="$T/bigfile" conv=notrunc status=none
echo "AFTER-CONTENT" >"$T/after"
"$BULWARK" wipe -q --yes --method random --verify full --certificate "$T/f.json" "$T/bigfile" "$T/after" >"$T/f.out" 2>&1 &
pid=$!
wait_written $pid $((16 << 20)) || fail "the file wipe did not start writing"
kill -TERM $pid
rc=0
wait $pid || rc=$?
[ $rc = 1 ] || { cat "$T/f.out"; fail "interrupted file wipe: exit $rc"; }
[ "$(json "$T/f.json" 'c["status"]')" = interrupted ] || fail "file wipe: status"
[ -e "$T/bigfile" ] || fail "the interrupted file was removed"
[ "$(cat "$T/after")" = AFTER-CONTENT ] || fail "the file not reached was touched"
[ "$(json "$T/f.json" '[(f["path"], f["erased"]) for f in c["files"]] == [("'"$T"'/bigfile", False), ("'"$T"'/after", False)]')" = True ] ||
        fail "certificate files: $(json "$T/f.json" 'c["files"]')"
[ "$(json "$T/f.json" 'c["sanitization"]["files_erased"]')" = 0 ] || fail "file wipe: files_erased"
json "$T/f.json" '"\n".join(c["notes"])' | grep -q "bigfile kept: the erase was interrupted" || fail "note on the interrupted file missing"
ok "interrupted file wipe: the file written and the file not reached are kept and listed as kept"
