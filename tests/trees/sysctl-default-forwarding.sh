#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: net.ipv4.conf.default.forwarding = 1: every interface created
# after systemd-sysctl runs (USB and VLAN interfaces, late NICs) starts with
# forwarding on. The device forwards on those, unfiltered: fail.
# expect: forward-path-filtered fail
set -eu
# The device has no forward chain: whatever it forwards passes unfiltered.
sed -i "/chain forward {/,/}/d" "$1/etc/nftables.conf"
mkdir -p "$1/etc/sysctl.d" "$1/usr/lib/sysctl.d" "$1/run/sysctl.d"
printf "net.ipv4.conf.default.forwarding = 1\n" > "$1/etc/sysctl.d/20-default.conf"
