#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The fleet playbook, twice: two "devices" over local connections, and (as
# root, with openssh-server) two devices over real SSH to an sshd this test
# starts on 127.0.0.1, where the raw module runs in a pty (CR LF line ends,
# stderr mixed into stdout) and bulwark says something on stderr. Each time
# the collected reports must be what bulwark wrote on the device byte for
# byte (no CR, nothing of stderr), the fleet summary must name the devices
# by their inventory names, and stderr must be shown apart.
# Skips (77) without ansible-playbook.
#
# Usage: ansible-fleet.sh BULWARK SOURCE_ROOT
set -eu

bulwark=$(realpath "$1")
src=$(realpath "$2")
command -v ansible-playbook >/dev/null || { echo "skip: ansible-playbook is not installed (ansible-core)"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bulwark-ansible.$$.XXXXXX")
sshd_pid=""
cleanup() {
        [ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null && wait "$sshd_pid" 2>/dev/null
        rm -rf "$tmp"
}
trap cleanup EXIT
export ANSIBLE_HOME="$tmp/ansible" ANSIBLE_LOCAL_TEMP="$tmp/ansible/tmp" ANSIBLE_NOCOLOR=1 \
       ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_PYTHON_INTERPRETER=auto_silent SOURCE_DATE_EPOCH=1700000000 \
       ANSIBLE_SSH_ARGS="-o ControlMaster=no" ANSIBLE_HOST_KEY_CHECKING=False

failed=0 passed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

fixture_a="--root $src/tests/fixtures/minimal --sl 3 --role network"
fixture_b="--root $src/tests/fixtures/hostile-strings --sl 3 --role network"
# What bulwark writes for each device, run directly.
# shellcheck disable=SC2086
"$bulwark" assess $fixture_a --format json >"$tmp/direct-a.json" || true
# shellcheck disable=SC2086
"$bulwark" assess $fixture_b --format json >"$tmp/direct-b.json" || true

# run NAME INVENTORY BULWARK_BIN: the playbook, then the checks.
run() {
        local name=$1 inventory=$2 bin=$3 out="$tmp/$1"
        if ansible-playbook -i "$inventory" "$src/contrib/ansible/fleet-assess.yml" \
                -e "bulwark_bin=$bin" -e "bulwark_controller=$bulwark" -e "bulwark_reports_dir=$out" \
                -e bulwark_hosts=devices >"$out.log" 2>&1; then
                ok
        else
                bad "$name: ansible-playbook failed:"; tail -30 "$out.log"
                return
        fi
        for d in a b; do
                f="$out/devices/device-$d.json"
                [ -s "$f" ] && ok || { bad "$name: no report collected from device-$d"; continue; }
                if grep -q $'\r' "$f"; then bad "$name: device-$d.json holds CR characters"; else ok; fi
                if grep -q 'on stderr' "$f"; then bad "$name: device-$d.json holds what bulwark wrote on stderr"; else ok; fi
                cmp -s "$tmp/direct-$d.json" "$f" && ok || bad "$name: device-$d.json differs from what bulwark wrote: $(cmp "$tmp/direct-$d.json" "$f" 2>&1)"
        done
        /usr/bin/python3 - "$out" <<'EOP' && ok || bad "$name: fleet.json"
import json, sys
d = sys.argv[1]
fleet = json.load(open(d + "/fleet.json"))
assert fleet["schema"] == "bulwark-fleet/1", fleet["schema"]
assert fleet["devices_total"] == 2, fleet["devices_total"]
names = sorted(x["name"] for x in fleet["devices"])
assert names == ["device-a", "device-b"], f"devices are named {names}, not by inventory name"
reports = {n: json.load(open(f"{d}/devices/{n}.json")) for n in ("device-a", "device-b")}
for req in fleet["requirements"]:
    failing = sorted(n for n, r in reports.items()
                     for x in r["requirements"] if x["id"] == req["id"] and x["in_scope"] and x["verdict"] == "fail")
    assert sorted(req["fail_devices"]) == failing, (req["id"], req["fail_devices"], failing)
EOP
        grep -q 'Fleet of 2 devices' "$out.log" && ok || bad "$name: the fleet summary was not shown"
        grep -q 'fail: device-a, device-b' "$out.log" && ok || bad "$name: the fleet summary does not name the devices by inventory name"
}

cat >"$tmp/inventory-local" <<EOI
[devices]
device-a ansible_connection=local bulwark_args="$fixture_a"
device-b ansible_connection=local bulwark_args="$fixture_b"
EOI
run local "$tmp/inventory-local" "$bulwark"

# Over SSH, as a fleet is reached: an sshd on 127.0.0.1 that lets root in with a key.
if [ "$(id -u)" != 0 ] || [ ! -x /usr/sbin/sshd ] || ! command -v ssh >/dev/null; then
        echo "skip the SSH part: needs root, openssh-server and openssh-client"
else
        mkdir -p /run/sshd && chmod 0755 /run/sshd
        ssh-keygen -q -t ed25519 -N '' -f "$tmp/hostkey"
        ssh-keygen -q -t ed25519 -N '' -f "$tmp/client"
        cp "$tmp/client.pub" "$tmp/authorized_keys"
        port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
        cat >"$tmp/sshd_config" <<CFG
ListenAddress 127.0.0.1
Port $port
HostKey $tmp/hostkey
PidFile none
UsePAM no
PermitRootLogin prohibit-password
PasswordAuthentication no
AuthorizedKeysFile $tmp/authorized_keys
StrictModes no
CFG
        /usr/sbin/sshd -D -e -f "$tmp/sshd_config" 2>"$tmp/sshd.log" &
        sshd_pid=$!
        for _ in $(seq 100); do grep -q "Server listening" "$tmp/sshd.log" && break; sleep 0.05; done
        grep -q "Server listening" "$tmp/sshd.log" && ok || bad "sshd did not start: $(cat "$tmp/sshd.log")"
        # bulwark on the "device" says something on stderr first, as a library or a warning may.
        cat >"$tmp/bulwark-on-device" <<EOW
#!/bin/sh
echo "bulwark-on-device: a warning on stderr" >&2
SOURCE_DATE_EPOCH=1700000000 exec "$bulwark" "\$@"
EOW
        chmod +x "$tmp/bulwark-on-device"
        ssh_vars="ansible_host=127.0.0.1 ansible_port=$port ansible_user=root ansible_ssh_private_key_file=$tmp/client ansible_ssh_common_args='-o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no'"
        cat >"$tmp/inventory-ssh" <<EOI
[devices]
device-a $ssh_vars bulwark_args="$fixture_a"
device-b $ssh_vars bulwark_args="$fixture_b"
EOI
        run ssh "$tmp/inventory-ssh" "$tmp/bulwark-on-device"
        grep -q 'bulwark-on-device: a warning on stderr' "$tmp/ssh.log" && ok || bad "ssh: what bulwark said on stderr is not shown"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
