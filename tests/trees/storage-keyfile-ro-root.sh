#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the key file of a crypttab volume is baked into the image under
# /etc/keys on the read-only, unencrypted root file system. Read-only does
# not hide it: anyone with the image or the disk reads the key and opens the
# volume, so its data is not protected.
# expect: data-at-rest-encrypted fail
# expect-text: data-at-rest-encrypted /etc/keys/data.key
set -eu
mkdir -p "$1/data" "$1/etc/keys"
printf 'data /dev/disk/by-partlabel/data /etc/keys/data.key luks,discard\n' > "$1/etc/crypttab"
printf '/dev/mapper/data /data ext4 nodev,nosuid 0 2\n' >> "$1/etc/fstab"
