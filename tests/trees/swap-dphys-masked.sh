#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation (none harmful at boot): dphys-swapfile installed and its
# service linked into multi-user.target.wants, but masked in /etc: systemd
# loads no unit of that name, so no swap file is made at boot.
# expect: swap-absent-or-encrypted pass
set -eu
mkdir -p "$1/data" "$1/sbin" "$1/etc/systemd/system/multi-user.target.wants"
printf '/dev/disk/by-partlabel/data /data ext4 nodev,nosuid 0 2\n' >> "$1/etc/fstab"
printf '#!/bin/sh\n' > "$1/sbin/dphys-swapfile"
chmod 0755 "$1/sbin/dphys-swapfile"
printf 'CONF_SWAPFILE=/data/swap\n' > "$1/etc/dphys-swapfile"
printf '[Service]\nType=oneshot\nExecStart=/sbin/dphys-swapfile swapon\n\n[Install]\nWantedBy=multi-user.target\n' > "$1/lib/systemd/system/dphys-swapfile.service"
ln -s /lib/systemd/system/dphys-swapfile.service "$1/etc/systemd/system/multi-user.target.wants/dphys-swapfile.service"
ln -s /dev/null "$1/etc/systemd/system/dphys-swapfile.service"
