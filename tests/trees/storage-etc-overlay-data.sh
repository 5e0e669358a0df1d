#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Deviation: the /etc overlay of an older isar-cip-core (etc-overlay script)
# mounts /dev/disk/by-label/var on /var and keeps /etc's upper dir in
# /var/local/etc; the crypt hook is installed but its env names only /home.
# /var is mounted by the overlay script, plain, so /etc's changes rest in
# clear on the var partition.
# expect: data-at-rest-encrypted fail
# expect-text: data-at-rest-encrypted /var/local
set -eu
printf 'PARTITIONS="home:/home:reencrypt"\n' > "$1/usr/share/encrypt_partition/encrypt_partition.env"
sed -i '/^\/dev\/mapper\/encrypted_var /d' "$1/etc/fstab"
d="$1/usr/share/initramfs-tools"
mkdir -p "$d/scripts/local-bottom"
printf '#!/bin/sh\ncase $1 in prereqs) exit 0 ;; esac\n. /usr/share/initramfs-tools/hook-functions\nmanual_add_modules overlay\n' > "$d/hooks/etc-overlay"
cat > "$d/scripts/local-bottom/etc-overlay" <<'SCRIPT'
#!/bin/sh
case $1 in prereqs) exit 0 ;; esac
. /scripts/functions
mount -t $(get_fstype /dev/disk/by-label/var) /dev/disk/by-label/var ${rootmnt}/var || panic "no /var"
mkdir -p ${rootmnt}/var/local/etc ${rootmnt}/var/local/.atomic
mount -t overlay -o lowerdir=${rootmnt}/etc,upperdir=${rootmnt}/var/local/etc,workdir=${rootmnt}/var/local/.atomic overlay ${rootmnt}/etc
SCRIPT
chmod 0755 "$d/hooks/etc-overlay" "$d/scripts/local-bottom/etc-overlay"
