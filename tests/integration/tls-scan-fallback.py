#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""TLS_FALLBACK_SCSV (RFC 7507) against what openssl s_client -msg receives
for a hello one version below the server's highest with -fallback_scsv:

- openssl s_server with its defaults (TLS 1.2 and 1.3): inappropriate_fallback,
  so fallback_scsv is true and the finding acceptable;
- tls-hostile-server.py nofallback (TLS 1.1 and 1.2, ignores the SCSV): a
  ServerHello, so fallback_scsv is false and the finding deprecated.

Usage: tls-scan-fallback.py BULWARK
"""
import json
import os
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


def s_client_fallback(port, version, env):
    """'refused' when the server sends inappropriate_fallback, 'accepted' on a ServerHello."""
    r = subprocess.run(["openssl", "s_client", "-msg", "-legacy_server_connect", "-fallback_scsv", "-" + version,
                        "-cipher", "ALL:@SECLEVEL=0", "-connect", "127.0.0.1:%d" % port], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace", timeout=10, env=env)
    if "fatal inappropriate_fallback" in r.stdout:
        return "refused"
    return "accepted" if "<<< TLS" in r.stdout and "ServerHello" in r.stdout else "unclear"


def scan(port):
    r = subprocess.run([BULWARK, "scan", "tls", "--format", "json", "--timeout", "3000", "127.0.0.1:%d" % port],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace", timeout=120)
    return r.returncode, json.loads(r.stdout) if r.stdout.strip() else None


def main():
    procs = []
    try:
        with tempfile.TemporaryDirectory(prefix="bw-fallback.%d." % os.getpid()) as d:
            cnf = os.path.join(d, "legacy.cnf")
            with open(cnf, "w") as f:  # no MinProtocol: s_client may send TLS 1.1
                f.write("openssl_conf = c\n[c]\nssl_conf = s\n[s]\nsystem_default = x\n[x]\nCipherString = DEFAULT@SECLEVEL=0\n")
            env = dict(os.environ, OPENSSL_CONF=cnf)
            crt, key = os.path.join(d, "c.pem"), os.path.join(d, "k.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt,
                            "-days", "30", "-subj", "/CN=localhost"], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            cases = []
            port = free_port()
            procs.append(start(["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-cert", crt, "-key", key,
                                "-www", "-quiet"], port))
            cases.append(("s_server defaults", port, "tls1_2"))
            port = free_port()
            procs.append(start(["/usr/bin/python3", os.path.join(HERE, "tls-hostile-server.py"), "nofallback", str(port)],
                               port))
            cases.append(("ignores the SCSV", port, "tls1_1"))
            for label, port, below in cases:
                truth = s_client_fallback(port, below, env)
                rc, doc = scan(port)
                got = doc["extensions"]["fallback_scsv"] if doc else None
                f = [x for x in doc["findings"] if x["algorithm"] == "fallback_scsv"] if doc else []
                want = {"refused": True, "accepted": False}.get(truth)
                check(want is not None, "%s: ground truth from s_client -fallback_scsv -%s: %s" % (label, below, truth))
                check(got == want, "%s: fallback_scsv %s (want %s)" % (label, got, want))
                check(f and f[0]["status"] == ("acceptable" if want else "deprecated"),
                      "%s: finding %s" % (label, f[0]["status"] + ": " + f[0]["detail"] if f else None))
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
