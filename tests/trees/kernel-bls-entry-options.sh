#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: systemd-boot with a single Type #1 entry whose options lack
# init_on_free, while /etc/kernel/cmdline (kernel-install's input, used only
# when an entry is next written) names it. The loader passes the entry's
# options; the kernel configuration does not enable it by default: fail.
# expect: init-on-free fail
set -eu
mkdir -p "$1/boot/efi/loader/entries" "$1/boot/efi/EFI/systemd"
printf 'MZ\n' > "$1/boot/efi/EFI/systemd/systemd-bootx64.efi"
printf 'title CIP\nlinux /vmlinuz\noptions root=/dev/sda2 ro\noptions console=ttyS0\n' > "$1/boot/efi/loader/entries/cip.conf"
