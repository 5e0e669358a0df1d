#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Heartbleed (CVE-2014-0160) against nmap's ssl-heartbleed script as the
oracle: tls-hostile-server.py heartbleed (a server built to have it) must be
vulnerable, tls-hostile-server.py heartbeat (correct heartbeats) and
openssl s_server (no heartbeats in Debian's OpenSSL) must not; s_server gets
no extra connection for it.

Usage: tls-scan-heartbleed.py BULWARK
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
from scanlib import FAILURES, check, free_port, start  # noqa: E402


BULWARK = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))


def nmap_vulnerable(port):
    r = subprocess.run(["nmap", "-Pn", "-n", "-p", str(port), "--script", "ssl-heartbleed", "127.0.0.1"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace", timeout=120)
    return "VULNERABLE" in r.stdout


def main():
    if not shutil.which("nmap"):
        print("no nmap (its ssl-heartbleed script is the ground truth)")
        return 77
    procs = []
    try:
        with tempfile.TemporaryDirectory(prefix="bw-hb.%d." % os.getpid()) as d:
            crt, key = os.path.join(d, "c.pem"), os.path.join(d, "k.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt,
                            "-days", "30", "-subj", "/CN=localhost"], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            cases = []
            for mode in ("heartbleed", "heartbeat"):
                port = free_port()
                procs.append(start(["/usr/bin/python3", os.path.join(HERE, "tls-hostile-server.py"), mode, str(port)], port))
                cases.append((mode, port))
            port = free_port()
            procs.append(start(["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-cert", crt, "-key", key,
                                "-www", "-quiet"], port))
            cases.append(("s_server", port))
            for label, port in cases:
                truth = nmap_vulnerable(port)
                r = subprocess.run([BULWARK, "scan", "tls", "--format", "json", "--timeout", "3000", "127.0.0.1:%d" % port],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace", timeout=120)
                doc = json.loads(r.stdout) if r.stdout.strip() else None
                v = doc["vulnerabilities"] if doc else {}
                f = [x for x in doc["findings"] if x["kind"] == "tls-vulnerability"] if doc else []
                print("%s: nmap says %s" % (label, "VULNERABLE" if truth else "not vulnerable"))
                if label == "s_server":
                    check(not truth and v.get("heartbeat") is False and v.get("heartbleed") is None and not f,
                          "s_server: no heartbeat extension, no Heartbleed probe (%s)" % v)
                else:
                    check(v.get("heartbeat") is True and v.get("heartbleed") is truth,
                          "%s: heartbleed %s equals nmap's %s" % (label, v.get("heartbleed"), truth))
                    check(f and f[0]["status"] == ("disallowed" if truth else "acceptable"),
                          "%s: finding %s" % (label, f[0]["status"] if f else None))
                    if truth:
                        check(r.returncode == 1, "%s: exit 1" % label)
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
