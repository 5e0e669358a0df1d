#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Not a DHCPv4 device although networkd runs DHCP: the vendor file
# /lib/systemd/network/80-wired.network says DHCP=yes, but
# /etc/systemd/network/80-wired.network has the same name and so replaces it
# entirely (systemd.network(5): files in /etc override same-named files in
# /run and /lib), and it says DHCP=ipv6: only the DHCPv6 client, on UDP 546.
# Another file's drop-in sets DHCP=IPv4, which networkd does not parse (the
# address-family table compares exactly) and ignores, keeping DHCP=no. No
# DHCPv4 client starts at boot: UDP 68 is closed.
# expect: dhcp-client-port-closed pass
# expect-text: dhcp-client-port-closed DHCPv6 only
set -eu
t=$1
mkdir -p "$t/lib/systemd/network" "$t/etc/systemd/network/90-other.network.d"
cat > "$t/lib/systemd/system/systemd-networkd.service" <<'UNIT'
[Service]
ExecStart=/lib/systemd/systemd-networkd
[Install]
WantedBy=multi-user.target
UNIT
ln -s /lib/systemd/system/systemd-networkd.service "$t/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"
printf '[Match]\nType=ether\n[Network]\nDHCP=yes\n' > "$t/lib/systemd/network/80-wired.network"
printf '[Match]\nType=ether\n[Network]\nDHCP=ipv6\n' > "$t/etc/systemd/network/80-wired.network"
printf '[Match]\nName=eth9\n[Network]\nDHCP=no\n' > "$t/etc/systemd/network/90-other.network"
printf '[Network]\nDHCP=IPv4\n' > "$t/etc/systemd/network/90-other.network.d/dhcp.conf"
