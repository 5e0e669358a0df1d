#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: GRUB (grub-pc) is the loader, no grub.cfg yet; /etc/default/grub
# leaves init_on_free out, and a grub.d drop-in appends it to the value before
# ("$GRUB_CMDLINE_LINUX ..."), in single-quoted and escaped spellings sh
# accepts. As sh sources the files, the command line carries init_on_free=1:
# the kernel zeroes freed memory.
# expect: init-on-free pass
set -eu
rm -f "$1/etc/kernel/cmdline"
mkdir -p "$1/etc/default/grub.d"
cat > "$1/etc/default/grub" <<'X'
GRUB_DEFAULT=0
export GRUB_TIMEOUT=5
GRUB_CMDLINE_LINUX_DEFAULT='quiet'
GRUB_CMDLINE_LINUX="console=ttyS0,115200"
X
printf 'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX init_on_free=1" GRUB_X=1\nGRUB_CMDLINE_LINUX_DEFAULT="${GRUB_CMDLINE_LINUX_DEFAULT} init_on_alloc\\=1"\n' > "$1/etc/default/grub.d/90-hardening.cfg"
printf 'GRUB_CMDLINE_LINUX="init_on_free=0"\n' > "$1/etc/default/grub.d/95-ignored.conf"
printf 'Package: grub-pc\nStatus: install ok installed\nPriority: optional\nArchitecture: amd64\nVersion: 2.06-13\nDescription: grub\n\n' >> "$1/var/lib/dpkg/status"
