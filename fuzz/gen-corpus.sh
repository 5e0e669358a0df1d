#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Regenerates the seed corpora of the parser harnesses from tests/fixtures,
# examples/ and a few real artefacts made on the spot (a ruleset listed by
# libnftables in a throwaway network namespace, certificates from openssl,
# a wipe certificate from bulwark). Run as root from the source tree with a
# built ./build; inputs found by fuzzing (regress-*) are kept.
#   fuzz/gen-corpus.sh [BUILD_DIR]
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
c=fuzz/corpus
fx=tests/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

seed() { # seed DIR NAME < bytes
        mkdir -p "$c/$1"
        cat > "$c/$1/$2"
}
prefixed() { # prefixed DIR NAME BYTE FILE: a selector byte, then the file
        { printf "$3"; cat "$4"; } | seed "$1" "$2"
}

for t in minimal stock-debian cip-hardened hostile hostile-strings; do
        # The first 8 KiB: whole stanzas matter, not the size (the size limit has its own test).
        head -c 8192 "$fx/$t/var/lib/dpkg/status" | seed dpkg-status "$t"
done
for f in $(cd $fx && find . -name os-release -o -name '*.env' -o -name reset-env -o -name grub | sort); do
        seed env-file "$(echo "$f" | tr / _ | sed 's/^\._//')" < "$fx/$f"
done

# Unit files: the fragment, a NUL, then a drop-in.
seed unit-file stock-ssh < "$fx/stock-debian/lib/systemd/system/ssh.service"
seed unit-file stock-networkd < "$fx/stock-debian/lib/systemd/system/systemd-networkd.service"
{ cat "$fx/cip-hardened/lib/systemd/system/nftables.service"; printf '\0'
  cat "$fx/cip-hardened/etc/systemd/system/nftables.service.d/fail-close.conf"; } | seed unit-file cip-nftables-dropin
{ cat "$fx/cip-hardened/lib/systemd/system/networking.service"; printf '\0'
  cat "$fx/cip-hardened/etc/systemd/system/networking.service.d/require-firewall.conf"; } | seed unit-file cip-networking-dropin
printf '[Service]\nExecStart=/bin/a \\\n  --long \\\n\nListenStream=\nListenStream=0.0.0.0:22\n; c\n# d\n' | seed unit-file continuation

# /proc/net: byte 0 = tcp4, 1 = tcp6, 2 = udp4, 3 = udp6.
cat > "$tmp/tcp" <<'T'
  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:0019 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 21391 1 0 100 0 0 10 0
   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 18004 1 0 100 0 0 10 0
   2: 0F02000A:0016 0202000A:C350 01 00000000:00000000 02:0009A5B2 00000000     0        0 29000 4 0 20 10 -1
T
cat > "$tmp/udp6" <<'T'
  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  10: 00000000000000000000000001000000:0044 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 1234 2 0 0
T
prefixed proc-net tcp4 '\000' "$tmp/tcp"
prefixed proc-net udp6 '\003' "$tmp/udp6"
head -c 2000 /proc/net/tcp6 > "$tmp/tcp6"; prefixed proc-net live-tcp6 '\001' "$tmp/tcp6"
head -c 2000 /proc/net/udp > "$tmp/udp"; prefixed proc-net live-udp '\002' "$tmp/udp"

# simple-conf: byte 0 = sysctl, 1 = inetd, 2 = crypttab, 3 = kernel command line (key after a NUL).
printf 'kernel.kptr_restrict = 2\n-net/ipv4/ip_forward=0\n; c\n# c\nfs.protected_fifos=2\n' > "$tmp/sysctl"
prefixed simple-conf sysctl '\000' "$tmp/sysctl"
printf '# c\nftp stream tcp nowait root /usr/sbin/tcpd in.ftpd\n127.0.0.1:telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd -h\n' > "$tmp/inetd"
prefixed simple-conf inetd '\001' "$tmp/inetd"
printf '# <target> <source> <key> <options>\ndata UUID=0b1c-22 none luks,discard\nswap /dev/sda3 /dev/urandom swap,cipher=aes-xts-plain64\nhome /dev/sdb1 /etc/key luks,tpm2-device=auto\n' > "$tmp/crypttab"
prefixed simple-conf crypttab '\002' "$tmp/crypttab"
{ cat "$fx/cip-hardened/etc/kernel/cmdline"; printf '\0init_on_free'; } > "$tmp/cmdline"
prefixed simple-conf cmdline '\003' "$tmp/cmdline"
printf 'BOOT_IMAGE=/vmlinuz root="/dev/sda 1" quiet init_on_free=1 init_on_free=0 -- init_on_free=1\0init_on_free' > "$tmp/cmdline2"
prefixed simple-conf cmdline-quoted '\003' "$tmp/cmdline2"

# /proc/crypto: the first entries of this machine's.
awk 'BEGIN{RS=""; ORS="\n\n"} NR<=12' /proc/crypto | seed proc-crypto live

# LUKS2 tokens as systemd and clevis write them.
printf '{"type":"systemd-tpm2","keyslots":["1"],"tpm2-blob":"AAAA","tpm2-pcrs":[7],"tpm2-pcr-bank":"sha256","tpm2-primary-alg":"ecc"}' | seed luks-token tpm2
printf '{"type":"clevis","keyslots":["2","3"],"jwe":{"ciphertext":"x","encrypted_key":"","iv":"y","protected":"z","tag":"t"}}' | seed luks-token clevis
printf '{"type":"systemd-recovery","keyslots":["0"]}' | seed luks-token recovery
printf '{"type":"systemd-fido2","keyslots":["31"],"fido2-credential":"q","fido2-salt":"s","fido2-rp":"io.systemd.cryptsetup"}' | seed luks-token fido2

# Firewall policies: the examples, main file and drop-in separated by a NUL.
{ cat examples/policy.conf; printf '\0'; cat examples/policy.d/50-historian.conf; printf '\0[Conduit ssh]\nPorts=\nPorts=2222\n'; } | seed firewall example-dropins
printf '[Device]\nDHCPClient=yes\nBlockP2P=yes\n[Zone a]\nInterfaces=eth0 eth1\nAddresses=fd00::/64, 10.0.0.0/8\n[Conduit x]\nFrom=any\nTo=a\nProtocol=icmp\nRate=10/minute\nLog=yes\n' | seed firewall ipv6-rate

# Rulesets as libnftables lists them: each fixture's nftables.conf loaded in a throwaway namespace.
if [ "$(id -u)" = 0 ]; then
        for t in stock-debian cip-hardened hostile; do
                unshare -n sh -c "nft -f '$fx/$t/etc/nftables.conf' && nft -j list ruleset" > "$tmp/rs.json" 2>/dev/null &&
                        seed ruleset-eval "$t" < "$tmp/rs.json" || true
        done
fi
printf '{"nftables":[]}' | seed ruleset-eval empty

# DER certificates: RSA with SAN and EKU, EC, Ed25519 self-signed.
mkcert() { # mkcert NAME KEYOPTS...
        name=$1; shift
        openssl req -x509 -newkey "$@" -nodes -keyout "$tmp/$name.key" -out "$tmp/$name.pem" -days 30 \
                -subj "/CN=$name.example/O=Bulwark fuzz" -addext "subjectAltName=DNS:$name.example,IP:127.0.0.1" \
                -addext "extendedKeyUsage=serverAuth,clientAuth" 2>/dev/null
        openssl x509 -in "$tmp/$name.pem" -outform DER -out "$tmp/$name.der"
        seed x509 "$name" < "$tmp/$name.der"
}
mkcert rsa rsa:2048
mkcert ec ec -pkeyopt ec_paramgen_curve:P-256
mkcert ed25519 ed25519

# Wipe certificates (format 2): unsigned, signed (EC and Ed25519), and the started record a killed run leaves.
if [ -x "$build/bulwark" ]; then
        head -c 65536 /dev/zero > "$tmp/target"
        "$build/bulwark" wipe --yes --certificate "$tmp/unsigned.json" "$tmp/target" >/dev/null 2>&1 || true
        [ -s "$tmp/unsigned.json" ] && seed wipe-cert unsigned < "$tmp/unsigned.json"
        for k in ec ed25519; do
                head -c 65536 /dev/zero > "$tmp/target"
                "$build/bulwark" wipe --yes --certificate "$tmp/signed.json" --sign-key "$tmp/$k.key" --sign-cert "$tmp/$k.pem" \
                        "$tmp/target" >/dev/null 2>&1 || true
                [ -s "$tmp/signed.json" ] && seed wipe-cert "signed-$k" < "$tmp/signed.json"
                rm -f "$tmp/signed.json"
        done
        truncate -s 1G "$tmp/big"
        "$build/bulwark" wipe --yes --certificate "$tmp/started.json" --sign-key "$tmp/ec.key" --sign-cert "$tmp/ec.pem" \
                "$tmp/big" >/dev/null 2>&1 &
        pid=$!
        while kill -0 $pid 2>/dev/null && ! grep -qs '"status": "started"' "$tmp/started.json"; do sleep 0.05; done
        kill -KILL $pid 2>/dev/null || true
        wait $pid || true
        grep -qs '"status": "started"' "$tmp/started.json" && seed wipe-cert started-signed-ec < "$tmp/started.json"
fi
ls $c/*/ | wc -l
