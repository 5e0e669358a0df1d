#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the crypt hook encrypts only /home; /var is mounted from fstab
# straight off its partition as plain ext4. At boot systemd mounts
# /dev/disk/by-partlabel/var on /var unencrypted: everything written to /var
# (logs, the /etc overlay, application data) rests in clear on the disk.
# expect: data-at-rest-encrypted fail
# expect-text: data-at-rest-encrypted /var
# expect-req: "CR 4.1" fail
set -eu
printf 'PARTITIONS="home:/home:reencrypt"\n' > "$1/usr/share/encrypt_partition/encrypt_partition.env"
sed -i 's|^/dev/mapper/encrypted_var .*|/dev/disk/by-partlabel/var /var ext4 nodev,nosuid,noexec 0 2|' "$1/etc/fstab"
