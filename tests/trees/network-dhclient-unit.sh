#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the integrator wrote a template /etc/systemd/system/dhclient@.service
# (ExecStart=-/sbin/dhclient -4 -d %i) and enabled dhclient@eth1.service in
# multi-user.target.wants. At boot systemd instantiates it and dhclient runs
# on eth1 as a DHCPv4 client (UDP 68, packet socket), whatever the ruleset
# drops.
# expect: dhcp-client-port-closed fail
# expect-text: dhcp-client-port-closed runs dhclient
set -eu
t=$1
printf '[Service]\nExecStart=-/sbin/dhclient -4 -d %%i\n[Install]\nWantedBy=multi-user.target\n' > "$t/etc/systemd/system/dhclient@.service"
ln -s ../dhclient@.service "$t/etc/systemd/system/multi-user.target.wants/dhclient@eth1.service"
