#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Not exposed: prosody (XMPP server) is installed with its prosody.service,
# but the unit is not enabled and nothing pulls it in; its socket-less
# listeners (5222/5269) are therefore never bound at boot. The package alone
# is evidence, not a running messaging service.
# expect: p2p-services-absent pass
# expect-text: p2p-services-absent prosody.service does not start
set -eu
t=$1
printf '\nPackage: prosody\nStatus: install ok installed\nArchitecture: amd64\nVersion: 0.12.3-1\n' >> "$t/var/lib/dpkg/status"
printf '[Service]\nExecStart=/usr/bin/prosody -F\n[Install]\nWantedBy=multi-user.target\n' > "$t/lib/systemd/system/prosody.service"
