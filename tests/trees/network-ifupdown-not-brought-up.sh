#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Not a DHCP device, although dhcp stanzas exist: /etc/network/interfaces has
# "iface eth3 inet dhcp" with neither "auto eth3" nor "allow-hotplug eth3", so
# ifup -a at boot does not bring it up (interfaces(5): "auto" lines name the
# interfaces ifup -a brings up); and it says "source-directory interfaces.d",
# whose spare.cfg (auto eth4, inet dhcp) is never read: source-directory takes
# only names matching ^[a-zA-Z0-9_-]+$. No DHCPv4 client starts at boot.
# Oracle: ifquery -i on this file --list prints lo, eth1, eth2 only.
# expect: dhcp-client-port-closed pass
# expect-text: dhcp-client-port-closed neither auto nor allow-hotplug
set -eu
t=$1
mkdir -p "$t/etc/network/interfaces.d"
printf '\niface eth3 inet dhcp\n\nsource-directory interfaces.d\n' >> "$t/etc/network/interfaces"
printf 'auto eth4\niface eth4 inet dhcp\n' > "$t/etc/network/interfaces.d/spare.cfg"
mkdir -p "$t/sbin"
printf '#!/bin/sh\n' > "$t/sbin/dhclient"
chmod 755 "$t/sbin/dhclient"
