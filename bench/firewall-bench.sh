#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Compile + apply of a policy with N conduits by bulwark, against `nft -f`
# of the very same ruleset (what a user hand-writing rules would load), plus
# the rule count as N grows. hyperfine (RUNS runs each, default 101) inside
# one network namespace per size, emptied before every run by --prepare:
# creating a namespace per run leaves kernel clean-up work running into the
# next measurement. Two cases:
#   fresh:  over an empty ruleset (first boot, or after a flush);
#   update: over the ruleset the same command just loaded (a policy change on
#           a running device; bulwark saves the previous ruleset for rollback).
# Wall times are quantised by the kernel: closing the netlink socket after a
# commit waits for an RCU grace period (nf_tables' destroy work), 10-17 ms
# here, for nft and bulwark alike, so single runs fall into 4 ms buckets (the
# kernel tick) and medians and minima jump between them. The mean over many
# runs does not; the table gives the ratio of means with its standard error,
# then of medians, of minima and of CPU time (user + system).
# Usage: bench/firewall-bench.sh BULWARK [N...]   (root; default N: 10 100 1000 5000)
set -euo pipefail
BULWARK=$(realpath "${1:?bulwark binary}")
shift
SIZES=("${@:-10 100 1000 5000}")
[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces)"; exit 77; }
T=$(mktemp -d /tmp/bulwark-bench-XXXXXX)
trap 'rm -rf "$T"' EXIT
RUNS=${RUNS:-101}
command -v hyperfine >/dev/null || { echo "needs hyperfine"; exit 77; }

# A plant with 4 zones; conduit i opens one TCP port from zone i%4 to the
# device, every third one only from a /32 source, every fifth one to the next zone.
gen_policy() {
        local n=$1 f=$2
        {
                for z in 0 1 2 3; do printf '[Zone z%d]\nInterfaces=eth%d\nAddresses=10.%d.0.0/16\n\n' $z $z $z; done
                for ((i = 0; i < n; i++)); do
                        z=$((i % 4)); port=$((10000 + i))
                        to=device; [ $((i % 5)) = 0 ] && to=z$(((z + 1) % 4))
                        printf '[Conduit c%d]\nFrom=z%d\nTo=%s\nProtocol=tcp\nPorts=%d\n' $i $z $to $port
                        [ $((i % 3)) = 0 ] && printf 'Sources=10.%d.%d.%d\n' $z $((i / 250 % 250)) $((i % 250 + 1))
                        echo
                done
        } > "$f"
}

# The same conduits as one rule each, as a hand-written ruleset usually has them.
gen_naive() {
        local n=$1 f=$2
        {
                printf 'table inet naive {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t\tiifname "lo" accept\n\t\tct state established,related accept\n'
                for ((i = 0; i < n; i++)); do
                        z=$((i % 4)); [ $((i % 5)) = 0 ] && continue
                        src=""; [ $((i % 3)) = 0 ] && src="ip saddr 10.$z.$((i / 250 % 250)).$((i % 250 + 1)) "
                        printf '\t\tiifname "eth%d" %stcp dport %d accept\n' $z "$src" $((10000 + i))
                done
                printf '\t}\n\tchain forward {\n\t\ttype filter hook forward priority filter; policy drop;\n\t\tct state established,related accept\n'
                for ((i = 0; i < n; i += 5)); do
                        z=$((i % 4)); src=""; [ $((i % 3)) = 0 ] && src="ip saddr 10.$z.$((i / 250 % 250)).$((i % 250 + 1)) "
                        printf '\t\tiifname "eth%d" oifname "eth%d" %stcp dport %d accept\n' $z $(((z + 1) % 4)) "$src" $((10000 + i))
                done
                printf '\t}\n}\n'
        } > "$f"
}

printf '| conduits | rules | compile | fresh: bulwark / nft -f, mean | ratio of means ± s.e. (medians, minima) [CPU] | update: bulwark / nft -f, mean | ratio of means ± s.e. (medians, minima) [CPU] | naive nft -f (N rules) |\n'
printf '|---:|---:|---:|---|---|---|---|---:|\n'
for n in ${SIZES[@]}; do
        P=$T/p$n.conf
        gen_policy $n "$P"
        "$BULWARK" firewall compile --policy "$P" > "$T/r$n.nft"
        # The same transaction apply sends: replace the table, drop the lockdown table.
        { printf 'add table inet bulwark\ndelete table inet bulwark\nadd table inet bulwark_lockdown\ndelete table inet bulwark_lockdown\n'; cat "$T/r$n.nft"; } > "$T/tx$n.nft"
        rules=$(unshare -n bash -c "nft -f '$T/tx$n.nft' && nft -j list ruleset" | /usr/bin/python3 -c 'import json,sys; print(sum(1 for o in json.load(sys.stdin)["nftables"] if "rule" in o))')
        gen_naive $n "$T/naive$n.nft"
        A="$BULWARK firewall apply --policy $P --state-dir $T/state"
        X="nft -f $T/tx$n.nft"
        unshare -n hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$T/h$n.json" \
                -n compile --prepare true "$BULWARK firewall compile --policy $P" \
                -n fresh-bulwark --prepare "bash -c 'nft flush ruleset; rm -rf $T/state'" "$A" \
                -n fresh-nft --prepare "nft flush ruleset" "$X" \
                -n update-bulwark --prepare "bash -c 'nft flush ruleset; rm -rf $T/state; $A'" "$A" \
                -n update-nft --prepare "bash -c 'nft flush ruleset; $X'" "$X" \
                -n naive --prepare "nft flush ruleset" "nft -f $T/naive$n.nft" >/dev/null 2>&1 ||
                { echo "hyperfine failed for $n conduits" >&2; exit 1; }
        /usr/bin/python3 - "$T/h$n.json" "$n" "$rules" <<'PY'
import json, statistics, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
med = lambda k: statistics.median(r[k]["times"]) * 1000
low = lambda k: min(r[k]["times"]) * 1000
avg = lambda k: statistics.mean(r[k]["times"]) * 1000
sem = lambda k: statistics.stdev(r[k]["times"]) * 1000 / len(r[k]["times"]) ** 0.5
cpu = lambda k: (r[k]["user"] + r[k]["system"]) * 1000
def case(b, x):
    q = avg(b) / avg(x)
    e = q * ((sem(b) / avg(b)) ** 2 + (sem(x) / avg(x)) ** 2) ** 0.5
    return (f"{avg(b):.1f} / {avg(x):.1f} ms",
            f"**{q:.2f} ± {e:.2f}** ({med(b) / med(x):.2f}, {low(b) / low(x):.2f}) [{cpu(b) / cpu(x):.2f}]")
f, u = case("fresh-bulwark", "fresh-nft"), case("update-bulwark", "update-nft")
print(f"| {int(sys.argv[2]):,} | {sys.argv[3]} | {med('compile'):.1f} ms | {f[0]} | {f[1]} | {u[0]} | {u[1]} | {med('naive'):.1f} ms |")
PY
done
echo
echo "compile: median of bulwark firewall compile (process start, parse, compile, print). Ratios: bulwark apply / nft -f of the"
echo "same transaction. $RUNS runs each. Machine: $(nproc) CPUs, load average $(cut -d' ' -f1 /proc/loadavg)."
