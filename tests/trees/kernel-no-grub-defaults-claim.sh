#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the device has no GRUB (no grub.cfg, no GRUB loader package, no
# GRUB EFI binary), yet a leftover /etc/default/grub claims init_on_free=1 and
# /etc/kernel/cmdline is gone. No loader on this device reads
# /etc/default/grub, so it says nothing about the command line the kernel
# boots with; the kernel configuration leaves init_on_free off by default.
# Nothing establishes init_on_free: the check must not pass.
# expect: init-on-free manual
# expect-text: init-on-free no boot loader configuration is in the tree
set -eu
rm -f "$1/etc/kernel/cmdline"
mkdir -p "$1/etc/default"
cat > "$1/etc/default/grub" <<'X'
GRUB_DEFAULT=0
GRUB_TIMEOUT=5
GRUB_CMDLINE_LINUX_DEFAULT="quiet init_on_free=1 init_on_alloc=1"
GRUB_CMDLINE_LINUX=""
X
