#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: a socket unit with a name no list knows, remote-console.socket,
# ListenStream=23 and Accept=yes, is enabled in sockets.target.wants. At boot
# systemd binds tcp/23 on every address and starts remote-console@.service
# (in.telnetd) per connection: telnet, found by its port.
# expect: plaintext-services fail
# expect-text: plaintext-services ListenStream=23
set -eu
t=$1
mkdir -p "$t/etc/systemd/system/sockets.target.wants"
printf '[Socket]\nListenStream=23\nAccept=yes\n[Install]\nWantedBy=sockets.target\n' > "$t/etc/systemd/system/remote-console.socket"
printf '[Service]\nExecStart=-/usr/sbin/in.telnetd\nStandardInput=socket\n' > "$t/etc/systemd/system/remote-console@.service"
ln -s ../remote-console.socket "$t/etc/systemd/system/sockets.target.wants/remote-console.socket"
