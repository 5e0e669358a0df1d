#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: NetworkManager is enabled with no connection profile at all, and
# NetworkManager.conf does not set no-auto-default. NetworkManager.conf(5):
# unless no-auto-default matches the device, NetworkManager creates an
# in-memory "Wired connection" with ipv4.method auto for each ethernet device
# that has no profile, so a DHCPv4 client runs on UDP 68 at boot.
# expect: dhcp-client-port-closed fail
# expect-text: dhcp-client-port-closed automatic DHCP profile
set -eu
t=$1
mkdir -p "$t/etc/NetworkManager"
cat > "$t/lib/systemd/system/NetworkManager.service" <<'UNIT'
[Service]
ExecStart=/usr/sbin/NetworkManager --no-daemon
[Install]
WantedBy=multi-user.target
UNIT
ln -s /lib/systemd/system/NetworkManager.service "$t/etc/systemd/system/multi-user.target.wants/NetworkManager.service"
printf '[main]\nplugins=ifupdown,keyfile\n\n[ifupdown]\nmanaged=false\n' > "$t/etc/NetworkManager/NetworkManager.conf"
