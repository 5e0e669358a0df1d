#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The pieces that ship next to the code agree with it.

- the isar recipe, debian/changelog and meson.build carry the same version;
- the isar layer declares its collection and the recipe builds the source
  package debian/control names;
- the kas include and the Ansible playbook are valid YAML with the keys
  their tools need (skipped without python3-yaml).

Usage: contrib-check.py SOURCE_ROOT
"""
import glob
import os
import re
import sys

failures = []
passed = 0


def check(cond, what):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(what)
        print("FAIL", what)


def main():
    src = sys.argv[1]
    meson = open(os.path.join(src, "meson.build")).read()
    version = re.search(r"version\s*:\s*'([^']+)'", meson).group(1)
    changelog = open(os.path.join(src, "debian/changelog")).readline()
    check(re.match(r"^bulwark \(" + re.escape(version) + r"(-[^)]*)?\) ", changelog) is not None,
          f"debian/changelog '{changelog.strip()}' is not version {version}")
    recipes = glob.glob(os.path.join(src, "contrib/isar/meta-bulwark/recipes-*/bulwark/bulwark_*.bb"))
    check(len(recipes) == 1, f"one isar recipe expected, found {recipes}")
    for r in recipes:
        check(os.path.basename(r) == f"bulwark_{version}.bb", f"{r} is not bulwark_{version}.bb")
        text = open(r).read()
        check("inherit dpkg" in text, f"{r} does not inherit dpkg")
        check("destsuffix=${P}" in text, f"{r}: the source must unpack to ${{P}} for the dpkg class")
    control = open(os.path.join(src, "debian/control")).read()
    check(re.search(r"^Source: bulwark$", control, re.M) is not None, "debian/control Source is not bulwark (isar DEBIAN_SOURCE)")
    for pkg in ("bulwark", "bulwark-enforce"):
        check(re.search(rf"^Package: {pkg}$", control, re.M) is not None, f"debian/control lacks {pkg}")
    layer = open(os.path.join(src, "contrib/isar/meta-bulwark/conf/layer.conf")).read()
    for key in ("BBFILE_COLLECTIONS += \"bulwark\"", "LAYERSERIES_COMPAT_bulwark", "BBFILES"):
        check(key in layer, f"layer.conf lacks {key}")

    try:
        import yaml
    except ImportError:
        print("python3-yaml missing: YAML checks skipped")
    else:
        kas = yaml.safe_load(open(os.path.join(src, "contrib/isar/kas/bulwark.yml")))
        check(kas["header"]["version"] >= 14, "kas header version")
        check("contrib/isar/meta-bulwark" in kas["repos"]["bulwark"]["layers"], "kas include does not add the layer")
        check("bulwark-enforce" in kas["local_conf_header"]["bulwark"], "kas include does not install bulwark-enforce")
        plays = yaml.safe_load(open(os.path.join(src, "contrib/ansible/fleet-assess.yml")))
        check(isinstance(plays, list) and len(plays) == 2, "the playbook has two plays")
        modules = [next(k for k in t if k.startswith("ansible.")) for p in plays for t in p["tasks"]]
        check(modules[0] == "ansible.builtin.raw", "devices are assessed with raw (no Python on CIP images)")
        check(all(p.get("gather_facts") is False for p in plays), "gathering facts needs Python on the device")

    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
