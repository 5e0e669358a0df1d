#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The deviation corpus: CIP-like trees with one realistic deviation each.

Each tests/trees/NAME.sh modifies a copy of a base tree (tests/fixtures/BASE,
cip-hardened unless a '# base: NAME' line says otherwise) given as $1, and its
header argues, from how the device would behave at boot, the verdicts that
must follow:

    # expect: CHECK-ID VERDICT          a check's verdict (pass fail manual na error)
    # expect: CHECK-ID not pass         anything but pass
    # expect-req: "CR 4.1" VERDICT      a requirement's verdict
    # expect-text: CHECK-ID TEXT        TEXT occurs in that check's summary or evidence
    # args: --sl 2 --role embedded      assessment arguments (default --sl 3 --role network)
    # pending: WHAT                     the tree waits for WHAT (a capability not yet built):
                                        it runs and its misses are listed, but do not fail;
                                        once it fully passes, the run says to drop the line

Scripts are plain POSIX sh, run with the tree as their only argument and the
project's root as the working directory; they touch nothing outside $1.
"""
import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

from bwtest import *

TREES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "trees")
ROOT = os.path.abspath(os.path.join(TREES, "..", ".."))
VERDICTS = {"pass", "fail", "manual", "na", "error"}


def parse(script):
    spec = {"base": "cip-hardened", "args": ["--sl", "3", "--role", "network"], "expect": [], "req": [], "text": [],
            "pending": None}
    for line in open(script, encoding="utf-8"):
        if not line.startswith("#"):
            continue
        m = re.match(r"#\s*(base|args|expect|expect-req|expect-text|pending):\s*(.*\S)\s*$", line)
        if not m:
            continue
        key, val = m.groups()
        if key == "base":
            spec["base"] = val
        elif key == "args":
            spec["args"] = shlex.split(val)
        elif key == "pending":
            spec["pending"] = val
        elif key == "expect":
            cid, want = val.split(None, 1)
            spec["expect"].append((cid, want))
        elif key == "expect-req":
            rid, want = shlex.split(val)
            spec["req"].append((rid, want))
        else:
            cid, text = val.split(None, 1)
            spec["text"].append((cid, text))
    return spec


def find_check(report, cid):
    for r in report["requirements"]:
        for c in r["checks"]:
            if c["id"] == cid:
                return c
    return None


def matches(got, want):
    if want == "not pass":
        return got != "pass"
    return got == want


scripts = sorted(glob.glob(os.path.join(TREES, "*.sh")))
only = sys.argv[1:]
if only:
    scripts = [s for s in scripts if os.path.basename(s)[:-3] in only]
expect(scripts, f"the corpus has trees ({len(scripts)})")
for script in scripts:
    name = os.path.basename(script)[:-3]
    spec = parse(script)
    expect(spec["expect"] or spec["req"], f"{name}: the header names at least one expected verdict")
    for cid, want in spec["expect"]:
        expect(want in VERDICTS or want == "not pass", f"{name}: '{want}' is a verdict")
    with tempfile.TemporaryDirectory(prefix="bulwark-tree-") as d:
        tree = os.path.join(d, "root")
        shutil.copytree(os.path.join(FIXTURES, spec["base"]), tree, symlinks=True)
        p = subprocess.run(["/bin/sh", script, tree], cwd=ROOT, capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            expect(False, f"{name}: the script ran (exit {p.returncode}: {p.stderr.strip()})")
            continue
        report, rc = assess_json("--root", tree, *spec["args"])
        results = []
        for cid, want in spec["expect"]:
            c = find_check(report, cid)
            got = c["verdict"] if c else "(absent)"
            results.append((c is not None and matches(got, want),
                            f"{name}: {cid} is {want} (got {got}: {c['summary'] if c else ''})"))
        for rid, want in spec["req"]:
            got = requirement(report, rid)["verdict"]
            results.append((matches(got, want), f"{name}: requirement {rid} is {want} (got {got})"))
        for cid, text in spec["text"]:
            c = find_check(report, cid)
            blob = json.dumps(c) if c else ""
            results.append((text in blob, f"{name}: {cid} says '{text}'"))
        if spec["pending"]:
            missed = [what for ok, what in results if not ok]
            for what in missed:
                print(f"pending ({spec['pending']}) - {what}")
            if not missed:
                print(f"note - {name}: passes in full; drop its '# pending:' line")
            continue
        for ok, what in results:
            expect(ok, what)
done()
