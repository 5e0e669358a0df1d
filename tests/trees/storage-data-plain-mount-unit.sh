#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: a vendor package ships data.mount in /lib/systemd/system with
# WantedBy=local-fs.target, enabled (the link is in /etc). It mounts a
# plain XFS partition on /data at boot: its contents rest in clear.
# expect: data-at-rest-encrypted fail
# expect-text: data-at-rest-encrypted /data
set -eu
mkdir -p "$1/data" "$1/etc/systemd/system/local-fs.target.wants"
cat > "$1/lib/systemd/system/data.mount" <<'UNIT'
[Mount]
What=UUID=3f1c2a55-5b1e-4d8e-9d61-0c3e6a2b7f10
Where=/data
Type=xfs

[Install]
WantedBy=local-fs.target
UNIT
ln -s /lib/systemd/system/data.mount "$1/etc/systemd/system/local-fs.target.wants/data.mount"
