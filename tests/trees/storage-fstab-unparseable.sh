#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: a hand-edited fstab line lost its fields ("/dev/sdb1 /srv").
# libmount (and so systemd-fstab-generator and mount -a) skips the line, but
# what the admin meant to mount there, and whether it is encrypted or swap,
# cannot be known: both checks must say so rather than pass.
# expect: data-at-rest-encrypted manual
# expect-text: data-at-rest-encrypted /etc/fstab line 6
# expect: swap-absent-or-encrypted manual
set -eu
printf '/dev/sdb1 /srv\n' >> "$1/etc/fstab"
