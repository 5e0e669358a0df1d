#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The fail-close units the package ships (contrib/systemd/enforce/, installed
# by meson.build without running bulwark, so the package cross-builds) are
# byte for byte what `bulwark firewall install-units` writes
# (src/firewall/units.c). After changing the units there, regenerate them:
#   shipped-units.sh BULWARK SOURCE_ROOT --update
#
# Usage: shipped-units.sh BULWARK SOURCE_ROOT [--update]
set -eu

bulwark=$(realpath "$1")
src=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bulwark" firewall install-units --root "$tmp/root" --unit-dir "$tmp/units" --no-enable >/dev/null
if [ "${3:-}" = --update ]; then
        rm -rf "$src/contrib/systemd/enforce"
        cp -r "$tmp/units" "$src/contrib/systemd/enforce"
        echo "updated $src/contrib/systemd/enforce"
        exit 0
fi
n=$(find "$tmp/units" -type f | wc -l)
[ "$n" -ge 5 ] || { echo "FAIL install-units wrote $n files"; exit 1; }
if diff -ru "$src/contrib/systemd/enforce" "$tmp/units"; then
        echo "$n units shipped as install-units writes them"
else
        echo "FAIL contrib/systemd/enforce differs from 'bulwark firewall install-units' (run with --update)"
        exit 1
fi
