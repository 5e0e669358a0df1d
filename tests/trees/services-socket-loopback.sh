#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Not exposed: a debugging socket unit binds ListenStream=127.0.0.1:23 only
# (systemd.socket(5): ADDRESS:PORT binds that address), and a plain-http
# status page socket is installed but not enabled. Nothing plaintext is
# reachable from the network at boot.
# expect: plaintext-services pass
# expect-text: plaintext-services loopback only
set -eu
t=$1
mkdir -p "$t/etc/systemd/system/sockets.target.wants"
printf '[Socket]\nListenStream=127.0.0.1:23\nAccept=yes\n[Install]\nWantedBy=sockets.target\n' > "$t/etc/systemd/system/debug-console.socket"
ln -s ../debug-console.socket "$t/etc/systemd/system/sockets.target.wants/debug-console.socket"
printf '[Socket]\nListenStream=[::]:80\n[Install]\nWantedBy=sockets.target\n' > "$t/etc/systemd/system/status-page.socket"
