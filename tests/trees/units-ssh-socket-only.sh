#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: sshd is not enabled (no multi-user.target.wants link), but the
# image enables a socket for it (ssh.socket in sockets.target.wants, with its
# own Service=ssh.service). At boot sockets.target starts ssh.socket, which
# listens on port 22 and starts ssh.service on the first connection: sshd
# runs on the device, so it is a started service the sandboxing check must
# score, enable link or not.
# expect: service-sandboxing manual
# expect-text: service-sandboxing ssh.service: exposure
set -eu
rm -f "$1/etc/systemd/system/multi-user.target.wants/ssh.service"
mkdir -p "$1/etc/systemd/system/sockets.target.wants"
cat > "$1/lib/systemd/system/ssh.socket" <<'UNIT'
[Unit]
Description=OpenBSD Secure Shell server socket
Before=sockets.target

[Socket]
ListenStream=22
Accept=no
Service=ssh.service

[Install]
WantedBy=sockets.target
UNIT
ln -s /lib/systemd/system/ssh.socket "$1/etc/systemd/system/sockets.target.wants/ssh.socket"
