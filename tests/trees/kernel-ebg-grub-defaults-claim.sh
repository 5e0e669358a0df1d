#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: a CIP-style EFI Boot Guard device (efibootguard's tools are
# installed) also carries an /etc/default/grub naming init_on_free=1. EFI Boot
# Guard starts the kernel with the kernelparams of its environment
# (BGENV.DAT on BOOT0/BOOT1) or the .cmdline of the signed unified kernel
# image; neither is in the root tree, and GRUB's defaults are read by nobody.
# The command line is unknown offline: manual, naming EFI Boot Guard.
# expect: init-on-free manual
# expect-text: init-on-free EFI Boot Guard
set -eu
rm -f "$1/etc/kernel/cmdline"
mkdir -p "$1/etc/default" "$1/usr/bin"
printf 'GRUB_CMDLINE_LINUX="init_on_free=1"\n' > "$1/etc/default/grub"
printf '#!/bin/sh\nexit 0\n' > "$1/usr/bin/bg_setenv"
chmod 755 "$1/usr/bin/bg_setenv"
printf 'Package: efibootguard\nStatus: install ok installed\nPriority: optional\nArchitecture: amd64\nVersion: 0.16-1\nDescription: efibootguard\n\n' >> "$1/var/lib/dpkg/status"
