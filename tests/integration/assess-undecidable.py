#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Every check, fed input it cannot decide, does not pass.

Table-driven over the check tables (the checks 'bulwark requirements
--markdown' lists, which is every row of every table), so a new check is
covered without touching this file. For each base fixture tree, every check
that passes there names in its evidence the files it rests on; each such file
is then replaced, in a fresh copy of the tree, by input no reader can decide:

    dir      a directory where the file is expected (the read fails: EISDIR)
    big      a sparse file larger than every read cap (the read is cut: a cap)

and the check that rested on it must no longer pass (manual, error or fail
are all honest; pass is a false pass).

A check that never passes on a base tree, or whose pass cites no file of the
tree, has no undecidable input here: it must be named in NO_INPUT with the
reason, never skipped silently. A (check, mutation, file) that still passes and is
a known defect another piece of work owns is named in KNOWN with the reason;
the run fails once such an entry no longer holds (drop it then).
"""
import json
import os
import re
import shutil
import subprocess
import tempfile

from bwtest import *

BASES = ["cip-hardened", "stock-debian", "minimal", "crypto-weak"]
ARGS = ["--sl", "3", "--role", "network"]
BIG = 64 * 1024 * 1024  # over ROOT_READ_MAX_DEFAULT (4 MiB) and every larger per-file cap (16 MiB)
MUTATIONS = ("dir", "big")

# Checks with no file of a base tree to make undecidable, each with the reason.
NO_INPUT = {
    "firewall-verify-result": "never passes on a base tree (no saved verify result); test-checks-firewall feeds it a document that is not a verify result",
    "firewall-verify-p2p": "never passes on a base tree (no saved verify result); test-checks-firewall covers it",
    "firewall-verify-udp68": "never passes on a base tree (no saved verify result); test-checks-firewall covers it",
    "bulwark-policy-zones": "no base tree has a Bulwark firewall policy (n/a); test-checks-firewall feeds it an invalid one",
    "island-mode-available": "no base tree has a Bulwark firewall policy (fail); test-checks-firewall covers it",
    "luks-tpm-sealed": "never passes on a base tree: no LUKS header offline (manual) or no encryption (fail)",
    "luks-crypto-parameters": "never passes on a base tree: no LUKS header offline (manual) or no LUKS volume (n/a)",
    "host-keys-and-certificates": "no base tree has keys or certificates under /etc (n/a)",
    "service-sandboxing": "never passes on a base tree (the enabled services score UNSAFE: manual)",
    "mandatory-access-control": "no base tree configures AppArmor or SELinux (manual)",
    "containers": "no base tree has a container runtime (n/a)",
    "forward-path-filtered": "passes from sysctl facts whose evidence names no single file (forwarding off by the kernel default)",
    "ssh-endpoints-policy": "offline it never passes (the endpoints are probed live)",
    "tls-endpoints-policy": "offline it never passes (the endpoints are probed live)",
    "endpoints-encrypted-in-transit": "offline it never passes (the endpoints are probed live)",
    "plaintext-services": "on the base trees it passes from the units and listeners resolved, whose evidence names no single file; "
                          "tests/trees/services-* feed it undecided starts",
    "init-on-free": "no base tree has a boot loader whose command line is known offline (manual); tests/trees/kernel-* decide it",
    "swap-absent-or-encrypted": "on the base trees it passes from the swap sources read, whose evidence names no single file; "
                                "tests/trees/swap-* feed it undecided sources",
    "private-keys-root-only": "on the base trees it passes from the walk of /etc (a directory), which names no single file",
}

# (check, mutation, file) -> why it still passes; each is a defect another area owns.
KNOWN = {
    ("dhcp-client-port-closed", "dir", "/etc/nftables.conf"):
        "not a defect: the ruleset is evidence only (a client's packet socket is not filtered), the verdict rests on the clients",
    ("network-segmentation", "dir", "/etc/network/interfaces"):
        "an unreadable ifupdown file is taken as no interfaces (network area)",
}


def list_checks():
    out = run("requirements", "--markdown", check_rc=0).stdout
    return re.findall(r"^### `([^`]+)`", out, re.M)


def assess(tree):
    report, _ = assess_json("--root", tree, *ARGS)
    checks = {}
    for r in report["requirements"]:
        for c in r["checks"]:
            checks[c["id"]] = c
    return checks


def cited_files(tree, c):
    """The regular files of the tree a check's evidence names."""
    files = set()
    for e in c.get("evidence") or []:
        p = e.get("path")
        if not p or not p.startswith("/"):
            continue
        full = tree + p
        if os.path.isfile(full) and not os.path.islink(full):
            files.add(p)
    return files


def mutate(tree, path, how):
    full = tree + path
    os.unlink(full)
    if how == "dir":
        os.mkdir(full)
    else:
        with open(full, "wb") as f:
            f.truncate(BIG)


checks = list_checks()
expect(len(checks) > 20, f"the check tables list checks ({len(checks)})")
exercised = {}      # check -> number of (base, file, mutation) runs
false_pass = []
known_held = set()

with tempfile.TemporaryDirectory(prefix="bulwark-undecidable-") as d:
    for base in BASES:
        src = os.path.join(FIXTURES, base)
        ref = assess(src)
        # file -> checks that passed resting on it
        by_file = {}
        for cid, c in ref.items():
            if c["verdict"] != "pass":
                continue
            for p in cited_files(src, c):
                by_file.setdefault(p, set()).add(cid)
        for path in sorted(by_file):
            for how in MUTATIONS:
                tree = os.path.join(d, f"{base}-{how}")
                shutil.rmtree(tree, ignore_errors=True)
                shutil.copytree(src, tree, symlinks=True)
                mutate(tree, path, how)
                got = assess(tree)
                for cid in sorted(by_file[path]):
                    exercised[cid] = exercised.get(cid, 0) + 1
                    c = got.get(cid)
                    v = c["verdict"] if c else "(absent)"
                    what = f"{base}: {cid} with {path} made '{how}' does not pass (got {v}: {c['summary'] if c else ''})"
                    if v != "pass":
                        expect(True, what)
                    elif (cid, how, path) in KNOWN:
                        known_held.add((cid, how, path))
                        print(f"known - {what}: {KNOWN[(cid, how, path)]}")
                    else:
                        expect(False, what)
                shutil.rmtree(tree)

for cid in checks:
    if cid in exercised:
        expect(cid not in NO_INPUT, f"{cid}: exercised {exercised[cid]} time(s)" +
               (f", so drop it from NO_INPUT ({NO_INPUT.get(cid)})" if cid in NO_INPUT else ""))
    else:
        expect(cid in NO_INPUT, f"{cid}: no undecidable input was fed to it" +
               (f" ({NO_INPUT[cid]})" if cid in NO_INPUT else ": name it in NO_INPUT with the reason, or give a base tree where it passes"))
for cid in NO_INPUT:
    expect(cid in checks, f"NO_INPUT names an existing check ({cid})")
for key, why in KNOWN.items():
    expect(key in known_held, f"KNOWN {key} still holds" + ("" if key in known_held else f"; drop it ({why})"))
done()
