#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: nftables.service masked by a relative link (an image build step
# ran `ln -s ../../../dev/null` inside the tree rather than systemctl mask).
# The link reaches /dev/null on the device, so systemd masks the unit: nothing
# loads the ruleset at boot and the device boots open. The tree's own /dev is
# empty, so only the link's target says so.
# expect: fail-close-boot fail
# expect-text: fail-close-boot masked
set -eu
ln -sf ../../../dev/null "$1/etc/systemd/system/nftables.service"
