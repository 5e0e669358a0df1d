#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation (none harmful): swap on a dm-crypt mapping that crypttab sets up
# each boot with a fresh random key (/dev/urandom, the swap option). The
# pages on the partition cannot be read after power-off.
# expect: swap-absent-or-encrypted pass
# expect-text: swap-absent-or-encrypted /dev/mapper/cswap
set -eu
printf 'cswap /dev/disk/by-partlabel/swap /dev/urandom swap,cipher=aes-xts-plain64,size=512\n' > "$1/etc/crypttab"
printf '/dev/mapper/cswap none swap sw 0 0\n' >> "$1/etc/fstab"
