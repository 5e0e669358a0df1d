#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: /etc/network/interfaces ends with "source-directory interfaces.d"
# (relative: interfaces(5) resolves it against /etc/network), and
# /etc/network/interfaces.d/uplink holds "auto eth0" / "iface eth0 inet dhcp".
# networking.service is enabled and runs ifup -a, which brings eth0 up with a
# DHCPv4 client (/sbin/dhclient is installed; UDP 68). Its packet socket is
# not filtered by the ruleset's drop of udp/68. Oracle: ifup -n -a -i on this
# file lists eth0 with its DHCP client (ifupdown 0.8.41).
# expect: dhcp-client-port-closed fail
# expect-text: dhcp-client-port-closed interfaces.d/uplink
set -eu
t=$1
mkdir -p "$t/etc/network/interfaces.d"
printf '\nsource-directory interfaces.d\n' >> "$t/etc/network/interfaces"
printf 'auto eth0\niface eth0 inet dhcp\n' > "$t/etc/network/interfaces.d/uplink"
mkdir -p "$t/sbin"
printf '#!/bin/sh\n' > "$t/sbin/dhclient"
chmod 755 "$t/sbin/dhclient"
