#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Undecidable offline: inetd.service is enabled and /etc/inetd.conf serves
# "mgmtd stream tcp nowait root /usr/sbin/mgmtd", a service name that the
# tree's /etc/services does not list. inetd(8) looks the port up by name at
# start-up (getservbyname), through NSS; offline nothing says which port
# mgmtd gets, or whether it speaks in clear. The check must not pass.
# expect: plaintext-services not pass
# expect-text: plaintext-services has no port in /etc/services
set -eu
t=$1
printf 'mgmtd\tstream\ttcp\tnowait\troot\t/usr/sbin/mgmtd\tmgmtd\n' > "$t/etc/inetd.conf"
printf 'ssh\t\t22/tcp\n' > "$t/etc/services"
printf '[Service]\nExecStart=/usr/sbin/inetd\n[Install]\nWantedBy=multi-user.target\n' > "$t/lib/systemd/system/inetd.service"
ln -s /lib/systemd/system/inetd.service "$t/etc/systemd/system/multi-user.target.wants/inetd.service"
