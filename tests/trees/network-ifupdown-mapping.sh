#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Undecidable offline: /etc/network/interfaces gains a "mapping eth0" stanza
# whose script picks the logical interface at ifup time (interfaces(5),
# MAPPINGS), and one of the logical interfaces it may pick, "uplink", is
# "iface uplink inet dhcp". Whether eth0 comes up with DHCP depends on what
# the script prints on the device; nothing offline shows that no DHCP client
# starts, so the check must not pass.
# expect: dhcp-client-port-closed not pass
# expect-text: dhcp-client-port-closed mapping stanza
set -eu
t=$1
printf '\nauto eth0\nmapping eth0\n\tscript /usr/local/sbin/pick-uplink\n\tmap site-a uplink\n\niface uplink inet dhcp\n' >> "$t/etc/network/interfaces"
mkdir -p "$t/sbin"
printf '#!/bin/sh\n' > "$t/sbin/dhclient"
chmod 755 "$t/sbin/dhclient"
