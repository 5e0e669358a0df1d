#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The package builds for the device: isar cross-builds for arm64 boards, so
# nothing in the build may run the binary it builds (man pages and units are
# shipped files, meson.build). Proves it with Debian's cross toolchain:
#   1. meson setup --cross-file (aarch64-linux-gnu) and ninja, then meson
#      install: the binary is AArch64, the pages and units are installed;
#   2. dpkg-buildpackage -a arm64 from a clean copy: bulwark_*_arm64.deb holds
#      an AArch64 bulwark, the man pages, /etc/bulwark and the docs.
# Needs crossbuild-essential-arm64 and the :arm64 -dev packages of
# tools/deps-test.txt (multiarch); as root it adds the arm64 architecture and
# installs what is missing, as tools/setup --test does. Skips (77) only when
# not root and something is missing.
#
# Usage: cross-build.sh SOURCE_ROOT
set -eu

src=$(realpath "$1")
pkgs=$(grep -v '^\s*#' "$src/tools/deps-test.txt" | grep -E 'arm64' | tr '\n' ' ')
missing=""
for p in $pkgs debhelper dpkg-dev; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing="$missing $p"
done
if [ -n "$missing" ]; then
        if [ "$(id -u)" != 0 ]; then
                echo "skip: not root, and missing:$missing (tools/setup --test installs them)"
                exit 77
        fi
        echo "installing$missing"
        dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
        export DEBIAN_FRONTEND=noninteractive
        apt-get -o DPkg::Lock::Timeout=600 update -q
        # shellcheck disable=SC2086
        apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends $missing
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-cross.$$.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failed=0 passed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }
is_aarch64() { readelf -h "$1" 2>/dev/null | grep -q 'Machine:.*AArch64'; }

# 1. meson cross build. Without an exe_wrapper, meson refuses any build step
# that would run a target binary ("An exe_wrapper is needed").
cat >"$tmp/aarch64.ini" <<'INI'
[binaries]
c = 'aarch64-linux-gnu-gcc'
ar = 'aarch64-linux-gnu-ar'
strip = 'aarch64-linux-gnu-strip'
pkgconfig = 'aarch64-linux-gnu-pkg-config'

[host_machine]
system = 'linux'
cpu_family = 'aarch64'
cpu = 'aarch64'
endian = 'little'
INI
if meson setup --cross-file "$tmp/aarch64.ini" --prefix /usr -Dtests=disabled "$tmp/build" "$src" >"$tmp/setup.log" 2>&1; then
        ok
else
        bad "meson cross setup:"; tail -20 "$tmp/setup.log"
        echo "$passed passed, $failed failed"; exit 1
fi
if ninja -C "$tmp/build" bulwark >"$tmp/ninja.log" 2>&1 && ninja -C "$tmp/build" >>"$tmp/ninja.log" 2>&1; then
        ok
else
        bad "ninja (cross):"; tail -20 "$tmp/ninja.log"
        echo "$passed passed, $failed failed"; exit 1
fi
is_aarch64 "$tmp/build/bulwark" && ok || bad "build/bulwark is not an AArch64 binary: $(readelf -h "$tmp/build/bulwark" | grep Machine)"
if DESTDIR="$tmp/inst" meson install -C "$tmp/build" --no-rebuild >"$tmp/install.log" 2>&1; then ok; else bad "meson install:"; tail -10 "$tmp/install.log"; fi
for f in usr/bin/bulwark usr/share/man/man1/bulwark-assess.1 usr/share/man/man8/bulwark-firewall.8 \
         etc/bulwark/policy.conf.example usr/share/doc/bulwark/checks.md usr/share/doc/bulwark/assessment.schema.json; do
        [ -e "$tmp/inst/$f" ] && ok || bad "meson install lacks /$f"
done
[ -n "$(find "$tmp/inst" -name bulwark-lockdown.service)" ] && ok || bad "meson install lacks bulwark-lockdown.service"

# 2. dpkg-buildpackage -a arm64 from a clean copy (what git tracks).
mkdir "$tmp/pkg" "$tmp/pkg/bulwark"
if [ -d "$src/.git" ] || [ -f "$src/.git" ]; then
        git -C "$src" ls-files -z | (cd "$src" && xargs -0 cp -a --parents -t "$tmp/pkg/bulwark")
else
        (cd "$src" && tar --exclude='./build*' --exclude='./obj-*' -cf - .) | tar -C "$tmp/pkg/bulwark" -xf -
fi
if (cd "$tmp/pkg/bulwark" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -a arm64 -Pcross,nocheck -us -uc -b) >"$tmp/dpkg.log" 2>&1; then
        ok
else
        bad "dpkg-buildpackage -a arm64:"; tail -30 "$tmp/dpkg.log"
        echo "$passed passed, $failed failed"; exit 1
fi
deb=$(ls "$tmp"/pkg/bulwark_*_arm64.deb 2>/dev/null | head -1)
[ -n "$deb" ] && ok || { bad "no bulwark_*_arm64.deb: $(ls "$tmp/pkg")"; echo "$passed passed, $failed failed"; exit 1; }
[ "$(dpkg-deb -f "$deb" Architecture)" = arm64 ] && ok || bad "$deb is not Architecture: arm64"
dpkg-deb -x "$deb" "$tmp/root"
is_aarch64 "$tmp/root/usr/bin/bulwark" && ok || bad "the packaged bulwark is not AArch64"
for f in usr/share/man/man1/bulwark-assess.1.gz usr/share/man/man1/bulwark-scan.1.gz usr/share/man/man8/bulwark-firewall.8.gz \
         etc/bulwark/policy.conf.example usr/share/doc/bulwark/assessment.schema.json; do
        [ -e "$tmp/root/$f" ] && ok || bad "the arm64 package lacks /$f"
done
ls "$tmp"/pkg/bulwark-enforce_*_all.deb >/dev/null 2>&1 && ok || bad "no bulwark-enforce_*_all.deb"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
