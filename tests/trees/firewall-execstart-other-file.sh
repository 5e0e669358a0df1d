#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: a drop-in resets ExecStart= and points nft at another file that
# accepts everything (a "temporary" debugging ruleset left in place). At boot
# systemd runs only the drop-in's command line (the empty ExecStart= clears the
# vendor one), so the accept-all file is what loads; /etc/nftables.conf,
# strict as it is, is never read.
# expect: firewall-loaded-at-boot pass
# expect-text: firewall-loaded-at-boot /etc/nftables-debug.conf
# expect: default-deny fail
set -eu
cat > "$1/etc/nftables-debug.conf" <<'NFT'
flush ruleset
table inet filter {
	chain input { type filter hook input priority filter; policy accept; }
	chain forward { type filter hook forward priority filter; policy accept; }
}
NFT
cat > "$1/etc/systemd/system/nftables.service.d/debug.conf" <<'UNIT'
[Service]
ExecStart=
ExecStart=/usr/sbin/nft -f /etc/nftables-debug.conf
UNIT
