#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Not exposed in clear: mosquitto.service is enabled with one listener,
# "listener 8883" with certfile/keyfile (MQTT over TLS). mosquitto 2 opens
# no other port when a listener is configured.
# expect: plaintext-services pass
set -eu
t=$1
mkdir -p "$t/etc/mosquitto"
printf 'listener 8883\ncertfile /etc/mosquitto/certs/server.crt\nkeyfile /etc/mosquitto/certs/server.key\n' > "$t/etc/mosquitto/mosquitto.conf"
printf '[Service]\nExecStart=/usr/sbin/mosquitto -c /etc/mosquitto/mosquitto.conf\n[Install]\nWantedBy=multi-user.target\n' > "$t/lib/systemd/system/mosquitto.service"
ln -s /lib/systemd/system/mosquitto.service "$t/etc/systemd/system/multi-user.target.wants/mosquitto.service"
