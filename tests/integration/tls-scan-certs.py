#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Certificates against ground truth from openssl (s_client -showcerts,
x509, verify), never from Bulwark's earlier output:

- a self-signed RSA-2048 leaf signed with SHA-1: its signature hash is judged
  (SHA-1 named, not acceptable) like any other leaf's;
- a CA-issued leaf: trusted with --ca-file CA, untrusted against the system
  store, and the host name matched or not (openssl verify -CAfile /
  -CApath / -verify_hostname say the same); a self-signed leaf is
  "self-signed"; an expired leaf is judged expired (openssl x509 -checkend);
- a server with an RSA and an ECDSA certificate (s_server -cert/-dcert), with
  TLS 1.2 and TLS 1.3-only: both chains fetched and judged (s_client shows
  the EC leaf with ECDSA-only offers and the RSA leaf with RSA-only ones).

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
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scanlib import FAILURES, check, free_port  # noqa: E402


BULWARK = sys.argv[1]


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace", **kw)


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
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace", timeout=120)
    return r.returncode, json.loads(r.stdout) if r.stdout.strip() else None


def served_leaf_text(port, *args):
    """openssl x509 -text of the leaf s_client receives."""
    r = run(["openssl", "s_client", "-connect", "127.0.0.1:%d" % port] + list(args), stdin=subprocess.DEVNULL, timeout=10)
    pem = r.stdout[r.stdout.find("-----BEGIN CERTIFICATE-----"):r.stdout.find("-----END CERTIFICATE-----") + 25]
    return subprocess.run(["openssl", "x509", "-noout", "-text"], input=pem, stdout=subprocess.PIPE, text=True, errors="replace").stdout


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
        # 2. Trust and host name.
        run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca.key"), "-out", path("ca.crt"),
             "-days", "30", "-subj", "/CN=Bulwark Test CA"], check=True)
        run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", path("leaf.key"), "-out", path("leaf.csr"),
             "-subj", "/CN=localhost"], check=True)
        with open(path("leaf.ext"), "w") as f:
            f.write("subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n")
        run(["openssl", "x509", "-req", "-in", path("leaf.csr"), "-CA", path("ca.crt"), "-CAkey", path("ca.key"),
             "-CAcreateserial", "-out", path("leaf.crt"), "-days", "30", "-extfile", path("leaf.ext")], check=True)

        def verify_ok(*args):
            return run(["openssl", "verify", "-purpose", "sslserver"] + list(args)).returncode == 0

        def chain0(doc):
            return doc["certificate_chains"][0] if doc and doc.get("certificate_chains") else {}

        with Server(["-cert", path("leaf.crt"), "-key", path("leaf.key"), "-cert_chain", path("ca.crt")]) as s:
            truth_ca = verify_ok("-CAfile", path("ca.crt"), path("leaf.crt"))
            truth_sys = verify_ok("-CApath", "/etc/ssl/certs", path("leaf.crt"))
            truth_name = verify_ok("-CAfile", path("ca.crt"), "-verify_hostname", "localhost", path("leaf.crt"))
            truth_wrong = verify_ok("-CAfile", path("ca.crt"), "-verify_hostname", "other.example", path("leaf.crt"))
            check(truth_ca and not truth_sys and truth_name and not truth_wrong,
                  "ground truth: trusted by the CA file only, names localhost, not other.example")
            rc, doc = scan(s.port, "--ca-file", path("ca.crt"), "--sni", "localhost")
            c = chain0(doc)
            check(c.get("trust") == "trusted" and c.get("hostname_match") is True and c.get("length") == 2,
                  "--ca-file CA --sni localhost: trusted, name matches (%s)" % c)
            check(not [f for f in doc["findings"] if f["kind"].startswith("tls-certificate-") and f["status"] != "acceptable"],
                  "no trust or name finding against it")
            rc, doc = scan(s.port, "--sni", "localhost")
            c = chain0(doc)
            check(c.get("trust") == "untrusted" and c.get("trust_error"), "system store: untrusted (%s)" % c.get("trust_error"))
            check(any(f["kind"] == "tls-certificate-trust" and f["status"] == "deprecated" for f in doc["findings"]),
                  "untrusted is a failing finding")
            rc, doc = scan(s.port, "--ca-file", path("ca.crt"), "--sni", "other.example")
            c = chain0(doc)
            check(c.get("hostname_match") is False and
                  any(f["kind"] == "tls-certificate-hostname" and f["status"] == "deprecated" for f in doc["findings"]),
                  "--sni other.example: name does not match, a failing finding")
            check(rc == 1, "a wrong name fails the scan (exit %d)" % rc)

        with Server(["-cert", path("sha1.crt"), "-key", path("sha1.key"), "-cipher", "DEFAULT:@SECLEVEL=0"]) as s:
            truth = run(["openssl", "verify", "-CApath", "/etc/ssl/certs", path("sha1.crt")]).stdout
            rc, doc = scan(s.port)
            c = chain0(doc)
            check("error 18" in truth and c.get("trust") == "self-signed",
                  "self-signed leaf: 'self-signed' (openssl verify: error 18; got %s)" % c.get("trust"))
            check(c.get("hostname") is None and c.get("hostname_match") is None, "an address and no --sni: no name check")

        # 3. Expired leaf (python3-cryptography writes the dates openssl req cannot).
        try:
            import datetime
            from cryptography import x509
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import ec
            from cryptography.x509.oid import NameOID
            k = ec.generate_private_key(ec.SECP256R1())
            name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
            now = datetime.datetime.utcnow()
            crt = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(k.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=60))
                   .not_valid_after(now - datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), False)
                   .sign(k, hashes.SHA256()))
            with open(path("old.crt"), "wb") as f:
                f.write(crt.public_bytes(serialization.Encoding.PEM))
            with open(path("old.key"), "wb") as f:
                f.write(k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption()))
            with Server(["-cert", path("old.crt"), "-key", path("old.key")]) as s:
                expired = run(["openssl", "x509", "-in", path("old.crt"), "-noout", "-checkend", "0"]).returncode != 0
                rc, doc = scan(s.port)
                f = [x for x in doc["findings"] if x["kind"] == "tls-certificate"]
                check(expired and f and f[0]["status"] == "disallowed" and "expired" in f[0]["detail"],
                      "expired leaf judged expired (openssl -checkend: %s; %s)" % (expired, f[0]["detail"] if f else None))
        except ImportError:
            print("skip: no python3-cryptography for the expired certificate")

        # 4. RSA and ECDSA certificates on one server.
        run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", path("ec.key"), "-out", path("ec.crt"), "-days", "30", "-subj", "/CN=ec.localhost"], check=True)
        run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("rsa.key"), "-out", path("rsa.crt"),
             "-days", "30", "-subj", "/CN=rsa.localhost"], check=True)
        for label, extra, sel_ec, sel_rsa in (
                ("TLS 1.2 + 1.3", [], ["-tls1_2", "-cipher", "aECDSA"], ["-tls1_2", "-cipher", "aRSA"]),
                ("TLS 1.3 only", ["-tls1_3"], ["-tls1_3", "-sigalgs", "ECDSA+SHA256"], ["-tls1_3", "-sigalgs", "rsa_pss_rsae_sha256"])):
            with Server(["-cert", path("rsa.crt"), "-key", path("rsa.key"), "-dcert", path("ec.crt"), "-dkey", path("ec.key")]
                        + extra) as s:
                t_ec = "CN = ec.localhost" in served_leaf_text(s.port, *sel_ec) or \
                       "CN=ec.localhost" in served_leaf_text(s.port, *sel_ec)
                t_rsa = "CN = rsa.localhost" in served_leaf_text(s.port, *sel_rsa) or \
                        "CN=rsa.localhost" in served_leaf_text(s.port, *sel_rsa)
                check(t_ec and t_rsa, "%s ground truth: s_client sees the EC leaf and the RSA leaf" % label)
                rc, doc = scan(s.port)
                chains = doc["certificate_chains"] if doc else []
                kinds = sorted((c["key_type"], c["subject"]) for c in chains)
                check(kinds == [("EC", "CN=ec.localhost"), ("RSA", "CN=rsa.localhost")],
                      "%s: both certificates fetched (%s)" % (label, kinds))
                judged = {f["detail"].split(":")[0] for f in doc["findings"] if f["kind"] == "tls-certificate"}
                check(len(judged) == 2, "%s: both judged (%s)" % (label, sorted(judged)))
                print("%s: %d connections" % (label, doc["connections"]))
    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
