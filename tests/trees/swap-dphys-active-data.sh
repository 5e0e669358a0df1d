#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: dphys-swapfile enabled with CONF_SWAPFILE=/data/swapfile on a
# plain /data partition from fstab: the swap file lies unencrypted on disk.
# expect: swap-absent-or-encrypted fail
# expect-text: swap-absent-or-encrypted /data/swapfile
set -eu
mkdir -p "$1/data" "$1/usr/sbin" "$1/etc/systemd/system/multi-user.target.wants"
printf '/dev/disk/by-partlabel/data /data ext4 nodev,nosuid 0 2\n' >> "$1/etc/fstab"
printf '#!/bin/sh\n' > "$1/usr/sbin/dphys-swapfile"
chmod 0755 "$1/usr/sbin/dphys-swapfile"
printf 'CONF_SWAPFILE="/data/swapfile"\nCONF_SWAPSIZE=512\n' > "$1/etc/dphys-swapfile"
printf '[Service]\nType=oneshot\nExecStart=/usr/sbin/dphys-swapfile setup\n\n[Install]\nWantedBy=multi-user.target\n' > "$1/lib/systemd/system/dphys-swapfile.service"
ln -s /lib/systemd/system/dphys-swapfile.service "$1/etc/systemd/system/multi-user.target.wants/dphys-swapfile.service"
