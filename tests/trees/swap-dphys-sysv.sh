#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: dphys-swapfile as Raspberry Pi OS once shipped it, a SysV init
# script with no unit file, started by its S link in /etc/rc2.d..rc5.d.
# systemd-sysv-generator turns it into dphys-swapfile.service and starts it
# at boot; the swap file /data/swap sits on a plain /data partition.
# expect: swap-absent-or-encrypted fail
# expect-text: swap-absent-or-encrypted /data/swap
set -eu
mkdir -p "$1/data" "$1/sbin" "$1/etc/init.d"
printf '/dev/disk/by-partlabel/data /data ext4 nodev,nosuid 0 2\n' >> "$1/etc/fstab"
printf '#!/bin/sh\n' > "$1/sbin/dphys-swapfile"
chmod 0755 "$1/sbin/dphys-swapfile"
printf 'CONF_SWAPFILE=/data/swap\n' > "$1/etc/dphys-swapfile"
printf '#!/bin/sh\n### BEGIN INIT INFO\n# Provides: dphys-swapfile\n# Default-Start: 2 3 4 5\n### END INIT INFO\n/sbin/dphys-swapfile swapon\n' > "$1/etc/init.d/dphys-swapfile"
chmod 0755 "$1/etc/init.d/dphys-swapfile"
for rl in 2 3 4 5; do
	mkdir -p "$1/etc/rc$rl.d"
	ln -s ../init.d/dphys-swapfile "$1/etc/rc$rl.d/S01dphys-swapfile"
done
