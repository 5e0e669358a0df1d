#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation (none harmful): a kiosk-like image without the crypt hook: the
# root is read-only, /var and /home are tmpfs, nothing else is mounted. No
# file system keeps data across power-off, so nothing rests unencrypted.
# expect: data-at-rest-encrypted pass
# expect-text: data-at-rest-encrypted in memory, nothing persists
set -eu
rm -f "$1/usr/share/initramfs-tools/hooks/encrypt_partition" \
      "$1/usr/share/initramfs-tools/scripts/local-top/encrypt_partition" \
      "$1/usr/share/encrypt_partition/encrypt_partition.env"
sed -i 's|^/dev/mapper/encrypted_var .*|tmpfs /var tmpfs nodev,nosuid,size=64m 0 0|; s|^/dev/mapper/encrypted_home .*|tmpfs /home tmpfs nodev,nosuid 0 0|' "$1/etc/fstab"
