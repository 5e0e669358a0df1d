#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: an fstab line whose pass field is not a number
# ("... defaults 0 x"). libmount rejects the whole line, systemd makes no
# unit of it; what it was meant to mount stays unknown, so the verdict
# cannot be pass.
# expect: data-at-rest-encrypted manual
# expect: swap-absent-or-encrypted manual
set -eu
printf 'LABEL=logs /var/log ext4 defaults 0 x\n' >> "$1/etc/fstab"
