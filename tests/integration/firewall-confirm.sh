#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bulwark firewall commit-confirm under fault: each section is the
# regression test of one defect of issue 11 item 3, reproduced with real
# nftables in throwaway network namespaces (a device namespace and a zone
# namespace joined by a veth pair, real TCP handshakes as the oracle).
#
# Usage: firewall-confirm.sh BULWARK NFT_FAULT_SO [SECTION...]. Root only (exit 77 otherwise).
# NFT_FAULT_SO is tests/nft-fault.c built: it lets the kernel commit a batch
# and then reports a failed send, as a lost netlink reply does.
set -euo pipefail

BULWARK=$(realpath "${1:?bulwark binary}")
FAULT=$(realpath "${2:?nft-fault shared object}")
# Under AddressSanitizer the runtime must come first in the library list, before
# the preloaded fault (else ASan refuses to start and no fault ever fires).
asan_rt=$(ldd "$BULWARK" 2>/dev/null | awk '/libasan\.so/ { print $3; exit }')
[ -n "$asan_rt" ] && FAULT="$asan_rt $FAULT"
shift 2
ONLY=" $* "

[ "$(id -u)" = 0 ] || { echo "not root: skipped"; exit 77; }
for c in ip nft timeout /usr/bin/python3; do command -v $c >/dev/null || { echo "$c missing: skipped"; exit 77; }; done
PY=/usr/bin/python3

T=$(mktemp -d /tmp/bulwark-fwc-XXXXXX)
chmod 755 "$T"
DEV=bwc$$d
Z=bwc$$z
PIDS=()
MOUNTS=()
cleanup() {
        for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
        # Watchdogs started by the tests run in the device namespace: end them by pid.
        for p in $(ip netns pids $DEV 2>/dev/null); do kill "$p" 2>/dev/null || true; done
        for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null || true; done
        ip netns del $DEV 2>/dev/null || true
        ip netns del $Z 2>/dev/null || true
        rm -rf "$T"
}
trap cleanup EXIT
ip netns add $DEV || { echo "cannot create network namespaces: skipped"; exit 77; }
ip netns add $Z
ip -n $DEV link add eth1 type veth peer name veth0 netns $Z
ip -n $DEV addr add 10.10.0.1/24 dev eth1
ip -n $Z addr add 10.10.0.5/24 dev veth0
ip -n $DEV link set eth1 up; ip -n $DEV link set lo up
ip -n $Z link set veth0 up; ip -n $Z link set lo up
ip -n $DEV addr add fd00:10::1/64 dev eth1 nodad
ip -n $Z addr add fd00:10::5/64 dev veth0 nodad

ip netns exec $DEV $PY -c '
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

FAILS=0
ok()   { echo "ok: $*"; }
bad()  { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
want() { [ "$ONLY" = "  " ] || [[ "$ONLY" == *" $1 "* ]]; }
json_get() { $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$@"; }

# open PORT [ADDR]: a TCP handshake from the zone to the device completes within 1 s.
open_port() {
        ip netns exec $Z timeout 3 $PY -c '
import socket, sys
a = sys.argv[2]
s = socket.socket(socket.AF_INET6 if ":" in a else socket.AF_INET); s.settimeout(1)
try:
    s.connect((a, int(sys.argv[1]))); sys.exit(0)
except OSError:
    sys.exit(1)' "$1" "${2:-10.10.0.1}"
}
closed_port() { ! open_port "$@"; }
indev() { ip netns exec $DEV "$@"; }
ST="$T/state"
fw() { indev "$BULWARK" firewall "$@" --state-dir "$ST"; }
# A state checked "while pending" gets a 4 s window (--confirm 4): under AddressSanitizer on a
# loaded 2-core machine the apply and the probe can take more than 1 s between them.
# wait_gone FILE [SECONDS]: until FILE no longer exists.
wait_gone() { local n=$(( ${2:-10} * 4 )); for i in $(seq 1 $n); do [ -e "$1" ] || return 0; sleep 0.25; done; return 1; }
reset_dev() { indev nft flush ruleset; rm -rf "$ST"; }
# (No "nft ... | grep -q" under pipefail: grep's early exit makes nft die of SIGPIPE.)
loaded() { local t; t=$(indev nft list tables); grep -qx "table inet $1" <<<"$t"; }

# Policy A: ssh (island-safe) and web; policy B: 9090 only.
cat > "$T/a.conf" <<'P'
[Zone eng]
Interfaces=eth1
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

# ---- relative --state-dir: the watchdog must still find its state ----
if want relative; then
        reset_dev
        mkdir -p "$T/rel"
        (cd "$T/rel" && indev "$BULWARK" firewall apply --policy "$T/a.conf" --state-dir st >/dev/null)
        (cd "$T/rel" && indev "$BULWARK" firewall apply --policy "$T/b.conf" --confirm 4 --state-dir st >/dev/null)
        check "relative: B loaded while pending (9090 open)" open_port 9090
        check "relative: the watchdog rolled back (pending gone)" wait_gone "$T/rel/st/pending" 15
        check "relative: A again (22 open)" open_port 22
        check "relative: 9090 closed again" closed_port 9090
fi

# ---- the watchdog is armed after the commit, with a monotonic deadline; applies are serialised ----
# big.conf: 20,000 conduits (the most a policy may have; one source address each).
$PY -c '
print("[Device]\nPersonToPerson=allow\n[Zone eng]\nInterfaces=eth1\nAddresses=10.0.0.0/8")
for i in range(20000):
    print("[Conduit c%d]\nFrom=eng\nTo=device\nProtocol=tcp\nPorts=%d\nSources=10.%d.%d.%d" % (i, 1024 + 2 * (i % 20000), i // 65536 + 1, (i // 256) % 256, i % 256))
' > "$T/big.conf"
if want slow; then
        for trial in 1 2 3; do
                reset_dev
                fw apply --policy "$T/a.conf" >/dev/null
                indev nft add table ip other   # a foreign change: apply must list the ruleset, slower still
                fw apply --policy "$T/big.conf" --confirm 1 >/dev/null 2>"$T/slow.err" || bad "slow $trial: apply --confirm 1 of 20,000 conduits"
                check "slow $trial: the rollback came (pending gone)" wait_gone "$ST/pending" 10
                sleep 0.5
                check "slow $trial: A again after the rollback (22 open)" open_port 22
                check "slow $trial: the big policy is gone" bash -c "! ip netns exec $DEV nft list table inet bulwark | grep -q 'tcp . 1026'"
        done
fi
# stop_at_pending PID: SIGSTOP PID as soon as STATE/pending appears, i.e. between arming and the
# commit: what a slow kernel or a loaded machine does to an apply, made certain.
stop_at_pending() {
        for i in $(seq 1 4000); do [ -e "$ST/pending" ] && break; sleep 0.005; done
        kill -STOP "$1"
}
if want slow; then
        reset_dev
        fw apply --policy "$T/a.conf" >/dev/null
        ip netns exec $DEV "$BULWARK" firewall apply --policy "$T/big.conf" --confirm 1 --state-dir "$ST" >/dev/null 2>"$T/slow.err" &
        ap=$!
        stop_at_pending $ap
        sleep 2.5
        kill -CONT $ap
        wait $ap || bad "slow, stopped: apply --confirm 1"
        check "slow, stopped 2.5 s before its commit: the rollback came (pending gone)" wait_gone "$ST/pending" 10
        sleep 0.5
        check "slow, stopped: A again after the rollback (22 open)" open_port 22
        check "slow, stopped: the big policy is gone" bash -c "! ip netns exec $DEV nft list table inet bulwark | grep -q 'tcp . 1026'"
fi
if want serial; then
        reset_dev
        fw apply --policy "$T/a.conf" >/dev/null
        ip netns exec $DEV "$BULWARK" firewall apply --policy "$T/big.conf" --confirm 2 --state-dir "$ST" >/dev/null 2>"$T/s1.err" &
        ap=$!
        stop_at_pending $ap
        ip netns exec $DEV "$BULWARK" firewall apply --policy "$T/b.conf" --confirm 2 --state-dir "$ST" >/dev/null 2>"$T/s2.err" &
        bp=$!
        sleep 1.5
        check "serial: a second apply waits while the first is under way" kill -0 $bp
        kill -CONT $ap
        wait $ap || bad "serial: first apply"
        wait $bp || bad "serial: second apply"
        check "serial: the rollback came (pending gone)" wait_gone "$ST/pending" 12
        sleep 0.5
        check "serial: A again (22 open)" open_port 22
        check "serial: A again (9090 closed)" closed_port 9090
fi
if want concurrent; then
        for trial in 1 2 3; do
                reset_dev
                fw apply --policy "$T/a.conf" >/dev/null
                fw apply --policy "$T/big.conf" --confirm 2 >/dev/null 2>"$T/c1.err" & p1=$!
                fw apply --policy "$T/b.conf" --confirm 2 >/dev/null 2>"$T/c2.err" & p2=$!
                wait $p1 || true; wait $p2 || true
                check "concurrent $trial: the rollback came (pending gone)" wait_gone "$ST/pending" 12
                sleep 0.5
                check "concurrent $trial: A again (22 open)" open_port 22
                check "concurrent $trial: A again (9090 closed)" closed_port 9090
        done
fi

# ---- an nftables error after the kernel committed: the generation decides, the rollback stays armed ----
if want replyfail; then
        reset_dev
        fw apply --policy "$T/a.conf" >/dev/null
        touch "$T/fail-reply"
        rc=0
        BWTEST_NFT_FAIL_REPLY="$T/fail-reply" LD_PRELOAD="$FAULT" fw apply --policy "$T/b.conf" --confirm 2 >/dev/null 2>"$T/rf.err" || rc=$?
        check "reply lost: the fault fired" test ! -e "$T/fail-reply"
        check "reply lost: the kernel did commit B (9090 open)" open_port 9090
        check "reply lost: apply exits 3, not 'nothing applied'" test $rc = 3
        check "reply lost: the message says the change may be in place" grep -q "may be in place" "$T/rf.err"
        check "reply lost: the watchdog rolls back (pending gone)" wait_gone "$ST/pending" 10
        sleep 0.5
        check "reply lost: A again (22 open)" open_port 22
        check "reply lost: 9090 closed again" closed_port 9090
        # Without --confirm: no rollback, but no 'nothing applied' either.
        touch "$T/fail-reply"
        rc=0
        BWTEST_NFT_FAIL_REPLY="$T/fail-reply" LD_PRELOAD="$FAULT" fw apply --policy "$T/b.conf" >/dev/null 2>"$T/rf2.err" || rc=$?
        check "reply lost, plain apply: exit 3" test $rc = 3
        check "reply lost, plain apply: not 'nothing applied'" bash -c "! grep -q 'nothing applied' '$T/rf2.err'"
fi

# ---- a rollback that fails: retried, then lockdown, recorded, and status says so ----
if want rollbackfail; then
        reset_dev
        indev ip link add dummy$$ type veth peer name dpeer$$
        # A closed ruleset that names an interface by index (iif): it cannot be loaded once that is gone.
        indev nft -f - <<N
table inet site {
        chain input {
                type filter hook input priority 0; policy drop;
                iif "lo" accept
                iif "dummy$$" accept
                tcp dport 22 accept
        }
}
N
        check "rollback fails: the site ruleset lets 22 in" open_port 22
        fw apply --policy "$T/b.conf" --confirm 2 >/dev/null
        check "rollback fails: the saved ruleset names the interface" grep -q "dummy$$" "$ST/previous.nft"
        indev ip link del dummy$$
        check "rollback fails: the watchdog ends (pending gone)" wait_gone "$ST/pending" 15
        sleep 0.5
        check "rollback fails: B does not stay (9090 closed)" closed_port 9090
        check "rollback fails: lockdown loaded instead" loaded bulwark_lockdown
        check "rollback fails: 22 closed (lockdown)" closed_port 22
        check "rollback fails: recorded in STATE/rollback-failed" test -s "$ST/rollback-failed"
        rc=0; fw status > "$T/rbf.txt" || rc=$?
        check "rollback fails: status says FAILED" grep -q "rollback: FAILED" "$T/rbf.txt"
        check "rollback fails: status exits 1" test $rc = 1
        fw apply --policy "$T/a.conf" >/dev/null
        check "after a good apply the record is gone" test ! -e "$ST/rollback-failed"
fi
if want deadwatchdog; then
        reset_dev
        fw apply --policy "$T/a.conf" >/dev/null
        fw apply --policy "$T/b.conf" --confirm 60 >/dev/null
        wd=$(cut -d' ' -f3 "$ST/pending" 2>/dev/null || true)
        check "dead watchdog: pending names the watchdog's pid" test -n "$wd"
        rc=0; fw status --format json > "$T/wd.json" || rc=$?
        check "dead watchdog: status shows it running first" test "$(json_get "$T/wd.json" 'd.get("watchdog")')" = running
        [ -n "$wd" ] && kill -KILL "$wd" 2>/dev/null
        sleep 0.3
        rc=0; fw status > "$T/wd.txt" || rc=$?
        check "dead watchdog: status says nothing will roll back" grep -q "is not running: nothing will roll it back" "$T/wd.txt"
        check "dead watchdog: no countdown shown" bash -c "! grep -q 'rollback in' '$T/wd.txt'"
        check "dead watchdog: status exits 1" test $rc = 1
        fw rollback >/dev/null
        check "dead watchdog: rollback by hand restores A" open_port 22
fi

# ---- "closed" means IPv4 and IPv6 input dropped: an arp table, or an ip table alone, is open ----
if want family; then
        for prev in arp ip; do
                reset_dev
                indev nft -f - <<N
table $prev site {
        chain input {
                type filter hook input priority 0; policy drop;
        }
}
N
                check "family $prev: the device is open over IPv6 (9090)" open_port 9090 fd00:10::1
                fw apply --policy "$T/b.conf" --confirm 1 >/dev/null
                check "family $prev: saved as open (closed=no)" grep -q "^# bulwark previous ruleset closed=no" "$ST/previous.nft"
                check "family $prev: rolled back (pending gone)" wait_gone "$ST/pending" 10
                sleep 0.5
                check "family $prev: rolled back to lockdown, not to the open ruleset" loaded bulwark_lockdown
                check "family $prev: IPv4 9090 closed after the rollback" closed_port 9090
                check "family $prev: IPv6 9090 closed after the rollback" closed_port 9090 fd00:10::1
        done
fi

# ---- island on --confirm, rolled back: island mode is rolled back with it ----
if want island; then
        reset_dev
        fw apply --policy "$T/a.conf" >/dev/null
        fw island on --policy "$T/a.conf" --confirm 4 >/dev/null
        check "island --confirm: island form loaded while pending (8080 cut)" closed_port 8080
        check "island --confirm: rolled back (pending gone)" wait_gone "$ST/pending" 15
        sleep 0.5
        check "island --confirm: normal form again (8080 open)" open_port 8080
        fw status --format json > "$T/isl.json"
        check "island --confirm: status says island off after the rollback" test "$(json_get "$T/isl.json" 'd["island"]')" = False
        fw apply --policy "$T/a.conf" >/dev/null
        check "island --confirm: the next plain apply loads the normal form (8080 open)" open_port 8080
        # Confirmed, it stays, and a plain apply keeps it.
        fw island on --policy "$T/a.conf" --confirm 5 >/dev/null
        fw confirm >/dev/null
        fw apply --policy "$T/a.conf" >/dev/null
        check "island confirmed: a plain apply keeps island mode (8080 cut)" closed_port 8080
        check "island confirmed: island-safe ssh open" open_port 22
        fw island off --policy "$T/a.conf" >/dev/null
fi

# ---- a kill at any point of apply: status names what the kernel has loaded ----
if want kill; then
        reset_dev
        sha_a=$("$BULWARK" firewall compile --policy "$T/a.conf" | sha256sum | cut -d' ' -f1)
        sha_b=$("$BULWARK" firewall compile --policy "$T/b.conf" | sha256sum | cut -d' ' -f1)
        fw apply --policy "$T/a.conf" >/dev/null
        wrong=0; landed=0; n=${BWTEST_KILLS:-100}
        for i in $(seq 1 $n); do
                # Alternate between the two policies; kill the apply at a random point of its run.
                if [ $((i % 2)) = 1 ]; then pol=b; else pol=a; fi
                ip netns exec $DEV "$BULWARK" firewall apply --policy "$T/$pol.conf" --state-dir "$ST" >/dev/null 2>&1 &
                ap=$!
                $PY -c 'import random, time; time.sleep(random.uniform(0.005, 0.06))'
                kill -KILL $ap 2>/dev/null || true
                wait $ap 2>/dev/null || true
                # The oracle: the kernel's table has the 9090 conduit (B) or not (A).
                indev nft list table inet bulwark > "$T/k.nft" 2>/dev/null || true
                if grep -q 9090 "$T/k.nft"; then want_sha=$sha_b; else want_sha=$sha_a; fi
                [ "$want_sha" = "$sha_b" ] && [ $pol = b ] && landed=$((landed + 1))
                fw status --format json > "$T/k.json" 2>/dev/null || true
                got=$(json_get "$T/k.json" 'd.get("applied_sha256", "")')
                [ "$got" = "$want_sha" ] || { wrong=$((wrong + 1)); echo "kill $i ($pol): status says ${got:0:12}, the kernel has ${want_sha:0:12}"; }
        done
        echo "kill: $n kills, status wrong after $wrong"
        check "kill: status names the loaded policy after every kill ($wrong of $n wrong)" test $wrong = 0
fi

# ---- a full state directory: apply refuses before committing, and the rollback copy stays true ----
if want full; then
        reset_dev
        FULL=$T/full
        fwin() { local d=$1; shift; indev "$BULWARK" firewall "$@" --state-dir "$d"; }
        mkdir -p "$FULL"
        mount -t tmpfs -o size=256k,mode=0700 bwtest-full "$FULL" && MOUNTS+=("$FULL")
        fwin "$FULL/st" apply --policy "$T/a.conf" >/dev/null || bad "full: apply A"
        dd if=/dev/zero of="$FULL/filler" bs=4k 2>/dev/null || true   # until ENOSPC
        rc=0
        fwin "$FULL/st" apply --policy "$T/b.conf" >/dev/null 2>"$T/full.err" || rc=$?
        check "full: apply exits 3" test $rc = 3
        check "full: apply says why (no space)" grep -q "No space left on device" "$T/full.err"
        check "full: nothing applied (22 still open)" open_port 22
        check "full: nothing applied (9090 still closed)" closed_port 9090
        # What the rollback copy says is still where the user was before A, with A loaded now: no surprise later.
        rm -f "$FULL/filler"
        fwin "$FULL/st" apply --policy "$T/b.conf" >/dev/null || bad "full: apply B once there is room"
        fwin "$FULL/st" rollback >/dev/null
        check "full: a rollback after that goes back to A (22 open)" open_port 22
fi

# ---- from an open device: apply --confirm warns before it applies; --rollback-to previous restores it exactly ----
if want rollbackto; then
        reset_dev
        check "open device: 9090 open with no ruleset" open_port 9090
        fw apply --policy "$T/a.conf" --confirm 1 >/dev/null 2>"$T/rt1.err" || bad "open device: apply --confirm"
        check "open device: apply --confirm warns that the rollback goes to lockdown" grep -q "rollback loads the lockdown ruleset" "$T/rt1.err"
        check "open device: the warning names --rollback-to previous" grep -q -- "--rollback-to previous" "$T/rt1.err"
        wait_gone "$ST/pending" 10 || true
        check "open device, default: rolled back to lockdown" loaded bulwark_lockdown
        reset_dev
        indev nft add table inet site   # an open ruleset of the site's own, to be restored exactly
        fw apply --policy "$T/a.conf" --confirm 4 --rollback-to previous >/dev/null 2>"$T/rt2.err" || bad "rollback-to previous: apply"
        check "rollback-to previous: A loaded while pending (9090 closed)" closed_port 9090
        check "rollback-to previous: rolled back (pending gone)" wait_gone "$ST/pending" 15
        sleep 0.5
        check "rollback-to previous: no lockdown" bash -c "! ip netns exec $DEV nft list tables | grep -q bulwark"
        check "rollback-to previous: the site's table is back" loaded site
        check "rollback-to previous: open again, as it was (9090 open)" open_port 9090
        # A closed device gets no warning.
        reset_dev
        fw apply --policy "$T/a.conf" >/dev/null
        fw apply --policy "$T/b.conf" --confirm 5 >/dev/null 2>"$T/rt3.err"
        check "closed device: no warning" test ! -s "$T/rt3.err"
        fw confirm >/dev/null
        rc=0; fw apply --policy "$T/a.conf" --rollback-to sideways >/dev/null 2>&1 || rc=$?
        check "--rollback-to takes lockdown or previous (exit 2)" test $rc = 2
fi

# ---- no CAP_NET_ADMIN: exit 3, and the message says what is missing ----
if want perm; then
        reset_dev
        fw apply --policy "$T/a.conf" >/dev/null
        indev nft list ruleset > "$T/perm-before.nft"
        mkdir -p "$T/pst"; chmod 777 "$T/pst"
        for how in nobody capsh userns; do
                case $how in
                nobody) run() { indev setpriv --reuid=nobody --regid=nogroup --clear-groups "$BULWARK" firewall "$@"; } ;;
                capsh)  command -v capsh >/dev/null || { echo "capsh missing: $how skipped"; continue; }
                        run() { local q; q=$(printf '%q ' "$BULWARK" firewall "$@"); indev capsh --drop=cap_net_admin -- -c "$q"; } ;;
                # The kernel refuses a new user namespace to a process in a chroot (EPERM), as in
                # the fresh-Debian check; there this case cannot be made, and says so.
                userns) indev unshare -Ur true 2>/dev/null || { echo "no user namespace can be made here (a chroot?): $how not run"; continue; }
                        run() { indev unshare -Ur "$BULWARK" firewall "$@"; } ;;
                esac
                for verb in apply "apply --confirm 5" status rollback lockdown "island on"; do
                        rc=0
                        run $verb --policy "$T/a.conf" --state-dir "$T/pst" >/dev/null 2>"$T/perm.err" || rc=$?
                        check "$how: $verb exits 3" test $rc = 3
                        check "$how: $verb names CAP_NET_ADMIN" grep -q "CAP_NET_ADMIN" "$T/perm.err"
                        check "$how: $verb does not say 'Invalid argument'" bash -c "! grep -q 'Invalid argument' '$T/perm.err'"
                done
                [ $how = userns ] && check "userns: the message says it is a user namespace" grep -q "user namespace" "$T/perm.err"
                # Without CAP_NET_ADMIN, check runs the dry run in a user namespace of its own: accepted (0), or,
                # where user namespaces are refused, it says so and exits 3; it never claims a check it did not do.
                rc=0; run check --policy "$T/a.conf" >"$T/check.out" 2>&1 || rc=$?
                check "$how: check runs the dry run in a user namespace, or says it cannot (exit $rc)" \
                        bash -c "{ test $rc = 0 && grep -q 'accepts the ruleset (dry run in a user namespace' '$T/check.out'; } ||
                                 { test $rc = 3 && grep -q 'refuses one' '$T/check.out'; }"
        done
        check "no permission: the ruleset is untouched" cmp -s "$T/perm-before.nft" <(indev nft list ruleset)
        check "no permission: nothing pending" test ! -e "$T/pst/pending"
fi

echo "$FAILS failure(s)"
[ $FAILS = 0 ]
