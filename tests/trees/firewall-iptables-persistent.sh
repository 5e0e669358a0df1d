#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the firewall is iptables-persistent instead of nftables:
# netfilter-persistent.service is enabled and restores /etc/iptables/rules.v4
# at boot, nftables.service is disabled. A firewall does load at boot, but its
# rules are iptables rules Bulwark does not evaluate: the boot ruleset is not
# decided (manual naming the unit), and neither nftables.conf (present, not
# loaded) nor anything else may make the ruleset checks pass.
# expect: firewall-loaded-at-boot manual
# expect-text: firewall-loaded-at-boot netfilter-persistent.service
# expect: default-deny manual
# expect: no-iif-rules not pass
set -eu
rm -f "$1/etc/systemd/system/sysinit.target.wants/nftables.service"
mkdir -p "$1/etc/iptables"
printf '*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n' > "$1/etc/iptables/rules.v4"
cat > "$1/lib/systemd/system/netfilter-persistent.service" <<'UNIT'
[Unit]
Description=netfilter persistent configuration
DefaultDependencies=no
Wants=network-pre.target systemd-modules-load.service local-fs.target
Before=network-pre.target shutdown.target
After=systemd-modules-load.service local-fs.target
Conflicts=shutdown.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/sbin/netfilter-persistent start
ExecStop=/usr/sbin/netfilter-persistent stop

[Install]
WantedBy=multi-user.target
UNIT
ln -s /lib/systemd/system/netfilter-persistent.service "$1/etc/systemd/system/multi-user.target.wants/netfilter-persistent.service"
