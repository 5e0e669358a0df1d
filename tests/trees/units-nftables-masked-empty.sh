#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the admin "disabled" the firewall by leaving an empty file
# /etc/systemd/system/nftables.service (the /etc copy shadows the vendor unit).
# systemd treats an empty unit file as a mask, exactly like a link to
# /dev/null: nftables.service is not loaded whatever pulls it in (the
# sysinit.target.wants link, networking.service's Requires=), no ruleset
# loads, and the device boots open.
# expect: fail-close-boot fail
# expect-text: fail-close-boot masked
set -eu
: > "$1/etc/systemd/system/nftables.service"
