#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Validates Bulwark's OSCAL output against the vendored NIST OSCAL 1.0.6 schemas.

For each fixture tree: `bulwark assess --format oscal` must validate as
assessment-results, its embedded catalogue (back-matter, base64) and the
output of `--format oscal-catalog` must validate as a catalog, the two
catalogues must be the same, every finding must target a control of the
catalogue, every UUID must be version 5 and unique, and running twice must
give the same bytes (reproducible UUIDs). Documents broken on purpose must
be refused, so the validation can fail.

Usage: validate-oscal.py BULWARK SOURCE_ROOT
"""
import base64
import copy
import glob
import json
import os
import re
import subprocess
import sys

import jsonschema

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL", msg)


def patch_patterns(node):
    # Python's re has no \p{..}: a letter is [^\W\d_], a number \d.
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "pattern" and isinstance(v, str):
                node[k] = v.replace("\\p{L}", "[^\\W\\d_]").replace("\\p{N}", "\\d")
            else:
                patch_patterns(v)
    elif isinstance(node, list):
        for v in node:
            patch_patterns(v)
    return node


def validator(path):
    schema = patch_patterns(json.load(open(path)))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=jsonschema.FormatChecker())


def errors(v, doc):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in v.iter_errors(doc)]


def uuids(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "uuid":
                out.append(v)
            else:
                uuids(v, out)
    elif isinstance(node, list):
        for v in node:
            uuids(v, out)
    return out


def control_ids(cat):
    ids = set()

    def walk(controls):
        for c in controls or []:
            ids.add(c["id"])
            walk(c.get("controls"))
    for g in cat["catalog"].get("groups", []):
        walk(g.get("controls"))
    walk(cat["catalog"].get("controls"))
    return ids


def run(bulwark, root, fmt):
    p = subprocess.run([bulwark, "assess", "--root", root, "--sl", "3", "--role", "network", "--format", fmt],
                       capture_output=True, env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    if p.returncode not in (0, 1, 3):
        fail(f"{root}: bulwark --format {fmt} exited {p.returncode}: {p.stderr.decode(errors='replace')}")
        return None, b""
    return json.loads(p.stdout), p.stdout


def main():
    bulwark, src = os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])
    ar_v = validator(os.path.join(src, "docs/oscal/oscal_assessment-results_schema.json"))
    cat_v = validator(os.path.join(src, "docs/oscal/oscal_catalog_schema.json"))
    v5 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
    os.chdir(src)
    checked = 0
    for d in sorted(glob.glob("tests/fixtures/*/")):
        root = d.rstrip("/")
        ar, raw = run(bulwark, root, "oscal")
        cat, _ = run(bulwark, root, "oscal-catalog")
        if ar is None or cat is None:
            continue
        checked += 1
        for e in errors(ar_v, ar):
            fail(f"{root}: assessment-results: {e}")
        for e in errors(cat_v, cat):
            fail(f"{root}: catalog: {e}")
        res = [r for r in ar["assessment-results"].get("back-matter", {}).get("resources", [])
               if r.get("base64", {}).get("filename") == "bulwark-catalog.json"]
        if len(res) != 1:
            fail(f"{root}: the catalogue is not embedded in the back-matter")
        elif json.loads(base64.b64decode(res[0]["base64"]["value"])) != cat:
            fail(f"{root}: the embedded catalogue differs from --format oscal-catalog")
        all_uuids = uuids(ar, [])
        if len(all_uuids) != len(set(all_uuids)):
            fail(f"{root}: duplicate UUIDs")
        for u in all_uuids:
            if not v5.match(u):
                fail(f"{root}: {u} is not a version 5 UUID")
        ids = control_ids(cat)
        result = ar["assessment-results"]["results"][0]
        obs = {o["uuid"] for o in result.get("observations", [])}
        for f in result.get("findings", []):
            tid = f["target"]["target-id"]
            if not tid.endswith("_obj") or tid[:-4] not in ids:
                fail(f"{root}: finding targets {tid}, not a catalogue control objective")
            for r in f.get("related-observations", []):
                if r["observation-uuid"] not in obs:
                    fail(f"{root}: finding refers to a missing observation")
        _, raw2 = run(bulwark, root, "oscal")
        if raw != raw2:
            fail(f"{root}: two runs gave different documents")
        # The validator must be able to refuse.
        bad = copy.deepcopy(ar)
        bad["assessment-results"]["uuid"] = "not-a-uuid"
        bad2 = copy.deepcopy(ar)
        bad2["assessment-results"]["results"][0]["findings"][0]["target"]["status"]["state"] = "maybe"
        for b in (bad, bad2):
            if ar_v.is_valid(b):
                fail(f"{root}: a broken document validates")
    if checked == 0:
        fail("no fixture checked")
    print(f"{checked - len(failures) if checked > len(failures) else 0} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
