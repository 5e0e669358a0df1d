#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: as units-sysv-firewall, the firewall is only a SysV init script,
# but `update-rc.d nftables disable` left K links in /etc/rc2.d-rc5.d and no
# S link. systemd-sysv-generator makes nftables.service of it and nothing
# wants it: the script never runs at boot and the device boots open.
# expect: fail-close-boot fail
# expect: firewall-loaded-at-boot fail
set -eu
rm -f "$1/lib/systemd/system/nftables.service" "$1/etc/systemd/system/sysinit.target.wants/nftables.service"
rm -rf "$1/etc/systemd/system/nftables.service.d" "$1/etc/systemd/system/networking.service.d"
mkdir -p "$1/etc/init.d"
printf '#!/bin/sh\n[ "$1" = start ] && /usr/sbin/nft -f /etc/nftables.conf\n' > "$1/etc/init.d/nftables"
chmod 755 "$1/etc/init.d/nftables"
for n in 2 3 4 5; do
        mkdir -p "$1/etc/rc$n.d"
        ln -s ../init.d/nftables "$1/etc/rc$n.d/K01nftables"
done
