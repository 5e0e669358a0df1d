#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the image moves eth1 from ifupdown to systemd-networkd with
# DHCP=ipv4 and enables systemd-networkd.service. systemd.network(5): DHCP=
# "Enables DHCPv4 and/or DHCPv6 client support"; "ipv4" is the DHCPv4 client,
# which binds UDP 68. At boot multi-user.target pulls in systemd-networkd,
# which runs that client on eth1. The boot ruleset still drops udp dport 68,
# but networkd's DHCPv4 client receives on an AF_PACKET socket, which sees
# frames before netfilter: the port is open to what arrives on eth1.
# expect: dhcp-client-port-closed fail
# expect-text: dhcp-client-port-closed DHCP=ipv4
# expect-text: dhcp-client-port-closed packet socket
set -eu
t=$1
mkdir -p "$t/etc/systemd/network" "$t/lib/systemd/system"
cat > "$t/lib/systemd/system/systemd-networkd.service" <<'UNIT'
[Unit]
Description=Network Configuration
[Service]
Type=notify
ExecStart=/lib/systemd/systemd-networkd
[Install]
WantedBy=multi-user.target
UNIT
ln -s /lib/systemd/system/systemd-networkd.service "$t/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"
cat > "$t/etc/systemd/network/10-eth1.network" <<'NET'
[Match]
Name=eth1

[Network]
DHCP=ipv4
NET
