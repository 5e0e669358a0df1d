#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs bulwark scan tls against each mode of tls-hostile-server.py and
asserts a clear error, an exit code of 3 (or a result that names the
problem, for the 64 MiB certificate), and bounded memory.

Usage: tls-scan-hostile.py BULWARK
"""
import os
import resource
import signal
import socket
import subprocess
import sys
import time

BULWARK = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))

# mode -> (expected exit code, text the error must contain)
CASES = {
    "truncated": (3, "truncated"),
    "badlen": (3, "record length 65535 exceeds"),
    "garbage": (3, "not a TLS record"),
    "endless": (3, "no complete answer within"),
    "slow": (3, "too slowly"),
    "reset": (3, "reset by peer"),
    "bigcert": (None, "claims 16777215 bytes"),
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    failures = 0
    for mode, (code, text) in CASES.items():
        port = free_port()
        srv = subprocess.Popen([sys.executable, os.path.join(HERE, "tls-hostile-server.py"), mode, str(port)],
                               start_new_session=True)
        try:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            r = subprocess.run([BULWARK, "scan", "tls", "--timeout", "2500", "--max-time", "20000",
                                "--format", "json", "127.0.0.1:%d" % port],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
            rss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            out = r.stdout + r.stderr
            ok = text in out and (code is None or r.returncode == code) and r.returncode in (0, 1, 3)
            # The reader caps buffers at 256 KiB per connection: far below 64 MiB.
            ok = ok and (rss_kib < 48 * 1024 or rss_kib == before)
            print("%-10s exit %d, max RSS %d KiB: %s" % (mode, r.returncode, rss_kib,
                                                       (r.stderr.strip() or r.stdout.strip()[:200]).splitlines()[-1:]))
            if not ok:
                print("FAIL: %s: expected exit %s and '%s'; got:\n%s" % (mode, code, text, out[-2000:]))
                failures += 1
        finally:
            os.killpg(srv.pid, signal.SIGKILL)
            srv.wait()
    print("%d passed, %d failed" % (len(CASES) - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
