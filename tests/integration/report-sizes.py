#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Output sized for a person, and JUnit for a CI that must not bury manual checks.

The text report of one assessment, three ways, held against the JSON report of
the same run (the record of every verdict and piece of evidence):

- default: every requirement and check line; under each check not met (fail,
  error, manual) at most three evidence lines, then "(N more ...)" with N the
  rest; no evidence under passing checks; the summary line last;
- --verbose: every evidence line of every check;
- --quiet: a line per failing or erroring check and nothing of the others,
  the summary line last;
- COLUMNS=N: no line wider than N but for a single word that fits no line;
- --format junit --junit-manual=failure: every manual check is a <failure
  type="manual">, counted in failures; without it a <skipped>;
- --format html: a <details> per check with evidence, open exactly under the
  checks not met, and a chart bar per FR.

Usage: report-sizes.py BULWARK
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bwtest import FIXTURES, done, expect  # noqa: E402

BULWARK = sys.argv[1]
TREE = os.path.join(FIXTURES, "crypto-weak")
ARGS = ["assess", "--root", TREE, "--sl", "3", "--role", "network"]
NOT_MET = {"fail", "error", "manual"}


def run(*extra, env=None):
    e = dict(os.environ, NO_COLOR="1")
    e.pop("COLUMNS", None)
    e.update(env or {})
    p = subprocess.run([BULWARK, *ARGS, *extra], capture_output=True, text=True, env=e, timeout=120)
    expect(p.returncode in (0, 1, 3), f"assess {' '.join(extra)} ran (exit {p.returncode}: {p.stderr.strip()[:200]})")
    return p.stdout


doc = json.loads(run("--format", "json"))
shown = [(r, c) for r in doc["requirements"] if r.get("in_scope", True) for c in r["checks"]]
expect(any(len(c["evidence"]) > 3 and c["verdict"] in NOT_MET for _, c in shown),
       "the fixture has a check not met with more than three evidence lines (else the cut is not tested)")


def evidence_blocks(text):
    """{check id: number of evidence lines under it, in order of appearance} as a list of (id, n, more)."""
    out, cur = [], None
    for line in text.splitlines():
        m = re.match(r"^ {6}(pass|fail|error|manual|na) +([a-z0-9-]+): ", line)
        if m:
            cur = [m.group(2), 0, None]
            out.append(cur)
            continue
        m = re.match(r"^ {14}evidence: \((\d+) more; --verbose shows all\)$", line)
        if m and cur:
            cur[2] = int(m.group(1))
        elif line.startswith(" " * 14 + "evidence: ") and cur:
            cur[1] += 1
    return out


default = run()
blocks = evidence_blocks(default)
want = [(c["id"], c["verdict"], len(c["evidence"])) for _, c in shown]
expect([b[0] for b in blocks] == [w[0] for w in want], f"default: a line per check, in the report's order ({len(blocks)})")
for (cid, n, more), (_, verdict, total) in zip(blocks, want):
    if verdict in NOT_MET:
        expect(n == min(total, 3) and (more or 0) == total - n,
               f"default: {cid} ({verdict}) shows {min(total, 3)} of {total} evidence lines and says the rest (got {n}, more {more})")
    else:
        expect(n == 0 and more is None, f"default: {cid} ({verdict}) shows no evidence (got {n})")
expect(default.rstrip("\n").splitlines()[-1].startswith("Summary: "), "default: the summary line last")

verbose = run("--verbose")
vb = evidence_blocks(verbose)
expect([(b[1], b[2]) for b in vb] == [(w[2], None) for w in want],
       f"--verbose: every evidence line of every check ({sum(b[1] for b in vb)} of {sum(w[2] for w in want)})")

quiet = run("--quiet").rstrip("\n").splitlines()
failing = [(r["id"], c["id"]) for r, c in shown if c["verdict"] in ("fail", "error")]
lines = [l for l in quiet if re.match(r"^(fail|error) ", l)]
got = [tuple(re.match(r"^\S+ +(.+?) ([a-z0-9-]+): ", l).groups()) for l in lines]
expect(got == failing, f"--quiet: a line per failing check and no other ({len(got)} of {len(failing)})")
expect(not any(re.match(r"^ *(pass|manual|na) ", l) for l in quiet), "--quiet: nothing of passing, manual or na checks")
expect(quiet[-1].startswith("Summary: ") and not any(l.startswith("Bulwark ") for l in quiet),
       "--quiet: no header, the summary line last")

for width in (60, 100, 150):
    text = run(env={"COLUMNS": str(width)})
    over = [l for l in text.splitlines() if len(l) > width and len(l.strip().split(" ")) > 1 and
            len(max(l.split(" "), key=len)) + 24 < width]
    expect(not over, f"COLUMNS={width}: no line wider than {width} that could break ({over[:1]})")
expect(max(len(l) for l in run(env={"COLUMNS": "150"}).splitlines()) > 80, "COLUMNS=150: lines use the width")

n_manual = sum(1 for r in doc["requirements"] for c in r["checks"] if c["verdict"] == "manual" and r.get("in_scope", True))
n_fail = sum(1 for r in doc["requirements"] for c in r["checks"] if c["verdict"] == "fail" and r.get("in_scope", True))
expect(n_manual > 0, f"the fixture has manual checks ({n_manual})")
for mode, want_fail in (("skipped", n_fail), ("failure", n_fail + n_manual)):
    root = ET.fromstring(run("--format", "junit", "--junit-manual", mode))
    fails = root.findall(".//testcase/failure")
    expect(int(root.get("failures")) == len(fails), f"--junit-manual={mode}: the failures attribute counts the elements")
    case_fails = [tc for tc in root.findall(".//testcase") if tc.find("failure") is not None and tc.get("name") != "requirement"]
    expect(len(case_fails) == want_fail, f"--junit-manual={mode}: {want_fail} check failures (got {len(case_fails)})")
    expect((mode == "failure") == any(f.get("type") == "manual" for f in fails), f"--junit-manual={mode}: type=manual iff failure")
p = subprocess.run([BULWARK, *ARGS, "--junit-manual", "red"], capture_output=True, text=True)
expect(p.returncode == 2 and "--junit-manual" in p.stderr, "--junit-manual red is a usage error naming the option")

html = run("--format", "html")
opened = len(re.findall(r'<details class="ev" open>', html))
closed = len(re.findall(r'<details class="ev">', html))
expect(opened == sum(1 for r in doc["requirements"] for c in r["checks"] if c["evidence"] and c["verdict"] in NOT_MET),
       f"html: evidence open under every check not met with evidence ({opened})")
expect(opened + closed == sum(1 for r in doc["requirements"] for c in r["checks"] if c["evidence"]),
       f"html: a <details> per check with evidence ({opened + closed})")
frs = {r["fr"] for r in doc["requirements"]}
expect(html.count('<div class="row"><span class="fr">') == len(frs), f"html: one chart bar per FR ({len(frs)})")
done()
