#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: net.ipv6.conf.eth1.forwarding = 1 alone. For IPv6 the
# per-interface switch only selects router behaviour on eth1 (no autoconf);
# packets are forwarded only when conf.all.forwarding is on, which it is not:
# not a zone boundary, pass.
# expect: forward-path-filtered pass
set -eu
# The device has no forward chain: whatever it forwards passes unfiltered.
sed -i "/chain forward {/,/}/d" "$1/etc/nftables.conf"
mkdir -p "$1/etc/sysctl.d" "$1/usr/lib/sysctl.d" "$1/run/sysctl.d"
printf "net.ipv6.conf.eth1.forwarding = 1\n" > "$1/etc/sysctl.d/50-eth1.conf"
