#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: a drop-in overrides ExecStart= with a file that the image does
# not contain (renamed in a later release, the drop-in forgotten). At boot
# 'nft -f /etc/nftables/main.nft' fails, nftables.service fails, and no
# ruleset is loaded: the device boots open.
# expect: firewall-loaded-at-boot fail
# expect: default-deny fail
# expect-text: firewall-loaded-at-boot /etc/nftables/main.nft does not exist
set -eu
cat > "$1/etc/systemd/system/nftables.service.d/path.conf" <<'UNIT'
[Service]
ExecStart=
ExecStart=/usr/sbin/nft -f /etc/nftables/main.nft
UNIT
