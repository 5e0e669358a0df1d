#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: an image built with isar-cip-core of 2023, whose crypt hook put
# its boot script in scripts/local-bottom instead of local-top. It is
# installed all the same (hook and script executable, env naming /var and
# /home), so the partitions are encrypted at first boot.
# expect: data-at-rest-encrypted pass
# expect-text: data-at-rest-encrypted local-bottom
set -eu
d="$1/usr/share/initramfs-tools/scripts"
mkdir -p "$d/local-bottom"
mv "$d/local-top/encrypt_partition" "$d/local-bottom/encrypt_partition"
