#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation (none harmful): fstab has no line for /, as on images whose
# initramfs mounts the root; the boot loader (systemd-boot, one Type #1
# entry) passes "ro", so the root stays read-only (systemd-remount-fs only
# remounts what fstab names), and /var and /home are encrypted by the
# installed crypt hook.
# expect: data-at-rest-encrypted pass
# expect-text: data-at-rest-encrypted mounted ro as the kernel command line says
set -eu
sed -i '/[[:space:]]\/[[:space:]]/d' "$1/etc/fstab"
mkdir -p "$1/boot/efi/loader/entries" "$1/boot/efi/EFI/systemd"
printf 'MZ\n' > "$1/boot/efi/EFI/systemd/systemd-bootx64.efi"
printf 'title CIP\nlinux /vmlinuz\noptions root=/dev/disk/by-partlabel/root ro rootwait init_on_free=1\n' \
        > "$1/boot/efi/loader/entries/cip.conf"
