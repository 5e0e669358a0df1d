#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: zram-tools with zramswap.service enabled: at boot it sets up
# /dev/zram0 as swap in compressed RAM. Nothing reaches storage.
# expect: swap-absent-or-encrypted pass
# expect-text: swap-absent-or-encrypted zram
set -eu
mkdir -p "$1/usr/sbin" "$1/etc/default" "$1/etc/systemd/system/multi-user.target.wants"
printf '#!/bin/sh\n' > "$1/usr/sbin/zramswap"
chmod 0755 "$1/usr/sbin/zramswap"
printf 'ALGO=zstd\nPERCENT=50\n' > "$1/etc/default/zramswap"
printf '[Service]\nType=oneshot\nExecStart=/usr/sbin/zramswap start\nRemainAfterExit=yes\n\n[Install]\nWantedBy=multi-user.target\n' > "$1/lib/systemd/system/zramswap.service"
ln -s /lib/systemd/system/zramswap.service "$1/etc/systemd/system/multi-user.target.wants/zramswap.service"
