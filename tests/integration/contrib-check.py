#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The pieces that ship next to the code agree with it.

- the isar recipe, debian/changelog and meson.build carry the same version;
- the isar layer declares its collection and the recipe builds the source
  package debian/control names;
- the recipe pins a real revision: SRCREV is a commit of this repository's
  history (when the source is a git checkout) whose debian/rules runs no
  built binary (so it cross-builds), and no recipe, kas or README line holds
  a placeholder URL;
- the kas include does not install bulwark-enforce (without a policy the
  image boots closed, loopback only);
- the kas include and the Ansible playbook are valid YAML with the keys
  their tools need (skipped without python3-yaml).

Usage: contrib-check.py SOURCE_ROOT
"""
import glob
import os
import re
import subprocess
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
        check("AUTOREV" not in text, f"{r}: SRCREV must pin a commit, not AUTOREV")
        m = re.search(r'^SRCREV\s*\??=\s*"([0-9a-f]{40})"$', text, re.M)
        check(m is not None, f"{r}: SRCREV is not a 40-digit commit")
        check(re.search(r'^BULWARK_SRC_URI \?= "git://\$\{BULWARK_REPO_DIR\};protocol=file;nobranch=1"$', text, re.M) is not None,
              f"{r}: the source is not this repository by git's file protocol")
        if m and os.path.exists(os.path.join(src, ".git")):
            rev = m.group(1)
            def git(*args):
                return subprocess.run(["git", "-C", src] + list(args), capture_output=True, text=True)
            check(git("cat-file", "-e", rev + "^{commit}").returncode == 0, f"{r}: SRCREV {rev} is no commit of this repository")
            check(git("merge-base", "--is-ancestor", rev, "HEAD").returncode == 0, f"{r}: SRCREV {rev} is not in HEAD's history")
            rules = git("show", rev + ":debian/rules").stdout
            check(rules != "" and "obj-$(DEB_HOST_GNU_TYPE)/bulwark" not in rules,
                  f"{r}: SRCREV {rev}'s debian/rules runs the built binary (no cross build)")
            # What the fetcher does: BULWARK_REPO_DIR (LAYERDIR_bulwark/../../..) is this repository.
            layerdir = os.path.join(src, "contrib/isar/meta-bulwark")
            check(os.path.realpath(os.path.normpath(layerdir + "/../../..")) == os.path.realpath(src),
                  "BULWARK_REPO_DIR is not the repository root")
            cl = git("show", rev + ":debian/changelog").stdout
            check(cl.startswith(f"bulwark ({version}"), f"{r}: SRCREV {rev} is not version {version}")
    for f in recipes + glob.glob(os.path.join(src, "contrib/isar/**/*"), recursive=True):
        if os.path.isfile(f):
            for n, line in enumerate(open(f), 1):
                check(re.search(r"://[^\s\"';]*example\.(org|com|net)|<[a-z ]*(url|where)[a-z ]*>", line) is None,
                      f"{f}:{n}: placeholder URL: {line.strip()}")
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
        check("url" not in kas["repos"]["bulwark"], "the kas include's own repo must have no url (kas: this repository)")
        installs = [l for l in kas["local_conf_header"]["bulwark"].splitlines() if not l.lstrip().startswith("#")]
        check(any("IMAGE_INSTALL" in l and " bulwark" in l for l in installs), "kas include does not install bulwark")
        check(not any("bulwark-enforce" in l for l in installs),
              "kas include installs bulwark-enforce without a policy recipe (the image would boot closed)")
        plays = yaml.safe_load(open(os.path.join(src, "contrib/ansible/fleet-assess.yml")))
        check(isinstance(plays, list) and len(plays) == 2, "the playbook has two plays")
        modules = [next(k for k in t if k.startswith("ansible.")) for p in plays for t in p["tasks"]]
        check(modules[0] == "ansible.builtin.raw", "devices are assessed with raw (no Python on CIP images)")
        check(all(p.get("gather_facts") is False for p in plays), "gathering facts needs Python on the device")

    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
