#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Scans real servers that refuse the scanner's first kind of ClientHello and
compares with ground truth derived without Bulwark:

- lighttpd with mod_wolfssl answers any hello with more than 150 suite codes
  with decode_error and closes any hello that carries status_request
  (measured here with hand-made hellos of 150/151 codes, with and without
  status_request). Bulwark must split its suite list, drop status_request,
  say so in "hello_shape", and find exactly the suites openssl s_client
  negotiates one at a time.
- lighttpd with mod_mbedtls takes the full hello: same comparison, and the
  hello shape must stay full (no extra connections for servers that need none).

Usage: tls-scan-shapes.py BULWARK
"""
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scanlib import FAILURES, check, free_port  # noqa: E402


BULWARK = sys.argv[1]


def wait_listening(port, proc, timeout=15.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def raw_hello(n, status=False):
    """A TLS 1.2 ClientHello with n suite codes (two real ECDHE-RSA GCM ones, the rest unassigned)."""
    suites = [0xC02F, 0xC030] + [0x0100 + i for i in range(n - 2)]
    groups = struct.pack(">HH", 0x0017, 0x001d)
    ext = struct.pack(">HHH", 10, len(groups) + 2, len(groups)) + groups
    ext += struct.pack(">HHB", 11, 2, 1) + b"\x00"
    sa = b"".join(struct.pack(">H", x) for x in (0x0401, 0x0804, 0x0403))
    ext += struct.pack(">HHH", 13, len(sa) + 2, len(sa)) + sa
    if status:
        ext += struct.pack(">HH", 5, 5) + b"\x01\x00\x00\x00\x00"
    body = (b"\x03\x03" + os.urandom(32) + b"\x00" + struct.pack(">H", 2 * n) +
            b"".join(struct.pack(">H", c) for c in suites) + b"\x01\x00" + struct.pack(">H", len(ext)) + ext)
    hs = b"\x01" + struct.pack(">I", len(body))[1:] + body
    return b"\x16\x03\x01" + struct.pack(">H", len(hs)) + hs


def raw_answer(port, n, status=False):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(raw_hello(n, status))
        try:
            d = s.recv(7)
        except OSError:
            return "reset"
    if not d:
        return "closed"
    if d[0] == 0x15 and len(d) >= 7:
        return "alert %d" % d[6]
    return "hello" if d[0] == 0x16 else "other"


def s_client_ok(port, version, cipher):
    if version == "tls1_3":
        args = ["-tls1_3", "-ciphersuites", cipher]
    else:
        args = ["-" + version, "-cipher", cipher + ":@SECLEVEL=0"]
    r = subprocess.run(["openssl", "s_client", "-connect", "127.0.0.1:%d" % port] + args,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace", timeout=10)
    return ("New, TLSv1" in r.stdout) and "Cipher is (NONE)" not in r.stdout


def truth_suites(port):
    """{version: set of OpenSSL names} negotiated by s_client offering one suite at a time."""
    names12 = subprocess.run(["openssl", "ciphers", "-s", "-tls1_2", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"],
                             stdout=subprocess.PIPE, text=True, errors="replace", check=True).stdout.strip().split(":")
    names12 = [n for n in names12 if not n.startswith("TLS_")]
    t = {"TLSv1.2": {n for n in names12 if s_client_ok(port, "tls1_2", n)}}
    t["TLSv1.3"] = {n for n in ("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                                "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256") if s_client_ok(port, "tls1_3", n)}
    return names12, t


def scan(port):
    r = subprocess.run([BULWARK, "scan", "tls", "--format", "json", "127.0.0.1:%d" % port],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace", timeout=120)
    if r.returncode not in (0, 1):
        print(r.stderr)
    return r.returncode, json.loads(r.stdout) if r.stdout.strip() else None


def lighttpd(d, module, crt, key):
    port = free_port()
    conf = os.path.join(d, module + ".conf")
    with open(conf, "w") as f:
        f.write('server.document-root = "%s"\nserver.port = %d\nserver.bind = "127.0.0.1"\n'
                'server.modules = ( "mod_%s" )\nserver.errorlog = "%s/%s.log"\n'
                'ssl.engine = "enable"\nssl.pemfile = "%s"\nssl.privkey = "%s"\n' % (d, port, module, d, module, crt, key))
    p = subprocess.Popen(["lighttpd", "-D", "-f", conf], start_new_session=True)
    if not wait_listening(port, p):
        os.killpg(p.pid, signal.SIGKILL)
        return None, None
    return p, port


def compare(label, port, doc):
    names12, truth = truth_suites(port)
    got = {p["version"]: p for p in doc["protocols"]}
    for v in ("TLSv1.2", "TLSv1.3"):
        # Only what s_client can negotiate alone is comparable (not PSK suites, not unknown codes).
        mine = {c.get("openssl") or c["iana"] for c in got.get(v, {}).get("ciphers", [])}
        if v == "TLSv1.2":
            mine = {n for n in mine if n in names12 and "PSK" not in n and "SRP" not in n}
        else:
            mine = {c["iana"] for c in got.get(v, {}).get("ciphers", [])}
        check(mine == truth[v], "%s %s suites equal s_client's one-by-one truth %s (got %s)" %
              (label, v, sorted(truth[v]), sorted(mine)))


def main():
    if not shutil.which("lighttpd"):
        print("no lighttpd")
        return 77
    mods = [m for m in ("wolfssl", "mbedtls") if os.path.exists("/usr/lib/lighttpd/mod_%s.so" % m)]
    if not mods:
        print("neither lighttpd-mod-wolfssl nor lighttpd-mod-mbedtls")
        return 77
    with tempfile.TemporaryDirectory(prefix="bw-shapes.%d." % os.getpid()) as d:
        crt, key = os.path.join(d, "c.pem"), os.path.join(d, "k.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt,
                        "-days", "30", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for m in mods:
            p, port = lighttpd(d, m, crt, key)
            if not p:
                check(False, "lighttpd mod_%s starts" % m)
                continue
            try:
                big, small = raw_answer(port, 151), raw_answer(port, 150)
                status = raw_answer(port, 100, status=True)
                print("%s ground truth: 151 suites -> %s, 150 -> %s, status_request -> %s" % (m, big, small, status))
                rc, doc = scan(port)
                check(rc in (0, 1) and doc is not None, "%s: scan exit %d (scanned)" % (m, rc))
                if not doc:
                    continue
                compare("lighttpd/" + m, port, doc)
                shape = {p["version"]: p["hello_shape"] for p in doc["protocols"]}
                needs_split = small == "hello" and big != "hello"
                refuses_status = status in ("closed", "reset") or status.startswith("alert")
                if m == "wolfssl":
                    check(needs_split and refuses_status, "wolfSSL ground truth: refuses >150 suites and status_request")
                t12 = shape.get("TLSv1.2", {})
                check(t12.get("split") == needs_split, "%s: TLS 1.2 hello_shape.split is %s" % (m, needs_split))
                check(t12.get("status_request") == (not refuses_status),
                      "%s: TLS 1.2 hello_shape.status_request is %s" % (m, not refuses_status))
                check(doc["hello_shape"]["split"] == needs_split, "%s: top-level hello_shape.split" % m)
                if not refuses_status:
                    check(doc["extensions"]["ocsp_stapling"] is False, "%s: stapling probed (no)" % m)
                print("%s: %d connections" % (m, doc["connections"]))
            finally:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
