#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: forwarding enabled on one interface only
# (net.ipv4.conf.eth1.forwarding = 1) with global forwarding left off. IPv4
# forwards what arrives on an interface whose own forwarding is on, and udev
# re-applies the key when eth1 appears: the device forwards from eth1, and no
# forward chain filters it: fail.
# expect: forward-path-filtered fail
# expect-text: forward-path-filtered arriving on eth1
set -eu
# The device has no forward chain: whatever it forwards passes unfiltered.
sed -i "/chain forward {/,/}/d" "$1/etc/nftables.conf"
mkdir -p "$1/etc/sysctl.d" "$1/usr/lib/sysctl.d" "$1/run/sysctl.d"
printf "net.ipv4.conf.all.forwarding = 0\nnet.ipv4.conf.eth1.forwarding = 1\n" > "$1/etc/sysctl.d/40-eth1.conf"
