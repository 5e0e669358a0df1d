#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the product adds a /data partition for recordings, in fstab,
# plain ext4. /var and /home stay encrypted by the crypt hook, but systemd
# mounts /data unencrypted at boot, so the recordings rest in clear.
# expect: data-at-rest-encrypted fail
# expect-text: data-at-rest-encrypted /data
set -eu
mkdir -p "$1/data"
printf '/dev/disk/by-partlabel/data /data ext4 nodev,nosuid 0 2\n' >> "$1/etc/fstab"
