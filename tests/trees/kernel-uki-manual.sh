#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: systemd-boot starts a unified kernel image from the ESP
# (/boot/efi/EFI/Linux/*.efi, no Type #1 entry). The command line is the
# image's .cmdline section, built from /etc/kernel/cmdline at some past time
# or from elsewhere; the assessment does not read PE sections, so the command
# line is unknown offline: manual.
# expect: init-on-free manual
# expect-text: init-on-free unified kernel image
set -eu
mkdir -p "$1/boot/efi/EFI/Linux" "$1/boot/efi/EFI/systemd"
printf 'MZ not a real image\n' > "$1/boot/efi/EFI/Linux/debian-6.1.0-cip-amd64.efi"
printf 'MZ not a real loader\n' > "$1/boot/efi/EFI/systemd/systemd-bootx64.efi"
