#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: openbsd-inetd is installed and its inetd.service is enabled, and
# /etc/inetd.conf has "telnet stream tcp nowait root ... in.telnetd". At boot
# inetd binds tcp/23 (telnet in /etc/services) on every address and runs
# in.telnetd per connection: a plaintext login service on the network.
# expect: plaintext-services fail
# expect-text: plaintext-services inetd.service starts at boot
set -eu
t=$1
printf 'telnet\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\t/usr/sbin/in.telnetd\n' > "$t/etc/inetd.conf"
printf 'telnet\t\t23/tcp\n' > "$t/etc/services"
printf '[Service]\nExecStart=/usr/sbin/inetd\n[Install]\nWantedBy=multi-user.target\nAlias=openbsd-inetd.service\n' > "$t/lib/systemd/system/inetd.service"
ln -s /lib/systemd/system/inetd.service "$t/etc/systemd/system/multi-user.target.wants/inetd.service"
