#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation (none harmful): fstab bind-mounts /var/lib/app-data onto /srv/app.
# The data lies where the bind's source does, inside /var, which the
# installed crypt hook encrypts; no other file system is added.
# expect: data-at-rest-encrypted pass
# expect-text: data-at-rest-encrypted source of the bind mount on /srv/app
set -eu
mkdir -p "$1/srv/app"
printf '/var/lib/app-data /srv/app none bind 0 0\n' >> "$1/etc/fstab"
