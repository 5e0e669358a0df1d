#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Not a DHCP device: /etc/systemd/network/10-eth1.network says DHCP=true, but
# systemd-networkd.service is installed and not enabled (no link in any
# .wants directory, nothing pulls it in), so nothing reads that file at boot;
# the addresses come from ifupdown's inet static stanzas. No DHCPv4 client
# starts: UDP 68 is closed.
# expect: dhcp-client-port-closed pass
# expect-text: dhcp-client-port-closed does not start at boot
set -eu
t=$1
mkdir -p "$t/etc/systemd/network"
cat > "$t/lib/systemd/system/systemd-networkd.service" <<'UNIT'
[Service]
ExecStart=/lib/systemd/systemd-networkd
[Install]
WantedBy=multi-user.target
UNIT
printf '[Match]\nName=eth1\n[Network]\nDHCP=true\n' > "$t/etc/systemd/network/10-eth1.network"
