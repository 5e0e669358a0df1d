#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""--targets FILE for scan tls and scan ssh: one document with one entry per
target line (comments and blank lines skipped), each entry what that server
is, per ground truth that does not come from Bulwark (openssl s_client
-tls1_2 / -tls1_3 for which versions each s_server speaks, the identification line
dropbear sends on the wire), a closed port an entry with exit 3, and the exit code the
worst of them.

Usage: scan-targets.py BULWARK
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
from scanlib import FAILURES, check, free_port, server_hello, start  # noqa: E402


BULWARK = sys.argv[1]


def speaks(port, v):
    r = subprocess.run(["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, "-" + v], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace", timeout=10)
    return "New, TLSv1" in r.stdout and "Cipher is (NONE)" not in r.stdout


def main():
    procs = []
    try:
        with tempfile.TemporaryDirectory(prefix="bw-targets.%d." % os.getpid()) as d:
            crt, key = os.path.join(d, "c.pem"), os.path.join(d, "k.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt,
                            "-days", "30", "-subj", "/CN=localhost"], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            p12, p13, closed = free_port(), free_port(), free_port()
            for port, v in ((p12, "-tls1_2"), (p13, "-tls1_3")):
                procs.append(start(["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-cert", crt, "-key", key,
                                    "-www", "-quiet", v], port))
            truth = {p12: {v for v in ("tls1_2", "tls1_3") if speaks(p12, v)},
                     p13: {v for v in ("tls1_2", "tls1_3") if speaks(p13, v)}}
            check(truth == {p12: {"tls1_2"}, p13: {"tls1_3"}}, "ground truth: one server speaks only 1.2, the other only 1.3")
            lst = os.path.join(d, "tls.txt")
            with open(lst, "w") as f:
                f.write("# two servers and a closed port\n\n127.0.0.1:%d\n  127.0.0.1:%d   # TLS 1.3 only\n127.0.0.1:%d\n"
                        % (p12, p13, closed))
            for jobs in ("3", "1"):
                r = subprocess.run([BULWARK, "scan", "tls", "--targets", lst, "--jobs", jobs, "--format", "json"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace", timeout=120)
                doc = json.loads(r.stdout)
                t = doc["targets"]
                check(doc["count"] == 3 and [x["target"] for x in t] ==
                      ["127.0.0.1:%d" % p for p in (p12, p13, closed)], "--jobs %s: one entry per target, in order" % jobs)
                vers = [sorted(p["version"] for p in x["scan"]["protocols"]) if x["scan"] else None for x in t]
                check(vers[:2] == [["TLSv1.2"], ["TLSv1.3"]], "--jobs %s: each entry is its server (%s)" % (jobs, vers))
                check(t[2]["exit"] == 3 and "refused" in (t[2]["error"] or "").lower() and t[2]["scan"] is None,
                      "--jobs %s: the closed port is exit 3 with its error" % jobs)
                check(r.returncode == 3 == doc["exit"], "--jobs %s: exit code the worst (3, got %d)" % (jobs, r.returncode))
            # Without the closed port the worst is the servers' own.
            with open(lst, "w") as f:
                f.write("127.0.0.1:%d\n127.0.0.1:%d\n" % (p12, p13))
            r = subprocess.run([BULWARK, "scan", "tls", "--targets", lst], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, errors="replace", timeout=120)
            singles = [subprocess.run([BULWARK, "scan", "tls", "127.0.0.1:%d" % p], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL).returncode for p in (p12, p13)]
            check(r.returncode == max(singles) and r.stdout.count("== 127.0.0.1:") == 2,
                  "text output: both, exit %d as the worst single scan (%s)" % (r.returncode, singles))
            with open(lst, "w") as f:
                f.write("127.0.0.1:%d extra\n" % p12)
            r = subprocess.run([BULWARK, "scan", "tls", "--targets", lst], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, errors="replace")
            check(r.returncode == 2 and ":1:" in r.stderr, "a malformed line is a usage error naming it")

            if shutil.which("dropbear"):
                dkey = os.path.join(d, "db")
                subprocess.run(["dropbearkey", "-t", "ed25519", "-f", dkey], check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
                dport = free_port()
                procs.append(start(["dropbear", "-F", "-E", "-p", "127.0.0.1:%d" % dport, "-r", dkey,
                                    "-P", os.path.join(d, "db.pid")], dport))
                try:
                    sw = [server_hello(dport)[0]]
                except (OSError, EOFError, ValueError) as e:
                    print("dropbear's identification line could not be read: %s" % e)
                    sw = []
                sl = os.path.join(d, "ssh.txt")
                with open(sl, "w") as f:
                    f.write("127.0.0.1:%d\n127.0.0.1:%d\n" % (dport, closed))
                r = subprocess.run([BULWARK, "scan", "ssh", "--targets", sl, "--format", "json"], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, errors="replace", timeout=120)
                doc = json.loads(r.stdout)
                t = doc["targets"]
                check(sw and t[0]["scan"] and t[0]["scan"]["banner"] == sw[0],
                      "scan ssh --targets: dropbear's banner as it sends it (%s)" % sw)
                check(t[1]["exit"] == 3 and r.returncode == 3, "scan ssh --targets: closed port exit 3, worst exit 3")
            else:
                print("skip: no dropbear for scan ssh --targets")
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
    print("%d failed" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
