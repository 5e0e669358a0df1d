#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the installed crypt hook's env lists a data partition with mode
# noencrypt: the initramfs mounts it on /data as it is, without LUKS. The
# data written there rests in clear.
# expect: data-at-rest-encrypted fail
# expect-text: data-at-rest-encrypted /data
set -eu
mkdir -p "$1/data"
printf 'PARTITIONS="var:/var:reencrypt home:/home:reencrypt data:/data:noencrypt"\n' > "$1/usr/share/encrypt_partition/encrypt_partition.env"
