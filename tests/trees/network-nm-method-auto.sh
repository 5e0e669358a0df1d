#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: NetworkManager is installed and enabled, with a keyfile profile
# /etc/NetworkManager/system-connections/uplink.nmconnection whose [ipv4]
# says method=auto (nm-settings-nmcli(5): "auto" is DHCP for IPv4) and which
# autoconnects (the default). At boot NetworkManager runs its DHCPv4 client
# on the device, on UDP 68, through a packet socket the ruleset's drop of
# udp/68 does not filter.
# expect: dhcp-client-port-closed fail
# expect-text: dhcp-client-port-closed method=auto
set -eu
t=$1
mkdir -p "$t/etc/NetworkManager/system-connections"
cat > "$t/lib/systemd/system/NetworkManager.service" <<'UNIT'
[Service]
ExecStart=/usr/sbin/NetworkManager --no-daemon
[Install]
WantedBy=multi-user.target
UNIT
ln -s /lib/systemd/system/NetworkManager.service "$t/etc/systemd/system/multi-user.target.wants/NetworkManager.service"
printf '[main]\nplugins=ifupdown,keyfile\nno-auto-default=*\n' > "$t/etc/NetworkManager/NetworkManager.conf"
printf '[connection]\nid=uplink\ntype=ethernet\ninterface-name=eth3\n\n[ipv4]\nmethod=auto\n' > "$t/etc/NetworkManager/system-connections/uplink.nmconnection"
chmod 600 "$t/etc/NetworkManager/system-connections/uplink.nmconnection"
