#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the admin masked nftables.service (a link to /dev/null in /etc).
# At boot systemd loads no unit of that name, whatever links pull it in, so no
# ruleset is loaded and the device boots open: the firewall does not close the
# device at boot.
# expect: fail-close-boot fail
# expect: firewall-loaded-at-boot fail
# expect: default-deny fail
set -eu
ln -sf /dev/null "$1/etc/systemd/system/nftables.service"
