#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the image was built without the nftables package's unit (only
# /etc/nftables.conf was shipped, by an overlay). With no unit file the
# enable link dangles and systemd loads nothing of that name at boot; no other
# firewall unit exists, so the ruleset file is never loaded.
# expect: firewall-loaded-at-boot fail
# expect: default-deny fail
# expect: fail-close-boot fail
set -eu
rm -f "$1/lib/systemd/system/nftables.service"
rm -f "$1/etc/systemd/system/sysinit.target.wants/nftables.service"
rm -rf "$1/etc/systemd/system/nftables.service.d"
