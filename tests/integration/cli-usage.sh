#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The command line a new user meets: `bulwark help VERB [SUB-VERB]` prints
# what `bulwark VERB [SUB-VERB] --help` prints; an unknown option, a missing
# argument or an argument to a flag is exactly one line on stderr, naming
# the option, with exit code 2 (getopt's own message and a second
# "invalid option" line were two).
#
# Usage: cli-usage.sh BULWARK
set -u

bulwark=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 passed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

verbs=$("$bulwark" --help | sed -n '/^Verbs:/,/^$/s/^  \([a-z-]*\) .*/\1/p')
[ -n "$verbs" ] && ok || bad "no verbs in bulwark --help"
# The sub-verbs a verb's --help lists from its table.
subverbs() { "$bulwark" "$1" --help 2>/dev/null | sed -n '/^Sub-verbs:/,/^$/s/^  \([a-z][a-z-]*\).*/\1/p'; }
cmds=()
for verb in $verbs; do
        cmds+=("$verb")
        for s in $(subverbs "$verb"); do cmds+=("$verb $s"); done
done
for cmd in "${cmds[@]}"; do
        # shellcheck disable=SC2086
        "$bulwark" $cmd --help >"$tmp/want" 2>&1; want_rc=$?
        # shellcheck disable=SC2086
        "$bulwark" help $cmd >"$tmp/got" 2>&1; rc=$?
        [ "$rc" = 0 ] && [ "$want_rc" = 0 ] && ok || bad "help $cmd: exit $rc (--help: $want_rc)"
        [ -s "$tmp/want" ] && cmp -s "$tmp/want" "$tmp/got" && ok || bad "help $cmd differs from $cmd --help: $(diff "$tmp/want" "$tmp/got" | head -5)"
        grep -q "^Usage: bulwark $cmd" "$tmp/got" && ok || bad "help $cmd: $(head -1 "$tmp/got")"
done
"$bulwark" help nosuch >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && ok || bad "help nosuch: exit $rc: $(cat "$tmp/err")"
"$bulwark" help >"$tmp/out" 2>&1 && grep -q '^Verbs:' "$tmp/out" && ok || bad "bulwark help does not list the verbs"

# One line, exit 2, naming the option.
one_line() { # WHAT-IT-MUST-NAME ARGS...
        local name=$1; shift
        "$bulwark" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null; local rc=$?
        if [ "$rc" = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -qF -- "$name" "$tmp/err" && [ ! -s "$tmp/out" ]; then
                ok
        else
                bad "bulwark $*: exit $rc, stderr: $(cat "$tmp/err")"
        fi
}
for cmd in assess requirements report wipe "wipe verify" "wipe verify-cert" factory-reset "scan tls" "scan ssh" "firewall compile"; do
        # shellcheck disable=SC2086
        one_line --bogus-option $cmd --bogus-option
done
one_line "'-Z'" assess -Z
one_line "--root DIR" assess --root
one_line "-o FILE" report merge -o
one_line "--checks" report --checks=yes diff a b
one_line "--no-enable" firewall install-units --no-enable=1
one_line "ambiguous" assess --ro x
one_line "--bogus" --bogus
# Every usage error is one line: a sub-verb slot given an option, a bad value, a stray argument.
one_line "--bogus" firewall --bogus
one_line "--bogus" scan --bogus
one_line "'9'" assess --sl 9
one_line "extra" assess extra
one_line "frobnicate" report frobnicate
one_line "frobnicate" factory-reset frobnicate
# A verb whose every command line names a sub-verb: an unknown one, or none, is one line naming them all.
for verb in $verbs; do
        subs=$(subverbs "$verb")
        "$bulwark" "$verb" --help | head -1 | grep -q ' SUB-VERB' || continue
        for given in frobnicate ""; do
                "$bulwark" "$verb" $given >"$tmp/out" 2>"$tmp/err" </dev/null; rc=$?
                all=yes
                for s in $subs; do grep -qw -- "$s" "$tmp/err" || all=no; done
                [ "$rc" = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && [ $all = yes ] && [ ! -s "$tmp/out" ] && ok ||
                        bad "bulwark $verb ${given:-(no sub-verb)}: exit $rc, stderr: $(cat "$tmp/err"), want one line naming $subs"
        done
done
# Options before the sub-verb, and an option of another sub-verb named as such.
"$bulwark" firewall --policy /nonexistent.conf compile >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" = 1 ] && grep -qF /nonexistent.conf "$tmp/err" && ok || bad "firewall --policy FILE compile: exit $rc: $(cat "$tmp/err")"
one_line "--confirm is an option of apply" firewall compile --confirm 5
one_line "--key is an option of verify" report diff --key k a b
one_line "not 'junk'" firewall confirm junk
one_line "expects OLD NEW" report diff a
# A number is digits only: strtoul() alone took a sign and leading white space ("+30", " 30", "-0").
one_line "--confirm" firewall apply --confirm +30
one_line "--confirm" firewall apply --confirm " 30"
one_line "--seed" firewall verify --seed -0
# "--" ends the options for every verb that takes operands among its options, not only for wipe.
one_line "takes no arguments, not '--yes'" factory-reset -- status --yes
one_line "unexpected argument '--format'" scan ssh -- 127.0.0.1 --format

# Wrong input is an error before anything runs, not a normal-looking report.
mkdir -p "$tmp/empty" "$tmp/osr/etc" "$tmp/dpkg/var/lib/dpkg" "$tmp/link/etc" "$tmp/outdir"
echo 'ID=debian' >"$tmp/osr/etc/os-release"
: >"$tmp/dpkg/var/lib/dpkg/status"
ln -s /nonexistent/os-release "$tmp/link/etc/os-release"     # a dangling absolute link, as images have: never followed
usage_error() { # WHAT-STDERR-HOLDS ARGS...
        local text=$1; shift
        rm -rf "$tmp/outdir"/*
        "$bulwark" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null; local rc=$?
        if [ "$rc" = 2 ] && grep -qF -- "$text" "$tmp/err" && [ ! -s "$tmp/out" ] && [ -z "$(ls -A "$tmp/outdir")" ]; then
                ok
        else
                bad "bulwark $*: exit $rc, stderr: $(cat "$tmp/err"), wrote: $(ls -A "$tmp/outdir")"
        fi
}
usage_error "is not an OS root tree" assess --root "$tmp/empty" --output "$tmp/outdir/r.json" --evidence-dir "$tmp/outdir/ev"
usage_error "No such file or directory" assess --root "$tmp/nonexistent" --output "$tmp/outdir/r.json"
usage_error "/nonexistent.policy: No such file or directory" assess --policy /nonexistent.policy --output "$tmp/outdir/r.json"
usage_error "/nonexistent.policy: No such file or directory" assess --root "$tmp/osr" --policy /nonexistent.policy --output "$tmp/outdir/r.json" --evidence-dir "$tmp/outdir/ev"
printf '[tls-suites]\nallow = NOT_A_SUITE\n' >"$tmp/bad.conf"
usage_error "bad.conf:2:" assess --root "$tmp/osr" --policy "$tmp/bad.conf" --output "$tmp/outdir/r.json"
for tree in osr dpkg link; do
        "$bulwark" assess --root "$tmp/$tree" --format summary >/dev/null 2>"$tmp/err"; rc=$?
        case $rc in 0|1|3) ok ;; *) bad "assess --root $tree (an OS tree): exit $rc: $(cat "$tmp/err")" ;; esac
done
# A JSON file that does not parse: the position, as Python's json module finds it.
printf '{\n  "schema": "bulwark-assessment/1",\n  "requirements": [1,}\n' >"$tmp/broken.json"
want=$(/usr/bin/python3 -c 'import json,sys
try: json.load(open(sys.argv[1]))
except json.JSONDecodeError as e: print(f"line {e.lineno}, column {e.colno}")' "$tmp/broken.json")
for cmd in diff merge; do
        if [ $cmd = diff ]; then set -- "$tmp/broken.json" "$tmp/broken.json"; else set -- "$tmp/broken.json"; fi
        "$bulwark" report $cmd "$@" >/dev/null 2>"$tmp/err"; rc=$?
        [ "$rc" = 3 ] && [ -n "$want" ] && grep -qF "not JSON: $want" "$tmp/err" && ok || bad "report $cmd of broken JSON: exit $rc, '$(cat "$tmp/err")', want '$want'"
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
