#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the vendor zram-generator.conf in /usr/lib gives zram0 a
# writeback-device on a plain partition: idle pages are written out to that
# partition, so memory contents reach storage in clear. The device is not
# encrypted: a plain partition, like a plain swap partition.
# expect: swap-absent-or-encrypted fail
# expect-text: swap-absent-or-encrypted writeback
set -eu
mkdir -p "$1/usr/lib/systemd/system-generators"
printf '#!/bin/sh\n' > "$1/usr/lib/systemd/system-generators/zram-generator"
chmod 0755 "$1/usr/lib/systemd/system-generators/zram-generator"
printf '[zram0]\nzram-size = min(ram, 4096)\nwriteback-device = /dev/disk/by-partlabel/zram-backing\n' > "$1/usr/lib/systemd/zram-generator.conf"
