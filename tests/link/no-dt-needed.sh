#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# libcryptsetup, libblkid, libmount and libext2fs are dlopen()ed on first use
# (src/basic/*-dl.c), so `bulwark firewall apply` or `bulwark scan` does not
# pay for loading them and their dependency chain. Fails when a binary linked
# with libbulwark records one of them (or the chain behind libcryptsetup) as
# DT_NEEDED again, e.g. after a plain `dependencies : dep_cryptsetup`.
#   no-dt-needed.sh ELF...
set -eu
command -v readelf >/dev/null || { echo "readelf (binutils) missing: skipped"; exit 77; }

fail=0
for elf in "$@"; do
        needed=$(readelf -d "$elf" | sed -n 's/.*(NEEDED).*Shared library: \[\(.*\)\]/\1/p')
        # Control: the list was read at all (every one of them needs libc).
        if ! echo "$needed" | grep -q '^libc\.so\.'; then
                echo "FAIL: no DT_NEEDED read from $elf (readelf output changed?)"; fail=1
                continue
        fi
        for lib in libcryptsetup libblkid libmount libext2fs libcom_err libdevmapper libargon2 libjson-c; do
                if echo "$needed" | grep -q "^$lib\.so"; then
                        echo "FAIL: $elf has DT_NEEDED $(echo "$needed" | grep "^$lib\.so"): it must be dlopen()ed"; fail=1
                else
                        echo "ok - $(basename "$elf") does not link $lib at start-up"
                fi
        done
done
exit $fail
