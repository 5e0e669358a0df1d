#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the installer's fstab line activates swap by UUID on a plain
# partition (defaults,nofail: still activated at boot when present).
# expect: swap-absent-or-encrypted fail
# expect-text: swap-absent-or-encrypted UUID=
set -eu
printf 'UUID=5b0e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4 none swap defaults,nofail 0 0\n' >> "$1/etc/fstab"
