#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: sshd is enabled only under its alias: the image's build made the
# alias link /etc/systemd/system/sshd.service -> ssh.service (ssh.service says
# Alias=sshd.service) and linked multi-user.target.wants/sshd.service, never a
# link named ssh.service. The manager's name map makes sshd.service the alias
# of ssh.service, so the .wants entry pulls ssh.service in and sshd starts at
# boot (systemctl is-enabled ssh.service: enabled, through the Alias= link).
# The sandboxing check must score it under its real name.
# expect: service-sandboxing manual
# expect-text: service-sandboxing ssh.service: exposure
set -eu
rm -f "$1/etc/systemd/system/multi-user.target.wants/ssh.service"
ln -s /lib/systemd/system/ssh.service "$1/etc/systemd/system/sshd.service"
ln -s /lib/systemd/system/ssh.service "$1/etc/systemd/system/multi-user.target.wants/sshd.service"
