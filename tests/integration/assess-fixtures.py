#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Offline assessment of the fixture trees: the verdicts that must hold, scoping, CLI errors, output."""
import json
import os
import tempfile

from bwtest import *

CATALOGUE = ["CR 4.1", "CR 4.2", "CR 4.2 RE(1)", "CR 4.2 RE(2)", "CR 4.3", "CR 5.1", "CR 5.2", "NDR 5.2",
             "NDR 5.2 RE(1)", "NDR 5.2 RE(2)", "NDR 5.2 RE(3)", "CR 5.3", "NDR 5.3", "CR 5.4"]
VERDICTS = {"pass", "fail", "na", "manual", "error"}

# Stock Debian: accept-all ruleset, disabled firewall, an MTA, DHCP without a drop.
stock, rc = assess_json("--root", f"{FIXTURES}/stock-debian", "--sl", "3", "--role", "network")
expect([r["id"] for r in stock["requirements"]] == CATALOGUE, "stock: every catalogue ID, in order")
expect(all(r["verdict"] in VERDICTS for r in stock["requirements"]), "stock: every requirement has a verdict word")
expect(stock["schema"] == "bulwark-assessment/1" and stock["target"]["mode"] == "offline", "stock: schema and offline mode")
expect(rc == 1, "stock: exit code 1 (some requirement not met)")
expect(check(stock, "NDR 5.2 RE(1)", "default-deny")["verdict"] == "fail", "stock: nftables.service disabled, no ruleset loads at boot: fails NDR 5.2 RE(1)")
expect(check(stock, "NDR 5.2 RE(3)", "firewall-loaded-at-boot")["verdict"] == "fail", "stock: no firewall loads at boot")
expect(check(stock, "NDR 5.2 RE(3)", "fail-close-boot")["verdict"] == "fail", "stock: disabled firewall fails RE(3)")
expect(check(stock, "NDR 5.3", "p2p-services-absent")["verdict"] == "fail", "stock: exim4 fails NDR 5.3")
expect("exim4" in json.dumps(check(stock, "NDR 5.3", "p2p-services-absent")["evidence"]), "stock: the MTA is named in evidence")
expect(check(stock, "CR 4.1", "dhcp-client-port-closed")["verdict"] == "fail", "stock: DHCP configured and UDP 68 not dropped fails")
expect(requirement(stock, "CR 5.4")["in_scope"] is False and requirement(stock, "CR 5.4")["verdict"] == "na", "stock: CR 5.4 evidence only")
ev = check(stock, "NDR 5.2 RE(1)", "default-deny")["evidence"]
expect(any(e.get("path") == "/etc/nftables.conf" and "nothing loads it at boot" in e.get("detail", "") for e in ev),
       "stock: the present but unloaded /etc/nftables.conf is named as such")
fail_checks = [c for r in stock["requirements"] for c in r["checks"] if c["verdict"] == "fail"]
expect(all(c["action"] for c in fail_checks), "stock: every failing check says what to do")

# CIP-like hardened device: the FR 5 user actions done.
hard, rc = assess_json("--root", f"{FIXTURES}/cip-hardened", "--sl", "3", "--role", "network")
v = verdicts(hard)
for rid in ("NDR 5.2 RE(1)", "NDR 5.2 RE(3)", "NDR 5.3", "CR 5.3", "CR 5.1"):
    expect(v[rid] == "pass", f"hardened: {rid} passes (got {v[rid]})")
# Its init_on_free=1 is in /etc/kernel/cmdline only, which no boot loader reads: the tree
# has none (a CIP device's EFI Boot Guard environment is on the boot partitions), so manual.
c = check(hard, "CR 4.2 RE(1)", "init-on-free")
expect(c["verdict"] == "manual" and "no boot loader configuration" in c["summary"],
       f"hardened: init-on-free is manual, naming the missing boot loader (got {c['verdict']}: {c['summary']})")
expect(check(hard, "CR 4.1", "dhcp-client-port-closed")["verdict"] == "pass", "hardened: UDP 68 dropped")
ev = check(hard, "NDR 5.2 RE(1)", "default-deny")["evidence"]
expect(any(e.get("path") == "/etc/nftables.conf" and len(e.get("sha256", "")) == 64 for e in ev), "hardened: ruleset evidence carries the file's sha256")
expect(check(hard, "CR 4.2", "factory-reset")["verdict"] == "pass", "hardened: CIP factory reset found")
expect(check(hard, "CR 4.1", "data-at-rest-encrypted")["verdict"] == "pass", "hardened: /var and /home on the CIP crypt hook")
expect(check(stock, "CR 4.1", "data-at-rest-encrypted")["verdict"] == "fail", "stock: no data-at-rest encryption fails CR 4.1")

# A pending factory reset (the CIP marker file) is CR 4.2 evidence.
import shutil
with tempfile.TemporaryDirectory() as d:
    tree = os.path.join(d, "t")
    shutil.copytree(f"{FIXTURES}/cip-hardened", tree, symlinks=True)
    os.makedirs(f"{tree}/var", exist_ok=True)
    open(f"{tree}/var/.factory-reset", "w").close()
    pend, _ = assess_json("--root", tree, "--sl", "3")
    fr = check(pend, "CR 4.2", "factory-reset")
    expect(fr["verdict"] == "pass" and "pending" in fr["summary"] and
           any(e.get("path") == "/var/.factory-reset" for e in fr["evidence"]), "a pending reset marker is reported")
    nopend = check(hard, "CR 4.2", "factory-reset")
    expect("EFI variables" in json.dumps(nopend["evidence"]), "offline without a marker: the EFI variable is named as unknowable from an image")

# Scope: SL 1, embedded.
low, _ = assess_json("--root", f"{FIXTURES}/cip-hardened", "--sl", "1", "--role", "embedded")
for rid in ("NDR 5.2", "NDR 5.2 RE(1)", "NDR 5.2 RE(3)", "NDR 5.3", "CR 4.2", "CR 4.2 RE(1)"):
    r = requirement(low, rid)
    expect(r["in_scope"] is False and r["verdict"] == "na" and r.get("scope_reason"), f"SL1 embedded: {rid} is na with a reason")
expect(requirement(low, "CR 4.1")["in_scope"] is True, "SL1 embedded: CR 4.1 in scope")

# Hostile tree: nothing from the host, strings kept verbatim in JSON.
host, rc = assess_json("--root", f"{FIXTURES}/hostile", "--sl", "3", "--role", "network")
expect(host["target"]["os"] is None, "hostile: /etc/os-release -> /etc/shadow resolves inside the tree (absent)")
expect(host["target"]["hostname"].startswith("<script>"), "hostile: hostile hostname kept verbatim as JSON data")
d = check(host, "NDR 5.2 RE(1)", "default-deny")
expect(d["verdict"] == "fail" and "include" in d["summary"], "hostile: self-including nftables.conf is a load failure, not a hang")
expect(check(host, "CR 4.2", "storage-erase-caveats")["verdict"] == "error", "hostile: fstab symlink loop is an error with a reason")

# CLI errors are usage errors (2); an unreadable target cannot be evaluated (3).
for args in (["--sl", "5"], ["--role", "router"], ["--format", "pdf"], ["extra"], ["--bogus"]):
    p = run("assess", *args)
    expect(p.returncode == 2 and "bulwark assess" in p.stderr, f"usage error for {args}: exit 2 with a message")
p = run("assess", "--root", "/nonexistent/tree")
expect(p.returncode == 2 and "/nonexistent/tree" in p.stderr, "missing root: a usage error (2) naming it")

# --output writes the file, atomically, and nothing to stdout.
with tempfile.TemporaryDirectory() as d:
    out = os.path.join(d, "report.json")
    p = run("assess", "--root", f"{FIXTURES}/stock-debian", "--format", "json", "--output", out)
    expect(p.stdout == "" and json.load(open(out))["schema"] == "bulwark-assessment/1", "--output writes the report file")
    expect(sorted(os.listdir(d)) == ["report.json"], "--output leaves no temporary file")
    p = run("assess", "--root", f"{FIXTURES}/stock-debian", "--output", os.path.join(d, "missing", "x.json"))
    expect(p.returncode == 3 and "missing" in p.stderr, "--output into a missing directory fails clearly")

# requirements verb
p = run("requirements", check_rc=0)
expect(all(rid in p.stdout for rid in CATALOGUE), "requirements lists the catalogue")
p = run("requirements", "NDR 5.2 RE(1)", check_rc=0)
expect("default-deny" in p.stdout, "requirements ID names its checks")
expect(run("requirements", "CR 9.9").returncode == 2, "unknown requirement is a usage error")
docs = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "checks.md")
expect(run("requirements", "--markdown", check_rc=0).stdout == open(docs).read(),
       "docs/checks.md is what 'bulwark requirements --markdown' prints (regenerate it)")
done()
