#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the firewall is a SysV init script (/etc/init.d/nftables, an old
# board support package's), started by S links in /etc/rc2.d-rc5.d; the
# native unit is gone. systemd-sysv-generator turns it into nftables.service
# wanted by multi-user.target, ordered after the network: the ruleset loads
# only once interfaces are up, so the device is open while it boots (not fail
# close), and what the script loads is shell the tool does not model.
# expect: fail-close-boot fail
# expect: firewall-loaded-at-boot not pass
set -eu
rm -f "$1/lib/systemd/system/nftables.service" "$1/etc/systemd/system/sysinit.target.wants/nftables.service"
rm -rf "$1/etc/systemd/system/nftables.service.d" "$1/etc/systemd/system/networking.service.d"
mkdir -p "$1/etc/init.d"
cat > "$1/etc/init.d/nftables" <<'SH'
#!/bin/sh
### BEGIN INIT INFO
# Provides:          nftables
# Required-Start:    $network
# Default-Start:     2 3 4 5
### END INIT INFO
[ "$1" = start ] && /usr/sbin/nft -f /etc/nftables.conf
SH
chmod 755 "$1/etc/init.d/nftables"
for n in 2 3 4 5; do
        mkdir -p "$1/etc/rc$n.d"
        ln -s ../init.d/nftables "$1/etc/rc$n.d/S02nftables"
done
