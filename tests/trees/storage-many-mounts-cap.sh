#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation (hostile): fstab lists 600 read-only squashfs mounts (app images).
# Bulwark judges at most 512 file systems; the rest are not looked at, so
# the check cannot claim them: a cap that truncates input gives error.
# expect: data-at-rest-encrypted error
# expect-text: data-at-rest-encrypted DATA_MOUNTS_MAX
set -eu
i=0
while [ "$i" -lt 600 ]; do
	printf '/opt/images/app%d.squashfs /opt/app%d squashfs ro,loop 0 0\n' "$i" "$i"
	i=$((i + 1))
done >> "$1/etc/fstab"
