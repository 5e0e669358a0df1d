#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the firewall was switched to ufw and then "ufw disable"d: the
# unit is still enabled, but /etc/ufw/ufw.conf says ENABLED=no, and ufw-init
# then loads no rules at boot (it starts only when ENABLED=yes). nftables.service
# is disabled. No firewall is loaded at boot: the device boots open.
# expect: firewall-loaded-at-boot fail
# expect-text: firewall-loaded-at-boot ENABLED=no
# expect: default-deny fail
set -eu
rm -f "$1/etc/systemd/system/sysinit.target.wants/nftables.service"
# The fixture also pulls nftables in through networking.service (Requires=): that goes too.
rm -f "$1/etc/systemd/system/networking.service.d/require-firewall.conf"
mkdir -p "$1/etc/ufw"
printf 'ENABLED=yes\nLOGLEVEL=low\nENABLED=no\n' > "$1/etc/ufw/ufw.conf"
cat > "$1/lib/systemd/system/ufw.service" <<'UNIT'
[Unit]
Description=Uncomplicated firewall
DefaultDependencies=no
Before=network.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/lib/ufw/ufw-init start quiet
ExecStop=/lib/ufw/ufw-init stop

[Install]
WantedBy=multi-user.target
UNIT
ln -s /lib/systemd/system/ufw.service "$1/etc/systemd/system/multi-user.target.wants/ufw.service"
