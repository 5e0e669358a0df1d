#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the admin turned the device into a router with
# net.ipv4.conf.all.forwarding = 1 (the spelling sysctl.d examples use, not
# ip_forward) and the ruleset has no forward chain. systemd-sysctl writes it at
# boot, so every interface forwards and nothing filters the forward path: fail.
# expect: forward-path-filtered fail
# expect-text: forward-path-filtered conf.all.forwarding
set -eu
# The device has no forward chain: whatever it forwards passes unfiltered.
sed -i "/chain forward {/,/}/d" "$1/etc/nftables.conf"
mkdir -p "$1/etc/sysctl.d" "$1/usr/lib/sysctl.d" "$1/run/sysctl.d"
printf "net.ipv4.conf.all.forwarding = 1\n" > "$1/etc/sysctl.d/30-router.conf"
