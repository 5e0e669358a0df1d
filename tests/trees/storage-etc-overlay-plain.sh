#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the /etc overlay (initramfs-overlay-hook) is installed and keeps
# its upper dir under /var/local, but the crypt hook encrypts only /home and
# fstab has no /var line: the overlay's script mounts /dev/disk/by-label/var
# itself, plain. Every change to /etc (and /var's data) rests in clear.
# expect: data-at-rest-encrypted fail
# expect-text: data-at-rest-encrypted /etc overlay storage
set -eu
printf 'PARTITIONS="home:/home:reencrypt"\n' > "$1/usr/share/encrypt_partition/encrypt_partition.env"
sed -i '/^\/dev\/mapper\/encrypted_var /d' "$1/etc/fstab"
d="$1/usr/share/initramfs-tools"
mkdir -p "$d/scripts/local-bottom"
cat > "$d/hooks/overlay" <<'HOOK'
#!/bin/sh
case $1 in prereqs) exit 0 ;; esac
. /usr/share/initramfs-tools/hook-functions
manual_add_modules overlay
HOOK
cat > "$d/scripts/local-bottom/overlay" <<'SCRIPT'
#!/bin/sh
PREREQ="encrypt_partition"
case $1 in prereqs) echo "$PREREQ"; exit 0 ;; esac
. /scripts/functions
ovl_partition_device="/dev/disk/by-label/var"
ovl_storage_path="/var/local"
ovl_lower_dirs="/etc"
storage_mount_point="$(echo "${ovl_storage_path}" | awk -F/ '{print FS$2}')"
if ! mountpoint -q "${rootmnt}${storage_mount_point}"; then
	mount "${ovl_partition_device}" "${rootmnt}${storage_mount_point}" || panic "no overlay storage"
fi
for l in ${ovl_lower_dirs}; do
	mkdir -p "${rootmnt}${ovl_storage_path}$l" "${rootmnt}${ovl_storage_path}/.etc-atomic"
	mount -t overlay -o lowerdir=${rootmnt}$l,upperdir=${rootmnt}${ovl_storage_path}$l,workdir=${rootmnt}${ovl_storage_path}/.etc-atomic overlay ${rootmnt}$l
done
SCRIPT
chmod 0755 "$d/hooks/overlay" "$d/scripts/local-bottom/overlay"
