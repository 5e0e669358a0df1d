#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""SSH key-exchange signals and Terrapin (CVE-2023-48795), against the lists
the server itself sends (its KEXINIT, read off the wire by scanlib.server_hello):

- dropbear: kexguess2@matt.ucc.asn.au and kex-strict-s-v00@openssh.com are
  signals, listed in "kex_signals", never judged as key exchanges; with
  chacha20-poly1305 and strict kex, Terrapin is mitigated;
- sshd (root only): the same for OpenSSH's signals;
- ssh-hostile-server.py terrapin: chacha20-poly1305 and an EtM MAC without
  kex-strict-s: exposed, a failing ssh-terrapin finding;
- group exchange sizes (sshd, root): with a ModuliFile holding only 3072-bit
  primes, sshd refuses a request for 1024 bits (below its DH_GRP_MIN; its
  log says "DH GEX group out of range"), answers 2048 with its built-in group 14 (its
  DEBUG3 log says "using 2k bit group 14"): Bulwark must report 1024
  refused and 2048 handed out, and judge the 2048-bit group.

Usage: scan-ssh-signals.py BULWARK
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scanlib import FAILURES, check, free_port, server_hello  # noqa: E402


BULWARK = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
SIGNALS = {"ext-info-c", "ext-info-s", "kex-strict-c-v00@openssh.com", "kex-strict-s-v00@openssh.com",
           "kex-strict-c", "kex-strict-s", "kexguess2@matt.ucc.asn.au"}


def wait_port(port, proc):
    end = time.monotonic() + 15
    while time.monotonic() < end and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def scan(port, *args):
    r = subprocess.run([BULWARK, "scan", "ssh", "--format", "json"] + list(args) + ["127.0.0.1:%d" % port],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace", timeout=120)
    return r.returncode, json.loads(r.stdout) if r.stdout.strip() else None


def judge(label, port, *args):
    try:
        truth = server_hello(port)[1]
    except (OSError, EOFError, ValueError) as e:
        check(False, "%s: its KEXINIT read off the wire (%s)" % (label, e))
        return
    kex = truth["KEX algorithms"]
    ciphers = truth["ciphers ctos"] + [c for c in truth["ciphers stoc"] if c not in truth["ciphers ctos"]]
    macs = truth["MACs ctos"] + [m for m in truth["MACs stoc"] if m not in truth["MACs ctos"]]
    signals = [k for k in kex if k in SIGNALS]
    exposed = ("chacha20-poly1305@openssh.com" in ciphers or any(m.endswith("-etm@openssh.com") for m in macs)) and \
        "kex-strict-s-v00@openssh.com" not in kex
    print("%s ground truth (its KEXINIT on the wire): signals %s, Terrapin %s" % (label, signals, "exposed" if exposed else "not exposed"))
    rc, doc = scan(port, *args)
    check(doc is not None, "%s: scanned (exit %d)" % (label, rc))
    if not doc:
        return
    check(doc["kex"] == kex, "%s: kex list as sent" % label)
    check(doc["kex_signals"] == signals, "%s: kex_signals %s" % (label, doc["kex_signals"]))
    judged = [f["algorithm"] for f in doc["findings"] if f["kind"] == "ssh-kex"]
    check(not set(judged) & SIGNALS and judged == [k for k in kex if k not in SIGNALS],
          "%s: signals not judged as key exchanges (%s)" % (label, judged))
    check(doc["terrapin"]["exposed"] == exposed, "%s: terrapin.exposed is %s" % (label, exposed))
    t = [f for f in doc["findings"] if f["kind"] == "ssh-terrapin"]
    if exposed:
        check(t and t[0]["status"] == "deprecated", "%s: a failing ssh-terrapin finding" % label)
        check(rc == 1, "%s: exit 1" % label)
    elif t:
        check(t[0]["status"] == "acceptable" and "mitigated" in t[0]["detail"], "%s: Terrapin mitigated" % label)


def gex_case(d, key):
    moduli = os.path.join(d, "moduli")
    with open("/etc/ssh/moduli") as src, open(moduli, "w") as dst:
        dst.writelines(l for l in src if not l.startswith("#") and l.split()[4:5] == ["3071"])
    port = free_port()
    cfg = os.path.join(d, "gex.cfg")
    with open(cfg, "w") as f:
        f.write("ListenAddress 127.0.0.1:%d\nPidFile none\nUsePAM no\nHostKey %s\nModuliFile %s\nLogLevel DEBUG3\n"
                "KexAlgorithms diffie-hellman-group-exchange-sha256\n" % (port, key, moduli))
    log = os.path.join(d, "gex.log")
    with open(log, "w") as lf:
        p = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", cfg], stderr=lf, start_new_session=True)
    try:
        check(wait_port(port, p), "sshd (group exchange only) starts")
        rc, doc = scan(port)
        time.sleep(0.3)
        text = open(log).read()
        check("using 2k bit group 14" in text and "DH GEX group out of range" in text,
              "ground truth (sshd's log): a fallback to group 14 and a refused request")
        got = {g["requested"]: g["bits"] for g in doc["group_exchange"]["probes"]} if doc else {}
        check(got == {1024: None, 2048: 2048}, "group exchange sizes %s" % got)
        f = [x for x in doc["findings"] if x["kind"] == "ssh-gex"] if doc else []
        check(f and "2048-bit" in f[0]["algorithm"] and f[0]["status"] == "legacy",
              "the smallest group handed out is judged (%s)" % (f[0] if f else None))
    finally:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()


def main():
    procs = []
    try:
        with tempfile.TemporaryDirectory(prefix="bw-sshsig.%d." % os.getpid()) as d:
            if shutil.which("dropbear") and shutil.which("dropbearkey"):
                key = os.path.join(d, "db_ed25519")
                subprocess.run(["dropbearkey", "-t", "ed25519", "-f", key], check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
                port = free_port()
                p = subprocess.Popen(["dropbear", "-F", "-E", "-p", "127.0.0.1:%d" % port, "-r", key,
                                      "-P", os.path.join(d, "db.pid")], stderr=subprocess.DEVNULL, start_new_session=True)
                procs.append(p)
                check(wait_port(port, p), "dropbear starts")
                judge("dropbear", port)
            else:
                print("skip: no dropbear (dropbear-bin)")
            if os.geteuid() == 0 and os.path.exists("/usr/sbin/sshd"):
                key = os.path.join(d, "ed25519")
                subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
                os.makedirs("/run/sshd", exist_ok=True)
                port = free_port()
                cfg = os.path.join(d, "sshd.cfg")
                with open(cfg, "w") as f:
                    f.write("ListenAddress 127.0.0.1:%d\nPidFile none\nUsePAM no\nHostKey %s\n" % (port, key))
                p = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", cfg], stderr=subprocess.DEVNULL,
                                     start_new_session=True)
                procs.append(p)
                check(wait_port(port, p), "sshd starts")
                judge("sshd", port)
                gex_case(d, key)
            else:
                print("skip: sshd needs root")
            p = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "ssh-hostile-server.py"), "terrapin"],
                                 stdout=subprocess.PIPE, text=True, errors="replace", start_new_session=True)
            procs.append(p)
            port = int(p.stdout.readline())
            judge("hostile terrapin", port, "--no-host-keys")
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
