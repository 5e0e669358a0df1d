#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: a .swap unit in /etc, enabled into swap.target, activates a
# plain partition at boot; fstab has no swap line.
# expect: swap-absent-or-encrypted fail
# expect-text: swap-absent-or-encrypted /dev/disk/by-partlabel/swap
set -eu
u='dev-disk-by\x2dpartlabel-swap.swap'
mkdir -p "$1/etc/systemd/system/swap.target.wants"
printf '[Swap]\nWhat=/dev/disk/by-partlabel/swap\n\n[Install]\nWantedBy=swap.target\n' > "$1/etc/systemd/system/$u"
ln -s "../$u" "$1/etc/systemd/system/swap.target.wants/$u"
