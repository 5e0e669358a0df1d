#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: dhcpcd.service (ExecStart=/usr/sbin/dhcpcd -q -b, as Debian's
# dhcpcd ships it) is enabled. dhcpcd(8) with no interface argument manages
# every interface, running its DHCPv4 client on UDP 68; /etc/dhcpcd.conf
# turns IPv4 off nowhere (no global ipv6only/noipv4).
# expect: dhcp-client-port-closed fail
# expect-text: dhcp-client-port-closed dhcpcd.service runs dhcpcd
set -eu
t=$1
cat > "$t/lib/systemd/system/dhcpcd.service" <<'UNIT'
[Unit]
Description=DHCP Client Daemon
[Service]
Type=forking
ExecStart=/usr/sbin/dhcpcd -q -b
[Install]
WantedBy=multi-user.target
UNIT
ln -s /lib/systemd/system/dhcpcd.service "$t/etc/systemd/system/multi-user.target.wants/dhcpcd.service"
printf 'hostname\nduid\noption rapid_commit\n' > "$t/etc/dhcpcd.conf"
