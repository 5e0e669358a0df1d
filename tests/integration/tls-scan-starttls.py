#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""scan tls --starttls PROTO against a STARTTLS server (starttls-server.py:
the plaintext part of SMTP, IMAP, POP3, FTP, LDAP, PostgreSQL, MySQL or XMPP, then real OpenSSL), compared
with openssl s_client -starttls PROTO offering one suite at a time; an SMTP
server without STARTTLS is exit 3 saying so.

Usage: tls-scan-starttls.py BULWARK
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
CIPHERS = "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305"
CANDIDATES12 = ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305",
                "ECDHE-RSA-AES128-SHA", "AES128-GCM-SHA256", "DHE-RSA-AES128-GCM-SHA256", "AES256-SHA"]
CANDIDATES13 = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]


def ok(port, proto, args):
    r = subprocess.run(["openssl", "s_client", "-starttls", proto, "-connect", "127.0.0.1:%d" % port] + args,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace", timeout=10)
    return "New, TLSv1" in r.stdout and "Cipher is (NONE)" not in r.stdout


def main():
    procs = []
    try:
        with tempfile.TemporaryDirectory(prefix="bw-starttls.%d." % os.getpid()) as d:
            crt, key = os.path.join(d, "c.pem"), os.path.join(d, "k.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt,
                            "-days", "30", "-subj", "/CN=mail.test"], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            for proto in ("smtp", "imap", "pop3", "ftp", "ldap", "postgres", "mysql", "xmpp", "xmpp-server"):
                port = free_port()
                procs.append(start(["/usr/bin/python3", os.path.join(HERE, "starttls-server.py"), proto, str(port), crt, key,
                                    CIPHERS], port))
                t12 = {c for c in CANDIDATES12 if ok(port, proto, ["-tls1_2", "-cipher", c])}
                t13 = {c for c in CANDIDATES13 if ok(port, proto, ["-tls1_3", "-ciphersuites", c])}
                r = subprocess.run([BULWARK, "scan", "tls", "127.0.0.1:%d" % port, "--starttls", proto, "--format", "json"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace", timeout=120)
                doc = json.loads(r.stdout) if r.stdout.strip() else None
                check(doc is not None and r.returncode in (0, 1), "%s: scanned (exit %d %s)" % (proto, r.returncode,
                                                                                          r.stderr.strip()[-200:]))
                if not doc:
                    continue
                got = {p["version"]: {c.get("openssl") or c["iana"] for c in p["ciphers"]} for p in doc["protocols"]}
                check(got.get("TLSv1.2", set()) & set(CANDIDATES12) == t12 and t12,
                      "%s: TLS 1.2 suites %s equal s_client -starttls's %s" % (proto, sorted(got.get("TLSv1.2", [])), sorted(t12)))
                check({c for c in got.get("TLSv1.3", set())} == t13 and t13,
                      "%s: TLS 1.3 suites equal s_client's %s" % (proto, sorted(t13)))
                check([c["subject"] for c in doc["certificates"]][:1] == ["CN=mail.test"], "%s: the certificate" % proto)
            port = free_port()
            procs.append(start(["/usr/bin/python3", os.path.join(HERE, "starttls-server.py"), "smtp-plain", str(port), crt,
                                key], port))
            truth = ok(port, "smtp", ["-tls1_2"])
            r = subprocess.run([BULWARK, "scan", "tls", "--starttls", "smtp", "127.0.0.1:%d" % port],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace", timeout=60)
            check(not truth and r.returncode == 3 and "does not offer STARTTLS" in r.stderr,
                  "SMTP without STARTTLS (s_client fails too): exit 3 saying so (%d: %s)" % (r.returncode, r.stderr.strip()))
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
