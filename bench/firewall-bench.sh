#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Compile + apply of a policy with N conduits by bulwark, against `nft -f`
# of the very same ruleset (what a user hand-writing rules would load), each
# in a fresh network namespace, plus the rule count as N grows.
# Usage: bench/firewall-bench.sh BULWARK [N...]   (root; default N: 10 100 1000 5000)
set -euo pipefail
BULWARK=$(realpath "${1:?bulwark binary}")
shift
SIZES=("${@:-10 100 1000 5000}")
[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces)"; exit 77; }
T=$(mktemp -d /tmp/bulwark-bench-XXXXXX)
trap 'rm -rf "$T"' EXIT
REPS=${REPS:-11}

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

now_ns() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# The minimum is the best estimate of the intrinsic cost on a shared, busy machine.
minimum() { sort -n | head -1; }

# time_in_netns CMD...: wall time in ms of CMD in a fresh, empty network namespace.
time_in_netns() {
        unshare -n bash -c 's=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000 ))' _ "$@"
}

# time_reapply CMD...: wall time in ms of the second of two runs of CMD in a fresh network
# namespace: a policy update on a running device, over the ruleset the first run loaded.
time_reapply() {
        unshare -n bash -c '"$@" >/dev/null; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000 ))' _ "$@"
}

printf '%-8s %-6s %-11s %-19s %-19s %-11s %-19s %-19s %-11s %s\n' conduits rules compile_ms "apply_ms min/med" "nft_f_ms min/med" "ratio min/med" \
        "reapply_ms min/med" "nft_f_re_ms min/med" "ratio min/med" "naive_nft_f_ms"
for n in ${SIZES[@]}; do
        P=$T/p$n.conf
        gen_policy $n "$P"
        "$BULWARK" firewall compile --policy "$P" > "$T/r$n.nft"
        # The same transaction apply sends: replace the table, drop the lockdown table.
        { printf 'add table inet bulwark\ndelete table inet bulwark\nadd table inet bulwark_lockdown\ndelete table inet bulwark_lockdown\n'; cat "$T/r$n.nft"; } > "$T/tx$n.nft"
        rules=$(unshare -n bash -c "nft -f '$T/tx$n.nft' && nft -j list ruleset" | python3 -c 'import json,sys; print(sum(1 for o in json.load(sys.stdin)["nftables"] if "rule" in o))')
        gen_naive $n "$T/naive$n.nft"
        c=(); a=(); x=(); v=(); ra=(); rx=()
        for ((r = 0; r < REPS; r++)); do
                s=$(now_ns); "$BULWARK" firewall compile --policy "$P" > /dev/null; e=$(now_ns); c+=($(( (e - s) / 1000 )))
                rm -rf "$T/state"
                a+=($(time_in_netns "$BULWARK" firewall apply --policy "$P" --state-dir "$T/state"))
                x+=($(time_in_netns nft -f "$T/tx$n.nft"))
                v+=($(time_in_netns nft -f "$T/naive$n.nft"))
                rm -rf "$T/state"
                ra+=($(time_reapply "$BULWARK" firewall apply --policy "$P" --state-dir "$T/state"))
                rx+=($(time_reapply nft -f "$T/tx$n.nft"))
        done
        cm=$(printf '%s\n' "${c[@]}" | minimum)
        am=$(printf '%s\n' "${a[@]}" | minimum); amd=$(printf '%s\n' "${a[@]}" | median)
        xm=$(printf '%s\n' "${x[@]}" | minimum); xmd=$(printf '%s\n' "${x[@]}" | median)
        vm=$(printf '%s\n' "${v[@]}" | minimum)
        ram=$(printf '%s\n' "${ra[@]}" | minimum); ramd=$(printf '%s\n' "${ra[@]}" | median)
        rxm=$(printf '%s\n' "${rx[@]}" | minimum); rxmd=$(printf '%s\n' "${rx[@]}" | median)
        ms() { awk "BEGIN{printf \"%.1f\", $1/1000}"; }
        printf '%-8s %-6s %-11s %-19s %-19s %-11s %-19s %-19s %-11s %s\n' $n $rules $(ms $cm) "$(ms $am) / $(ms $amd)" "$(ms $xm) / $(ms $xmd)" \
                "$(awk "BEGIN{printf \"%.2f / %.2f\", $am/$xm, $amd/$xmd}")" "$(ms $ram) / $(ms $ramd)" "$(ms $rxm) / $(ms $rxmd)" \
                "$(awk "BEGIN{printf \"%.2f / %.2f\", $ram/$rxm, $ramd/$rxmd}")" $(ms $vm)
        rm -rf "$T/state"
done
echo "apply_ms: bulwark firewall apply (parse, compile, save previous ruleset, one transaction), process start included."
echo "nft_f_ms: nft -f of the same compiled transaction. ratio = apply / nft -f (minima, medians)."
echo "reapply: the same, run a second time in the same namespace (a policy update over the loaded ruleset; bulwark saves the previous ruleset for rollback)."
echo "naive_nft_f_ms: min nft -f of a ruleset with one rule per conduit."
