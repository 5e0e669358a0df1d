#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation (none harmful): dphys-swapfile enabled with its default
# /var/swap, and /var is encrypted by the installed crypt hook: the swap
# file's blocks are inside the LUKS2 volume.
# expect: swap-absent-or-encrypted pass
# expect-text: swap-absent-or-encrypted /var/swap
set -eu
mkdir -p "$1/sbin" "$1/etc/systemd/system/multi-user.target.wants"
printf '#!/bin/sh\n' > "$1/sbin/dphys-swapfile"
chmod 0755 "$1/sbin/dphys-swapfile"
printf 'CONF_SWAPSIZE=256\n' > "$1/etc/dphys-swapfile"
printf '[Service]\nType=oneshot\nExecStart=/sbin/dphys-swapfile swapon\n\n[Install]\nWantedBy=multi-user.target\n' > "$1/lib/systemd/system/dphys-swapfile.service"
ln -s /lib/systemd/system/dphys-swapfile.service "$1/etc/systemd/system/multi-user.target.wants/dphys-swapfile.service"
