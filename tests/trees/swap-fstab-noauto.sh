#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation (none harmful at boot): a plain swap line with noauto. Neither
# swapon -a nor swap.target activates it, so nothing pages out at boot.
# expect: swap-absent-or-encrypted pass
# expect-text: swap-absent-or-encrypted noauto
set -eu
printf '/dev/disk/by-partlabel/swap none swap noauto 0 0\n' >> "$1/etc/fstab"
