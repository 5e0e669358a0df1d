#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Not a DHCP device: systemd-networkd.service is enabled, and the only
# .network file is systemd's own /usr/lib/systemd/network/80-container-host0.network
# (DHCP=yes under [Match] Virtualization=container, Name=host0).
# systemd.network(5): Virtualization= matches whether the system runs in a
# container; on the device itself it does not, so no file applies to any link
# and networkd runs no DHCP client. (ifupdown keeps its static addresses.)
# expect: dhcp-client-port-closed pass
# expect-text: dhcp-client-port-closed applies only inside a container
set -eu
t=$1
mkdir -p "$t/usr/lib/systemd/network"
printf '[Service]\nExecStart=/lib/systemd/systemd-networkd\n[Install]\nWantedBy=multi-user.target\n' > "$t/lib/systemd/system/systemd-networkd.service"
ln -s /lib/systemd/system/systemd-networkd.service "$t/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"
printf '[Match]\nVirtualization=container\nName=host0\n\n[Network]\nDHCP=yes\nLinkLocalAddressing=yes\n' > "$t/usr/lib/systemd/network/80-container-host0.network"
