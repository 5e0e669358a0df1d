#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the admin ran `systemctl disable nftables` (the sysinit.target.wants
# link is gone), but networking.service's drop-in still says
# Requires=nftables.service and After=nftables.service. networking.service
# starts at boot (multi-user.target.wants), so systemd starts nftables.service
# first as its requirement: the strict ruleset does load at boot, before the
# interfaces come up. "Not enabled" is not "does not start".
# expect: firewall-loaded-at-boot pass
set -eu
rm -f "$1/etc/systemd/system/sysinit.target.wants/nftables.service"
