#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Builds the Debian packages from a clean copy of the source tree with
# dpkg-buildpackage -us -uc -b, requires lintian --fail-on error,warning to
# be clean, checks what each package holds, and runs bulwark from the
# unpacked .deb. Skips (77) without dpkg-buildpackage and lintian.
#
# Usage: debian-package.sh SOURCE_ROOT
set -eu

src=$(realpath "$1")
for t in dpkg-buildpackage lintian dh; do
        command -v $t >/dev/null || { echo "skip: $t is not installed (tools/deps-test.txt)"; exit 77; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 passed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

# A clean copy: what git tracks, or the tree without build directories.
mkdir "$tmp/bulwark"
if [ -d "$src/.git" ] || [ -f "$src/.git" ]; then
        git -C "$src" ls-files -z | (cd "$src" && xargs -0 cp -a --parents -t "$tmp/bulwark")
else
        (cd "$src" && tar --exclude='./build*' --exclude='./obj-*' -cf - .) | tar -C "$tmp/bulwark" -xf -
fi

if (cd "$tmp/bulwark" && DEB_BUILD_OPTIONS=nocheck dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1; then
        ok
else
        bad "dpkg-buildpackage failed:"; tail -30 "$tmp/build.log"
        echo "$passed passed, $failed failed"; exit 1
fi

if lintian --fail-on error,warning "$tmp"/bulwark_*.changes >"$tmp/lintian.log" 2>&1; then ok; else bad "lintian:"; cat "$tmp/lintian.log"; fi

deb=$(ls "$tmp"/bulwark_*_*.deb)
enforce=$(ls "$tmp"/bulwark-enforce_*_all.deb)
dpkg-deb -c "$deb" >"$tmp/bulwark.list"
dpkg-deb -c "$enforce" >"$tmp/enforce.list"
for f in ./usr/bin/bulwark ./usr/share/man/man1/bulwark.1.gz ./usr/share/man/man1/bulwark-assess.1.gz \
         ./usr/share/bash-completion/completions/bulwark ./lib/systemd/system/bulwark-assess.timer; do
        grep -q " $f\$" "$tmp/bulwark.list" && ok || bad "bulwark lacks $f"
done
for f in ./usr/lib/systemd/system-preset/80-bulwark-enforce.preset ./lib/systemd/system/bulwark-lockdown.service \
         ./lib/systemd/system/bulwark-firewall.service ./lib/systemd/system/networking.service.d/bulwark.conf; do
        grep -q " $f\$" "$tmp/enforce.list" && ok || bad "bulwark-enforce lacks $f"
done
grep -q ' ./usr/share/man/man8/bulwark-firewall.8.gz$' "$tmp/bulwark.list" && ok || bad "bulwark lacks bulwark-firewall(8)"
# /etc/bulwark with a commented example policy (a conffile, never loaded: the
# firewall reads policy.conf), and the contracts and the check catalogue.
for f in ./etc/bulwark/policy.conf.example ./etc/bulwark/policy.d/; do
        grep -q " $f\$" "$tmp/bulwark.list" && ok || bad "bulwark lacks $f"
done
# Every contract in docs/, uncompressed so a validator reads it where it is.
for schema in "$src"/docs/*.schema.json; do
        f=./usr/share/doc/bulwark/$(basename "$schema")
        grep -q " $f\$" "$tmp/bulwark.list" && ok || bad "bulwark lacks $f (meson.build installs the schemas by name)"
done
grep -q ' ./usr/share/doc/bulwark/checks.md\(.gz\)\?$' "$tmp/bulwark.list" && ok || bad "bulwark lacks docs/checks.md"
grep -q ' ./etc/bulwark/policy.conf$' "$tmp/bulwark.list" "$tmp/enforce.list" && bad "a package ships a live policy.conf" || ok
# Enforcement is enabled for the next boot and never started by the installation.
dpkg-deb -e "$enforce" "$tmp/enforce-control"
grep -q "deb-systemd-helper enable 'bulwark-firewall.service'\|deb-systemd-helper enable 'bulwark-lockdown.service'" \
        "$tmp/enforce-control/postinst" && ok || bad "bulwark-enforce does not enable its units"
if grep -qs 'deb-systemd-invoke .*start' "$tmp/enforce-control/postinst"; then bad "bulwark-enforce starts a unit"; else ok; fi
dpkg-deb -f "$enforce" Depends | grep -q 'bulwark (>= ' && ok || bad "bulwark-enforce does not depend on bulwark"
# dlopen()ed libraries are invisible to dpkg-shlibdeps: debian/control names them.
for lib in libcryptsetup12 libblkid1 libmount1; do
        dpkg-deb -f "$deb" Depends | grep -q "$lib" && ok || bad "bulwark does not depend on $lib (dlopen()ed)"
done
# The daily timer is optional: the maintainer scripts start nothing and only
# re-enable it where the administrator had enabled it (dh_installsystemd --no-enable).
dpkg-deb -e "$deb" "$tmp/control"
grep -qx /etc/bulwark/policy.conf.example "$tmp/control/conffiles" && ok || bad "the example policy is not a conffile"
if grep -qs 'deb-systemd-invoke' "$tmp/control/postinst"; then bad "postinst starts a unit"; else ok; fi
[ "$(grep -c 'deb-systemd-helper enable' "$tmp/control/postinst")" = "$(grep -c 'was-enabled' "$tmp/control/postinst")" ] &&
        ok || bad "postinst enables the optional timer"

# bulwark runs from the package.
dpkg-deb -x "$deb" "$tmp/root"
# The example is the documented policy, and it compiles.
"$tmp/root/usr/bin/bulwark" firewall compile --policy "$tmp/root/etc/bulwark/policy.conf.example" --policy-dir "$tmp/root/etc/bulwark/policy.d" >"$tmp/compiled" 2>&1 &&
        ok || bad "the example policy does not compile: $(head -5 "$tmp/compiled")"
rc=0
"$tmp/root/usr/bin/bulwark" assess --root "$src/tests/fixtures/minimal" --format summary >"$tmp/out" 2>&1 || rc=$?
case $rc in 0|1|3) ok ;; *) bad "packaged bulwark exited $rc: $(cat "$tmp/out")" ;; esac
grep -q '^bulwark: ' "$tmp/out" && ok || bad "packaged bulwark printed: $(cat "$tmp/out")"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
