#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: nftables.service is installed and /etc/nftables.conf is the strict
# default-drop ruleset, but the admin ran 'systemctl disable nftables' (the
# sysinit.target.wants link is gone). Nothing pulls the unit in at boot, so
# nft never loads the file: the device boots with an empty ruleset, open. A
# ruleset file that is present but not loaded closes nothing.
# expect: firewall-loaded-at-boot fail
# expect: default-deny fail
# expect: fail-close-boot not pass
# expect-text: firewall-loaded-at-boot does not start at boot
set -eu
rm -f "$1/etc/systemd/system/sysinit.target.wants/nftables.service"
# The fixture also pulls nftables in through networking.service (Requires=): that goes too.
rm -f "$1/etc/systemd/system/networking.service.d/require-firewall.conf"
