#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: GRUB (grub-efi-amd64) is the loader and no grub.cfg is generated
# yet; /etc/default/grub names init_on_free=1, but a grub.d file that
# grub-mkconfig sources after it (as cloud images ship) reassigns
# GRUB_CMDLINE_LINUX_DEFAULT without it. The last assignment wins, so the
# kernel boots without init_on_free (and the kernel config leaves it off): fail.
# expect: init-on-free fail
set -eu
rm -f "$1/etc/kernel/cmdline"
mkdir -p "$1/etc/default/grub.d"
cat > "$1/etc/default/grub" <<'X'
GRUB_DEFAULT=0
GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`
GRUB_CMDLINE_LINUX_DEFAULT="quiet init_on_free=1"
GRUB_CMDLINE_LINUX=""
X
printf '# set by the image builder\nGRUB_CMDLINE_LINUX_DEFAULT="console=ttyS0 quiet"\n' > "$1/etc/default/grub.d/50-cloudimg-settings.cfg"
printf 'Package: grub-efi-amd64\nStatus: install ok installed\nPriority: optional\nArchitecture: amd64\nVersion: 2.06-13\nDescription: grub\n\n' >> "$1/var/lib/dpkg/status"
