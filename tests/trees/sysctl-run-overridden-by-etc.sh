#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: a provisioning script left /run/sysctl.d/50-router.conf turning
# forwarding on, and the admin overrode it with a same-named
# /etc/sysctl.d/50-router.conf that turns it off. The /etc file replaces the
# /run one entirely, so forwarding stays off: not a zone boundary, pass.
# expect: forward-path-filtered pass
set -eu
# The device has no forward chain: whatever it forwards passes unfiltered.
sed -i "/chain forward {/,/}/d" "$1/etc/nftables.conf"
mkdir -p "$1/etc/sysctl.d" "$1/usr/lib/sysctl.d" "$1/run/sysctl.d"
printf "net.ipv4.conf.all.forwarding = 1\nnet.ipv4.conf.eth1.forwarding = 1\n" > "$1/run/sysctl.d/50-router.conf"
printf "net.ipv4.conf.all.forwarding = 0\n" > "$1/etc/sysctl.d/50-router.conf"
