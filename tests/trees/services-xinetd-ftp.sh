#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: xinetd.service is enabled and /etc/xinetd.d/ftp declares
# "service ftp" with socket_type stream and no "disable = yes". xinetd(8)
# reads every file of /etc/xinetd.d (not those with a dot or a trailing ~)
# and binds tcp/21 for it: plaintext ftp on the network. Its tftp file says
# "disable = yes" and is not served.
# expect: plaintext-services fail
# expect-text: plaintext-services xinetd: service ftp
set -eu
t=$1
mkdir -p "$t/etc/xinetd.d"
printf 'service ftp\n{\n\tsocket_type = stream\n\twait = no\n\tuser = root\n\tserver = /usr/sbin/in.ftpd\n}\n' > "$t/etc/xinetd.d/ftp"
printf 'service tftp\n{\n\tsocket_type = dgram\n\tprotocol = udp\n\tdisable = yes\n}\n' > "$t/etc/xinetd.d/tftp"
printf '[Service]\nExecStart=/usr/sbin/xinetd -dontfork\n[Install]\nWantedBy=multi-user.target\n' > "$t/lib/systemd/system/xinetd.service"
ln -s /lib/systemd/system/xinetd.service "$t/etc/systemd/system/multi-user.target.wants/xinetd.service"
