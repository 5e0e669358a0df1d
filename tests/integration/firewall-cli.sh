#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bulwark firewall as a firewalld user expects it (issue 18 item 7): the
# policy as an operand, check without root, status naming other tools'
# tables, island on naming what stays open. The oracle is nftables itself:
# the tables are made by nft, and what island mode leaves open is read back
# from the kernel's ruleset. Root only (exit 77 otherwise): a throwaway
# network namespace.
set -euo pipefail

BULWARK=$(realpath "${1:?bulwark binary}")
SRC=$(realpath "${2:?source root}")
[ "$(id -u)" = 0 ] || { echo "not root: skipped"; exit 77; }
for c in ip nft; do command -v $c >/dev/null || { echo "$c missing: skipped"; exit 77; }; done

T=$(mktemp -d /tmp/bulwark-fwcli-XXXXXX)
chmod 755 "$T"
NS=bwcli$$
cleanup() { ip netns del $NS 2>/dev/null || true; rm -rf "$T"; }
trap cleanup EXIT
fails=0
check() {
        local what=$1; shift
        if "$@"; then echo "ok - $what"; else echo "FAIL - $what"; fails=$((fails + 1)); fi
}
P=$SRC/examples/policy.conf
cp "$P" "$T/policy.conf"
chmod 644 "$T/policy.conf"

# The policy as an operand: the same ruleset as --policy; both at once is a usage error.
"$BULWARK" firewall compile --policy "$P" >"$T/opt.nft"
"$BULWARK" firewall compile "$P" >"$T/arg.nft"
check "compile POLICY equals compile --policy POLICY" cmp -s "$T/opt.nft" "$T/arg.nft"
rc=0; "$BULWARK" firewall compile --policy "$P" "$P" >/dev/null 2>"$T/both.err" || rc=$?
check "compile --policy and POLICY: exit 2 (got $rc)" test $rc = 2
check "compile --policy and POLICY: one line" test "$(wc -l <"$T/both.err")" = 1

# check without root: the kernel judges the dry run in a user namespace, or the message says it cannot.
rc=0; setpriv --reuid=65534 --regid=65534 --clear-groups "$BULWARK" firewall check "$T/policy.conf" >"$T/check.out" 2>&1 || rc=$?
check "check as nobody: dry run in a user namespace (0) or says user namespaces are refused (3); got $rc: $(cat "$T/check.out")" \
        bash -c "{ test $rc = 0 && grep -q 'dry run in a user namespace' '$T/check.out'; } || { test $rc = 3 && grep -q 'refuses one' '$T/check.out'; }"
# That a refused ruleset is reported refused is test-firewall's test_check_userns (no policy file compiles to one).

ip netns add $NS
in_ns() { ip netns exec $NS "$@"; }
in_ns ip link set lo up

# status names the tables of other tools (made here by nft itself).
in_ns nft add table ip filter
in_ns nft add table inet firewalld
in_ns "$BULWARK" firewall status --state-dir "$T/st" >"$T/status.txt" || true
check "status names the other tools' tables" grep -q '^others: *ip filter, inet firewalld' "$T/status.txt"
in_ns "$BULWARK" firewall status --state-dir "$T/st" --format json >"$T/status.json" || true
check "status JSON lists them" /usr/bin/python3 -c "import json,sys; d=json.load(open('$T/status.json')); sys.exit(d['other_tables'] != ['ip filter', 'inet firewalld'])"
in_ns nft delete table ip filter
in_ns nft delete table inet firewalld
in_ns "$BULWARK" firewall status --state-dir "$T/st" >"$T/status2.txt" || true
check "status says when there are none" grep -q '^others: *none' "$T/status2.txt"

# island on names what stays open, and the kernel's ruleset agrees: SSH (IslandSafe=yes) yes, OPC UA no.
in_ns "$BULWARK" firewall --policy "$T/policy.conf" island on --state-dir "$T/st" >"$T/island.txt"
check "island on names the IslandSafe conduit" grep -q '^  engineering-ssh: engineering -> device, tcp 22, from 10.10.0.5 10.10.0.6$' "$T/island.txt"
check "island on names no other conduit" bash -c "! grep -q 'opcua\|ntp' '$T/island.txt'"
check "island on says everything else is dropped" grep -q '^everything else is dropped$' "$T/island.txt"
in_ns nft list table inet bulwark >"$T/island.nft"
check "the kernel's island ruleset opens 22" grep -q '22' "$T/island.nft"
check "the kernel's island ruleset does not open 4840" bash -c "! grep -q '4840' '$T/island.nft'"

echo "$fails failed"
[ $fails = 0 ]
