#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# CR 5.4 evidence end to end: a generated root tree with enabled service
# units (one with a drop-in), assessed offline by bulwark; each unit's
# exposure is compared with `systemd-analyze security --offline=true
# --root=DIR UNIT`. The numbers agree within 1.5 and rank the units the same.
set -euo pipefail

BULWARK=${1:-${BULWARK:-bulwark}}
command -v systemd-analyze >/dev/null || { echo "systemd-analyze missing"; exit 77; }
systemd-analyze security --help 2>/dev/null | grep -q -- --offline || { echo "systemd-analyze without --offline"; exit 77; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
R=$T/root
U=$R/etc/systemd/system
mkdir -p "$U/multi-user.target.wants" "$U/web.service.d" "$R/var/lib/dpkg"
: >"$R/var/lib/dpkg/status"

unit() { # NAME BODY
        printf '[Unit]\nDescription=%s\n\n[Service]\nExecStart=/usr/bin/%s\n%b\n[Install]\nWantedBy=multi-user.target\n' "$1" "$1" "$2" >"$U/$1.service"
        ln -s "../$1.service" "$U/multi-user.target.wants/$1.service"
}
unit bare ''
unit daemon 'User=daemon\nPrivateTmp=yes\nProtectSystem=full\nProtectHome=yes\nNoNewPrivileges=yes\n'
unit web 'User=www-data\nProtectSystem=strict\nPrivateDevices=yes\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\nRestrictAddressFamilies=AF_INET AF_INET6\n'
# The drop-in hardens web further, as a product maker would.
printf '[Service]\nProtectKernelTunables=yes\nProtectKernelModules=yes\nProtectControlGroups=yes\nSystemCallFilter=@system-service\nSystemCallArchitectures=native\nRestrictNamespaces=yes\nLockPersonality=yes\n' \
        >"$U/web.service.d/harden.conf"
unit sealed 'DynamicUser=yes\nPrivateNetwork=yes\nPrivateDevices=yes\nPrivateUsers=yes\nProtectKernelTunables=yes\nProtectKernelModules=yes\nProtectKernelLogs=yes\nProtectControlGroups=yes\nProtectClock=yes\nProtectHostname=yes\nCapabilityBoundingSet=\nRestrictAddressFamilies=AF_UNIX\nRestrictNamespaces=yes\nSystemCallFilter=@system-service\nSystemCallArchitectures=native\nLockPersonality=yes\nMemoryDenyWriteExecute=yes\nRestrictRealtime=yes\nProtectProc=invisible\nProcSubset=pid\nUMask=0077\nIPAddressDeny=any\n'

"$BULWARK" assess --root "$R" --format json --output "$T/a.json" || [ $? -le 1 ]

for u in bare daemon web sealed; do
        printf '%s %s\n' "$u" "$(systemd-analyze security --offline=true --root="$R" "$u.service" 2>&1 |
                sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')"
done >"$T/analyze.txt"

/usr/bin/python3 - "$T/a.json" "$T/analyze.txt" <<'P'
import json, re, sys
d = json.load(open(sys.argv[1]))
c = [c for r in d["requirements"] for c in r["checks"] if c["id"] == "service-sandboxing"][0]
ours = {}
for e in c["evidence"]:
    m = re.match(r"(\S+)\.service: exposure (\d+\.\d)", e["detail"])
    if m:
        ours[m.group(1)] = float(m.group(2))
theirs = {}
for line in open(sys.argv[2]):
    name, _, score = line.strip().partition(" ")
    theirs[name] = float(score)
ok = True
for name in ("bare", "daemon", "web", "sealed"):
    a, b = ours.get(name), theirs.get(name)
    print(f"{name:8} bulwark {a}  systemd-analyze {b}")
    if a is None or b is None or abs(a - b) > 1.5:
        ok = False
        print(f"FAIL {name}: not within 1.5")
names = sorted(theirs, key=lambda n: theirs[n])
for i, x in enumerate(names):
    for y in names[i + 1:]:
        if theirs[y] - theirs[x] >= 0.5 and not ours[y] > ours[x]:
            ok = False
            print(f"FAIL ranking: systemd-analyze puts {y} above {x}, bulwark does not")
assert c["verdict"] == "manual", c["verdict"]
sys.exit(0 if ok else 1)
P
