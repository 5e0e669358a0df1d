#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Not exposed: /etc/inetd.conf has an uncommented telnet line (left by an
# image recipe), and telnetd is installed, but no inetd daemon is installed or
# started (no inetd.service, openbsd-inetd.service, inetutils-inetd.service).
# inetd.conf is only read by inetd itself, so at boot nothing listens on
# tcp/23.
# expect: plaintext-services pass
# expect-text: plaintext-services no inetd daemon
set -eu
t=$1
printf 'telnet\tstream\ttcp\tnowait\troot\t/usr/sbin/tcpd\t/usr/sbin/in.telnetd\n' > "$t/etc/inetd.conf"
printf '\nPackage: inetutils-telnetd\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2:2.4-2\n' >> "$t/var/lib/dpkg/status"
