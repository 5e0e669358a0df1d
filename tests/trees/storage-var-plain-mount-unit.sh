#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the crypt hook encrypts only /home; /var is not in fstab but
# mounted by a var.mount unit the admin enabled (linked into
# local-fs.target.wants), What= the plain partition. systemd starts the unit
# at boot, so /var is plain ext4 on disk.
# expect: data-at-rest-encrypted fail
# expect-text: data-at-rest-encrypted var.mount
set -eu
printf 'PARTITIONS="home:/home:reencrypt"\n' > "$1/usr/share/encrypt_partition/encrypt_partition.env"
sed -i '/^\/dev\/mapper\/encrypted_var /d' "$1/etc/fstab"
mkdir -p "$1/etc/systemd/system/local-fs.target.wants"
cat > "$1/etc/systemd/system/var.mount" <<'UNIT'
[Unit]
Description=Variable data

[Mount]
What=/dev/disk/by-partlabel/var
Where=/var
Type=ext4
Options=nodev,nosuid

[Install]
WantedBy=local-fs.target
UNIT
ln -s ../var.mount "$1/etc/systemd/system/local-fs.target.wants/var.mount"
