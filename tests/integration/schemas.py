#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Every JSON Schema in docs/ must work with the jsonschema that Debian 12 ships
# (python3-jsonschema 4.10), not only with a newer one: an `$id` that is not an
# absolute URI makes 4.10 resolve "#/$defs/..." against a bogus base and fail
# with RefResolutionError ("unknown url type") on the first $ref it follows.
#
# For each schema: the $id is an absolute https URI, the schema is valid for its
# own metaschema, every $ref in it resolves, and validating documents that must
# walk through the $refs gives a ValidationError (never a resolution error).
import json
import os
import sys
import urllib.parse

import jsonschema

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
docs = os.path.join(root, "docs")
bad = 0


def expect(cond, what):
    global bad
    print(("ok   " if cond else "FAIL ") + what)
    bad |= not cond


def refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                yield v
            else:
                yield from refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from refs(v)


def fill(node, depth=0):
    """A document that has every property the schema names, each with a value
    of the wrong type, so validation descends through every $ref."""
    if depth > 6 or not isinstance(node, dict):
        return 12345
    props = node.get("properties")
    if isinstance(props, dict):
        return {k: [12345, {"x": 1}] for k in props}
    return 12345


schemas = sorted(f for f in os.listdir(docs) if f.endswith(".schema.json"))
expect(len(schemas) >= 2, "docs/ holds the schemas (%d found)" % len(schemas))
for name in schemas:
    schema = json.load(open(os.path.join(docs, name)))
    sid = schema.get("$id", "")
    u = urllib.parse.urlparse(sid)
    expect(u.scheme == "https" and bool(u.netloc), "%s: $id %r is an absolute https URI" % (name, sid))
    cls = jsonschema.validators.validator_for(schema)
    try:
        cls.check_schema(schema)
        expect(True, "%s: valid for its metaschema" % name)
    except jsonschema.SchemaError as e:
        expect(False, "%s: valid for its metaschema: %s" % (name, e.message))
        continue
    validator = cls(schema)
    for ref in sorted(set(refs(schema))):
        try:
            validator.resolver.resolve(ref)
            ok = True
        except Exception as e:  # RefResolutionError and its successors
            ok = False
            print("     %s: %s" % (type(e).__name__, e))
        expect(ok, "%s: $ref %s resolves" % (name, ref))
    for doc in ({}, fill(schema)):
        try:
            errors = list(validator.iter_errors(doc))
            expect(len(errors) > 0, "%s: a wrong document gives validation errors (%d), not a crash" % (name, len(errors)))
        except Exception as e:
            expect(False, "%s: validating a wrong document raised %s: %s" % (name, type(e).__name__, e))

sys.exit(bad)
