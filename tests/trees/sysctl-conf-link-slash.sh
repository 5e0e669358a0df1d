#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: forwarding is switched on in /etc/sysctl.conf with the slash
# spelling and the ignore-errors prefix ("-net/ipv4/ip_forward=1"); Debian's
# /etc/sysctl.d/99-sysctl.conf link makes systemd-sysctl apply it. No forward
# chain: fail.
# expect: forward-path-filtered fail
set -eu
# The device has no forward chain: whatever it forwards passes unfiltered.
sed -i "/chain forward {/,/}/d" "$1/etc/nftables.conf"
mkdir -p "$1/etc/sysctl.d" "$1/usr/lib/sysctl.d" "$1/run/sysctl.d"
printf "# local\n-net/ipv4/ip_forward=1\n" > "$1/etc/sysctl.conf"
ln -s ../sysctl.conf "$1/etc/sysctl.d/99-sysctl.conf"
