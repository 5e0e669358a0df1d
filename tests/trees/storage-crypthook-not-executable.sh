#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the crypt hook's boot script lost its execute bit (a rootfs
# overlay copied it 0644). initramfs-tools passes over scripts that are not
# executable, so at boot nothing encrypts or opens the partitions the env
# names; the hook is not in effect and its partitions do not count.
# expect: data-at-rest-encrypted not pass
# expect-text: data-at-rest-encrypted the crypt hook is not installed
set -eu
chmod 0644 "$1/usr/share/initramfs-tools/scripts/local-top/encrypt_partition"
