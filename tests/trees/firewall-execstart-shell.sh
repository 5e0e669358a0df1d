#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: a drop-in runs the firewall through a shell with a variable from
# an environment file: which file nft loads is whatever $RULES holds when the
# unit starts. The ruleset that loads at boot cannot be read off the unit, so
# it cannot be shown to close the device: not pass (manual, naming the line).
# expect: firewall-loaded-at-boot manual
# expect: default-deny not pass
# expect-text: firewall-loaded-at-boot is not one 'nft -f FILE'
set -eu
mkdir -p "$1/etc/default"
echo 'RULES=/etc/nftables.conf' > "$1/etc/default/nftables"
cat > "$1/etc/systemd/system/nftables.service.d/shell.conf" <<'UNIT'
[Service]
EnvironmentFile=-/etc/default/nftables
ExecStart=
ExecStart=/bin/sh -c 'exec /usr/sbin/nft -f "$RULES"'
UNIT
