#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: systemd-zram-generator with /etc/systemd/zram-generator.conf
# ([zram0], half the RAM). At boot the generator makes a zram swap device:
# compressed RAM, gone at power-off like the rest of memory, so no page
# reaches storage.
# expect: swap-absent-or-encrypted pass
# expect-text: swap-absent-or-encrypted /dev/zram0
set -eu
mkdir -p "$1/usr/lib/systemd/system-generators"
printf '#!/bin/sh\n' > "$1/usr/lib/systemd/system-generators/zram-generator"
chmod 0755 "$1/usr/lib/systemd/system-generators/zram-generator"
printf '[zram0]\nzram-size = ram / 2\ncompression-algorithm = zstd\n' > "$1/etc/systemd/zram-generator.conf"
