#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: an EFI Boot Guard device whose boot partition is mounted in the
# tree (BGENV.DAT and a unified kernel image linux.efi under /boot/efi), the
# layout isar-cip-core's efibootguard-boot wic plugin writes. The kernel
# arguments live in the binary environment and the image's .cmdline section,
# which the assessment does not read; /etc/kernel/cmdline (kept by the fixture,
# an input of kernel-install) is not what the loader passes. Manual.
# expect: init-on-free manual
# expect-text: init-on-free BGENV.DAT
set -eu
mkdir -p "$1/boot/efi/EFI/BOOT"
printf 'not a real environment\n' > "$1/boot/efi/BGENV.DAT"
printf 'MZ not a real image\n' > "$1/boot/efi/linux.efi"
