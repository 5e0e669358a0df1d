#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: IPv6 forwarding on (net.ipv6.conf.all.forwarding = 1) in
# /usr/lib/sysctl.d, IPv4 off. The device routes IPv6 with no forward chain: fail.
# expect: forward-path-filtered fail
set -eu
# The device has no forward chain: whatever it forwards passes unfiltered.
sed -i "/chain forward {/,/}/d" "$1/etc/nftables.conf"
mkdir -p "$1/etc/sysctl.d" "$1/usr/lib/sysctl.d" "$1/run/sysctl.d"
printf "net.ipv6.conf.all.forwarding = 1\n" > "$1/usr/lib/sysctl.d/50-ipv6-router.conf"
