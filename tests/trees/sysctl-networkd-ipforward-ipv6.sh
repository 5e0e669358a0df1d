#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: systemd-networkd is enabled and a vendor .network file in
# /usr/lib/systemd/network says IPForward=ipv6 (no /etc file of that name
# replaces it); networkd turns on IPv6 forwarding when it configures the
# link, while sysctl.d sets only IPv4 off. No forward chain: fail.
# expect: forward-path-filtered fail
set -eu
sed -i "/chain forward {/,/}/d" "$1/etc/nftables.conf"
mkdir -p "$1/etc/sysctl.d" "$1/usr/lib/systemd/network"
printf 'net.ipv4.ip_forward = 0\n' > "$1/etc/sysctl.d/10-noforward.conf"
printf '[Unit]\nDescription=Network Configuration\n[Service]\nType=notify\nExecStart=/lib/systemd/systemd-networkd\n[Install]\nWantedBy=multi-user.target\n' > "$1/lib/systemd/system/systemd-networkd.service"
ln -s /lib/systemd/system/systemd-networkd.service "$1/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"
printf '[Match]\nName=eth1\n[Network]\nAddress=192.0.2.1/24\nIPForward=ipv6\n' > "$1/usr/lib/systemd/network/20-lan.network"
