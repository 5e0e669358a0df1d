#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: a chat bridge is started by socket activation: chat.socket
# (ListenStream=0.0.0.0:6667, the IRC port) is enabled in
# sockets.target.wants. No package of a known IRC server is installed, but at
# boot systemd listens on tcp/6667: a person-to-person messaging service.
# expect: p2p-services-absent fail
# expect-text: p2p-services-absent ListenStream=0.0.0.0:6667
set -eu
t=$1
mkdir -p "$t/etc/systemd/system/sockets.target.wants"
printf '[Socket]\nListenStream=0.0.0.0:6667\n[Install]\nWantedBy=sockets.target\n' > "$t/etc/systemd/system/chat.socket"
printf '[Service]\nExecStart=/opt/chat/bin/bridge\n' > "$t/etc/systemd/system/chat.service"
ln -s ../chat.socket "$t/etc/systemd/system/sockets.target.wants/chat.socket"
