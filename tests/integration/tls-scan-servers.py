#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Scans real TLS servers (openssl s_server, gnutls-serv) started on 127.0.0.1
and ::1 on free ports, and asserts that the accepted suites per version equal
the configured truth exactly, plus the properties each configuration is
about (key size, signature hash, DHE prime, order). Where sslscan is
installed, also checks that Bulwark finds every suite sslscan finds.

With a second argument (the tls-detect-probe test helper), also checks that
tls_detect() recognises TLS by protocol: 1 for each server, 0 for a peer
that answers with an SSH banner, an error for a closed port.

Usage: tls-scan-servers.py BULWARK [TLS-DETECT-PROBE]
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

BULWARK = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("BULWARK", "bulwark")
DETECT = sys.argv[2] if len(sys.argv) > 2 else None
SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "tls-scan.schema.json")
import jsonschema  # python3-jsonschema (tools/deps-test.txt): the contract is always checked
FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what)


def free_port(family=socket.AF_INET):
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind(("::1" if family == socket.AF_INET6 else "127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(host, port, proc, timeout=15.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=True, **kw)


def make_keys(d):
    def req(name, key_args, sig=None, extra=()):
        key = os.path.join(d, name + ".key")
        crt = os.path.join(d, name + ".crt")
        run(["openssl", "genpkey", "-out", key] + key_args)
        cmd = ["openssl", "req", "-x509", "-new", "-key", key, "-out", crt, "-days", "30",
               "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
               "-addext", "extendedKeyUsage=serverAuth"] + list(extra)
        if sig:
            cmd += ["-" + sig]
        env = dict(os.environ)
        if sig == "sha1":
            # Debian's default SECLEVEL refuses to sign with SHA-1 even for a test cert.
            cnf = os.path.join(d, "legacy.cnf")
            with open(cnf, "w") as f:
                f.write("openssl_conf = c\n[c]\nssl_conf = s\n[s]\nsystem_default = d\n[d]\nCipherString = DEFAULT@SECLEVEL=0\n")
            env["OPENSSL_CONF"] = cnf
        run(cmd, env=env)
        return crt, key

    keys = {
        "rsa": req("rsa", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]),
        "rsa1024": req("rsa1024", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"], sig="sha1"),
        "ec": req("ec", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]),
    }
    # A CA-issued leaf with an OCSP response to staple.
    ca_key, ca_crt = os.path.join(d, "ca.key"), os.path.join(d, "ca.crt")
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca_crt,
         "-days", "30", "-subj", "/CN=Bulwark Test CA"])
    leaf_key, leaf_csr, leaf_crt = (os.path.join(d, "leaf." + e) for e in ("key", "csr", "crt"))
    run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", leaf_key, "-out", leaf_csr, "-subj", "/CN=localhost"])
    ext = os.path.join(d, "leaf.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n")
    run(["openssl", "x509", "-req", "-in", leaf_csr, "-CA", ca_crt, "-CAkey", ca_key, "-CAcreateserial",
         "-out", leaf_crt, "-days", "30", "-extfile", ext])
    serial = run(["openssl", "x509", "-in", leaf_crt, "-noout", "-serial"]).stdout.strip().split("=")[1]
    index = os.path.join(d, "index.txt")
    with open(index, "w") as f:
        f.write("V\t%s\t\t%s\tunknown\t/CN=localhost\n" % (time.strftime("%y%m%d%H%M%SZ", time.gmtime(time.time() + 86400 * 30)), serial))
    resp = os.path.join(d, "ocsp.der")
    run(["openssl", "ocsp", "-index", index, "-rsigner", ca_crt, "-rkey", ca_key, "-CA", ca_crt, "-issuer", ca_crt,
         "-cert", leaf_crt, "-respout", resp, "-ndays", "1"])
    keys["leaf"] = (leaf_crt, leaf_key, ca_crt, resp)

    dh = os.path.join(d, "dh1024.pem")
    run(["openssl", "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "dh_rfc5114:1", "-out", dh])
    keys["dh1024"] = dh
    return keys


def s_server(port, crt, key, *args, host="127.0.0.1"):
    accept = "[%s]:%d" % (host, port) if ":" in host else "%s:%d" % (host, port)
    return ["openssl", "s_server", "-accept", accept, "-cert", crt, "-key", key, "-www", "-quiet"] + list(args)


def gnutls_serv(port, crt, key, priority):
    return ["gnutls-serv", "-q", "-p", str(port), "--x509certfile", crt, "--x509keyfile", key,
            "--priority", priority]


# Expected accepted suites per version (hex codes), written down from each configuration.
def configs(k):
    rsa, ec = k["rsa"], k["ec"]
    return [
        {
            "name": "openssl TLS 1.3 only (IPv6)",
            "host": "::1",
            "cmd": lambda p: s_server(p, *rsa, "-tls1_3", host="::1"),
            "expect": {"TLSv1.3": {"0x1301", "0x1302", "0x1303"}},
            "extra": lambda doc: [
                (doc["certificates"] and doc["certificates"][0]["key_bits"] == 2048,
                 "TLS 1.3 certificate fetched via a real handshake"),
                ({"x25519", "secp256r1"} <= {g["name"] for g in doc["groups"]}, "TLS 1.3 groups x25519 and P-256"),
                ({s["name"] for s in doc["signature_algorithms"] if s["version"] == "TLSv1.3"} ==
                 {"rsa_pss_rsae_sha256", "rsa_pss_rsae_sha384", "rsa_pss_rsae_sha512"},
                 "TLS 1.3 signature schemes of an RSA key: the three rsa_pss_rsae"),
            ],
        },
        {
            "name": "openssl TLS 1.2 AEAD only, server order",
            "cmd": lambda p: s_server(p, *rsa, "-tls1_2", "-serverpref", "-cipher",
                                      "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"),
            "expect": {"TLSv1.2": {"0xCCA8", "0xC030", "0xC02F"}},
            "extra": lambda doc: [
                ([c["code"] for c in doc["protocols"][0]["ciphers"]] == ["0xCCA8", "0xC030", "0xC02F"],
                 "server preference order CCA8, C030, C02F"),
                (doc["protocols"][0]["server_preference"] is True, "server_preference true"),
                (doc["extensions"]["extended_master_secret"] is True, "EMS seen"),
                (doc["extensions"]["renegotiation_info"] is True, "renegotiation_info seen"),
            ],
        },
        {
            "name": "gnutls legacy TLS 1.0: CBC, 3DES, RC4",
            "cmd": lambda p: gnutls_serv(p, *rsa, "NONE:+VERS-TLS1.0:+3DES-CBC:+ARCFOUR-128:+AES-128-CBC:+SHA1:"
                                               "+RSA:+ECDHE-RSA:+COMP-NULL:+SIGN-ALL:+GROUP-ALL:%NO_ETM"),
            "expect": {"TLSv1.0": {"0x0005", "0x000A", "0x002F", "0xC011", "0xC012", "0xC013"}},
            "extra": lambda doc: [
                (doc["extensions"]["encrypt_then_mac"] is False, "no encrypt-then-MAC"),
                (any(f["kind"] == "tls-suite" and "3DES" in f["algorithm"] and f["status"] == "disallowed"
                     for f in doc["findings"]), "3DES disallowed by nist"),
            ],
            "exit": 1,
        },
        {
            "name": "openssl RSA 1024 with SHA-1 signature",
            "cmd": lambda p: s_server(p, *k["rsa1024"], "-tls1_2", "-cipher",
                                      "ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA@SECLEVEL=0"),
            "expect": {"TLSv1.2": {"0xC02F", "0x002F"}},
            "extra": lambda doc: [
                (doc["certificates"][0]["key_bits"] == 1024, "leaf key is 1024 bits"),
                (doc["certificates"][0]["signature_hash"] == "SHA1", "leaf signed with SHA-1"),
                (doc["certificates"][0]["status"] in ("disallowed", "deprecated"), "weak certificate fails"),
            ],
            "exit": 1,
        },
        {
            "name": "openssl ECDSA P-256, TLS 1.2 and 1.3",
            "cmd": lambda p: s_server(p, *ec, "-cipher",
                                      "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305",
                                      "-ciphersuites", "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384"),
            "expect": {"TLSv1.2": {"0xC02B", "0xC02C", "0xCCA9"}, "TLSv1.3": {"0x1301", "0x1302"}},
            "extra": lambda doc: [
                (doc["certificates"][0]["key_type"] == "EC" and doc["certificates"][0]["key_bits"] == 256,
                 "leaf key EC 256"),
                (any(s["name"] == "ecdsa_secp256r1_sha256" for s in doc["signature_algorithms"]),
                 "ecdsa_secp256r1_sha256 signature scheme"),
            ],
        },
        {
            "name": "openssl DHE with a 1024-bit group",
            "cmd": lambda p: s_server(p, *rsa, "-tls1_2", "-dhparam", k["dh1024"], "-cipher",
                                      "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384@SECLEVEL=0"),
            "expect": {"TLSv1.2": {"0x009E", "0x009F"}},
            "extra": lambda doc: [
                (any(g.get("bits") == 1024 for g in doc["groups"]), "DHE prime of 1024 bits"),
                (any(f["kind"] == "tls-group" and f["algorithm"] == "DHE-1024" and f["status"] in ("disallowed", "deprecated")
                     for f in doc["findings"]), "DHE-1024 fails the policy"),
            ],
            "exit": 1,
        },
        {
            "name": "openssl CA chain with OCSP stapling",
            "cmd": lambda p: s_server(p, k["leaf"][0], k["leaf"][1], "-cert_chain", k["leaf"][2], "-status_file",
                                      k["leaf"][3], "-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"),
            "expect": {"TLSv1.2": {"0xC030"}},
            "extra": lambda doc: [
                (doc["extensions"]["ocsp_stapling"] is True, "OCSP response stapled"),
                ([c["subject"] for c in doc["certificates"]] == ["CN=localhost", "CN=Bulwark Test CA"],
                 "chain leaf then CA"),
                (doc["certificates"][0]["san"] == ["DNS:localhost"] and doc["certificates"][0]["eku"] == ["serverAuth"],
                 "leaf SAN and EKU"),
                (doc["protocols"][0]["server_preference"] is None, "one suite: no order to tell"),
            ],
        },
        {
            "name": "gnutls TLS 1.2 + 1.3, server precedence",
            "cmd": lambda p: gnutls_serv(p, *rsa, "NONE:+VERS-TLS1.3:+VERS-TLS1.2:+AES-256-GCM:+AES-128-GCM:+AEAD:"
                                               "+ECDHE-RSA:+COMP-NULL:+SIGN-ALL:+GROUP-ALL:%SERVER_PRECEDENCE"),
            "expect": {"TLSv1.2": {"0xC030", "0xC02F"}, "TLSv1.3": {"0x1302", "0x1301"}},
            "extra": lambda doc: [
                ([c["code"] for c in doc["protocols"][0]["ciphers"]] == ["0xC030", "0xC02F"], "gnutls order AES-256 first"),
                (doc["protocols"][0]["server_preference"] is True, "server_preference true"),
            ],
        },
    ]


def sslscan_suites(host, port):
    """sslscan's accepted suites as {version: {code}}."""
    target = "[%s]:%d" % (host, port) if ":" in host else "%s:%d" % (host, port)
    out = subprocess.run(["sslscan", "--no-colour", "--show-cipher-ids", "--no-groups", "--no-heartbleed",
                          "--no-renegotiation", "--no-compression", "--no-fallback", target],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=120).stdout
    res = {}
    for line in out.splitlines():
        m = re.match(r"^(Preferred|Accepted)\s+(\S+)\s+\d+ bits\s+(0x[0-9A-Fa-f]+)", line)
        if m:
            res.setdefault(m.group(2), set()).add("0x%04X" % int(m.group(3), 16))
    return res


def detect(host, port):
    return int(run([DETECT, host, str(port)]).stdout.strip())


def check_detect_non_tls():
    """An SSH-like peer that speaks first and a closed port."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    port = srv.getsockname()[1]

    def serve():
        c, _ = srv.accept()
        c.sendall(b"SSH-2.0-OpenSSH_9.2\r\n")
        try:
            c.recv(4096)
        except OSError:
            pass
        c.close()

    import threading
    t = threading.Thread(target=serve, daemon=True)
    t.start()
    check(detect("127.0.0.1", port) == 0, "tls_detect on an SSH banner answers 0")
    srv.close()
    check(detect("127.0.0.1", free_port()) < 0, "tls_detect on a closed port fails")


def check_cli_errors():
    """Usage errors exit 2, an endpoint that cannot be scanned exits 3 with a reason."""
    for args in ([], ["a:b:c"], ["127.0.0.1:0"], ["127.0.0.1:99999"], ["--format", "xml", "127.0.0.1:1"],
                 ["--policy", "/nonexistent/policy.conf", "127.0.0.1:1"]):
        r = subprocess.run([BULWARK, "scan", "tls"] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        check(r.returncode == 2, "scan tls %s: exit %d, expected 2" % (args, r.returncode))
    r = subprocess.run([BULWARK, "scan", "tls", "127.0.0.1:%d" % free_port()], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    check(r.returncode == 3 and "refused" in r.stderr.lower(), "closed port: exit 3 naming the refusal, got %d %r" %
          (r.returncode, r.stderr))
    r = subprocess.run([BULWARK, "scan", "tls", "--help"], stdout=subprocess.PIPE, text=True)
    check(r.returncode == 0 and "Exit codes" in r.stdout, "--help documents the exit codes")


def main():
    for tool in ("openssl", "gnutls-serv"):
        if not shutil.which(tool):
            print("skip: %s not installed" % tool)
            return 77
    procs = []
    check_cli_errors()
    if DETECT:
        check_detect_non_tls()
    with tempfile.TemporaryDirectory() as d:
        try:
            keys = make_keys(d)
            for cfg in configs(keys):
                host = cfg.get("host", "127.0.0.1")
                port = free_port(socket.AF_INET6 if ":" in host else socket.AF_INET)
                proc = subprocess.Popen(cfg["cmd"](port), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
                procs.append(proc)
                if not wait_listening(host, port, proc):
                    check(False, "%s: server did not start" % cfg["name"])
                    continue
                target = "[%s]:%d" % (host, port) if ":" in host else "%s:%d" % (host, port)
                r = subprocess.run([BULWARK, "scan", "tls", "--format", "json", "--timeout", "4000", target],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
                if r.returncode not in (0, 1):
                    check(False, "%s: exit %d: %s" % (cfg["name"], r.returncode, r.stderr.strip()))
                    continue
                doc = json.loads(r.stdout)
                try:
                    jsonschema.validate(doc, json.load(open(SCHEMA)))
                except jsonschema.ValidationError as e:
                    check(False, "%s: JSON does not match docs/tls-scan.schema.json: %s" % (cfg["name"], e.message))
                got = {p["version"]: {c["code"] for c in p["ciphers"]} for p in doc["protocols"]}
                print("%s: %s (%d connections)" % (cfg["name"], {v: sorted(s) for v, s in got.items()},
                                                   doc["connections"]))
                check(got == cfg["expect"], "%s: accepted %s, expected %s" % (cfg["name"], got, cfg["expect"]))
                check(r.returncode == cfg.get("exit", r.returncode),
                      "%s: exit code %d, expected %d" % (cfg["name"], r.returncode, cfg.get("exit", -1)))
                check(not doc["errors"], "%s: probe errors %s" % (cfg["name"], doc["errors"]))
                for ok, what in cfg["extra"](doc):
                    check(bool(ok), "%s: %s" % (cfg["name"], what))
                if DETECT:
                    check(detect(host, port) == 1, "%s: tls_detect recognises TLS" % cfg["name"])
                if shutil.which("sslscan"):
                    peer = sslscan_suites(host, port)
                    # sslscan uses the local OpenSSL: it sees at least one suite wherever TLS 1.2+ is spoken.
                    if set(cfg["expect"]) & {"TLSv1.2", "TLSv1.3"}:
                        check(peer, "%s: sslscan found no suite (cross-check would be empty)" % cfg["name"])
                    for v, codes in peer.items():
                        missing = codes - got.get(v, set())
                        check(not missing, "%s: sslscan found %s %s that Bulwark missed" % (cfg["name"], v, missing))
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)
        finally:
            for p in procs:
                if p.poll() is None:
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait()
    if FAILURES:
        print("%d failed" % len(FAILURES))
        return 1
    print("all TLS server configurations match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
