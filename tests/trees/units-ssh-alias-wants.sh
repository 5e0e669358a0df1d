#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: sshd is enabled only under its alias: the image's build linked
# multi-user.target.wants/sshd.service (ssh.service says Alias=sshd.service)
# and never made a link named ssh.service. systemd resolves the alias, so
# ssh.service starts at boot and is a service to score: the sandboxing check
# must list ssh.service (and, as for every device, leave the review manual).
# systemctl is-enabled says disabled (no link of its own name, and an alias
# in a .wants directory is not what enable makes), yet the manager follows
# the link at boot: enablement and starting differ here.
# expect: service-sandboxing manual
# expect-text: service-sandboxing ssh.service: exposure
# pending: service-sandboxing judged by facts_unit_starts() (branch i13-rule, 9e41d24)
set -eu
rm -f "$1/etc/systemd/system/multi-user.target.wants/ssh.service"
ln -s /lib/systemd/system/ssh.service "$1/etc/systemd/system/multi-user.target.wants/sshd.service"
