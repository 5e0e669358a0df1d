#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: encrypt_partition.env is in the image (a leftover of the
# recipe's configuration) but the initramfs hook and its script are not:
# initramfs-tools builds nothing that encrypts or opens the partitions.
# fstab names /dev/mapper/encrypted_var, which nothing creates, and no
# crypttab entry does either: whether /var is encrypted is not shown.
# expect: data-at-rest-encrypted not pass
# expect-text: data-at-rest-encrypted the crypt hook is not installed
set -eu
rm -f "$1/usr/share/initramfs-tools/hooks/encrypt_partition" \
      "$1/usr/share/initramfs-tools/scripts/local-top/encrypt_partition"
