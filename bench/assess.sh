#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Wall time of `bulwark assess`, live and offline on a debootstrapped Debian 12
# tree, against `lynis audit system --quick` on the same machine (Lynis has no
# offline mode: it audits only the running system). Medians via hyperfine.
#   bench/assess.sh [BULWARK]     (as root; builds the Debian tree once)
set -eu
cd "$(dirname "$0")/.."
bulwark=${1:-build/bulwark}
runs=${RUNS:-10}
lynis_runs=${LYNIS_RUNS:-3}
tree=$(tools/make-debian-tree)
out=${OUT:-build/bench-assess}
mkdir -p "$out"

command -v hyperfine >/dev/null || { echo "bench/assess.sh: hyperfine is not installed (apt-get install hyperfine)" >&2; exit 1; }
command -v lynis >/dev/null || { echo "bench/assess.sh: lynis is not installed (apt-get install lynis)" >&2; exit 1; }

hyperfine --warmup 2 --runs "$runs" -N --ignore-failure --export-json "$out/bulwark.json" \
        -n "bulwark assess --root debian12 (offline)" "$bulwark assess --root $tree --sl 3 --role network --format json" \
        -n "bulwark assess (live, endpoints probed)" "$bulwark assess --sl 3 --role network --format json" \
        -n "bulwark assess --no-probe (live)" "$bulwark assess --no-probe --sl 3 --role network --format json"
hyperfine --warmup 1 --runs "$lynis_runs" --ignore-failure --export-json "$out/lynis.json" \
        -n "lynis audit system --quick" "lynis audit system --quick --no-colors --no-log --quiet"

/usr/bin/python3 - "$out/bulwark.json" "$out/lynis.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))["results"]
l = json.load(open(sys.argv[2]))["results"][0]
print(f"| run | median (s) | ratio vs lynis --quick |")
print(f"|---|---|---|")
for r in b + [l]:
    print(f"| {r['command']} | {r['median']:.3f} | {l['median'] / r['median']:.0f}x faster |" if r is not l else f"| {r['command']} | {r['median']:.3f} | 1x |")
PY
