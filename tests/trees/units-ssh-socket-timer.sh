#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: sshd is not enabled, but a maintenance timer enabled in
# timers.target.wants starts it (Unit=ssh.service) a minute after boot, for a
# "service window" that never ends (the service keeps running). timers.target
# is part of basic.target, so the timer starts at boot and with it sshd: a
# started service the sandboxing check must score.
# expect: service-sandboxing manual
# expect-text: service-sandboxing ssh.service: exposure
set -eu
rm -f "$1/etc/systemd/system/multi-user.target.wants/ssh.service"
mkdir -p "$1/etc/systemd/system/timers.target.wants"
cat > "$1/etc/systemd/system/service-window.timer" <<'UNIT'
[Timer]
OnBootSec=1min
Unit=ssh.service

[Install]
WantedBy=timers.target
UNIT
ln -s /etc/systemd/system/service-window.timer "$1/etc/systemd/system/timers.target.wants/service-window.timer"
