#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: GRUB (grub-pc) is the loader without a generated grub.cfg, and
# /etc/default/grub builds the command line from a command substitution
# (the output of a program at update-grub time). Its value cannot be known
# from the tree: manual, not a pass for the init_on_free written after it.
# expect: init-on-free manual
# expect-text: init-on-free command substitution
set -eu
rm -f "$1/etc/kernel/cmdline"
mkdir -p "$1/etc/default"
printf 'GRUB_CMDLINE_LINUX="$(cat /etc/board-cmdline) init_on_free=1"\n' > "$1/etc/default/grub"
printf 'Package: grub-pc\nStatus: install ok installed\nPriority: optional\nArchitecture: amd64\nVersion: 2.06-13\nDescription: grub\n\n' >> "$1/var/lib/dpkg/status"
