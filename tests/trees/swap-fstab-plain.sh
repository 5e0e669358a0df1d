#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: fstab activates a swap partition by its partition label, with
# no crypttab mapping. At boot systemd-fstab-generator makes a .swap unit of
# the line and swap.target pulls it in: freed memory pages are written to
# the disk in clear.
# expect: swap-absent-or-encrypted fail
# expect-text: swap-absent-or-encrypted /dev/disk/by-partlabel/swap
set -eu
printf '/dev/disk/by-partlabel/swap none swap sw 0 0\n' >> "$1/etc/fstab"
