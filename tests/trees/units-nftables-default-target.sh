#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the product boots its own kiosk.target (default.target links to
# it), which pulls in the kiosk application and not multi-user.target; the
# image also wired nftables the way older Debian did, WantedBy=multi-user.target
# (its link moved there), and networking no longer requires it. Nothing in
# the closure of kiosk.target pulls nftables.service in, so although it is
# enabled no ruleset loads at boot and the device boots open.
# expect: firewall-loaded-at-boot fail
# expect: fail-close-boot not pass
set -eu
s="$1/etc/systemd/system"
mkdir -p "$s/multi-user.target.wants"
rm -f "$s/sysinit.target.wants/nftables.service"
ln -s /lib/systemd/system/nftables.service "$s/multi-user.target.wants/nftables.service"
rm -rf "$s/networking.service.d"
cat > "$1/lib/systemd/system/kiosk.target" <<'UNIT'
[Unit]
Description=Kiosk
Requires=basic.target
Wants=kiosk.service
UNIT
cat > "$1/lib/systemd/system/kiosk.service" <<'UNIT'
[Service]
ExecStart=/usr/bin/kiosk
UNIT
ln -sf /lib/systemd/system/kiosk.target "$s/default.target"
