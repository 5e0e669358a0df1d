#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks the golden reports against their contracts.

- every tests/golden/*.json validates against docs/assessment.schema.json,
  and documents that break the contract do not;
- every tests/golden/*.xml is well-formed JUnit in the shape GitLab reads
  (testsuites > testsuite > testcase with classname and name, unique pairs,
  at most one status element, details in the element text) and agrees with
  the JSON golden of the same fixture check by check;
- every tests/golden/*.md has one summary-table row per requirement with
  exactly four cells, whatever the strings held;
- every tests/golden/*.html holds only the elements the HTML writer emits.

Usage: validate-reports.py SOURCE_ROOT
"""
import copy
import glob
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

import jsonschema

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL", msg)


def check_json(schema, path):
    doc = json.load(open(path, encoding="utf-8"))
    v = jsonschema.Draft202012Validator(schema)
    errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    for e in errs:
        fail(f"{path}: {'/'.join(map(str, e.path))}: {e.message}")
    # The schema must be able to say no: break the contract in known ways.
    broken = []
    d = copy.deepcopy(doc); d["requirements"][0]["verdict"] = "maybe"; broken.append(("unknown verdict", d))
    d = copy.deepcopy(doc); del d["summary"]["fail"]; broken.append(("summary without fail", d))
    d = copy.deepcopy(doc); d["schema"] = "bulwark-assessment/2"; broken.append(("other schema", d))
    d = copy.deepcopy(doc); d["profile"]["sl"] = 5; broken.append(("SL 5", d))
    d = copy.deepcopy(doc); d["requirements"][0]["id"] = "CR-4.1"; broken.append(("misspelt requirement ID", d))
    d = copy.deepcopy(doc); d["unknown_future_field"] = 1; accepted = d
    for what, d in broken:
        if v.is_valid(d):
            fail(f"{path}: schema accepts a document with {what}")
    if not v.is_valid(accepted):
        fail(f"{path}: schema refuses an added top-level field (forward compatibility)")
    return doc


STATUS = ("failure", "error", "skipped")


def junit_status(tc):
    found = [c for c in tc if c.tag in STATUS]
    if len(found) > 1:
        return None, found
    return (found[0].tag if found else "success"), found


def expected_status(in_scope, verdict):
    if not in_scope or verdict in ("na", "manual"):
        return "skipped"
    return {"fail": "failure", "error": "error", "pass": "success"}[verdict]


def check_junit(path, doc):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        fail(f"{path}: not well-formed XML: {e}")
        return
    if root.tag != "testsuites":
        fail(f"{path}: root element is {root.tag}, not testsuites")
    seen = set()
    cases = {}
    total = 0
    for suite in root.findall("testsuite"):
        n = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for tc in suite.findall("testcase"):
            cls, name = tc.get("classname"), tc.get("name")
            if not cls or not name:
                fail(f"{path}: testcase without classname or name")
                continue
            if (cls, name) in seen:
                fail(f"{path}: duplicate testcase {cls} / {name} (GitLab keeps only the first)")
            seen.add((cls, name))
            status, els = junit_status(tc)
            if status is None:
                fail(f"{path}: {cls} / {name} has several status elements")
                continue
            n["tests"] += 1
            if status != "success":
                n[{"failure": "failures", "error": "errors", "skipped": "skipped"}[status]] += 1
            if status in ("failure", "error") and not (els[0].text or "").strip():
                fail(f"{path}: {cls} / {name}: {status} without text (GitLab shows only the text)")
            cases[(cls, name)] = status
        total += n["tests"]
        for k, want in n.items():
            if suite.get(k) != str(want):
                fail(f"{path}: testsuite {suite.get('name')}: {k}={suite.get(k)}, counted {want}")
    if root.get("tests") != str(total):
        fail(f"{path}: testsuites tests={root.get('tests')}, counted {total}")
    if doc is None:
        return
    for req in doc["requirements"]:
        if not req["checks"]:
            if (req["id"], "requirement") not in cases:
                fail(f"{path}: requirement {req['id']} without checks is missing")
        for c in req["checks"]:
            got = cases.get((req["id"], c["id"]))
            want = expected_status(req["in_scope"], c["verdict"])
            if got != want:
                fail(f"{path}: {req['id']} / {c['id']}: {got}, expected {want} (verdict {c['verdict']})")


def md_cells(line):
    # Split a table row on pipes that are not backslash-escaped.
    return re.split(r"(?<!\\)\|", line.strip())[1:-1]


def check_markdown(path, doc):
    lines = open(path, encoding="utf-8").read().split("\n")
    try:
        start = lines.index("## Summary")
    except ValueError:
        fail(f"{path}: no '## Summary' section")
        return
    rows = []
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        if line.startswith("|"):
            rows.append(line)
    body = [r for r in rows[2:]]
    for r in rows:
        if len(md_cells(r)) != 4:
            fail(f"{path}: summary row with {len(md_cells(r))} cells: {r}")
    if doc is not None and len(body) != len(doc["requirements"]):
        fail(f"{path}: {len(body)} summary rows for {len(doc['requirements'])} requirements")
    for line in lines:
        if "<" in line.replace("\\<", ""):
            fail(f"{path}: unescaped '<' (raw HTML) in: {line}")
            break


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "."
    schema = json.load(open(os.path.join(src, "docs/assessment.schema.json")))
    jsonschema.Draft202012Validator.check_schema(schema)
    docs = {}
    goldens = sorted(glob.glob(os.path.join(src, "tests/golden/*.json")))
    if not goldens:
        fail("no golden JSON found")
    for g in goldens:
        docs[os.path.basename(g)[:-5]] = check_json(schema, g)
    for g in sorted(glob.glob(os.path.join(src, "tests/golden/*.xml"))):
        check_junit(g, docs.get(os.path.basename(g)[:-4]))
    for g in sorted(glob.glob(os.path.join(src, "tests/golden/*.md"))):
        check_markdown(g, docs.get(os.path.basename(g)[:-3]))
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import importlib
    html_check = importlib.import_module("html-check")
    for g in sorted(glob.glob(os.path.join(src, "tests/golden/*.html"))):
        if not html_check.check_tags(g):
            fail(f"{g}: markup the writer does not emit")
    n = len(glob.glob(os.path.join(src, "tests/golden/*")))
    print(f"{n - len(failures) if n >= len(failures) else 0} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
