#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation (none harmful at boot): the same .swap unit, but not enabled (no
# link in swap.target.wants) and nothing else pulls it in: systemd does not
# activate it at boot.
# expect: swap-absent-or-encrypted pass
set -eu
u='dev-disk-by\x2dpartlabel-swap.swap'
printf '[Swap]\nWhat=/dev/disk/by-partlabel/swap\n\n[Install]\nWantedBy=swap.target\n' > "$1/etc/systemd/system/$u"
