#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bulwark firewall install-units into a temporary root: the fail-close units,
# the network drop-ins and the enable links are where systemd (and the
# offline assessment) look, and systemd-analyze accepts the units.
# Usage: firewall-units.sh BULWARK
set -euo pipefail

BULWARK=$(realpath "${1:?bulwark binary}")
R=$(mktemp -d /tmp/bulwark-units-XXXXXX)
trap 'rm -rf "$R"' EXIT
FAILS=0
check() { local what=$1; shift; if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; FAILS=$((FAILS + 1)); fi; }

"$BULWARK" firewall install-units --root "$R" --binary /bin/true > "$R.log"
U=$R/etc/systemd/system
check "lockdown unit written" test -f "$U/bulwark-lockdown.service"
check "firewall unit written" test -f "$U/bulwark-firewall.service"
check "lockdown enabled in sysinit.target.wants" test "$(readlink "$U/sysinit.target.wants/bulwark-lockdown.service")" = /etc/systemd/system/bulwark-lockdown.service
check "firewall enabled in sysinit.target.wants" test -L "$U/sysinit.target.wants/bulwark-firewall.service"
for n in networking systemd-networkd NetworkManager; do
        check "$n requires the firewall" grep -qx "Requires=bulwark-firewall.service" "$U/$n.service.d/bulwark.conf"
        check "$n is ordered after it" grep -qx "After=bulwark-firewall.service" "$U/$n.service.d/bulwark.conf"
done
for u in bulwark-lockdown bulwark-firewall; do
        check "$u: before network-pre.target" grep -q "^Before=network-pre.target" "$U/$u.service"
        check "$u: wants network-pre.target" grep -qx "Wants=network-pre.target" "$U/$u.service"
        check "$u: DefaultDependencies=no" grep -qx "DefaultDependencies=no" "$U/$u.service"
        check "$u: no ExecStop" bash -c "! grep -q '^ExecStop' '$U/$u.service'"
done
check "firewall requires lockdown" grep -qx "Requires=bulwark-lockdown.service" "$U/bulwark-firewall.service"

"$BULWARK" firewall install-units --root "$R" --binary /bin/true --policy /etc/x/p.conf --state-dir /var/x --no-enable > /dev/null
check "policy and state dir passed to apply" grep -qx "ExecStart=/bin/true firewall apply --policy /etc/x/p.conf --state-dir /var/x" "$U/bulwark-firewall.service"

# A relative state directory would be resolved against / by systemd, not where it was meant: refused.
rm -rf "$R/rel"; mkdir "$R/rel"
rc=0; "$BULWARK" firewall install-units --root "$R/rel" --binary /bin/true --state-dir var/x > /dev/null 2>&1 || rc=$?
check "install-units refuses a relative --state-dir (exit 2)" test $rc = 2
check "and writes nothing" test -z "$(ls -A "$R/rel")"
rc=0; "$BULWARK" firewall install-units --root "$R/rel" --binary /bin/true --policy p.conf > /dev/null 2>&1 || rc=$?
check "install-units refuses a relative --policy (exit 2)" test $rc = 2

if command -v systemd-analyze >/dev/null; then
        check "systemd-analyze verify accepts the units" systemd-analyze verify --man=no "$U/bulwark-lockdown.service" "$U/bulwark-firewall.service"
fi
rm -f "$R.log"
echo "$FAILS failure(s)"
[ $FAILS = 0 ]
