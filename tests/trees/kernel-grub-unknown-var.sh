#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: GRUB (grub-pc) is the loader without grub.cfg; a grub.d file sets
# GRUB_CMDLINE_LINUX_DEFAULT from $BOARD_ARGS, a variable none of the files
# sets (it would come from the environment update-grub runs in, if at all).
# Undecided: manual.
# expect: init-on-free manual
set -eu
rm -f "$1/etc/kernel/cmdline"
mkdir -p "$1/etc/default/grub.d"
printf 'GRUB_CMDLINE_LINUX="init_on_free=1"\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\n' > "$1/etc/default/grub"
printf 'GRUB_CMDLINE_LINUX="$BOARD_ARGS"\n' > "$1/etc/default/grub.d/10-board.cfg"
printf 'Package: grub-pc\nStatus: install ok installed\nPriority: optional\nArchitecture: amd64\nVersion: 2.06-13\nDescription: grub\n\n' >> "$1/var/lib/dpkg/status"
