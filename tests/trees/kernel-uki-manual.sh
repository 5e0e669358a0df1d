#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: a unified kernel image on the ESP (/boot/efi/EFI/Linux) whose
# .cmdline names init_on_free=1, but no systemd-boot: the firmware starts the
# image from one of its boot entries, and such an entry can pass load options
# that replace .cmdline when Secure Boot is off. The boot entries are EFI
# variables, not in the tree: the command line is unknown offline, manual.
# expect: init-on-free manual
# expect-text: init-on-free not started by systemd-boot
set -eu
mkdir -p "$1/boot/efi/EFI/Linux"
# A minimal PE image with .osrel and .cmdline sections (objdump -h reads it).
printf '\115\132\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\100\000\000\000\120\105\000\000\144\206\002\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\042\000\056\157\163\162\145\154\000\000\012\000\000\000\000\020\000\000\012\000\000\000\250\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\100\000\000\100\056\143\155\144\154\151\156\145\107\000\000\000\000\020\000\000\107\000\000\000\262\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\100\000\000\100\111\104\075\144\145\142\151\141\156\012\162\157\157\164\075\120\101\122\124\114\101\102\105\114\075\163\171\163\164\145\155\141\040\162\157\040\151\156\151\164\137\157\156\137\146\162\145\145\075\061\040\151\156\151\164\137\157\156\137\141\154\154\157\143\075\061\040\143\157\156\163\157\154\145\075\164\164\171\123\060\000' > "$1/boot/efi/EFI/Linux/debian-6.1.0-cip-amd64.efi"
