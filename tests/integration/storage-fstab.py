#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""fstab as the real programs read it, against what the storage checks judge.

Oracles: findmnt --fstab --tab-file (libmount, which bulwark uses: the same
entries and the same "parse error at line N") and systemd-fstab-generator
(which mount units systemd makes of the file at boot; systemd 252 parses with
getmntent and so mounts some lines libmount rejects). For each fstab of a
corpus (hand-written cases and the fstabs the storage-*/swap-* trees make),
on a copy of the cip-hardened tree:

- the lines bulwark names as unparseable are exactly findmnt's parse errors;
- every swap entry findmnt lists is named in swap-absent-or-encrypted;
- every persistent mount findmnt lists (not tmpfs, kernel, /boot) is named in
  data-at-rest-encrypted's evidence;
- a mount unit the generator makes at boot from a line findmnt rejects leaves
  data-at-rest-encrypted not passing.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import tempfile

from bwtest import *

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
GENERATOR = "/usr/lib/systemd/system-generators/systemd-fstab-generator"
PSEUDO = {"tmpfs", "ramfs", "proc", "sysfs", "devtmpfs", "devpts", "swap", "cgroup2", "mqueue", "debugfs"}
BOOT = {"/boot", "/boot/efi", "/efi", "/boot/firmware"}

CASES = {
    "plain-lines": "/dev/sda1 / ext4 ro 0 1\nLABEL=data /data xfs defaults,nofail 0 2\nUUID=1234 none swap sw 0 0\n",
    "two-fields": "/dev/sda1 / ext4 ro 0 1\n/dev/sdb1 /srv\n",
    "bad-pass": "/dev/sda1 / ext4 ro 0 1\n/dev/sdd1 /x ext4 defaults 0 x\n",
    "one-field": "/dev/sda1 / ext4 ro 0 1\nLABEL=logs\n/dev/sdc2 none swap sw\n",
    "comments-blank": "# c\n\n   \n/dev/sda1 / squashfs ro 0 0\n\t/dev/sde1\t/var\text4\tdefaults\t0\t2\n",
    "tmpfs-boot": "/dev/sda1 / ext4 ro 0 1\ntmpfs /tmp tmpfs defaults 0 0\n/dev/sda2 /boot vfat umask=0077 0 2\n",
    "quoted-escaped": "/dev/sda1 / ext4 ro 0 1\n/dev/sdf1 /srv/with\\040space ext4 defaults 0 2\n",
    "six-plus": "/dev/sda1 / ext4 ro 0 1\n/dev/sdg1 /opt ext4 defaults 0 2 extra\n",
}


def findmnt(path):
    p = subprocess.run(["findmnt", "--fstab", "--tab-file", path, "-J", "-o", "SOURCE,TARGET,FSTYPE,OPTIONS"],
                       capture_output=True, text=True)
    entries = json.loads(p.stdout)["filesystems"] if p.stdout.strip() else []
    errors = {int(n) for n in re.findall(r"parse error at line (\d+)", p.stderr)}
    return entries, errors


def generated_mounts(path):
    """Where= of each .mount unit the generator pulls into local-fs.target."""
    if not os.access(GENERATOR, os.X_OK):
        return None
    with tempfile.TemporaryDirectory() as d:
        for sub in ("n", "e", "l"):
            os.mkdir(os.path.join(d, sub))
        subprocess.run([GENERATOR, *(os.path.join(d, s) for s in ("n", "e", "l"))], env={"SYSTEMD_FSTAB": path},
                       capture_output=True, text=True)
        wheres = set()
        for link in glob.glob(os.path.join(d, "n", "local-fs.target.*", "*.mount")):
            unit = os.path.join(d, "n", os.path.basename(link))
            for line in open(unit, encoding="utf-8"):
                if line.startswith("Where="):
                    wheres.add(line[6:].strip())
        return wheres


def check_of(report, cid):
    for r in report["requirements"]:
        for c in r["checks"]:
            if c["id"] == cid:
                return c
    return None


def details(c):
    return "\n".join(e["detail"] for e in c["evidence"]) if c else ""


def corpus():
    for name, text in sorted(CASES.items()):
        yield name, lambda tree, text=text: open(os.path.join(tree, "etc", "fstab"), "w").write(text)
    for script in sorted(glob.glob(os.path.join(ROOT, "tests", "trees", "storage-*.sh")) +
                         glob.glob(os.path.join(ROOT, "tests", "trees", "swap-*.sh"))):
        yield os.path.basename(script)[:-3], lambda tree, s=script: subprocess.run(["/bin/sh", s, tree], cwd=ROOT, check=True)


for name, make in corpus():
    with tempfile.TemporaryDirectory(prefix="bulwark-fstab-") as d:
        tree = os.path.join(d, "root")
        shutil.copytree(os.path.join(FIXTURES, "cip-hardened"), tree, symlinks=True)
        make(tree)
        fstab = os.path.join(tree, "etc", "fstab")
        entries, errors = findmnt(fstab)
        report, _ = assess_json("--root", tree, "--sl", "3", "--role", "network")
        dar, swap = check_of(report, "data-at-rest-encrypted"), check_of(report, "swap-absent-or-encrypted")
        named = {int(n) for n in re.findall(r"/etc/fstab line (\d+) could not be parsed", details(dar))}
        expect(named == errors, f"{name}: unparseable lines {sorted(named)} are findmnt's parse errors {sorted(errors)}")
        capped = dar["verdict"] == "error" and "DATA_MOUNTS_MAX" in dar["summary"]
        if capped:
            # A cap that cut the file systems judged: the check says error, and may not have named the rest.
            expect(len(entries) > 512, f"{name}: the DATA_MOUNTS_MAX cap is hit only with more than 512 mounts ({len(entries)})")
        for e in entries if not capped else []:
            src, target, fstype = e.get("source") or "", e.get("target") or "", e.get("fstype") or ""
            if fstype == "swap":
                expect(src in details(swap), f"{name}: swap on {src} is named by swap-absent-or-encrypted")
            elif fstype not in PSEUDO and target not in BOOT:
                # findmnt prints the decoded path; bulwark names it the same way.
                # An overlay is judged by its upper dir, a bind mount by its source: the evidence names the mount point.
                via = "bind" in (e.get("options") or "").split(",") or fstype == "overlay"
                expect(f"{target} (" in details(dar) or (via and f"on {target})" in details(dar)),
                       f"{name}: the mount on {target} ({fstype}) is judged by data-at-rest-encrypted")
        wheres = generated_mounts(fstab)
        if wheres is not None:
            listed = {e.get("target") for e in entries}
            for w in sorted(wheres - listed):
                expect(dar["verdict"] != "pass",
                       f"{name}: systemd mounts {w} at boot from a line libmount rejects, so data-at-rest-encrypted does not pass (got {dar['verdict']})")
done()
