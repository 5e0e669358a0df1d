#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the firewall is ufw: ufw.service is enabled and /etc/ufw/ufw.conf
# says ENABLED=yes, while nftables.service is disabled. ufw loads its own
# rules at boot, which Bulwark does not evaluate: the boot ruleset is not
# decided (manual naming ufw), and the unloaded /etc/nftables.conf must not
# stand in for it.
# expect: firewall-loaded-at-boot manual
# expect-text: firewall-loaded-at-boot ufw.service
# expect: default-deny manual
set -eu
rm -f "$1/etc/systemd/system/sysinit.target.wants/nftables.service"
mkdir -p "$1/etc/ufw"
printf 'ENABLED=yes\nLOGLEVEL=low\n' > "$1/etc/ufw/ufw.conf"
cat > "$1/lib/systemd/system/ufw.service" <<'UNIT'
[Unit]
Description=Uncomplicated firewall
DefaultDependencies=no
Before=network.target
After=local-fs.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/lib/ufw/ufw-init start quiet
ExecStop=/lib/ufw/ufw-init stop

[Install]
WantedBy=multi-user.target
UNIT
ln -s /lib/systemd/system/ufw.service "$1/etc/systemd/system/multi-user.target.wants/ufw.service"
