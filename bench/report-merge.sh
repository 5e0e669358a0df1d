#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Fleet merge: `bulwark report merge --format json` of N device reports
# against the jq one-liner a fleet operator would otherwise write (per
# requirement, how many devices have each verdict). Median of 5 runs each.
# Not a test: run by hand, copy the ratio into docs/BENCHMARKS.md.
#
# Usage: bench/report-merge.sh BULWARK [N]
set -eu

bulwark=$(realpath "$1")
n=${2:-1000}
src=$(cd "$(dirname "$0")/.." && pwd)
command -v jq >/dev/null || { echo "jq is needed as the peer" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
while [ $i -lt "$n" ]; do
        # Real reports, one per device: the two goldens, renamed.
        g=minimal; [ $((i % 2)) = 1 ] && g=hostile-strings
        jq --arg h "device-$i" '.target.hostname = $h' "$src/tests/golden/$g.json" >"$tmp/d$i.json"
        i=$((i + 1))
done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() {
        s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
        echo $(((e - s) / 1000000))
}
run5() { for _ in 1 2 3 4 5; do time_ms "$@"; done | median; }

b=$(run5 sh -c "\"$bulwark\" report merge --format json \"$tmp\"/d*.json")
j=$(run5 sh -c "jq -s '[.[] | .target.hostname as \$h | .requirements[] | {id, verdict, h: \$h}] | group_by(.id)
        | map({id: .[0].id, counts: (group_by(.verdict) | map({(.[0].verdict): length}) | add),
               fail: [.[] | select(.verdict == \"fail\") | .h]})' \"$tmp\"/d*.json")
echo "merge of $n reports: bulwark ${b} ms, jq ${j} ms, ratio bulwark/jq $(awk -v b="$b" -v j="$j" 'BEGIN {printf "%.2f", (j ? b / j : 0)}')"
