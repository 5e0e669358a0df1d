#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The unit resolver (src/collect/collect-units.c) against real systemd.

For every fixture tree with units, every deviation tree tests/trees/units-*.sh
applied to its base, a few trees built here for the cases systemctl decides
(aliases, empty-file masks, /run, instances, vendor-only links, SysV), and the
debootstrapped Debian tree when tools/make-debian-tree has one cached, the
resolver's enabled/masked state of every unit name the tree has must be what
`systemctl --root=TREE is-enabled NAME` says.

The mapping, argued:
  enabled, enabled-runtime   a link in /etc or /run enables it: enabled, not masked
  masked, masked-runtime     masked (a /dev/null link or an empty file)
  alias                      the name is an alias: it is in the aliases of a unit,
                             and not a unit of its own
  static, indirect, disabled, linked, linked-runtime
                             nothing an admin configured enables it: not enabled, not
                             masked (vendor .wants links are wiring; whether it starts
                             is the closure's business, not the enabled state's)
  generated, transient       made at run time: not compared (none in an offline tree)
  not found (an error)       the resolver has no file for it either
SysV scripts: systemctl asks systemd-sysv-install, which looks for an S link in
/etc/rc[S5].d, and the resolver's enabled says the same; whether the script
starts is systemd-sysv-generator's rule (an S link in /etc/rc[2-5].d), which
test-units holds.

Besides the fixtures, the machine's own root is compared, read offline
(systemctl --root=/ reads the files, as the resolver does): a real Debian
install with a few hundred units.

Usage: units-oracle.py UNITS_DUMP SOURCE_ROOT
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
dump_bin, src = sys.argv[1], sys.argv[2]
SUFFIXES = (".service", ".socket", ".target", ".mount", ".automount", ".swap", ".timer", ".path", ".slice")
DIRS = ("etc/systemd/system", "run/systemd/system", "usr/local/lib/systemd/system", "lib/systemd/system",
        "usr/lib/systemd/system")

if not shutil.which("systemctl"):
    print("systemctl is not installed: skipped")
    sys.exit(SKIP)

failures = []
compared = 0


def resolver(tree):
    p = subprocess.run([dump_bin, tree], capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        failures.append(f"{tree}: units-dump failed: {p.stderr.strip()}")
        return []
    return [json.loads(line) for line in p.stdout.splitlines()]


def oracle(tree, name):
    p = subprocess.run(["systemctl", f"--root={tree}", "is-enabled", name], capture_output=True, text=True,
                       timeout=60)
    out = p.stdout.strip().splitlines()
    return out[0] if out else "not-found"


def names_in(tree):
    names = set()
    for d in DIRS:
        full = os.path.join(tree, d)
        if not os.path.isdir(full):
            continue
        for e in os.listdir(full):
            if e.endswith(SUFFIXES) and "@." not in e and not e.startswith("."):
                names.add(e)
            if e.endswith((".wants", ".requires")) and os.path.isdir(os.path.join(full, e)):
                for x in os.listdir(os.path.join(full, e)):
                    if x.endswith(SUFFIXES) and "@." not in x:
                        names.add(x)
    initd = os.path.join(tree, "etc/init.d")
    if os.path.isdir(initd):
        for e in os.listdir(initd):
            if os.access(os.path.join(initd, e), os.X_OK) and not e.startswith(".") and e not in ("README", "skeleton", "rc", "rcS"):
                names.add(e + ".service")
    return names


def compare(label, tree):
    global compared
    units = resolver(tree)
    by_name = {u["name"]: u for u in units}
    alias_of = {a: u for u in units for a in u["aliases"]}
    for name in sorted(names_in(tree) | set(by_name) | set(alias_of)):
        state = oracle(tree, name)
        u = by_name.get(name)
        compared += 1
        where = f"{label}: {name}: systemctl says {state}"
        if state in ("enabled", "enabled-runtime"):
            u = u or alias_of.get(name)
            if not u or not u["enabled"] or u["masked"]:
                failures.append(f"{where}, resolver {u and {k: u[k] for k in ('enabled', 'masked')}}")
        elif state in ("masked", "masked-runtime"):
            if not u or not u["masked"]:
                failures.append(f"{where}, resolver {u and {k: u[k] for k in ('enabled', 'masked')}}")
        elif state == "alias":
            if name not in alias_of or name in by_name:
                failures.append(f"{where}, resolver has it as {'a unit' if name in by_name else 'nothing'}")
        elif state in ("static", "indirect", "disabled", "linked", "linked-runtime"):
            if u and (u["enabled"] or u["masked"]):
                failures.append(f"{where}, resolver {u and {k: u[k] for k in ('enabled', 'masked')}}")
            elif not u and name not in alias_of:
                failures.append(f"{where}, resolver does not know it")
        elif state in ("generated", "transient"):
            pass
        else:
            # Not found, or a file systemd cannot use (bad, a loop): the resolver has no unit file, or says undecided.
            if u and u["path"] and u["starts"] != -1:
                failures.append(f"{where} ({state}), resolver has {u['path']}")


def write(tree, path, text="", mode=0o644):
    full = os.path.join(tree, path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)
    os.chmod(full, mode)


def link(tree, path, target):
    full = os.path.join(tree, path.lstrip("/"))
    os.makedirs(os.path.dirname(full), exist_ok=True)
    os.symlink(target, full)


def built_trees(tmp):
    """Trees for the cases the fixtures lack, built with systemctl's own conventions."""
    t = os.path.join(tmp, "built")
    svc = "[Unit]\nDescription=x\n[Service]\nExecStart=/bin/true\n"
    write(t, "lib/systemd/system/ssh.service", svc + "[Install]\nWantedBy=multi-user.target\nAlias=sshd.service\n")
    link(t, "etc/systemd/system/sshd.service", "/lib/systemd/system/ssh.service")              # enabled through the alias only
    write(t, "lib/systemd/system/nftables.service", svc + "[Install]\nWantedBy=sysinit.target\n")
    link(t, "etc/systemd/system/sysinit.target.wants/nftables.service", "/lib/systemd/system/nftables.service")
    write(t, "etc/systemd/system/nftables.service", "")                                         # masked by an empty file
    write(t, "usr/lib/systemd/system/vendor.service", svc)                                        # static, vendor-linked
    link(t, "usr/lib/systemd/system/multi-user.target.wants/vendor.service", "../vendor.service")
    write(t, "lib/systemd/system/off.service", svc + "[Install]\nWantedBy=multi-user.target\n")  # disabled
    write(t, "lib/systemd/system/rt.service", svc + "[Install]\nWantedBy=multi-user.target\n")   # enabled at run time
    link(t, "run/systemd/system/multi-user.target.wants/rt.service", "/lib/systemd/system/rt.service")
    write(t, "lib/systemd/system/getty@.service", svc + "[Install]\nWantedBy=getty.target\nDefaultInstance=tty1\n")
    link(t, "etc/systemd/system/getty.target.wants/getty@tty1.service", "/lib/systemd/system/getty@.service")
    write(t, "lib/systemd/system/echo.socket", "[Socket]\nListenStream=7\n[Install]\nWantedBy=sockets.target\n")
    link(t, "etc/systemd/system/sockets.target.wants/echo.socket", "/lib/systemd/system/echo.socket")
    write(t, "lib/systemd/system/echo.service", svc)                                               # static: the socket starts it
    write(t, "lib/systemd/system/a.service", svc + "[Install]\nAlso=off.service\n")                # indirect
    link(t, "etc/systemd/system/gone.service", "/dev/null")                                        # masked, no file
    write(t, "etc/init.d/legacyd", "#!/bin/sh\n", 0o755)                                           # SysV, S links in rc2-5
    for n in "2345":
        link(t, f"etc/rc{n}.d/S01legacyd", "../init.d/legacyd")
    write(t, "etc/init.d/idle", "#!/bin/sh\n", 0o755)                                              # SysV, K links only
    for n in "2345":
        link(t, f"etc/rc{n}.d/K01idle", "../init.d/idle")
    link(t, "lib/systemd/system/default.target", "multi-user.target")
    write(t, "lib/systemd/system/multi-user.target", "[Unit]\nRequires=basic.target\n")
    # merged /usr, as Debian 12 installs it: /lib is a link to usr/lib
    m = os.path.join(tmp, "merged")
    write(m, "usr/lib/systemd/system/cron.service", svc + "[Install]\nWantedBy=multi-user.target\n")
    write(m, "usr/lib/systemd/system/atd.service", svc + "[Install]\nWantedBy=multi-user.target\n")
    os.symlink("usr/lib", os.path.join(m, "lib"))
    link(m, "etc/systemd/system/multi-user.target.wants/cron.service", "/lib/systemd/system/cron.service")
    return [("built", t), ("merged-usr", m)]


with tempfile.TemporaryDirectory() as tmp:
    trees = []
    for fx in sorted(glob.glob(os.path.join(src, "tests", "fixtures", "*"))):
        if any(os.path.isdir(os.path.join(fx, d)) for d in DIRS):
            trees.append((os.path.basename(fx), fx))
    for script in sorted(glob.glob(os.path.join(src, "tests", "trees", "units-*.sh"))):
        base = "cip-hardened"
        for line in open(script, encoding="utf-8"):
            if line.startswith("# base:"):
                base = line.split(":", 1)[1].strip()
        dst = os.path.join(tmp, os.path.basename(script))
        shutil.copytree(os.path.join(src, "tests", "fixtures", base), dst, symlinks=True)
        subprocess.run(["sh", script, dst], check=True, cwd=src)
        trees.append((os.path.basename(script), dst))
    trees += built_trees(tmp)
    deb = os.environ.get("BULWARK_DEBIAN_TREE", "/var/cache/bulwark/debian12")
    if os.path.exists(os.path.join(deb, ".bulwark-complete")):
        trees.append(("debian12", deb))
    else:
        print(f"no debootstrapped tree cached at {deb} (tools/make-debian-tree): not compared")
    if os.path.isdir("/etc/systemd/system"):
        trees.append(("host-root", "/"))
    for label, tree in trees:
        compare(label, tree)

for f in failures:
    print("FAIL", f)
print(f"{compared} unit names compared on {len(trees)} trees, {len(failures)} disagree with systemctl")
sys.exit(1 if failures or compared == 0 else 0)
