#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Not a DHCP device, although a dhcp stanza is brought up at boot:
# /etc/network/interfaces.d/uplink says "auto eth0" / "iface eth0 inet dhcp"
# (read through "source-directory interfaces.d"), but no DHCP client is
# installed (no dhclient, pump, udhcpc or dhcpcd in /sbin or /usr/sbin, no
# package of one). ifup's dhcp method then runs
# "echo 'No DHCP client software found!' >&2; false" (ifup -n shows it) and
# eth0 gets no address: nothing listens on UDP 68.
# expect: dhcp-client-port-closed pass
# expect-text: dhcp-client-port-closed No DHCP client software found
set -eu
t=$1
mkdir -p "$t/etc/network/interfaces.d"
printf '\nsource-directory interfaces.d\n' >> "$t/etc/network/interfaces"
printf 'auto eth0\niface eth0 inet dhcp\n' > "$t/etc/network/interfaces.d/uplink"
