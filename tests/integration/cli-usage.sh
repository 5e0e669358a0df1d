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
for cmd in $verbs "scan tls" "scan ssh" "wipe verify" "wipe verify-cert"; do
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

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
