#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: prosody (XMPP server) is installed and prosody.service is
# enabled in multi-user.target.wants: at boot it listens on 5222/5269
# (XMPP client and server ports), a person-to-person messaging service.
# expect: p2p-services-absent fail
# expect-text: p2p-services-absent prosody.service starts at boot
set -eu
t=$1
printf '\nPackage: prosody\nStatus: install ok installed\nArchitecture: amd64\nVersion: 0.12.3-1\n' >> "$t/var/lib/dpkg/status"
printf '[Service]\nExecStart=/usr/bin/prosody -F\n[Install]\nWantedBy=multi-user.target\n' > "$t/lib/systemd/system/prosody.service"
ln -s /lib/systemd/system/prosody.service "$t/etc/systemd/system/multi-user.target.wants/prosody.service"
