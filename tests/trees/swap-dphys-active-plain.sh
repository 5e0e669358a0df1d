#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: dphys-swapfile is installed and its service enabled; its
# config keeps the default swap file /var/swap, and /var is a plain
# partition (the crypt hook encrypts only /home). At boot the service
# creates and enables /var/swap: pages reach the disk in clear.
# expect: swap-absent-or-encrypted fail
# expect-text: swap-absent-or-encrypted /var/swap
set -eu
printf 'PARTITIONS="home:/home:reencrypt"\n' > "$1/usr/share/encrypt_partition/encrypt_partition.env"
sed -i 's|^/dev/mapper/encrypted_var .*|/dev/disk/by-partlabel/var /var ext4 nodev,nosuid 0 2|' "$1/etc/fstab"
mkdir -p "$1/sbin" "$1/etc/systemd/system/multi-user.target.wants"
printf '#!/bin/sh\n# dphys-swapfile (stub of the program)\n' > "$1/sbin/dphys-swapfile"
chmod 0755 "$1/sbin/dphys-swapfile"
printf '# /etc/dphys-swapfile\nCONF_SWAPSIZE=1024\n' > "$1/etc/dphys-swapfile"
printf '[Unit]\nDescription=dphys-swapfile\n\n[Service]\nType=oneshot\nExecStart=/sbin/dphys-swapfile setup\nExecStart=/sbin/dphys-swapfile swapon\nRemainAfterExit=yes\n\n[Install]\nWantedBy=multi-user.target\n' > "$1/lib/systemd/system/dphys-swapfile.service"
ln -s /lib/systemd/system/dphys-swapfile.service "$1/etc/systemd/system/multi-user.target.wants/dphys-swapfile.service"
