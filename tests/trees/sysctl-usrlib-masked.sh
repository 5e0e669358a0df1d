#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the vendor's /usr/lib/sysctl.d/60-gateway.conf enables IPv4 and
# IPv6 forwarding; the admin masked it with /etc/sysctl.d/60-gateway.conf ->
# /dev/null. systemd-sysctl skips a masked file: no forwarding, pass.
# expect: forward-path-filtered pass
# expect-text: forward-path-filtered masked
set -eu
# The device has no forward chain: whatever it forwards passes unfiltered.
sed -i "/chain forward {/,/}/d" "$1/etc/nftables.conf"
mkdir -p "$1/etc/sysctl.d" "$1/usr/lib/sysctl.d" "$1/run/sysctl.d"
printf "net.ipv4.ip_forward = 1\nnet.ipv6.conf.all.forwarding = 1\n" > "$1/usr/lib/sysctl.d/60-gateway.conf"
ln -s /dev/null "$1/etc/sysctl.d/60-gateway.conf"
