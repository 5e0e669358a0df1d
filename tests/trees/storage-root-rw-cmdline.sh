#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: fstab has no line for / and the kernel command line says "rw":
# the initramfs mounts the plain root partition read-write and
# systemd-remount-fs leaves it so. Whatever is written outside /var and
# /home (/root, /srv, /opt) rests in clear.
# expect: data-at-rest-encrypted fail
# expect-text: data-at-rest-encrypted mounted rw as the kernel command line says
set -eu
sed -i '/[[:space:]]\/[[:space:]]/d' "$1/etc/fstab"
sed -i 's/ ro / rw /' "$1/etc/kernel/cmdline"
