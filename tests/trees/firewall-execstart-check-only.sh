#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: a drop-in replaced the command by 'nft -c -f' (check only: nft
# parses the file and loads nothing). At boot the unit succeeds but the kernel
# keeps its empty ruleset, so the device is open; Bulwark does not model nft's
# options beyond what loads a file, so it must at least not pass.
# expect: firewall-loaded-at-boot not pass
# expect: default-deny not pass
set -eu
cat > "$1/etc/systemd/system/nftables.service.d/check.conf" <<'UNIT'
[Service]
ExecStart=
ExecStart=/usr/sbin/nft -c -f /etc/nftables.conf
UNIT
