#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the crypt hook's env also names a data partition (format mode)
# that no fstab line mentions; the hook is installed, so the initramfs
# formats it as LUKS2 on first boot, seals the key in the TPM and mounts it
# on /data. /data counts as encrypted by the hook.
# expect: data-at-rest-encrypted pass
# expect-text: data-at-rest-encrypted /data
set -eu
mkdir -p "$1/data"
printf 'PARTITIONS="var:/var:reencrypt home:/home:reencrypt data:/data:format"\n' > "$1/usr/share/encrypt_partition/encrypt_partition.env"
