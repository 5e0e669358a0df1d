#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: a glob (systemd 250+) sets forwarding on every interface:
# net.ipv4.conf.*.forwarding = 1. It matches all, default and each interface:
# the device forwards, unfiltered: fail.
# expect: forward-path-filtered fail
# expect-text: forward-path-filtered glob
set -eu
# The device has no forward chain: whatever it forwards passes unfiltered.
sed -i "/chain forward {/,/}/d" "$1/etc/nftables.conf"
mkdir -p "$1/etc/sysctl.d" "$1/usr/lib/sysctl.d" "$1/run/sysctl.d"
printf "net.ipv4.conf.*.forwarding = 1\n-net.ipv4.conf.lo.forwarding\n" > "$1/etc/sysctl.d/50-glob.conf"
