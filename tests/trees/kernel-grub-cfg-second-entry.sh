#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: grub-efi-amd64 is the loader; grub.cfg's first menu entry boots
# with init_on_free=0 (a debugging entry left first), the second one with
# init_on_free=1, and set default="0". GRUB boots the first entry: init_on_free
# is explicitly off, whatever the kernel config says: fail.
# expect: init-on-free fail
# expect-text: init-on-free disabled on the command line
set -eu
rm -f "$1/etc/kernel/cmdline"
mkdir -p "$1/boot/grub"
cat > "$1/boot/grub/grub.cfg" <<'X'
set default="0"
menuentry 'debug' {
	linux /boot/vmlinuz root=/dev/sda2 ro init_on_free=0 -- init_on_free=1
}
menuentry 'Debian' {
	linux /boot/vmlinuz root=/dev/sda2 ro init_on_free=1
}
X
printf 'Package: grub-efi-amd64\nStatus: install ok installed\nPriority: optional\nArchitecture: amd64\nVersion: 2.06-13\nDescription: grub\n\n' >> "$1/var/lib/dpkg/status"
