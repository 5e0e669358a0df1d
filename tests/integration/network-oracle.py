#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The network and services trees of the deviation corpus, held to the real programs.

For every tests/trees/network-*.sh and services-*.sh tree:

- systemd: each unit the DHCP and exposure checks name as starting, or as not
  starting, at boot is asked of `systemctl --root=TREE is-enabled`; a unit the
  check says starts must be enabled (or an alias/static unit pulled in), one
  it says does not start must not be enabled.
- ifupdown (when its ifup is installed, or BULWARK_IFUP names one): `ifup -n
  -v -a` and `ifup -n -v --allow hotplug -a` on the tree's interfaces file list
  the interfaces brought up and, for each, whether a DHCP client is run; the
  check's evidence must name exactly those interfaces as starting a DHCPv4
  client. Absolute include paths are pointed into the tree for the oracle, and
  ifup runs in a mount namespace where /sbin and /usr/sbin are the tree's, so
  it finds (or misses) the tree's DHCP clients.
"""
import glob
import os
import re
import shutil
import subprocess
import tempfile

from bwtest import *

TREES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "trees")
ROOT = os.path.abspath(os.path.join(TREES, "..", ".."))
SYSTEMCTL = shutil.which("systemctl") or "/usr/bin/systemctl"
IFUP = os.environ.get("BULWARK_IFUP") or next((p for p in ("/sbin/ifup", "/usr/sbin/ifup") if os.path.exists(p)), None)


def find_check(report, cid):
    for r in report["requirements"]:
        for c in r["checks"]:
            if c["id"] == cid:
                return c
    return None


def is_enabled(tree, unit):
    p = subprocess.run([SYSTEMCTL, "--root=" + tree, "is-enabled", unit], capture_output=True, text=True, timeout=60)
    return p.stdout.strip() or p.stderr.strip()


def ifup_dhcp(tree):
    """The interfaces ifup brings up at boot with a DHCP client, as ifup -n itself prints them."""
    src = os.path.join(tree, "etc/network/interfaces")
    if not os.path.exists(src):
        return set()
    with tempfile.TemporaryDirectory(prefix="bulwark-ifup-") as d:
        # Point absolute includes into the tree; relative ones already resolve against the file's directory.
        for path in glob.glob(os.path.join(tree, "etc/network/**"), recursive=True):
            if os.path.isfile(path):
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(re.sub(r"^(\s*source(?:-directory)?\s+)/", lambda m: m.group(1) + tree + "/", text, flags=re.M))
        # ifup looks for its DHCP clients at /sbin and /usr/sbin: show it the tree's, in a mount namespace of its own.
        ifup = os.path.join(d, "ifup")
        shutil.copy(IFUP, ifup)
        # The host may have /sbin -> usr/sbin: one directory with what the tree has in either, bound over both.
        merged = os.path.join(d, "sbin")
        os.makedirs(merged)
        for sub in ("sbin", "usr/sbin"):
            for e in os.listdir(os.path.join(tree, sub)) if os.path.isdir(os.path.join(tree, sub)) else []:
                shutil.copy2(os.path.join(tree, sub, e), os.path.join(merged, e), follow_symlinks=False)
        found = set()
        for extra in ([], ["--allow", "hotplug"]):
            cmd = " ".join([ifup, "-n", "-v", "-i", src, "--state-dir", d, *extra, "-a"])
            p = subprocess.run(["unshare", "-m", "/bin/sh", "-c",
                                f"mount --make-rprivate / && mount --bind {merged} /usr/sbin && "
                                f"{{ [ -L /sbin ] || mount --bind {merged} /sbin; }} && exec {cmd}"],
                               capture_output=True, text=True, timeout=60)
            blocks = re.split(r"ifup: configuring interface (\S+?)=\S+ \((\S+)\)", p.stdout + p.stderr)
            for i in range(1, len(blocks) - 2, 3):
                name, fam, body = blocks[i], blocks[i + 1], blocks[i + 2]
                if fam == "inet" and "No DHCP client software" not in body and re.search(r"dhclient|dhcpcd|udhcpc|pump", body):
                    found.add(name)
        return found


units_checked = 0
for script in sorted(glob.glob(os.path.join(TREES, "network-*.sh")) + glob.glob(os.path.join(TREES, "services-*.sh"))):
    name = os.path.basename(script)[:-3]
    with tempfile.TemporaryDirectory(prefix="bulwark-tree-") as d:
        tree = os.path.join(d, "root")
        shutil.copytree(os.path.join(FIXTURES, "cip-hardened"), tree, symlinks=True)
        p = subprocess.run(["/bin/sh", script, tree], cwd=ROOT, capture_output=True, text=True, timeout=60)
        expect(p.returncode == 0, f"{name}: the script ran")
        report, rc = assess_json("--root", tree, "--sl", "3", "--role", "network")
        for cid in ("dhcp-client-port-closed", "plaintext-services", "p2p-services-absent"):
            c = find_check(report, cid)
            for e in c["evidence"] if c else []:
                detail = e.get("detail", "")
                for m in re.finditer(r"(?:and |, )(\S+\.(?:service|socket)) starts at boot", detail):
                    state = is_enabled(tree, m.group(1))
                    units_checked += 1
                    expect(state in ("enabled", "enabled-runtime", "alias", "static", "indirect"),
                           f"{name}: {cid} says {m.group(1)} starts; systemctl --root says {state}")
                for m in re.finditer(r"(\S+\.(?:service|socket)) does not start at boot", detail):
                    state = is_enabled(tree, m.group(1))
                    units_checked += 1
                    expect(state not in ("enabled", "enabled-runtime"),
                           f"{name}: {cid} says {m.group(1)} does not start; systemctl --root says {state}")
        if IFUP and name.startswith("network-ifupdown"):
            c = find_check(report, "dhcp-client-port-closed")
            said = set()
            for e in c["evidence"]:
                m = re.match(r"DHCPv4 client starts: ifupdown: (\S+) inet dhcp", e.get("detail", ""))
                if m:
                    said.add(m.group(1))
            want = ifup_dhcp(tree)
            expect(said == want, f"{name}: DHCPv4 interfaces brought up at boot {sorted(said)}, ifup -n says {sorted(want)}")
expect(units_checked > 0, f"units held to systemctl --root ({units_checked})")
if not IFUP:
    print("# skip: no ifup (ifupdown) to hold the interfaces(5) trees to; set BULWARK_IFUP")
done()
