#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Targets are names, never words: a file whose name holds a space, a newline,
# a leading dash, '*' or bytes that are not UTF-8 is the one erased (its
# content gone from the raw device, its name gone), and the neighbours a
# split or a glob would hit (/w/my and ./file for "/w/my file", every other
# file for "/w/*") keep their content. On a real ext4 on a loop device.
. "$(dirname "$0")/wipe-lib.sh"
need_root
BULWARK=$(readlink -f "$BULWARK") # the runs below change directory

truncate -s 64M "$T/fs.img"
mkfs.ext4 -q -F "$T/fs.img"
L=$(new_loop "$T/fs.img")
mkdir "$T/mnt"
mount "$L" "$T/mnt"
MOUNTS="$T/mnt"
W=$T/mnt/w
mkdir "$W" "$T/mnt/cwd"

secret() { /usr/bin/python3 -c 'import sys; sys.stdout.write((sys.argv[1] + "-") * int(sys.argv[2]))' "$1" "$2"; }
NL='
'
BAD=$(printf 'bad\377\376name')   # not UTF-8
# name|marker pairs; the names are made and passed without any word splitting
mk() { secret "$2" 3000 >"$1"; }
mk "$W/my file" SECRETSPACE
mk "$W/new${NL}line" SECRETNEWLINE
mk "$W/-rf" SECRETDASH
mk "$W/--yes" SECRETDASHDASH
mk "$W/*" SECRETSTAR
mk "$W/$BAD" SECRETBADUTF
# The neighbours: what a split on spaces or newlines, or a glob, would name.
for n in my file new line bad name a b; do echo "KEEP-$n" >"$W/$n"; done
echo "KEEP-cwd-file" >"$T/mnt/cwd/file"
echo "KEEP-cwd-my" >"$T/mnt/cwd/my"
sync
for m in SECRETSPACE SECRETNEWLINE SECRETDASH SECRETDASHDASH SECRETSTAR SECRETBADUTF; do
        [ "$(count_marker "$L" $m)" -gt 0 ] || fail "fixture: $m not on the raw device"
done

check_neighbours() {
        for n in my file new line bad name a b; do
                [ "$(cat "$W/$n" 2>/dev/null)" = "KEEP-$n" ] || fail "$1: neighbour $W/$n was touched"
        done
        [ "$(cat "$T/mnt/cwd/file")" = KEEP-cwd-file ] || fail "$1: ./file was touched"
        [ "$(cat "$T/mnt/cwd/my")" = KEEP-cwd-my ] || fail "$1: ./my was touched"
}

# One run per name, from a directory holding ./file and ./my (the old split erased ./file).
i=0
for name in "$W/my file" "$W/new${NL}line" "$W/-rf" "$W/--yes" "$W/*" "$W/$BAD"; do
        i=$((i + 1))
        rc=0
        (cd "$T/mnt/cwd" && "$BULWARK" wipe --yes --method zero --verify full --certificate "$T/c$i.json" "$name") >"$T/out" 2>&1 || rc=$?
        [ $rc = 0 ] || { cat "$T/out"; fail "wipe of name $i exited $rc"; }
        [ -e "$name" ] && fail "name $i still exists"
        check_neighbours "name $i"
        [ "$(json "$T/c$i.json" 'c["status"]')" = completed ] || fail "name $i: status"
        [ "$(json "$T/c$i.json" 'len(c["files"])')" = 1 ] || fail "name $i: files listed"
        [ "$(json "$T/c$i.json" 'c["files"][0]["erased"]')" = True ] || fail "name $i: not recorded as erased"
done
# The certificate names the non-UTF-8 file readably and exactly (\xNN), and stays valid JSON.
[ "$(json "$T/c6.json" 'c["files"][0]["path"].endswith("/w/bad\\xff\\xfename")')" = True ] ||
        fail "non-UTF-8 name in the certificate: $(json "$T/c6.json" 'c["files"][0]["path"]')"
[ "$(json "$T/c2.json" 'c["files"][0]["path"].endswith("/w/new\nline")')" = True ] || fail "newline name in the certificate"
"$BULWARK" wipe verify-cert "$T/c6.json" >/dev/null || fail "certificate with a non-UTF-8 name does not verify"
sync
for m in SECRETSPACE SECRETNEWLINE SECRETDASH SECRETDASHDASH SECRETSTAR SECRETBADUTF; do
        n=$(count_marker "$L" $m)
        [ "$n" = 0 ] || fail "$m still on the raw device $n times"
done
ok "names with a space, a newline, leading dashes, '*' and non-UTF-8 bytes: each erased, neighbours untouched"

# All at once, several names in one run (and "--" before a dash name).
for n in "my file" "new${NL}line" "-rf" "*" "$BAD"; do secret SECRETMULTI 500 >"$W/$n"; done
sync
rc=0
"$BULWARK" wipe -q --yes --method random --verify full --certificate "$T/all.json" -- "$W/my file" "$W/new${NL}line" "$W/-rf" "$W/*" "$W/$BAD" >"$T/out" 2>&1 || rc=$?
[ $rc = 0 ] || { cat "$T/out"; fail "wipe of all names exited $rc"; }
for n in "my file" "new${NL}line" "-rf" "*" "$BAD"; do [ -e "$W/$n" ] && fail "$n still exists after the combined run"; done
check_neighbours "combined run"
[ "$(json "$T/all.json" 'c["sanitization"]["files_erased"]')" = 5 ] || fail "combined run: files_erased"
sync
[ "$(count_marker "$L" SECRETMULTI)" = 0 ] || fail "combined run: content still on the raw device"
ok "five such names in one run"
# The certificate lists each name exactly (target.name joins them with spaces, which cannot be split back).
/usr/bin/python3 - "$T/all.json" "$W" <<'PY' || fail "combined run: the certificate's targets are not the names given"
import json, sys
c = json.load(open(sys.argv[1]))
w = sys.argv[2]
want = [w + "/my file", w + "/new\nline", w + "/-rf", w + "/*", w + "/bad\\xff\\xfename"]
if c.get("targets") != want:
    sys.exit("targets: %r, want %r" % (c.get("targets"), want))
if c["target"]["name"] != " ".join(want):
    sys.exit("target.name changed: %r" % c["target"]["name"])
PY
"$BULWARK" wipe verify-cert "$T/all.json" >/dev/null || fail "combined run: the certificate with its targets does not verify"
ok "the certificate lists the five names exactly, and target.name is unchanged"

# A name is literal: a glob that names no file is refused, nothing else touched.
rc=0
"$BULWARK" wipe -q --yes "$W/m*" 2>"$T/err" || rc=$?
[ $rc = 2 ] || fail "a glob naming no file: exit $rc"
grep -q "globs are not expanded" "$T/err" || { cat "$T/err"; fail "the refusal does not say names are literal"; }
check_neighbours "glob"
ok "an unmatched glob is refused as a missing name"
