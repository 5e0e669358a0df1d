#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bulwark firewall with real packets in throwaway network namespaces:
# verify of the worked example (and of a wrong ruleset), apply, a broken
# policy that must change nothing, island on/off, apply --confirm rolling
# back and staying when confirmed, rollback from an open device going to
# lockdown, drop counters, and the fail-close boot order (lockdown, then a
# failing policy load: still closed).
#
# Commit-confirm under fault (lost replies, kills, full state, no
# CAP_NET_ADMIN, ...) is tested in firewall-confirm.sh.
#
# Usage: firewall-netns.sh BULWARK SOURCE_DIR. Root only (exit 77 otherwise).
set -euo pipefail

BULWARK=$(realpath "${1:?bulwark binary}")
SRC=$(realpath "${2:?source dir}")

[ "$(id -u)" = 0 ] || { echo "not root: skipped"; exit 77; }
for c in ip nft /usr/bin/python3 timeout; do command -v $c >/dev/null || { echo "$c missing: skipped"; exit 77; }; done

T=$(mktemp -d /tmp/bulwark-fw-XXXXXX)
DEV=bwt$$d
Z=bwt$$z
PIDS=()
cleanup() {
        for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
        ip netns del $DEV 2>/dev/null || true
        ip netns del $Z 2>/dev/null || true
        rm -rf "$T"
}
trap cleanup EXIT
ip netns add $DEV || { echo "cannot create network namespaces: skipped"; exit 77; }

FAILS=0
ok()   { echo "ok: $*"; }
bad()  { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }

json_get() { /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$@"; }

# ---- 1. verify: the worked example passes, a wrong ruleset does not ----
"$BULWARK" firewall verify "$SRC/examples/policy.conf" --format json --save --state-dir "$T/state" > "$T/verify.json" \
        && ok "verify of the example policy passes" || bad "verify of the example policy"
check "verify saved STATE/verify.json" test -s "$T/state/verify.json"
check "every probe matched" test "$(json_get "$T/verify.json" 'd["mismatches"]')" = 0
check "every conduit was seen open" test "$(json_get "$T/verify.json" 'len({p["reason"] for p in d["matrix"] if p["expected"]=="open" and p["observed"]=="open"})')" = 6
check "UDP 68 probed closed" test "$(json_get "$T/verify.json" 'sum(1 for p in d["matrix"] if p["reason"]=="dhcp-client" and p["observed"]=="closed")')" = 3
check "person-to-person ports probed closed" test "$(json_get "$T/verify.json" 'sum(1 for p in d["matrix"] if p["reason"].startswith("p2p:") and p["observed"]=="closed")')" -ge 57
check "a random sample was probed" test "$(json_get "$T/verify.json" 'sum(1 for p in d["matrix"] if p["reason"]=="sample")')" -ge 20

printf 'table inet open {\n\tchain input {\n\t\ttype filter hook input priority 0; policy accept;\n\t}\n}\n' > "$T/open.nft"
rc=0; "$BULWARK" firewall verify "$SRC/examples/policy.conf" --ruleset "$T/open.nft" > "$T/wrong.txt" || rc=$?
check "verify of an accept-all ruleset fails (exit 1)" test $rc = 1
check "it shows the mismatches" grep -q "MISMATCH" "$T/wrong.txt"

# A policy with a deliberate mistake: PersonToPerson=allow and a mail conduit.
cat > "$T/mail.conf" <<'P'
[Device]
PersonToPerson=allow
[Zone office]
Interfaces=eth1
[Conduit mail]
From=office
To=device
Protocol=tcp
Ports=25
P
rc=0; "$BULWARK" firewall verify "$T/mail.conf" --format json > "$T/mail.json" || rc=$?
check "verify fails a policy that opens SMTP (CR 5.3)" test $rc = 1
check "the SMTP probes to the device (IPv4 and IPv6) are the mismatches" test "$(json_get "$T/mail.json" 'sorted((p["to"], p["port"], p["family"]) for p in d["matrix"] if not p["match"])')" = "[('device', 25, 'ipv4'), ('device', 25, 'ipv6')]"

cat > "$T/dhcp.conf" <<'P'
[Device]
DHCPClient=yes
[Zone lan]
Interfaces=eth0
P
"$BULWARK" firewall verify "$T/dhcp.conf" --format json > "$T/dhcp.json" && ok "verify with DHCPClient=yes passes" || bad "verify with DHCPClient=yes"
check "UDP 68 open from port 67 with DHCPClient=yes" test "$(json_get "$T/dhcp.json" '[p["observed"] for p in d["matrix"] if p["reason"]=="dhcp-client"][0]')" = open
check "UDP 546 open from port 547 with DHCPClient=yes" test "$(json_get "$T/dhcp.json" '[p["observed"] for p in d["matrix"] if p["reason"]=="dhcpv6-client"][0]')" = open

# IPv6: zones with IPv6 addresses, IPv6 sources, forwarding between IPv6-only and dual-stack zones.
cat > "$T/v6.conf" <<'P'
[Zone a]
Interfaces=eth1
Addresses=10.1.0.0/16 fd00:1::/64
[Zone b]
Interfaces=eth2
Addresses=fd00:2::/64
[Zone c]
Interfaces=eth3
[Conduit ssh]
From=a
To=device
Protocol=tcp
Ports=22
Sources=fd00:1::10 10.1.2.3
[Conduit web]
From=a
To=b
Protocol=tcp udp
Ports=8000-8010
[Conduit ping]
From=any
To=device
Protocol=icmp
[Conduit dns]
From=c
To=a
Protocol=udp
Ports=53
P
"$BULWARK" firewall verify "$T/v6.conf" --format json > "$T/v6.json" && ok "verify of an IPv6 policy passes" || bad "verify of an IPv6 policy"
check "IPv6 conduits seen open (ssh, web, ping, dns)" test "$(json_get "$T/v6.json" 'sorted({p["reason"] for p in d["matrix"] if p["family"]=="ipv6" and p["observed"]=="open"})')" = "['dns', 'ping', 'ssh', 'web']"
check "IPv6 unlisted source dropped" test "$(json_get "$T/v6.json" '[p["observed"] for p in d["matrix"] if p["family"]=="ipv6" and p["reason"]=="ssh (unlisted source)"][0]')" = closed
{ cat "$T/v6.conf"; printf '[Device]\nICMPEssential=no\n'; } > "$T/v6n.conf"
"$BULWARK" firewall verify "$T/v6n.conf" --format json > "$T/v6n.json" && ok "verify without ICMPEssential passes (IPv6 expected dead)" || bad "verify without ICMPEssential"
check "without ICMPEssential no IPv6 probe gets through" test "$(json_get "$T/v6n.json" 'sum(1 for p in d["matrix"] if p["family"]=="ipv6" and p["observed"]=="open")')" = 0

# A zone behind two interfaces: both carry probes, inbound and forwarded out.
cat > "$T/two.conf" <<'P'
[Zone plant]
Interfaces=eth1 eth4
Addresses=10.1.0.0/16

[Zone ops]
Interfaces=eth2
Addresses=10.2.0.0/16

[Conduit modbus]
From=plant
To=device
Protocol=tcp
Ports=502

[Conduit opcua]
From=ops
To=plant
Protocol=tcp
Ports=4840
P
"$BULWARK" firewall verify "$T/two.conf" --format json > "$T/two.json" && ok "verify of a two-interface zone passes" || bad "verify of a two-interface zone"
check "modbus seen open through eth1 and eth4" test "$(json_get "$T/two.json" 'sorted(p["interface"] for p in d["matrix"] if p["reason"]=="modbus" and p["observed"]=="open")')" = "['eth1', 'eth4']"
check "opcua forwarded out through eth1 and eth4" test "$(json_get "$T/two.json" 'sorted(p["egress"] for p in d["matrix"] if p["reason"]=="opcua" and p["observed"]=="open")')" = "['eth1', 'eth4']"
# A ruleset that forgot the second interface fails exactly there.
"$BULWARK" firewall compile --policy "$T/two.conf" | sed 's/, "eth4" : jump in_plant//; s/, "eth4" : jump fwd_ops_to_plant//' > "$T/two-wrong.nft"
rc=0; "$BULWARK" firewall verify "$T/two.conf" --ruleset "$T/two-wrong.nft" --format json > "$T/two-wrong.json" || rc=$?
check "a ruleset without eth4 fails verify (exit 1)" test $rc = 1
check "the mismatches are the eth4 probes" test "$(json_get "$T/two-wrong.json" 'sorted((p["interface"], p.get("egress", "")) for p in d["matrix"] if p["expected"]!=p["observed"])')" = "[('eth2', 'eth4'), ('eth4', '')]"

"$BULWARK" firewall verify "$SRC/examples/policy.conf" --island --format json > "$T/island.json" && ok "verify --island passes" || bad "verify --island"
check "in island mode only engineering-ssh is open" test "$(json_get "$T/island.json" 'sorted({p["reason"] for p in d["matrix"] if p["observed"]=="open"})')" = "['engineering-ssh']"

# ---- 1b. bulwark assess of an image with the example policy, the units and the saved verify result ----
R=$T/image
mkdir -p "$R/etc/bulwark" "$R/var/lib/bulwark/firewall"
echo 'ID=debian' >"$R/etc/os-release"   # an OS tree: bulwark assess refuses a directory that is none
cp -r "$SRC/examples/policy.conf" "$SRC/examples/policy.d" "$R/etc/bulwark/"
"$BULWARK" firewall install-units --root "$R" > /dev/null
"$BULWARK" firewall verify --policy "$R/etc/bulwark/policy.conf" --save --state-dir "$R/var/lib/bulwark/firewall" > /dev/null || true
rc=0; "$BULWARK" assess --root "$R" --role network --sl 3 --format json > "$T/assess.json" || rc=$?
check "assess of the image ran (exit 0 or 1)" test $rc -le 1
for req in "NDR 5.2 RE(1)" "NDR 5.2 RE(2)" "NDR 5.2 RE(3)" "NDR 5.3" "CR 5.3"; do
        check "assess: $req passes with the example policy and units" \
                test "$(json_get "$T/assess.json" "[r['verdict'] for r in d['requirements'] if r['id'] == '$req'][0]")" = pass
done

# ---- 2. a device namespace with one zone behind eth1 ----
ip netns add $Z
ip -n $DEV link add eth1 type veth peer name veth0 netns $Z
ip -n $DEV addr add 10.10.0.1/24 dev eth1
ip -n $Z addr add 10.10.0.5/24 dev veth0
ip -n $DEV link set eth1 up; ip -n $DEV link set lo up
ip -n $Z link set veth0 up; ip -n $Z link set lo up
# IPv6 too, with duplicate address detection off so the addresses are usable at once.
ip -n $DEV addr add fd00:10::1/64 dev eth1 nodad
ip -n $Z addr add fd00:10::5/64 dev veth0 nodad

ip netns exec $DEV /usr/bin/python3 -c '
import socket, select, sys
ls = []
for p in sys.argv[1:]:
    s = socket.socket(socket.AF_INET6); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind(("::", int(p))); s.listen(64); ls.append(s)
while True:
    r, _, _ = select.select(ls, [], [])
    for s in r:
        c, _ = s.accept(); c.close()
' 22 8080 9090 &
PIDS+=($!)
sleep 0.5

# open PORT: a TCP handshake from the zone to the device completes within 1 s.
open_port() {
        ip netns exec $Z timeout 3 /usr/bin/python3 -c '
import socket, sys
s = socket.socket(); s.settimeout(1)
try:
    s.connect(("10.10.0.1", int(sys.argv[1]))); sys.exit(0)
except OSError:
    sys.exit(1)' "$1"
}
closed_port() { ! open_port "$1"; }
# open6 PORT: the same over IPv6; needs neighbour discovery through the firewall.
open6() {
        ip netns exec $Z timeout 3 /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6); s.settimeout(1)
try:
    s.connect(("fd00:10::1", int(sys.argv[1]))); sys.exit(0)
except OSError:
    sys.exit(1)' "$1"
}
closed6() { ! open6 "$1"; }
indev() { ip netns exec $DEV "$@"; }
ST="$T/devstate"
fw() { indev "$BULWARK" firewall "$@" --state-dir "$ST"; }

check "without a firewall port 9090 is open (the probe works)" open_port 9090

cat > "$T/a.conf" <<'P'
[Zone eng]
Interfaces=eth1
Addresses=10.10.0.0/24
[Conduit ssh]
From=eng
To=device
Protocol=tcp
Ports=22
IslandSafe=yes
[Conduit web]
From=eng
To=device
Protocol=tcp
Ports=8080
P
cat > "$T/b.conf" <<'P'
[Zone eng]
Interfaces=eth1
[Conduit other]
From=eng
To=device
Protocol=tcp
Ports=9090
P
printf '[Zone eng]\nInterfaces=eth1\n[Conduit x]\nFrom=eng\nTo=device\nProtocol=tcp\nPorts=22 99999\n' > "$T/broken.conf"

# -- apply --
fw apply --policy "$T/a.conf" >/dev/null && ok "apply policy A" || bad "apply policy A"
check "A: conduit port 22 open" open_port 22
check "A: conduit port 8080 open" open_port 8080
check "A: port 9090 dropped" closed_port 9090
check "A: previous ruleset saved" test -s "$ST/previous.nft"

# -- a broken policy changes nothing --
indev nft list ruleset > "$T/before.nft"
rc=0; fw apply --policy "$T/broken.conf" 2> "$T/broken.err" >/dev/null || rc=$?
check "broken policy: apply fails" test $rc = 1
check "broken policy: error names file:line:column" grep -q "broken.conf:7:10: error: '99999' is not a port" "$T/broken.err"
indev nft list ruleset > "$T/after.nft"
check "broken policy: ruleset unchanged" cmp -s "$T/before.nft" "$T/after.nft"
check "broken policy: port 22 still open" open_port 22

# -- status counters --
fw status --format json > "$T/status.json"
check "status: policy loaded" test "$(json_get "$T/status.json" 'd["loaded"]')" = True
check "status: drop_input counted the dropped probe" test "$(json_get "$T/status.json" 'd["counters"]["drop_input"]["packets"]')" -gt 0

# -- island mode --
fw island on --policy "$T/a.conf" >/dev/null && ok "island on" || bad "island on"
check "island: island-safe ssh open" open_port 22
check "island: ordinary conduit 8080 cut" closed_port 8080
fw status --format json > "$T/status.json"
check "status: island on" test "$(json_get "$T/status.json" 'd["island"]')" = True
fw island off --policy "$T/a.conf" >/dev/null && ok "island off" || bad "island off"
check "island off: 8080 restored" open_port 8080

# -- apply --confirm, not confirmed: rolls back to A --
fw apply --policy "$T/b.conf" --confirm 5 >/dev/null && ok "apply B with --confirm 5" || bad "apply B with --confirm"
check "B: pending shown by status" grep -q "pending" <(fw status)
check "B: 9090 open while pending" open_port 9090
check "B: 22 closed while pending" closed_port 22
# The watchdog acts 5 s after apply; give it margin on a loaded machine.
for i in $(seq 1 40); do [ -e "$ST/pending" ] || break; sleep 0.25; done
check "unconfirmed: rolled back, 22 open again" open_port 22
check "unconfirmed: 9090 closed again" closed_port 9090
check "unconfirmed: nothing pending" test ! -e "$ST/pending"

# -- apply --confirm, confirmed: stays --
fw apply --policy "$T/b.conf" --confirm 2 >/dev/null
fw confirm >/dev/null && ok "confirm" || bad "confirm"
sleep 3
check "confirmed: B stays (9090 open)" open_port 9090
check "confirmed: B stays (22 closed)" closed_port 22
# Neighbour discovery passes (ICMPEssential=yes) and a conduit without addresses serves IPv6 too.
ip -n $Z neigh flush dev veth0
check "IPv6: conduit port 9090 open (neighbour discovery passes)" open6 9090
check "IPv6: port 22 dropped" closed6 22
# Without the ICMPv6 essentials the same conduit is unreachable over IPv6: the test above is real.
{ cat "$T/b.conf"; printf '[Device]\nICMPEssential=no\n'; } > "$T/b-noicmp.conf"
fw apply --policy "$T/b-noicmp.conf" >/dev/null
ip -n $Z neigh flush dev veth0
check "IPv6 without ICMPEssential: 9090 unreachable (no neighbour discovery)" closed6 9090
# Back to A, then B, so that the rollback below returns to A.
fw apply --policy "$T/a.conf" >/dev/null
fw apply --policy "$T/b.conf" >/dev/null
rc=0; fw confirm >/dev/null 2>&1 || rc=$?
check "confirm with nothing pending fails" test $rc = 1

# -- rollback verb returns to what was before the last apply (A) --
fw rollback >/dev/null && ok "rollback" || bad "rollback"
check "rollback: A again (22 open)" open_port 22

# -- an apply over our own last apply rebuilds its rollback copy without listing;
#    the copy must still be exactly the running ruleset, foreign tables included --
indev nft add table ip other
indev nft add chain ip other c
fw apply --policy "$T/a.conf" >/dev/null
check "apply after a foreign change: generation recorded" test -s "$ST/ruleset.id"
check "foreign.nft holds the foreign table, not ours" bash -c "grep -q 'table ip other' '$ST/foreign.nft' && ! grep -q 'table inet bulwark' '$ST/foreign.nft'"
indev nft -s list ruleset > "$T/after-a.txt"
id_a=$(cat "$ST/ruleset.id")
fw apply --policy "$T/b.conf" >/dev/null
check "second apply: generation advanced by one" bash -c "[ \"\$(cut -d' ' -f3 '$ST/ruleset.id')\" = \$(( \$(echo '$id_a' | cut -d' ' -f3) + 1 )) ]"
fw rollback >/dev/null
check "rollback after a rebuilt copy: ruleset identical to after A" cmp -s "$T/after-a.txt" <(indev nft -s list ruleset)
check "rollback after a rebuilt copy: 22 open" open_port 22
indev nft delete table ip other

# -- the watchdog outlives the session that started it (an SSH session dying) --
setsid bash -c "ip netns exec $DEV '$BULWARK' firewall apply --policy '$T/b.conf' --confirm 3 --state-dir '$ST' >/dev/null; sleep 60" &
SESS=$!
PIDS+=($SESS)
for i in $(seq 1 40); do [ -e "$ST/pending" ] && break; sleep 0.25; done
check "session: B applied, pending" test -e "$ST/pending"
kill -HUP -- -$SESS 2>/dev/null || true
kill -KILL -- -$SESS 2>/dev/null || true
wait $SESS 2>/dev/null || true  # reap it: a zombie still answers kill -0
check "session: the whole session is gone" bash -c "! kill -0 $SESS 2>/dev/null"
for i in $(seq 1 40); do [ -e "$ST/pending" ] || break; sleep 0.25; done
check "session killed: the watchdog still rolled back (22 open)" open_port 22
check "session killed: 9090 closed again" closed_port 9090

# -- from an open device, an unconfirmed apply rolls back to lockdown, never to accept-all --
indev nft flush ruleset
rm -rf "$ST"
check "flushed: 9090 open" open_port 9090
fw apply --policy "$T/a.conf" --confirm 1 >/dev/null
check "empty ruleset: the saved copy holds no table" bash -c "grep -q '^flush ruleset' '$ST/previous.nft' && ! grep -q '^table' '$ST/previous.nft'"
for i in $(seq 1 40); do [ -e "$ST/pending" ] || break; sleep 0.25; done
check "rollback from open: lockdown table loaded" grep -q "table inet bulwark_lockdown" <(indev nft list ruleset)
check "rollback from open: input policy drop" grep -q "policy drop" <(indev nft list ruleset)
check "rollback from open: 9090 closed" closed_port 9090
check "rollback from open: 22 closed" closed_port 22

# ---- 3. fail close at boot: lockdown, then a failing policy load ----
indev nft flush ruleset
rm -rf "$ST"
fw lockdown >/dev/null && ok "lockdown loaded" || bad "lockdown"
check "lockdown: 22 closed" closed_port 22
rc=0; fw apply --policy "$T/broken.conf" >/dev/null 2>&1 || rc=$?
check "boot with a broken policy: load fails" test $rc = 1
check "boot with a broken policy: lockdown still loaded" grep -q "table inet bulwark_lockdown" <(indev nft list ruleset)
check "boot with a broken policy: 22 still closed" closed_port 22
check "boot with a broken policy: 9090 still closed" closed_port 9090
rc=0; fw apply --policy "$T/a.conf" >/dev/null || rc=$?
check "boot with a good policy: loads" test $rc = 0
check "good policy replaces lockdown atomically" bash -c "! ip netns exec $DEV nft list ruleset | grep -q bulwark_lockdown"
check "good policy: 22 open" open_port 22
check "good policy: 9090 closed" closed_port 9090

echo "$FAILS failure(s)"
[ $FAILS = 0 ]
