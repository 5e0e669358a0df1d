#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark (not a test): the data-at-rest and CR 5.4 parts of bulwark against
# the tools a user would otherwise run.
#   1. LUKS headers: `bulwark assess --root MINIMAL --luks-image X` for N images
#      against `cryptsetup luksDump` of the same N images.
#   2. Service exposure: `bulwark assess --root TREE` (whole assessment, all
#      units scored) against `systemd-analyze security --offline=true` of the
#      same units.
# Prints median wall times of R runs and the ratios. Usage: bench/luks-exposure.sh BULWARK [N] [R]
set -euo pipefail

BULWARK=$(realpath "${1:?usage: $0 BULWARK [N] [R]}")
N=${2:-20}
R=${3:-5}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { # command... -> seconds
        local s e
        s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
        awk -v a="$s" -v b="$e" 'BEGIN { printf "%.6f\n", b - a }'
}

# 1. N LUKS2 images with a TPM token.
printf pw >"$T/k"
printf '%s' '{"type":"systemd-tpm2","keyslots":["0"],"tpm2-blob":"AAAA","tpm2-pcrs":[7],"tpm2-pcr-bank":"sha256","tpm2-primary-alg":"ecc","tpm2-policy-hash":"00"}' >"$T/tok.json"
mkdir -p "$T/min/etc"; echo ID=debian >"$T/min/etc/os-release"   # an OS tree, or assess refuses it
args=()
for i in $(seq "$N"); do
        truncate -s 20M "$T/$i.img"
        cryptsetup luksFormat --batch-mode --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 --key-file "$T/k" "$T/$i.img"
        cryptsetup token import --json-file "$T/tok.json" "$T/$i.img"
        args+=(--luks-image "$T/$i.img")
done
dump_all() { for i in $(seq "$N"); do cryptsetup luksDump "$T/$i.img"; done; }
b1=$(for r in $(seq "$R"); do timeit "$BULWARK" assess --root "$T/min" --format json "${args[@]}"; done | median)
c1=$(for r in $(seq "$R"); do timeit dump_all; done | median)

# 2. N enabled service units, half of them hardened.
U=$T/tree/etc/systemd/system
mkdir -p "$U/multi-user.target.wants" "$T/tree/var/lib/dpkg"
: >"$T/tree/var/lib/dpkg/status"
units=()
for i in $(seq "$N"); do
        extra=$([ $((i % 2)) -eq 0 ] && printf 'DynamicUser=yes\nPrivateNetwork=yes\nProtectSystem=strict\nCapabilityBoundingSet=\nSystemCallFilter=@system-service\n' || true)
        printf '[Service]\nExecStart=/usr/bin/s%d\n%s\n[Install]\nWantedBy=multi-user.target\n' "$i" "$extra" >"$U/s$i.service"
        ln -s "../s$i.service" "$U/multi-user.target.wants/s$i.service"
        units+=("s$i.service")
done
b2=$(for r in $(seq "$R"); do timeit "$BULWARK" assess --root "$T/tree" --format json; done | median)
c2=$(for r in $(seq "$R"); do timeit systemd-analyze security --offline=true --root="$T/tree" "${units[@]}"; done | median)

printf 'LUKS headers (%d images): bulwark assess %.3fs, cryptsetup luksDump x%d %.3fs, ratio %.2f\n' "$N" "$b1" "$N" "$c1" "$(awk -v a="$b1" -v b="$c1" 'BEGIN { print a / b }')"
printf 'Service exposure (%d units): bulwark assess %.3fs, systemd-analyze security --offline %.3fs, ratio %.2f\n' "$N" "$b2" "$c2" "$(awk -v a="$b2" -v b="$c2" 'BEGIN { print a / b }')"
