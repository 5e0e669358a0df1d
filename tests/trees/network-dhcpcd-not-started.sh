#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Not a DHCP device: dhcpcd is installed (dhcpcd.service in /lib, its
# /etc/dhcpcd.conf present) but the unit is not enabled and nothing pulls it
# in, and NetworkManager's unit is installed but masked (a link to /dev/null
# in /etc), so it never starts either. No DHCPv4 client starts at boot.
# expect: dhcp-client-port-closed pass
set -eu
t=$1
printf '[Service]\nExecStart=/usr/sbin/dhcpcd -q -b\n[Install]\nWantedBy=multi-user.target\n' > "$t/lib/systemd/system/dhcpcd.service"
printf 'hostname\n' > "$t/etc/dhcpcd.conf"
printf '[Service]\nExecStart=/usr/sbin/NetworkManager --no-daemon\n[Install]\nWantedBy=multi-user.target\n' > "$t/lib/systemd/system/NetworkManager.service"
ln -s /dev/null "$t/etc/systemd/system/NetworkManager.service"
