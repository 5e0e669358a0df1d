#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""bulwark report diff / merge on the golden reports and variants of them.

Usage: report-tools.py BULWARK SOURCE_ROOT
"""
import copy
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

failures = []
passed = 0


def check(cond, what):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(what)
        print("FAIL", what)


def shown(name):
    """A device name as bulwark shows it: tab and newline a space, other controls U+FFFD."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", "\ufffd", name.replace("\t", " ").replace("\n", " "))

def main():
    bulwark, src = os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])
    gold = os.path.join(src, "tests/golden")
    minimal = json.load(open(os.path.join(gold, "minimal.json")))
    tmp = tempfile.mkdtemp()

    def write(name, doc):
        p = os.path.join(tmp, name)
        with open(p, "w") as f:
            if isinstance(doc, (bytes, str)):
                f.write(doc if isinstance(doc, str) else doc.decode())
            else:
                json.dump(doc, f)
        return p

    def run(*args):
        p = subprocess.run([bulwark, "report", *args], capture_output=True)
        return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")

    base = write("base.json", minimal)
    # A device where CR 4.1 now passes: an improvement.
    better = copy.deepcopy(minimal)
    r41 = next(r for r in better["requirements"] if r["id"] == "CR 4.1")
    r41["verdict"] = "pass"
    for c in r41["checks"]:
        c["verdict"] = "pass"
    better_p = write("better.json", better)

    rc, out, _ = run("diff", base, base)
    check(rc == 0 and "0 regressed, 0 improved" in out, f"diff of a report with itself: rc={rc} {out!r}")
    rc, out, _ = run("diff", base, better_p)
    check(rc == 0 and "improved   CR 4.1         fail -> pass" in out, f"improvement: rc={rc} {out!r}")
    rc, out, _ = run("diff", better_p, base)
    check(rc == 1 and "regressed  CR 4.1         pass -> fail" in out and "1 regressed" in out,
          f"regression exits 1: rc={rc} {out!r}")

    # A new failing check under a requirement that already failed is still a regression.
    worse = copy.deepcopy(minimal)
    r41 = next(r for r in worse["requirements"] if r["id"] == "CR 4.1")
    extra = {"id": "extra-check", "title": "x", "verdict": "pass", "summary": "ok", "evidence": [], "action": None}
    r41["checks"].append(extra)
    before = write("before.json", worse)
    worse2 = copy.deepcopy(worse)
    next(r for r in worse2["requirements"] if r["id"] == "CR 4.1")["checks"][-1]["verdict"] = "fail"
    after = write("after.json", worse2)
    # ... only with --checks: by default a regression is a requirement that got worse (issue 18).
    rc, out, _ = run("diff", before, after)
    check(rc == 0 and "  worse    CR 4.1         check extra-check: pass -> fail" in out,
          f"a worse check under an unchanged requirement is detail, not a regression: rc={rc} {out!r}")
    rc, out, _ = run("diff", "--checks", before, after)
    check(rc == 1 and "regressed  CR 4.1         check extra-check: pass -> fail" in out,
          f"--checks: check-level regression: rc={rc} {out!r}")

    # The documented order pass = na < manual < error < fail, per requirement, worked out
    # here from the two reports; the counts add up to the requirements of both reports.
    rank = {"pass": 0, "na": 0, "manual": 1, "error": 2, "fail": 3}

    def expected(a, b, by_check=False):
        eff = lambda r: r["verdict"] if r["in_scope"] else "na"
        got = {"regressed": 0, "improved": 0, "changed": 0, "unchanged": 0, "new": 0}
        chk = dict(got)
        newr = {r["id"]: r for r in b["requirements"]}
        for o in a["requirements"]:
            n = newr.get(o["id"])
            if n is None:
                got["regressed"] += 1
                continue
            d = rank[eff(n)] - rank[eff(o)]
            got["regressed" if d > 0 else "improved" if d < 0 else "changed" if eff(n) != eff(o) else "unchanged"] += 1
            if not n["in_scope"]:
                continue
            nc = {c["id"]: c for c in n["checks"]}
            for oc in o["checks"]:
                c = nc.get(oc["id"])
                if c is None:
                    chk["regressed"] += 1
                    continue
                d = rank[c["verdict"]] - rank[oc["verdict"]]
                chk["regressed" if d > 0 else "improved" if d < 0 else "changed" if c["verdict"] != oc["verdict"] else "unchanged"] += 1
            oids = {c["id"] for c in o["checks"]}
            chk["new"] += sum(1 for c in n["checks"] if c["id"] not in oids)
        got["new"] = sum(1 for r in b["requirements"] if r["id"] not in {x["id"] for x in a["requirements"]})
        return got, chk

    def line(c, what):
        return (f"{c['regressed']} regressed, {c['improved']} improved, {c['changed']} changed, "
                f"{c['unchanged']} unchanged, {c['new']} new of {sum(c.values())} {what}")

    stock_p, hard_p = os.path.join(gold, "stock-debian.json"), os.path.join(gold, "cip-hardened.json")
    stock, hard = json.load(open(stock_p)), json.load(open(hard_p))
    want, want_checks = expected(stock, hard)
    rc, out, _ = run("diff", stock_p, hard_p)
    last = out.strip().splitlines()[-1]
    check(want["regressed"] == 0 and rc == 0, f"stock -> hardened: no requirement got worse, exit 0: rc={rc} {last!r}")
    check(last == line(want, "requirements"), f"stock -> hardened counts: {last!r}, expected {line(want, 'requirements')!r}")
    check(sum(want.values()) == len(hard["requirements"]), "the counts are per requirement")
    check("  worse    CR 4.3         check luks-crypto-parameters: na -> manual" in out,
          f"what got worse under an improved requirement is still said: {out!r}")
    rc, out, _ = run("diff", "--checks", stock_p, hard_p)
    lines = out.strip().splitlines()
    check(rc == 1 and lines[-2] == line(want, "requirements") and lines[-1] == line(want_checks, "checks"),
          f"--checks counts the checks and a worse check is a regression: rc={rc} {lines[-2:]!r}, expected {line(want_checks, 'checks')!r}")
    check("regressed  CR 4.3         check luks-crypto-parameters: na -> manual" in out, "--checks: the regressed check")
    # Every pair of goldens, both ways: the last line is the documented count, the exit code follows it.
    goldens = sorted(glob.glob(os.path.join(gold, "*.json")))
    for a_p in goldens:
        for b_p in goldens:
            a, b = json.load(open(a_p)), json.load(open(b_p))
            if a.get("schema") != "bulwark-assessment/1" or b.get("schema") != "bulwark-assessment/1":
                continue
            want, _ = expected(a, b)
            rc, out, _ = run("diff", a_p, b_p)
            last = out.strip().splitlines()[-1]
            check(last == line(want, "requirements") and rc == (1 if want["regressed"] else 0),
                  f"diff {os.path.basename(a_p)} {os.path.basename(b_p)}: rc={rc} {last!r}, expected {line(want, 'requirements')!r}")
    # pass -> na is a change of the same rank: counted, not a regression or an improvement.
    to_na = copy.deepcopy(better)
    r41 = next(r for r in to_na["requirements"] if r["id"] == "CR 4.1")
    r41["verdict"] = "na"
    rc, out, _ = run("diff", better_p, write("to-na.json", to_na))
    check(rc == 0 and "changed    CR 4.1         pass -> na" in out and " 1 changed," in out, f"pass -> na: rc={rc} {out!r}")

    # A requirement that vanished from the new report is a regression.
    gone = copy.deepcopy(minimal)
    gone["requirements"] = [r for r in gone["requirements"] if r["id"] != "CR 5.4"]
    rc, out, _ = run("diff", base, write("gone.json", gone))
    check(rc == 1 and "CR 5.4" in out and "missing" in out, f"missing requirement: rc={rc} {out!r}")

    # Not a report, malformed, duplicate keys: could not evaluate (3), nothing half-printed.
    for name, text in [("other.json", '{"schema": "other/1"}'), ("broken.json", '{"schema": "bulwark-assessment/1", '),
                       ("dup.json", '{"schema": "bulwark-assessment/1", "schema": "x", "requirements": [], "profile": {}}'),
                       ("badverdict.json", json.dumps({**minimal, "requirements": [{**minimal["requirements"][0], "verdict": "maybe"}]}))]:
        rc, out, err = run("diff", base, write(name, text))
        check(rc == 3 and "not a bulwark-assessment/1 report" in err, f"{name}: rc={rc} {err!r}")
    rc, _, err = run("diff", base, os.path.join(tmp, "does-not-exist.json"))
    check(rc == 3, f"missing file: rc={rc}")
    rc, _, _ = run("diff", base)
    check(rc == 2, f"diff with one file is a usage error: rc={rc}")

    # Merge: per requirement counts and who fails.
    hostile = os.path.join(gold, "hostile-strings.json")
    rc, out, _ = run("merge", base, better_p, hostile)
    check(rc == 1, f"merge with a failing device exits 1: rc={rc}")
    check("Fleet of 3 devices" in out, f"merge text header: {out[:80]!r}")
    check("\x1b" not in out, "merge text carries no escape sequence from a hostile hostname")
    rc, out, _ = run("merge", "--format", "json", base, better_p, hostile)
    fleet = json.loads(out)
    check(fleet["schema"] == "bulwark-fleet/1" and fleet["devices_total"] == 3, "fleet header")
    # What the fleet must say, worked out from the three reports themselves.
    inputs = [minimal, better, json.load(open(hostile))]
    for req in fleet["requirements"]:
        want = {v: [] for v in ("pass", "fail", "error", "manual", "na")}
        for doc in inputs:
            r = next((x for x in doc["requirements"] if x["id"] == req["id"]), None)
            if r:
                want[r["verdict"] if r["in_scope"] else "na"].append(shown(doc["target"]["hostname"]))
        for v, who in want.items():
            check(req[v] == len(who) and sorted(req[v + "_devices"]) == sorted(who),
                  f"{req['id']} {v}: {req[v]} {req[v + '_devices']}, expected {who}")
    check(len(fleet["requirements"]) == len(minimal["requirements"]), "one fleet row per requirement")

    # Exit codes: all met -> 0, errors but no failure -> 3.
    allpass = copy.deepcopy(minimal)
    for r in allpass["requirements"]:
        r["verdict"] = "pass" if r["in_scope"] else "na"
    errs = copy.deepcopy(allpass)
    next(r for r in errs["requirements"] if r["in_scope"])["verdict"] = "error"
    rc, _, _ = run("merge", write("allpass.json", allpass))
    check(rc == 0, f"merge of a fleet that meets everything exits 0: rc={rc}")
    rc, out, _ = run("merge", write("allpass.json", allpass), write("errs.json", errs))
    check(rc == 3, f"merge without failures but with errors exits 3: rc={rc}")
    # --name-by file: devices by file name (the playbook's inventory names), not by hostname.
    rc, out, _ = run("merge", "--name-by", "file", "--format", "json", base, hostile)
    names = sorted(d["name"] for d in json.loads(out)["devices"])
    check(names == ["base", "hostile-strings"], f"--name-by file names {names}")
    rc, _, err = run("merge", "--name-by", "inventory", base)
    check(rc == 2, f"--name-by inventory is a usage error: rc={rc}")
    out_file = os.path.join(tmp, "fleet.json")
    rc, _, _ = run("merge", "--format", "json", "--output", out_file, base, hostile)
    check(rc == 1 and json.load(open(out_file))["devices_total"] == 2, "merge --output")
    rc, _, _ = run("merge", base, write("broken2.json", "[]"))
    check(rc == 3, f"merge with a broken report exits 3: rc={rc}")

    # Evidence bundle through the CLI: written, verified by bulwark and by sha256sum, signed, tampered.
    ev = os.path.join(tmp, "evidence")
    p = subprocess.run([bulwark, "assess", "--root", os.path.join(src, "tests/fixtures/minimal"), "--format", "json",
                        "--evidence-dir", ev, "--output", os.path.join(tmp, "a.json")], capture_output=True)
    check(p.returncode in (0, 1, 3) and os.path.exists(os.path.join(ev, "SHA256SUMS")), f"assess --evidence-dir: {p.stderr!r}")
    check(open(os.path.join(ev, "report.json")).read().strip() == open(os.path.join(tmp, "a.json")).read().strip(),
          "the bundle's report is the report written")
    check(subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=ev).returncode == 0, "sha256sum -c accepts the manifest")
    rc, out, _ = run("verify", ev)
    check(rc == 0 and "verified" in out, f"verify: rc={rc} {out!r}")
    with open(os.path.join(ev, "report.json"), "a") as f:
        f.write(" ")
    rc, out, _ = run("verify", ev)
    check(rc == 1 and "FAIL report.json: sha256" in out, f"verify a tampered bundle: rc={rc} {out!r}")
    rc, _, _ = run("verify", os.path.join(tmp, "no-such-dir"))
    check(rc == 3, f"verify a missing directory: rc={rc}")
    p = subprocess.run([bulwark, "assess", "--root", os.path.join(src, "tests/fixtures/minimal"), "--evidence-dir", ev],
                       capture_output=True)
    check(p.returncode == 3 and b"not empty" in p.stderr, "a bundle never overwrites a non-empty directory")
    key, pub = os.path.join(tmp, "k.pem"), os.path.join(tmp, "k.pub")
    subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key], capture_output=True, check=True)
    subprocess.run(["openssl", "pkey", "-in", key, "-pubout", "-out", pub], check=True)
    ev2 = os.path.join(tmp, "signed")
    p = subprocess.run([bulwark, "assess", "--root", os.path.join(src, "tests/fixtures/minimal"), "--evidence-dir", ev2,
                        "--sign-key", key], capture_output=True)
    check(p.returncode in (0, 1, 3), f"signed bundle: {p.stderr!r}")
    rc, out, _ = run("verify", "--key", pub, ev2)
    check(rc == 0 and "signature good" in out, f"verify --key: rc={rc} {out!r}")
    check(subprocess.run(["openssl", "dgst", "-sha256", "-verify", pub, "-signature", "SHA256SUMS.sig", "SHA256SUMS"],
                         cwd=ev2, capture_output=True).returncode == 0, "openssl dgst verifies the signature")
    p = subprocess.run([bulwark, "assess", "--sign-key", key], capture_output=True)
    check(p.returncode == 2, "--sign-key without --evidence-dir is a usage error")

    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
