#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: nftables.service is enabled and ordered before network-pre.target
# as on the hardened device, but /etc/nftables.conf was edited into a file nft
# rejects (a set referenced that is not defined). At boot 'nft -f' fails and
# loads nothing; the unit fails, and the device is open. The unit ordering is
# right, but the firewall does not close the device at boot.
# expect: firewall-loaded-at-boot fail
# expect: fail-close-boot fail
# expect: default-deny fail
set -eu
sed 's/@eng_tcp/@undefined_set/' "$1/etc/nftables.conf" > "$1/etc/nftables.conf.new"
mv "$1/etc/nftables.conf.new" "$1/etc/nftables.conf"
