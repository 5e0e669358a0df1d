#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation (none harmful at boot): the same SysV dphys-swapfile, disabled
# with update-rc.d disable: its links are K links, so
# systemd-sysv-generator pulls nothing in and no swap file is made.
# expect: swap-absent-or-encrypted pass
set -eu
mkdir -p "$1/data" "$1/sbin" "$1/etc/init.d"
printf '/dev/disk/by-partlabel/data /data ext4 nodev,nosuid 0 2\n' >> "$1/etc/fstab"
printf '#!/bin/sh\n' > "$1/sbin/dphys-swapfile"
chmod 0755 "$1/sbin/dphys-swapfile"
printf 'CONF_SWAPFILE=/data/swap\n' > "$1/etc/dphys-swapfile"
printf '#!/bin/sh\n/sbin/dphys-swapfile swapon\n' > "$1/etc/init.d/dphys-swapfile"
chmod 0755 "$1/etc/init.d/dphys-swapfile"
for rl in 2 3 4 5; do
	mkdir -p "$1/etc/rc$rl.d"
	ln -s ../init.d/dphys-swapfile "$1/etc/rc$rl.d/K01dphys-swapfile"
done
