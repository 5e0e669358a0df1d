#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: systemd-boot with two Type #1 entries, one with init_on_free=1 and
# one without. Which entry boots is decided by loader.conf, the entries' sort
# keys and EFI variables (LoaderEntryDefault, one-shot entries); not evaluated
# offline, so the command line is unknown: manual, never the friendlier entry.
# expect: init-on-free manual
# expect-text: init-on-free pass different options
set -eu
rm -f "$1/etc/kernel/cmdline"
mkdir -p "$1/boot/efi/loader/entries" "$1/boot/efi/EFI/systemd"
printf 'MZ\n' > "$1/boot/efi/EFI/systemd/systemd-bootx64.efi"
printf 'title CIP\nlinux /vmlinuz\ninitrd /initrd.img\noptions root=/dev/sda2 ro init_on_free=1\n' > "$1/boot/efi/loader/entries/a-cip.conf"
printf 'title CIP (fallback)\nlinux /vmlinuz.old\noptions root=/dev/sda2 ro\n' > "$1/boot/efi/loader/entries/b-cip-old.conf"
