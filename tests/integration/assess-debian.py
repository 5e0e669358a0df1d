#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The issue's acceptance run: a debootstrapped Debian 12 tree, SL 3, network role.
Every catalogue ID gets a verdict, and the verdicts for stock Debian are the true ones."""
import os
import subprocess
import sys

from bwtest import *

if not is_root():
    print("debootstrap needs root: skipped")
    sys.exit(SKIP)
tool = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "make-debian-tree")
p = subprocess.run([tool], capture_output=True, text=True, timeout=1800)
if p.returncode != 0:
    print(p.stderr)
    sys.exit(1)
tree = p.stdout.strip()

report, rc = assess_json("--root", tree, "--sl", "3", "--role", "network")
v = verdicts(report)
expect(len(v) == 14 and all(x in ("pass", "fail", "na", "manual", "error") for x in v.values()), "every catalogue ID has a verdict")
expect(v["NDR 5.2 RE(1)"] == "fail", "Debian's accept-all nftables.conf fails NDR 5.2 RE(1)")
expect(check(report, "NDR 5.2 RE(3)", "fail-close-boot")["verdict"] == "fail", "the disabled nftables.service fails RE(3)")
expect(v["NDR 5.3"] == "fail" and "exim4" in json.dumps(requirement(report, "NDR 5.3")), "the installed MTA fails NDR 5.3")
expect(v["CR 4.1"] == "fail", "CR 4.1 fails on stock Debian")
expect(check(report, "CR 4.1", "data-at-rest-encrypted")["verdict"] == "fail", "no data-at-rest encryption fails CR 4.1")
expect(check(report, "CR 4.1", "tls-ssh-stack-present")["verdict"] == "pass", "OpenSSL and OpenSSH found with their versions")
expect(check(report, "CR 4.2", "erase-tools-present")["verdict"] == "pass", "coreutils' shred/dd found")
expect(rc == 1, "exit code 1")
done()
