#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: an extra LUKS2 data volume is opened from crypttab with a key
# file kept on /boot, a plain ext4 partition (the bootloader must read it
# before any key exists). Whoever takes the disk reads the key from /boot
# and opens the volume: the data on it is not protected.
# expect: data-at-rest-encrypted fail
# expect-text: data-at-rest-encrypted /boot/keys/data.key
set -eu
mkdir -p "$1/data" "$1/boot/keys"
printf 'data UUID=0b5e7c1e-8d4f-4a43-9b39-2a7d6f1c9e01 /boot/keys/data.key luks\n' > "$1/etc/crypttab"
cat >> "$1/etc/fstab" <<'FSTAB'
/dev/disk/by-partlabel/boot /boot ext4 defaults 0 2
/dev/mapper/data /data ext4 nodev,nosuid 0 2
FSTAB
