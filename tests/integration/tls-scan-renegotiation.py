#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Client-initiated renegotiation (CVE-2011-1473) against what openssl
s_client sees when told to renegotiate ("R" on its terminal; script(1) gives
it one): s_server refuses by default (a no_renegotiation alert) and with
-no_renegotiation, accepts with -client_renegotiation (a second ServerHello).

Usage: tls-scan-renegotiation.py BULWARK
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


def truth(port):
    """'accepted' or 'refused', from s_client -msg after its R command."""
    sh = "(sleep 1; printf 'R\\n'; sleep 1.5) | script -qc 'openssl s_client -msg -tls1_2 -connect 127.0.0.1:%d' /dev/null" % port
    out = subprocess.run(["sh", "-c", sh], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=20).stdout
    out = out.decode(errors="replace")
    after = out.split("RENEGOTIATING", 1)[1] if "RENEGOTIATING" in out else ""
    if "ServerHello" in after.replace("ServerHelloDone", ""):
        return "accepted"
    if "no_renegotiation" in after or "Alert" in after:
        return "refused"
    return "unclear"


def main():
    if not shutil.which("script"):
        print("no script(1)")
        return 77
    procs = []
    try:
        with tempfile.TemporaryDirectory(prefix="bw-reneg.%d." % os.getpid()) as d:
            crt, key = os.path.join(d, "c.pem"), os.path.join(d, "k.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt,
                            "-days", "30", "-subj", "/CN=localhost"], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            for label, extra in (("defaults", []), ("-client_renegotiation", ["-client_renegotiation"]),
                                 ("-no_renegotiation", ["-no_renegotiation"])):
                port = free_port()
                p = start(["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-cert", crt, "-key", key, "-www",
                           "-quiet"] + extra, port)
                procs.append(p)
                t = truth(port)
                r = subprocess.run([BULWARK, "scan", "tls", "--format", "json", "127.0.0.1:%d" % port],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace", timeout=120)
                doc = json.loads(r.stdout) if r.stdout.strip() else None
                got = doc["extensions"]["client_renegotiation"] if doc else None
                want = {"accepted": True, "refused": False}.get(t)
                check(want is not None, "%s: ground truth (s_client R): %s" % (label, t))
                check(got == want, "%s: client_renegotiation %s (want %s)" % (label, got, want))
                f = [x for x in doc["findings"] if x["algorithm"] == "client_renegotiation"] if doc else []
                check(f and f[0]["status"] == ("deprecated" if want else "acceptable"),
                      "%s: finding %s" % (label, f[0]["status"] if f else None))
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
