#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Key-exchange groups against ground truth from openssl s_client offering
one group at a time (TLS 1.2: the group and, for an ECDSA certificate, the
certificate's curve after it, without which the server cannot sign):

- openssl s_server with an ECDSA P-256 certificate and five groups: the
  TLS 1.2 groups beyond P-256 (secp384r1 ...) must be found, not lost once
  P-256 leaves supported_groups;
- lighttpd with mod_mbedtls: every code point, including 0x0001-0x0012
  (secp192k1);
- lighttpd with mod_wolfssl: TLS 1.3 groups, where the server ends the chain
  with a HelloRetryRequest that carries no key_share (a normal answer, not a
  failed probe).

Usage: tls-scan-groups.py BULWARK
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
from scanlib import FAILURES, check, free_port  # noqa: E402


BULWARK = sys.argv[1]

# OpenSSL group names and their IANA codes (RFC 8422, RFC 7919, RFC 8446, RFC 8734).
CODES = {
    "sect163k1": 1, "sect163r1": 2, "sect163r2": 3, "sect193r1": 4, "sect193r2": 5, "sect233k1": 6,
    "sect233r1": 7, "sect239k1": 8, "sect283k1": 9, "sect283r1": 10, "sect409k1": 11, "sect409r1": 12,
    "sect571k1": 13, "sect571r1": 14, "secp160k1": 15, "secp160r1": 16, "secp160r2": 17, "secp192k1": 18,
    "prime192v1": 19, "secp224k1": 20, "secp224r1": 21, "secp256k1": 22, "P-256": 23, "P-384": 24,
    "P-521": 25, "brainpoolP256r1": 26, "brainpoolP384r1": 27, "brainpoolP512r1": 28, "X25519": 29, "X448": 30,
}
CODES13 = {"P-256": 23, "P-384": 24, "P-521": 25, "X25519": 29, "X448": 30, "ffdhe2048": 256, "ffdhe3072": 257,
           "ffdhe4096": 258, "ffdhe6144": 259, "ffdhe8192": 260, "brainpoolP256r1tls13": 31,
           "brainpoolP384r1tls13": 32, "brainpoolP512r1tls13": 33}


def start(cmd, port):
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    end = time.monotonic() + 15
    while time.monotonic() < end and p.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return p
        except OSError:
            time.sleep(0.05)
    os.killpg(p.pid, signal.SIGKILL)
    return None


def temp_key(port, version, groups):
    """The group of 'Server Temp Key' s_client reports, or None when the handshake failed."""
    args = ["-tls1_2", "-cipher", "ECDHE:@SECLEVEL=0"] if version == 12 else ["-tls1_3"]
    r = subprocess.run(["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, "-groups", groups] + args,
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace", timeout=10)
    if "Cipher is (NONE)" in r.stdout:
        return None
    for line in r.stdout.splitlines():
        if line.startswith("Server Temp Key:"):
            # "ECDH, prime256v1, 256 bits", "X25519, 253 bits", "DH, 2048 bits"
            parts = [x.strip() for x in line.split(":", 1)[1].split(",")]
            return parts[1] if parts[0] == "ECDH" else parts[0]
    return None


OPENSSL_TEMP_NAME = {"P-256": "prime256v1", "P-384": "secp384r1", "P-521": "secp521r1"}


def truth(port, version, pin=None):
    names = CODES if version == 12 else CODES13
    got = set()
    for n, code in names.items():
        offer = n if not pin or n == pin else n + ":" + pin
        k = temp_key(port, version, offer)
        if k and (k == n or k == OPENSSL_TEMP_NAME.get(n) or k.lower() == n.lower() or
                  (n.startswith("ffdhe") and k == "DH") or k == n.replace("tls13", "")):
            got.add(code)
    return got


def scan(port):
    r = subprocess.run([BULWARK, "scan", "tls", "--format", "json", "127.0.0.1:%d" % port],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace", timeout=120)
    return r.returncode, json.loads(r.stdout) if r.stdout.strip() else None


def groups_of(doc, key):
    return {int(g["code"], 16) for g in doc["groups"] if g["code"] != "dhe" and g[key]}


def lighttpd(d, module, crt, key):
    port = free_port()
    conf = os.path.join(d, module + ".conf")
    with open(conf, "w") as f:
        f.write('server.document-root = "%s"\nserver.port = %d\nserver.bind = "127.0.0.1"\n'
                'server.modules = ( "mod_%s" )\nserver.errorlog = "%s/%s.log"\n'
                'ssl.engine = "enable"\nssl.pemfile = "%s"\nssl.privkey = "%s"\n' % (d, port, module, d, module, crt, key))
    return start(["lighttpd", "-D", "-f", conf], port), port


def run_case(label, proc, port, version, pin=None, no_group_errors=False):
    if not proc:
        check(False, "%s starts" % label)
        return
    try:
        want = truth(port, version, pin)
        rc, doc = scan(port)
        check(doc is not None and rc in (0, 1), "%s: scanned (exit %d)" % (label, rc))
        if not doc:
            return
        got = groups_of(doc, "tls12" if version == 12 else "tls13")
        # Compare over what s_client can name.
        known = set((CODES if version == 12 else CODES13).values())
        got &= known
        check(got == want, "%s: TLS 1.%d groups %s equal s_client's %s" % (label, version - 10, sorted(got), sorted(want)))
        if no_group_errors:
            bad = [e for e in doc["errors"] if "group" in e]
            check(not bad, "%s: no failed group probe (%s)" % (label, bad))
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def main():
    with tempfile.TemporaryDirectory(prefix="bw-groups.%d." % os.getpid()) as d:
        def req(name, args):
            crt, key = os.path.join(d, name + ".crt"), os.path.join(d, name + ".key")
            subprocess.run(["openssl", "req", "-x509", "-nodes", "-keyout", key, "-out", crt, "-days", "30",
                            "-subj", "/CN=localhost"] + args, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            return crt, key
        ec = req("ec", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"])
        rsa = req("rsa", ["-newkey", "rsa:2048"])

        port = free_port()
        p = start(["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-cert", ec[0], "-key", ec[1],
                   "-www", "-quiet", "-groups", "X25519:P-256:P-384:P-521:secp256k1"], port)
        run_case("s_server ECDSA P-256", p, port, 12, pin="P-256")

        if shutil.which("lighttpd") and os.path.exists("/usr/lib/lighttpd/mod_mbedtls.so"):
            p, port = lighttpd(d, "mbedtls", *rsa)
            run_case("lighttpd/mbedtls", p, port, 12)
        else:
            print("skip: no lighttpd mod_mbedtls")
        if shutil.which("lighttpd") and os.path.exists("/usr/lib/lighttpd/mod_wolfssl.so"):
            p, port = lighttpd(d, "wolfssl", *rsa)
            run_case("lighttpd/wolfssl", p, port, 13, no_group_errors=True)
        else:
            print("skip: no lighttpd mod_wolfssl")
    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
