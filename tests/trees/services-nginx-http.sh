#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: nginx.service is enabled; nginx.conf includes
# /etc/nginx/sites-enabled/*, whose "mgmt" site says "listen 80;" for the
# device's management page. nginx binds tcp/80 without TLS: plain http.
# expect: plaintext-services fail
# expect-text: plaintext-services nginx: listen 80
set -eu
t=$1
mkdir -p "$t/etc/nginx/sites-enabled"
printf 'events { }\nhttp {\n  include /etc/nginx/sites-enabled/*;\n}\n' > "$t/etc/nginx/nginx.conf"
printf 'server {\n  listen 80; # management\n  listen 443 ssl;\n  root /srv/www;\n}\n' > "$t/etc/nginx/sites-enabled/mgmt"
printf '[Service]\nExecStart=/usr/sbin/nginx\n[Install]\nWantedBy=multi-user.target\n' > "$t/lib/systemd/system/nginx.service"
ln -s /lib/systemd/system/nginx.service "$t/etc/systemd/system/multi-user.target.wants/nginx.service"
