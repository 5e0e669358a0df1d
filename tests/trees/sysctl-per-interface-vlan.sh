#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: forwarding enabled on the VLAN interface eth0.100, written in
# the slash spelling (net/ipv4/conf/eth0.100/forwarding), after a later reset of
# conf.all in an earlier-sorted file. The interface forwards: fail.
# expect: forward-path-filtered fail
set -eu
# The device has no forward chain: whatever it forwards passes unfiltered.
sed -i "/chain forward {/,/}/d" "$1/etc/nftables.conf"
mkdir -p "$1/etc/sysctl.d" "$1/usr/lib/sysctl.d" "$1/run/sysctl.d"
printf "net.ipv4.conf.all.forwarding = 0\n" > "$1/usr/lib/sysctl.d/10-defaults.conf"
printf "net/ipv4/conf/eth0.100/forwarding = 1\n" > "$1/etc/sysctl.d/70-vlan.conf"
