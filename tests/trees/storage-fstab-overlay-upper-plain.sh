#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: fstab mounts an overlay over the read-only /opt/app whose upper
# dir lies on a plain /data partition. Everything the application writes
# under /opt/app lands in /data/app-upper, unencrypted.
# expect: data-at-rest-encrypted fail
# expect-text: data-at-rest-encrypted upper dir of the overlay on /opt/app
set -eu
mkdir -p "$1/data" "$1/opt/app"
cat >> "$1/etc/fstab" <<'FSTAB'
/dev/disk/by-partlabel/data /data ext4 nodev,nosuid 0 2
overlay /opt/app overlay lowerdir=/opt/app,upperdir=/data/app-upper,workdir=/data/app-work 0 0
FSTAB
