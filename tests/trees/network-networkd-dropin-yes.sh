#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: a vendor .network file in /lib/systemd/network says DHCP=no, and
# a drop-in /etc/systemd/network/80-wired.network.d/50-dhcp.conf says
# DHCP=yes. systemd.network(5): drop-ins in NAME.network.d/*.conf of every
# network directory are read after the file and override it; "yes" (any
# spelling parse_boolean takes; here "Yes") enables the DHCPv4 and DHCPv6
# clients. systemd-networkd.service is enabled, so at boot the DHCPv4 client
# runs on UDP 68, and the drop of udp/68 in the ruleset does not reach its
# packet socket.
# expect: dhcp-client-port-closed fail
# expect-text: dhcp-client-port-closed 50-dhcp.conf
set -eu
t=$1
mkdir -p "$t/lib/systemd/network" "$t/etc/systemd/network/80-wired.network.d"
cat > "$t/lib/systemd/system/systemd-networkd.service" <<'UNIT'
[Unit]
Description=Network Configuration
[Service]
ExecStart=/lib/systemd/systemd-networkd
[Install]
WantedBy=multi-user.target
UNIT
ln -s /lib/systemd/system/systemd-networkd.service "$t/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"
printf '[Match]\nType=ether\n\n[Network]\nDHCP=no\n' > "$t/lib/systemd/network/80-wired.network"
printf '[Network]\nDHCP=Yes\n' > "$t/etc/systemd/network/80-wired.network.d/50-dhcp.conf"
