#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: /etc/sysctl.conf sets net.ipv4.ip_forward=1, but there is no
# /etc/sysctl.d/99-sysctl.conf link (procps not installed). systemd-sysctl reads
# only sysctl.d directories, so nothing enables forwarding at boot; the device
# is not a zone boundary although it has no forward chain: pass.
# expect: forward-path-filtered pass
# expect-text: forward-path-filtered is not applied
set -eu
# The device has no forward chain: whatever it forwards passes unfiltered.
sed -i "/chain forward {/,/}/d" "$1/etc/nftables.conf"
mkdir -p "$1/etc/sysctl.d" "$1/usr/lib/sysctl.d" "$1/run/sysctl.d"
printf "net.ipv4.ip_forward=1\n" > "$1/etc/sysctl.conf"
