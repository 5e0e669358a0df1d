#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""SSL 2.0 detection against nmap's sslv2 script as the oracle:
tls-hostile-server.py sslv2 (a server built to speak it; no Debian server
does) must be found speaking SSLv2, a disallowed protocol finding, exit 1
(scanned, not "nothing accepted"); openssl s_server must not.

Usage: tls-scan-sslv2.py BULWARK
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


def main():
    if not shutil.which("nmap"):
        print("no nmap (its sslv2 script is the ground truth)")
        return 77
    procs = []
    try:
        with tempfile.TemporaryDirectory(prefix="bw-ssl2.%d." % os.getpid()) as d:
            crt, key = os.path.join(d, "c.pem"), os.path.join(d, "k.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt,
                            "-days", "30", "-subj", "/CN=localhost"], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            p2 = free_port()
            procs.append(start(["/usr/bin/python3", os.path.join(HERE, "tls-hostile-server.py"), "sslv2", str(p2)], p2))
            po = free_port()
            procs.append(start(["openssl", "s_server", "-accept", "127.0.0.1:%d" % po, "-cert", crt, "-key", key,
                                "-www", "-quiet"], po))
            for label, port in (("sslv2 server", p2), ("s_server", po)):
                out = subprocess.run(["nmap", "-Pn", "-n", "-p", str(port), "--script", "sslv2", "127.0.0.1"],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
                                     timeout=120).stdout
                truth = "SSLv2 supported" in out
                r = subprocess.run([BULWARK, "scan", "tls", "--format", "json", "--timeout", "3000", "127.0.0.1:%d" % port],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace", timeout=120)
                doc = json.loads(r.stdout) if r.stdout.strip() else None
                got = doc["vulnerabilities"]["sslv2"] if doc else None
                f = [x for x in doc["findings"] if x["algorithm"] == "SSLv2"] if doc else []
                print("%s: nmap says %s" % (label, "SSLv2 supported" if truth else "no SSLv2"))
                check(got is truth, "%s: sslv2 %s equals nmap's %s" % (label, got, truth))
                check(bool(f) == truth and (not f or f[0]["status"] == "disallowed"), "%s: finding %s" % (label, f))
                if truth:
                    check(r.returncode == 1 and doc["error"] is None, "%s: scanned, exit 1 (got %d, error %r)" %
                          (label, r.returncode, doc["error"]))
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
