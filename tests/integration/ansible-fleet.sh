#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The fleet playbook against localhost: two "devices" (local connections
# assessing two fixture trees) through the raw module, reports collected,
# merged into fleet.json. Skips (77) without ansible-playbook.
#
# Usage: ansible-fleet.sh BULWARK SOURCE_ROOT
set -eu

bulwark=$(realpath "$1")
src=$(realpath "$2")
command -v ansible-playbook >/dev/null || { echo "skip: ansible-playbook is not installed (ansible-core)"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ANSIBLE_HOME="$tmp/ansible" ANSIBLE_LOCAL_TEMP="$tmp/ansible/tmp" ANSIBLE_NOCOLOR=1 \
       ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_PYTHON_INTERPRETER=auto_silent SOURCE_DATE_EPOCH=1700000000
cat >"$tmp/inventory" <<EOI
[devices]
device-a ansible_connection=local bulwark_args="--root $src/tests/fixtures/minimal --sl 3 --role network"
device-b ansible_connection=local bulwark_args="--root $src/tests/fixtures/hostile-strings --sl 3 --role network"
EOI

failed=0 passed=0
ok() { passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

if ansible-playbook -i "$tmp/inventory" "$src/contrib/ansible/fleet-assess.yml" \
        -e "bulwark_bin=$bulwark" -e "bulwark_reports_dir=$tmp/reports" -e bulwark_hosts=devices >"$tmp/log" 2>&1; then
        ok
else
        bad "ansible-playbook failed:"; tail -30 "$tmp/log"
fi
for d in device-a device-b; do
        [ -s "$tmp/reports/devices/$d.json" ] && ok || bad "no report collected from $d"
done
python3 - "$tmp/reports" <<'EOP' && ok || bad "fleet.json"
import json, re, sys
d = sys.argv[1]
shown = lambda n: re.sub(r"[\x00-\x1f\x7f-\x9f]", "\ufffd", n.replace("\t", " ").replace("\n", " "))
fleet = json.load(open(d + "/fleet.json"))
assert fleet["schema"] == "bulwark-fleet/1", fleet["schema"]
assert fleet["devices_total"] == 2, fleet["devices_total"]
reports = [json.load(open(f"{d}/devices/{n}.json")) for n in ("device-a", "device-b")]
for req in fleet["requirements"]:
    failing = sorted(shown(r["target"]["hostname"]) for r in reports
                     for x in r["requirements"] if x["id"] == req["id"] and x["in_scope"] and x["verdict"] == "fail")
    assert sorted(req["fail_devices"]) == failing, (req["id"], req["fail_devices"], failing)
EOP
grep -q 'Fleet of 2 devices' "$tmp/log" && ok || bad "the fleet summary was not shown"
# The collected report is the device's report byte for byte (Ansible must not re-serialise it).
"$bulwark" assess --root "$src/tests/fixtures/hostile-strings" --sl 3 --role network --format json >"$tmp/direct.json" || true
cmp -s "$tmp/direct.json" "$tmp/reports/devices/device-b.json" && ok || bad "device-b.json differs from what bulwark wrote"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
