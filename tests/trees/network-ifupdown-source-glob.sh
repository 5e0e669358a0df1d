#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: /etc/network/interfaces says "source /etc/network/interfaces.d/*.iface"
# and /etc/network/interfaces.d/wan.iface holds "allow-hotplug eth3" /
# "iface eth3 inet dhcp". ifupdown is installed, so its udev rule runs
# ifup@eth3.service when eth3 appears at boot (coldplug), starting a DHCPv4
# client (/sbin/dhclient is installed) on UDP 68; the drop of udp/68 does
# not reach its packet socket.
# expect: dhcp-client-port-closed fail
# expect-text: dhcp-client-port-closed allow-hotplug
set -eu
t=$1
mkdir -p "$t/etc/network/interfaces.d"
printf '\nsource /etc/network/interfaces.d/*.iface\n' >> "$t/etc/network/interfaces"
printf 'allow-hotplug eth3\niface eth3 inet dhcp\n' > "$t/etc/network/interfaces.d/wan.iface"
mkdir -p "$t/sbin"
printf '#!/bin/sh\n' > "$t/sbin/dhclient"
chmod 755 "$t/sbin/dhclient"
