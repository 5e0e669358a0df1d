#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The kernel command line and sysctl views held to the real programs.

Unified kernel images: the .cmdline Bulwark reads is the one binutils'
objcopy extracts. GRUB: for each tests/trees/kernel-*.sh tree whose loader is GRUB without a
generated grub.cfg, and for a list of /etc/default/grub snippets, a real
/bin/sh sources /etc/default/grub and grub.d/*.cfg the way grub-mkconfig does;
where Bulwark gives a command line it must be the shell's, and where it says
undecided it must not pass (and the shell's answer must depend on what the
files do not hold: the environment, or a command's output).

sysctl: for each tests/trees/sysctl-*.sh tree and a list of snippets,
`systemd-analyze cat-config sysctl.d --root=TREE` gives the files
systemd-sysctl applies, in order, and the real /lib/systemd/systemd-sysctl run
in private mount and network namespaces (as root) over the tree's sysctl.d
files, with interfaces present at boot and appearing after it (udev re-applies
their keys), gives whether the kernel forwards. Bulwark's evidence of
forward-path-filtered must say the same.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

from bwtest import *

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TREES = os.path.join(ROOT, "tests", "trees")
GRUB_PKG = "Package: grub-pc\nStatus: install ok installed\nPriority: optional\nArchitecture: amd64\nVersion: 2.06-13\nDescription: grub\n\n"


def build(script, body=None):
    d = tempfile.mkdtemp(prefix="bulwark-oracle-")
    tree = os.path.join(d, "root")
    shutil.copytree(os.path.join(FIXTURES, "cip-hardened"), tree, symlinks=True)
    if script:
        subprocess.run(["/bin/sh", script, tree], cwd=ROOT, check=True, timeout=60)
    if body:
        body(tree)
    return d, tree


def find(report, cid):
    for r in report["requirements"]:
        for c in r["checks"]:
            if c["id"] == cid:
                return c
    return None


def words(s):
    return " ".join(s.split())


# ---- GRUB defaults ----

def sh_cmdline(tree, env):
    """What grub-mkconfig's shell ends with: GRUB_CMDLINE_LINUX GRUB_CMDLINE_LINUX_DEFAULT."""
    prog = ('if [ -f "$T/etc/default/grub" ]; then . "$T/etc/default/grub"; fi; '
            'for x in "$T"/etc/default/grub.d/*.cfg; do if [ -e "$x" ]; then . "$x"; fi; done; '
            'printf "%s %s" "$GRUB_CMDLINE_LINUX" "$GRUB_CMDLINE_LINUX_DEFAULT"')
    p = subprocess.run(["/bin/sh", "-c", prog], env={"T": tree, "PATH": "/usr/bin:/bin", **env},
                       capture_output=True, text=True, timeout=30)
    return words(p.stdout)


def grub_case(name, tree):
    report, _ = assess_json("--root", tree, "--sl", "3")
    c = find(report, "init-on-free")
    line = [e["detail"] for e in c["evidence"] if e["detail"].startswith("command line: ")]
    plain = sh_cmdline(tree, {})
    if line:
        got = words(line[0][len("command line: "):])
        expect(got == plain, f"{name}: Bulwark's command line '{got}' is what sh gives, '{plain}'")
    else:
        other = sh_cmdline(tree, {"BOARD_ARGS": "init_on_free=0", "GRUB_CMDLINE_LINUX_DEFAULT": "x"})
        expect(c["verdict"] != "pass", f"{name}: undecided does not pass (got {c['verdict']})")
        expect(c["verdict"] == "manual", f"{name}: undecided is manual (got {c['verdict']}: {c['summary']})")
        print(f"info - {name}: sh gives '{plain}' here and '{other}' with another environment")


SNIPPETS = {
    "plain": ('GRUB_CMDLINE_LINUX="a b"\nGRUB_CMDLINE_LINUX_DEFAULT="quiet init_on_free=1"\n', {}),
    "quotes": ("GRUB_CMDLINE_LINUX='x \"y\"'\"z\"\\ w\nexport GRUB_CMDLINE_LINUX_DEFAULT=init_on_free\\=1\n", {}),
    "append": ('GRUB_CMDLINE_LINUX=a\nGRUB_CMDLINE_LINUX="${GRUB_CMDLINE_LINUX} b $GRUB_CMDLINE_LINUX"\n', {}),
    "two-on-a-line": ('GRUB_CMDLINE_LINUX=a GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX c"  # note\n', {}),
    "multiline": ('GRUB_CMDLINE_LINUX="a\n  b" ; GRUB_TIMEOUT=5\n', {}),
    "continuation": ('GRUB_CMDLINE_LINUX=a\\\nb\n', {}),
    "dropin-wins": ('GRUB_CMDLINE_LINUX_DEFAULT="init_on_free=1"\n', {"10-a.cfg": 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n',
                                                                  "20-b.cfg": 'GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT splash"\n',
                                                                  "30-c.conf": 'GRUB_CMDLINE_LINUX_DEFAULT="ignored"\n'}),
    "unrelated-subst": ('GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\nGRUB_CMDLINE_LINUX="init_on_free=1"\n', {}),
    # Undecided: Bulwark must not give a command line.
    "subst": ('GRUB_CMDLINE_LINUX="$(echo init_on_free=0)"\n', {}),
    "backtick": ('GRUB_CMDLINE_LINUX="`echo a`"\n', {}),
    "env-var": ('GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT init_on_free=1"\n', {}),
    "command": ('GRUB_CMDLINE_LINUX="init_on_free=1"\n[ -e /nonexistent ] || GRUB_CMDLINE_LINUX=""\n', {}),
    "source": ('GRUB_CMDLINE_LINUX="init_on_free=1"\n. /etc/default/grub.local\n', {}),
    "default-op": ('GRUB_CMDLINE_LINUX="${BOARD_ARGS:-init_on_free=1}"\n', {}),
}


def snippet_body(main, dropins):
    def body(tree):
        try:
            os.unlink(os.path.join(tree, "etc/kernel/cmdline"))
        except FileNotFoundError:
            pass
        os.makedirs(os.path.join(tree, "etc/default/grub.d"), exist_ok=True)
        with open(os.path.join(tree, "etc/default/grub"), "w") as f:
            f.write(main)
        for n, text in dropins.items():
            with open(os.path.join(tree, "etc/default/grub.d", n), "w") as f:
                f.write(text)
        with open(os.path.join(tree, "var/lib/dpkg/status"), "a") as f:
            f.write(GRUB_PKG)
    return body


for script in sorted(glob.glob(os.path.join(TREES, "kernel-*.sh"))):
    name = os.path.basename(script)[:-3]
    d, tree = build(script)
    try:
        grubish = os.path.exists(os.path.join(tree, "etc/default/grub")) and not os.path.exists(os.path.join(tree, "boot/grub/grub.cfg"))
        with open(os.path.join(tree, "var/lib/dpkg/status")) as f:
            has_grub = re.search(r"^Package: grub-(pc|efi)", f.read(), re.M)
        if grubish and has_grub:
            grub_case(name, tree)
    finally:
        shutil.rmtree(d)

def uki_case(name, tree, ukis):
    """A unified kernel image's .cmdline as binutils' objcopy extracts it."""
    report, _ = assess_json("--root", tree, "--sl", "3")
    c = find(report, "init-on-free")
    line = [e["detail"] for e in c["evidence"] if e["detail"].startswith("command line: ")]
    if not line:
        expect(c["verdict"] == "manual", f"{name}: an undecided image command line is manual (got {c['verdict']})")
        return
    got = words(line[0][len("command line: "):])
    for u in ukis:
        with tempfile.NamedTemporaryFile() as out:
            subprocess.run(["objcopy", "-O", "binary", "--only-section=.cmdline", u, out.name], check=True, timeout=30)
            want = words(open(out.name, "rb").read().split(b"\0")[0].decode())
        expect(got == want, f"{name}: Bulwark's command line '{got}' is objcopy's .cmdline of {os.path.basename(u)}, '{want}'")


if shutil.which("objcopy"):
    for script in sorted(glob.glob(os.path.join(TREES, "kernel-*.sh"))):
        d, tree = build(script)
        try:
            ukis = glob.glob(os.path.join(tree, "boot/efi/EFI/Linux/*.efi"))
            if ukis:
                uki_case(os.path.basename(script)[:-3], tree, ukis)
        finally:
            shutil.rmtree(d)
else:
    print("skip - objcopy (binutils) is not installed: unified kernel images not compared")

for name, (main, dropins) in SNIPPETS.items():
    d, tree = build(None, snippet_body(main, dropins))
    try:
        grub_case(f"grub snippet {name}", tree)
    finally:
        shutil.rmtree(d)

# ---- sysctl ----

def cat_config(tree):
    p = subprocess.run(["systemd-analyze", "cat-config", "sysctl.d", f"--root={tree}"], capture_output=True, text=True, timeout=30)
    files = []
    for line in p.stdout.splitlines():
        if line.startswith("# " + tree + "/"):
            files.append(line[2 + len(tree):])
    return files


NETNS = r'''
set -eu
T=$1; SCEN=$2
mount --make-rprivate /
bindir() { if [ -d "$T$1" ]; then mount --bind "$T$1" "$1"; else mount -t tmpfs tmpfs "$1"; fi; }
bindir /etc/sysctl.d
bindir /usr/lib/sysctl.d
mount -t tmpfs tmpfs /run; mkdir /run/sysctl.d; bindir /run/sysctl.d
mount -t tmpfs tmpfs /usr/local/lib; mkdir /usr/local/lib/sysctl.d; bindir /usr/local/lib/sysctl.d
E=$(mktemp); if [ -f "$T/etc/sysctl.conf" ]; then cp "$T/etc/sysctl.conf" "$E"; fi; mount --bind "$E" /etc/sysctl.conf
S=/lib/systemd/systemd-sysctl
ifaces() { ip link add eth0 type veth peer name eth1; ip link add eth0.100 type veth peer name x0; }
udev() { for i in "$@"; do $S --prefix=/net/ipv4/conf/$i --prefix=/net/ipv6/conf/$i || true; done; }
if [ "$SCEN" = early ]; then ifaces; $S --prefix=/net/ipv4 --prefix=/net/ipv6 || true; udev eth0 eth1 eth0.100 x0
else $S --prefix=/net/ipv4 --prefix=/net/ipv6 || true; ifaces; udev eth0 eth1 eth0.100 x0; fi
ip link add y0 type veth peer name y1; udev y0 y1
v4=off; for f in /proc/sys/net/ipv4/conf/*/forwarding; do
  case $f in */lo/*|*/all/*|*/default/*) continue;; esac
  [ "$(cat $f)" = 0 ] || v4=on
done
v6=off; [ "$(cat /proc/sys/net/ipv6/conf/all/forwarding)" = 0 ] || v6=on
for f in /proc/sys/net/ipv6/conf/*/force_forwarding; do [ -e "$f" ] && [ "$(cat $f)" != 0 ] && v6=on; done
echo "$v4 $v6"
'''


def kernel_forwarding(tree):
    res = []
    for scen in ("early", "late"):
        p = subprocess.run(["unshare", "-m", "-n", "/bin/sh", "-c", NETNS, "sh", tree, scen], capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            raise AssertionError(f"the netns oracle failed: {p.stderr}")
        res.append(p.stdout.split())
    return ("on" if any(r[0] == "on" for r in res) else "off", "on" if any(r[1] == "on" for r in res) else "off")


def sysctl_case(name, tree, netns):
    report, _ = assess_json("--root", tree, "--sl", "3", "--role", "network")
    c = find(report, "forward-path-filtered")
    ev = [e["detail"] for e in c["evidence"]]
    applied = [re.sub(r" is masked .*", "", e[len("applied: "):]) for e in ev if e.startswith("applied: ")]
    want = cat_config(tree)
    expect(applied == want, f"{name}: the files applied are systemd-analyze cat-config's {want} (got {applied})")
    state = [e for e in ev if e.startswith("IPv4 forwarding ")]
    if not netns:
        return
    if glob.glob(os.path.join(tree, "*/systemd/network/*.network")) + glob.glob(os.path.join(tree, "usr/lib/systemd/network/*.network")):
        # systemd-networkd writes forwarding too (IPForward=); systemd-sysctl alone is not the oracle.
        expect(any("IPForward=" in e for e in ev), f"{name}: the networkd IPForward= setting is in the evidence")
        return
    v4, v6 = kernel_forwarding(tree)
    expect(state == [f"IPv4 forwarding {v4}, IPv6 forwarding {v6}"],
           f"{name}: forwarding as systemd-sysctl leaves the kernel, IPv4 {v4} and IPv6 {v6} (got {state})")


SYSCTL_SNIPPETS = {
    "toggle-resets-interface": {"etc/sysctl.d/10-a.conf": "net.ipv4.conf.eth1.forwarding = 1\nnet.ipv4.ip_forward = 1\n",
                                "etc/sysctl.d/20-b.conf": "net.ipv4.conf.all.forwarding = 0\n"},
    "interface-then-off": {"etc/sysctl.d/10-a.conf": "net.ipv4.conf.eth1.forwarding = 1\nnet.ipv4.conf.eth1.forwarding = 0\n"},
    "default-then-all": {"usr/lib/sysctl.d/10-a.conf": "net.ipv4.conf.default.forwarding = 1\nnet.ipv4.ip_forward = 1\nnet.ipv4.ip_forward = 0\n"},
    "reassigned-moves-last": {"etc/sysctl.d/10-a.conf": "net.ipv4.ip_forward = 1\nnet.ipv4.conf.default.forwarding = 0\n",
                              "etc/sysctl.d/20-b.conf": "net.ipv4.conf.default.forwarding = 1\nnet.ipv4.ip_forward = 0\n"},
    "bad-value": {"etc/sysctl.d/10-a.conf": "-net.ipv4.ip_forward = yes\nnet.ipv6.conf.all.forwarding = 0x1\n"},
    "slash-dotted-iface": {"run/sysctl.d/10-a.conf": "net.ipv4.conf.eth0/100.forwarding = 1\n"},
    "not-conf-suffix": {"etc/sysctl.d/10-a.cnf": "net.ipv4.ip_forward = 1\n"},
    "glob-excluded": {"etc/sysctl.d/10-a.conf": "net.ipv6.conf.*.forwarding = 1\n-net.ipv6.conf.all.forwarding\n"},
    "ipv6-all-via-slash": {"usr/local/lib/sysctl.d/10-a.conf": "net/ipv6/conf/all/forwarding = 1\n"},
    "run-masks-usr": {"usr/lib/sysctl.d/50-a.conf": "net.ipv4.ip_forward = 1\n", "run/sysctl.d/50-a.conf": "# nothing\n"},
    "etc-over-run": {"run/sysctl.d/50-a.conf": "net.ipv4.ip_forward = 0\n", "etc/sysctl.d/50-a.conf": "net.ipv4.ip_forward = 1\n"},
    "zero-glob": {"etc/sysctl.d/10-a.conf": "net.ipv4.conf.*.forwarding = 0\n"},
}


def sysctl_body(files):
    def body(tree):
        for rel, text in files.items():
            p = os.path.join(tree, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w") as f:
                f.write(text)
    return body


netns = is_root() and shutil.which("unshare") and os.path.exists("/lib/systemd/systemd-sysctl")
if not netns:
    print("skip - the netns oracle needs root, unshare and systemd-sysctl; comparing file lists only")
for script in sorted(glob.glob(os.path.join(TREES, "sysctl-*.sh"))):
    name = os.path.basename(script)[:-3]
    d, tree = build(script)
    try:
        sysctl_case(name, tree, netns)
    finally:
        shutil.rmtree(d)
for name, files in SYSCTL_SNIPPETS.items():
    d, tree = build(None, sysctl_body(files))
    try:
        sysctl_case(f"sysctl snippet {name}", tree, netns)
    finally:
        shutil.rmtree(d)
done()
