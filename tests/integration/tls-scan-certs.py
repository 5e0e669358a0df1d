#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Certificates against ground truth from openssl (s_client -showcerts,
x509, verify), never from Bulwark's earlier output:

- a self-signed RSA-2048 leaf signed with SHA-1: its signature hash is judged
  (SHA-1 named, not acceptable) like any other leaf's.

Usage: tls-scan-certs.py BULWARK
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

BULWARK = sys.argv[1]
FAILURES = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILURES.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


class Server:
    def __init__(self, args):
        self.port = free_port()
        self.p = subprocess.Popen(["openssl", "s_server", "-accept", "127.0.0.1:%d" % self.port, "-www", "-quiet"] + args,
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        end = time.monotonic() + 15
        while time.monotonic() < end and self.p.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("s_server did not start: %r" % args)

    def __enter__(self):
        return self

    def __exit__(self, *a):
        os.killpg(self.p.pid, signal.SIGKILL)
        self.p.wait()


def scan(port, *args):
    r = subprocess.run([BULWARK, "scan", "tls", "--format", "json"] + list(args) + ["127.0.0.1:%d" % port],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    return r.returncode, json.loads(r.stdout) if r.stdout.strip() else None


def served_leaf_text(port, *args):
    """openssl x509 -text of the leaf s_client receives."""
    r = run(["openssl", "s_client", "-connect", "127.0.0.1:%d" % port] + list(args), stdin=subprocess.DEVNULL, timeout=10)
    pem = r.stdout[r.stdout.find("-----BEGIN CERTIFICATE-----"):r.stdout.find("-----END CERTIFICATE-----") + 25]
    return subprocess.run(["openssl", "x509", "-noout", "-text"], input=pem, stdout=subprocess.PIPE, text=True).stdout


def main():
    with tempfile.TemporaryDirectory(prefix="bw-certs.%d." % os.getpid()) as d:
        def path(n):
            return os.path.join(d, n)
        legacy = path("legacy.cnf")
        with open(legacy, "w") as f:
            f.write("openssl_conf = c\n[c]\nssl_conf = s\n[s]\nsystem_default = d\n[d]\nCipherString = DEFAULT@SECLEVEL=0\n")
        env = dict(os.environ, OPENSSL_CONF=legacy)
        run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha1", "-keyout", path("sha1.key"),
             "-out", path("sha1.crt"), "-days", "30", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
             "-addext", "extendedKeyUsage=serverAuth"], env=env, check=True)

        # 1. Self-signed SHA-1 leaf.
        with Server(["-cert", path("sha1.crt"), "-key", path("sha1.key"), "-cipher", "DEFAULT:@SECLEVEL=0"]) as s:
            text = served_leaf_text(s.port, "-cipher", "DEFAULT:@SECLEVEL=0")
            check("Signature Algorithm: sha1WithRSAEncryption" in text, "ground truth: the served leaf is signed with SHA-1")
            rc, doc = scan(s.port)
            leaf = doc["certificates"][0] if doc and doc["certificates"] else {}
            check(leaf.get("self_signed") is True and leaf.get("signature_hash", "").lower() == "sha1",
                  "self-signed SHA-1 leaf read (%s, %s)" % (leaf.get("self_signed"), leaf.get("signature_hash")))
            f = [x for x in doc["findings"] if x["kind"] == "tls-certificate"] if doc else []
            check(f and f[0]["status"] in ("deprecated", "disallowed") and "SHA-1" in f[0]["detail"].upper().replace("SHA1", "SHA-1"),
                  "its SHA-1 signature is judged: %s" % (f[0]["status"] + ": " + f[0]["detail"] if f else None))
            check(rc == 1, "exit 1 (got %d)" % rc)
    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
