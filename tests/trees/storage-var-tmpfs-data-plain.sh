#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: as the read-only kiosk (root ro, /var and /home tmpfs), but the
# application keeps its database on a plain /srv partition from fstab: that
# one persists unencrypted.
# expect: data-at-rest-encrypted fail
# expect-text: data-at-rest-encrypted /srv
set -eu
rm -f "$1/usr/share/initramfs-tools/hooks/encrypt_partition" \
      "$1/usr/share/initramfs-tools/scripts/local-top/encrypt_partition" \
      "$1/usr/share/encrypt_partition/encrypt_partition.env"
sed -i 's|^/dev/mapper/encrypted_var .*|tmpfs /var tmpfs nodev,nosuid,size=64m 0 0|; s|^/dev/mapper/encrypted_home .*|tmpfs /home tmpfs nodev,nosuid 0 0|' "$1/etc/fstab"
printf 'LABEL=srv /srv ext4 defaults 0 2\n' >> "$1/etc/fstab"
