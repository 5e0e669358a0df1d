#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The bad-input matrix of docs/ROBUSTNESS.md, one row per input class.

For every file an offline assessment reads, a copy of the cip-hardened tree
gets that file truncated, oversized (a sparse 2 GiB file), malformed (NUL
bytes, invalid UTF-8, a 256 KiB line), hostile (a symlink to a canary outside
the tree, absolute and relative) and missing; then `bulwark assess --root`
must still produce a report (exit 0, 1 or 3, a JSON report of the schema),
never show the canary, never change the tree and write nothing but its
--output. As root (CI), the verdicts that changed against the intact tree are
compared with tests/integration/robustness-golden.json (BULWARK_REGENERATE=1 rewrites
it), so a change of behaviour on any row fails. Then the rows of the other
input classes: command-line arguments, crypto and firewall policy files, wipe
certificates, evidence bundles, each with its exit code and error text.
"""
import concurrent.futures
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

from bwtest import *

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "robustness-golden.json")
REGENERATE = os.environ.get("BULWARK_REGENERATE") == "1"
CANARY = "BULWARK-CANARY-7f3a"

# Files the collectors read offline, with valid content (from the fixture or made here).
EXTRA = {
    "etc/crypttab": "var UUID=4f1c /etc/keys/var.key luks,discard\nswap /dev/sda3 /dev/urandom swap,cipher=aes-xts-plain64\n",
    "etc/sysctl.conf": "kernel.kptr_restrict = 2\nnet.ipv4.ip_forward = 0\n",
    "etc/sysctl.d/50-local.conf": "kernel.kptr_restrict = 2\nnet.ipv4.ip_forward = 0\n",
    "etc/inetd.conf": "telnet stream tcp nowait root /usr/sbin/tcpd in.telnetd\n",
    "etc/default/grub": 'GRUB_CMDLINE_LINUX="init_on_free=1 quiet"\n',
    "etc/ssh/ssh_host_ed25519_key.pub": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBsa0Ccr8Zjz0XGwPbl0RsFHIyAAu5vR6cC94sp+eX7r root@cip\n",
    "etc/bulwark/policy.conf": "[Device]\nDHCPClient=no\n[Zone eng]\nInterfaces=eth1\n[Conduit ssh]\nFrom=eng\nTo=device\nProtocol=tcp\nPorts=22\n",
}
FILES = [
    "var/lib/dpkg/status", "etc/os-release", "usr/lib/os-release", "etc/hostname", "etc/fstab", "etc/crypttab",
    "etc/kernel/cmdline", "boot/config-6.1.0-cip-amd64", "etc/nftables.conf", "etc/network/interfaces",
    "etc/ssh/sshd_config", "etc/ssl/openssl.cnf", "etc/ssh/ssh_host_ed25519_key.pub", "etc/sysctl.conf", "etc/sysctl.d/50-local.conf",
    "etc/inetd.conf", "etc/default/grub", "lib/systemd/system/nftables.service",
    "etc/systemd/system/nftables.service.d/fail-close.conf", "usr/share/encrypt_partition/encrypt_partition.env",
    "usr/share/factory-reset/reset-env", "etc/bulwark/policy.conf",
]
KINDS = ["truncated", "oversized", "malformed", "hostile", "missing"]


def snapshot(top):
    out = {}
    for d, dirs, files in os.walk(top):
        for n in dirs + files:
            p = os.path.join(d, n)
            st = os.lstat(p)
            out[os.path.relpath(p, top)] = (st.st_mode, st.st_size, st.st_mtime_ns)
    return out


def make_tree(tmp, name):
    tree = os.path.join(tmp, name, "tree")
    shutil.copytree(os.path.join(FIXTURES, "cip-hardened"), tree, symlinks=True)
    for rel, text in EXTRA.items():
        os.makedirs(os.path.dirname(os.path.join(tree, rel)), exist_ok=True)
        with open(os.path.join(tree, rel), "w") as f:
            f.write(text)
    return tree


def mutate(tree, rel, kind, outside):
    p = os.path.join(tree, rel)
    data = open(p, "rb").read()
    os.unlink(p)
    if kind == "truncated":
        open(p, "wb").write(data[: max(1, len(data) // 2 - 1)])
    elif kind == "oversized":
        with open(p, "wb") as f:
            f.truncate(2 << 30)      # sparse: every cap is smaller
    elif kind == "malformed":
        open(p, "wb").write(b"\x00\xff\xfe[[[=\x01\n" * 64 + b"=" * (256 << 10) + b"\n\x00")
    elif kind == "hostile":
        # Alternate absolute and climbing links: both must stay inside the tree.
        depth = rel.count("/") + 3
        target = outside if len(rel) % 2 else "../" * depth + os.path.relpath(outside, "/")
        os.symlink(target, p)
    elif kind == "missing":
        pass


def assess(tree, out):
    return subprocess.run([BULWARK, "assess", "--root", tree, "--format", "json", "--sl", "3", "--role", "network",
                           "--output", out], capture_output=True, text=True, timeout=120)


def verdicts_of(report):
    return {f"{r['id']}/{c['id']}": c["verdict"] for r in report["requirements"] for c in r["checks"]}


def run_row(tmp, rel, kind, outside):
    name = f"{rel.replace('/', '_')}-{kind}"
    tree = make_tree(tmp, name)
    mutate(tree, rel, kind, outside)
    outdir = os.path.join(tmp, name, "out")
    os.makedirs(outdir)
    before = snapshot(os.path.join(tmp, name))
    p = assess(tree, os.path.join(outdir, "report.json"))
    after = snapshot(os.path.join(tmp, name))
    written = sorted(set(after) - set(before))
    changed = sorted(k for k in before if k in after and before[k] != after[k] and not k.startswith("out"))
    report = None
    if p.returncode in (0, 1, 3) and os.path.exists(os.path.join(outdir, "report.json")):
        report = json.load(open(os.path.join(outdir, "report.json")))
    shutil.rmtree(os.path.join(tmp, name), ignore_errors=True)
    return name, p, report, written, changed


def offline_rows(tmp):
    outside = os.path.join(tmp, "outside-secret")
    with open(outside, "w") as f:
        f.write(f"{CANARY}\nroot:x:0:0:{CANARY}:/root:/bin/sh\n")
    base_tree = make_tree(tmp, "intact")
    os.makedirs(os.path.join(tmp, "intact", "out"))
    p = assess(base_tree, os.path.join(tmp, "intact", "out", "report.json"))
    expect(p.returncode in (0, 1, 3), f"intact tree: a report (exit {p.returncode})")
    base = verdicts_of(json.load(open(os.path.join(tmp, "intact", "out", "report.json"))))

    got = {}
    jobs = [(rel, kind) for rel in FILES for kind in KINDS]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for name, p, report, written, changed in pool.map(lambda j: run_row(tmp, j[0], j[1], outside), jobs):
            ok = p.returncode in (0, 1, 3) and report is not None and report.get("schema") == "bulwark-assessment/1"
            expect(ok, f"{name}: a report, exit {p.returncode}" + ("" if ok else f": {p.stderr[-300:]}"))
            if not ok:
                continue
            text = json.dumps(report)
            expect(CANARY not in text and CANARY not in p.stderr, f"{name}: nothing from outside the tree shows")
            expect(written == ["out/report.json"], f"{name}: writes only its --output (wrote {written})")
            expect(changed == [], f"{name}: the tree is left as it was (changed {changed})")
            v = verdicts_of(report)
            got[name] = {"exit": p.returncode,
                         "changed": {k: f"{base.get(k)} -> {v[k]}" for k in sorted(v) if v[k] != base.get(k)}}
    return got


def other_rows(tmp):
    """Input classes other than the tree's files: (name, argv, stdin-less, expected exit, stderr/stdout text)."""
    mini = os.path.join(FIXTURES, "minimal")
    bad = os.path.join(tmp, "bad")
    os.makedirs(bad)
    files = {
        "trunc.json": b'{"schema": "bulwark-wipe-cert',
        "garbage.json": b"\x00\xff\xfe[[[",
        "big.json": None,
        "nul.conf": b"[Device]\x00\nDHCPClient=no\n",
        "trunc.conf": b"[Zone eng\nInterfaces=",
        "hostile.conf": b"[Zone " + b"A" * 5000 + b"]\nInterfaces=eth0\n[Conduit x]\nFrom=" + b"../" * 100 + b"\n",
        "policy-garbage": b"\x00\x01\x02 not a policy",
    }
    for n, data in files.items():
        with open(os.path.join(bad, n), "wb") as f:
            if data is None:
                f.truncate(64 << 20)
            else:
                f.write(data)
    B = lambda n: os.path.join(bad, n)
    rows = [
        # CLI argument classes
        ("cli: unknown verb", ["frobnicate"], 2, "unknown verb"),
        ("cli: unknown option", ["assess", "--bogus"], 2, "unrecognized option '--bogus'"),
        ("cli: --sl out of range", ["assess", "--sl", "9"], 2, "--sl takes"),
        ("cli: --sl empty", ["assess", "--sl", ""], 2, "--sl takes"),
        ("cli: --format unknown", ["assess", "--format", "pdf"], 2, "--format takes"),
        ("cli: --role unknown", ["assess", "--role", "router"], 2, "--role takes"),
        ("cli: stray argument", ["assess", "extra"], 2, "unexpected argument"),
        ("cli: --root missing", ["assess", "--root", "/nonexistent/tree"], 2, "No such file"),
        ("cli: --root not a directory", ["assess", "--root", "/etc/hostname"], 2, "Not a directory"),
        # A directory that is no OS tree (no os-release, no package database) is wrong input, not an empty device.
        ("cli: --root not an OS tree", ["assess", "--root", bad], 2, "is not an OS root tree"),
        ("cli: --output in a missing directory", ["assess", "--root", mini, "--output", "/nonexistent/d/r.json"], 3,
         "cannot write /nonexistent/d/r.json"),
        ("cli: scan target malformed", ["scan", "tls", "nohost:99999"], 2, "is not HOST:PORT"),
        ("cli: scan target refuses", ["scan", "tls", "127.0.0.1:1"], 3, "Connection refused"),
        ("cli: wipe without a target", ["wipe", "--yes"], 2, ""),
        # crypto policy files
        ("crypto policy: missing", ["assess", "--root", mini, "--policy", "/nonexistent.policy"], 2, "No such file"),
        ("crypto policy: malformed", ["assess", "--root", mini, "--policy", B("policy-garbage")], 2, "policy-garbage:1:"),
        ("crypto policy: oversized", ["assess", "--root", mini, "--policy", B("big.json")], 2, "--policy"),
        # firewall policy files
        ("firewall policy: missing", ["firewall", "check", "--policy", "/nonexistent.conf"], 1, "cannot read"),
        ("firewall policy: NUL byte", ["firewall", "check", "--policy", B("nul.conf")], 1, "NUL byte"),
        ("firewall policy: truncated", ["firewall", "check", "--policy", B("trunc.conf")], 1, "error:"),
        ("firewall policy: hostile names", ["firewall", "check", "--policy", B("hostile.conf")], 1, "error:"),
        ("firewall policy: oversized", ["firewall", "check", "--policy", B("big.json")], 1, "error:"),
        # wipe certificates handed over by someone else
        ("wipe certificate: missing", ["wipe", "verify-cert", "/nonexistent.json"], 3, "cannot read"),
        ("wipe certificate: truncated", ["wipe", "verify-cert", B("trunc.json")], 4, "not JSON"),
        ("wipe certificate: malformed", ["wipe", "verify-cert", B("garbage.json")], 4, "not JSON"),
        ("wipe certificate: oversized", ["wipe", "verify-cert", B("big.json")], (3, 4), ""),
        # evidence bundles
        ("evidence bundle: missing", ["report", "verify", "/nonexistent-bundle"], (1, 2, 3), ""),
        ("evidence bundle: a file, not a bundle", ["report", "verify", B("garbage.json")], (1, 2, 3), ""),
        # report files for diff/merge
        ("report file: malformed", ["report", "diff", B("garbage.json"), B("trunc.json")], (2, 3), ""),
        ("report file: missing", ["report", "diff", "/nonexistent-a.json", "/nonexistent-b.json"], (2, 3), ""),
    ]
    got = {}
    before = snapshot(tmp)
    for name, argv, want_rc, text in rows:
        p = subprocess.run([BULWARK, *argv], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        want = want_rc if isinstance(want_rc, tuple) else (want_rc,)
        out = p.stderr + p.stdout
        expect(p.returncode in want and text in out and p.returncode < 128,
               f"{name}: exit {p.returncode} (want {want_rc}){' with ' + repr(text) if text else ''}"
               + ("" if p.returncode in want and text in out else f": {out[-300:]!r}"))
        got[name] = {"exit": p.returncode}
    after = snapshot(tmp)
    expect(sorted(set(after) - set(before)) == [], "no argument, policy or certificate row wrote a file")
    return got


with tempfile.TemporaryDirectory() as tmp:
    results = {"offline-files": offline_rows(tmp), "other-inputs": other_rows(tmp)}

if is_root():
    if REGENERATE:
        with open(GOLDEN, "w") as f:
            json.dump(results, f, indent=2, sort_keys=True)
            f.write("\n")
        print(f"regenerated {GOLDEN}")
    elif not os.path.exists(GOLDEN):
        expect(False, f"no {GOLDEN}: run with BULWARK_REGENERATE=1 and review it")
    else:
        want = json.load(open(GOLDEN))
        for section in want:
            for row, w in want[section].items():
                g = results.get(section, {}).get(row)
                expect(g == w, f"{section} {row}: behaviour as recorded" + ("" if g == w else f"\n  want {w}\n  got  {g}"))
else:
    print("not root: the offline ruleset load differs, verdicts are not compared with the golden")
done()
