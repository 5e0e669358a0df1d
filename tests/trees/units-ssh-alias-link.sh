#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: a vendor layer names the daemon openssh.service: a link
# /etc/systemd/system/openssh.service -> /lib/systemd/system/ssh.service, and
# the .wants link goes through that name. systemd's unit name map makes
# openssh.service an alias of ssh.service, so ssh.service starts at boot and
# the sandboxing check must score it under its real name.
# systemctl is-enabled says indirect (the link is not one Alias= names), yet
# the manager follows it at boot: enablement and starting differ here.
# expect: service-sandboxing manual
# expect-text: service-sandboxing ssh.service: exposure
set -eu
rm -f "$1/etc/systemd/system/multi-user.target.wants/ssh.service"
ln -s /lib/systemd/system/ssh.service "$1/etc/systemd/system/openssh.service"
ln -s /etc/systemd/system/openssh.service "$1/etc/systemd/system/multi-user.target.wants/openssh.service"
