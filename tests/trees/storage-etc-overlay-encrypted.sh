#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation (none harmful): the /etc overlay is installed with its upper dir
# under /var/local, and the installed crypt hook encrypts /var, which it
# opens and mounts before the overlay script runs (PREREQ). /etc's changes
# land inside the LUKS2 volume.
# expect: data-at-rest-encrypted pass
# expect-text: data-at-rest-encrypted /etc overlay
set -eu
d="$1/usr/share/initramfs-tools"
mkdir -p "$d/scripts/local-bottom"
printf '#!/bin/sh\ncase $1 in prereqs) exit 0 ;; esac\n. /usr/share/initramfs-tools/hook-functions\nmanual_add_modules overlay\n' > "$d/hooks/overlay"
cat > "$d/scripts/local-bottom/overlay" <<'SCRIPT'
#!/bin/sh
PREREQ="encrypt_partition"
case $1 in prereqs) echo "$PREREQ"; exit 0 ;; esac
ovl_partition_device="/dev/disk/by-label/var"
ovl_storage_path="/var/local"
ovl_lower_dirs="/etc"
SCRIPT
chmod 0755 "$d/hooks/overlay" "$d/scripts/local-bottom/overlay"
