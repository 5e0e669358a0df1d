# SPDX-License-Identifier: GPL-2.0-or-later
"""Small helpers for the integration tests: run bulwark, read its JSON, assert with context."""
import json
import os
import subprocess
import sys

BULWARK = os.environ.get("BULWARK") or os.path.join(os.path.dirname(__file__), "../../build/bulwark")
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
SKIP = 77

failures = 0
passes = 0


def run(*args, check_rc=None, timeout=120, **kw):
    p = subprocess.run([BULWARK, *args], capture_output=True, text=True, timeout=timeout, **kw)
    if check_rc is not None and p.returncode not in (check_rc if isinstance(check_rc, tuple) else (check_rc,)):
        raise AssertionError(f"bulwark {' '.join(args)}: exit {p.returncode}, want {check_rc}\nstderr: {p.stderr}")
    return p


def assess_json(*args, rc=(0, 1, 3)):
    p = run("assess", "--format", "json", *args, check_rc=rc)
    return json.loads(p.stdout), p.returncode


def requirement(report, rid):
    for r in report["requirements"]:
        if r["id"] == rid:
            return r
    raise AssertionError(f"{rid} missing from the report")


def check(report, rid, cid):
    for c in requirement(report, rid)["checks"]:
        if c["id"] == cid:
            return c
    raise AssertionError(f"check {cid} missing from {rid}")


def expect(cond, what):
    global failures, passes
    if cond:
        passes += 1
        print(f"ok - {what}")
    else:
        failures += 1
        print(f"FAIL - {what}")


def verdicts(report):
    return {r["id"]: r["verdict"] for r in report["requirements"]}


def done():
    print(f"{passes} passed, {failures} failed")
    sys.exit(1 if failures else 0)


def sanitized():
    """Whether bulwark was built with AddressSanitizer, whose shadow memory and
    quarantine make peak-memory figures meaningless."""
    p = subprocess.run(["ldd", BULWARK], capture_output=True, text=True)
    return "libasan" in p.stdout


def is_root():
    return os.geteuid() == 0
