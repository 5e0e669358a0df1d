#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Proves at link level that the assessment path cannot reach a destructive
# operation: assess-only (what `bulwark assess` calls in the library) is
# linked with --gc-sections from a library built with one section per
# function, so it holds exactly the functions the path can reach. None of
# the destructive entry points may be among them, and none of the
# libcryptsetup calls that change a header: libcryptsetup is dlopen()ed, so
# such a call is a sym_crypt_* function pointer (src/basic/cryptsetup-erase-dl.c,
# an object of its own) that the path would have to hold, and a direct call
# would be an undefined symbol. As a control, the full bulwark binary must
# hold them all (else this list has gone stale).
#   no-destructive.sh ASSESS_ONLY BULWARK
set -eu
assess_only=$1
bulwark=$2
command -v nm >/dev/null || { echo "nm (binutils) missing: skipped"; exit 77; }

# Our own destructive entry points (defined symbols) ...
ours="wipe_prepare wipe_execute wipe_reverify factory_reset_request factory_reset_cancel
      fw_apply fw_confirm fw_rollback fw_lockdown fw_island_set fw_nft_run"
# ... and the library calls that write (sym_ pointers filled by dlopen_cryptsetup_erase(), or undefined symbols).
theirs="crypt_wipe crypt_keyslot_destroy crypt_format crypt_keyslot_add_by_volume_key
        crypt_token_json_set crypt_header_restore crypt_repair"

fail=0
defined=$(nm "$assess_only" | awk '$2 ~ /^[TtWw]$/ { print $3 }')
data=$(nm "$assess_only" | awk '$2 ~ /^[BbDdSs]$/ { print $3 }')
undefined=$(nm -u "$assess_only" | awk '{ print $NF }' | sed 's/@.*//')
for s in $ours; do
        if echo "$defined" | grep -qx "$s"; then
                echo "FAIL: the assessment path links $s"; fail=1
        else
                echo "ok - assessment cannot reach $s"
        fi
done
for s in $theirs; do
        if echo "$undefined" | grep -qx "$s"; then
                echo "FAIL: the assessment path calls $s"; fail=1
        elif echo "$data" | grep -qx "sym_$s"; then
                echo "FAIL: the assessment path holds sym_$s"; fail=1
        else
                echo "ok - assessment does not call $s"
        fi
done

# Control: the whole tool has them, so the names above are the real ones.
all=$(nm "$bulwark" | awk '{ print $NF }' | sed 's/@.*//')
for s in $ours sym_crypt_keyslot_destroy sym_crypt_token_json_set; do
        if ! echo "$all" | grep -qx "$s"; then
                echo "FAIL: $s is not in bulwark at all: update this list"; fail=1
        fi
done
exit $fail
