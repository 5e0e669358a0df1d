#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: a vendor package ships /usr/lib/sysctl.d/60-gateway.conf with
# net.ipv4.ip_forward = 1; the admin's /etc/sysctl.d/50-gateway.conf (a
# different name, sorted earlier) turns it off, which does not override it: the
# later file wins and the device forwards with no forward chain: fail.
# expect: forward-path-filtered fail
set -eu
# The device has no forward chain: whatever it forwards passes unfiltered.
sed -i "/chain forward {/,/}/d" "$1/etc/nftables.conf"
mkdir -p "$1/etc/sysctl.d" "$1/usr/lib/sysctl.d" "$1/run/sysctl.d"
printf "net.ipv4.ip_forward = 1\n" > "$1/usr/lib/sysctl.d/60-gateway.conf"
printf "net.ipv4.ip_forward = 0\n" > "$1/etc/sysctl.d/50-gateway.conf"
