#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: mosquitto.service is enabled and /etc/mosquitto/conf.d/lan.conf
# (read through "include_dir /etc/mosquitto/conf.d") declares "listener 1883"
# with no certfile or psk_hint: mosquitto.conf(5) says such a listener speaks
# plain MQTT on every address. Its 8883 listener has a certfile (TLS).
# expect: plaintext-services fail
# expect-text: plaintext-services listener 1883
set -eu
t=$1
mkdir -p "$t/etc/mosquitto/conf.d"
printf 'persistence true\ninclude_dir /etc/mosquitto/conf.d\n' > "$t/etc/mosquitto/mosquitto.conf"
printf 'listener 8883\ncertfile /etc/mosquitto/certs/server.crt\nkeyfile /etc/mosquitto/certs/server.key\n\nlistener 1883\nallow_anonymous false\n' > "$t/etc/mosquitto/conf.d/lan.conf"
printf '[Service]\nExecStart=/usr/sbin/mosquitto -c /etc/mosquitto/mosquitto.conf\n[Install]\nWantedBy=multi-user.target\n' > "$t/lib/systemd/system/mosquitto.service"
ln -s /lib/systemd/system/mosquitto.service "$t/etc/systemd/system/multi-user.target.wants/mosquitto.service"
