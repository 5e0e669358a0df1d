#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: fstab has no line for /, and the boot loader (systemd-boot, one
# Type #1 entry) passes "rw": the kernel mounts the root read-write and
# nothing remounts it, so the unencrypted root file system holds run-time
# data; data at rest is not protected.
# expect: data-at-rest-encrypted fail
# expect-text: data-at-rest-encrypted mounted rw as the kernel command line says
set -eu
sed -i '/[[:space:]]\/[[:space:]]/d' "$1/etc/fstab"
mkdir -p "$1/boot/efi/loader/entries" "$1/boot/efi/EFI/systemd"
printf 'MZ\n' > "$1/boot/efi/EFI/systemd/systemd-bootx64.efi"
printf 'title CIP\nlinux /vmlinuz\noptions root=/dev/disk/by-partlabel/root rw rootwait init_on_free=1\n' \
        > "$1/boot/efi/loader/entries/cip.conf"
